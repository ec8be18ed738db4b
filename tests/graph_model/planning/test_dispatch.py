"""Dispatch: the exact proposal against brute force on small random instances, and beating greedy on a crafted case.

The crafted case is tests/fixtures/planning_small: n-d1 (pl-c) has p-v (0.8, capacity 1) and p-w
(0.75); n-d2 (pl-d) has only p-v; n-d3 (pl-a) has p-x (0.8, capacity 1) and p-y (0.75); n-d4
(pl-b) has p-x (0.8) and p-z (0.38: a broader category, a tie of 0.3, no capacity). Greedy
(id order) gives n-d1 p-v, loses n-d2, gives n-d3 p-x and n-d4 p-z: 3 needs, 1.98. The
optimum: n-d1 p-w, n-d2 p-v, n-d3 p-y, n-d4 p-x: 4 needs, 3.1. n-none has no in-area candidate.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from graph_model.planning.assignment import SCALE, Option, exact_assignment, greedy_assignment
from graph_model.planning.dispatch import propose_dispatch
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "planning_small"


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    s = MemoryStore()
    load_into(s, FIXTURE)
    return s


def test_exact_beats_greedy_on_needs_and_score(store: MemoryStore) -> None:
    report = propose_dispatch(store)
    assert [(a.need, a.candidate, a.score) for a in report.assignments] == [
        ("n-d1", "p-w", 0.75), ("n-d2", "p-v", 0.8), ("n-d3", "p-y", 0.75), ("n-d4", "p-x", 0.8)]
    assert report.as_dict() == {
        "assignments": [{"need": a.need, "candidate": a.candidate, "score": a.score} for a in report.assignments],
        "assigned": 4, "total_score": 3.1,
        "unassigned": [{"need": "n-none", "reason": "no_candidate"}],
        "greedy": {"assigned": 3, "total_score": 1.98},
    }


def test_a_community_only_and_capacity_as_the_reason(store: MemoryStore) -> None:
    report = propose_dispatch(store, community="c2")
    assert report.as_dict()["assignments"] == [{"need": "n-d4", "candidate": "p-x", "score": 0.8}]
    # without p-w and p-y, n-d1 and n-d2 share p-v (room 1); n-d3 takes p-x, so n-d4 p-z
    report = propose_dispatch(store, without=["p-w", "p-y"])
    assert report.assigned == 3 and report.without == ("p-w", "p-y")
    assert {a.need: a.candidate for a in report.assignments if a.need in ("n-d3", "n-d4")} == {"n-d3": "p-x", "n-d4": "p-z"}
    left = {u.need: u.reason for u in report.unassigned}
    assert left.pop("n-none") == "no_candidate" and list(left.values()) == ["capacity"] and set(left) < {"n-d1", "n-d2"}


def _brute_force(options: dict[str, list[Option]], capacity: dict[str, int | None]) -> tuple[int, int]:
    """The best (needs assigned, total score ×10⁴) over every assignment."""
    needs = sorted(options)
    best = (0, 0)
    for choice in itertools.product(*[[None, *options[n]] for n in needs]):
        used: dict[str, int] = {}
        for option in choice:
            if option is not None:
                used[option.candidate] = used.get(option.candidate, 0) + 1
        if any(capacity.get(c) is not None and k > capacity[c] for c, k in used.items()):  # type: ignore[operator]
            continue
        picked = [o for o in choice if o is not None]
        best = max(best, (len(picked), sum(round(o.score * SCALE) for o in picked)))
    return best


@pytest.mark.parametrize("seed", range(60))
def test_exact_agrees_with_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    candidates = [f"p{i}" for i in range(rng.randint(1, 4))]
    capacity: dict[str, int | None] = {c: rng.choice([None, 0, 1, 1, 2]) for c in candidates}
    options = {f"n{j}": [Option(c, round(rng.uniform(0.1, 1.0), 4)) for c in rng.sample(candidates, rng.randint(0, len(candidates)))]
               for j in range(rng.randint(1, 6))}
    exact = exact_assignment(options, capacity)
    assert (len(exact), sum(round(o.score * SCALE) for o in exact.values())) == _brute_force(options, capacity)
    used: dict[str, int] = {}
    for need, option in exact.items():
        assert option in options[need]
        used[option.candidate] = used.get(option.candidate, 0) + 1
    assert all(capacity[c] is None or k <= capacity[c] for c, k in used.items())  # type: ignore[operator]
    greedy = greedy_assignment(options, capacity)
    assert (len(greedy), sum(round(o.score * SCALE) for o in greedy.values())) <= _brute_force(options, capacity)
