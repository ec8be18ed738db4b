"""``linli match``, ``linli gaps`` and ``linli mentors``: the three questions, as tables or JSON."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from cli.common import DataOption, JsonOption, Neo4jOption, console, guarded, open_store, print_json
from graph_model.gaps import GAP_KINDS
from graph_model.i18n import _
from graph_model.queries import GapKind, coverage_gaps, match, propose_mentor_pairs
from graph_model.queries.coverage_gaps import GapReport
from graph_model.queries.mentor_pairing import MentorReport
from graph_model.queries.partner_matching import MatchReport

__all__ = ["register", "print_match", "print_gaps", "print_mentors"]

GAP_TITLES = {kind.value: f"{spec.title_zh} {spec.title_en}" for kind, spec in GAP_KINDS.items()}


class ModeChoice(StrEnum):
    """``--mode`` of ``linli mentors``."""

    keep = "keep"
    fresh = "fresh"


class ScopeChoice(StrEnum):
    """``--scope`` of ``linli mentors``."""

    subdistrict = "subdistrict"
    all = "all"


def print_match(report: MatchReport) -> None:
    """A planner's table of one match answer."""
    head = f"[bold]{report.category_name}[/] ({report.category}) in [bold]{report.community_name}[/] ({report.community})"
    if report.need:
        head = f"Need {report.need}: " + head
    console.print(head)
    if not report.results:
        console.print("  [yellow]No partner or facility offers this category (in the area).[/]")
        return
    table = Table(show_lines=True)
    for col, justify in (("#", "right"), ("partner 共建单位", "left"), ("score", "right"), ("fit·tie·record·capacity", "left"), ("why", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for i, r in enumerate(report.results, 1):
        terms = f"{r.fit:g} · {r.tie:g} · {r.record:.2f} · {r.capacity:.2f}"
        who = f"{r.name}\n[dim]{r.id} · {r.sector}{'' if r.in_area else ' · out of area'}[/]"
        table.add_row(str(i), who, f"{r.score:.4f}", terms, "\n".join(r.reasons))
    console.print(table)


def print_gaps(report: GapReport, *, limit_per_kind: int = 10) -> None:
    """The gap summary, then the first gaps of each kind."""
    summary = Table(title="Coverage gaps 覆盖缺口", title_justify="left")
    summary.add_column("kind")
    summary.add_column("gaps", justify="right")
    for kind, n in report.summary.items():
        summary.add_row(GAP_TITLES.get(kind, kind), f"{n:,}", style="green" if n == 0 else None)
    console.print(summary)
    for kind, n in report.summary.items():
        if not n:
            continue
        rows = [g for g in report.gaps if g.kind == kind][:limit_per_kind]
        table = Table(title=f"{GAP_TITLES.get(kind, kind)} — {n:,}", title_justify="left")
        for col in ("subject", "community", "detail"):
            table.add_column(col)
        for g in rows:
            table.add_row(f"{g.subject_name} [dim]{g.subject}[/]", g.community or "", g.detail)
        if n > len(rows):
            table.caption = f"… and {n - len(rows):,} more (use --kind {kind} --json for all)"
        console.print(table)


def print_mentors(report: MentorReport) -> None:
    """Existing pairs, the proposal with its terms, and the unpaired."""
    name = report.names.get
    if report.existing:
        console.print(f"[bold]Existing pairs[/] ({len(report.existing)}): " + "; ".join(f"{name(m, m)} → {name(e, e)}" for m, e in report.existing))
    table = Table(title=f"Proposed mentor → mentee pairs ({report.mode}, scope {report.scope})", title_justify="left")
    for col in ("mentor 师傅", "mentee 徒弟", "weight", "why"):
        table.add_column(col)
    for p in report.proposed:
        t = p.terms
        why = [f"{p.mentor.years:g} vs {p.mentee.years:g} years"]
        if t.passes_on:
            why.append("passes on " + "、".join(t.passes_on))
        if t.estate_category:
            why.append(f"same estate category ({p.mentor.estate_category})")
        if t.service_focus:
            why.append(f"same service focus ({p.mentor.service_focus})")
        if t.rating:
            why.append(f"rating {p.mentor.rating:g} vs {p.mentee.rating:g}")
        table.add_row(
            f"{p.mentor.name} [dim]{p.mentor.community_name}[/]",
            f"{p.mentee.name} [dim]{p.mentee.community_name}[/]",
            f"{t.weight:.2f}",
            "; ".join(why),
        )
    console.print(table)
    console.print(f"Total weight: [bold]{report.total_weight:.4f}[/]")
    for s, reason in report.unpaired:
        console.print(f"  unpaired: {s.name} ({s.community_name}, {s.id}) — {reason}")


@guarded
def match_command(
    need: Annotated[str | None, typer.Option("--need", help="A need's id: match its community and category.")] = None,
    community: Annotated[str | None, typer.Option("--community", help="Community id or name.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="Category id or name.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many partners at most.")] = 5,
    in_area_only: Annotated[bool, typer.Option("--in-area-only", help="Only partners tied to the community or its subdistrict.")] = False,
    data: DataOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which partner can resolve a need in a community, and why (by --need, or --community and --category)."""
    with open_store(data, neo4j) as store:
        report = match(store, need=need, community=community, category=category, limit=limit, in_area_only=in_area_only)
    print_json(report.as_dict()) if as_json else print_match(report)


@guarded
def gaps_command(
    community: Annotated[str | None, typer.Option("--community", help="Only this community (id or name).")] = None,
    kind: Annotated[list[GapKind] | None, typer.Option("--kind", help="Only this gap kind (repeatable).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=_("Judge overdue needs as of this date or date-time (default now)."), show_default=False)] = None,
    data: DataOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which buildings, grids, communities, needs and estates fall through the net."""
    with open_store(data, neo4j) as store:
        report = coverage_gaps(store, community=community, kinds=kind or None, as_of=as_of)
    print_json(report.as_dict()) if as_json else print_gaps(report)


@guarded
def mentors_command(
    mode: Annotated[ModeChoice, typer.Option("--mode", help="keep: keep existing pairs; fresh: pair everyone anew.")] = ModeChoice.keep,
    scope: Annotated[ScopeChoice, typer.Option("--scope", help="subdistrict: pairs within a subdistrict; all: anyone.")] = ScopeChoice.subdistrict,
    data: DataOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who should mentor whom among community party secretaries (an exact optimum)."""
    with open_store(data, neo4j) as store:
        report = propose_mentor_pairs(store, mode=mode.value, scope=scope.value)
    print_json(report.as_dict()) if as_json else print_mentors(report)


def register(app: typer.Typer) -> None:
    """Add the query commands to ``app``."""
    app.command("match")(match_command)
    app.command("gaps")(gaps_command)
    app.command("mentors")(mentors_command)
