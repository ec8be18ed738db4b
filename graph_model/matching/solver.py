"""Exact maximum-cardinality, maximum-weight matching in general graphs, fast when they are dense.

Reach for :func:`solve_edges` (an edge list) or :func:`solve_dense` (a weight
matrix). Both return a :class:`Matching`: the largest number of pairs and,
among those, the largest total weight. Weights are integers; nothing here
compares floats.

Each connected component goes one of three ways (``Matching.paths`` counts
them):

``direct``
    small or sparse components: rustworkx's blossom algorithm, exact.
``certified``
    large dense components: the 2-matching relaxation (a bipartite assignment on
    the double cover, ``scipy.optimize.linear_sum_assignment``) gives duals and
    a matching with one exposed vertex per odd cycle; the dense blossom engine
    (:mod:`graph_model.matching.dense_blossom`) repairs those few; then an
    independent LP-duality certificate is checked over *every* edge — dual
    feasibility, tight matched edges, full blossoms — which proves the
    matching optimal whatever the engine did.
``fallback``
    when the certificate (or the engine) fails: rustworkx on the component, exact
    but slow on dense graphs.

The cardinality comes first exactly: a graph whose maximum matching is not
(near-)perfect gets ``n − 2m`` dummy vertices (``m`` pairs found so far) joined
to everything at weight 0 and a bonus larger than any weight difference on real
edges, in integers.

Examples
--------
>>> m = solve_edges(4, [0, 1, 2], [1, 2, 3], [10, 100, 10])
>>> m.pairs, m.weight, m.paths
([(0, 1), (2, 3)], 20, {'direct': 1})
>>> import numpy as np
>>> w = np.array([[0, 3, 1], [3, 0, 1], [1, 1, 0]])
>>> solve_dense(w, w > 0).pairs
[(0, 1)]
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import rustworkx as rx
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from graph_model.matching.dense_blossom import INELIGIBLE, DenseBlossom, EngineFault

__all__ = ["Matching", "Method", "solve_edges", "solve_dense"]

log = logging.getLogger(__name__)

Method = Literal["auto", "dense", "rustworkx"]

DENSE_MIN_VERTICES = 64  # below this rustworkx is as fast as the dense engine
DENSE_MIN_DENSITY = 0.05  # share of vertex pairs that are edges; sparser graphs suit rustworkx
DENSE_MAX_VERTICES = 6000  # n×n int64 matrices: ~300 MB each beyond this
BELLMAN_FORD_PASSES = 500  # the assignment potentials settle in a few dozen passes in practice


@dataclass(frozen=True, slots=True)
class Matching:
    """Matched pairs ``(u, v)`` with ``u < v``, sorted; their number and total weight; how each component was solved."""

    pairs: list[tuple[int, int]]
    weight: int
    paths: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """The number of pairs."""
        return len(self.pairs)


def solve_edges(
    n: int, heads: Sequence[int] | np.ndarray, tails: Sequence[int] | np.ndarray,
    weights: Sequence[int] | np.ndarray, *, method: Method = "auto",
) -> Matching:
    """A maximum-cardinality matching of largest total integer weight over the edges ``heads[k]–tails[k]``.

    Self-loops are ignored; a repeated edge keeps its last weight.
    ``method`` forces the dense engine or rustworkx for every component (tests, benchmarks).
    """
    u, v = np.asarray(heads, dtype=np.int64), np.asarray(tails, dtype=np.int64)
    w = np.asarray(weights, dtype=np.int64)
    keep = u != v
    u, v, w = np.minimum(u, v)[keep], np.maximum(u, v)[keep], w[keep]
    key = u * max(n, 1) + v
    last = len(key) - 1 - np.unique(key[::-1], return_index=True)[1]  # last occurrence, in key order
    u, v, w, key = u[last], v[last], w[last], key[last]
    reduced = _divide_by_gcd(w)
    pairs: list[tuple[int, int]] = []
    paths: Counter[str] = Counter()
    if len(u):
        count, labels = connected_components(coo_matrix((np.ones(len(u), np.int8), (u, v)), shape=(n, n)))
        for members in _groups(labels, count):
            local = np.full(n, -1, dtype=np.int64)
            local[members] = np.arange(len(members))
            inside = local[u] >= 0
            edges = local[u[inside]], local[v[inside]], reduced[inside]
            found, path = _solve_component(len(members), edges, None, method)
            paths[path] += 1
            pairs += [(int(members[a]), int(members[b])) for a, b in found]
    pairs = sorted((min(a, b), max(a, b)) for a, b in pairs)
    chosen = np.array([a * max(n, 1) + b for a, b in pairs], dtype=np.int64)
    total = int(w[np.searchsorted(key, chosen)].sum()) if pairs else 0
    return Matching(pairs, total, dict(paths))


def solve_dense(weights: np.ndarray, eligible: np.ndarray, *, method: Method = "auto") -> Matching:
    """:func:`solve_edges` over a symmetric n×n integer ``weights`` matrix where ``eligible`` (symmetric) holds."""
    eligible = np.array(eligible, dtype=bool)
    np.fill_diagonal(eligible, False)
    n = len(eligible)
    full = np.where(eligible, np.asarray(weights, dtype=np.int64), 0)
    reduced = full.copy()
    reduced[eligible] = _divide_by_gcd(full[eligible])
    pairs: list[tuple[int, int]] = []
    paths: Counter[str] = Counter()
    count, labels = connected_components(csr_matrix(eligible))
    for members in _groups(labels, count):
        if len(members) == n:
            block = reduced, eligible
        else:
            block = reduced[np.ix_(members, members)], eligible[np.ix_(members, members)]
        found, path = _solve_component(len(members), None, block, method)
        paths[path] += 1
        pairs += [(int(members[a]), int(members[b])) for a, b in found]
    pairs = sorted((min(a, b), max(a, b)) for a, b in pairs)
    return Matching(pairs, int(sum(full[a, b] for a, b in pairs)), dict(paths))


# -- routing --------------------------------------------------------------------------------------


def _divide_by_gcd(w: np.ndarray) -> np.ndarray:
    """``w`` over the gcd of its entries: smaller integers, the same optimum."""
    scale = int(np.gcd.reduce(np.abs(w))) if len(w) else 0
    return w // scale if scale > 1 else w


def _groups(labels: np.ndarray, count: int) -> list[np.ndarray]:
    """The vertex sets of the labelled components, without the single vertices."""
    order = np.argsort(labels, kind="stable")
    groups = np.split(order, np.cumsum(np.bincount(labels, minlength=count))[:-1])
    return [g for g in groups if len(g) > 1]


def _solve_component(
    k: int, edges: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    block: tuple[np.ndarray, np.ndarray] | None, method: Method,
) -> tuple[list[tuple[int, int]], str]:
    """Pairs (local indices) of one component given as local edges or as a dense block (one of the two)."""
    if edges is not None:
        cu, cv, cw = edges
        if not _use_dense(k, len(cu), method):
            return _rustworkx_matching(k, cu, cv, cw), "direct"
        weights, eligible = np.zeros((k, k), dtype=np.int64), np.zeros((k, k), dtype=bool)
        weights[cu, cv] = weights[cv, cu] = cw
        eligible[cu, cv] = eligible[cv, cu] = True
        return _dense_component(weights, eligible)
    if block is None:
        raise TypeError("a component comes as its edges or as a dense block")
    weights, eligible = block
    if _use_dense(k, int(eligible.sum()) // 2, method):
        return _dense_component(weights, eligible)
    cu, cv = np.nonzero(np.triu(eligible, 1))
    return _rustworkx_matching(k, cu, cv, weights[cu, cv]), "direct"


def _use_dense(k: int, edges: int, method: Method) -> bool:
    if method != "auto":
        return method == "dense"
    return DENSE_MIN_VERTICES <= k <= DENSE_MAX_VERTICES and edges >= DENSE_MIN_DENSITY * k * k / 2


def _rustworkx_matching(k: int, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> list[tuple[int, int]]:
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from(range(k))
    graph.extend_from_weighted_edge_list(list(zip(u.tolist(), v.tolist(), w.tolist())))
    return sorted(rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int))


# -- the certified dense path ---------------------------------------------------------------------


def _dense_component(weights: np.ndarray, eligible: np.ndarray) -> tuple[list[tuple[int, int]], str]:
    """Pairs of a connected component and the path that found them (``certified`` or ``fallback``)."""
    n = len(weights)
    eligible = eligible.copy()
    np.fill_diagonal(eligible, False)
    dummies, bonus = n % 2, 0
    for attempt in (1, 2):
        padded_w, padded_e = _pad(weights, eligible, dummies, bonus)
        try:
            start = _jumpstart(padded_w, padded_e)
        except EngineFault as fault:
            log.warning("dense matching jumpstart failed (%s); falling back to rustworkx", fault)
            break
        if start is None:
            log.info("dense matching: no perfect 2-matching with %d dummies", dummies)
            mate = _greedy_mate(eligible)
        else:
            weight4 = 4 * padded_w
            weight4[~padded_e] = -INELIGIBLE
            engine = DenseBlossom(weight4, *start)
            try:
                perfect = engine.solve(max_events=50 * len(padded_w) + 1000)
            except EngineFault as fault:
                log.warning("dense matching engine gave up (%s); falling back to rustworkx", fault)
                break
            if perfect:
                if _certified(padded_w, padded_e, engine):
                    pairs = [(i, int(j)) for i, j in enumerate(engine.mate[:n].tolist()) if i < j < n]
                    log.info("dense matching: n=%d, %d pairs certified after %d dual updates",
                             n, len(pairs), engine.events)
                    return pairs, "certified"
                log.warning("dense matching certificate failed; falling back to rustworkx")
                break
            mate = engine.mate[:n].copy()
            mate[mate >= n] = -1
        if attempt == 2:
            break
        pairs_found = int((mate >= 0).sum()) // 2
        dummies, bonus = n - 2 * pairs_found, n * int(np.abs(weights).max()) + 1
    u, v = np.nonzero(np.triu(eligible, 1))
    return _rustworkx_matching(n, u, v, weights[u, v]), "fallback"


def _pad(weights: np.ndarray, eligible: np.ndarray, dummies: int, bonus: int) -> tuple[np.ndarray, np.ndarray]:
    """Add ``dummies`` vertices joined to all at weight 0; real edges get ``bonus`` on top."""
    n = len(weights)
    if dummies == 0:
        return (weights + bonus * eligible if bonus else weights), eligible
    size = n + dummies
    padded_w = np.zeros((size, size), dtype=np.int64)
    padded_w[:n, :n] = weights + bonus * eligible
    padded_e = np.ones((size, size), dtype=bool)
    padded_e[:n, :n] = eligible
    np.fill_diagonal(padded_e, False)
    return padded_w, padded_e


def _jumpstart(weights: np.ndarray, eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Engine duals (four times the potentials) and a tight matching from the optimal 2-matching, or None.

    The 2-matching is an assignment on the bipartite double cover (None when
    there is no perfect one); its potentials come from Bellman–Ford on the
    assignment's residual graph, symmetrised: ``(row + col) / 2`` per vertex.
    Its cycles give the matching: every other edge, one vertex exposed per odd cycle.
    """
    n = len(weights)
    profit = weights.astype(np.float64)
    profit[~eligible] = -np.inf  # forbidden
    try:
        r, c = linear_sum_assignment(profit, maximize=True)
    except ValueError:  # no assignment avoids the forbidden entries
        return None
    del profit
    cost = weights.copy()
    cost[~eligible] = -(1 << 40)  # a missing edge never binds
    assigned = weights[r, c]
    col = np.zeros(n, dtype=np.int64)  # potentials of the columns; rows follow from tightness
    scratch = np.empty_like(cost)
    for _ in range(BELLMAN_FORD_PASSES):
        np.subtract(col[None, :], cost, out=scratch)
        bound = scratch.min(axis=1) + assigned  # col[c[i]] <= col[j] + a[i, c[i]] - a[i, j]
        updated = np.minimum(col[c], bound)
        if np.array_equal(updated, col[c]):
            break
        col[c] = updated
    else:
        raise EngineFault("assignment potentials did not settle")
    row = assigned - col[c]
    mate = np.full(n, -1, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    for start in range(n):
        if seen[start]:
            continue
        cycle = [start]
        seen[start] = True
        while not seen[c[cycle[-1]]]:
            cycle.append(int(c[cycle[-1]]))
            seen[cycle[-1]] = True
        first = len(cycle) % 2  # an odd cycle leaves its first vertex exposed
        for a, b in zip(cycle[first::2], cycle[first + 1::2]):
            mate[a], mate[b] = b, a
    return 2 * (row + col), mate


def _greedy_mate(eligible: np.ndarray) -> np.ndarray:
    """A maximal matching, vertex by vertex (only sizes the dummies of a rare second attempt)."""
    mate = np.full(len(eligible), -1, dtype=np.int64)
    for i in range(len(eligible)):
        if mate[i] < 0:
            free = np.flatnonzero(eligible[i] & (mate < 0))
            if len(free):
                mate[i], mate[free[0]] = free[0], i
    return mate


def _certified(weights: np.ndarray, eligible: np.ndarray, engine: DenseBlossom) -> bool:
    """Check the LP-duality certificate of a maximum-weight perfect matching, over every edge."""
    n = len(weights)
    mate, dual = engine.mate, engine.dual
    everyone = np.arange(n)
    if (mate < 0).any() or (mate == everyone).any() or (mate[mate] != everyone).any():
        return False
    if not eligible[everyone, mate].all() or (engine.z < 0).any():
        return False
    slack = dual[:, None] + dual[None, :] - 4 * weights
    for members, z in engine.blossoms():
        inside = np.asarray(members)
        if len(inside) % 2 == 0 or np.isin(mate[inside], inside, invert=True).sum() != 1:
            return False  # a blossom with a positive potential must be odd and full
        slack[np.ix_(inside, inside)] += 2 * z
    return bool((slack[eligible] >= 0).all() and (slack[everyone, mate] == 0).all())
