"""The organization map (组织体系): the party's four levels down to the households.

The subdistrict committee (街道党工委) on top; below it, one org chart per
community party organization, top-down through its grid branches
(网格党支部), building groups (楼栋党小组) and the party-member households
(党员中心户) they keep in touch with; the enterprise and other organizations
the committee leads follow. The charts are packed in rows, so the whole
subdistrict fits a screen and each community reads as its own hierarchy. Tooltips say how many grids or buildings each organization covers
and whether it has a secretary (by role, not name, unless people are shown).

Reach for :func:`organization_map`.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> g = organization_map(store, title="道义街道")
>>> g.kind_counts() == {"Household": 165, "PartyOrg": 188}
True
"""

from __future__ import annotations

from collections import Counter, defaultdict

from graph_model.records import Node
from graph_model.schema import NodeKind as K
from graph_model.schema import RelType as R
from graph_model.store import GraphStore
from viz.aggregation import MAX_NODES, fold, relabel_folded
from viz.layout import layered_tree, shelf_pack
from viz.map_model import MapEdge, MapGraph, MapNode
from viz.scope import restrict
from viz.node_details import NodeDescriber

__all__ = ["organization_map"]

_LEVEL_ORDER = ("subdistrict_committee", "community", "grid_branch", "building_group")
_FONTS = {"subdistrict_committee": 48, "community": 40, "grid_branch": 20, "building_group": 15}
_EDGE_COLORS = {"LEADS": "#E57373", "HAS_HOUSEHOLD": "#BCAAA4", "LEADS_FROM_COMMITTEE": "#F1C6C6"}


def organization_map(store: GraphStore, *, title: str, include_people: bool = False,
                     max_nodes: int = MAX_NODES, within: frozenset[str] | None = None) -> MapGraph:
    """The party organizations (by LEADS) and their households (by HAS_HOUSEHOLD), as org charts under the committee."""
    sub = restrict(store.subgraph([K.PARTY_ORG, K.HOUSEHOLD, K.PERSON, K.GRID, K.BUILDING, K.COMMUNITY, K.SUBDISTRICT],
                                  [R.LEADS, R.HAS_HOUSEHOLD, R.SECRETARY_OF, R.COVERS, R.LIVES_IN, R.PARTY_ORG_OF]), within)
    by_id = {n.id: n for n in sub.nodes}
    parent: dict[str, str] = {}
    covers: dict[str, Counter[str]] = defaultdict(Counter)
    secretaries: dict[str, list[str]] = defaultdict(list)
    lives_in: dict[str, str] = {}
    unit_of: dict[str, str] = {}
    # Members looked up once: reading one off the enum class costs more than the test itself, 340k times in a city.
    leads_rel, household_rel, covers_rel, secretary_rel, lives_rel, unit_rel = (
        R.LEADS, R.HAS_HOUSEHOLD, R.COVERS, R.SECRETARY_OF, R.LIVES_IN, R.PARTY_ORG_OF)
    for r in sub.relationships:
        t = r.type
        if t is leads_rel or t is household_rel:
            parent.setdefault(r.target, r.source)
        elif t is covers_rel:
            covers[r.source][by_id[r.target].kind.value] += 1
        elif t is secretary_rel:
            secretaries[r.target].append(by_id[r.source].name)
        elif t is lives_rel:
            lives_in[r.source] = by_id[r.target].name
        elif t is unit_rel:
            unit_of.setdefault(r.source, by_id[r.target].name)
    describer = NodeDescriber(include_people=include_people)
    graph = MapGraph(layer="organization", title=title)
    orgs: list[Node] = []
    households: list[Node] = []
    loose = 0  # households of no organization
    org_kind, household_kind = K.PARTY_ORG, K.HOUSEHOLD
    for n in sub.nodes:
        if n.kind is org_kind:
            orgs.append(n)
        elif n.kind is household_kind:
            if n.id in parent:
                households.append(n)
            else:
                loose += 1
    orgs.sort(key=lambda o: (_rank(o.props.get("level")), o.id))
    # Tooltip rows come after folding (see below): a city folds tens of thousands of these nodes.
    drawn: list[tuple[Node, MapNode]] = []
    for org in orgs:
        node = describer.describe(org, parent=parent.get(org.id), details=False)
        node.font = _FONTS.get(str(org.props.get("level")), 16)
        graph.add_node(node)
        drawn.append((org, node))
    for household in households:
        node = describer.describe(household, parent=parent[household.id], details=False)
        node.size, node.font = 6, 12
        graph.add_node(node)
        drawn.append((household, node))
    for r in sub.relationships:
        if r.type not in (R.LEADS, R.HAS_HOUSEHOLD):
            continue
        source = describer.map_id(r.source, by_id[r.source].kind.value)
        target = describer.map_id(r.target, by_id[r.target].kind.value)
        if source in graph.nodes and target in graph.nodes:
            from_top = graph.nodes[source].group == "level:subdistrict_committee"
            graph.add_edge(MapEdge(source, target, r.type.value, width=0.8 if from_top or r.type is R.HAS_HOUSEHOLD else 1.4,
                                   color=_EDGE_COLORS["LEADS_FROM_COMMITTEE" if from_top else r.type.value]))
    if loose:
        graph.notes.append(f"另有 {loose:,} 户党员中心户未归属任何党组织（无 party_group），图中未画出。")
    levels = Counter(n.group for n in graph.nodes.values())  # counted before folding
    folded = fold(graph, ["Household", "level:building_group", "level:grid_branch"], limit=max_nodes, relabel=False)
    for n, node in drawn:
        if graph.nodes.get(node.id) is not node:  # folded away
            continue
        if n.kind is K.PARTY_ORG:
            node.details[:0] = _org_rows(n, describer, unit_of=unit_of, covers=covers, secretaries=secretaries)
        else:
            node.details[:0] = ([("所在楼栋", lives_in[n.id])] if n.id in lives_in else []) + describer.rows(n)
    if folded:
        relabel_folded(graph)
    _place(graph)
    graph.headline = [f"{levels.get('level:community', 0)} 个社区(村)党组织", f"{levels.get('level:grid_branch', 0)} 个网格党支部",
                      f"{levels.get('level:building_group', 0)} 个楼栋党小组", f"{levels.get('household', 0)} 户党员中心户"]
    return graph


