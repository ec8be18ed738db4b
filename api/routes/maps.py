"""``GET /map``: one layer of the network as a self-contained, offline HTML page (:func:`viz.build_map`).

People's and households' names are hidden (people appear by role only)
unless ``names=true``, as in ``/mentors``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from starlette.responses import HTMLResponse, Response

from api.deps import StoreDep, run_store
from api.report_models import ERROR_RESPONSES
from api.responses import json_response
from viz import MAX_NODES, build_map
from viz.expansion import PER_NODE, neighbours_of
from viz.export import map_data
from viz.focus_layer import resolve_focus
from graph_model.store import GraphStore

router = APIRouter(tags=["maps"], responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})

MAX_DEPTH = 3


@router.get(
    "/map/data",
    response_model=None,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}},
                     "description": "vis-network's nodes, edges and options, tooltips, legend, and `aliases` (store id → map node)."}},
)
async def read_map_data(
    store: StoreDep,
    layer: Annotated[
        Literal["circle", "organization", "coverage", "focus"],
        Query(description="circle (党建朋友圈), organization (组织体系), coverage (覆盖缺口) or focus (one node's neighbourhood)."),
    ] = "circle",
    focus: Annotated[str | None, Query(description="The node (id or exact name) of the focus layer.", examples=["c-beiyuan"])] = None,
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH, description="Focus layer: hops around the node.")] = 1,
    names: Annotated[bool, Query(description="Show people's and households' names (personal data: off by default).")] = False,
    facilities: Annotated[bool, Query(description="Circle layer: also draw each community's facilities (阵地).")] = False,
    subdistrict: Annotated[str | None, Query(description="Only this subdistrict (id or name), on any layer.", examples=["sd-daoyi"])] = None,
) -> Response:
    """The same map as ``GET /map``, as the data its page draws (what the workbench at ``/`` shows)."""
    data = await run_store(store, map_data, store, layer=layer, focus=focus, depth=depth, include_people=names,
                           include_facilities=facilities, max_nodes=MAX_NODES, subdistrict=subdistrict)
    return json_response(data)


def _neighbours(store: GraphStore, node: str, units: list[str], names: bool, limit: int) -> dict[str, Any]:
    resolved = resolve_focus(store, node)
    return neighbours_of(store, resolved, include_people=names, aliases={u: resolved for u in units}, limit=limit)


@router.get(
    "/map/neighbours",
    response_model=None,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}},
                     "description": "`nodes` and `edges` as the map's page draws them, `more`: how many were left out."}},
)
async def read_map_neighbours(
    store: StoreDep,
    node: Annotated[str, Query(description="The drawn node (id or name) to expand.", examples=["c-beiyuan"])],
    unit: Annotated[list[str] | None, Query(description="Units the node stands for on the map (a community for its party organization).")] = None,
    names: Annotated[bool, Query(description="Include people and households by name (personal data: off by default).")] = False,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many neighbours.")] = PER_NODE,
) -> Response:
    """A node's neighbours, for a map's double-click (what a map embeds for its nodes when it is small)."""
    return json_response(await run_store(store, _neighbours, store, node, unit or [], names, limit))


@router.get(
    "/map",
    response_model=None,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "A single HTML page that opens offline."}},
)
async def read_map(
    store: StoreDep,
    layer: Annotated[
        Literal["circle", "organization", "coverage", "focus"],
        Query(description="circle (党建朋友圈), organization (组织体系), coverage (覆盖缺口) or focus (one node's neighbourhood)."),
    ] = "circle",
    focus: Annotated[str | None, Query(description="The node (id or exact name) of the focus layer.", examples=["c-beiyuan"])] = None,
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH, description="Focus layer: hops around the node.")] = 1,
    names: Annotated[bool, Query(description="Show people's and households' names (personal data: off by default).")] = False,
    facilities: Annotated[bool, Query(description="Circle layer: also draw each community's facilities (阵地).")] = False,
    subdistrict: Annotated[str | None, Query(description="Only this subdistrict (id or name), on any layer.", examples=["sd-daoyi"])] = None,
) -> HTMLResponse:
    """The offline HTML map of one layer (vis-network inlined; no internet needed to open it).

    Large layers are folded past a fixed node budget; ``focus`` goes with the
    focus layer only (422 otherwise); an unknown focus id → 404.
    """
    page, _ = await run_store(
        store,
        build_map,
        store,
        layer=layer,
        focus=focus,
        depth=depth,
        include_people=names,
        include_facilities=facilities,
        max_nodes=MAX_NODES,
        subdistrict=subdistrict,
    )
    return HTMLResponse(page)
