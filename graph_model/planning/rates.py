"""The three rates (三率: 响应率 · 解决率 · 满意率) by subdistrict, community or partner.

Reach for :func:`three_rates`. Over a period of report times (``date_from``
to ``date_to``, both whole days, inclusive; default everything) and as of the
end of ``date_to`` (default now), for the needs reported in the period:

- ``responded_on_time``: the first ``claim`` (by then) is within the
  category's ``respond_hours`` of the report time;
- ``resolved``: the status as of then is ``resolved`` (a need without events:
  its ledger status);
- ``rated``: at least one ``rate`` by then; ``satisfied``: the last rating is ≥ 4;

and each rate is the count over ``reported`` (``rated`` for satisfaction),
4 decimals, ``None`` when the denominator is 0. A need without any report
time counts only when no period is given. Rows: every subdistrict (or every
community) of the dataset, needs or not; for partners, every partner or
facility some need of the period was dispatched to by then (a need counts
once for each). ``total`` counts every need of the scope once.

Examples
--------
>>> from pathlib import Path
>>> import graph_model
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into
>>> fixture = Path(graph_model.__file__).parents[1] / "tests" / "fixtures" / "lifecycle_small"
>>> store = MemoryStore(); _ = load_into(store, fixture)
>>> report = three_rates(store, by="partner", date_to="2024-04-30")
>>> [(r.id, r.reported, r.resolved) for r in report.rows]
[('f-east', 1, 1), ('pt-fix', 4, 1), ('pt-power', 2, 1), ('pt-water', 3, 1)]
>>> report.total.satisfaction_rate
0.6667
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from graph_model.errors import InvalidQuery
from graph_model.i18n import _
from graph_model.need_lifecycle import now_text, plus_hours, replay
from graph_model.planning.need_index import NeedFacts, need_index
from graph_model.store import GraphStore
from graph_model.time_limits import TimeLimits

__all__ = ["RateRow", "RatesReport", "NeedOutcome", "need_outcome", "three_rates", "SATISFIED_RATING", "SCOPES"]

log = logging.getLogger(__name__)

SATISFIED_RATING = 4
"""A last rating at or above this is satisfied."""

Scope = Literal["subdistrict", "community", "partner"]
SCOPES: tuple[Scope, ...] = ("subdistrict", "community", "partner")


@dataclass(frozen=True, slots=True)
class NeedOutcome:
    """What one need counts for, as of some time."""

    responded_on_time: bool
    resolved: bool
    rated: bool
    satisfied: bool
    dispatched_to: frozenset[str]


@dataclass(frozen=True, slots=True)
class RateRow:
    """One row of the rates: the counts and the three rates (None when the denominator is 0)."""

    id: str | None
    name: str | None
    reported: int
    responded_on_time: int
    resolved: int
    rated: int
    satisfied: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None


@dataclass(frozen=True, slots=True)
class RatesReport:
    """The rates of each row of a scope, and the total."""

    by: str
    rows: list[RateRow]
    total: RateRow
    date_from: str | None = None
    date_to: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``linli rates --json`` and ``GET /rates``."""
        return {"by": self.by, "rows": [asdict(r) for r in self.rows], "total": asdict(self.total)}


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _row(row_id: str | None, name: str | None, outcomes: Iterable[NeedOutcome]) -> RateRow:
    counted = list(outcomes)
    reported = len(counted)
    on_time = sum(o.responded_on_time for o in counted)
    resolved = sum(o.resolved for o in counted)
    rated = sum(o.rated for o in counted)
    satisfied = sum(o.satisfied for o in counted)
    return RateRow(row_id, name, reported, on_time, resolved, rated, satisfied,
                   _rate(on_time, reported), _rate(resolved, reported), _rate(satisfied, rated))


