"""``linli match``, ``linli gaps`` and ``linli mentors``: the three questions, as tables, JSON, Excel or CSV."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from cli.common import (CsvOption, DataOption, StateDirOption, JsonOption, Neo4jOption, XlsxOption, console, guarded, open_store, print_json,
                        report_written)
from cli.report_tables import all_gaps, gap_sheets, match_sheets, mentor_sheets, pair_reasons, write_outputs
from graph_model.gaps import GAP_KINDS, title
from graph_model.i18n import _
from graph_model.planning import what_if
from graph_model.planning.what_if import WhatIfGaps
from graph_model.queries import coverage_gaps, match, propose_mentor_pairs
from graph_model.queries.coverage_gaps import GapReport
from graph_model.queries.mentor_pairing import UNPAIRED_REASONS, MentorReport
from graph_model.queries.partner_matching import MatchReport

__all__ = ["register", "print_match", "print_gaps", "print_mentors"]


class ModeChoice(StrEnum):
    """``--mode`` of ``linli mentors``."""

    keep = "keep"
    fresh = "fresh"


class ScopeChoice(StrEnum):
    """``--scope`` of ``linli mentors``."""

    subdistrict = "subdistrict"
    all = "all"


def _table(**options: object) -> Table:
    """A table that wraps long text (Chinese included) rather than cutting it to "…"."""
    return Table(title_justify="left", **options)  # type: ignore[arg-type]


def print_match(report: MatchReport) -> None:
    """A planner's table of one match answer."""
    head = _("[bold]{category}[/] ({category_id}) in [bold]{community}[/] ({community_id})").format(
        category=report.category_name, category_id=report.category, community=report.community_name, community_id=report.community)
    if report.need:
        head = _("Need {need}: ").format(need=report.need) + head
    console.print(head)
    if not report.results:
        console.print("  [yellow]" + _("No partner or facility offers this category (in the area).") + "[/]")
        return
    table = _table(show_lines=True)
    for col, justify, ratio in (("#", "right", None), (_("Partner"), "left", 3), (_("Score"), "right", None),
                                (_("fit·tie·record·capacity"), "left", None), (_("Why"), "left", 5)):
        table.add_column(col, justify=justify, ratio=ratio, overflow="fold")  # type: ignore[arg-type]
    for i, r in enumerate(report.results, 1):
        terms = f"{r.fit:g} · {r.tie:g} · {r.record:.2f} · {r.capacity:.2f}"
        where = "" if r.in_area else " · " + _("out of area")
        who = f"{r.name}\n[dim]{r.id} · {r.sector}{where}[/]"
        table.add_row(str(i), who, f"{r.score:.4f}", terms, "\n".join(r.reasons))
    console.print(table)


def print_gaps(report: GapReport, *, limit_per_kind: int = 10) -> None:
    """The gap summary, then the first gaps of each kind (all of them go to ``--xlsx``)."""
    summary = _table(title=_("Coverage gaps"))
    summary.add_column(_("Gap kind"))
    summary.add_column(_("Gaps"), justify="right")
    for kind, n in report.summary.items():
        summary.add_row(f"{GAP_KINDS[kind].icon} {title(kind)}", f"{n:,}", style="green" if n == 0 else None)  # type: ignore[index]
    console.print(summary)
    for kind, n in report.summary.items():
        if not n:
            continue
        rows = [g for g in report.gaps if g.kind == kind][:limit_per_kind]
        table = _table(title=f"{title(kind)} — {n:,}")
        table.add_column(_("Subject"), ratio=2, overflow="fold")
        table.add_column(_("Community"), ratio=1, overflow="fold")
        table.add_column(_("Detail"), ratio=4, overflow="fold")
        for g in rows:
            table.add_row(f"{g.subject_name} [dim]{g.subject}[/]", g.community or "", g.detail)
        if n > len(rows):
            table.caption = _("… and {more:,} more: --xlsx FILE writes every gap, one sheet per kind").format(more=n - len(rows))
        console.print(table)


def print_gap_changes(what: WhatIfGaps) -> None:
    """What-if: the gaps that would open and close without the partners or facilities named."""
    console.print(_("[bold]Without {ids}[/]: {opened} gaps open, {closed} close").format(
        ids=", ".join(what.without), opened=len(what.opened), closed=len(what.closed)))
    for sign, gaps in (("+", what.opened), ("−", what.closed)):
        for g in gaps:
            console.print(f"  {sign} {title(g.kind)}: {g.subject_name} [dim]{g.subject}[/] — {g.detail}", soft_wrap=True)


