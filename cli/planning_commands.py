"""``linli rates``, ``linli dispatch`` and ``linli recommend``: the three rates, the dispatch proposal, recruitment plans."""

from __future__ import annotations

import threading
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from cli.common import (DataOption, JsonOption, Neo4jOption, StateDirOption, XlsxOption, console, guarded, open_store, print_json,
                        report_written, settings_for)
from cli.planning_sheets import dispatch_sheets, rate_row_name, rates_sheets, recommend_sheets, scope_title
from cli.report_tables import write_outputs
from graph_model.errors import InvalidQuery
from graph_model.i18n import _
from graph_model.planning.dispatch import UNASSIGNED_REASONS, DispatchReport, propose_dispatch
from graph_model.planning.rates import RatesReport, three_rates
from graph_model.planning.recruitment import RecruitmentPlan, recruitment_plan
from graph_model.planning.what_if import parse_without

__all__ = ["register", "print_rates", "print_dispatch", "print_recommend", "WithoutOption"]

WithoutOption = Annotated[
    list[str] | None,
    typer.Option("--without", help=_("What if these partners or facilities left (ids or names, comma-separated; repeatable)."),
                 show_default=False),
]


class ByChoice(StrEnum):
    """``--by`` of ``linli rates``."""

    subdistrict = "subdistrict"
    community = "community"
    partner = "partner"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2%}"


def print_rates(report: RatesReport) -> None:
    """The rates table, the total last."""
    period = f"{report.date_from or '…'} — {report.date_to or '…'}"
    table = Table(title=_("Three rates (response · resolution · satisfaction), needs reported {period}").format(period=period),
                  title_justify="left")
    table.add_column(scope_title(report.by), ratio=2, overflow="fold")
    for head in (_("Reported"), _("Response rate"), _("Resolution rate"), _("Satisfaction rate")):
        table.add_column(head, justify="right", ratio=1)
    for row in [*report.rows, report.total]:
        table.add_row(rate_row_name(row) if row.id is None else f"{row.name} [dim]{row.id}[/]", str(row.reported),
                      f"{_pct(row.response_rate)} ({row.responded_on_time})", f"{_pct(row.resolution_rate)} ({row.resolved})",
                      f"{_pct(row.satisfaction_rate)} ({row.satisfied}/{row.rated})",
                      style="bold" if row.id is None else None)
    console.print(table)
    console.print(_("In brackets: needs claimed on time; needs resolved; satisfied of rated."), style="dim")


def print_dispatch(report: DispatchReport) -> None:
    """The proposal, what it leaves out and why, and what it gains over the greedy baseline."""
    if report.without:
        console.print(_("What if without: {ids}").format(ids=", ".join(report.without)))
    table = Table(title=_("Dispatch proposal (exact: most needs, then most total score)"), title_justify="left")
    table.add_column(_("Need"), ratio=3, overflow="fold")
    table.add_column(_("Partner"), ratio=3, overflow="fold")
    table.add_column(_("Score"), justify="right")
    for a in report.assignments:
        table.add_row(f"{a.need_name} [dim]{a.need}[/]", f"{a.candidate_name} [dim]{a.candidate}[/]", f"{a.score:.4f}")
    console.print(table)
    console.print(_("Assigned {assigned} needs, total score {score:.4f}; greedy by hand: {greedy} needs, {greedy_score:.4f}").format(
        assigned=report.assigned, score=report.total_score, greedy=report.greedy_assigned, greedy_score=report.greedy_total_score))
    for u in report.unassigned:
        console.print("  " + _("unassigned: {name} ({id}) — {reason}").format(
            name=u.need_name, id=u.need, reason=_(UNASSIGNED_REASONS.get(u.reason, u.reason))))


def print_recommend(plan: RecruitmentPlan) -> None:
    """Each subdistrict's plan: its value, then each agreement with what it closes."""
    for s in plan.subdistricts:
        proven = _("proven optimum") if s.optimal else _("not proven optimal")
        console.print(_("[bold]{name}[/] ({id}): closes {value} gaps ({proven}; {needs} needs without resolver, "
                        "{communities} communities without partner now)").format(
            name=s.name, id=s.id, value=s.value, proven=proven, needs=s.gap_needs, communities=s.gap_communities))
        if not s.agreements:
            continue
        table = Table(title_justify="left")
        table.add_column(_("Partner"), ratio=2, overflow="fold")
        table.add_column(_("Community"), ratio=2, overflow="fold")
        table.add_column(_("Closes"), ratio=4, overflow="fold")
        for a in s.agreements:
            closes = list(a.closes_needs)
            if a.closes_community_gap:
                closes.append(_("the community's partner gap"))
            table.add_row(f"{a.partner_name} [dim]{a.partner}[/]", f"{a.community_name} [dim]{a.community}[/]", "、".join(closes) or "—")
        console.print(table)


