"""The need lifecycle (接诉即办 · 闭环): events, the transition rules, and the state they lead to.

A need moves: reported → dispatched to a partner (派单) → claimed (接单) →
resolved (办结) → rated by the residents (评价); a partner may hand it back
(退单), a bad rating or a planner reopens it (重办). Reach for :func:`replay`
to follow a need's events from its report to its state, :func:`step` for one
more event (what an API write appends), and :func:`state_at` for the state as
of some time (the rates). The loader (``loaders/need_events.py``), the API and
both backends use these rules; nothing else decides them.

Events are stored as ``NeedEvent`` nodes with the id ``<need>#<seq>``
(:func:`event_id`), linked ``(Need)-[:HAS_EVENT]->(NeedEvent)`` and, for the
partner the event concerns, ``(NeedEvent)-[:HANDLED_BY]->(Partner|Facility)``;
``seq`` numbers a need's events from 1 in time order (equal times: file order).

Times are local date-times written ``YYYY-MM-DDTHH:MM`` (``:SS`` added when
not zero; :func:`parse_time`), so comparing the texts compares the times.

Examples
--------
>>> events = [NeedEvent("n1", 1, "2024-03-01T09:00", "dispatch", partner="p1"),
...           NeedEvent("n1", 2, "2024-03-01T15:30", "claim"),
...           NeedEvent("n1", 3, "2024-03-05T10:00", "resolve")]
>>> state = replay(events, reported="2024-03-01")
>>> state.status, state.partner, state.resolver, state.report_time
('resolved', 'p1', 'p1', '2024-03-01T00:00')
>>> step(state, NeedEvent("n1", 4, "2024-03-06", "rate", rating=2)).status
'open'
>>> step(state, NeedEvent("n1", 4, "2024-03-06", "claim"))
Traceback (most recent call last):
...
graph_model.need_lifecycle.TransitionRefused: “接单”需要状态为“已派单”；诉求 'n1' 现在是“已解决”
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from graph_model.errors import LinliError
from graph_model.i18n import _, pick
from graph_model.schema import NEED_ACTION_NAMES, NEED_STATUS_NAMES
from graph_model.time_limits import DEFAULT_RESOLVE_DAYS, TimeLimits

__all__ = [
    "ACTIVE_STATUSES",
    "ALLOWED_FROM",
    "BAD_RATING",
    "NeedEvent",
    "NeedState",
    "LifecycleError",
    "TransitionRefused",
    "EventRefused",
    "event_id",
    "parse_time",
    "date_time",
    "now_text",
    "minus_days",
    "plus_hours",
    "replay",
    "step",
    "start",
    "state_at",
    "report_time",
    "reported_time",
    "overdue_params",
    "effective_partner",
    "with_partner",
]

ALLOWED_FROM: dict[str, frozenset[str]] = {
    "report": frozenset(),  # the first event only
    "dispatch": frozenset({"open"}),
    "claim": frozenset({"dispatched"}),
    "resolve": frozenset({"dispatched", "in_progress"}),
    "return": frozenset({"dispatched", "in_progress"}),
    "rate": frozenset({"resolved"}),
    "reopen": frozenset({"resolved"}),
}
"""The statuses each action is allowed from (docs/data-model.md, the need lifecycle)."""

ACTIVE_STATUSES = ("dispatched", "in_progress")
"""The statuses in which a need weighs on its current partner's capacity."""

BAD_RATING = 2
"""A rating at or below this reopens the need."""

_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def parse_time(text: str) -> str:
    """A date or local date-time as Linli writes it: ``YYYY-MM-DDTHH:MM`` (``:SS`` only when not zero).

    A date alone is its midnight; ``/`` may separate the date's parts (as Excel writes them).

    Examples
    --------
    >>> parse_time("2024-03-01"), parse_time("2024/3/1 9:05"), parse_time("2024-03-01T09:05:30")
    ('2024-03-01T00:00', '2024-03-01T09:05', '2024-03-01T09:05:30')
    >>> parse_time("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: 日期或日期时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS]）
    """
    found = _TIME.match(text.strip().replace("/", "-"))
    expected = _("a date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS])")
    if not found:
        raise ValueError(expected)
    year, month, day, hour, minute, second = (int(p) if p else 0 for p in found.groups())
    try:
        moment = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise ValueError(expected) from None
    return date_time(moment)


def date_time(moment: dt.datetime) -> str:
    """``moment`` written as :func:`parse_time` writes times (seconds only when not zero, no fraction)."""
    text = moment.strftime("%Y-%m-%dT%H:%M")
    return f"{text}:{moment.second:02d}" if moment.second else text


def now_text() -> str:
    """The local time now, as :func:`parse_time` writes times."""
    return date_time(dt.datetime.now().replace(microsecond=0))


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def minus_days(text: str, days: float) -> str:
    """The time ``days`` days before ``text``.

    Examples
    --------
    >>> minus_days("2024-03-16T10:00", 15)
    '2024-03-01T10:00'
    """
    return date_time(_moment(text) - dt.timedelta(days=days))