def print_mentors(report: MentorReport) -> None:
    """Existing pairs, the proposal with its terms, and the unpaired."""
    name = report.names.get
    if report.existing:
        pairs = "; ".join(f"{name(m, m)} → {name(e, e)}" for m, e in report.existing)
        console.print(_("[bold]Existing pairs[/] ({n}): {pairs}").format(n=len(report.existing), pairs=pairs))
    table = _table(title=_("Proposed mentor → mentee pairs ({mode}, scope {scope})").format(mode=report.mode, scope=report.scope))
    table.add_column(_("Mentor"), ratio=2, overflow="fold")
    table.add_column(_("Mentee"), ratio=2, overflow="fold")
    table.add_column(_("Weight"), justify="right")
    table.add_column(_("Why"), ratio=4, overflow="fold")
    for p in report.proposed:
        table.add_row(
            f"{p.mentor.name} [dim]{p.mentor.community_name}[/]",
            f"{p.mentee.name} [dim]{p.mentee.community_name}[/]",
            f"{p.terms.weight:.2f}",
            _("; ").join(pair_reasons(p, report.tag_names)),
        )
    console.print(table)
    console.print(_("Total weight: [bold]{weight:.4f}[/]").format(weight=report.total_weight))
    for s, reason in report.unpaired:
        console.print("  " + _("unpaired: {name} ({community}, {id}) — {reason}").format(
            name=s.name, community=s.community_name, id=s.id, reason=_(UNPAIRED_REASONS.get(reason, reason))))


@guarded
def match_command(
    need: Annotated[str | None, typer.Option("--need", help=_("A need (id or name): match its community and category."))] = None,
    community: Annotated[str | None, typer.Option("--community", help=_("Community: id, name, part of the name or its pinyin."))] = None,
    category: Annotated[str | None, typer.Option("--category", help=_("Service category: id or name; a parent category also finds its subcategories' offers."))] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help=_("How many partners at most."))] = 5,
    in_area_only: Annotated[bool, typer.Option("--in-area-only", help=_("Only partners tied to the community or its subdistrict."))] = False,
    without: Annotated[list[str] | None, typer.Option("--without", help=_("What if these partners or facilities left (ids or names, comma-separated; repeatable)."), show_default=False)] = None,
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
    xlsx: XlsxOption = None,
    csv_path: CsvOption = None,
) -> None:
    """Which partner can resolve a need in a community, and why."""
    with open_store(data, neo4j, state_dir) as store:
        if without:  # what-if (假如退出): the answer over a copy without them
            store = what_if.without(store, what_if.parse_without(without))[0]
        report = match(store, need=need, community=community, category=category, limit=limit, in_area_only=in_area_only)
    if xlsx or csv_path:
        report_written(write_outputs(match_sheets(report), xlsx=xlsx, csv_path=csv_path))
    print_json(report.as_dict()) if as_json else print_match(report)


@guarded
def gaps_command(
    community: Annotated[str | None, typer.Option("--community", help=_("Only this community (id or name)."))] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help=_("Only this gap kind, by id or title (repeatable): ") + "、 ".join(
        f"{spec.title_zh}" for spec in GAP_KINDS.values()) + ".", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=_("Judge overdue needs as of this date or date-time (default now)."), show_default=False)] = None,
    without: Annotated[list[str] | None, typer.Option("--without", help=_("What if these partners or facilities left (ids or names, comma-separated; repeatable): also lists the gaps opened and closed."), show_default=False)] = None,
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
    xlsx: XlsxOption = None,
    csv_path: CsvOption = None,
) -> None:
    """Which buildings, grids, communities, needs and estates fall through the net."""
    what: WhatIfGaps | None = None
    with open_store(data, neo4j, state_dir) as store:
        if without:
            what = what_if.gaps_without(store, what_if.parse_without(without), community=community, kinds=kind or None, as_of=as_of)
            report = what.report
        else:
            report = coverage_gaps(store, community=community, kinds=kind or None, as_of=as_of)
    if xlsx or csv_path:
        report_written(write_outputs(gap_sheets(report), xlsx=xlsx, csv_path=csv_path, csv_sheet=all_gaps(report)))
    if as_json:
        print_json(what.as_dict() if what else report.as_dict())
        return
    print_gaps(report)
    if what is not None:
        print_gap_changes(what)


@guarded
def mentors_command(
    mode: Annotated[ModeChoice, typer.Option("--mode", help=_("keep: keep existing pairs; fresh: pair everyone anew."))] = ModeChoice.keep,
    scope: Annotated[ScopeChoice, typer.Option("--scope", help=_("subdistrict: pairs within a subdistrict; all: anyone."))] = ScopeChoice.subdistrict,
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
    xlsx: XlsxOption = None,
    csv_path: CsvOption = None,
) -> None:
    """Who should mentor whom among community party secretaries (an exact optimum)."""
    with open_store(data, neo4j, state_dir) as store:
        report = propose_mentor_pairs(store, mode=mode.value, scope=scope.value)
    if xlsx or csv_path:
        report_written(write_outputs(mentor_sheets(report), xlsx=xlsx, csv_path=csv_path))
    print_json(report.as_dict()) if as_json else print_mentors(report)


def register(app: typer.Typer) -> None:
    """Add the query commands to ``app``."""
    app.command("match", help=_("Which partner can resolve a need in a community, and why (by --need, or --community and --category)."))(match_command)
    app.command("gaps", help=_("Which buildings, grids, communities, needs and estates fall through the net."))(gaps_command)
    app.command("mentors", help=_("Who should mentor whom among community party secretaries (an exact optimum)."))(mentors_command)
