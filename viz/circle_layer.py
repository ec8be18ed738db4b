"""The "party-building circle of friends" (党建朋友圈) map.

The subdistrict party committee sits at the centre, the community party
organizations on a ring around it, and the co-building partners outside,
each near the communities it works with and coloured by sector; an edge is a
co-building agreement (CO_BUILDS), thicker with more projects. Partners that
work with the whole subdistrict (SERVES it) form an inner ring round the
committee. Facilities (阵地) are drawn on demand, on an outer ring.

Reach for :func:`circle_map`.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> g = circle_map(store, title="道义街道")
>>> g.edge_counts()["CO_BUILDS"] == store.stats().relationships["CO_BUILDS"]
True
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from graph_model.records import Node, Relationship
from graph_model.schema import NodeKind as K
from graph_model.schema import RelType as R
from graph_model.store import GraphStore
from viz.layout import TAU, spread_on_ring, tile
from viz.map_model import MapEdge, MapGraph
from viz.scope import restrict
from viz.node_details import NodeDescriber
from viz.partner_details import add_offers_and_agreements

__all__ = ["circle_map"]

_EDGE_COLORS = {"CO_BUILDS": "#C0392B", "SERVES": "#7F8C8D", "LOCATED_IN": "#B0BEC5", "LEADS": "#E57373",
                "HAS_COMMUNITY": "#E57373", "OPERATES": "#80CBC4"}


def _span_cost(slots: list[int], n: int) -> int:
    """How far apart on a ring of ``n`` the ``slots`` of one partner's communities sit: ``n`` minus the widest gap."""
    if len(slots) == 2:  # most shared partners: the shorter way round
        d = abs(slots[0] - slots[1])
        return min(d, n - d)
    if len(slots) < 2:
        return 0
    slots.sort()
    return n - max([b - a for a, b in zip(slots, slots[1:])] + [slots[0] + n - slots[-1]])


def _spread_cost(ring: list[str], partners_of: dict[str, set[str]]) -> int:
    """How far apart, summed over partners, the communities each partner ties to sit on the ring.

    Examples
    --------
    >>> _spread_cost(["a", "b", "c", "d"], {"a": {"p"}, "b": set(), "c": {"p"}, "d": set()})
    2
    """
    slot = {c: i for i, c in enumerate(ring)}
    members: dict[str, list[int]] = defaultdict(list)
    for c in ring:
        for p in partners_of[c]:
            members[p].append(slot[c])
    return sum(_span_cost(slots, len(ring)) for slots in members.values())


def _order_ring(communities: list[str], partners_of: dict[str, set[str]]) -> list[str]:
    """Communities in ring order, those sharing partners side by side.

    A greedy chain, then pairwise swaps while they shorten the partners'
    spans (:func:`_spread_cost`). A swap moves only the partners of the two
    communities it exchanges, so only their spans are re-measured: the same
    decisions as re-measuring the whole ring, at a fraction of the cost.

    Examples
    --------
    >>> _order_ring(["a", "b", "c", "d"], {"a": {"p"}, "b": {"q"}, "c": {"p"}, "d": {"q"}})
    ['a', 'c', 'b', 'd']
    """
    index = {c: i for i, c in enumerate(communities)}
    left = sorted(communities, key=lambda c: (-len(partners_of[c]), c))
    if not left:
        return []
    ring = [left.pop(0)]
    while left:
        last = partners_of[ring[-1]]
        best = max(left, key=lambda c: (len(partners_of[c] & last), len(partners_of[c]), -index[c]))
        left.remove(best)
        ring.append(best)
    if len(ring) > 60:
        return ring
    n = len(ring)
    slot = {c: i for i, c in enumerate(ring)}
    members: dict[str, list[str]] = defaultdict(list)  # partner -> its communities
    for c in ring:
        for p in partners_of[c]:
            members[p].append(c)
    shared = {p: cs for p, cs in members.items() if len(cs) > 1}  # a partner of one community costs nothing
    part = {p: _span_cost([slot[c] for c in cs], n) for p, cs in shared.items()}
    cost = sum(part.values())
    sharing = {c: frozenset(p for p in partners_of[c] if p in shared) for c in ring}
    for _ in range(8):
        improved = False
        for i in range(n):
            for j in range(i + 1, n):
                a, b = ring[i], ring[j]
                moved = sharing[a] ^ sharing[b]  # a partner of both keeps its slots
                if not moved:
                    continue
                slot[a], slot[b] = j, i
                trial = {p: _span_cost([slot[c] for c in shared[p]], n) for p in moved}
                new = cost + sum(trial.values()) - sum(part[p] for p in moved)
                if new < cost:
                    ring[i], ring[j] = b, a
                    cost, improved = new, True
                    part.update(trial)
                else:
                    slot[a], slot[b] = i, j
        if not improved:
            break
    return ring


