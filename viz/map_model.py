"""What a layer hands the page: nodes and edges already labelled, styled and placed.

A layer (:mod:`viz.circle_layer` ...) reads the store and returns a
:class:`MapGraph`; :mod:`viz.aggregation` may fold its finest nodes into their
parents; :mod:`viz.layout` places it; :mod:`viz.html_page` writes it. Nothing
here knows HTML, so every value stays plain data until the page escapes it.

Examples
--------
>>> g = MapGraph(layer="circle", title="道义街道")
>>> g.add_node(MapNode("a", "Community", "北苑社区", "community"))
>>> g.add_edge(MapEdge("a", "a", "LEADS"))
>>> len(g.nodes), len(g.edges)
(1, 1)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["MapNode", "MapEdge", "MapGraph", "MapSummary"]


@dataclass(slots=True)
class MapNode:
    """One node of a map.

    ``id`` is the store id (or a pseudonym for people when names are hidden),
    ``kind`` the store's node kind, ``group`` the legend/style key of
    :data:`viz.style.GROUPS`, ``parent`` the node it hangs under in the
    layout tree, ``details`` the tooltip's (field, value) rows and ``search``
    the text the search box matches (and the name tooltips show); ``font``
    the label size in canvas pixels at zoom 1 (labels smaller than 6 px on
    screen are not drawn, so fine detail appears as one zooms in).
    """

    id: str
    kind: str
    label: str
    group: str
    parent: str | None = None
    size: float = 10.0
    details: list[tuple[str, str]] = field(default_factory=list)
    search: str = ""
    sector: str | None = None
    gaps: list[str] = field(default_factory=list)
    folded: Counter[str] = field(default_factory=Counter)
    folded_gaps: Counter[str] = field(default_factory=Counter)
    border: str | None = None
    font: float | None = None
    x: float = 0.0
    y: float = 0.0


@dataclass(slots=True)
class MapEdge:
    """One edge: a store relationship (or several folded into one, ``count``)."""

    source: str
    target: str
    type: str
    width: float = 1.0
    details: list[tuple[str, str]] = field(default_factory=list)
    dashes: bool = False
    color: str | None = None
    count: int = 1


@dataclass(slots=True)
class MapGraph:
    """A whole map before it becomes HTML."""

    layer: str
    title: str
    nodes: dict[str, MapNode] = field(default_factory=dict)
    edges: list[MapEdge] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    headline: list[str] = field(default_factory=list)
    gap_counts: dict[str, int] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    expand: dict[str, Any] = field(default_factory=dict)  # map node id -> its neighbours not drawn (viz.expansion)
    aliases: dict[str, str] = field(default_factory=dict)  # store id -> the map node drawn for it (a community -> its party org)

    def add_node(self, node: MapNode) -> None:
        """Add ``node`` (a second node with the same id is ignored)."""
        self.nodes.setdefault(node.id, node)

    def add_edge(self, edge: MapEdge) -> None:
        """Add ``edge``; both ends must already be nodes of the map."""
        self.edges.append(edge)

    def children(self) -> dict[str, list[str]]:
        """Each node's children in the layout tree, in insertion order."""
        found: dict[str, list[str]] = {}
        for node in self.nodes.values():
            if node.parent is not None and node.parent in self.nodes:
                found.setdefault(node.parent, []).append(node.id)
        return found

    def kind_counts(self) -> dict[str, int]:
        """Nodes per store kind (folded nodes not counted)."""
        return dict(sorted(Counter(n.kind for n in self.nodes.values()).items()))

    def edge_counts(self) -> dict[str, int]:
        """Edges per relationship type."""
        return dict(sorted(Counter(e.type for e in self.edges).items()))


@dataclass(frozen=True, slots=True)
class MapSummary:
    """What :func:`viz.export_map` wrote.

    ``nodes``/``edges`` are what the page's vis-network DataSets hold;
    ``folded`` counts store nodes drawn inside another node (aggregation),
    per kind; ``notes`` are the sentences the map itself shows about it.
    """

    path: Path | None
    layer: str
    title: str
    nodes: int
    edges: int
    nodes_by_kind: dict[str, int]
    edges_by_type: dict[str, int]
    folded: dict[str, int]
    gap_counts: dict[str, int]
    notes: tuple[str, ...]
    bytes: int
    seconds: float

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields (for ``linli map --json`` and the API)."""
        return {
            "path": str(self.path) if self.path else None,
            "layer": self.layer,
            "title": self.title,
            "nodes": self.nodes,
            "edges": self.edges,
            "nodes_by_kind": dict(self.nodes_by_kind),
            "edges_by_type": dict(self.edges_by_type),
            "folded": dict(self.folded),
            "gap_counts": dict(self.gap_counts),
            "notes": list(self.notes),
            "bytes": self.bytes,
            "seconds": self.seconds,
        }
