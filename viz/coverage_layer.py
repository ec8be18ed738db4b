"""The coverage map (覆盖缺口): every grid and building, with every gap kind of the registry marked.

Communities ring the subdistrict, each community's grids ring it, and each
grid's buildings cluster round the grid (a balloon tree), so a planner sees at
a glance which corner of which grid falls through the net. A node with a gap
takes the colour of its first gap kind (the registry's order) and shows the kind's icon
(①–⑪) in its label; a second gap colours its border. Gap subjects that are
not grids or buildings (a secretary without a pair, an open need nobody can
resolve, an estate without red property, an organization without secretary)
hang off their community. Counts come from
:func:`graph_model.queries.coverage_gaps`, so the legend agrees with
``linli gaps``.

Reach for :func:`coverage_map`.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from graph_model.queries import coverage_gaps
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> g = coverage_map(store, title="道义街道")
>>> g.gap_counts == coverage_gaps(store).summary, g.kind_counts()["Building"]
(True, 2169)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from operator import attrgetter

from graph_model.queries import coverage_gaps
from graph_model.gaps import GAP_KINDS
from graph_model.queries.coverage_gaps import Gap
from graph_model.records import Node, Subgraph
from graph_model.schema import NodeKind as K
from graph_model.schema import RelType as R
from graph_model.store import GraphStore
from viz.aggregation import MAX_NODES, fold, relabel_folded
from viz.layout import balloon_tree, shelf_pack
from viz.scope import restrict
from viz.map_model import MapEdge, MapGraph, MapNode
from viz.node_details import NodeDescriber
from viz.style import GAP_STYLES

__all__ = ["coverage_map"]

_TREE_COLORS = {"HAS_COMMUNITY": "#E3E6EE", "HAS_GRID": "#B0BEC5", "HAS_BUILDING": "#CFD8DC", "GAP": "#EF9A9A"}
_ORDER = list(GAP_STYLES)
_SUBJECT_KIND = {kind.value: spec.subject.value for kind, spec in GAP_KINDS.items()}  # keyed like Gap.kind: the GapKind's value


def _gap_kinds(gaps: list[Gap]) -> list[str]:
    """The kinds of ``gaps``, once each, in the registry's order."""
    return sorted({g.kind for g in gaps}, key=_ORDER.index)


def _mark(node: MapNode, gaps: list[Gap]) -> None:
    """Colour, icon and tooltip rows of a node with gaps."""
    kinds = _gap_kinds(gaps)
    node.gaps = kinds
    node.group = f"gap:{kinds[0]}"
    if len(kinds) > 1:
        node.border = GAP_STYLES[kinds[1]].color
    icons = "".join(GAP_STYLES[k].icon for k in kinds)
    node.label = f"{icons} {node.label}"
    node.search = node.search or node.label
    node.details += [(f"{GAP_STYLES[g.kind].icon} 缺口", g.detail) for g in gaps]


def _gap_subject(gap: Gap, describer: NodeDescriber, parent: MapNode) -> MapNode:
    """A node for a gap subject outside the territory tree (need, estate, organization, secretary)."""
    kind = _SUBJECT_KIND[gap.kind]
    where = ("所在社区", parent.search or parent.label)
    if describer.is_private(kind):
        label, details = "书记", [where]
    else:
        label, details = gap.subject_name, [where, ("编号", gap.subject)]
    return MapNode(id=describer.map_id(gap.subject, kind), kind=kind, label=label,
                   group={"Need": "need", "Estate": "estate", "Person": "person"}.get(kind, "level:community"),
                   parent=parent.id, size=9, details=details, search=label)