def _mean_angle(angles: list[float]) -> float:
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles))


class _Circle:
    """Builds one circle map from a subgraph; split out so each step stays short."""

    def __init__(self, nodes: list[Node], rels: list[Relationship], describer: NodeDescriber, facilities: bool) -> None:
        self.by_id = {n.id: n for n in nodes}
        self.rels = rels
        self.describer = describer
        self.facilities = facilities
        self.graph: MapGraph
        level = {n.id: n.props.get("level") for n in nodes if n.kind is K.PARTY_ORG}
        self.subdistrict_of: dict[str, str] = {r.target: r.source for r in rels if r.type is R.HAS_COMMUNITY}
        self.agreements: dict[str, list[Relationship]] = defaultdict(list)  # community -> its CO_BUILDS
        self.facilities_in: dict[str, list[str]] = defaultdict(list)  # community -> the facilities LOCATED_IN it
        for r in rels:
            if r.type is R.CO_BUILDS:
                self.agreements[r.target].append(r)
            elif r.type is R.LOCATED_IN and self.by_id[r.source].kind is K.FACILITY:
                self.facilities_in[r.target].append(r.source)
        self.rep: dict[str, str] = {}  # community or subdistrict id -> map node id
        for r in rels:
            if r.type is R.PARTY_ORG_OF and level.get(r.source) in ("community", "subdistrict_committee"):
                wanted = K.COMMUNITY if level[r.source] == "community" else K.SUBDISTRICT
                unit = self.by_id.get(r.target)
                if unit is not None and unit.kind is wanted:
                    self.rep.setdefault(r.target, r.source)
        for n in nodes:
            if n.kind in (K.COMMUNITY, K.SUBDISTRICT):
                self.rep.setdefault(n.id, n.id)

    def _unit_rows(self, unit: str) -> list[tuple[str, str]]:
        """The tooltip rows of the community (or subdistrict) a party organization stands for, minus id and source."""
        return [row for row in self.describer.rows(self.by_id[unit]) if row[0] not in ("编号", "来源")]

    def build(self, graph: MapGraph) -> None:
        self.graph = graph
        subdistricts = sorted(n.id for n in self.by_id.values() if n.kind is K.SUBDISTRICT)
        communities = sorted(n.id for n in self.by_id.values() if n.kind is K.COMMUNITY)
        for c in communities:
            self.subdistrict_of.setdefault(c, "")
        if any(not self.subdistrict_of[c] for c in communities):
            subdistricts.append("")
        partner_ties: dict[str, list[Relationship]] = defaultdict(list)
        for r in self.rels:
            if r.type in (R.CO_BUILDS, R.SERVES, R.LOCATED_IN) and self.by_id[r.source].kind is K.PARTNER:
                partner_ties[r.source].append(r)
        home: dict[str, str] = {}
        for p in (n.id for n in self.by_id.values() if n.kind is K.PARTNER):
            votes = Counter(self.subdistrict_of.get(r.target, r.target) for r in partner_ties[p])
            home[p] = max(votes, key=lambda s: (votes[s], s)) if votes else (subdistricts[0] if subdistricts else "")
        communities_in: dict[str, list[str]] = defaultdict(list)
        for c in communities:
            communities_in[self.subdistrict_of[c]].append(c)
        partners_in: dict[str, list[str]] = defaultdict(list)
        for p, h in home.items():
            partners_in[h].append(p)
        placed: list[tuple[dict[str, tuple[float, float]], float]] = []
        for sd in subdistricts:
            placed.append(self._one_circle(sd, communities_in[sd], partners_in[sd], partner_ties))
        for (positions, _), (ox, oy) in zip(placed, tile([reach for _, reach in placed], gap=300)):
            for node_id, (x, y) in positions.items():
                if node_id in graph.nodes:
                    graph.nodes[node_id].x, graph.nodes[node_id].y = round(x + ox, 1), round(y + oy, 1)
        self._edges()

    def _centre(self, sd: str) -> str | None:
        if not sd:
            return None
        rep = self.rep[sd]
        node = self.by_id[rep]
        map_node = self.describer.describe(node)
        if rep != sd:
            map_node.details += [("街道", self.by_id[sd].name), *self._unit_rows(sd)]
        map_node.size, map_node.font = 42, 30
        self.graph.add_node(map_node)
        self.graph.roots.append(rep)
        return rep

    def _one_circle(self, sd: str, communities: list[str], partners: list[str],
                    ties: dict[str, list[Relationship]]) -> tuple[dict[str, tuple[float, float]], float]:
        pos: dict[str, tuple[float, float]] = {}
        centre = self._centre(sd)
        if centre:
            pos[centre] = (0.0, 0.0)
        partners_of: dict[str, set[str]] = {c: set() for c in communities}
        for p in partners:
            for r in ties[p]:
                if r.target in partners_of:
                    partners_of[r.target].add(r.source)
        ring = _order_ring(communities, partners_of)
        r1 = max(360.0, len(ring) * 105 / TAU)
        angle_of: dict[str, float] = {}
        for i, c in enumerate(ring):
            angle_of[c] = -math.pi / 2 + TAU * i / max(1, len(ring))
            rep = self.rep[c]
            node = self.describer.describe(self.by_id[rep], parent=centre)
            if rep != c:
                node.details += [("社区", self.by_id[c].name), *self._unit_rows(c)]
            agreements = self.agreements[c]
            projects = sum(len(r.props.get("projects") or ()) for r in agreements)
            node.details += [("共建单位", f"{len(agreements)}"), ("共建项目", f"{projects}")]
            node.size, node.font = min(36.0, 16 + 4 * len(agreements)), 20
            self.graph.add_node(node)
            pos[rep] = (r1 * math.cos(angle_of[c]), r1 * math.sin(angle_of[c]))
        inner: list[tuple[str, float]] = []  # (partner, mean angle of its communities)
        outer: list[tuple[str, float]] = []
        for p in sorted(partners):
            angles = [angle_of[r.target] for r in ties[p] if r.target in angle_of]
            (outer if angles else inner).append((p, _mean_angle(angles) if angles else 0.0))
        inner_angles = [-math.pi / 2 + TAU * (i + 0.5) / max(1, len(inner)) for i in range(len(inner))]
        inner_spread, r0 = spread_on_ring(inner_angles, r1 * 0.5, min_gap=110)
        outer_spread, r2 = spread_on_ring([a for _, a in outer], r1 + 250, min_gap=125)
        for (p, _), angle, radius in [*zip(inner, inner_spread, [r0] * len(inner)), *zip(outer, outer_spread, [r2] * len(outer))]:
            node = self.describer.describe(self.by_id[p], parent=centre)
            agreements = [r for r in ties[p] if r.type is R.CO_BUILDS]
            projects = sum(len(r.props.get("projects") or ()) for r in agreements)
            node.size, node.font = min(34.0, 12 + 3 * len(agreements) + 0.5 * projects), 17
            node.details += [("共建社区", f"{len(agreements)}"), ("共建项目", f"{projects}")]
            self.graph.add_node(node)
            pos[p] = (radius * math.cos(angle), radius * math.sin(angle))
        reach = max(r2 if outer else r1, r0)
        if self.facilities:
            reach = self._facilities(communities, angle_of, reach + 200, pos, centre)
        return pos, reach + 120

    def _facilities(self, communities: list[str], angle_of: dict[str, float], radius: float,
                    pos: dict[str, tuple[float, float]], centre: str | None) -> float:
        located = [(f, c) for c in communities for f in self.facilities_in[c]]
        slot = {c: i for i, c in enumerate(communities)}
        located.sort(key=lambda fc: (slot[fc[1]], fc[0]))
        angles, r3 = spread_on_ring([angle_of[c] for _, c in located], radius, min_gap=95)
        for (f, c), angle in zip(located, angles):
            node = self.describer.describe(self.by_id[f], parent=self.rep[c])
            node.group, node.size, node.font = "facility", 9, 13
            node.details = [("所在社区", self.by_id[c].name), *node.details]
            self.graph.add_node(node)
            pos[f] = (r3 * math.cos(angle), r3 * math.sin(angle))
        return r3

    def _edges(self) -> None:
        g = self.graph
        for r in self.rels:
            source, target = r.source, self.rep.get(r.target, r.target)
            if source not in g.nodes or target not in g.nodes:
                continue
            kind = r.type.value
            if r.type is R.CO_BUILDS:
                projects = list(r.props.get("projects") or ())
                edge = MapEdge(source, target, kind, width=1.5 + 1.2 * len(projects), color=_EDGE_COLORS[kind],
                               details=[("共建协议", f"{self.by_id[r.source].name} ↔ {self.by_id[r.target].name}"),
                                        ("签约", str(r.props.get("since") or "—")),
                                        ("共建项目", "、".join(map(str, projects)) or "—")])
            elif r.type in (R.SERVES, R.LOCATED_IN, R.OPERATES, R.LEADS):
                edge = MapEdge(source, target, kind, width=1.0, color=_EDGE_COLORS[kind],
                               dashes=r.type in (R.SERVES, R.LOCATED_IN),
                               details=[("关系", {"SERVES": "服务", "LOCATED_IN": "位于", "OPERATES": "运营",
                                                  "LEADS": "领导"}[kind])])
            else:
                continue
            g.add_edge(edge)
        for c, rep in self.rep.items():
            sd = self.subdistrict_of.get(c)
            if rep == c and sd and self.by_id[c].kind is K.COMMUNITY and sd in self.rep and c in g.nodes:
                g.add_edge(MapEdge(self.rep[sd], c, "HAS_COMMUNITY", color=_EDGE_COLORS["HAS_COMMUNITY"]))
        g.aliases.update({unit: rep for unit, rep in self.rep.items() if unit != rep and rep in g.nodes})


