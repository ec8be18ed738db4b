"""``linli overview``: the planner's one-page view — gaps, the best partner for each open need, secretary pairs."""

from __future__ import annotations

import typer
from rich.table import Table

from cli.common import DataOption, Neo4jOption, console, guarded, open_store
from cli.query_commands import print_gaps, print_mentors
from graph_model.queries import coverage_gaps, match, propose_mentor_pairs
from graph_model.schema import NodeKind

__all__ = ["register"]


@guarded
def overview(data: DataOption = None, neo4j: Neo4jOption = None) -> None:
    """Print the gap summary, the best in-area partner for every open need, and the proposed secretary pairs."""
    with open_store(data, neo4j) as store:
        stats = store.stats()
        console.rule(f"[bold]Linli overview[/] — {stats.nodes['Community']} communities, {stats.nodes['Partner']} partners, {stats.nodes['Need']} needs")
        print_gaps(coverage_gaps(store), limit_per_kind=5)
        table = Table(title="Open needs and who can resolve them 民生诉求·最佳共建单位", title_justify="left")
        for col in ("need 诉求", "community", "best partner in the area", "score", "why"):
            table.add_column(col)
        for need in store.find(NodeKind.NEED, status="open"):
            report = match(store, need=need.id, limit=1, in_area_only=True)
            seed = "★ " if need.props.get("origin", need.props.get("source")) == "seed" else ""
            if report.results:
                best = report.results[0]
                table.add_row(f"{seed}{need.name}", report.community_name, f"{best.name} [dim]{best.id}[/]", f"{best.score:.4f}", best.reasons[1] if len(best.reasons) > 1 else best.reasons[0])
            else:
                table.add_row(f"{seed}{need.name}", report.community_name, "[red]nobody in the area[/]", "", f"no in-area offer of {report.category_name}")
        table.caption = "★ named in the article"
        console.print(table)
        print_mentors(propose_mentor_pairs(store))


def register(app: typer.Typer) -> None:
    """Add ``overview`` to ``app``."""
    app.command()(overview)
