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
>>> len([n for n in g.nodes.values() if n.group != "candidate"]) == len(store.neighbourhood("c-beiyuan", 1).nodes)
True
>>> sorted(n.id for n in g.nodes.values() if n.group == "candidate")  # could help with its needs, no tie yet
['p-ent-zhiyun', 'p-fire-daoyi', 'p-hospital-tcm']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from graph_model.gaps import GapKind
from graph_model.queries.coverage_gaps import coverage_gaps
from graph_model.errors import InvalidQuery
from graph_model.i18n import _
from graph_model.queries.lookup import resolve_id
from graph_model.queries.partner_matching import match
from graph_model.records import Node, Subgraph
from graph_model.schema import NodeKind
from graph_model.store import GraphStore
from viz.aggregation import MAX_NODES, fold
from viz.layout import radial_tree
from viz.map_model import MapEdge, MapGraph
from viz.node_details import NodeDescriber, roles_from
from viz.partner_details import add_offers_and_agreements
from viz.scope import restrict
from viz.style import KIND_NAMES

__all__ = ["focus_map", "resolve_focus"]

_EDGE_STYLE: dict[str, tuple[str, bool]] = {
    "CO_BUILDS": ("#C0392B", False), "SERVES": ("#7F8C8D", True), "LOCATED_IN": ("#90A4AE", True),
    "LEADS": ("#E57373", False), "PARTY_ORG_OF": ("#E57373", True), "COVERS": ("#FFB74D", True),
    "OFFERS": ("#26A69A", True), "RESOLVED_BY": ("#5E35B1", False), "MENTORS": ("#FB8C00", False),
    "CAN_HELP": ("#8E24AA", True),
}
_HELPERS_PER_NEED = 3
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


def _add_helpers(store: GraphStore, graph: MapGraph, community: Node, needs: list[Node], within: frozenset[str] | None) -> None:
    """The candidates for the community's unresolved ``needs`` that the map does not show yet, marked apart."""
    needs = [n for n in needs if n.props.get("status") != "resolved"]
    describer = NodeDescriber()
    added = 0
    for need in needs:
        if need.id not in graph.nodes:
            continue
        for result in match(store, need=need.id, limit=_HELPERS_PER_NEED).results:
            if within is not None and result.id not in within:
                continue
            if result.id not in graph.nodes:
                found = store.get(result.id)
                if found is None:
                    continue
                node = describer.describe(found, parent=need.id)
                node.group, node.size, node.font = "candidate", 14.0, 17
                node.details = [("可承接", need.name), *[("理由", why) for why in result.reasons], *node.details]
                graph.add_node(node)
                added += 1
            elif graph.nodes[result.id].group != "candidate":
                continue  # already tied to the community: drawn as it is
            graph.add_edge(MapEdge(result.id, need.id, "CAN_HELP", width=1.4, color=_EDGE_STYLE["CAN_HELP"][0], dashes=True,
                                   details=[("可承接", need.name), ("匹配得分", f"{result.score:.2f}")]))
    if added:
        graph.notes.append(f"虚线连接的 {added} 个单位尚未与{community.name}建立关系，但提供其未解决诉求所需的服务（按匹配得分，每件诉求最多 {_HELPERS_PER_NEED} 个）。")


def focus_map(store: GraphStore, focus: str, *, depth: int = 1, title: str, include_people: bool = False,
              max_nodes: int = MAX_NODES, within: frozenset[str] | None = None, helpers: bool = True) -> MapGraph:
    """The neighbourhood of ``focus`` (id or exact name) within ``depth`` hops, focus at the centre.

    Hops are counted along paths that do not pass through a subdistrict (a
    subdistrict ties every community of it to every other: through it,
    depth 2 around one community is the whole subdistrict); a subdistrict in
    focus is walked from. With ``helpers``, a community in focus also gets
    the partners and facilities that could resolve its unresolved needs
    (GET /match's candidates) but have no tie to it yet, marked apart
    (group ``candidate``, a dashed 可承接 edge to each need they fit).
    ``within`` (a :func:`viz.scope.territory`) keeps the map to one subdistrict.
    """
    root = resolve_focus(store, focus)
    sub = restrict(store.neighbourhood(root, depth), within)
    # a need's events are its history (linli need show), not part of the network the map draws
    by_id = {n.id: n for n in sub.nodes if n.kind is not NodeKind.NEED_EVENT or n.id == root}
    if root not in by_id:
        raise InvalidQuery(_("{focus!r} is not in the chosen subdistrict").format(focus=focus))
    around: dict[str, list[str]] = {i: [] for i in by_id}
    for r in sub.relationships:
        if r.source in around and r.target in around:
            around[r.source].append(r.target)
            around[r.target].append(r.source)
    parent: dict[str, str | None] = {root: None}
    distance = {root: 0}
    queue = deque([root])
    while queue:
        here = queue.popleft()
        if distance[here] >= depth or (here != root and by_id[here].kind is NodeKind.SUBDISTRICT):
            continue
        for there in sorted(set(around[here]), key=lambda i: (str(by_id[i].kind), i)):
            if there not in parent:
                parent[there] = here
                distance[there] = distance[here] + 1
                queue.append(there)
    by_id = {i: by_id[i] for i in parent}
    sub = Subgraph(nodes=list(by_id.values()),
                   relationships=[r for r in sub.relationships if r.source in by_id and r.target in by_id])
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
    if helpers and by_id[root].kind is NodeKind.COMMUNITY:
        own_needs = [by_id[i] for i in sorted(set(around[root])) if i in by_id and by_id[i].kind is NodeKind.NEED]
        _add_helpers(store, graph, by_id[root], own_needs, within)
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
