"""The planning answers (rates, dispatch, recruitment plans) as sheets for ``--xlsx``, headers in the current language."""

from __future__ import annotations

from graph_model.i18n import _
from graph_model.planning.dispatch import UNASSIGNED_REASONS, DispatchReport
from graph_model.planning.rates import RateRow, RatesReport
from graph_model.planning.recruitment import RecruitmentPlan
from viz.workbook import Col, Sheet

__all__ = ["rates_sheets", "dispatch_sheets", "recommend_sheets", "scope_title", "rate_row_name"]


def scope_title(by: str) -> str:
    """The heading of a rates scope."""
    return {"subdistrict": _("Subdistrict"), "community": _("Community"), "partner": _("Partner")}.get(by, by)


def rate_row_name(row: RateRow) -> str:
    """A row's name, the total's as "Total"."""
    return row.name or row.id or _("Total")


def rates_sheets(report: RatesReport) -> list[Sheet]:
    """One sheet: a row per subdistrict, community or partner, then the total."""
    columns = [Col("name", scope_title(report.by)), Col("id", _("Id")), Col("reported", _("Reported"), number_format="#,##0"),
               Col("responded_on_time", _("Responded on time"), number_format="#,##0"),
               Col("resolved", _("Resolved"), number_format="#,##0"), Col("rated", _("Rated"), number_format="#,##0"),
               Col("satisfied", _("Satisfied"), number_format="#,##0"),
               Col("response_rate", _("Response rate"), number_format="0.00%"),
               Col("resolution_rate", _("Resolution rate"), number_format="0.00%"),
               Col("satisfaction_rate", _("Satisfaction rate"), number_format="0.00%")]
    rows = [{**{c.key: getattr(r, c.key) for c in columns[2:]}, "name": rate_row_name(r), "id": r.id or ""}
            for r in [*report.rows, report.total]]
    for row in rows:
        for key in ("response_rate", "resolution_rate", "satisfaction_rate"):
            if row[key] is None:
                row[key] = ""
    period = f"{report.date_from or '…'} — {report.date_to or '…'}"
    return [Sheet(_("Three rates"), columns, rows, note=_("Needs reported {period}").format(period=period))]


def dispatch_sheets(report: DispatchReport) -> list[Sheet]:
    """The assignments, then the needs left out with why."""
    assigned = Sheet(_("Dispatch proposal"), [
        Col("need_name", _("Need")), Col("need", _("Id")), Col("community", _("Community")),
        Col("candidate_name", _("Partner")), Col("candidate", _("Partner id")), Col("score", _("Score"), number_format="0.0000"),
    ], [{"need_name": a.need_name, "need": a.need, "community": a.community or "", "candidate_name": a.candidate_name,
         "candidate": a.candidate, "score": a.score} for a in report.assignments],
        note=_("{assigned} needs assigned, total score {score:.4f}; greedy: {greedy} needs, {greedy_score:.4f}").format(
            assigned=report.assigned, score=report.total_score, greedy=report.greedy_assigned, greedy_score=report.greedy_total_score))
    left = Sheet(_("Unassigned"), [Col("need_name", _("Need")), Col("need", _("Id")), Col("community", _("Community")),
                                   Col("reason", _("Why"))],
                 [{"need_name": u.need_name, "need": u.need, "community": u.community or "",
                   "reason": _(UNASSIGNED_REASONS.get(u.reason, u.reason))} for u in report.unassigned])
    return [assigned, left]


def recommend_sheets(plan: RecruitmentPlan) -> list[Sheet]:
    """Every proposed agreement, by subdistrict, with the gaps it closes."""
    columns = [Col("subdistrict", _("Subdistrict")), Col("value", _("Gaps closed (subdistrict)")), Col("partner_name", _("Partner")),
               Col("partner", _("Partner id")), Col("community_name", _("Community")), Col("community", _("Community id")),
               Col("closes_needs", _("Needs it closes"), wrap=True), Col("closes_community_gap", _("Closes the community's gap"))]
    rows = [{"subdistrict": s.name, "value": s.value, "partner_name": a.partner_name, "partner": a.partner,
             "community_name": a.community_name, "community": a.community, "closes_needs": "、".join(a.closes_needs),
             "closes_community_gap": _("yes") if a.closes_community_gap else _("no")}
            for s in plan.subdistricts for a in s.agreements]
    note = _("Up to {k} new agreements per subdistrict, at most {p} per partner").format(k=plan.k, p=plan.per_partner)
    return [Sheet(_("Recruitment plan"), columns, rows, note=note)]
