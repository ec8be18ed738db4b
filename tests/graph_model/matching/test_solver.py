"""The exact matching solver: every path agrees with networkx, a brute force and each other.

Small random graphs (dense, sparse, tied weights, disconnected, odd n, no edges)
are compared with ``networkx.max_weight_matching(maxcardinality=True)`` and an
exhaustive search; mid-size mentor-like instances (n≈200–400) compare the
certified dense path, the rustworkx full solve and the fallback path. The
vectorised candidate weights of mentor pairing are compared with
:func:`~graph_model.queries.mentor_pairing.pair_weight`, pair by pair.
"""

from __future__ import annotations

import random
from itertools import combinations

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_model.evidence import SecretaryFacts
from graph_model.matching import solver as matching_solver
from graph_model.matching.dense_blossom import DenseBlossom, EngineFault
from graph_model.matching.solver import solve_dense, solve_edges
from graph_model.queries.mentor_pairing import WEIGHT_SCALE, _pair_weights_fast_path, best_matching, pair_weight

Edges = dict[tuple[int, int], int]


def _networkx(n: int, edges: Edges) -> tuple[int, int]:
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from((u, v, w) for (u, v), w in edges.items())
    found = nx.max_weight_matching(g, maxcardinality=True)
    return len(found), sum(edges[(min(a, b), max(a, b))] for a, b in found)


def _brute_force(n: int, edges: Edges) -> tuple[int, int]:
    def best(free: tuple[int, ...]) -> tuple[int, int]:
        if not free:
            return 0, 0
        v, rest = free[0], free[1:]
        answer = best(rest)
        for u in rest:
            if (v, u) in edges:
                size, weight = best(tuple(x for x in rest if x != u))
                answer = max(answer, (size + 1, weight + edges[(v, u)]))
        return answer

    return best(tuple(range(n)))


def _check(n: int, edges: Edges, matching: matching_solver.Matching) -> tuple[int, int]:
    """The matching is valid and its reported weight is its weight; return (size, weight)."""
    ends = [x for pair in matching.pairs for x in pair]
    assert len(ends) == len(set(ends))
    assert all(pair in edges for pair in matching.pairs)
    assert matching.weight == sum(edges[pair] for pair in matching.pairs)
    return matching.size, matching.weight


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, Edges]:
    """Random graphs: density from empty to complete, weights from all-tied to spread, maybe split in two."""
    n = draw(st.integers(0, 11))
    density = draw(st.sampled_from([0.0, 0.15, 0.4, 0.8, 1.0]))
    top = draw(st.sampled_from([1, 2, 3, 50]))
    split = draw(st.integers(0, n))  # no edge between [0, split) and [split, n) unless split is 0
    rng = random.Random(draw(st.integers(0, 2**32)))
    edges = {}
    for u, v in combinations(range(n), 2):
        if (split == 0 or (u < split) == (v < split)) and rng.random() < density:
            edges[(u, v)] = rng.randint(-1 if top == 3 else 1, top)
    return n, edges


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.sampled_from(["auto", "dense", "rustworkx"]))
def test_every_method_matches_networkx_and_brute_force(graph: tuple[int, Edges], method: str) -> None:
    n, edges = graph
    pairs = list(edges)
    matching = solve_edges(n, [u for u, _ in pairs], [v for _, v in pairs], list(edges.values()), method=method)
    assert _check(n, edges, matching) == _networkx(n, edges) == _brute_force(n, edges)
    if method == "dense" and edges:
        assert set(matching.paths) == {"certified"}  # the engine's answer passed its certificate


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(20, 70), st.sampled_from([0.1, 0.5, 1.0]), st.sampled_from([2, 6, 1000]), st.integers(0, 2**32))
def test_dense_engine_is_certified_on_larger_random_graphs(n: int, density: float, top: int, seed: int) -> None:
    rng = random.Random(seed)
    edges = {(u, v): rng.randint(1, top) for u, v in combinations(range(n), 2) if rng.random() < density}
    pairs = list(edges)
    matching = solve_edges(n, [u for u, _ in pairs], [v for _, v in pairs], list(edges.values()), method="dense")
    assert _check(n, edges, matching) == _networkx(n, edges)
    if edges:
        assert set(matching.paths) == {"certified"}


def test_repeated_edges_keep_the_last_weight_and_self_loops_are_ignored() -> None:
    # 0–1 first weighs 100 then 1: the last one counts, so 0–2 + 1–3 (2 + 2) beats 0–1 + 2–3 (1 + 1)
    m = solve_edges(4, [0, 0, 1, 2, 1, 3], [1, 2, 3, 3, 0, 3], [100, 2, 2, 1, 1, 50])
    assert m.pairs == [(0, 2), (1, 3)] and m.weight == 4
    assert solve_edges(3, [], [], []).pairs == []


# -- mid-size instances: certified, rustworkx and fallback agree ------------------------------------


