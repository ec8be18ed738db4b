"""The rule every backend applies before a write moves anything: ids keep their kind, relationship ends exist.

Both backends call :func:`check_change` with the kinds of the stored ids the
change touches (a view of the whole graph for the embedded store, the kinds
looked up in one query for Neo4j), so a refused write reads the same on both.

Examples
--------
>>> from graph_model.records import ChangeSet, Node, Relationship
>>> from graph_model.schema import NodeKind, RelType
>>> change = ChangeSet([Node("g1", NodeKind.GRID, {"name": "一网格"})], [Relationship(RelType.HAS_GRID, "c9", "g1")])
>>> check_change(change, {"c1": NodeKind.COMMUNITY})
Traceback (most recent call last):
...
graph_model.errors.DatasetError: 发现 1 个问题，未载入任何数据：
  change，source 列：'c9' —— 应为已存在的节点编号
>>> check_change(change, {"c9": NodeKind.COMMUNITY})
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter

from graph_model.errors import EXISTING_NODE_ID, DatasetError, Problem
from graph_model.i18n import _
from graph_model.records import ChangeSet
from graph_model.schema import NodeKind, kind_label

__all__ = ["check_change"]

_SOURCE, _TARGET = attrgetter("source"), attrgetter("target")


def check_change(change: ChangeSet, existing: Mapping[str, NodeKind]) -> None:
    """Raise one :class:`~graph_model.errors.DatasetError` if ``change`` cannot apply to what is stored.

    ``existing`` maps stored ids to their kinds; it needs to hold at least the
    change's node ids and the relationship ends the change does not define.
    Kind clashes come first, then missing ends (in relationship order).
    """
    incoming = {n.id for n in change.nodes}
    ends = set(map(_SOURCE, change.relationships))
    ends.update(map(_TARGET, change.relationships))
    existing_id = _(EXISTING_NODE_ID)
    dangling = {end for end in ends.difference(incoming) if end not in existing}  # set operations first: a city is millions of ends
    problems = [
        Problem("change", None, end, node_id, existing_id)
        for rel in change.relationships
        for end, node_id in (("source", rel.source), ("target", rel.target))
        if node_id in dangling
    ] if dangling else []
    clashes = [
        Problem("change", None, "id", n.id, _("a {kind} (the id's kind cannot change)").format(kind=kind_label(stored)))
        for n in change.nodes
        if (stored := existing.get(n.id)) is not None and stored is not n.kind
    ]
    if problems or clashes:
        raise DatasetError(clashes + problems)