@guarded
def rates_command(
    by: Annotated[ByChoice, typer.Option("--by", help=_("Rows by subdistrict, community or partner."))] = ByChoice.subdistrict,
    date_from: Annotated[str | None, typer.Option("--from", help=_("First day of the period of report times (YYYY-MM-DD)."), show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option("--to", help=_("Last day of the period; the rates are as of its end (default now)."), show_default=False)] = None,
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
    xlsx: XlsxOption = None,
) -> None:
    """The three rates: response, resolution and satisfaction (响应率 · 解决率 · 满意率)."""
    with open_store(data, neo4j, state_dir) as store:
        report = three_rates(store, by=by.value, date_from=date_from, date_to=date_to)
    if xlsx:
        report_written(write_outputs(rates_sheets(report), xlsx=xlsx, csv_path=None))
    print_json(report.as_dict()) if as_json else print_rates(report)


@guarded
def dispatch_command(
    community: Annotated[str | None, typer.Option("--community", help=_("Only the open needs of this community (id or name)."))] = None,
    without: WithoutOption = None,
    apply: Annotated[bool, typer.Option("--apply", help=_("Write the proposal: one dispatch event per assignment (Neo4j, or the state directory --state-dir / LINLI_STATE_DIR)."))] = False,
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
    xlsx: XlsxOption = None,
) -> None:
    """Dispatch every open need at once (派单方案): the exact proposal beside the greedy one."""
    leaving = parse_without(without)
    if not apply:
        with open_store(data, neo4j, state_dir) as store:
            report = propose_dispatch(store, community=community, without=leaving)
    else:
        from api.dispatch_writes import apply_dispatch
        from loaders import opening

        settings = settings_for(data, neo4j, state_dir)
        if settings.backend == "memory" and settings.state_dir is None:
            raise InvalidQuery(_("--apply writes to Neo4j (--neo4j) or to the state directory (--state-dir / LINLI_STATE_DIR); "
                                 "the embedded store alone would forget it"))
        store = opening.open_store(settings)
        try:
            report = propose_dispatch(store, community=community, without=leaving)
            apply_dispatch(store, threading.Lock(), report, by="linli dispatch")
        finally:
            store.close()
    if xlsx:
        report_written(write_outputs(dispatch_sheets(report), xlsx=xlsx, csv_path=None))
    if as_json:
        print_json(report.as_dict())
        return
    print_dispatch(report)
    if apply:
        console.print(_("[green]✓[/] dispatched {n} needs").format(n=report.assigned))


@guarded
def recommend_command(
    k: Annotated[int, typer.Option("--k", min=1, help=_("How many new agreements per subdistrict at most."))],
    subdistrict: Annotated[str | None, typer.Option("--subdistrict", help=_("Only this subdistrict (id or name); default: each one."))] = None,
    per_partner: Annotated[int, typer.Option("--per-partner", min=1, help=_("New agreements per partner at most."))] = 2,
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
    xlsx: XlsxOption = None,
) -> None:
    """Which new co-building agreements close the most gaps (共建招募; an exact optimum)."""
    with open_store(data, neo4j, state_dir) as store:
        plan = recruitment_plan(store, k=k, subdistrict=subdistrict, per_partner=per_partner)
    if xlsx:
        report_written(write_outputs(recommend_sheets(plan), xlsx=xlsx, csv_path=None))
    print_json(plan.as_dict()) if as_json else print_recommend(plan)


def register(app: typer.Typer) -> None:
    """Add the planning commands to ``app``."""
    app.command("rates", help=_("The three rates: response, resolution and satisfaction (响应率 · 解决率 · 满意率)."))(rates_command)
    app.command("dispatch", help=_("Dispatch every open need at once (派单方案): the exact proposal beside the greedy one."))(dispatch_command)
    app.command("recommend", help=_("Which new co-building agreements close the most gaps (共建招募; an exact optimum)."))(recommend_command)
