"""The values that cross the store boundary: nodes, relationships, change sets.

Both backends take and give these plain, frozen records, so callers never see
a networkx dict or a neo4j ``Record``.

Examples
--------
>>> n = Node("c-beiyuan", NodeKind.COMMUNITY, {"name": "北苑社区", "type": "urban"})
>>> n.name
'北苑社区'
>>> r = Relationship(RelType.HAS_COMMUNITY, "sd-daoyi", "c-beiyuan")
>>> r.key
('sd-daoyi', 'HAS_COMMUNITY', 'c-beiyuan')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from operator import mul
from typing import Any, TypeVar, overload

from graph_model.schema import PARTY_ORG_LEVELS, NodeKind, RelType

__all__ = ["Node", "Relationship", "ChangeSet", "Subgraph", "GraphStats", "NodeColumns", "RelationshipColumns"]


@dataclass(frozen=True, slots=True)
class Node:
    """A node: its id (unique across the graph), kind and properties (``name`` among them)."""

    id: str
    kind: NodeKind
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The node's display name (its id when it has none)."""
        return str(self.props.get("name", self.id))


@dataclass(frozen=True, slots=True)
class Relationship:
    """A directed, typed relationship; ``(source, type, target)`` is its identity."""

    type: RelType
    source: str
    target: str
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        """The identity a second write of the same relationship merges into."""
        return (self.source, self.type.value, self.target)


_R = TypeVar("_R")

# Nodes of one kind, column by column: (kind, ids, props), ids[i] has props[i].
NodePart = tuple[NodeKind, Sequence[str], Sequence[Mapping[str, Any]]]
# Relationships of one type, column by column: (type, sources, targets, props); a props entry of
# None (or props None for the whole column) means no properties; an empty source or target, no
# relationship in that row.
RelationshipColumn = tuple[RelType, Sequence[str], Sequence[str], Sequence[Mapping[str, Any] | None] | None]


class _BuiltWhenRead(Sequence[_R]):
    """A sequence of records held in some leaner form; the records are built on the first read, then kept."""

    __slots__ = ("_size", "_records")

    def __init__(self, size: int) -> None:
        self._size = size
        self._records: list[_R] | None = None

    def _build(self) -> list[_R]:
        raise NotImplementedError

    def records(self) -> list[_R]:
        """Every record (built on the first call; a reader like Neo4j's plan walks them several times)."""
        if self._records is None:
            self._records = self._build()
        return self._records

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[_R]:
        return iter(self.records())

    @overload
    def __getitem__(self, index: int) -> _R: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[_R]: ...
    def __getitem__(self, index: int | slice) -> _R | Sequence[_R]:
        return self.records()[index]


class NodeColumns(_BuiltWhenRead[Node]):
    """Nodes held column by column, as a validated dataset keeps a city; each :class:`Node` is built when read.

    A million frozen records cost more to build than the graph they describe,
    so a bulk load hands a store these columns (``parts``) and a store that can
    read them directly never builds the records. They are built (once, then
    kept) on the first read; each gets its own copy of the properties.

    Examples
    --------
    >>> nodes = NodeColumns([(NodeKind.GRID, ("g1", "g2"), ({"name": "一"}, {"name": "二"}))])
    >>> len(nodes), nodes[-1].id, [n.name for n in nodes]
    (2, 'g2', ['一', '二'])
    """

    __slots__ = ("parts",)

    def __init__(self, parts: Sequence[NodePart]) -> None:
        self.parts = tuple(parts)
        super().__init__(sum(len(ids) for _, ids, _ in self.parts))

    def _build(self) -> list[Node]:
        return [Node(i, kind, dict(own)) for kind, ids, props in self.parts for i, own in zip(ids, props)]


