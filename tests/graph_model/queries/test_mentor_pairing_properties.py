"""Mentor pairing on secretaries built in an in-memory store: small hand-made
instances, then random pools (hypothesis) against a brute force over every matching
and networkx.max_weight_matching(maxcardinality=True).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_model.queries import propose_mentor_pairs
from graph_model.queries.mentor_pairing import best_matching
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore

TOL = 1e-9


def _pairs(report) -> list[tuple[str, str, float]]:
    return [(p.mentor.id, p.mentee.id, p.terms.weight) for p in report.proposed]


def _unpaired(report) -> list[tuple[str, str]]:
    return [(s.id, reason) for s, reason in report.unpaired]


# -- secretaries built in a store ------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A secretary as a dataset row would give it (years/rating may be missing)."""

    id: str
    sd: str
    years: float | None
    rating: float | None
    strengths: frozenset[str]
    estate: str | None
    focus: str | None


def build_store(raws: Sequence[Raw], mentors: Sequence[tuple[str, str]] = ()) -> MemoryStore:
    """One community and one level-community party organization per secretary."""
    nodes: list[Node] = [Node(sd, NodeKind.SUBDISTRICT, {"name": sd}) for sd in sorted({r.sd for r in raws})]
    rels: list[Relationship] = []
    for r in raws:
        community = {"name": f"{r.id}社区", "type": "urban"}
        if r.estate:
            community["estate_category"] = r.estate
        if r.focus:
            community["service_focus"] = r.focus
        person: dict[str, object] = {"name": f"书记{r.id}", "strengths": sorted(r.strengths)}
        if r.years is not None:
            person["years_as_secretary"] = r.years
        if r.rating is not None:
            person["rating"] = r.rating
        nodes += [
            Node(f"c-{r.id}", NodeKind.COMMUNITY, community),
            Node(f"po-{r.id}", NodeKind.PARTY_ORG, {"name": f"{r.id}党委", "level": "community"}),
            Node(r.id, NodeKind.PERSON, person),
        ]
        rels += [
            Relationship(RelType.HAS_COMMUNITY, r.sd, f"c-{r.id}"),
            Relationship(RelType.PARTY_ORG_OF, f"po-{r.id}", f"c-{r.id}"),
            Relationship(RelType.SECRETARY_OF, r.id, f"po-{r.id}"),
        ]
    rels += [Relationship(RelType.MENTORS, m, e) for m, e in mentors]
    store = MemoryStore()
    store.apply(ChangeSet(nodes, rels))
    return store


def test_missing_years_count_as_zero_and_missing_rating_as_three() -> None:
    # a: 2 years, rating 4; b: nothing → years 0, rating 3.
    # a→b: gap 2 → eligible; 1 + 0 + 0 + 0 + 0.1 + 0.5·(4 − 3) = 1.6
    store = build_store([Raw("a", "sd", 2, 4, frozenset(), None, None), Raw("b", "sd", None, None, frozenset(), None, None)])
    b = next(s for s in store.secretaries() if s.id == "b")
    assert (b.years, b.rating) == (0.0, 3.0)
    report = propose_mentor_pairs(store)
    assert _pairs(report) == [("a", "b", 1.6)]


def test_maximum_cardinality_beats_weight_on_a_path() -> None:
    # years 3 — 0 — 4.5 — 1.5 (a path of eligible pairs); only the middle pair passes on 5 strengths:
    #   b(3)→a(0):    1 + 0 + 0.15  = 1.15
    #   c(4.5)→a(0):  1 + 5 + 0.225 = 6.225   ← heavier alone than both others together (2.3)
    #   c(4.5)→d(1.5):1 + 0 + 0.15  = 1.15    (d already has c's 5 tags)
    # b–c 1.5, b–d 1.5, a–d 1.5: not eligible. Greedy and a plain maximum-weight matching
    # both stop at c→a; the answer is two pairs, b→a + c→d = 2.3.
    tags = frozenset("pqrst")
    raws = [
        Raw("a", "sd", 0, None, frozenset(), None, None),
        Raw("b", "sd", 3, None, frozenset(), None, None),
        Raw("c", "sd", 4.5, None, tags, None, None),
        Raw("d", "sd", 1.5, None, tags, None, None),
    ]
    report = propose_mentor_pairs(build_store(raws))
    assert _pairs(report) == [("b", "a", 1.15), ("c", "d", 1.15)]
    assert report.total_weight == pytest.approx(2.3)


