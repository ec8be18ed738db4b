"""What a write to Neo4j will do: a change set planned as batches of ``UNWIND $rows`` queries.

Reach for :meth:`WritePlan.of`, then :meth:`WritePlan.batches`. Rows are
grouped by kind and type, so labels and types are literal (from the schema's
enums) and rows are parameters; a relationship's ends are found by the unique
index of their kind. Rows the writer knows are new (their ids were looked up
first, or the database was empty) are created with ``CREATE``; the others are
merged with ``MERGE``, so writing the same change twice leaves the same graph.

Examples
--------
>>> from graph_model.records import Node, Relationship
>>> plan = WritePlan.of(ChangeSet([Node("c1", NodeKind.COMMUNITY, {"name": "北苑", "note": None}),
...                                Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区"}),
...                                Node("g1", NodeKind.GRID, {"name": "一网格"})],
...                               [Relationship(RelType.HAS_GRID, "c1", "g1")]))
>>> plan.nodes[NodeKind.COMMUNITY]
[{'id': 'c1', 'props': {'name': '北苑社区', 'id': 'c1'}}]
>>> stored_props({"name": "北苑", "note": None}, node_id="c1")
{'name': '北苑', 'id': 'c1', '_linli_nulls': ['note']}

``c1`` is stored already, ``g1`` is not: ``c1`` is merged, ``g1`` and the new
relationship (found by its ends' kinds) are created.

>>> for batch in plan.batches(10, existing={"c1": NodeKind.COMMUNITY}):
...     print(batch.rows, batch.creates, [query.splitlines()[-2] for query, _ in batch.queries])
1 False ['ON CREATE SET n:Community']
1 True ['CREATE (n:LinliNode:Grid)']
1 True ['CREATE (a)-[r:HAS_GRID]->(b)']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from graph_model.i18n import _
from graph_model.stores.neo4j import cypher as q
from graph_model.errors import DatasetError, Problem
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType

__all__ = [
    "Progress", "Batch", "RESERVED_KEYS", "WritePlan", "chunks", "kind_of_labels", "lookup_ids",
    "stored_props",
]

Progress = Callable[[int, int], None]
"""Called as ``progress(rows_done, rows_total)`` after each batch."""



class Batch(NamedTuple):
    """The (query, parameters) pairs of one batch, to run in one transaction."""

    queries: list[tuple[str, dict[str, Any]]]
    rows: int
    """How many rows the batch writes."""
    creates: bool
    """Whether a query creates (so running the batch twice would write twice)."""

RESERVED_KEYS = ("id", q.NULLS_KEY, q.LOAD_KEY)
_RESERVED = frozenset(RESERVED_KEYS)
_KINDS = {k.value: k for k in NodeKind}


def kind_of_labels(labels: Iterable[str]) -> NodeKind | None:
    """The node kind among a node's labels.

    Examples
    --------
    >>> kind_of_labels(["LinliNode", "Grid"])
    <NodeKind.GRID: 'Grid'>
    """
    return next((_KINDS[label] for label in labels if label in _KINDS), None)


def stored_props(props: Mapping[str, Any], *, node_id: str | None = None, token: str | None = None) -> dict[str, Any]:
    """Properties as Neo4j stores them: Nones dropped (their names kept aside), the node id and load token added."""
    nulls = [k for k, v in props.items() if v is None] if None in props.values() else None
    stored = {k: v for k, v in props.items() if v is not None} if nulls else dict(props)
    if node_id is not None:
        stored["id"] = node_id
    if nulls:
        stored[q.NULLS_KEY] = nulls
    if token is not None:
        stored[q.LOAD_KEY] = token
    return stored


def chunks(rows: Sequence[Any], size: int) -> Iterator[list[Any]]:
    """``rows`` in lists of at most ``size``."""
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


@dataclass(slots=True)
class WritePlan:
    """A change set deduplicated like the memory backend applies it, grouped by kind and type.

    A node keeps the kind of its first occurrence and the properties of its
    last; a relationship the properties of its last occurrence. With a
    ``token`` (replacing) every row is stamped with it.
    """

    token: str | None = None
    detach: dict[RelType, list[str]] = field(default_factory=dict)
    nodes: dict[NodeKind, list[dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[RelType, list[dict[str, Any]]] = field(default_factory=dict)
    kinds: dict[str, NodeKind] = field(default_factory=dict)
    """The kind of each node of the change."""

    @classmethod
    def of(cls, change: ChangeSet, *, token: str | None = None) -> WritePlan:
        """Plan ``change`` (DatasetError for a property name this backend reserves)."""
        items: list[Node | Relationship] = [*change.nodes, *change.relationships]
        reserved = [
            Problem("change", None, "props", key, _("a property name other than {names} (reserved by the Neo4j backend)").format(names=", ".join(RESERVED_KEYS)))
            for item in items
            if not _RESERVED.isdisjoint(item.props)
            for key in item.props
            if key in RESERVED_KEYS
        ]
        if reserved:
            raise DatasetError(reserved)
        plan = cls(token)
        for source, rel_type in dict.fromkeys(change.detach):
            plan.detach.setdefault(rel_type, []).append(source)
        kinds = plan.kinds
        props: dict[str, Mapping[str, Any]] = {}
        for node in change.nodes:
            kinds.setdefault(node.id, node.kind)
            props[node.id] = node.props
        nodes = plan.nodes
        for node_id, kind in kinds.items():
            row = {"id": node_id, "props": stored_props(props[node_id], node_id=node_id, token=token)}
            (nodes.get(kind) or nodes.setdefault(kind, [])).append(row)
        last = {(rel.source, rel.type, rel.target): rel for rel in change.relationships}
        relationships = plan.relationships
        for rel in last.values():
            row = {"source": rel.source, "target": rel.target, "props": stored_props(rel.props, token=token)}
            (relationships.get(rel.type) or relationships.setdefault(rel.type, [])).append(row)
        return plan

    @property
    def rows(self) -> int:
        """How many rows the plan writes."""
        groups: list[list[Any]] = [*self.detach.values(), *self.nodes.values(), *self.relationships.values()]
        return sum(len(group) for group in groups)

    def batches(self, size: int, *, existing: Mapping[str, NodeKind] | None = None) -> Iterator[Batch]:
        """Batches of at most ``size`` rows in write order: detach, nodes, relationships.

        ``existing``: the kinds of the ids stored before the write (None: not
        known). Knowing them, rows of other ids — and relationships with such
        an end — are created rather than merged; relationship ends of no
        known kind are found by the common label.
        """
        merge = q.MERGE_NODES if self.token is None else q.MERGE_NODES_REPLACING
        for rel_type, ids in self.detach.items():
            for chunk in chunks(ids, size):
                yield Batch([(q.DETACH_OUTGOING[rel_type], {"ids": chunk})], len(chunk), False)
        for kind, rows in self.nodes.items():
            for chunk in chunks(rows, size):
                split: dict[bool, list[dict[str, Any]]] = {}
                for row in chunk:
                    split.setdefault(existing is not None and row["id"] not in existing, []).append(row)
                queries = [
                    (q.CREATE_NODES[kind], {"rows": [row["props"] for row in part]}) if new else (merge[kind], {"rows": part})
                    for new, part in split.items()
                ]
                yield Batch(queries, len(chunk), True in split)
        known = existing or {}
        kind_of = self.kinds.get
        for rel_type, rows in self.relationships.items():
            for chunk in chunks(rows, size):
                groups: dict[tuple[NodeKind | None, NodeKind | None, bool], list[dict[str, Any]]] = {}
                for row in chunk:
                    source, target = row["source"], row["target"]
                    new = existing is not None and (source not in existing or target not in existing)
                    key = (kind_of(source) or known.get(source), kind_of(target) or known.get(target), new)
                    groups.setdefault(key, []).append(row)
                queries = [
                    (q.write_relationships(rel_type, a, b, create=new), {"rows": part})
                    for (a, b, new), part in groups.items()
                ]
                yield Batch(queries, len(chunk), any(new for _, _, new in groups))


def lookup_ids(change: ChangeSet) -> list[str]:
    """Ids whose stored state matters: the change's nodes and the relationship ends it does not define."""
    incoming = {n.id for n in change.nodes}
    ends = (end for r in change.relationships for end in (r.source, r.target) if end not in incoming)
    return list(dict.fromkeys([*(n.id for n in change.nodes), *ends]))