def coverage_map(store: GraphStore, *, title: str, include_people: bool = False,
                 max_nodes: int = MAX_NODES, within: frozenset[str] | None = None) -> MapGraph:
    """Subdistricts → communities → grids → buildings, with every coverage gap marked and counted."""
    sub = restrict(store.subgraph([K.SUBDISTRICT, K.COMMUNITY, K.GRID, K.BUILDING], [R.HAS_COMMUNITY, R.HAS_GRID, R.HAS_BUILDING]),
                   within)
    report = coverage_gaps(store)
    found_gaps = [g for g in report.gaps if within is None or g.subject in within or g.community in within]
    summary = dict(report.summary) if within is None else {
        kind: sum(1 for g in found_gaps if g.kind == kind) for kind in report.summary}
    by_subject: dict[str, list[Gap]] = defaultdict(list)
    for gap in found_gaps:
        by_subject[gap.subject].append(gap)
    parent = {r.target: r.source for r in sub.relationships}
    describer = NodeDescriber(include_people=include_people)
    graph = MapGraph(layer="coverage", title=title, gap_counts=summary)
    drawn: list[tuple[Node, MapNode]] = []
    skipped = _bound_to_fold(sub, parent, max_nodes)
    unbuilt: list[tuple[str, list[str]]] = []  # (grid, gap kinds) of each building in skipped, in map order
    for n in _territory_order(sub.nodes):
        found = by_subject.get(n.id)
        own = [g for g in found if _SUBJECT_KIND.get(g.kind) == n.kind.value] if found else []
        if n.id in skipped:
            unbuilt.append((parent[n.id], _gap_kinds(own) if own else []))
            continue
        # Tooltip rows come after folding: a city folds hundreds of thousands of buildings.
        node = describer.describe(n, parent=parent.get(n.id), details=False)
        node.font = {K.SUBDISTRICT: 64, K.COMMUNITY: 52, K.GRID: 16, K.BUILDING: 11}[n.kind]
        if n.kind is K.BUILDING:
            node.group, node.size = "building", 6
        elif n.kind is K.GRID:
            node.size = 12
        elif n.kind is K.SUBDISTRICT:
            node.group = "subdistrict"
        if own:
            _mark(node, own)
        graph.add_node(node)
        drawn.append((n, node))
    for r in sub.relationships:
        source, target = r.source, r.target
        if source in skipped or target in skipped:  # onto the grid, as folding would move it (or drop it, inside one)
            source = parent[source] if source in skipped else source
            target = parent[target] if target in skipped else target
            if source == target:
                continue
        graph.add_edge(MapEdge(source, target, r.type.value, width=1.0 if r.type is R.HAS_BUILDING else 1.6,
                               color=_TREE_COLORS[r.type.value]))
    roots = [n.id for n in graph.nodes.values() if n.parent is None or n.parent not in graph.nodes]
    outside: dict[tuple[str, str], list[Gap]] = defaultdict(list)  # a need may be both unresolvable and overdue
    for gap in found_gaps:
        if _SUBJECT_KIND[gap.kind] not in ("Building", "Grid", "Community"):
            outside[(_SUBJECT_KIND[gap.kind], gap.subject)].append(gap)
    for gaps in outside.values():
        gap = gaps[0]
        home = gap.community if gap.community in graph.nodes else (roots[0] if roots else None)
        if home is None:
            continue
        node = _gap_subject(gap, describer, graph.nodes[home])
        if node.id not in graph.nodes:
            graph.add_node(node)
            graph.add_edge(MapEdge(home, node.id, "GAP", width=1.0, dashes=True, color=_TREE_COLORS["GAP"],
                                   details=[("缺口", GAP_STYLES[gap.kind].label)]))
        _mark(graph.nodes[node.id], gaps)
    folded = fold(graph, ["Building", "Grid"], limit=max_nodes, relabel=False, unbuilt=unbuilt)
    for n, node in drawn:
        if graph.nodes.get(node.id) is node:  # not folded away
            node.details[:0] = describer.rows(n)  # before its gap rows (and a later subject's, on a shared id)
    if folded:
        relabel_folded(graph)
        _recolor_folded(graph)
    graph.roots = roots
    _place(graph, roots)
    total = sum(summary.values())
    kinds = Counter(n.kind for n in graph.nodes.values())
    graph.headline = [f"{kinds.get('Community', 0)} 个社区", f"{kinds.get('Grid', 0) + folded.get('Grid', 0):,} 个网格",
                      f"{kinds.get('Building', 0) + folded.get('Building', 0):,} 个楼栋", f"缺口 {total:,} 处"]
    return graph


def _territory_order(nodes: Iterable[Node]) -> list[Node]:
    """Subdistricts, communities, grids, then buildings, each by id."""
    by_kind: dict[K, list[Node]] = {K.SUBDISTRICT: [], K.COMMUNITY: [], K.GRID: [], K.BUILDING: []}
    for n in nodes:
        by_kind[n.kind].append(n)
    return [n for same in by_kind.values() for n in sorted(same, key=attrgetter("id"))]


def _bound_to_fold(sub: Subgraph, parent: dict[str, str], max_nodes: int) -> set[str]:
    """The buildings the first fold is sure to take, so they need not be built: all with a parent, past ``max_nodes``.

    Empty when buildings hang under buildings (never in valid data): then every node is built and folded one by one.
    """
    if len(sub.nodes) <= max_nodes:
        return set()
    buildings = {n.id for n in sub.nodes if n.kind is K.BUILDING}
    if not buildings.isdisjoint(parent.values()):
        return set()
    return buildings.intersection(parent)


def _recolor_folded(graph: MapGraph) -> None:
    """A node holding folded subjects with gaps gets the commonest gap's colour on its border."""
    for node in graph.nodes.values():
        if node.folded_gaps and not node.gaps:
            commonest = max(node.folded_gaps, key=lambda k: (node.folded_gaps[k], -_ORDER.index(k)))
            node.border = GAP_STYLES[commonest].color
            icons = "".join(GAP_STYLES[k].icon for k in sorted(node.folded_gaps, key=_ORDER.index))
            node.label = f"{icons} {node.label}"


def _block(root: str, children: dict[str, list[str]], sizes: dict[str, float]) -> dict[str, tuple[float, float]]:
    """One subdistrict: its communities (each a balloon of grids and buildings) packed in rows, itself above."""
    discs = []
    for child in children.get(root, []):
        local = balloon_tree([child], children, sizes, pad=5)
        reach = max(math.hypot(x, y) + sizes.get(i, 8) for i, (x, y) in local.items())
        discs.append((local, reach))
    pos: dict[str, tuple[float, float]] = {}
    for (local, _), (cx, cy) in zip(discs, shelf_pack([r for _, r in discs], aspect=1.45, gap=60)):
        for node_id, (x, y) in local.items():
            pos[node_id] = (round(x + cx, 1), round(y + cy, 1))
    top = min((y for _, y in pos.values()), default=0.0)
    pos[root] = (0.0, round(top - 260, 1))
    return pos


def _place(graph: MapGraph, roots: list[str]) -> None:
    children = graph.children()
    sizes = {i: n.size for i, n in graph.nodes.items()}
    blocks = [_block(root, children, sizes) for root in roots]
    extents = []
    for block in blocks:
        xs, ys = [x for x, _ in block.values()], [y for _, y in block.values()]
        extents.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(max(xs) - min(xs), max(ys) - min(ys)) / 2))
    for block, (mx, my, _), (cx, cy) in zip(blocks, extents, shelf_pack([e[2] for e in extents], gap=400)):
        for node_id, (x, y) in block.items():
            graph.nodes[node_id].x, graph.nodes[node_id].y = round(x - mx + cx, 1), round(y - my + cy, 1)
