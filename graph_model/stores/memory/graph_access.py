"""Reading the embedded store's networkx graph: the small steps both its reads and its query patterns take.

The graph is a networkx ``MultiDiGraph`` whose nodes carry ``kind`` and
``props`` and whose edges are keyed by relationship type, so a second write of
``(source, type, target)`` merges instead of duplicating. :class:`GraphAccess`
reads networkx's adjacency dicts directly: the query patterns step through
millions of edges at city scale, and networkx's views cost several times more
per step.

Examples
--------
>>> access = GraphAccess()
>>> access.graph.add_node("c1", kind=NodeKind.COMMUNITY, props={"name": "北苑社区"})
>>> access._name("c1"), access._kind("c1").value
('北苑社区', 'Community')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from graph_model.errors import NotFound, nearest
from graph_model.schema import NodeKind, RelType

__all__ = ["GraphAccess", "REL_KEY", "REL_TYPE", "NO_EDGES"]

REL_KEY = {t: t.value for t in RelType}
"""Edge keys by type (``RelType.X.value`` is an enum descriptor call each time)."""
REL_TYPE = {t.value: t for t in RelType}
"""And back (``RelType(key)`` is a slow enum lookup)."""
NO_EDGES: dict[str, Any] = {}


class StoredKinds(Mapping[str, NodeKind]):
    """The kind of every stored id, as a read-only mapping over the graph (what :func:`~graph_model.change_check.check_change` reads)."""

    __slots__ = ("_nodes",)

    def __init__(self, nodes: Mapping[str, Mapping[str, Any]]) -> None:
        self._nodes = nodes

    def __getitem__(self, node_id: str) -> NodeKind:
        kind: NodeKind = self._nodes[node_id]["kind"]
        return kind

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)


class GraphAccess:
    """The graph, an index of ids by kind, and the primitive reads over them."""

    def __init__(self) -> None:
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._by_kind: dict[NodeKind, set[str]] = defaultdict(set)

    def _props(self, node_id: str) -> dict[str, Any]:
        props: dict[str, Any] = self.graph._node[node_id]["props"]
        return props

    def _kind(self, node_id: str) -> NodeKind:
        kind: NodeKind = self.graph._node[node_id]["kind"]
        return kind

    def _name(self, node_id: str) -> str:
        return str(self._props(node_id).get("name", node_id))

    def ids(self, kind: NodeKind) -> list[str]:
        """Every id of ``kind``, sorted."""
        return sorted(self._by_kind.get(kind, ()))

    def _out(self, node_id: str, rel: RelType) -> Iterator[tuple[str, dict[str, Any]]]:
        """Targets of ``node_id``'s outgoing ``rel`` edges with their properties, in neighbour order."""
        key = REL_KEY[rel]
        for target, keys in self.graph._succ.get(node_id, NO_EDGES).items():
            if key in keys:
                yield target, keys[key]["props"]

    def _in(self, node_id: str, rel: RelType) -> Iterator[tuple[str, dict[str, Any]]]:
        """Sources of ``node_id``'s incoming ``rel`` edges with their properties, in neighbour order."""
        key = REL_KEY[rel]
        for source, keys in self.graph._pred.get(node_id, NO_EDGES).items():
            if key in keys:
                yield source, keys[key]["props"]

    def _require(self, node_id: str, kind: NodeKind, what: str) -> None:
        """NotFound (with the nearest ids of ``kind``) unless ``node_id`` is a node of ``kind``."""
        if node_id not in self.graph or self._kind(node_id) is not kind:
            raise NotFound(what, node_id, suggestions=nearest(node_id, self.ids(kind)))
