"""Fold the finest nodes of a big map into their parents, so every map opens in seconds.

vis-network draws 1k nodes in 0.4 s and 10k in 1.3 s with physics off, but
30k is too slow; past :data:`MAX_NODES` a layer folds, say, buildings into
their grid: the grid shows "12 楼栋" and the gaps of those buildings, the
buildings' edges move to the grid, and the map says what was folded.

Examples
--------
>>> from viz.map_model import MapGraph, MapNode, MapEdge
>>> g = MapGraph(layer="coverage", title="t")
>>> g.add_node(MapNode("g1", "Grid", "网格", "grid"))
>>> for i in range(3):
...     g.add_node(MapNode(f"b{i}", "Building", "楼", "building", parent="g1", gaps=["building_without_head"]))
...     g.add_edge(MapEdge("g1", f"b{i}", "HAS_BUILDING"))
>>> fold(g, ["Building"], limit=2)
{'Building': 3}
>>> g.nodes["g1"].label, g.nodes["g1"].folded_gaps["building_without_head"], len(g.edges)
('网格 · 3 楼栋', 3, 0)
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from viz.map_model import MapEdge, MapGraph
from viz.style import GAP_STYLES, GROUPS, KIND_NAMES

__all__ = ["MAX_NODES", "fold"]

log = logging.getLogger(__name__)

MAX_NODES = 5000
"""Past this many nodes a map folds its finest kinds into their parents."""


def _name(key: str) -> str:
    """The Chinese name of a fold key (a node kind or a style group).

    Examples
    --------
    >>> _name("Building"), _name("level:grid_branch")
    ('楼栋', '网格党支部')
    """
    if key in KIND_NAMES:
        return KIND_NAMES[key]
    return GROUPS[key].label if key in GROUPS else key


def _fold_kind(graph: MapGraph, key: str) -> int:
    """Fold every node of kind (or group) ``key`` that has a parent into that parent; return how many."""
    into = {n.id: n.parent for n in graph.nodes.values()
            if key in (n.kind, n.group) and n.parent is not None and n.parent in graph.nodes}
    # A parent that is itself being folded passes everything further up.
    for node_id, parent in list(into.items()):
        seen = {node_id}
        while parent in into and parent not in seen:
            seen.add(parent)
            parent = into[parent]
        into[node_id] = parent
    for node_id, parent in into.items():
        node, host = graph.nodes[node_id], graph.nodes[parent]
        host.folded[key] += 1
        host.folded.update(node.folded)
        host.folded_gaps.update(node.gaps)
        host.folded_gaps.update(node.folded_gaps)
    for node_id in into:
        del graph.nodes[node_id]
    merged: dict[tuple[str, str, str], MapEdge] = {}
    for edge in graph.edges:
        source = into.get(edge.source, edge.source)
        target = into.get(edge.target, edge.target)
        if source == target:
            continue
        ends = (source, target, edge.type)
        if ends in merged:
            merged[ends].count += edge.count
            merged[ends].width = min(8.0, merged[ends].width + 0.5)
        else:
            edge.source, edge.target = source, target
            merged[ends] = edge
    graph.edges = list(merged.values())
    return len(into)


def _relabel(graph: MapGraph) -> None:
    for node in graph.nodes.values():
        if not node.folded:
            continue
        parts = [f"{n:,} {_name(k)}" for k, n in sorted(node.folded.items())]
        base = node.label.split(" · ")[0]
        node.label = f"{base} · {'，'.join(parts)}"
        node.details = [row for row in node.details if not row[0].startswith("含")]
        node.details += [(f"含{_name(k)}", f"{n:,}") for k, n in sorted(node.folded.items())]
        node.details += [
            (f"{GAP_STYLES[g].icon} {GAP_STYLES[g].label}", f"{n:,}")
            for g, n in node.folded_gaps.items() if g in GAP_STYLES
        ]
        node.size = max(node.size, min(40.0, node.size + sum(node.folded.values()) ** 0.5))


def fold(graph: MapGraph, kinds: Sequence[str], *, limit: int = MAX_NODES) -> dict[str, int]:
    """Fold ``kinds`` (node kinds or style groups, finest first) into their parents until at most ``limit`` nodes are left.

    Returns how many nodes of each kind were folded, and adds a sentence per
    kind to ``graph.notes`` saying so.
    """
    folded: Counter[str] = Counter()
    for kind in kinds:
        if len(graph.nodes) <= limit:
            break
        count = _fold_kind(graph, kind)
        if count:
            folded[kind] += count
            where = sorted({_name(n.group) if n.kind == "PartyOrg" else _name(n.kind)
                            for n in graph.nodes.values() if n.folded.get(kind)})
            graph.notes.append(
                f"节点过多（超过 {limit:,} 个），已将 {count:,} 个{_name(kind)}并入所属"
                f"{'、'.join(where)}，以数量显示；缩小范围（--focus 聚焦一处，或减小 --depth）可看到每一个。"
            )
            log.info("folded %d %s nodes into their parents (%d nodes left)", count, kind, len(graph.nodes))
    if folded:
        _relabel(graph)
    return dict(folded)
