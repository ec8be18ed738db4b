"""The embedded store's query patterns: the facts partner matching, coverage gaps and mentor pairing weigh.

What each pattern finds is fixed by the data model (docs/data-model.md);
the scoring, wording and order are decided once, in :mod:`graph_model.queries`.
Coverage gaps are one finder per gap kind, in :data:`GAP_FINDERS`, keyed like
the gap registry (:data:`graph_model.gaps.GAP_KINDS`).

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from graph_model.records import ChangeSet, Node, Relationship
>>> store = MemoryStore()
>>> store.apply(ChangeSet([Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区"})]))
>>> [f.subject for f in store.gap_facts(GapKind.COMMUNITY_WITHOUT_PARTNER)]
['c1']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import Any

from graph_model.candidate_cache import CandidateCache, Candidates
from graph_model.evidence import Agreement, CandidateEvidence, MatchEvidence, NamedRef, Offer, SecretaryFacts
from graph_model.gaps import GapFact, GapKind
from graph_model.need_lifecycle import ACTIVE_STATUSES, NeedEvent, now_text, overdue_params, reported_time
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.graph_access import NO_EDGES, REL_KEY, GraphAccess
from graph_model.taxonomy import Relation, lineage, relations
from graph_model.time_limits import CategoryLimits, TimeLimits, inherit

__all__ = ["MemoryPatterns", "GAP_FINDERS", "SERVICE_POINT_TYPES"]

K = NodeKind
R = RelType
SERVICE_POINT_TYPES = frozenset({"service_center", "service_station"})
_CO_BUILDS, _LOCATED_IN, _SERVES, _RESOLVED_BY, _IN_CATEGORY, _HAS_EVENT, _HANDLED_BY = (
    REL_KEY[t] for t in (R.CO_BUILDS, R.LOCATED_IN, R.SERVES, R.RESOLVED_BY, R.IN_CATEGORY, R.HAS_EVENT, R.HANDLED_BY)
)
_ACTIVE = frozenset(ACTIVE_STATUSES)
_SEQ = attrgetter("seq")


class MemoryPatterns(GraphAccess):
    """The pattern half of :class:`~graph_model.stores.memory.store.MemoryStore` (its protocol's query methods)."""

    def __init__(self) -> None:
        super().__init__()
        self._version = 0
        """Bumped by every write: the state the candidate cache keys on."""
        self._candidates = CandidateCache()

    # -- partner matching -----------------------------------------------------------
    def category_lineage(self, category: str) -> list[str]:
        """``category`` then its ancestors, nearest first."""
        self._require(category, K.CATEGORY, "category")
        return lineage(category, lambda k: [p for p, _ in self._in(k, R.HAS_SUBCATEGORY)])

    def category_relations(self, category: str) -> dict[str, Relation]:
        """``category``, its descendants and its ancestors, each with its relation (see :func:`~graph_model.taxonomy.relations`)."""
        self._require(category, K.CATEGORY, "category")
        return relations(
            category,
            lambda k: [p for p, _ in self._in(k, R.HAS_SUBCATEGORY)],
            lambda k: [c for c, _ in self._out(k, R.HAS_SUBCATEGORY)],
        )

    def _subdistrict_of(self, community: str) -> str | None:
        return min((s for s, _ in self._in(community, R.HAS_COMMUNITY)), default=None)

    def match_evidence(self, community: str, category: str) -> MatchEvidence:
        """Candidates offering ``category``, a descendant or an ancestor, with their ties to ``community``."""
        self._require(community, K.COMMUNITY, "community")
        local, subdistrict = self._area(community)
        served = (community, subdistrict)
        untied, index = self._untied_evidence(category, self.category_relations(category))
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

    def _untied_evidence(self, category: str, related: dict[str, Relation]) -> Candidates:
        """Every candidate for ``category`` as seen from a community it has no tie to, and where each id is in it.

        Kept until the next write (:class:`~graph_model.candidate_cache.CandidateCache`):
        only the ties depend on the community, so a match rebuilds just the few
        candidates tied to its area.
        """
        version = self._version
        found = self._candidates.get(list(related), version)
        if found is None:
            offers: dict[str, list[Offer]] = defaultdict(list)
            for k, relation in related.items():
                for p, props in self._in(k, R.OFFERS):
                    offers[p].append(Offer(k, self._name(k), props.get("note"), relation))
            candidates = [self._candidate(p, tuple(o), category, set(), ()) for p, o in offers.items()]
            found = self._candidates.put(list(related), version, candidates)
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
                if status == "resolved" and _IN_CATEGORY in succ[n].get(category, NO_EDGES):
                    resolved.append(NamedRef(n, self._name(n)))
                elif status in _ACTIVE and not self._events_of(n):
                    in_progress += 1
            if _HANDLED_BY in keys and nodes[n]["props"].get("action") == "dispatch":
                need = next(iter(self._event_needs(n)), None)
                if need is not None and nodes[need]["props"].get("status") in _ACTIVE and self._last_dispatch(need) == n:
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

    # -- the need lifecycle ------------------------------------------------------------
    def _events_of(self, need: str) -> list[str]:
        """The ids of ``need``'s NeedEvent nodes (in neighbour order)."""
        return [e for e, keys in self.graph._succ[need].items() if _HAS_EVENT in keys]

    def _event_needs(self, event: str) -> list[str]:
        return [n for n, keys in self.graph._pred[event].items() if _HAS_EVENT in keys]

    def _last_dispatch(self, need: str) -> str | None:
        """The id of ``need``'s last dispatch event (None without one)."""
        nodes = self.graph._node
        dispatches = [(nodes[e]["props"].get("seq", 0), e) for e in self._events_of(need)
                      if nodes[e]["props"].get("action") == "dispatch"]
        return max(dispatches)[1] if dispatches else None

    def _event(self, need: str, event: str) -> NeedEvent:
        partner = min((p for p, _ in self._out(event, R.HANDLED_BY)), default=None)
        return NeedEvent.from_props(need, self._props(event), partner)

    def need_history(self, need_ids: Iterable[str] | None = None) -> dict[str, list[NeedEvent]]:
        """Each need's events by ``seq``, for the needs (all when None) that have events, by need id."""
        nodes = self.graph._node
        if need_ids is None:
            chosen = self.ids(K.NEED)
        else:
            chosen = sorted(n for n in set(need_ids) if n in nodes and nodes[n]["kind"] is K.NEED)
        found: dict[str, list[NeedEvent]] = {}
        for need in chosen:
            events = self._events_of(need)
            if events:
                found[need] = sorted((self._event(need, e) for e in events), key=_SEQ)
        return found

    def category_time_limits(self) -> dict[str, TimeLimits]:
        """Every category's time limits, inherited up the taxonomy."""
        rows = {}
        for k in self.ids(K.CATEGORY):
            props = self._props(k)
            parents = [p for p, _ in self._in(k, R.HAS_SUBCATEGORY)]
            rows[k] = CategoryLimits(parents, props.get("respond_hours"), props.get("resolve_days"))
        return inherit(rows)

    def _report_time(self, need: str) -> str | None:
        """When ``need`` was reported: its report event, else its ``reported`` date."""
        nodes = self.graph._node
        reports = [(nodes[e]["props"].get("seq", 0), nodes[e]["props"]["at"]) for e in self._events_of(need)
                   if nodes[e]["props"].get("action") == "report"]
        return min(reports)[1] if reports else reported_time(self._props(need).get("reported"))

    # -- coverage gaps --------------------------------------------------------------
    def gap_facts(self, kind: GapKind, community: str | None = None, *, as_of: str | None = None) -> list[GapFact]:
        """Subjects with a gap of ``kind``, optionally in one community; ``as_of`` (default now) for ``need_overdue``."""
        if community is not None:
            self._require(community, K.COMMUNITY, "community")
        moment = as_of or now_text()
        return [f for f in GAP_FINDERS[kind](self, kind, moment, community) if community is None or f.community == community]

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

    def _community_orgs(self, within: str | None = None) -> list[str]:
        return [o for o in _subjects(self, K.PARTY_ORG, within) if self._level(o) == "community"]

    def _fact(self, kind: GapKind, subject: str, **facts: Any) -> GapFact:
        return GapFact(kind, subject, self._name(subject), self._community_of(subject), facts)

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


# -- one finder per gap kind -------------------------------------------------------------
GapFinder = Callable[[MemoryPatterns, GapKind, str, "str | None"], Iterator[GapFact]]
"""A gap kind's finder: called with the store, the kind, the as-of time (which only ``need_overdue`` reads) and the
community asked about (None: the whole network). Within a community it may look at more subjects than belong to it
(:meth:`MemoryPatterns.gap_facts` keeps those whose community it is), never fewer."""

_DOWN_FROM_COMMUNITY: dict[NodeKind, tuple[RelType, ...]] = {
    K.COMMUNITY: (),
    K.GRID: (R.HAS_GRID,),
    K.BUILDING: (R.HAS_GRID, R.HAS_BUILDING),
    K.ESTATE: (R.HAS_ESTATE,),
    K.NEED: (R.HAS_NEED,),
}


def _subjects(store: MemoryPatterns, kind: NodeKind, within: str | None) -> list[str]:
    """The ids of ``kind`` a finder looks at, sorted: every one, or those that may belong to community ``within``.

    A node belongs to the community :meth:`MemoryPatterns._community_of` names,
    which is always one its own relationships lead up to (a building's grid's
    community, a party organization's PARTY_ORG_OF community ...): walking down
    from the community finds every node that may belong to it, and a city's
    other hundreds of thousands are not looked at.
    """
    if within is None:
        return store.ids(kind)
    if kind is K.PARTY_ORG:
        found = {o for o, _ in store._in(within, R.PARTY_ORG_OF)}
    else:
        found = {within}
        for rel in _DOWN_FROM_COMMUNITY[kind]:
            found = {t for s in found for t, _ in store._out(s, rel)}
    return sorted(i for i in found if store._kind(i) is kind)


def _buildings(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    """The two building kinds: a city has hundreds of thousands of buildings, so the edge
    dicts are read directly and each grid's community is found once, not once per building."""
    pred, nodes = store.graph._pred, store.graph._node
    head, covers, in_grid = REL_KEY[R.BUILDING_HEAD_OF], REL_KEY[R.COVERS], REL_KEY[R.HAS_BUILDING]
    community_of_grid: dict[str, str | None] = {}
    for b in _subjects(store, K.BUILDING, within):
        edges = pred[b]
        if kind is GapKind.BUILDING_WITHOUT_HEAD:
            covered = any(head in keys for keys in edges.values())
        else:
            covered = any(covers in keys and nodes[o]["props"].get("level") == "building_group" for o, keys in edges.items())
        if covered:
            continue
        grid = min((g for g, keys in edges.items() if in_grid in keys), default=None)
        if grid is None:
            community = None
        elif grid in community_of_grid:
            community = community_of_grid[grid]
        else:
            community = community_of_grid[grid] = store._community_of(grid)
        yield GapFact(kind, b, store._name(b), community, {})


def _grid_without_branch(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    for grid in _subjects(store, K.GRID, within):
        if not store._covered_by(grid, "grid_branch"):
            yield store._fact(kind, grid)


def _grid_without_fulltime_worker(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    for grid in _subjects(store, K.GRID, within):
        full_time = [bool(p.get("full_time", True)) for _, p in store._in(grid, R.GRID_WORKER_OF)]
        if not any(full_time):
            yield store._fact(kind, grid, part_time=len(full_time))


def _community_without_partner(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    for c in _subjects(store, K.COMMUNITY, within):
        if not any(True for _ in store._in(c, R.CO_BUILDS)):
            yield store._fact(kind, c)


def _community_without_service_center(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    for c in _subjects(store, K.COMMUNITY, within):
        if not any(
            store._kind(f) is K.FACILITY and store._props(f).get("type") in SERVICE_POINT_TYPES
            for f, _ in store._in(c, R.LOCATED_IN)
        ):
            yield store._fact(kind, c)


def _community_without_party_org(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    for c in _subjects(store, K.COMMUNITY, within):
        if not any(store._kind(o) is K.PARTY_ORG and store._level(o) == "community" for o, _ in store._in(c, R.PARTY_ORG_OF)):
            yield store._fact(kind, c)


def _party_org_without_secretary(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    for o in store._community_orgs(within):
        if not any(True for _ in store._in(o, R.SECRETARY_OF)):
            yield store._fact(kind, o)


def _secretary_without_pair(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    for s in store.secretaries():
        if not any(True for _ in store._out(s.id, R.MENTORS)) and not any(True for _ in store._in(s.id, R.MENTORS)):
            org = store._secretary_org(s.id)
            yield GapFact(kind, s.id, s.name, s.community, {"org": org, "org_name": store._name(org)})


def _need_without_resolver(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    # match(need, in_area_only=True) is empty exactly when neither the need's category nor
    # a descendant or ancestor of it is offered by a Partner/Facility with a tie to its
    # community: index those categories per community once instead of matching every open need.
    lineages: dict[str, list[str]] = {}
    offered: dict[str, set[str]] = {}
    for n in _subjects(store, K.NEED, within):
        if store._props(n).get("status") != "open":
            continue
        need_community = store._community_of(n)
        need_category = min((cat for cat, _ in store._out(n, R.IN_CATEGORY)), default=None)
        if need_community is None or need_category is None:
            continue
        store._require(need_community, K.COMMUNITY, "community")
        if need_category not in lineages:
            lineages[need_category] = list(store.category_relations(need_category))
        if need_community not in offered:
            offered[need_community] = store._offered_in_area(need_community)
        if offered[need_community].isdisjoint(lineages[need_category]):
            yield store._fact(kind, n, category=need_category, category_name=store._name(need_category))


def _estate_without_red_property(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    for e in _subjects(store, K.ESTATE, within):
        managers = [p for p, _ in store._in(e, R.MANAGES)]
        red = any(store._kind(o) is K.PARTY_ORG for m in managers for o, _ in store._in(m, R.PARTY_ORG_OF))
        if not red:
            yield store._fact(kind, e, managers=sorted(store._name(m) for m in managers))


def _need_overdue(store: MemoryPatterns, kind: GapKind, as_of: str, within: str | None) -> Iterator[GapFact]:
    limits = overdue_params(store.category_time_limits(), as_of)
    cutoffs, days_of = limits["cutoffs"], limits["resolve_days"]
    for n in _subjects(store, K.NEED, within):
        props = store._props(n)
        status = props.get("status")
        category = min((cat for cat, _ in store._out(n, R.IN_CATEGORY)), default=None)
        if status == "resolved" or category is None:
            continue
        reported = store._report_time(n)
        if reported is None:
            continue
        if reported < cutoffs.get(category, limits["default_cutoff"]):
            yield store._fact(kind, n, category=category, category_name=store._name(category), reported=reported,
                              resolve_days=days_of.get(category, limits["default_days"]), status=status)


GAP_FINDERS: dict[GapKind, GapFinder] = {
    GapKind.BUILDING_WITHOUT_HEAD: _buildings,
    GapKind.BUILDING_WITHOUT_PARTY_GROUP: _buildings,
    GapKind.GRID_WITHOUT_BRANCH: _grid_without_branch,
    GapKind.GRID_WITHOUT_FULLTIME_WORKER: _grid_without_fulltime_worker,
    GapKind.COMMUNITY_WITHOUT_PARTNER: _community_without_partner,
    GapKind.COMMUNITY_WITHOUT_SERVICE_CENTER: _community_without_service_center,
    GapKind.COMMUNITY_WITHOUT_PARTY_ORG: _community_without_party_org,
    GapKind.PARTY_ORG_WITHOUT_SECRETARY: _party_org_without_secretary,
    GapKind.SECRETARY_WITHOUT_PAIR: _secretary_without_pair,
    GapKind.NEED_WITHOUT_RESOLVER: _need_without_resolver,
    GapKind.ESTATE_WITHOUT_RED_PROPERTY: _estate_without_red_property,
    GapKind.NEED_OVERDUE: _need_overdue,
}
"""How the embedded store finds each gap kind of the registry."""