class RelationshipColumns(_BuiltWhenRead[Relationship]):
    """Relationships held column by column (see :class:`NodeColumns`); each :class:`Relationship` is built when read.

    ``groups`` are read in order; the columns of one group (a node table's reference
    columns, say) have one entry per row and are read row by row, so the order is
    the one the rows give.

    Examples
    --------
    >>> group = ((RelType.HAS_GRID, ("c1", "c1"), ("g1", "g2"), None),
    ...          (RelType.IN_ESTATE, ("g1", "g2"), ("", "e1"), [None, {"since": "2024"}]))
    >>> [(r.type.value, r.source, r.target, dict(r.props)) for r in RelationshipColumns([group])]
    [('HAS_GRID', 'c1', 'g1', {}), ('HAS_GRID', 'c1', 'g2', {}), ('IN_ESTATE', 'g2', 'e1', {'since': '2024'})]
    """

    __slots__ = ("groups",)

    def __init__(self, groups: Sequence[Sequence[RelationshipColumn]]) -> None:
        self.groups = tuple(tuple(group) for group in groups)
        super().__init__(sum(_present(sources, targets) for group in self.groups for _, sources, targets, _ in group))

    def rows(self) -> Iterator[tuple[str, str, str, Mapping[str, Any] | None]]:
        """Every relationship as ``(type's value, source, target, props or None)``, in order, without building records."""
        return chain.from_iterable(map(_group_rows, self.groups))  # C iterators only: a city has millions

    def _build(self) -> list[Relationship]:
        types = {t.value: t for t in RelType}
        return [
            Relationship(types[rel_type], source, target, {} if props is None else dict(props))
            for rel_type, source, target, props in self.rows()
        ]


def _group_rows(group: tuple[RelationshipColumn, ...]) -> Iterator[tuple[str, str, str, Mapping[str, Any] | None]]:
    columns = [zip(repeat(t.value), s, d, repeat(None) if p is None else p) for t, s, d, p in group]
    rows = chain.from_iterable(zip(*columns)) if len(columns) > 1 else columns[0]
    if all("" not in s and "" not in d for _, s, d, _ in group):
        return rows
    # keep the rows with both ends: len(source) * len(target) is 0 where one is empty
    both = [map(mul, map(len, s), map(len, d)) for _, s, d, _ in group]
    return compress(rows, chain.from_iterable(zip(*both)) if len(both) > 1 else both[0])


def _present(sources: Sequence[str], targets: Sequence[str]) -> int:
    """How many rows of a relationship column have both ends."""
    if "" not in sources:
        return len(targets) - targets.count("")
    return sum(1 for s, t in zip(sources, targets) if s and t)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """One atomic write: upsert these nodes and relationships.

    ``detach`` lists ``(source id, type)`` pairs whose outgoing relationships are
    removed first (how a need's ``resolved_by`` is replaced). Node properties
    are replaced as a whole, relationships are merged on their key, so applying
    the same change set twice leaves the same graph.
    """

    nodes: Sequence[Node] = ()
    relationships: Sequence[Relationship] = ()
    detach: Sequence[tuple[str, RelType]] = ()

    def __len__(self) -> int:
        return len(self.nodes) + len(self.relationships) + len(self.detach)


@dataclass(frozen=True, slots=True)
class Subgraph:
    """A part of the graph, for maps and neighbourhoods."""

    nodes: Sequence[Node]
    relationships: Sequence[Relationship]


@dataclass(frozen=True, slots=True)
class GraphStats:
    """Counts per node kind, relationship type and party-organization level.

    Every kind, type and level is present (zero when absent), in schema order,
    so both backends print the same JSON.
    """

    nodes: dict[str, int]
    relationships: dict[str, int]
    party_org_levels: dict[str, int]

    @classmethod
    def ordered(
        cls, nodes: Mapping[str, int], relationships: Mapping[str, int], levels: Mapping[str, int]
    ) -> GraphStats:
        """Counts laid out in schema order with zeros filled in.

        Examples
        --------
        >>> GraphStats.ordered({"Grid": 2}, {}, {}).nodes["Grid"], GraphStats.ordered({}, {}, {}).nodes["Need"]
        (2, 0)
        """
        return cls(
            {k.value: int(nodes.get(k.value, 0)) for k in NodeKind},
            {t.value: int(relationships.get(t.value, 0)) for t in RelType},
            {lv: int(levels.get(lv, 0)) for lv in PARTY_ORG_LEVELS},
        )

    def as_dict(self) -> dict[str, dict[str, int]]:
        """The JSON shape of ``linli stats --json``."""
        return {
            "nodes": dict(self.nodes),
            "relationships": dict(self.relationships),
            "party_org_levels": dict(self.party_org_levels),
        }
