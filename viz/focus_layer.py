"""The focus map: one node and its neighbourhood, in rings by distance.

Give a community and see everyone who can help it: its party organization,
grids, estates, needs, the partners that co-build with it, sit in it or serve
it, and its facilities; depth 2 adds their ties in turn. The focus sits at the
centre and each further hop is the next ring (a radial tree over a
breadth-first search), so "how far away" reads directly off the picture.

Reach for :func:`focus_map`; :func:`resolve_focus` turns an id or an exact
name of any kind into the node id.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> resolve_focus(store, "北苑社区")
'c-beiyuan'
>>> g = focus_map(store, "c-beiyuan", depth=1, title="道义街道")
>>> len(g.nodes) == len(store.neighbourhood("c-beiyuan", 1).nodes)
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from graph_model.gaps import GapKind
from graph_model.queries.coverage_gaps import coverage_gaps
from graph_model.queries.lookup import resolve_id
from graph_model.records import Node
from graph_model.schema import NodeKind
from graph_model.store import GraphStore
from viz.aggregation import MAX_NODES, fold
from viz.layout import radial_tree
from viz.map_model import MapEdge, MapGraph
from viz.node_details import NodeDescriber, roles_from
from viz.partner_details import add_offers_and_agreements
from viz.style import KIND_NAMES

__all__ = ["focus_map", "resolve_focus"]

_EDGE_STYLE: dict[str, tuple[str, bool]] = {
    "CO_BUILDS": ("#C0392B", False), "SERVES": ("#7F8C8D", True), "LOCATED_IN": ("#90A4AE", True),
    "LEADS": ("#E57373", False), "PARTY_ORG_OF": ("#E57373", True), "COVERS": ("#FFB74D", True),
    "OFFERS": ("#26A69A", True), "RESOLVED_BY": ("#5E35B1", False), "MENTORS": ("#FB8C00", False),
}
_PROP_NAMES = {"since": "起始", "projects": "共建项目", "full_time": "专职", "role": "角色", "note": "备注"}
_FOLD_ORDER = ["Household", "Person", "Building", "Category", "Need", "Estate", "Grid", "Facility", "Partner", "PartyOrg", "Community"]


FOCUS_KINDS = (NodeKind.COMMUNITY, NodeKind.PARTNER, NodeKind.FACILITY, NodeKind.PARTY_ORG, NodeKind.GRID, NodeKind.SUBDISTRICT)
"""The kinds a focus is looked up among by part of its name or pinyin (any kind by its id or exact name)."""


def resolve_focus(store: GraphStore, text: str) -> str:
    """The id of the node ``text`` names: its id, a name only one node has, or a near name (:mod:`graph_model.queries.lookup`)."""
    if store.get(text) is not None:
        return text
    named = [n for kind in NodeKind for n in store.find(kind, name=text)]
    if len(named) == 1:
        return named[0].id
    return resolve_id(store, tuple(dict.fromkeys(n.kind for n in named)) or FOCUS_KINDS, text, what="node")


def _overdue(store: GraphStore, nodes: Iterable[Node]) -> dict[str, str]:
    """The needs among ``nodes`` that are overdue now, with why (the ``need_overdue`` gaps)."""
    needs = {n.id for n in nodes if n.kind is NodeKind.NEED}
    if not needs:
        return {}
    report = coverage_gaps(store, kinds=[GapKind.NEED_OVERDUE])
    return {g.subject: g.detail for g in report.gaps if g.subject in needs}


def focus_map(store: GraphStore, focus: str, *, depth: int = 1, title: str, include_people: bool = False,
              max_nodes: int = MAX_NODES) -> MapGraph:
    """The neighbourhood of ``focus`` (id or exact name) within ``depth`` hops, focus at the centre."""
    root = resolve_focus(store, focus)
    sub = store.neighbourhood(root, depth)
    # a need's events are its history (linli need show), not part of the network the map draws
    by_id = {n.id: n for n in sub.nodes if n.kind is not NodeKind.NEED_EVENT or n.id == root}
    around: dict[str, list[str]] = {i: [] for i in by_id}
    for r in sub.relationships:
        if r.source in around and r.target in around:
            around[r.source].append(r.target)
            around[r.target].append(r.source)
    parent: dict[str, str | None] = {root: None}
    queue = deque([root])
    while queue:
        here = queue.popleft()
        for there in sorted(set(around[here]), key=lambda i: (str(by_id[i].kind), i)):
            if there not in parent:
                parent[there] = here
                queue.append(there)
    describer = NodeDescriber(include_people=include_people, overdue=_overdue(store, by_id.values()))
    roles = roles_from(sub.relationships)
    graph = MapGraph(layer="focus", title=title)
    for node_id in parent:  # breadth-first order: parents come first
        store_parent = parent[node_id]
        map_parent = None if store_parent is None else describer.map_id(store_parent, str(by_id[store_parent].kind))
        node = describer.describe(by_id[node_id], parent=map_parent, roles=roles)
        node.size, node.font = min(node.size, 20.0), 20
        graph.add_node(node)
    centre = graph.nodes[describer.map_id(root, str(by_id[root].kind))]
    centre.size, centre.border, centre.font = 34.0, "#212121", 30
    for r in sub.relationships:
        if r.source not in by_id or r.target not in by_id:
            continue
        source = describer.map_id(r.source, str(by_id[r.source].kind))
        target = describer.map_id(r.target, str(by_id[r.target].kind))
        if source not in graph.nodes or target not in graph.nodes:
            continue
        color, dashed = _EDGE_STYLE.get(r.type.value, ("#B0BEC5", False))
        details = [(_PROP_NAMES.get(k, k), "、".join(map(str, v)) if isinstance(v, list) else str(v))
                   for k, v in sorted(r.props.items()) if k != "origin" and v not in (None, "", [])]
        width = 1.5 + 1.2 * len(r.props.get("projects") or ()) if r.type.value == "CO_BUILDS" else 1.2
        graph.add_edge(MapEdge(source, target, r.type.value, width=width, color=color, dashes=dashed, details=details))
    fold(graph, [k for k in _FOLD_ORDER if k != centre.kind], limit=max_nodes)
    add_offers_and_agreements(store, graph)
    positions = radial_tree([centre.id], graph.children(), ring_gap=300, min_gap=(120, 80, 40))
    for node_id, (x, y) in positions.items():
        graph.nodes[node_id].x, graph.nodes[node_id].y = x, y
    graph.roots = [centre.id]
    kinds = graph.kind_counts()
    graph.headline = [f"焦点：{centre.label}（{KIND_NAMES.get(centre.kind, centre.kind)}）", f"{depth} 跳以内"] + [
        f"{n} 个{KIND_NAMES.get(k, k)}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:4]]
    return graph
