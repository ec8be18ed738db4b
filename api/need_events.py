"""Appending a need's events through the API: the lifecycle's rules, then one change set through the store.

:func:`append_need_event` is what ``POST /needs/{id}/dispatch|claim|resolve|return|rate|reopen``
does, under the write lock: it reads the need and its history, judges the new
event with :func:`graph_model.need_lifecycle.step` — the rules the loader
applies to a ``NeedEvent`` table — and writes the event, the need's new status
and its RESOLVED_BY in one :class:`~graph_model.records.ChangeSet`, which the
embedded store journals like every write. A transition the rules refuse is a
:class:`~graph_model.need_lifecycle.TransitionRefused` (409, naming the status
found); an event whose values break a rule is a
:class:`~graph_model.errors.DatasetError` (422); an unknown need or partner
is a :class:`~graph_model.errors.NotFound` (404).

A need without events is a ledger row: its history starts from the status the
ledger gives it. Before its first event, the events that status implies are
recorded at its report time (dispatched: a dispatch to its ``resolved_by``;
in progress: that and a claim; resolved: that and a resolve), each with the
reason :data:`LEDGER_REASON`; a need that has no report time gets a ``report``
at the new event's time. So what is stored always replays from ``open`` to the
need's status, as a dataset's events must (and an export reloads).

:func:`refuse_status_change` is the other half of the rule: ``PATCH
/needs/{id}`` may not set the status or resolver of a need that has events.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from graph_model.errors import DatasetError, Problem
from graph_model.i18n import _
from graph_model.need_lifecycle import (
    EventRefused,
    LifecycleError,
    NeedEvent,
    NeedState,
    TransitionRefused,
    now_text,
    parse_time,
    replay,
    start,
    step,
    with_partner,
)
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.queries.lookup import resolve_id, resolve_node
from graph_model.store import GraphStore

__all__ = ["LEDGER_REASON", "StatusFollowsEvents", "append_need_event", "refuse_status_change"]

log = logging.getLogger(__name__)

LEDGER_REASON = "据台账状态补录"
"""The reason of the events recorded from a need's ledger status before its first event (data, kept in Chinese)."""

_LEDGER_PATH = {"open": (), "dispatched": ("dispatch",), "in_progress": ("dispatch", "claim"), "resolved": ("dispatch", "resolve")}
_PARTNER_KINDS = (NodeKind.PARTNER, NodeKind.FACILITY)


class StatusFollowsEvents(LifecycleError):
    """A direct change of the status or resolver of a need whose status follows its events (409)."""

    def __init__(self, need: str, status: str | None) -> None:
        self.need, self.status = need, status
        super().__init__(_(
            "need {need!r} has events: its status and resolver follow them; "
            "use POST /needs/{need}/dispatch, claim, resolve, return, rate or reopen"
        ).format(need=need))


def _need(store: GraphStore, need: str) -> Node:
    """The need ``need`` names (its id or its name, as every API write accepts)."""
    return resolve_node(store, NodeKind.NEED, need)


def refuse_status_change(store: GraphStore, need: str, fields: Sequence[str]) -> None:
    """Raise :class:`StatusFollowsEvents` when ``fields`` touch the status or resolver of a need with events."""
    if {"status", "resolved_by"}.isdisjoint(fields):
        return
    node = _need(store, need)
    if store.need_history([node.id]):
        raise StatusFollowsEvents(node.id, node.props.get("status"))


def _ledger_events(need: Node, resolver: str | None, at: str) -> list[NeedEvent]:
    """The events a need's ledger status implies (see the module docstring), before its first real one."""
    status = str(need.props.get("status") or "open")
    path = _LEDGER_PATH.get(status)
    if path is None:
        raise TransitionRefused(need.id, "dispatch", status)
    if path and resolver is None:
        raise DatasetError([Problem("need", None, "resolved_by", None, _(
            "a partner (resolved_by) for need {need!r}: it is {status} in its ledger, so its history starts with a "
            "dispatch to that partner").format(need=need.id, status=status))])
    when = start(need.props.get("reported")).report_time
    events: list[NeedEvent] = []
    if when is None:
        events.append(NeedEvent(need.id, 1, at, "report", reason=LEDGER_REASON))
        when = at
    for action in path:
        events.append(NeedEvent(need.id, len(events) + 1, when, action, resolver if action == "dispatch" else None,
                                reason=LEDGER_REASON))
    return events


def append_need_event(
    store: GraphStore,
    lock: threading.Lock,
    need: str,
    action: str,
    *,
    partner: str | None = None,
    rating: int | None = None,
    reason: str | None = None,
    by: str | None = None,
    at: str | None = None,
) -> NeedEvent:
    """Append one event to ``need``'s history (see the module docstring); the event as stored."""
    try:
        when = now_text() if at is None else parse_time(at)
    except ValueError as exc:
        raise DatasetError([Problem("body", None, "at", at, str(exc))]) from None
    with lock:
        node = _need(store, need)
        need = node.id
        if partner is not None:
            partner = resolve_id(store, _PARTNER_KINDS, partner, what="partner")
        history = store.need_history([need]).get(need, [])
        resolver = min((r.target for r in store.relationships(need, types=[RelType.RESOLVED_BY], direction="out")), default=None)
        earlier = history or _ledger_events(node, resolver, when)
        state = replay(earlier, reported=node.props.get("reported"))
        event = NeedEvent(need, len(earlier) + 1, when, action, partner, rating, reason, by)
        try:
            after = step(state, event)
        except EventRefused as refused:
            raise DatasetError([Problem("body", None, refused.column, refused.value, refused.expected)]) from None
        stored = with_partner(event, state)
        change = _change(node, [] if history else _stored(earlier, node.props.get("reported")), stored, after)
        store.apply(change)
    log.info("need %s: %s (%s → %s)", need, action, state.status, after.status)
    return stored


def _change(node: Node, ledger: Sequence[NeedEvent], event: NeedEvent, after: NeedState) -> ChangeSet:
    """The events to store (the ledger's, if any, then the new one), the need with its new status, its RESOLVED_BY."""
    events = [*ledger, event]
    nodes = [Node(e.id, NodeKind.NEED_EVENT, e.props()) for e in events]
    nodes.append(Node(node.id, NodeKind.NEED, {**node.props, "status": after.status}))
    rels = [Relationship(RelType.HAS_EVENT, node.id, e.id) for e in events]
    rels += [Relationship(RelType.HANDLED_BY, e.id, e.partner) for e in events if e.partner]
    if after.resolver is not None:
        rels.append(Relationship(RelType.RESOLVED_BY, node.id, after.resolver))
    return ChangeSet(nodes, rels, detach=[(node.id, RelType.RESOLVED_BY)])


def _stored(ledger: Sequence[NeedEvent], reported: object) -> list[NeedEvent]:
    """The ledger's events with the partner each concerns, as the loader stores events."""
    state = start(reported)
    out = []
    for event in ledger:
        out.append(with_partner(event, state))
        state = step(state, event)
    return out
