"""Applying a dispatch proposal: one ``dispatch`` event per assignment, each through the lifecycle's rules.

:func:`apply_dispatch` is what ``POST /dispatch`` and ``linli dispatch
--apply`` do: each assignment of a
:class:`~graph_model.planning.dispatch.DispatchReport` is appended with
:func:`api.need_events.append_need_event` (the rules of every event write,
journaled like every write), all at the same time, with the reason
:data:`DISPATCH_REASON`. A need whose status changed since the proposal was
made is refused as any write would be (409), and the needs after it are not
dispatched; those before it stay dispatched, each a complete write.
"""

from __future__ import annotations

import logging
import threading

from api.need_events import append_need_event
from graph_model.need_lifecycle import NeedEvent, now_text
from graph_model.planning.dispatch import DispatchReport
from graph_model.store import GraphStore

__all__ = ["DISPATCH_REASON", "apply_dispatch"]

log = logging.getLogger(__name__)

DISPATCH_REASON = "派单方案"
"""The reason recorded on the events a dispatch proposal writes (data, kept in Chinese)."""


def apply_dispatch(store: GraphStore, lock: threading.Lock, report: DispatchReport, *, by: str | None = None,
                   at: str | None = None) -> list[NeedEvent]:
    """Append the proposal's dispatch events (see the module docstring); the events as stored."""
    when = at or now_text()
    events = [append_need_event(store, lock, a.need, "dispatch", partner=a.candidate, reason=DISPATCH_REASON, by=by, at=when)
              for a in report.assignments]
    log.info("dispatch applied: %d needs", len(events))
    return events
