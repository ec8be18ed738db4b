"""The embedded backend: the whole graph in a networkx ``MultiDiGraph``.

Nothing to install; the bundled Daoyi dataset loads in well under a second.
Each node carries ``kind`` and ``props``; each edge is keyed by its type, so a
second write of ``(source, type, target)`` merges instead of duplicating.

Examples
--------
>>> from graph_model.records import ChangeSet, Node, Relationship
>>> store = MemoryStore()
>>> store.apply(ChangeSet(
...     nodes=[Node("sd", NodeKind.SUBDISTRICT, {"name": "道义街道"}),
...            Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区", "type": "urban"})],
...     relationships=[Relationship(RelType.HAS_COMMUNITY, "sd", "c1")]))
>>> store.get("c1").name
'北苑社区'
>>> store.stats().relationships["HAS_COMMUNITY"]
1
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph_model.garbage_collection import thaw
from graph_model.errors import DatasetError, NotFound, Problem, nearest
from graph_model.evidence import (
    Agreement,
    CandidateEvidence,
    MatchEvidence,
    NamedRef,
    Offer,
    SecretaryFacts,
)
from graph_model.gaps import GapFact, GapKind
from graph_model.records import ChangeSet, GraphStats, Node, NodeColumns, Relationship, RelationshipColumns, Subgraph
from graph_model.schema import NodeKind, RelType
from graph_model.store import Direction

__all__ = ["MemoryStore"]

K = NodeKind
R = RelType
SERVICE_POINT_TYPES = frozenset({"service_center", "service_station"})
_REL_VALUE = {t: t.value for t in RelType}  # edge keys; RelType.X.value is an enum descriptor call each time
_REL_TYPE = {t.value: t for t in RelType}  # and back: RelType(key) is a slow enum lookup
_CO_BUILDS, _LOCATED_IN, _SERVES, _RESOLVED_BY, _IN_CATEGORY = (
    _REL_VALUE[t] for t in (R.CO_BUILDS, R.LOCATED_IN, R.SERVES, R.RESOLVED_BY, R.IN_CATEGORY)
)
_SOURCE, _TARGET = attrgetter("source"), attrgetter("target")
_NO_EDGES: dict[str, Any] = {}


class MemoryStore:
    """A :class:`~graph_model.store.GraphStore` over a networkx ``MultiDiGraph``."""

    backend = "memory"

    def __init__(self) -> None:
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self._by_kind: dict[NodeKind, set[str]] = defaultdict(set)
        # match evidence per category, dropped by every write (see _untied_evidence); concurrent
        # readers may both fill an entry, with the same list
        self._untied: dict[str, tuple[list[CandidateEvidence], dict[str, int]]] = {}

    # -- writes -----------------------------------------------------------------
    def apply(self, change: ChangeSet) -> None:
        """Apply ``change`` atomically: endpoints are checked before anything moves."""
        g = self.graph
        if not g._node and not change.detach and isinstance(change.nodes, NodeColumns) and isinstance(
            change.relationships, RelationshipColumns
        ) and self._write_columns(change.nodes, change.relationships):
            return
        incoming = {n.id: n.kind for n in change.nodes}
        ends = set(map(_SOURCE, change.relationships))
        ends.update(map(_TARGET, change.relationships))
        dangling = ends.difference(incoming).difference(g._node)  # set operations: one C-speed pass
        problems = [
            Problem("change", None, end, node_id, "an existing node id")
            for rel in change.relationships
            for end, node_id in (("source", rel.source), ("target", rel.target))
            if node_id in dangling
        ] if dangling else []
        clashes = [
            Problem("change", None, "id", n.id, f"a {g.nodes[n.id]['kind'].value} (the id's kind cannot change)")
            for n in change.nodes
            if n.id in g and g.nodes[n.id]["kind"] is not n.kind
        ]
        if problems or clashes:
            raise DatasetError(clashes + problems)
        self._untied.clear()
        # The same structure g.add_node/g.add_edge build, written straight into
        # networkx's dicts: a city is millions of edges and add_edge costs ~7 µs each.
        # Every endpoint exists by now (checked above), so no node is added implicitly.
        # A key dict may be shared and read-only (see _write_columns): it is replaced, never edited.
        node_data, succ, pred, by_kind = g._node, g._succ, g._pred, self._by_kind
        for source, rel_type in change.detach:
            key, out = _REL_VALUE[rel_type], succ.get(source, _NO_EDGES)
            for target, keys in [(t, k) for t, k in out.items() if key in k]:
                rest = {k: data for k, data in keys.items() if k != key}
                if rest:
                    out[target] = pred[target][source] = rest
                else:
                    del out[target], pred[target][source]
        for node in change.nodes:
            data = node_data.get(node.id)
            if data is not None:
                data["props"] = dict(node.props)
            else:
                succ[node.id], pred[node.id] = {}, {}
                node_data[node.id] = {"kind": node.kind, "props": dict(node.props)}
                by_kind[node.kind].add(node.id)
        for rel in change.relationships:
            source, target, key = rel.source, rel.target, _REL_VALUE[rel.type]
            out = succ[source]
            keys = out.get(target)
            if keys is None:  # a new pair: one key dict, seen from both ends
                out[target] = pred[target][source] = {key: {"props": dict(rel.props)}}
            else:
                if type(keys) is not dict:
                    keys = out[target] = pred[target][source] = dict(keys)
                keys[key] = {"props": dict(rel.props)}
        nx._clear_cache(g)

    def _write_columns(self, nodes: NodeColumns, relationships: RelationshipColumns) -> bool:
        """Fill the empty graph from a validated dataset's columns; False (graph empty again) if an id repeats or an end is missing.

        What ``apply`` writes, in the same order, with fewer objects: the node
        property dicts are taken as they are (NodeColumns hands out copies), and every
        relationship without properties shares one read-only key dict per type.
        """
        g = self.graph
        node_data, succ, pred, by_kind = g._node, g._succ, g._pred, self._by_kind
        for kind, ids, props in nodes.parts:
            node_data.update(zip(ids, [{"kind": kind, "props": p} for p in props]))
            succ.update(zip(ids, [{} for _ in ids]))
            pred.update(zip(ids, [{} for _ in ids]))
            by_kind[kind].update(ids)
        bare: dict[str, MappingProxyType[str, Any]] = {t.value: MappingProxyType({"props": MappingProxyType({})}) for t in RelType}
        shared = {key: MappingProxyType({key: data}) for key, data in bare.items()}
        try:
            if len(node_data) != len(nodes):
                raise KeyError("an id given twice")
            for key, source, target, own in relationships.rows():
                out = succ[source]
                keys = out.get(target)
                if keys is None:
                    out[target] = pred[target][source] = shared[key] if own is None else {key: {"props": own}}
                else:
                    out[target] = pred[target][source] = {**keys, key: bare[key] if own is None else {"props": own}}
        except KeyError:  # apply's checks say what is wrong
            self.clear()
            return False
        nx._clear_cache(g)
        return True

    def clear(self) -> None:
        """Remove everything."""
        thaw(self)  # what a bulk load froze (loaders.dataset) is the collector's again
        self.graph.clear()
        self._by_kind.clear()
        self._untied.clear()

    # -- reads ------------------------------------------------------------------
    def _node(self, node_id: str) -> Node:
        data = self.graph.nodes[node_id]
        return Node(node_id, data["kind"], MappingProxyType(data["props"]))  # read-only view: callers cannot edit the store

    def _props(self, node_id: str) -> dict[str, Any]:
        return self.graph.nodes[node_id]["props"]

    def _kind(self, node_id: str) -> NodeKind:
        return self.graph.nodes[node_id]["kind"]

    def _name(self, node_id: str) -> str:
        return str(self._props(node_id).get("name", node_id))

    def get(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        return self._node(node_id) if node_id in self.graph else None

    def kinds_of(self, node_ids: Iterable[str]) -> dict[str, NodeKind]:
        """The kind of each id that exists."""
        g = self.graph
        return {i: g.nodes[i]["kind"] for i in node_ids if i in g}

    def find(self, kind: NodeKind, **props: Any) -> list[Node]:
        """Nodes of ``kind`` whose properties equal ``props``, by id."""
        found = []
        for node_id in sorted(self._by_kind.get(kind, ())):
            own = self._props(node_id)
            if all(own.get(k) == v for k, v in props.items()):
                found.append(self._node(node_id))
        return found

    def ids(self, kind: NodeKind) -> list[str]:
        """Every id of ``kind``, sorted."""
        return sorted(self._by_kind.get(kind, ()))

    # _out/_in read networkx's adjacency dicts directly (neighbour order, as out_edges/in_edges
    # give it): the query patterns call them millions of times at city scale.
    def _out(self, node_id: str, rel: RelType) -> Iterator[tuple[str, dict[str, Any]]]:
        key = _REL_VALUE[rel]
        for target, keys in self.graph._succ.get(node_id, _NO_EDGES).items():
            if key in keys:
                yield target, keys[key]["props"]

    def _in(self, node_id: str, rel: RelType) -> Iterator[tuple[str, dict[str, Any]]]:
        key = _REL_VALUE[rel]
        for source, keys in self.graph._pred.get(node_id, _NO_EDGES).items():
            if key in keys:
                yield source, keys[key]["props"]

    def _rel(self, source: str, target: str, key: str, props: dict[str, Any]) -> Relationship:
        return Relationship(RelType(key), source, target, props)

    def relationships(
        self,
        node_id: str,
        *,
        types: Sequence[RelType] | None = None,
        direction: Direction = "both",
    ) -> list[Relationship]:
        """Relationships touching ``node_id``, by (type, source, target)."""
        if node_id not in self.graph:
            return []
        wanted = {t.value for t in types} if types else None
        edges: list[tuple[str, str, str, dict[str, Any]]] = []
        if direction in ("out", "both"):
            edges += self.graph.out_edges(node_id, keys=True, data="props")
        if direction in ("in", "both"):
            edges += [e for e in self.graph.in_edges(node_id, keys=True, data="props") if e[0] != e[1] or direction == "in"]
        found = {(k, s, t): p for s, t, k, p in edges if wanted is None or k in wanted}
        return [self._rel(s, t, k, p) for (k, s, t), p in sorted(found.items())]

    def neighbourhood(self, node_id: str, depth: int = 1) -> Subgraph:
        """Nodes within ``depth`` hops (either direction) and the relationships among them."""
        if node_id not in self.graph:
            raise NotFound("node", node_id, suggestions=nearest(node_id, self.graph.nodes))
        seen = {node_id}
        frontier = {node_id}
        for _ in range(max(0, depth)):
            nxt: set[str] = set()
            for n in frontier:
                nxt.update(self.graph.successors(n))
                nxt.update(self.graph.predecessors(n))
            frontier = nxt - seen
            seen |= frontier
        return self._induced(seen, None)

    def subgraph(
        self,
        kinds: Iterable[NodeKind] | None = None,
        types: Iterable[RelType] | None = None,
    ) -> Subgraph:
        """Nodes of ``kinds`` and relationships of ``types`` among them."""
        if kinds is None:
            chosen: set[str] = set(self.graph.nodes)
        else:
            chosen = set().union(*(self._by_kind.get(k, set()) for k in kinds))
        return self._induced(chosen, {t.value for t in types} if types is not None else None)

    def _induced(self, chosen: set[str], types: set[str] | None) -> Subgraph:
        # networkx's dicts read directly: a city map's subgraph is a million nodes
        data = self.graph._node
        nodes = [Node(i, data[i]["kind"], MappingProxyType(data[i]["props"])) for i in sorted(chosen)]
        rels = [
            Relationship(_REL_TYPE[k], s, t, edge["props"])
            for s in chosen
            for t, keys in self.graph._succ[s].items()
            if t in chosen
            for k, edge in keys.items()
            if types is None or k in types
        ]
        rels.sort(key=lambda r: (r.type.value, r.source, r.target))
        return Subgraph(nodes, rels)

    def stats(self) -> GraphStats:
        """Counts per kind, type and party-organization level."""
        nodes = {k.value: len(ids) for k, ids in self._by_kind.items()}
        rels = Counter(k for _, _, k in self.graph.edges(keys=True))
        levels = Counter(str(self._props(i).get("level")) for i in self._by_kind.get(K.PARTY_ORG, ()))
        return GraphStats.ordered(nodes, rels, levels)

    def close(self) -> None:
        """Nothing to release."""

    # -- query patterns -----------------------------------------------------------
    def _require(self, node_id: str, kind: NodeKind, what: str) -> None:
        if node_id not in self.graph or self._kind(node_id) is not kind:
            raise NotFound(what, node_id, suggestions=nearest(node_id, self.ids(kind)))

    def category_lineage(self, category: str) -> list[str]:
        """``category`` then its ancestors, nearest first."""
        self._require(category, K.CATEGORY, "category")
        lineage = [category]
        while True:
            parents = sorted(p for p, _ in self._in(lineage[-1], R.HAS_SUBCATEGORY))
            if not parents or parents[0] in lineage:
                return lineage
            lineage.append(parents[0])

    def _subdistrict_of(self, community: str) -> str | None:
        return min((s for s, _ in self._in(community, R.HAS_COMMUNITY)), default=None)

    def match_evidence(self, community: str, category: str) -> MatchEvidence:
        """Candidates offering ``category`` or an ancestor, with their ties to ``community``."""
        self._require(community, K.COMMUNITY, "community")
        lineage = self.category_lineage(category)
        local, subdistrict = self._area(community)
        served = (community, subdistrict)
        untied, index = self._untied_evidence(category, lineage)
        tied = sorted(self._tied(local, served).intersection(index))
        return MatchEvidence(
            untied=untied, tied=[self._candidate(p, untied[index[p]].offers, category, local, served) for p in tied]
        )

    def _area(self, community: str) -> tuple[set[str], str | None]:
        """The communities of ``community``'s subdistrict (itself included), and that subdistrict."""
        subdistrict = self._subdistrict_of(community)
        local = {community}
        if subdistrict is not None:
            local |= {c for c, _ in self._out(subdistrict, R.HAS_COMMUNITY)}
        return local, subdistrict

    def _tied(self, local: set[str], served: tuple[str, str | None]) -> set[str]:
        """Who has a tie > 0 to the area: CO_BUILDS or LOCATED_IN one of ``local``, or SERVES one of ``served``."""
        pred = self.graph._pred
        tied = {p for c in local for p, keys in pred[c].items() if _CO_BUILDS in keys or _LOCATED_IN in keys}
        for area in served:
            if area is not None:
                tied.update(p for p, _ in self._in(area, R.SERVES))
        return tied

    def _untied_evidence(self, category: str, lineage: list[str]) -> tuple[list[CandidateEvidence], dict[str, int]]:
        """Every candidate for ``category`` as seen from a community it has no tie to, and where each id is in it.

        Kept until the next write. Only the ties depend on the community, so a
        match rebuilds just the few candidates tied to its area; a city has
        thousands of candidates per category.
        """
        found = self._untied.get(category)
        if found is None:
            offers: dict[str, list[Offer]] = defaultdict(list)
            for k in lineage:
                for p, props in self._in(k, R.OFFERS):
                    offers[p].append(Offer(k, self._name(k), props.get("note")))
            candidates = [self._candidate(p, tuple(o), category, set(), ()) for p, o in offers.items()]
            found = self._untied[category] = (candidates, {ev.id: i for i, ev in enumerate(candidates)})
        return found

    def _candidate(
        self, p: str, offers: tuple[Offer, ...], category: str, local: set[str], served: tuple[str | None, ...]
    ) -> CandidateEvidence:
        """One candidate's evidence, reading each of ``p``'s edge lists once (the hot path of match)."""
        nodes, succ = self.graph._node, self.graph._succ
        agreements, located_in, serves, resolved, in_progress = [], [], [], [], 0
        for t, keys in succ[p].items():  # neighbour order, as three _out() passes would give
            if t in local:
                if _CO_BUILDS in keys:
                    props = keys[_CO_BUILDS]["props"]
                    agreements.append(Agreement(t, self._name(t), props.get("since"), tuple(props.get("projects") or ())))
                if _LOCATED_IN in keys:
                    located_in.append(NamedRef(t, self._name(t)))
            if _SERVES in keys and t in served:
                serves.append(NamedRef(t, self._name(t)))
        for n, keys in self.graph._pred[p].items():
            if _RESOLVED_BY in keys:
                status = nodes[n]["props"].get("status")
                if status == "resolved" and _IN_CATEGORY in succ[n].get(category, _NO_EDGES):
                    resolved.append(NamedRef(n, self._name(n)))
                elif status == "in_progress":
                    in_progress += 1
        data = nodes[p]
        props = data["props"]
        return CandidateEvidence(
            id=p,
            name=str(props.get("name", p)),
            kind=data["kind"].value,
            sector=props.get("sector" if data["kind"] is K.PARTNER else "type"),
            offers=offers,
            agreements=tuple(agreements),
            located_in=tuple(located_in),
            serves=tuple(serves),
            resolved=tuple(resolved),
            in_progress=in_progress,
            capacity=props.get("capacity"),
        )

    # -- coverage gaps --------------------------------------------------------------
    def _community_of(self, node_id: str) -> str | None:
        """The community a building, grid, estate, need, facility or community org belongs to."""
        kind = self._kind(node_id)
        if kind is K.COMMUNITY:
            return node_id
        if kind is K.BUILDING:
            grid = min((g for g, _ in self._in(node_id, R.HAS_BUILDING)), default=None)
            return self._community_of(grid) if grid else None
        if kind is K.PARTY_ORG:
            units = [u for u, _ in self._out(node_id, R.PARTY_ORG_OF) if self._kind(u) is K.COMMUNITY]
            return min(units, default=None)
        via = {K.GRID: R.HAS_GRID, K.ESTATE: R.HAS_ESTATE, K.NEED: R.HAS_NEED}.get(kind)
        if via is not None:
            return min((c for c, _ in self._in(node_id, via)), default=None)
        return min((c for c, _ in self._out(node_id, R.LOCATED_IN)), default=None)

    def _level(self, node_id: str) -> str | None:
        return self._props(node_id).get("level")

    def _covered_by(self, node_id: str, level: str) -> bool:
        return any(self._level(o) == level for o, _ in self._in(node_id, R.COVERS))

    def _community_orgs(self) -> list[str]:
        return [o for o in self.ids(K.PARTY_ORG) if self._level(o) == "community"]

    def _in_pair(self, person: str) -> bool:
        return any(True for _ in self._out(person, R.MENTORS)) or any(True for _ in self._in(person, R.MENTORS))

    def gap_facts(self, kind: GapKind, community: str | None = None) -> list[GapFact]:
        """Subjects with a gap of ``kind``, optionally in one community."""
        if community is not None:
            self._require(community, K.COMMUNITY, "community")
        facts = [f for f in self._gap_candidates(kind) if community is None or f.community == community]
        return facts

    def _fact(self, kind: GapKind, subject: str, **facts: Any) -> GapFact:
        return GapFact(kind, subject, self._name(subject), self._community_of(subject), facts)

    def _gap_candidates(self, kind: GapKind) -> Iterator[GapFact]:
        G = GapKind
        if kind in (G.BUILDING_WITHOUT_HEAD, G.BUILDING_WITHOUT_PARTY_GROUP):
            yield from self._building_gaps(kind)
        elif kind is G.GRID_WITHOUT_BRANCH:
            for grid in self.ids(K.GRID):
                if not self._covered_by(grid, "grid_branch"):
                    yield self._fact(kind, grid)
        elif kind is G.GRID_WITHOUT_FULLTIME_WORKER:
            for grid in self.ids(K.GRID):
                full_time = [bool(p.get("full_time", True)) for _, p in self._in(grid, R.GRID_WORKER_OF)]
                if not any(full_time):
                    yield self._fact(kind, grid, part_time=len(full_time))
        elif kind is G.COMMUNITY_WITHOUT_PARTNER:
            for c in self.ids(K.COMMUNITY):
                if not any(True for _ in self._in(c, R.CO_BUILDS)):
                    yield self._fact(kind, c)
        elif kind is G.COMMUNITY_WITHOUT_SERVICE_CENTER:
            for c in self.ids(K.COMMUNITY):
                if not any(
                    self._kind(f) is K.FACILITY and self._props(f).get("type") in SERVICE_POINT_TYPES
                    for f, _ in self._in(c, R.LOCATED_IN)
                ):
                    yield self._fact(kind, c)
        elif kind is G.COMMUNITY_WITHOUT_PARTY_ORG:
            for c in self.ids(K.COMMUNITY):
                if not any(
                    self._kind(o) is K.PARTY_ORG and self._level(o) == "community"
                    for o, _ in self._in(c, R.PARTY_ORG_OF)
                ):
                    yield self._fact(kind, c)
        elif kind is G.PARTY_ORG_WITHOUT_SECRETARY:
            for o in self._community_orgs():
                if not any(True for _ in self._in(o, R.SECRETARY_OF)):
                    yield self._fact(kind, o)
        elif kind is G.SECRETARY_WITHOUT_PAIR:
            for s in self.secretaries():
                if not self._in_pair(s.id):
                    org = self._secretary_org(s.id)
                    yield GapFact(kind, s.id, s.name, s.community, {"org": org, "org_name": self._name(org)})
        elif kind is G.NEED_WITHOUT_RESOLVER:
            # match(need, in_area_only=True) is empty exactly when no category of the need's
            # lineage is offered by a Partner/Facility with a tie to its community: index
            # those categories per community once instead of matching every open need.
            lineages: dict[str, list[str]] = {}
            offered: dict[str, set[str]] = {}
            for n in self.ids(K.NEED):
                if self._props(n).get("status") != "open":
                    continue
                need_community = self._community_of(n)
                need_category = min((cat for cat, _ in self._out(n, R.IN_CATEGORY)), default=None)
                if need_community is None or need_category is None:
                    continue
                self._require(need_community, K.COMMUNITY, "community")
                if need_category not in lineages:
                    lineages[need_category] = self.category_lineage(need_category)
                if need_community not in offered:
                    offered[need_community] = self._offered_in_area(need_community)
                if offered[need_community].isdisjoint(lineages[need_category]):
                    yield self._fact(kind, n, category=need_category, category_name=self._name(need_category))
        elif kind is G.ESTATE_WITHOUT_RED_PROPERTY:
            for e in self.ids(K.ESTATE):
                managers = [p for p, _ in self._in(e, R.MANAGES)]
                red = any(
                    self._kind(o) is K.PARTY_ORG for m in managers for o, _ in self._in(m, R.PARTY_ORG_OF)
                )
                if not red:
                    yield self._fact(kind, e, managers=sorted(self._name(m) for m in managers))

    def _building_gaps(self, kind: GapKind) -> Iterator[GapFact]:
        """The two building kinds: a city has hundreds of thousands of buildings, so the edge
        dicts are read directly and each grid's community is found once, not once per building."""
        pred, nodes = self.graph._pred, self.graph._node
        head, covers, in_grid = _REL_VALUE[R.BUILDING_HEAD_OF], _REL_VALUE[R.COVERS], _REL_VALUE[R.HAS_BUILDING]
        community_of_grid: dict[str, str | None] = {}
        for b in self.ids(K.BUILDING):
            edges = pred[b]
            if kind is GapKind.BUILDING_WITHOUT_HEAD:
                covered = any(head in keys for keys in edges.values())
            else:
                covered = any(
                    covers in keys and nodes[o]["props"].get("level") == "building_group" for o, keys in edges.items()
                )
            if covered:
                continue
            grid = min((g for g, keys in edges.items() if in_grid in keys), default=None)
            if grid is None:
                community = None
            elif grid in community_of_grid:
                community = community_of_grid[grid]
            else:
                community = community_of_grid[grid] = self._community_of(grid)
            yield GapFact(kind, b, self._name(b), community, {})

    def _offered_in_area(self, community: str) -> set[str]:
        """Categories offered by the Partners/Facilities match would tie to ``community`` (tie > 0)."""
        local, subdistrict = self._area(community)
        return {k for p in self._tied(local, (community, subdistrict)) for k, _ in self._out(p, R.OFFERS)}

    # -- mentor pairing -------------------------------------------------------------
    def _secretary_org(self, person: str) -> str:
        return min(o for o, _ in self._out(person, R.SECRETARY_OF) if self._level(o) == "community")

    def secretaries(self) -> list[SecretaryFacts]:
        """Persons SECRETARY_OF a level-community PartyOrg, by id (one entry each)."""
        chosen: dict[str, str] = {}
        for org in self._community_orgs():
            for person, _ in self._in(org, R.SECRETARY_OF):
                if self._kind(person) is K.PERSON and (person not in chosen or org < chosen[person]):
                    chosen[person] = org
        found = []
        for person in sorted(chosen):
            community = self._community_of(chosen[person])
            if community is None:
                continue
            props, cprops = self._props(person), self._props(community)
            found.append(
                SecretaryFacts(
                    id=person,
                    name=self._name(person),
                    community=community,
                    community_name=self._name(community),
                    subdistrict=self._subdistrict_of(community),
                    years=float(props.get("years_as_secretary") or 0),
                    rating=float(props["rating"]) if props.get("rating") is not None else 3.0,
                    strengths=tuple(sorted(set(props.get("strengths") or ()))),
                    estate_category=cprops.get("estate_category"),
                    service_focus=cprops.get("service_focus"),
                )
            )
        return found

    def mentor_links(self) -> list[tuple[str, str]]:
        """Every MENTORS relationship as (mentor, mentee), sorted."""
        return sorted((s, t) for s, t, k in self.graph.edges(keys=True) if k == R.MENTORS.value)
