"""The query commands' answers as tables — shown in the terminal (first rows) and written whole to Excel or CSV.

One function per report turns it into :class:`~viz.workbook.Sheet` s with
headers in the current language: :func:`gap_sheets` (a summary sheet, then
one sheet per gap kind with every gap), :func:`match_sheets`,
:func:`mentor_sheets`. :func:`write_outputs` writes them: ``--xlsx`` as one
formatted workbook (frozen header, fitted widths, printable), ``--csv`` the
report's main table as UTF-8 with a byte-order mark, which Excel needs to
open Chinese text right.

Examples
--------
>>> from graph_model.queries.coverage_gaps import Gap, GapReport
>>> report = GapReport([Gap("grid_without_branch", "g1", "第一网格", "c1", "无网格党支部覆盖")],
...                    {"grid_without_branch": 1, "building_without_head": 0}, {"c1": 1})
>>> [s.title for s in gap_sheets(report)]
['缺口汇总', '网格无党支部']
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from graph_model.gaps import GAP_KINDS, GapKind, title
from graph_model.i18n import _
from graph_model.queries.coverage_gaps import GapReport
from graph_model.queries.mentor_pairing import UNPAIRED_REASONS, MentorReport, ProposedPair
from graph_model.queries.partner_matching import MatchReport
from viz.workbook import Col, Sheet, write_workbook

__all__ = ["gap_sheets", "match_sheets", "mentor_sheets", "pair_reasons", "write_outputs", "CSV_ENCODING"]

CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark: Excel on Windows reads Chinese right only with it."""


def gap_sheets(report: GapReport) -> list[Sheet]:
    """The summary (gaps per kind), then one sheet per kind that has gaps, every gap in it."""
    summary = Sheet(
        _("Gap summary"),
        [Col("title", _("Gap kind")), Col("kind", _("Kind id")), Col("gaps", _("Gaps"), number_format="#,##0")],
        [{"title": title(kind), "kind": kind, "gaps": n} for kind, n in report.summary.items()],
    )
    sheets = [summary]
    columns = [Col("subject_name", _("Subject")), Col("subject", _("Id")), Col("community", _("Community")),
               Col("detail", _("Detail"), wrap=True)]
    for kind, n in report.summary.items():
        if n:
            rows = [g for g in report.gaps if g.kind == kind]
            sheets.append(Sheet(title(kind), columns, [
                {"subject_name": g.subject_name, "subject": g.subject, "community": g.community or "", "detail": g.detail}
                for g in rows
            ], note=f"{GAP_KINDS[GapKind(kind)].icon} {title(kind)} — {n:,}"))
    return sheets


def _all_gaps_sheet(report: GapReport) -> Sheet:
    """Every gap in one table (for CSV), its kind's title first."""
    columns = [Col("title", _("Gap kind")), Col("subject_name", _("Subject")), Col("subject", _("Id")),
               Col("community", _("Community")), Col("detail", _("Detail"))]
    return Sheet(_("Coverage gaps"), columns, [
        {"title": title(g.kind), "subject_name": g.subject_name, "subject": g.subject, "community": g.community or "", "detail": g.detail}
        for g in report.gaps
    ])


def match_sheets(report: MatchReport) -> list[Sheet]:
    """The ranked candidates with their terms and reasons."""
    columns = [
        Col("rank", "#"), Col("name", _("Partner")), Col("id", _("Id")), Col("sector", _("Sector or type")),
        Col("score", _("Score"), number_format="0.0000"), Col("fit", _("Fit")), Col("tie", _("Tie")),
        Col("record", _("Record"), number_format="0.00"), Col("capacity", _("Capacity"), number_format="0.00"),
        Col("in_area", _("In the area")), Col("reasons", _("Why"), wrap=True),
    ]
    rows = [
        {"rank": i, "name": r.name, "id": r.id, "sector": r.sector or "", "score": r.score, "fit": r.fit, "tie": r.tie,
         "record": r.record, "capacity": r.capacity, "in_area": _("yes") if r.in_area else _("no"), "reasons": "\n".join(r.reasons)}
        for i, r in enumerate(report.results, 1)
    ]
    note = _("{category} in {community}").format(category=report.category_name, community=report.community_name)
    return [Sheet(_("Partner match"), columns, rows, note=note)]


