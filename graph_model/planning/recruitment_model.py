"""The recruitment plan's integer program: which new agreements (partner, community) close the most gaps.

Reach for :func:`best_agreements` with a :class:`RecruitmentProblem` (one
subdistrict s). An agreement p→c (no CO_BUILDS p→c yet) ties p to every
community of s (1.0 to c, 0.3 to the others), so it closes each gap need of
s that p is a candidate for, and the gap of c when c has no partner. Choose
at most ``k`` agreements, at most ``per_partner`` per partner, to maximise

    value = closed gap needs + closed community gaps.

The program (scipy's :func:`~scipy.optimize.milp`, HiGHS branch and cut,
relative gap 0: a proven optimum), over partners that matter:

- ``x[p,c]`` ∈ {0,1} for c a community without partner: agreement p→c;
- ``v[p]`` ∈ {0,1}: an agreement of p with some other community of s (the
  smallest id it has none with) — only its tie matters;
- ``y[n]``, ``z[c]`` ∈ [0,1]: need n, community c closed;
- ``y[n] ≤ Σ_{p candidate of n} (v[p] + Σ_c x[p,c])``, ``z[c] ≤ Σ_p x[p,c]``,
  ``Σ (x + v) ≤ k``, ``Σ_c x[p,c] + v[p] ≤ per_partner``;
- maximise ``(k+1)·(Σy + Σz) − Σ(x + v)``: the value first, then the fewest agreements.

Partners with the same gap needs (and the same communities open to them) are
interchangeable: of each such group only the ``k`` smallest ids are kept (a plan uses at most ``k`` partners), which keeps
a city's program small without changing its optimum.

Examples
--------
>>> problem = RecruitmentProblem(communities=("c1", "c2"), gap_communities=frozenset({"c2"}),
...     gap_needs={"n1": frozenset({"p1"}), "n2": frozenset({"p1", "p2"}), "n3": frozenset({"p2"})},
...     partners=("p1", "p2", "p3"), existing=frozenset())
>>> plan = best_agreements(problem, k=2, per_partner=1)
>>> plan.value, plan.agreements, plan.optimal
(4, (('p1', 'c2'), ('p2', 'c2')), True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

__all__ = ["RecruitmentProblem", "AgreementPlan", "best_agreements", "plan_value"]


@dataclass(frozen=True, slots=True)
class RecruitmentProblem:
    """One subdistrict's gaps: its communities, those without partner, each gap need's candidate partners, every partner."""

    communities: Sequence[str]
    gap_communities: frozenset[str]
    gap_needs: Mapping[str, frozenset[str]]
    partners: Sequence[str]
    existing: frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class AgreementPlan:
    """The chosen agreements (partner, community), sorted; their value; whether the solver proved it optimal."""

    agreements: tuple[tuple[str, str], ...]
    value: int
    optimal: bool


def plan_value(problem: RecruitmentProblem, agreements: Sequence[tuple[str, str]]) -> int:
    """The value of ``agreements`` (their needs and community gaps closed), by the definition.

    Examples
    --------
    >>> problem = RecruitmentProblem(("c1",), frozenset({"c1"}), {"n1": frozenset({"p1"})}, ("p1", "p2"), frozenset())
    >>> plan_value(problem, [("p2", "c1")]), plan_value(problem, [("p1", "c1")])
    (1, 2)
    """
    partners = {p for p, _c in agreements}
    needs = sum(1 for cands in problem.gap_needs.values() if cands & partners)
    return needs + len({c for _p, c in agreements} & problem.gap_communities)


def _kept_partners(problem: RecruitmentProblem, k: int) -> list[str]:
    """The partners worth a variable: of each group closing the same gap needs, the ``k`` smallest ids."""
    closes: dict[str, set[str]] = {}
    for need, candidates in problem.gap_needs.items():
        for p in candidates:
            closes.setdefault(p, set()).add(need)
    others = {c for c in problem.communities if c not in problem.gap_communities}
    blocked: dict[str, set[str]] = {}
    for p, c in problem.existing:
        blocked.setdefault(p, set()).add(c)
    groups: dict[tuple[frozenset[str], frozenset[str], bool], list[str]] = {}
    for p in sorted(problem.partners):
        # interchangeable: the same gap needs, the same gap communities open to it, some other community open or not
        own = blocked.get(p, set())
        key = (frozenset(closes.get(p, ())), frozenset(own & problem.gap_communities), bool(others - own))
        group = groups.setdefault(key, [])
        if len(group) < k:
            group.append(p)
    return sorted(p for group in groups.values() for p in group)


def best_agreements(problem: RecruitmentProblem, *, k: int, per_partner: int = 2) -> AgreementPlan:
    """The optimum of the program in the module docstring (deterministic for the same problem)."""
    if k <= 0 or per_partner <= 0 or not problem.communities:
        return AgreementPlan((), 0, True)
    gap_communities = sorted(problem.gap_communities)
    others = [c for c in sorted(problem.communities) if c not in problem.gap_communities]
    pairs: list[tuple[str, str]] = []  # one variable each: x[p,c] for gap communities, then v[p] as (p, its other community)
    for p in _kept_partners(problem, k):
        pairs += [(p, c) for c in gap_communities if (p, c) not in problem.existing]
        other = next((c for c in others if (p, c) not in problem.existing), None)
        if other is not None:
            pairs.append((p, other))
    needs = sorted(problem.gap_needs)
    n_pairs, n_needs = len(pairs), len(needs)
    n_vars = n_pairs + n_needs + len(gap_communities)
    if not pairs:
        return AgreementPlan((), 0, True)
    objective = np.zeros(n_vars)
    objective[:n_pairs] = 1.0  # minimised: the fewest agreements ...
    objective[n_pairs:] = -(k + 1.0)  # ... after the most gaps closed
    rows = lil_matrix((1 + n_needs + len(gap_communities) + n_pairs, n_vars))
    lower: list[float] = []
    upper: list[float] = []
    rows[0, :n_pairs] = 1.0
    lower.append(0.0); upper.append(float(k))
    by_partner: dict[str, list[int]] = {}
    by_community: dict[str, list[int]] = {}
    for i, (p, c) in enumerate(pairs):
        by_partner.setdefault(p, []).append(i)
        by_community.setdefault(c, []).append(i)
    row = 1
    for j, need in enumerate(needs):  # y[n] − Σ pairs of its candidates ≤ 0
        rows[row, n_pairs + j] = 1.0
        for p in problem.gap_needs[need]:
            for i in by_partner.get(p, ()):
                rows[row, i] = -1.0
        lower.append(-np.inf); upper.append(0.0); row += 1
    for j, c in enumerate(gap_communities):  # z[c] − Σ_p x[p,c] ≤ 0
        rows[row, n_pairs + n_needs + j] = 1.0
        for i in by_community.get(c, ()):
            rows[row, i] = -1.0
        lower.append(-np.inf); upper.append(0.0); row += 1
    for indices in by_partner.values():  # at most per_partner agreements each
        for i in indices:
            rows[row, i] = 1.0
        lower.append(0.0); upper.append(float(per_partner)); row += 1
    matrix = rows[:row].tocsr()
    integrality = np.zeros(n_vars)
    integrality[:n_pairs] = 1
    result = milp(objective, integrality=integrality, bounds=Bounds(0, 1),
                  constraints=LinearConstraint(matrix, lower[:row], upper[:row]),
                  options={"mip_rel_gap": 0.0, "presolve": True})
    if result.x is None:
        raise RuntimeError(f"the recruitment program found no solution: {result.message}")
    chosen = tuple(sorted(pairs[i] for i in range(n_pairs) if result.x[i] > 0.5))
    return AgreementPlan(chosen, plan_value(problem, chosen), bool(result.status == 0))
