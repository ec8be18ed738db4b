"""Coverage gaps: which buildings, grids, communities, needs and estates fall through the net.

Reach for :func:`coverage_gaps`. The backend finds the subjects of each gap
kind (:meth:`~graph_model.store.GraphStore.gap_facts`); the wording, the
counts and the order (kind in the gap registry's order, then community,
then subject id) are decided here, once.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> report = coverage_gaps(store, kinds=["community_without_party_org"])
>>> report.summary
{'community_without_party_org': 0}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from graph_model.gaps import GapKind, describe_gap
from graph_model.errors import InvalidQuery
from graph_model.i18n import _
from graph_model.need_lifecycle import now_text, parse_time
from graph_model.queries.lookup import resolve_gap_kind, resolve_id
from graph_model.schema import NodeKind
from graph_model.store import GraphStore

__all__ = ["Gap", "GapReport", "GapKind", "coverage_gaps", "NO_COMMUNITY"]

NO_COMMUNITY = "(none)"

@dataclass(frozen=True, slots=True)
class Gap:
    """One subject that falls through the net."""

    kind: str
    subject: str
    subject_name: str
    community: str | None
    detail: str


@dataclass(frozen=True, slots=True)
class GapReport:
    """Every gap found, with counts per kind (all asked kinds, zeros included) and per community."""

    gaps: list[Gap]
    summary: dict[str, int]
    by_community: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``linli gaps --json`` and ``GET /gaps``."""
        return {"gaps": [asdict(g) for g in self.gaps], "summary": dict(self.summary), "by_community": dict(self.by_community)}


def _parse_kinds(kinds: Iterable[str | GapKind] | None) -> list[GapKind]:
    if kinds is None:
        return list(GapKind)
    chosen = {resolve_gap_kind(k) for k in kinds}
    return [k for k in GapKind if k in chosen]


def coverage_gaps(
    store: GraphStore,
    *,
    community: str | None = None,
    kinds: Iterable[str | GapKind] | None = None,
    as_of: str | None = None,
) -> GapReport:
    """Find every coverage gap (docs/data-model.md), in the whole dataset or one community.

    Parameters
    ----------
    community
        A community (id or name, see :mod:`graph_model.queries.lookup`) to limit the report to.
    kinds
        Gap kinds to look for, by id or by Chinese or English title (all when None).
    as_of
        The date or date-time ``need_overdue`` judges by (default now); a date is its midnight.
    """
    chosen = _parse_kinds(kinds)
    try:
        moment = now_text() if as_of is None else parse_time(as_of)
    except ValueError as exc:
        raise InvalidQuery(_("as_of {value!r}: expected {expected}").format(value=as_of, expected=exc)) from None
    if community is not None:
        community = resolve_id(store, NodeKind.COMMUNITY, community)
    gaps: list[Gap] = []
    summary: dict[str, int] = {}
    for kind in chosen:
        facts = sorted(store.gap_facts(kind, community, as_of=moment), key=lambda f: (f.community or "", f.subject))
        summary[kind.value] = len(facts)
        gaps += [Gap(kind.value, f.subject, f.subject_name, f.community, describe_gap(f)) for f in facts]
    by_community = Counter(g.community or NO_COMMUNITY for g in gaps)
    return GapReport(gaps, summary, dict(sorted(by_community.items())))