def test_best_matching_prefers_more_pairs_to_more_weight() -> None:
    assert sorted(best_matching(4, [(0, 1, 1.0), (1, 2, 100.0), (2, 3, 1.0)])) == [(0, 1), (2, 3)]
    assert best_matching(3, [(0, 1, 1.0), (1, 2, 2.0)]) == [(1, 2)]
    assert best_matching(3, []) == []
    assert best_matching(2, [(1, 0, 3.5)]) == [(1, 0)]  # pairs come back as given (mentor, mentee)


def test_scope_subdistrict_keeps_pairs_inside_one() -> None:
    # a (sd1, 10 years) could mentor b (sd2, 0) — only under scope all.
    raws = [Raw("a", "sd1", 10, None, frozenset(), None, None), Raw("b", "sd2", 0, None, frozenset(), None, None)]
    store = build_store(raws)
    local = propose_mentor_pairs(store)
    assert local.proposed == [] and _unpaired(local) == [("a", "no eligible partner"), ("b", "no eligible partner")]
    assert _pairs(propose_mentor_pairs(store, scope="all")) == [("a", "b", 1.5)]  # 1 + 0.5·10/10


# -- properties on random pools ------------------------------------------------------------------

YEARS = st.one_of(st.none(), st.sampled_from([x / 2 for x in range(0, 29)]))  # 0 … 14 by halves
RATINGS = st.one_of(st.none(), st.sampled_from([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]))


@st.composite
def pools(draw: st.DrawFn) -> tuple[list[Raw], list[tuple[str, str]], str, str]:
    n = draw(st.integers(0, 10))
    raws = [
        Raw(
            f"s{i:02d}",
            draw(st.sampled_from(["sd-a", "sd-b"])),
            draw(YEARS),
            draw(RATINGS),
            frozenset(draw(st.sets(st.sampled_from("abcde"), max_size=4))),
            draw(st.sampled_from([None, "commercial", "rural"])),
            draw(st.sampled_from([None, "elderly", "youth"])),
        )
        for i in range(n)
    ]
    ids = [r.id for r in raws]
    mentors: list[tuple[str, str]] = []
    if len(ids) >= 2:
        for _ in range(draw(st.integers(0, 2))):
            m, e = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
            mentors.append((m, e))
    return raws, mentors, draw(st.sampled_from(["keep", "fresh"])), draw(st.sampled_from(["subdistrict", "all"]))


def reference_weight(m: Raw, e: Raw) -> float | None:
    """The pair-weight formula written out again, independently of the implementation."""
    ym, ye = m.years or 0.0, e.years or 0.0
    if ym - ye < 2:
        return None
    rm, re_ = (3.0 if m.rating is None else m.rating), (3.0 if e.rating is None else e.rating)
    return (
        1
        + len(m.strengths - e.strengths)
        + (1 if m.estate is not None and m.estate == e.estate else 0)
        + (1 if m.focus is not None and m.focus == e.focus else 0)
        + 0.5 * min(ym - ye, 10) / 10
        + 0.5 * max(0.0, rm - re_)
    )


def eligible_edges(pool: Sequence[Raw], scope: str) -> dict[frozenset[str], tuple[str, str, float]]:
    edges = {}
    for i, a in enumerate(pool):
        for b in pool[i + 1:]:
            if scope == "subdistrict" and a.sd != b.sd:
                continue
            for m, e in ((a, b), (b, a)):
                if (w := reference_weight(m, e)) is not None:
                    edges[frozenset((a.id, b.id))] = (m.id, e.id, w)
    return edges


def all_matchings(vertices: Sequence[str], edges: dict[frozenset[str], tuple[str, str, float]]) -> Iterator[tuple[int, float]]:
    """(size, weight) of every matching, by brute force."""
    if not vertices:
        yield 0, 0.0
        return
    v, rest = vertices[0], vertices[1:]
    yield from all_matchings(rest, edges)
    for u in rest:
        edge = edges.get(frozenset((v, u)))
        if edge is not None:
            left = [x for x in rest if x != u]
            for size, weight in all_matchings(left, edges):
                yield size + 1, weight + edge[2]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools())
