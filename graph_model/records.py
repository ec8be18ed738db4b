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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_model.schema import PARTY_ORG_LEVELS, NodeKind, RelType

__all__ = ["Node", "Relationship", "ChangeSet", "Subgraph", "GraphStats"]


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
