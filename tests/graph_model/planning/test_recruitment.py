"""Recruitment plans: the integer program against brute force on small random subdistricts, and the fixture's plan."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from graph_model.errors import InvalidQuery, NotFound
from graph_model.planning.recruitment import recruitment_plan
from graph_model.planning.recruitment_model import RecruitmentProblem, best_agreements, plan_value
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "planning_small"


def _brute_force(problem: RecruitmentProblem, k: int, per_partner: int) -> int:
    pairs = [(p, c) for p in problem.partners for c in problem.communities if (p, c) not in problem.existing]
    best = 0
    for size in range(k + 1):
        for chosen in itertools.combinations(pairs, size):
            per: dict[str, int] = {}
            for p, _c in chosen:
                per[p] = per.get(p, 0) + 1
            if max(per.values(), default=0) <= per_partner:
                best = max(best, plan_value(problem, chosen))
    return best


@pytest.mark.parametrize("seed", range(80))
def test_the_program_agrees_with_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    communities = tuple(f"c{i}" for i in range(rng.randint(1, 3)))
    partners = tuple(f"p{i}" for i in range(rng.randint(1, 6)))
    gap_communities = frozenset(c for c in communities if rng.random() < 0.5)
    existing = frozenset((p, c) for p in partners for c in communities if rng.random() < 0.3)
    gap_needs = {f"n{j}": frozenset(p for p in partners if rng.random() < 0.4) for j in range(rng.randint(0, 5))}
    problem = RecruitmentProblem(communities, gap_communities, gap_needs, partners, existing)
    k, per_partner = rng.randint(1, 3), rng.randint(1, 2)
    plan = best_agreements(problem, k=k, per_partner=per_partner)
    assert plan.optimal
    assert plan.value == _brute_force(problem, k, per_partner)
    assert len(plan.agreements) <= k and not set(plan.agreements) & existing
    assert all(sum(1 for p, _c in plan.agreements if p == q) <= per_partner for q in partners)
    assert plan.value == plan_value(problem, plan.agreements)


def test_the_fixture_plan() -> None:
    store = MemoryStore()
    load_into(store, FIXTURE)
    plan = recruitment_plan(store, k=1)
    # sd-b: n-none (pl-a, offered by p-x and p-y, both far from c4) and c4 without partner: one agreement closes both
    assert plan.as_dict() == {"subdistricts": [
        {"id": "sd-a", "value": 0, "agreements": []},
        {"id": "sd-b", "value": 2, "agreements": [
            {"partner": "p-x", "community": "c4", "closes_needs": ["n-none"], "closes_community_gap": True}]},
    ]}
    assert recruitment_plan(store, k=3, subdistrict="乙街道").as_dict()["subdistricts"][0]["value"] == 2
    with pytest.raises(NotFound):
        recruitment_plan(store, k=1, subdistrict="sd-nowhere")
    with pytest.raises(InvalidQuery):
        recruitment_plan(store, k=0)


def test_daoyi_plans_are_proven_and_deterministic(daoyi_store: MemoryStore) -> None:
    first = recruitment_plan(daoyi_store, k=5)
    assert all(s.optimal for s in first.subdistricts)
    assert first.as_dict() == recruitment_plan(daoyi_store, k=5).as_dict()
