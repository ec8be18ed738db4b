"""Capacitated assignment of needs to candidates: the exact optimum (a min-cost flow) and the greedy baseline.

Reach for :func:`exact_assignment`: each need gets at most one of its
candidates, no candidate more needs than its capacity (``None``: unlimited),
with the largest number of needs assigned and, among those, the largest
total score. It is networkx's :func:`~networkx.max_flow_min_cost` (network
simplex) on source → need → candidate → sink, scores as integer costs
(the scores have 4 decimals, so ×10⁴ is exact), one flow per connected
part (needs sharing no candidate are solved apart). :func:`greedy_assignment`
is what a dispatcher does by hand: needs in id order, each taking its
best-scoring candidate with room left.

Examples
--------
>>> options = {"n1": [Option("a", 0.9), Option("b", 0.5)], "n2": [Option("a", 0.8)]}
>>> exact = exact_assignment(options, {"a": 1, "b": None})
>>> sorted((n, o.candidate) for n, o in exact.items())
[('n1', 'b'), ('n2', 'a')]
>>> sorted((n, o.candidate) for n, o in greedy_assignment(options, {"a": 1, "b": None}).items())
[('n1', 'a')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

__all__ = ["Option", "exact_assignment", "greedy_assignment", "total_score", "SCALE"]

SCALE = 10_000
"""Scores have 4 decimals: ×SCALE makes them integers, which network simplex needs to be exact."""


@dataclass(frozen=True, slots=True)
class Option:
    """One candidate of a need and its score."""

    candidate: str
    score: float


def total_score(assignment: Mapping[str, Option]) -> float:
    """The sum of the assigned scores, 4 decimals."""
    return round(sum(round(o.score * SCALE) for o in assignment.values()) / SCALE, 4)


def _room(capacity: Mapping[str, int | None], candidate: str, needs: int) -> int:
    cap = capacity.get(candidate)
    return needs if cap is None else max(0, min(int(cap), needs))


def _parts(options: Mapping[str, Sequence[Option]]) -> list[list[str]]:
    """The needs grouped by the candidates they share (connected parts), each sorted, parts by first need."""
    links = nx.Graph()
    for need in sorted(options):
        links.add_node(("n", need))
        for option in options[need]:
            links.add_edge(("n", need), ("c", option.candidate))
    parts = [sorted(name for side, name in part if side == "n") for part in nx.connected_components(links)]
    return sorted(parts)


def exact_assignment(options: Mapping[str, Sequence[Option]], capacity: Mapping[str, int | None]) -> dict[str, Option]:
    """The assignment with the most needs, then the largest total score (see the module docstring).

    ``options`` maps each need to its candidates (a candidate at most once per
    need); ``capacity`` maps a candidate to how many more needs it can take
    (missing or None: unlimited). Deterministic for the same input.
    """
    chosen: dict[str, Option] = {}
    for part in _parts(options):
        flow = nx.DiGraph()
        flow.add_node("source")
        candidates: dict[str, int] = {}
        for need in part:
            for option in options[need]:
                candidates[option.candidate] = candidates.get(option.candidate, 0) + 1
        full = {c for c, n in candidates.items() if _room(capacity, c, n) == 0}
        for need in part:
            flow.add_edge("source", ("n", need), capacity=1, weight=0)
            for option in sorted(options[need], key=lambda o: o.candidate):
                if option.candidate not in full:
                    flow.add_edge(("n", need), ("c", option.candidate), capacity=1, weight=-round(option.score * SCALE))
        for candidate in sorted(candidates):
            if candidate not in full:
                flow.add_edge(("c", candidate), "sink", capacity=_room(capacity, candidate, candidates[candidate]), weight=0)
        if "sink" not in flow:
            continue
        result = nx.max_flow_min_cost(flow, "source", "sink")
        by_candidate = {n: {o.candidate: o for o in options[n]} for n in part}
        for need in part:
            for target, amount in result.get(("n", need), {}).items():
                if amount:
                    chosen[need] = by_candidate[need][target[1]]
    return dict(sorted(chosen.items()))


def greedy_assignment(options: Mapping[str, Sequence[Option]], capacity: Mapping[str, int | None]) -> dict[str, Option]:
    """Needs in id order, each taking its best-scoring candidate (then smallest id) with room left."""
    used: dict[str, int] = {}
    chosen: dict[str, Option] = {}
    for need in sorted(options):
        for option in sorted(options[need], key=lambda o: (-o.score, o.candidate)):
            cap = capacity.get(option.candidate)
            if cap is None or used.get(option.candidate, 0) < cap:
                used[option.candidate] = used.get(option.candidate, 0) + 1
                chosen[need] = option
                break
    return chosen
