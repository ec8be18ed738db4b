"""``linli overview``: the planner's one-page view — gaps, the best partner for each open need, secretary pairs."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from cli.common import CsvOption, DataOption, StateDirOption, Neo4jOption, XlsxOption, console, guarded, open_store, report_written
from cli.query_commands import print_gaps, print_mentors
from cli.report_tables import gap_sheets, mentor_sheets, write_outputs
from graph_model.i18n import _
from graph_model.queries import coverage_gaps, match, propose_mentor_pairs
from graph_model.schema import NodeKind
from graph_model.store import GraphStore
from viz.workbook import Col, Sheet

__all__ = ["register", "best_partners"]


def best_partners(store: GraphStore) -> Sheet:
    """Each open need with the best partner in its area (or nobody), and why."""
    rows = []
    for need in store.find(NodeKind.NEED, status="open"):
        report = match(store, need=need.id, limit=1, in_area_only=True)
        seed = "★ " if need.props.get("origin", need.props.get("source")) == "seed" else ""
        row: dict[str, Any] = {"need": f"{seed}{need.name}", "need_id": need.id, "community": report.community_name}
        if report.results:
            best = report.results[0]
            row |= {"partner": best.name, "partner_id": best.id, "score": best.score,
                    "why": best.reasons[1] if len(best.reasons) > 1 else best.reasons[0]}
        else:
            row |= {"partner": _("nobody in the area"), "partner_id": "", "score": None,
                    "why": _("no in-area offer of {category}").format(category=report.category_name)}
        rows.append(row)
    columns = [Col("need", _("Need")), Col("need_id", _("Id")), Col("community", _("Community")),
               Col("partner", _("Best partner in the area")), Col("partner_id", _("Partner id")),
               Col("score", _("Score"), number_format="0.0000"), Col("why", _("Why"), wrap=True)]
    return Sheet(_("Open needs"), columns, rows, note=_("★ named in the article"))


@guarded
def overview(data: DataOption = None, neo4j: Neo4jOption = None, state_dir: StateDirOption = None, xlsx: XlsxOption = None, csv_path: CsvOption = None) -> None:
    """Print the gap summary, the best in-area partner for every open need, and the proposed secretary pairs."""
    with open_store(data, neo4j, state_dir) as store:
        stats = store.stats()
        console.rule(_("[bold]Linli overview[/] — {communities} communities, {partners} partners, {needs} needs").format(
            communities=stats.nodes["Community"], partners=stats.nodes["Partner"], needs=stats.nodes["Need"]))
        gaps = coverage_gaps(store)
        print_gaps(gaps, limit_per_kind=5)
        needs = best_partners(store)
        table = Table(title=_("Open needs and who can resolve them"), title_justify="left", caption=needs.note)
        table.add_column(_("Need"), ratio=3, overflow="fold")
        table.add_column(_("Community"), ratio=2, overflow="fold")
        table.add_column(_("Best partner in the area"), ratio=3, overflow="fold")
        table.add_column(_("Score"), justify="right")
        table.add_column(_("Why"), ratio=4, overflow="fold")
        for row in needs.rows:
            assert isinstance(row, dict)
            partner = f"{row['partner']} [dim]{row['partner_id']}[/]" if row["partner_id"] else f"[red]{row['partner']}[/]"
            score = f"{row['score']:.4f}" if row["score"] is not None else ""
            table.add_row(row["need"], row["community"], partner, score, row["why"])
        console.print(table)
        mentors = propose_mentor_pairs(store)
        print_mentors(mentors)
    if xlsx or csv_path:
        report_written(write_outputs([*gap_sheets(gaps), needs, *mentor_sheets(mentors)], xlsx=xlsx, csv_path=csv_path, csv_sheet=needs))


def register(app: typer.Typer) -> None:
    """Add ``overview`` to ``app``."""
    app.command(help=_("Print the gap summary, the best in-area partner for every open need, and the proposed secretary pairs."))(overview)