def plus_hours(text: str, hours: float) -> str:
    """The time ``hours`` hours after ``text``.

    Examples
    --------
    >>> plus_hours("2024-03-01T10:00", 24)
    '2024-03-02T10:00'
    """
    return date_time(_moment(text) + dt.timedelta(hours=hours))


def reported_time(reported: Any) -> str | None:
    """A need's ``reported`` date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as the time it stands for (its first midnight).

    Examples
    --------
    >>> reported_time("2024-05"), reported_time(None)
    ('2024-05-01T00:00', None)
    """
    if reported is None or reported == "":
        return None
    text = str(reported)
    if _PARTIAL_DATE.match(text):
        text += "-01-01"[: 10 - len(text)]
    return parse_time(text)


def event_id(need: str, seq: int) -> str:
    """The id of a need's ``seq``-th event.

    Examples
    --------
    >>> event_id("n-beiyuan-01", 3)
    'n-beiyuan-01#3'
    """
    return f"{need}#{seq}"


@dataclass(frozen=True, slots=True)
class NeedEvent:
    """One event of a need, as stored: its need, its number among the need's events (from 1), and the row's values.

    ``partner`` is the partner the event concerns: the one a ``dispatch``
    names, for every later event the need's current partner then.
    """

    need: str
    seq: int
    at: str
    action: str
    partner: str | None = None
    rating: int | None = None
    reason: str | None = None
    by: str | None = None

    @property
    def id(self) -> str:
        """The NeedEvent node's id."""
        return event_id(self.need, self.seq)

    def props(self) -> dict[str, Any]:
        """The NeedEvent node's properties (the need and partner are its relationships)."""
        own: dict[str, Any] = {"seq": self.seq, "at": self.at, "action": self.action}
        for key in ("rating", "reason", "by"):
            value = getattr(self, key)
            if value is not None:
                own[key] = value
        return own

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of one event of a need's history."""
        return {"seq": self.seq, "at": self.at, "action": self.action, "partner": self.partner,
                "rating": self.rating, "reason": self.reason, "by": self.by}

    @classmethod
    def from_props(cls, need: str, props: Mapping[str, Any], partner: str | None) -> NeedEvent:
        """The event stored as a node with ``props`` (and a HANDLED_BY to ``partner``)."""
        rating = props.get("rating")
        return cls(need, int(props["seq"]), str(props["at"]), str(props["action"]), partner,
                   None if rating is None else int(rating), props.get("reason"), props.get("by"))


@dataclass(frozen=True, slots=True)
class NeedState:
    """Where a need stands after some events.

    ``partner`` is its current partner (the last dispatch's, none once it is
    open again); ``resolver`` the partner of its last ``resolve`` while it is
    resolved (its RESOLVED_BY); ``report_time`` when it was reported (its
    ``report`` event, else its ``reported`` date); ``events`` how many
    events led here.
    """

    status: str
    partner: str | None
    resolver: str | None
    report_time: str | None
    events: int = 0
    last_at: str | None = None


class LifecycleError(LinliError):
    """An event the rules refuse (base of the two below)."""


class TransitionRefused(LifecycleError):
    """An action not allowed in the need's current status (the API answers 409)."""

    def __init__(self, need: str, action: str, status: str) -> None:
        self.need, self.action, self.status = need, action, status
        if action == "report":
            message = _("'report' can only be a need's first event; need {need!r} is {status} by then").format(
                need=need, status=_status(status))
        else:
            allowed = "/".join(_status(s) for s in sorted(ALLOWED_FROM[action], key=list(NEED_STATUS_NAMES).index))
            message = _("{action} needs the status {allowed}; need {need!r} is {status}").format(
                action=_action(action), allowed=allowed, need=need, status=_status(status))
        super().__init__(message)


class EventRefused(LifecycleError):
    """An event whose values break a rule (missing partner or rating, time before the report...)."""

    def __init__(self, need: str, column: str, value: str | None, expected: str) -> None:
        self.need, self.column, self.value, self.expected = need, column, value, expected
        super().__init__(_("{need}, {column}: {value!r} — {expected}").format(need=need, column=column, value=value, expected=expected)
                         if value is not None else _("{need}, {column}: {expected}").format(need=need, column=column, expected=expected))


def _status(status: str) -> str:
    return pick(f"“{NEED_STATUS_NAMES.get(status, (status,))[0]}”", status)


def _action(action: str) -> str:
    return pick(f"“{NEED_ACTION_NAMES.get(action, (action,))[0]}”", action)


def start(reported: Any) -> NeedState:
    """A need's state before its first event: open, no partner, reported at its ``reported`` date (if any)."""
    return NeedState("open", None, None, reported_time(reported))


