"""``linli validate`` and ``linli stats``: check a dataset and count what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli.common import DataOption, StateDirOption, JsonOption, Neo4jOption, console, guarded, open_store, print_json
from graph_model.labels import KIND_NAMES, LEVEL_NAMES, REL_NAMES
from loaders import bundled_dataset_path, load_dataset
from graph_model.i18n import _

__all__ = ["register"]

@guarded
def validate(data: Annotated[Path | None, typer.Option("--data", help=_("Dataset folder or workbook, .xlsx or .xls (default: the bundled Daoyi dataset)."), show_default=False)] = None) -> None:
    """Check a dataset against every rule of the data model; exit 2 with the full problem list."""
    path = data or bundled_dataset_path()
    dataset = load_dataset(path)
    nodes, rels = dataset.counts()
    console.print(_("[green]✓[/] {path}: valid — {nodes:,} nodes, {rels:,} relationships").format(path=path, nodes=nodes, rels=rels))
    console.print(_("  {own:,} nodes from the dataset, {taxonomy:,} categories from the default taxonomy").format(
        own=nodes - dataset.taxonomy, taxonomy=dataset.taxonomy))
    if dataset.skipped:
        console.print(_("  skipped sheets that hold no table: {sheets}").format(sheets=_("、").join(dataset.skipped)))


@guarded
def stats(data: DataOption = None, neo4j: Neo4jOption = None, state_dir: StateDirOption = None, as_json: JsonOption = False) -> None:
    """Count nodes per kind, relationships per type and party organizations per level."""
    with open_store(data, neo4j, state_dir) as store:
        counts = store.stats()
    if as_json:
        print_json(counts.as_dict())
        return
    for title, rows, names in (
        (_("Nodes"), counts.nodes, KIND_NAMES),
        (_("Relationships"), counts.relationships, REL_NAMES),
        (_("Party organizations by level"), counts.party_org_levels, LEVEL_NAMES),
    ):
        table = Table(title=title, title_justify="left")
        table.add_column(_("Kind"))
        table.add_column(_("Count"), justify="right")
        for key, n in rows.items():
            if n:
                label = f"{names[key]} ({key})" if key in names else key
                table.add_row(label, f"{n:,}")
        console.print(table)


def register(app: typer.Typer) -> None:
    """Add the dataset commands to ``app``."""
    app.command(help=_("Check a dataset against every rule of the data model; exit 2 with the full problem list."))(validate)
    app.command(help=_("Count nodes per kind, relationships per type and party organizations per level."))(stats)