def need_outcome(need: NeedFacts, limits: TimeLimits, until: str) -> NeedOutcome:
    """What ``need`` counts for as of ``until`` (its events after it are not yet known).

    Examples
    --------
    >>> from graph_model.need_lifecycle import NeedEvent
    >>> events = (NeedEvent("n", 1, "2024-03-01T09:00", "dispatch", "p"), NeedEvent("n", 2, "2024-03-02T08:00", "claim", "p"),
    ...           NeedEvent("n", 3, "2024-03-03T08:00", "resolve", "p"), NeedEvent("n", 4, "2024-03-04", "rate", "p", 5))
    >>> need = NeedFacts("n", "N", "c", "s", "k", "resolved", "2024-03-01T08:00", events)
    >>> o = need_outcome(need, TimeLimits(24, 15), "2024-03-31T23:59:59")
    >>> o.responded_on_time, o.resolved, o.satisfied, sorted(o.dispatched_to)
    (True, True, True, ['p'])
    >>> need_outcome(need, TimeLimits(12, 15), "2024-03-02T23:59:59").responded_on_time
    False
    """
    events = [e for e in need.events if e.at <= until]
    claim = next((e for e in events if e.action == "claim"), None)
    on_time = (claim is not None and need.report_time is not None
               and claim.at <= plus_hours(need.report_time, limits.respond_hours))
    if need.events:
        resolved = replay(events, reported=need.report_time).status == "resolved"
    else:
        resolved = need.status == "resolved"
    ratings = [e.rating for e in events if e.action == "rate" and e.rating is not None]
    return NeedOutcome(
        responded_on_time=on_time,
        resolved=resolved,
        rated=bool(ratings),
        satisfied=bool(ratings) and ratings[-1] >= SATISFIED_RATING,
        dispatched_to=frozenset(e.partner for e in events if e.action == "dispatch" and e.partner),
    )


def _day(text: str | None, what: str) -> dt.date | None:
    if text is None or text == "":
        return None
    try:
        return dt.date.fromisoformat(str(text).strip().replace("/", "-"))
    except ValueError:
        raise InvalidQuery(_("{what} {value!r}: expected a date (YYYY-MM-DD)").format(what=what, value=text)) from None


def three_rates(
    store: GraphStore,
    *,
    by: Scope = "subdistrict",
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
) -> RatesReport:
    """The three rates by ``by`` over the needs reported from ``date_from`` to ``date_to`` (see the module docstring).

    Raises
    ------
    InvalidQuery
        For an unknown ``by``, a date that is not one, or ``date_from`` after ``date_to``.
    """
    if by not in SCOPES:
        raise InvalidQuery(_("by {value!r}: expected one of {choices}").format(value=by, choices=", ".join(SCOPES)))
    start = _day(None if date_from is None else str(date_from), "from")
    end = _day(None if date_to is None else str(date_to), "to")
    if start and end and start > end:
        raise InvalidQuery(_("from {start} is after to {end}").format(start=start, end=end))
    lower = f"{start.isoformat()}T00:00" if start else None
    upper = f"{end.isoformat()}T23:59:59" if end else None
    until = upper or now_text()
    index = need_index(store)
    limits = store.category_time_limits()
    counted: dict[str, NeedOutcome] = {}
    for need in sorted(index.needs.values(), key=lambda n: n.id):
        if need.report_time is None:
            if lower or upper:
                continue
        elif (lower and need.report_time < lower) or (upper and need.report_time > upper):
            continue
        counted[need.id] = need_outcome(need, limits.get(need.category or "", TimeLimits()), until)
    groups: dict[str, list[NeedOutcome]]
    names: Mapping[str, str]
    if by == "partner":
        groups = {}
        for outcome in counted.values():
            for partner in outcome.dispatched_to:
                groups.setdefault(partner, []).append(outcome)
        names = {p: (node.name if (node := store.get(p)) else p) for p in groups}
    else:
        names = index.subdistrict_names if by == "subdistrict" else index.community_names
        groups = {i: [] for i in names}
        for need_id, outcome in counted.items():
            need = index.needs[need_id]
            key = need.subdistrict if by == "subdistrict" else need.community
            if key is not None:
                groups.setdefault(key, []).append(outcome)
    rows = [_row(i, names.get(i, i), groups[i]) for i in sorted(groups)]
    log.info("rates by %s: %d needs in the period, %d rows", by, len(counted), len(rows))
    return RatesReport(by, rows, _row(None, None, counted.values()),
                       start.isoformat() if start else None, end.isoformat() if end else None)
