"""The three questions Linli answers, each a public function over any :class:`~graph_model.store.GraphStore`.

- :func:`match` — which partner can resolve a need in a community, and why;
- :func:`coverage_gaps` — what falls through the net;
- :func:`propose_mentor_pairs` — who should mentor whom among community secretaries;
- :func:`need_record` — where one need stands and its history (诉求流转).

Their rules are the data model's (docs/data-model.md).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# coverage_gaps and need_record share their module's name: imported here, so the name is the function, never the module
from graph_model.queries.coverage_gaps import Gap, GapKind, GapReport, coverage_gaps
from graph_model.queries.need_record import NeedRecord, need_record

if TYPE_CHECKING:
    from graph_model.queries.mentor_pairing import MentorReport, propose_mentor_pairs
    from graph_model.queries.partner_matching import MatchReport, MatchResult, match

_LATER = {
    **dict.fromkeys(("MentorReport", "propose_mentor_pairs"), "mentor_pairing"),
    **dict.fromkeys(("MatchReport", "MatchResult", "match"), "partner_matching"),
}
"""Imported when first asked for: a command that only loads (``linli stats``) needs neither."""

__all__ = [
    "Gap",
    "GapKind",
    "GapReport",
    "MatchReport",
    "MatchResult",
    "MentorReport",
    "NeedRecord",
    "coverage_gaps",
    "match",
    "need_record",
    "propose_mentor_pairs",
]


def __getattr__(name: str) -> Any:
    home = _LATER.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
