"""Dispatch every open need at once (派单方案): the exact proposal, and the greedy baseline beside it.

Reach for :func:`propose_dispatch`. The open needs in scope (one community,
or all), each with its in-area candidates (partner matching with
``in_area_only``, no limit) and their scores; a Partner's remaining capacity
is its ``capacity`` less the needs it has in progress (at least 0), a Partner
without capacity and every Facility are unlimited. The proposal assigns each
need at most one candidate and no candidate more than its room, with the most
needs and then the largest total score — exact
(:func:`~graph_model.planning.assignment.exact_assignment`). Each unassigned
need says why: ``no_candidate`` (no in-area candidate) or ``capacity`` (every
candidate it has is full in the proposal). A proposal writes nothing;
applying it (the API's ``POST /dispatch``, ``linli dispatch --apply``)
appends one ``dispatch`` event per assignment.

Examples
--------
>>> from pathlib import Path
>>> import graph_model
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into
>>> fixture = Path(graph_model.__file__).parents[1] / "tests" / "fixtures" / "lifecycle_small"
>>> store = MemoryStore(); _ = load_into(store, fixture)
>>> report = propose_dispatch(store)
>>> [(a.need, a.candidate) for a in report.assignments], report.assigned
([('n-lamp-2', 'f-east'), ('n-pipe-3', 'pt-water'), ('n-repair-2', 'pt-water')], 3)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_model.i18n import N_
from graph_model.planning.assignment import Option, exact_assignment, greedy_assignment, total_score
from graph_model.planning.need_index import NeedFacts, need_index
from graph_model.queries.lookup import resolve_id
from graph_model.queries.partner_matching import score_candidate
from graph_model.schema import NodeKind
from graph_model.store import GraphStore

__all__ = ["Assignment", "Unassigned", "DispatchReport", "propose_dispatch", "dispatch_options", "UNASSIGNED_REASONS"]

log = logging.getLogger(__name__)

UNASSIGNED_REASONS = {"no_candidate": N_("no in-area candidate"), "capacity": N_("every candidate is full")}
"""Why a need is left out of the proposal (the texts are shown through the message catalog)."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """One need dispatched to one candidate, with the candidate's score for it."""

    need: str
    candidate: str
    score: float
    need_name: str = ""
    candidate_name: str = ""
    community: str | None = None


@dataclass(frozen=True, slots=True)
class Unassigned:
    """An open need the proposal leaves out, and why (``no_candidate`` or ``capacity``)."""

    need: str
    reason: str
    need_name: str = ""
    community: str | None = None


@dataclass(frozen=True, slots=True)
class DispatchReport:
    """The exact proposal, what it leaves out, and the greedy baseline's totals."""

    assignments: list[Assignment]
    unassigned: list[Unassigned]
    greedy_assigned: int
    greedy_total_score: float
    community: str | None = None
    without: tuple[str, ...] = field(default=())

    @property
    def assigned(self) -> int:
        """How many needs the proposal assigns."""
        return len(self.assignments)

    @property
    def total_score(self) -> float:
        """The sum of the assigned scores, 4 decimals."""
        return total_score({a.need: Option(a.candidate, a.score) for a in self.assignments})

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``linli dispatch --json`` and ``GET /dispatch``."""
        return {
            "assignments": [{"need": a.need, "candidate": a.candidate, "score": a.score} for a in self.assignments],
            "assigned": self.assigned,
            "total_score": self.total_score,
            "unassigned": [{"need": u.need, "reason": u.reason} for u in self.unassigned],
            "greedy": {"assigned": self.greedy_assigned, "total_score": self.greedy_total_score},
        }


@dataclass(frozen=True, slots=True)
class DispatchOptions:
    """Each need's in-area candidates with scores, each candidate's room (None: unlimited) and names."""

    options: dict[str, list[Option]]
    room: dict[str, int | None]
    names: dict[str, str]


def dispatch_options(store: GraphStore, needs: Iterable[NeedFacts]) -> DispatchOptions:
    """The in-area candidates of each of ``needs``, scored as partner matching scores them, and their room.

    The backend is asked once per (community, category) pair, not per need.
    """
    options: dict[str, list[Option]] = {}
    room: dict[str, int | None] = {}
    names: dict[str, str] = {}
    by_pair: dict[tuple[str, str], list[Option]] = {}
    for need in needs:
        if need.community is None or need.category is None:
            options[need.id] = []
            continue
        pair = (need.community, need.category)
        if pair not in by_pair:
            found: list[Option] = []
            for ev in store.match_evidence(*pair).tied:
                scored = score_candidate(ev, community=need.community, category=need.category, category_name=need.category)
                if not scored.in_area:
                    continue
                found.append(Option(ev.id, scored.score))
                names[ev.id] = ev.name
                if ev.kind == NodeKind.PARTNER.value and ev.capacity:
                    room[ev.id] = max(0, int(ev.capacity) - ev.in_progress)
                else:
                    room[ev.id] = None
            by_pair[pair] = sorted(found, key=lambda o: (-o.score, o.candidate))
        options[need.id] = list(by_pair[pair])
    return DispatchOptions(options, room, names)


def propose_dispatch(store: GraphStore, *, community: str | None = None, without: Sequence[str] = ()) -> DispatchReport:
    """The exact dispatch of every open need (of ``community``, id or name, when given); see the module docstring.

    ``without`` names partners or facilities to leave out (what-if, PLANNING §11):
    the answer is the one over :func:`graph_model.planning.what_if.without`.
    """
    if without:
        from graph_model.planning.what_if import without as without_view

        view, left_out = without_view(store, without)
        report = propose_dispatch(view, community=community)
        return DispatchReport(report.assignments, report.unassigned, report.greedy_assigned, report.greedy_total_score,
                              report.community, left_out)
    if community is not None:
        community = resolve_id(store, NodeKind.COMMUNITY, community)
    index = need_index(store)
    open_needs = [n for n in sorted(index.needs.values(), key=lambda n: n.id)
                  if n.status == "open" and (community is None or n.community == community)]
    found = dispatch_options(store, open_needs)
    exact = exact_assignment(found.options, found.room)
    greedy = greedy_assignment(found.options, found.room)
    facts = {n.id: n for n in open_needs}
    assignments = [Assignment(need, o.candidate, o.score, facts[need].name, found.names.get(o.candidate, o.candidate),
                              facts[need].community) for need, o in exact.items()]
    unassigned = [Unassigned(n.id, "capacity" if found.options[n.id] else "no_candidate", n.name, n.community)
                  for n in open_needs if n.id not in exact]
    log.info("dispatch: %d open needs, %d assigned (greedy %d)", len(open_needs), len(assignments), len(greedy))
    return DispatchReport(assignments, unassigned, len(greedy), total_score(greedy), community)
