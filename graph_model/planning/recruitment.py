"""Recruitment plans (共建招募): which new co-building agreements close the most gaps, per subdistrict.

Reach for :func:`recruitment_plan`. For each subdistrict s (or the one asked
for) and a budget ``k``: up to ``k`` new agreements (Partner p, Community c
of s), at most ``per_partner`` per partner, maximising the open needs of s
that are ``need_without_resolver`` now and would get an in-area candidate,
plus the communities of s that are ``community_without_partner`` now and get
one. The backend supplies the gaps and the candidates; the optimum is
:func:`~graph_model.planning.recruitment_model.best_agreements` (an integer
program, proven optimal). Each agreement says which needs and which community
gap it closes; a need several agreements close is listed under the first (by
partner, then community), so the lists add up to the value.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> plan = recruitment_plan(store, k=2)
>>> [(s.id, s.value, s.optimal) for s in plan.subdistricts]
[('sd-daoyi', 6, True)]
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from graph_model.errors import InvalidQuery
from graph_model.gaps import GapKind
from graph_model.i18n import _
from graph_model.planning.need_index import need_index
from graph_model.planning.recruitment_model import RecruitmentProblem, best_agreements
from graph_model.queries.lookup import resolve_id
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore

__all__ = ["NewAgreement", "SubdistrictPlan", "RecruitmentPlan", "recruitment_plan"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NewAgreement:
    """One proposed agreement and the gaps it closes."""

    partner: str
    community: str
    closes_needs: list[str]
    closes_community_gap: bool
    partner_name: str = ""
    community_name: str = ""


@dataclass(frozen=True, slots=True)
class SubdistrictPlan:
    """One subdistrict's plan: its value (gaps closed), the agreements, and whether the optimum is proven."""

    id: str
    name: str
    value: int
    agreements: list[NewAgreement]
    optimal: bool = True
    gap_needs: int = 0
    gap_communities: int = 0


@dataclass(frozen=True, slots=True)
class RecruitmentPlan:
    """A plan per subdistrict, ordered by id."""

    subdistricts: list[SubdistrictPlan]
    k: int
    per_partner: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``linli recommend --json`` and ``GET /recommend``."""
        return {"subdistricts": [
            {"id": s.id, "value": s.value, "agreements": [
                {"partner": a.partner, "community": a.community, "closes_needs": list(a.closes_needs),
                 "closes_community_gap": a.closes_community_gap} for a in s.agreements]}
            for s in self.subdistricts]}


def recruitment_plan(store: GraphStore, *, k: int, subdistrict: str | None = None, per_partner: int = 2) -> RecruitmentPlan:
    """The best ``k`` new agreements for each subdistrict (or ``subdistrict``, id or name); see the module docstring.

    Raises
    ------
    InvalidQuery
        For ``k`` < 1 or ``per_partner`` < 1.
    NotFound
        For an unknown subdistrict (with the nearest ids and names).
    """
    if k < 1:
        raise InvalidQuery(_("k must be at least 1, got {k}").format(k=k))
    if per_partner < 1:
        raise InvalidQuery(_("per-partner must be at least 1, got {p}").format(p=per_partner))
    if subdistrict is not None:
        subdistrict = resolve_id(store, NodeKind.SUBDISTRICT, subdistrict)
    index = need_index(store)
    chosen = [subdistrict] if subdistrict is not None else sorted(index.subdistrict_names)
    wanted = set(chosen)
    partners = store.ids(NodeKind.PARTNER)
    partner_part = store.subgraph(kinds=[NodeKind.PARTNER, NodeKind.COMMUNITY], types=[RelType.CO_BUILDS])
    existing_in: dict[str, set[tuple[str, str]]] = {}
    for r in partner_part.relationships:
        existing_in.setdefault(index.community_subdistrict.get(r.target) or "", set()).add((r.source, r.target))
    partner_names = {n.id: n.name for n in partner_part.nodes if n.kind is NodeKind.PARTNER}
    gap_needs: dict[str, dict[str, frozenset[str]]] = {s: {} for s in chosen}
    # A gap need has no in-area candidate, so its candidates are every offerer of its category as seen
    # from nowhere (``untied``: the same for every community) — one set per category, not per need.
    candidates_of: dict[str, frozenset[str]] = {}
    for fact in store.gap_facts(GapKind.NEED_WITHOUT_RESOLVER):
        need = index.needs.get(fact.subject)
        if need is None or need.subdistrict not in wanted or need.community is None or need.category is None:
            continue
        if need.category not in candidates_of:
            evidence = store.match_evidence(need.community, need.category)
            candidates_of[need.category] = frozenset(
                ev.id for ev in (*evidence.untied, *evidence.tied) if ev.kind == NodeKind.PARTNER.value)
        gap_needs[need.subdistrict][need.id] = candidates_of[need.category]
    gap_communities: dict[str, set[str]] = {s: set() for s in chosen}
    for fact in store.gap_facts(GapKind.COMMUNITY_WITHOUT_PARTNER):
        s = index.community_subdistrict.get(fact.subject)
        if s in wanted:
            gap_communities[s].add(fact.subject)
    plans = []
    for s in chosen:
        problem = RecruitmentProblem(
            communities=tuple(index.communities_of.get(s, ())), gap_communities=frozenset(gap_communities[s]),
            gap_needs=gap_needs[s], partners=partners, existing=frozenset(existing_in.get(s, ())))
        best = best_agreements(problem, k=k, per_partner=per_partner)
        plans.append(_explain(s, index.subdistrict_names.get(s, s), problem, best.agreements, best.optimal,
                              partner_names, index.community_names))
    log.info("recruitment plan: %d subdistricts, k=%d, total value %d", len(plans), k, sum(p.value for p in plans))
    return RecruitmentPlan(plans, k, per_partner)


def _explain(s: str, name: str, problem: RecruitmentProblem, agreements: tuple[tuple[str, str], ...], optimal: bool,
             partner_names: dict[str, str], community_names: Any) -> SubdistrictPlan:
    """Each agreement with what it closes, every gap counted once (under the first agreement that closes it)."""
    closed_needs: set[str] = set()
    closed_communities: set[str] = set()
    out = []
    for partner, community in agreements:
        needs = sorted(n for n, cands in problem.gap_needs.items() if partner in cands and n not in closed_needs)
        closed_needs.update(needs)
        gap = community in problem.gap_communities and community not in closed_communities
        if gap:
            closed_communities.add(community)
        out.append(NewAgreement(partner, community, needs, gap, partner_names.get(partner, partner),
                                community_names.get(community, community)))
    return SubdistrictPlan(s, name, len(closed_needs) + len(closed_communities), out, optimal,
                           len(problem.gap_needs), len(problem.gap_communities))
