"""Export one layer of the network as a self-contained, offline HTML map.

Reach for :func:`export_map` (writes the file) or :func:`build_map` (returns
the HTML, for the API). Both read the store only through the
:class:`~graph_model.store.GraphStore` protocol, so a map looks the same from
the embedded store and from Neo4j.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders import load_into, bundled_dataset_path
>>> store = MemoryStore(); _ = load_into(store, bundled_dataset_path())
>>> with tempfile.TemporaryDirectory() as tmp:
...     summary = export_map(store, layer="circle", out=Path(tmp) / "circle.html")
...     summary.path.read_text(encoding="utf-8").count("https://cdn")
0
>>> summary.title, summary.nodes_by_kind["Partner"] == store.stats().nodes["Partner"]
('道义街道', True)
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from graph_model.garbage_collection import collector_paused
from graph_model.errors import InvalidQuery
from graph_model.i18n import _
from graph_model.schema import NodeKind
from graph_model.store import GraphStore
from viz.aggregation import MAX_NODES
from viz.circle_layer import circle_map
from viz.coverage_layer import coverage_map
from viz.expansion import embedded_expansions
from viz.focus_layer import focus_map
from viz.html_page import page_payload, render_page
from viz.image_export import render_image
from viz.map_model import MapGraph, MapSummary
from viz.organization_layer import organization_map
from viz.scope import territory

__all__ = ["Layer", "LAYERS", "build_map", "export_map", "default_title", "map_data"]

log = logging.getLogger(__name__)

Layer = Literal["circle", "organization", "coverage", "focus"]
LAYERS: tuple[str, ...] = ("circle", "organization", "coverage", "focus")


def default_title(store: GraphStore, within: frozenset[str] | None = None) -> str:
    """The map's title when none is given: the subdistrict name(s) in the store (or in ``within``).

    Examples
    --------
    >>> from graph_model.stores.memory.store import MemoryStore
    >>> default_title(MemoryStore())
    'Linli 邻里'
    """
    names = [n.name for n in store.find(NodeKind.SUBDISTRICT) if within is None or n.id in within]
    if not names:
        return "Linli 邻里"
    if len(names) > 3:
        return f"{'、'.join(names[:3])}等 {len(names)} 个街道"
    return "、".join(names)


_TERRITORY_KINDS: dict[str, tuple[NodeKind, ...]] = {
    # the kinds each layer draws, with every kind on the way down to them (the focus layer may draw any)
    "circle": (NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.PARTY_ORG, NodeKind.PARTNER, NodeKind.FACILITY),
    "organization": (NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.PARTY_ORG, NodeKind.HOUSEHOLD, NodeKind.PERSON,
                     NodeKind.GRID, NodeKind.BUILDING),
    "coverage": (NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.GRID, NodeKind.BUILDING),
}


def _graph(store: GraphStore, layer: str, *, focus: str | None, depth: int, title: str | None, include_people: bool,
           include_facilities: bool, max_nodes: int, subdistrict: str | None = None) -> MapGraph:
    within = territory(store, subdistrict, kinds=_TERRITORY_KINDS.get(layer)) if subdistrict else None
    if title is None:
        title = default_title(store, within)
    if layer not in LAYERS:
        raise InvalidQuery(_("unknown map layer {layer!r}; one of: {layers}").format(layer=layer, layers=", ".join(LAYERS)))
    if layer == "focus":
        if not focus:
            raise InvalidQuery(_("the focus layer needs a node to focus on (focus=ID, or --focus ID)"))
        return focus_map(store, focus, depth=depth, title=title, include_people=include_people, max_nodes=max_nodes,
                         within=within)
    if focus:
        raise InvalidQuery(_("focus={focus!r} goes with the focus layer, not {layer!r}").format(focus=focus, layer=layer))
    if layer == "circle":
        return circle_map(store, title=title, include_facilities=include_facilities, include_people=include_people,
                          within=within)
    if layer == "organization":
        return organization_map(store, title=title, include_people=include_people, max_nodes=max_nodes, within=within)
    return coverage_map(store, title=title, include_people=include_people, max_nodes=max_nodes, within=within)


def _expandable(store: GraphStore, graph: MapGraph, include_people: bool) -> MapGraph:
    """``graph`` with the neighbours a double-click shows embedded (small maps; see :mod:`viz.expansion`)."""
    graph.expand = embedded_expansions(store, graph, include_people=include_people)
    return graph


def build_map(
    store: GraphStore,
    *,
    layer: Layer | str = "circle",
    focus: str | None = None,
    depth: int = 1,
    title: str | None = None,
    include_people: bool = False,
    include_facilities: bool = False,
    physics: bool = False,
    max_nodes: int = MAX_NODES,
    subdistrict: str | None = None,
) -> tuple[str, MapSummary]:
    """The HTML of one map and its summary (``path`` None); see :func:`export_map` for the options."""
    started = time.perf_counter()
    if depth < 0:
        raise InvalidQuery(_("depth must be 0 or more, not {depth}").format(depth=depth))
    with collector_paused():
        graph = _expandable(store, _graph(store, layer, focus=focus, depth=depth, title=title, subdistrict=subdistrict,
                                          include_people=include_people, include_facilities=include_facilities,
                                          max_nodes=max_nodes), include_people)
        log.info("%s map: %d nodes, %d edges", layer, len(graph.nodes), len(graph.edges))
        page = render_page(graph, physics=physics)
    folded: dict[str, int] = {}
    for node in graph.nodes.values():
        for kind, count in node.folded.items():
            folded[kind] = folded.get(kind, 0) + count
    summary = MapSummary(
        path=None, layer=graph.layer, title=graph.title, nodes=len(graph.nodes), edges=len(graph.edges),
        nodes_by_kind=graph.kind_counts(), edges_by_type=graph.edge_counts(), folded=dict(sorted(folded.items())),
        gap_counts=dict(graph.gap_counts), notes=tuple(graph.notes), bytes=len(page.encode("utf-8")),
        seconds=round(time.perf_counter() - started, 3),
    )
    return page, summary


def map_data(
    store: GraphStore,
    *,
    layer: Layer | str = "circle",
    focus: str | None = None,
    depth: int = 1,
    title: str | None = None,
    include_people: bool = False,
    include_facilities: bool = False,
    max_nodes: int = MAX_NODES,
    subdistrict: str | None = None,
) -> dict[str, Any]:
    """The map as the data its page draws (the workbench fetches this instead of the HTML); options as :func:`export_map`."""
    if depth < 0:
        raise InvalidQuery(_("depth must be 0 or more, not {depth}").format(depth=depth))
    with collector_paused():
        graph = _graph(store, layer, focus=focus, depth=depth, title=title, subdistrict=subdistrict,
                       include_people=include_people, include_facilities=include_facilities, max_nodes=max_nodes)
        return page_payload(graph)  # served: a double-click asks GET /map/neighbours


def export_map(
    store: GraphStore,
    *,
    layer: Layer | str = "circle",
    focus: str | None = None,
    depth: int = 1,
    out: Path,
    title: str | None = None,
    include_people: bool = False,
    include_facilities: bool = False,
    physics: bool = False,
    max_nodes: int = MAX_NODES,
    subdistrict: str | None = None,
) -> MapSummary:
    """Write one layer of the network as a single UTF-8 HTML file that opens offline, or as a picture.

    ``out`` ending in ``.png``, ``.svg`` or ``.pdf`` renders the same page
    through Chromium, title and legend burned in, at print resolution
    (:func:`viz.image_export.render_image`).

    Parameters
    ----------
    store
        Any :class:`~graph_model.store.GraphStore` (embedded or Neo4j).
    layer
        ``circle`` (党建朋友圈), ``organization`` (组织体系), ``coverage``
        (覆盖缺口) or ``focus`` (one node's neighbourhood).
    focus, depth
        For the focus layer: the node (id or exact name) and how many hops around it.
    out
        The file to write (folders are created; an existing file is replaced atomically):
        ``.html`` (or any other name) a page, ``.png``/``.svg``/``.pdf`` a picture.
    title
        The dataset name in the title bar [default: the subdistrict name(s)].
    include_people
        Show people's and households' names; by default they appear only by role.
    include_facilities
        Circle layer: also draw the facilities (阵地) of each community.
    physics
        Let vis-network's physics settle the precomputed layout (small maps only).
    max_nodes
        Past this many nodes the finest kinds are folded into their parents.
    subdistrict
        Only this subdistrict's part of the network (id or name; :func:`viz.scope.territory`), on any layer.

    Returns
    -------
    MapSummary
        Where it was written and what the page holds (node and edge counts per kind).
    """
    started = time.perf_counter()
    page, summary = build_map(store, layer=layer, focus=focus, depth=depth, title=title, include_people=include_people,
                              include_facilities=include_facilities, physics=physics, max_nodes=max_nodes,
                              subdistrict=subdistrict)
    out = Path(out)
    if out.suffix.lower() in (".png", ".svg", ".pdf"):
        written = render_image(page, out, title=summary.title)
        log.info("wrote %s (%d bytes)", out, written)
        return replace(summary, path=out, bytes=written, seconds=round(time.perf_counter() - started, 3))
    tmp: str | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(page)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # a shared map is readable like any file the user writes, not 0600
        os.replace(tmp, out)
    except OSError as err:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise InvalidQuery(_("cannot write the map to {path}: {reason}").format(path=out, reason=err.strerror or err)) from None
    log.info("wrote %s (%d bytes) in %.2f s", out, summary.bytes, summary.seconds)
    return replace(summary, path=out)

