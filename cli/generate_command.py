"""``linli generate``: write a synthetic city (many Daoyi-shaped subdistricts) as a dataset folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from cli.common import console, guarded
from generators.synthetic_city import generate_dataset

__all__ = ["register"]


@guarded
def generate(
    subdistricts: Annotated[int, typer.Option("--subdistricts", min=1, help="How many subdistricts (≈5,300 nodes each).")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the dataset into.")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 0,
) -> None:
    """Write a valid synthetic dataset whose proportions follow Daoyi, deterministic for a seed."""
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("generating subdistricts", total=subdistricts)
        counts = generate_dataset(out, subdistricts=subdistricts, seed=seed, progress=lambda done, total: progress.update(task, completed=done))
    console.print(f"[green]✓[/] {out}: {counts.subdistricts} subdistricts, {counts.total_nodes:,} nodes, {counts.total_relationships:,} relationships")


def register(app: typer.Typer) -> None:
    """Add ``generate`` to ``app``."""
    app.command()(generate)