def _org_rows(org: Node, describer: NodeDescriber, *, unit_of: dict[str, str], covers: dict[str, Counter[str]],
             secretaries: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The tooltip rows of one party organization: its properties, its unit, what it covers, whether it has a secretary."""
    rows = describer.rows(org)
    if org.id in unit_of:
        rows.insert(1, ("所属单位", unit_of[org.id]))
    for kind, label in (("Grid", "覆盖网格"), ("Building", "覆盖楼栋")):
        if covers[org.id][kind]:
            rows.append((label, f"{covers[org.id][kind]:,}"))
    if org.props.get("level") in ("subdistrict_committee", "community"):
        names = secretaries.get(org.id, [])
        shown = "、".join(names) if describer.include_people else ("已配备" if names else "未配备")
        rows.append(("书记", shown))
    return rows


def _rank(level: object) -> int:
    return _LEVEL_ORDER.index(str(level)) if level in _LEVEL_ORDER else len(_LEVEL_ORDER)


def _committee_block(root: str, children: dict[str, list[str]]) -> dict[str, tuple[float, float]]:
    """One committee: each organization it leads with a chart below it packed in rows, lone ones in a row on top."""
    led = children.get(root, [])
    lone = [c for c in led if not children.get(c)]
    charts = [layered_tree(c, children, sibling_gap=80, level_gap=130) for c in led if children.get(c)]
    tallest = max((h for _, _, h in charts), default=0.0) + 90
    boxes = []
    for positions, _, _ in charts:
        xs = [x for x, _ in positions.values()]
        boxes.append((max(xs) - min(xs) + 150, tallest, (max(xs) + min(xs)) / 2))
    pos: dict[str, tuple[float, float]] = {}
    for (positions, _, _), (_, _, middle), (cx, cy) in zip(charts, boxes, shelf_pack([b[:2] for b in boxes], aspect=2.1, gap=70)):
        for node_id, (x, y) in positions.items():
            pos[node_id] = (round(x - middle + cx, 1), round(y + cy - tallest / 2, 1))
    top = min((y for _, y in pos.values()), default=0.0)
    for i, c in enumerate(lone):
        pos[c] = (round((i - (len(lone) - 1) / 2) * 150, 1), top - 220.0)
    pos[root] = (0.0, top - (520.0 if lone else 320.0))
    return pos


def _place(graph: MapGraph) -> None:
    children = graph.children()
    roots = [n.id for n in graph.nodes.values() if n.parent is None or n.parent not in graph.nodes]
    roots.sort(key=lambda i: (graph.nodes[i].group != "level:subdistrict_committee", i))
    main = [r for r in roots if graph.nodes[r].group == "level:subdistrict_committee"] or roots[:1]
    # Organizations nobody leads are shown under the first committee rather than lost.
    if main:
        for orphan in roots:
            if orphan not in main:
                children.setdefault(main[0], []).append(orphan)
    for root in main:  # the organizations with a chart below them first, lone ones after
        children[root] = sorted(children.get(root, []), key=lambda c: (c not in children, graph.nodes[c].group != "level:community"))
    graph.roots = main
    blocks = [_committee_block(root, children) for root in main]
    extents = []
    for block in blocks:
        xs, ys = [x for x, _ in block.values()], [y for _, y in block.values()]
        extents.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, max(xs) - min(xs) + 300, max(ys) - min(ys) + 300))
    for block, (mx, my, _, _), (cx, cy) in zip(blocks, extents, shelf_pack([e[2:] for e in extents], gap=200)):
        for node_id, (x, y) in block.items():
            graph.nodes[node_id].x, graph.nodes[node_id].y = round(x - mx + cx, 1), round(y - my + cy, 1)
