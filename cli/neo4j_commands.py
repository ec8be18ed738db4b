"""``linli load``: validate a dataset, then write it into Neo4j in batches, with a progress bar."""

from __future__ import annotations

import shlex
import time
from pathlib import Path
from typing import Annotated

import typer

from cli.common import DataOption, JsonOption, console, guarded, print_json
from graph_model.stores.neo4j.store import DEFAULT_BATCH_SIZE, Neo4jStore
from loaders import bundled_dataset_path, load_dataset
from graph_model.i18n import _

__all__ = ["register"]

TargetOption = Annotated[
    str | None,
    typer.Option("--neo4j", help=_("The Neo4j to load into (bolt://...) (default: $LINLI_NEO4J_URI, else bolt://127.0.0.1:7687)."), show_default=False),
]


@guarded
def load(
    data: DataOption = None,
    neo4j: TargetOption = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help=_("Replace everything in the database with this dataset.")),
    ] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help=_("Rows per write query."))] = DEFAULT_BATCH_SIZE,
    as_json: JsonOption = False,
) -> None:
    """Load a dataset into Neo4j (bolt://...; LINLI_NEO4J_URI): all of it or, on any problem, nothing."""
    path = data or bundled_dataset_path()
    from cli.progress import stage_progress

    with stage_progress(quiet=as_json) as progress:
        progress(_("validating the dataset"), 0, 0)
        dataset = load_dataset(path)
        progress(_("connecting to Neo4j"), 0, 0)
        # the load itself may open a database an interrupted load left behind: replacing finishes it
        with Neo4jStore.from_settings(uri=neo4j, batch_size=batch_size, check_load=False) as store:
            if not replace:
                store.refuse_incomplete_load()
            change = dataset.change_set()
            writing = _("writing to Neo4j")
            progress(writing, 0, len(change))
            started = time.perf_counter()
            store.apply(change, replace=replace, progress=lambda done, total: progress(writing, done, total),
                        command=finishing_command(path, store.uri))
            seconds = time.perf_counter() - started
            where = _("{uri} (database {database})").format(uri=store.uri, database=store.database)
    nodes, rels = dataset.counts()
    rate = (nodes + rels) / seconds if seconds > 0 else 0.0
    if as_json:
        print_json({"dataset": dataset.origin, "neo4j": where, "nodes": nodes, "relationships": rels,
                    "replaced": replace, "seconds": round(seconds, 3), "rows_per_second": round(rate)})
        return
    replaced = _(" (replacing what was there)") if replace else ""
    console.print(_("[green]✓[/] {origin}: {nodes:,} nodes, {rels:,} relationships loaded into {where}{replaced} in {seconds:.1f}s ({rate:,.0f} rows/s)").format(
        origin=dataset.origin, nodes=nodes, rels=rels, where=where, replaced=replaced, seconds=seconds, rate=rate))


def finishing_command(path: Path, uri: str) -> str:
    """The command that finishes an interrupted load of ``path`` (what the marker tells users to run)."""
    from api.errors import redact

    return f"linli load --data {shlex.quote(str(path))} --neo4j {shlex.quote(redact(uri))} --replace"


def register(app: typer.Typer) -> None:
    """Add ``load`` to ``app``."""
    app.command(help=_("Load a dataset into Neo4j (bolt://...; LINLI_NEO4J_URI): all of it or, on any problem, nothing."))(load)