def circle_map(store: GraphStore, *, title: str, include_facilities: bool = False,
               include_people: bool = False, within: frozenset[str] | None = None) -> MapGraph:
    """The circle-of-friends map of every subdistrict in ``store`` (one circle each)."""
    kinds = [K.SUBDISTRICT, K.COMMUNITY, K.PARTY_ORG, K.PARTNER] + ([K.FACILITY] if include_facilities else [])
    types = [R.HAS_COMMUNITY, R.PARTY_ORG_OF, R.LEADS, R.CO_BUILDS, R.SERVES, R.LOCATED_IN, R.OPERATES]
    sub = restrict(store.subgraph(kinds, types), within)
    keep = {n.id for n in sub.nodes if n.kind is not K.PARTY_ORG or n.props.get("level") in ("community", "subdistrict_committee")}
    nodes = [n for n in sub.nodes if n.id in keep]
    rels = [r for r in sub.relationships if r.source in keep and r.target in keep]
    graph = MapGraph(layer="circle", title=title)
    _Circle(nodes, rels, NodeDescriber(include_people=include_people), include_facilities).build(graph)
    add_offers_and_agreements(store, graph)
    counts = graph.kind_counts()
    co_builds = [e for e in graph.edges if e.type == "CO_BUILDS"]
    projects = sum(len(r.props.get("projects") or ()) for r in rels if r.type is R.CO_BUILDS)
    orgs = sum(1 for n in graph.nodes.values() if n.group == "level:community")
    graph.headline = [f"{orgs} 个社区(村)党组织", f"{counts.get('Partner', 0)} 个共建单位",
                      f"{len(co_builds)} 份共建协议", f"{projects} 个共建项目"]
    if include_facilities:
        graph.headline.append(f"{counts.get('Facility', 0)} 个阵地")
    return graph
