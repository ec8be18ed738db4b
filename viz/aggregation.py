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

__all__ = ["MAX_NODES", "fold", "relabel_folded"]

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


Unbuilt = Sequence[tuple[str, Sequence[str]]]
"""Nodes a layer did not build because they fold anyway: each one's parent (a node of the map) and gap kinds."""


def _fold_kind(graph: MapGraph, key: str, unbuilt: Unbuilt = ()) -> int:
    """Fold every node of kind (or group) ``key`` that has a parent into that parent, the unbuilt ones after; return how many."""
    nodes = graph.nodes
    into = {n.id: n.parent for n in nodes.values()
            if (n.kind == key or n.group == key) and n.parent is not None and n.parent in nodes}
    # A parent that is itself being folded passes everything further up.
    for node_id, parent in into.items():
        if parent in into:
            seen = {node_id}
            while parent in into and parent not in seen:
                seen.add(parent)
                parent = into[parent]
            into[node_id] = parent
    for node_id, parent in into.items():
        node, host = nodes[node_id], nodes[parent]
        host.folded[key] += 1
        # Most folded nodes hold nothing: skipping their empty updates saves a city a second.
        if node.folded:
            host.folded.update(node.folded)
        if node.gaps:
            host.folded_gaps.update(node.gaps)
        if node.folded_gaps:
            host.folded_gaps.update(node.folded_gaps)
    for parent, gaps in unbuilt:
        host = nodes[into.get(parent, parent)]
        host.folded[key] += 1
        if gaps:
            host.folded_gaps.update(gaps)
    for node_id in into:
        del nodes[node_id]
    merged: dict[tuple[str, str, str], MapEdge] = {}
    for edge in graph.edges:
        source = into.get(edge.source, edge.source)
        target = into.get(edge.target, edge.target)
        if source == target:
            continue
        ends = (source, target, edge.type)
        kept = merged.get(ends)
        if kept is not None:
            kept.count += edge.count
            kept.width = min(8.0, kept.width + 0.5)
        else:
            edge.source, edge.target = source, target
            merged[ends] = edge
    graph.edges = list(merged.values())
    return len(into) + len(unbuilt)


def relabel_folded(graph: MapGraph) -> None:
    """Label each node that holds folded nodes with their counts, and list them (and their gaps) in its tooltip.

    :func:`fold` does this itself unless told not to; a layer that adds the
    tooltip rows only after folding calls it once they are in.
    """
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


_NARROWER = {
    False: "用 --subdistrict 只画一个街道，或用 --focus 聚焦一处，可看到每一个。",
    True: "减小 --depth，或用 --subdistrict 限定在一个街道内，可看到每一个。",
}
"""How to see every node, by layer (focus or not): what the map options actually offer."""


def fold(graph: MapGraph, kinds: Sequence[str], *, limit: int = MAX_NODES, relabel: bool = True,
         unbuilt: Unbuilt = ()) -> dict[str, int]:
    """Fold ``kinds`` (node kinds or style groups, finest first) into their parents until at most ``limit`` nodes are left.

    Returns how many nodes of each kind were folded, and adds a sentence per
    kind to ``graph.notes`` saying so. With ``relabel=False`` the holders'
    labels and tooltips are left for :func:`relabel_folded`.

    ``unbuilt`` are nodes of the first of ``kinds`` that the layer left out
    of the map because they are bound to fold (with them the map has more
    than ``limit`` nodes, and each has a parent in it that does not fold with
    them): they count and fold as if drawn, after the drawn ones, without
    costing a node each. Their edges are the layer's to move onto the parents.

    Examples
    --------
    >>> from viz.map_model import MapNode
    >>> g = MapGraph(layer="coverage", title="t")
    >>> for i in range(3):
    ...     g.add_node(MapNode(f"g{i}", "Grid", "网格", "grid"))
    >>> fold(g, ["Building"], limit=2, unbuilt=[("g0", ["building_without_head"]), ("g0", [])])
    {'Building': 2}
    >>> g.nodes["g0"].label, g.nodes["g0"].folded_gaps
    ('网格 · 2 楼栋', Counter({'building_without_head': 1}))
    """
    if unbuilt and (not kinds or len(graph.nodes) + len(unbuilt) <= limit):
        raise ValueError(f"{len(unbuilt):,} unbuilt nodes would not fold into a map of {len(graph.nodes):,} nodes")
    folded: Counter[str] = Counter()
    for i, kind in enumerate(kinds):
        pending = unbuilt if i == 0 else ()
        if len(graph.nodes) + len(pending) <= limit:
            break
        count = _fold_kind(graph, kind, pending)
        if count:
            folded[kind] += count
            where = sorted({_name(n.group) if n.kind == "PartyOrg" else _name(n.kind)
                            for n in graph.nodes.values() if n.folded.get(kind)})
            graph.notes.append(
                f"节点过多（超过 {limit:,} 个），已将 {count:,} 个{_name(kind)}并入所属"
                f"{'、'.join(where)}，以数量显示；{_NARROWER[graph.layer == 'focus']}"
            )
            log.info("folded %d %s nodes into their parents (%d nodes left)", count, kind, len(graph.nodes))
    if folded and relabel:
        relabel_folded(graph)
    return dict(folded)
