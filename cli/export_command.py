"""``linli export``: the current network (writes included) as a dataset folder or an ``.xlsx`` workbook."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from cli.common import DataOption, JsonOption, Neo4jOption, StateDirOption, console, guarded, open_store, print_json, settings_for
from graph_model.i18n import _

__all__ = ["register"]


def _meta(dataset: Path | None) -> dict[str, Any]:
    """The source dataset's ``dataset.toml`` (a folder's), carried over to the export."""
    if dataset is None or not (dataset / "dataset.toml").is_file():
        return {}
    try:
        return tomllib.loads((dataset / "dataset.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


@guarded
def export(
    out: Annotated[Path, typer.Option("--out", help=_("Where to write: FILE.xlsx (a workbook) or a new FOLDER (CSV files)."))],
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the current network (every write included) as a dataset that loads back to the same graph."""
    from cli.progress import stage_progress
    from loaders.export import export_dataset
    from loaders.opening import dataset_of

    settings = settings_for(data, neo4j, state_dir)
    source = None if settings.backend == "neo4j" else dataset_of(settings)
    started = time.perf_counter()
    with stage_progress(quiet=as_json) as progress:
        progress(_("opening the network"), 0, 0)
        with open_store(data, neo4j, state_dir) as store:
            exported = export_dataset(store, out, meta=_meta(source), progress=progress)
    seconds = time.perf_counter() - started
    if as_json:
        print_json({"out": str(exported.path), "tables": exported.tables, "rows": exported.rows, "seconds": round(seconds, 3)})
        return
    console.print(_("[green]✓[/] {out}: {tables} tables, {rows:,} rows in {seconds:.1f}s").format(
        out=escape(str(exported.path)), tables=exported.tables, rows=exported.rows, seconds=seconds), soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``export`` to ``app``."""
    app.command(help=_("Write the current network (every write included) as a dataset that loads back to the same graph."))(export)