def test_proposal_is_an_optimal_valid_matching(case: tuple[list[Raw], list[tuple[str, str]], str, str]) -> None:
    raws, mentors, mode, scope = case
    report = propose_mentor_pairs(build_store(raws, mentors), mode=mode, scope=scope)  # type: ignore[arg-type]
    by_id = {r.id: r for r in raws}
    excluded = {p for pair in mentors for p in pair} if mode == "keep" else set()
    pool = [r for r in raws if r.id not in excluded]
    edges = eligible_edges(pool, scope)

    assert report.existing == (sorted(set(mentors)) if mode == "keep" else [])
    # a valid matching of eligible pairs from the pool
    members = [x for p in report.proposed for x in (p.mentor.id, p.mentee.id)]
    assert len(members) == len(set(members))
    assert not set(members) & excluded
    total = 0.0
    for p in report.proposed:
        m, e = by_id[p.mentor.id], by_id[p.mentee.id]
        w = reference_weight(m, e)
        assert w is not None, (m, e)
        if scope == "subdistrict":
            assert m.sd == e.sd
        assert p.terms.weight == pytest.approx(w, abs=TOL)
        total += w
    assert report.total_weight == pytest.approx(total, abs=TOL)
    # as large as any matching, then as heavy
    best_size, best_weight = max(all_matchings([r.id for r in pool], edges), key=lambda sw: (sw[0], sw[1]))
    best_weight = max(w for s, w in all_matchings([r.id for r in pool], edges) if s == best_size)
    assert len(report.proposed) == best_size
    assert abs(total - best_weight) <= TOL
    # networkx agrees
    g = nx.Graph()
    g.add_nodes_from(r.id for r in pool)
    g.add_weighted_edges_from((m, e, w) for m, e, w in edges.values())
    nx_matching = nx.max_weight_matching(g, maxcardinality=True)
    assert len(nx_matching) == best_size
    assert abs(sum(g.edges[a, b]["weight"] for a, b in nx_matching) - total) <= TOL
    # every pool member is paired or unpaired, with the right reason
    unpaired = dict(_unpaired(report))
    assert set(unpaired) | set(members) == {r.id for r in pool}
    for ident, reason in unpaired.items():
        has_edge = any(ident in key for key in edges)
        assert reason == ("odd one out" if has_edge else "no eligible partner")


def _matching_brute_force(n: int, edges: dict[tuple[int, int], int]) -> tuple[int, int]:
    def rec(free: tuple[int, ...]) -> tuple[int, int]:
        if not free:
            return 0, 0
        v, rest = free[0], free[1:]
        best = rec(rest)
        for u in rest:
            w = edges.get((min(u, v), max(u, v)))
            if w is not None:
                size, weight = rec(tuple(x for x in rest if x != u))
                best = max(best, (size + 1, weight + w))
        return best

    return rec(tuple(range(n)))


@st.composite
def integer_graphs(draw: st.DrawFn) -> tuple[int, dict[tuple[int, int], int]]:
    n = draw(st.integers(0, 10))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    return n, {p: draw(st.integers(1, 20)) for p in chosen}


@settings(max_examples=80, deadline=None)
@given(integer_graphs())
def test_best_matching_agrees_with_networkx_and_brute_force(graph: tuple[int, dict[tuple[int, int], int]]) -> None:
    n, edges = graph
    # give half the edges reversed, as (mentor, mentee) order may be either way
    given_edges = [((v, u) if (u + v) % 2 else (u, v)) + (float(w),) for (u, v), w in edges.items()]
    matched = best_matching(n, given_edges)
    assert set(matched) <= {(a, b) for a, b, _ in given_edges}
    ends = [x for pair in matched for x in pair]
    assert len(ends) == len(set(ends))
    weight = sum(edges[(min(a, b), max(a, b))] for a, b in matched)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from((u, v, w) for (u, v), w in edges.items())
    nx_matching = nx.max_weight_matching(g, maxcardinality=True)
    assert (len(matched), weight) == (len(nx_matching), sum(g.edges[a, b]["weight"] for a, b in nx_matching))
    assert (len(matched), weight) == _matching_brute_force(n, edges)