def _mentor_like(n: int, seed: int, *, same_years: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Weights and eligibility shaped like mentor pairing: years 0–20, ties on a 0.05 grid."""
    rng = np.random.default_rng(seed)
    years = np.where(rng.random(n) < same_years, 5, rng.integers(0, 21, n))
    strengths = rng.integers(0, 8, n)
    gap = np.abs(years[:, None] - years[None, :])
    weights = (20 + 20 * (strengths[:, None] != strengths[None, :]) + np.minimum(gap, 10)
               + 10 * rng.integers(0, 3, (n, n)))
    weights = np.triu(weights, 1)
    return weights + weights.T, gap >= 2


@pytest.mark.parametrize(("n", "seed", "same_years"), [(200, 1, 0.0), (301, 2, 0.0), (400, 3, 0.0), (260, 4, 0.8)])
def test_certified_path_agrees_with_the_full_rustworkx_solve(n: int, seed: int, same_years: float) -> None:
    weights, eligible = _mentor_like(n, seed, same_years=same_years)
    dense = solve_dense(weights, eligible, method="dense")
    full = solve_dense(weights, eligible, method="rustworkx")
    assert dense.paths == {"certified": 1} and full.paths == {"direct": 1}
    assert (dense.size, dense.weight) == (full.size, full.weight)
    if same_years:  # most share one year: far from a perfect matching, so dummies decide the cardinality
        assert dense.size < n // 2


def test_fallback_path_agrees_when_the_engine_gives_up(monkeypatch: pytest.MonkeyPatch) -> None:
    weights, eligible = _mentor_like(240, 5)
    certified = solve_dense(weights, eligible, method="dense")

    def give_up(self: DenseBlossom, *, max_events: int) -> bool:
        raise EngineFault("forced by the test")

    monkeypatch.setattr(DenseBlossom, "solve", give_up)
    fallback = solve_dense(weights, eligible, method="dense")
    assert fallback.paths == {"fallback": 1}
    assert (fallback.size, fallback.weight) == (certified.size, certified.weight)


def test_the_certificate_rejects_a_wrong_dual_or_matching() -> None:
    weights, eligible = _mentor_like(120, 6)
    np.fill_diagonal(eligible, False)
    start = matching_solver._jumpstart(weights, eligible)
    assert start is not None
    weight4 = 4 * weights
    weight4[~eligible] = -matching_solver.INELIGIBLE
    engine = DenseBlossom(weight4, *start)
    assert engine.solve(max_events=10_000)
    assert matching_solver._certified(weights, eligible, engine)
    engine.dual[0] -= 1  # the matched edge at vertex 0 now has negative slack
    assert not matching_solver._certified(weights, eligible, engine)
    engine.dual[0] += 1
    assert matching_solver._certified(weights, eligible, engine)
    engine.mate[[0, engine.mate[0]]] = -1  # no longer perfect
    assert not matching_solver._certified(weights, eligible, engine)


def test_a_dense_city_scale_instance_is_certified_not_fallen_back() -> None:
    weights, eligible = _mentor_like(600, 7)
    matching = solve_dense(weights, eligible)
    assert matching.paths == {"certified": 1} and matching.size == 300


# -- the candidate weights of mentor pairing -----------------------------------------------------

YEARS = st.one_of(st.integers(0, 24).map(float), st.sampled_from([x / 10 for x in range(0, 160)]),
                  st.floats(0, 30, allow_nan=False))
RATINGS = st.one_of(st.sampled_from([1.0, 1.5, 2.0, 3.0, 3.3, 4.5, 5.0]), st.floats(0, 5, allow_nan=False))


@st.composite
def secretaries(draw: st.DrawFn) -> list[SecretaryFacts]:
    n = draw(st.integers(1, 14))
    return [
        SecretaryFacts(
            f"s{i}", f"s{i}", f"c{i}", f"c{i}", "sd", draw(YEARS), draw(RATINGS),
            tuple(sorted(draw(st.sets(st.sampled_from("abcdefg"), max_size=4)))),
            draw(st.sampled_from([None, "", "commercial", "rural"])), draw(st.sampled_from([None, "elderly", "youth"])),
        )
        for i in range(n)
    ]


@settings(max_examples=120, deadline=None)
@given(secretaries())
def test_vectorised_candidate_weights_equal_pair_weight(group: list[SecretaryFacts]) -> None:
    weights, eligible = _pair_weights_fast_path(group)
    for i, m in enumerate(group):
        for j, e in enumerate(group):
            terms = pair_weight(m, e)
            assert eligible[i, j] == (terms is not None)
            assert weights[i, j] == (int(round(terms.weight * WEIGHT_SCALE)) if terms else 0)


def test_decimal_years_exactly_two_apart_are_eligible_in_the_matrix_too() -> None:
    group = [SecretaryFacts(x, x, "c", "c", "sd", y, 3.0, (), None, None) for x, y in (("m", 4.1), ("e", 2.1))]
    weights, eligible = _pair_weights_fast_path(group)
    assert eligible.tolist() == [[False, True], [False, False]]
    assert weights[0, 1] == 1_100_000  # 1 + 0.5·2/10
    assert best_matching(2, [(0, 1, 1.1)]) == [(0, 1)]
