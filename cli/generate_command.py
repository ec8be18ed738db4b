"""``linli generate``: write a synthetic city (many Daoyi-shaped subdistricts) as a dataset folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import console, guarded
from generators.synthetic_city import generate_dataset
from graph_model.i18n import _

__all__ = ["register"]


@guarded
def generate(
    subdistricts: Annotated[int, typer.Option("--subdistricts", min=1, help=_("How many subdistricts (≈5,300 nodes each)."))],
    out: Annotated[Path, typer.Option("--out", help=_("Folder to write the dataset into."))],
    seed: Annotated[int, typer.Option("--seed", help=_("Same seed, same bytes."))] = 0,
) -> None:
    """Write a valid synthetic dataset whose proportions follow Daoyi, deterministic for a seed."""
    from cli.progress import stage_progress

    stage = _("generating subdistricts")
    with stage_progress() as progress:
        progress(stage, 0, subdistricts)
        counts = generate_dataset(out, subdistricts=subdistricts, seed=seed, progress=lambda done, total: progress(stage, done, total))
    console.print(_("[green]✓[/] {out}: {subdistricts} subdistricts, {nodes:,} nodes, {rels:,} relationships").format(
        out=out, subdistricts=counts.subdistricts, nodes=counts.total_nodes, rels=counts.total_relationships))


def register(app: typer.Typer) -> None:
    """Add ``generate`` to ``app``."""
    app.command(help=_("Write a valid synthetic dataset whose proportions follow Daoyi, deterministic for a seed."))(generate)