def pair_reasons(pair: ProposedPair, tag_names: dict[str, str]) -> list[str]:
    """Why a proposed pair: the years apart, the strengths passed on (by name), the shared portrait, the ratings."""
    t = pair.terms
    why = [_("{mentor:g} vs {mentee:g} years as secretary").format(mentor=pair.mentor.years, mentee=pair.mentee.years)]
    if t.passes_on:
        why.append(_("passes on {strengths}").format(strengths="、".join(tag_names.get(tag, tag) for tag in t.passes_on)))
    if t.estate_category:
        why.append(_("same estate category ({value})").format(value=pair.mentor.estate_category))
    if t.service_focus:
        why.append(_("same service focus ({value})").format(value=pair.mentor.service_focus))
    if t.rating:
        why.append(_("rating {mentor:g} vs {mentee:g}").format(mentor=pair.mentor.rating, mentee=pair.mentee.rating))
    return why


def mentor_sheets(report: MentorReport) -> list[Sheet]:
    """The proposed pairs (with their weight and why), the unpaired (and why), the existing pairs."""
    pairs = Sheet(_("Proposed pairs"), [
        Col("mentor", _("Mentor")), Col("mentor_community", _("Mentor's community")), Col("mentee", _("Mentee")),
        Col("mentee_community", _("Mentee's community")), Col("weight", _("Weight"), number_format="0.0000"),
        Col("why", _("Why"), wrap=True),
    ], [
        {"mentor": p.mentor.name, "mentor_community": p.mentor.community_name, "mentee": p.mentee.name,
         "mentee_community": p.mentee.community_name, "weight": p.terms.weight, "why": "；".join(pair_reasons(p, report.tag_names))}
        for p in report.proposed
    ], note=_("Total weight: {weight:.4f}").format(weight=report.total_weight))
    unpaired = Sheet(_("Unpaired"), [Col("name", _("Secretary")), Col("community", _("Community")), Col("id", _("Id")),
                                     Col("reason", _("Why"))], [
        {"name": s.name, "community": s.community_name, "id": s.id, "reason": _(UNPAIRED_REASONS.get(reason, reason))}
        for s, reason in report.unpaired
    ])
    name = report.names.get
    existing = Sheet(_("Existing pairs"), [Col("mentor", _("Mentor")), Col("mentee", _("Mentee"))],
                     [{"mentor": name(m, m), "mentee": name(e, e)} for m, e in report.existing])
    return [pairs, unpaired, existing]


def _write_csv(path: Path, sheet: Sheet) -> None:
    with path.open("w", encoding=CSV_ENCODING, newline="") as f:
        out = csv.writer(f)
        out.writerow([c.header for c in sheet.columns])
        for row in sheet.rows:
            out.writerow([row.get(c.key, "") for c in sheet.columns] if isinstance(row, Mapping) else list(row))


def write_outputs(sheets: Sequence[Sheet], *, xlsx: Path | None, csv_path: Path | None, csv_sheet: Sheet | None = None) -> list[Path]:
    """Write ``sheets`` to ``xlsx`` (all of them) and the main table to ``csv_path``; returns what was written."""
    written = []
    if xlsx is not None:
        write_workbook(xlsx, list(sheets))
        written.append(xlsx)
    if csv_path is not None:
        _write_csv(csv_path, csv_sheet or sheets[0])
        written.append(csv_path)
    return written


def all_gaps(report: GapReport) -> Sheet:
    """Every gap in one table: what ``gaps --csv`` writes."""
    return _all_gaps_sheet(report)
