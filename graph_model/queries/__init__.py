"""The three questions Linli answers, each a public function over any :class:`~graph_model.store.GraphStore`.

- :func:`match` — which partner can resolve a need in a community, and why;
- :func:`coverage_gaps` — what falls through the net;
- :func:`propose_mentor_pairs` — who should mentor whom among community secretaries;
- :func:`need_record` — where one need stands and its history (诉求流转).

Their rules are the data model's (docs/data-model.md).
"""

from graph_model.queries.coverage_gaps import Gap, GapKind, GapReport, coverage_gaps
from graph_model.queries.mentor_pairing import MentorReport, propose_mentor_pairs
from graph_model.queries.need_record import NeedRecord, need_record
from graph_model.queries.partner_matching import MatchReport, MatchResult, match

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
