"""One need's record: where it stands, who has it, its time limits and its whole history (诉求流转).

Reach for :func:`need_record`; ``linli need show`` and ``GET /needs/{id}``
print its :meth:`NeedRecord.as_dict`.

Examples
--------
>>> from pathlib import Path
>>> import graph_model
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into
>>> fixture = Path(graph_model.__file__).parents[1] / "tests" / "fixtures" / "lifecycle_small"
>>> store = MemoryStore(); _ = load_into(store, fixture)
>>> record = need_record(store, "n-pipe-2")
>>> record.status, record.current_partner, record.resolved_by, [e.action for e in record.history][-2:]
('resolved', 'pt-water', 'pt-water', ['resolve', 'rate'])
>>> record.respond_hours, record.resolve_days
(1, 10)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph_model.need_lifecycle import NeedEvent, replay, report_time
from graph_model.queries.lookup import resolve_id
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore
from graph_model.time_limits import TimeLimits

__all__ = ["NeedRecord", "need_record"]


@dataclass(frozen=True, slots=True)
class NeedRecord:
    """A need and its lifecycle.

    ``current_partner`` is the partner of its last dispatch while it is not
    open again (for a need without events, its ``resolved_by``);
    ``report_time`` its report event's time, else its ``reported`` date.
    """

    id: str
    name: str
    community: str | None
    category: str | None
    status: str | None
    reported: str | None
    report_time: str | None
    resolved_by: str | None
    current_partner: str | None
    respond_hours: int
    resolve_days: int
    history: tuple[NeedEvent, ...]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``linli need show --json`` and ``GET /needs/{id}``."""
        return {
            "id": self.id, "name": self.name, "community": self.community, "category": self.category,
            "status": self.status, "reported": self.reported, "report_time": self.report_time,
            "resolved_by": self.resolved_by, "current_partner": self.current_partner,
            "respond_hours": self.respond_hours, "resolve_days": self.resolve_days,
            "history": [e.as_dict() for e in self.history],
        }


def need_record(store: GraphStore, need: str) -> NeedRecord:
    """The record of ``need`` (its id or exact name); NotFound (with the nearest ids) for anything else."""
    need = resolve_id(store, NodeKind.NEED, need, what="need")
    node = store.get(need)
    assert node is not None
    rels = store.relationships(need, types=[RelType.HAS_NEED, RelType.IN_CATEGORY, RelType.RESOLVED_BY])
    community = min((r.source for r in rels if r.type is RelType.HAS_NEED), default=None)
    category = min((r.target for r in rels if r.type is RelType.IN_CATEGORY), default=None)
    resolved_by = min((r.target for r in rels if r.type is RelType.RESOLVED_BY), default=None)
    history = tuple(store.need_history([need]).get(need, ()))
    reported = node.props.get("reported")
    current = replay(history, reported=reported).partner if history else resolved_by
    limits = store.category_time_limits().get(category or "", TimeLimits())
    return NeedRecord(
        id=need, name=node.name, community=community, category=category, status=node.props.get("status"),
        reported=reported, report_time=report_time(reported, history), resolved_by=resolved_by,
        current_partner=current, respond_hours=limits.respond_hours, resolve_days=limits.resolve_days,
        history=history,
    )