def step(state: NeedState, event: NeedEvent) -> NeedState:
    """The state after one more ``event`` (its ``partner`` as given, or None), or the error that refuses it.

    Raises :class:`TransitionRefused` for an action not allowed in
    ``state.status`` (checked first), :class:`EventRefused` for an event whose
    values break a rule. The returned state's partner is the event's
    effective partner: :func:`effective_partner` gives it for storing.
    """
    need, action = event.need, event.action
    if action not in ALLOWED_FROM:
        raise EventRefused(need, "action", action, _("one of {actions}").format(actions="/".join(ALLOWED_FROM)))
    if action == "report":
        if state.events:
            raise TransitionRefused(need, action, state.status)
        if event.partner:
            raise EventRefused(need, "partner", event.partner, _("no partner on a report"))
    elif state.status not in ALLOWED_FROM[action]:
        raise TransitionRefused(need, action, state.status)
    report = event.at if action == "report" else state.report_time
    if report is None:
        raise EventRefused(need, "at", event.at, _("a report time first: a report event or the need's reported date"))
    if event.at < report:
        raise EventRefused(need, "at", event.at, _("a time not before the need's report ({report})").format(report=report))
    if state.last_at is not None and event.at < state.last_at:
        raise EventRefused(need, "at", event.at, _("a time not before the need's last event ({last})").format(last=state.last_at))
    if action == "rate" and event.rating is None:
        raise EventRefused(need, "rating", None, _("a rating from 1 to 5 on a rate event"))
    if action != "rate" and event.rating is not None:
        raise EventRefused(need, "rating", str(event.rating), _("no rating except on a rate event"))
    if event.rating is not None and not 1 <= event.rating <= 5:
        raise EventRefused(need, "rating", str(event.rating), _("a whole number from 1 to 5"))
    partner = state.partner
    if action == "dispatch":
        if not event.partner:
            raise EventRefused(need, "partner", None, _("the partner the need is dispatched to"))
        partner = event.partner
    elif event.partner and action != "report" and event.partner != state.partner:
        raise EventRefused(need, "partner", event.partner, _("the need's current partner {partner!r} (or nothing)").format(
            partner=state.partner))
    status, resolver = state.status, state.resolver
    match action:
        case "report":
            status = "open"
        case "dispatch":
            status = "dispatched"
        case "claim":
            status = "in_progress"
        case "resolve":
            status, resolver = "resolved", partner
        case "return" | "reopen":
            status, partner, resolver = "open", None, None
        case "rate" if event.rating is not None and event.rating <= BAD_RATING:
            status, partner, resolver = "open", None, None
    return NeedState(status, partner, resolver, report, state.events + 1, event.at)


def effective_partner(state: NeedState, event: NeedEvent) -> str | None:
    """The partner an allowed ``event`` concerns in ``state`` (before it): the dispatch's own, else the current one."""
    if event.action == "dispatch":
        return event.partner
    return None if event.action == "report" else state.partner


def replay(events: Iterable[NeedEvent], *, reported: Any = None) -> NeedState:
    """A need's state after ``events`` (in order), from :func:`start`; raises as :func:`step` does."""
    state = start(reported)
    for event in events:
        state = step(state, event)
    return state


def state_at(events: Sequence[NeedEvent], until: str, *, reported: Any = None) -> NeedState:
    """A need's state as of ``until`` (the events at or before it), for a need whose ``events`` are valid.

    Examples
    --------
    >>> events = [NeedEvent("n1", 1, "2024-03-01T09:00", "dispatch", partner="p1"),
    ...           NeedEvent("n1", 2, "2024-03-20T10:00", "resolve", partner="p1")]
    >>> state_at(events, "2024-03-10T00:00", reported="2024-03-01").status
    'dispatched'
    """
    return replay((e for e in events if e.at <= until), reported=reported)


def report_time(reported: Any, events: Sequence[NeedEvent]) -> str | None:
    """When a need was reported: its ``report`` event, else its ``reported`` date (None when neither).

    Examples
    --------
    >>> report_time("2024-03-01", [NeedEvent("n1", 1, "2024-02-28T08:00", "report")])
    '2024-02-28T08:00'
    >>> report_time(None, [])
    """
    first = events[0] if events else None
    if first is not None and first.action == "report":
        return first.at
    return reported_time(reported)


def with_partner(event: NeedEvent, state: NeedState) -> NeedEvent:
    """``event`` with the partner it concerns in ``state`` (before it), as it is stored."""
    return replace(event, partner=effective_partner(state, event))


def overdue_params(limits: Mapping[str, TimeLimits], as_of: str) -> dict[str, Any]:
    """What ``need_overdue`` compares with, as of ``as_of``: each category's cut-off and limit, and the defaults'.

    A need not resolved is overdue when its report time is before its
    category's cut-off, ``as_of`` − ``resolve_days`` (as-of − report time >
    resolve_days).

    Examples
    --------
    >>> overdue_params({"safety": TimeLimits(2, 3)}, "2024-03-16T10:00")["cutoffs"]
    {'safety': '2024-03-13T10:00'}
    """
    by_days: dict[int, str] = {}
    for days in {*(lim.resolve_days for lim in limits.values()), DEFAULT_RESOLVE_DAYS}:
        by_days[days] = minus_days(as_of, days)
    return {
        "cutoffs": {k: by_days[lim.resolve_days] for k, lim in limits.items()},
        "resolve_days": {k: lim.resolve_days for k, lim in limits.items()},
        "default_cutoff": by_days[DEFAULT_RESOLVE_DAYS],
        "default_days": DEFAULT_RESOLVE_DAYS,
    }
