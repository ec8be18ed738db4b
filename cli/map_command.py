"""``linli map``: write one layer of the network as an offline interactive HTML map."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.common import DataOption, JsonOption, Neo4jOption, console, guarded, open_store, print_json
from viz import export_map
from viz.style import KIND_NAMES, LAYER_NAMES

__all__ = ["register"]


class LayerChoice(StrEnum):
    """``--layer`` of ``linli map``."""

    circle = "circle"
    organization = "organization"
    coverage = "coverage"
    focus = "focus"


@guarded
def map_command(
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write (one self-contained file; opens offline).")],
    layer: Annotated[LayerChoice | None, typer.Option("--layer", help="circle (党建朋友圈), organization (组织体系), coverage (覆盖缺口) or focus (default: focus with --focus, else circle).", show_default=False)] = None,
    focus: Annotated[str | None, typer.Option("--focus", help="Focus layer: the node (id or exact name) at the centre.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, max=6, help="Focus layer: how many hops around the focus.")] = 1,
    include_people: Annotated[bool, typer.Option("--include-people", help="Show people's and households' names (hidden by default: roles only).")] = False,
    facilities: Annotated[bool, typer.Option("--facilities", help="Circle layer: also draw each community's facilities (阵地).")] = False,
    title: Annotated[str | None, typer.Option("--title", help="Dataset name for the title bar (default: the subdistrict name(s)).", show_default=False)] = None,
    data: DataOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write an interactive network map (vis-network inlined: no internet needed to open it)."""
    chosen = (layer.value if layer else None) or ("focus" if focus else "circle")
    with open_store(data, neo4j) as store:
        summary = export_map(store, layer=chosen, focus=focus, depth=depth, out=out, title=title,
                             include_people=include_people, include_facilities=facilities)
    if as_json:
        print_json(summary.as_dict())
        return
    kinds = ", ".join(f"{KIND_NAMES.get(k, k)} {n:,}" for k, n in summary.nodes_by_kind.items())
    console.print(f"[green]✓[/] wrote {summary.path}", soft_wrap=True)
    console.print(f"  {LAYER_NAMES[summary.layer]} ({summary.layer}) · {summary.title}: "
                  f"{summary.nodes:,} nodes ({kinds}), {summary.edges:,} edges · {summary.bytes / 1e6:.1f} MB in {summary.seconds:.2f} s",
                  markup=False, soft_wrap=True)
    if summary.gap_counts:
        console.print(f"  gaps: {sum(summary.gap_counts.values()):,} in {sum(1 for n in summary.gap_counts.values() if n)} kinds", markup=False)
    for note in summary.notes:
        console.print(f"  note: {note}", style="yellow", markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``linli map`` to ``app``."""
    app.command("map")(map_command)
