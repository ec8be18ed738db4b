"""``linli map``: write one layer of the network as an offline interactive HTML map."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.common import DataOption, StateDirOption, JsonOption, Neo4jOption, console, guarded, open_store, print_json, report_written
from viz import export_map
from viz.style import KIND_NAMES, LAYER_NAMES
from graph_model.i18n import _

__all__ = ["register"]


class LayerChoice(StrEnum):
    """``--layer`` of ``linli map``."""

    circle = "circle"
    organization = "organization"
    coverage = "coverage"
    focus = "focus"


@guarded
def map_command(
    out: Annotated[Path, typer.Option("--out", help=_("The file to write: .html (one self-contained page; opens offline), or .png, .svg, .pdf (the map with its title and legend, at print resolution, drawn by Chromium)."))],
    layer: Annotated[LayerChoice | None, typer.Option("--layer", help=_("circle (党建朋友圈), organization (组织体系), coverage (覆盖缺口) or focus (default: focus with --focus, else circle)."), show_default=False)] = None,
    focus: Annotated[str | None, typer.Option("--focus", help=_("Focus layer: the node (id or exact name) at the centre."))] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, max=6, help=_("Focus layer: how many hops around the focus."))] = 1,
    include_people: Annotated[bool, typer.Option("--include-people", help=_("Show people's and households' names (hidden by default: roles only)."))] = False,
    facilities: Annotated[bool, typer.Option("--facilities", help=_("Circle layer: also draw each community's facilities (阵地)."))] = False,
    subdistrict: Annotated[str | None, typer.Option("--subdistrict", help=_("Only this subdistrict (id or name), on any layer."), show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", help=_("Dataset name for the title bar (default: the subdistrict name(s))."), show_default=False)] = None,
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write an interactive network map (vis-network inlined: no internet needed to open it)."""
    from cli.progress import stage_progress

    chosen = (layer.value if layer else None) or ("focus" if focus else "circle")
    with stage_progress(quiet=as_json) as progress:
        progress(_("opening the network"), 0, 0)
        with open_store(data, neo4j, state_dir) as store:
            progress(_("drawing the map"), 0, 0)
            summary = export_map(store, layer=chosen, focus=focus, depth=depth, out=out, title=title,
                                 include_people=include_people, include_facilities=facilities, subdistrict=subdistrict)
    if as_json:
        print_json(summary.as_dict())
        return
    kinds = ", ".join(f"{KIND_NAMES.get(k, k)} {n:,}" for k, n in summary.nodes_by_kind.items())
    report_written([summary.path or out])
    console.print("  " + _("{layer} ({layer_id}) · {title}: {nodes:,} nodes ({kinds}), {edges:,} edges · {mb:.1f} MB in {seconds:.2f} s").format(
        layer=LAYER_NAMES[summary.layer], layer_id=summary.layer, title=summary.title, nodes=summary.nodes, kinds=kinds,
        edges=summary.edges, mb=summary.bytes / 1e6, seconds=summary.seconds), markup=False, soft_wrap=True)
    if summary.gap_counts:
        console.print("  " + _("gaps: {gaps:,} in {kinds} kinds").format(
            gaps=sum(summary.gap_counts.values()), kinds=sum(1 for n in summary.gap_counts.values() if n)), markup=False)
    for note in summary.notes:
        console.print("  " + _("note: {note}").format(note=note), style="yellow", markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``linli map`` to ``app``."""
    app.command("map", help=_("Write an interactive network map (vis-network inlined: no internet needed to open it)."))(map_command)
