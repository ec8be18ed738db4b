"""Resolve what a user typed (an id or a Chinese name) to a node id of the expected kind.

Examples
--------
>>> from graph_model.records import ChangeSet, Node
>>> from graph_model.stores.memory.store import MemoryStore
>>> store = MemoryStore()
>>> store.apply(ChangeSet([Node("c-beiyuan", NodeKind.COMMUNITY, {"name": "北苑社区"})]))
>>> resolve_id(store, NodeKind.COMMUNITY, "北苑社区", what="community")
'c-beiyuan'
>>> resolve_id(store, NodeKind.COMMUNITY, "c-beiyun", what="community")
Traceback (most recent call last):
...
graph_model.errors.NotFound: 未知的community 'c-beiyun'（您是不是要找：c-beiyuan？）
"""

from __future__ import annotations

from graph_model.errors import NotFound, nearest
from graph_model.schema import NodeKind
from graph_model.store import GraphStore

__all__ = ["resolve_id"]


def resolve_id(store: GraphStore, kind: NodeKind, text: str, *, what: str) -> str:
    """The id of the ``kind`` node named by ``text`` (its id, or its exact name when unique)."""
    node = store.get(text)
    if node is not None and node.kind is kind:
        return node.id
    by_name = store.find(kind, name=text)
    if len(by_name) == 1:
        return by_name[0].id
    candidates = store.ids(kind)
    raise NotFound(what, text, suggestions=nearest(text, candidates))
