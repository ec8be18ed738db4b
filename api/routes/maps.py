"""``GET /map``: one layer of the network as a self-contained, offline HTML page (:func:`viz.build_map`).

People's and households' names are hidden (people appear by role only)
unless ``names=true``, which needs a token with the people permission (403
otherwise; audited). Without it a focus never resolves to a person or a
household: their names and ids answer as an unknown name does, so the map is
no oracle of who exists.

A scoped token draws focus maps only (depth ≤ 1), centred inside its scope:
the other layers draw the whole network (403).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.responses import HTMLResponse, Response

from api.access import PrincipalDep, ScopeView, require_people, scope_aware
from api.deps import ScopeDep, StoreDep, run_store
from api.report_models import ERROR_RESPONSES
from api.responses import json_response
from api.scoping import check_focus
from graph_model.i18n import _
from graph_model.queries.lookup import resolve_id
from graph_model.schema import NodeKind
from graph_model.store import GraphStore
from viz import MAX_NODES, build_map
from viz.expansion import PER_NODE, neighbours_of
from viz.export import map_data
from viz.focus_layer import FOCUS_KINDS, resolve_focus

router = APIRouter(tags=["maps"], responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})

MAX_DEPTH = 3
LayerQuery = Annotated[
    Literal["circle", "organization", "coverage", "focus"],
    Query(description="circle (党建朋友圈), organization (组织体系), coverage (覆盖缺口) or focus (one node's neighbourhood)."),
]
FocusQuery = Annotated[str | None, Query(description="The node (id or exact name) of the focus layer.", examples=["c-beiyuan"])]
DepthQuery = Annotated[int, Query(ge=0, le=MAX_DEPTH, description="Focus layer: hops around the node.")]
NamesQuery = Annotated[bool, Query(description="Show people's and households' names (personal data: a token with the people permission).")]
FacilitiesQuery = Annotated[bool, Query(description="Circle layer: also draw each community's facilities (阵地).")]
SubdistrictQuery = Annotated[str | None, Query(description="Only this subdistrict (id or name), on any layer.", examples=["sd-daoyi"])]
"""The map's query parameters, shared by ``GET /map`` and ``GET /map/data``."""

PEOPLE_KINDS = frozenset({NodeKind.PERSON, NodeKind.HOUSEHOLD})


def resolve_focus_without_people(store: GraphStore, text: str) -> str:
    """:func:`viz.focus_layer.resolve_focus` as if no person or household existed."""
    node = store.get(text)
    if node is not None and node.kind not in PEOPLE_KINDS:
        return text
    named = [n for kind in NodeKind if kind not in PEOPLE_KINDS for n in store.find(kind, name=text)]
    if len(named) == 1:
        return named[0].id
    return resolve_id(store, tuple(dict.fromkeys(n.kind for n in named)) or FOCUS_KINDS, text, what="node")


def _resolved(store: GraphStore, view: ScopeView | None, people: bool, text: str) -> str:
    """The node ``text`` names, as the caller may see it: people only with the people permission, inside a token's scope."""
    node = resolve_focus(store, text) if people else resolve_focus_without_people(store, text)
    if view is not None:
        check_focus(store, view, node, text)
    return node


def _map(store: GraphStore, view: ScopeView | None, *, people: bool, names: bool, focus: str | None, **options: object) -> str:
    if focus is not None and options["layer"] == "focus":
        focus = _resolved(store, view, people, focus)
    page, _summary = build_map(store, focus=focus, include_people=names, max_nodes=MAX_NODES, **options)  # type: ignore[arg-type]
    return page


def _map_data(store: GraphStore, view: ScopeView | None, *, people: bool, names: bool, focus: str | None, **options: object) -> dict[str, Any]:
    if focus is not None and options["layer"] == "focus":
        focus = _resolved(store, view, people, focus)
    return map_data(store, focus=focus, include_people=names, max_nodes=MAX_NODES, **options)  # type: ignore[arg-type]


def _check_scoped_map(view: ScopeView | None, layer: str, depth: int) -> None:
    if view is not None and (layer != "focus" or depth > 1):
        raise HTTPException(403, _("a scoped token draws focus maps of depth 0 or 1 inside its scope only"))


@router.get(
    "/map/data",
    response_model=None,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}},
                     "description": "vis-network's nodes, edges and options, tooltips, legend, and `aliases` (store id → map node)."}},
)
@scope_aware
async def read_map_data(
    request: Request,
    store: StoreDep,
    principal: PrincipalDep,
    view: ScopeDep,
    layer: LayerQuery = "circle",
    focus: FocusQuery = None,
    depth: DepthQuery = 1,
    names: NamesQuery = False,
    facilities: FacilitiesQuery = False,
    subdistrict: SubdistrictQuery = None,
) -> Response:
    """The same map as ``GET /map``, as the data its page draws (what the workbench at ``/`` shows)."""
    require_people(request, principal, names)
    _check_scoped_map(view, layer, depth)
    data = await run_store(store, _map_data, store, view, people=principal.people, names=names, focus=focus, layer=layer, depth=depth,
                           include_facilities=facilities, subdistrict=subdistrict)
    return json_response(data)


def _neighbours(store: GraphStore, view: ScopeView | None, people: bool, node: str, units: list[str], names: bool, limit: int) -> dict[str, Any]:
    resolved = _resolved(store, view, people, node)
    return neighbours_of(store, resolved, include_people=names, aliases={u: resolved for u in units}, limit=limit)


@router.get(
    "/map/neighbours",
    response_model=None,
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}},
                     "description": "`nodes` and `edges` as the map's page draws them, `more`: how many were left out."}},
)
@scope_aware
async def read_map_neighbours(
    request: Request,
    store: StoreDep,
    principal: PrincipalDep,
    view: ScopeDep,
    node: Annotated[str, Query(description="The drawn node (id or name) to expand.", examples=["c-beiyuan"])],
    unit: Annotated[list[str] | None, Query(description="Units the node stands for on the map (a community for its party organization).")] = None,
    names: Annotated[bool, Query(description="Include people and households by name (personal data: a token with the people permission).")] = False,
    limit: Annotated[int, Query(ge=1, le=500, description="At most this many neighbours.")] = PER_NODE,
) -> Response:
    """A node's neighbours, for a map's double-click (what a map embeds for its nodes when it is small)."""
    require_people(request, principal, names)
    return json_response(await run_store(store, _neighbours, store, view, principal.people, node, unit or [], names, limit))


@router.get(
    "/map",
    response_model=None,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}, "description": "A single HTML page that opens offline."}},
)
@scope_aware
async def read_map(
    request: Request,
    store: StoreDep,
    principal: PrincipalDep,
    view: ScopeDep,
    layer: LayerQuery = "circle",
    focus: FocusQuery = None,
    depth: DepthQuery = 1,
    names: NamesQuery = False,
    facilities: FacilitiesQuery = False,
    subdistrict: SubdistrictQuery = None,
) -> HTMLResponse:
    """The offline HTML map of one layer (vis-network inlined; no internet needed to open it).

    Large layers are folded past a fixed node budget; ``focus`` goes with the
    focus layer only (422 otherwise); an unknown focus id → 404.
    """
    require_people(request, principal, names)
    _check_scoped_map(view, layer, depth)
    page = await run_store(
        store, _map, store, view, people=principal.people, names=names, focus=focus, layer=layer, depth=depth, include_facilities=facilities,
        subdistrict=subdistrict,
    )
    return HTMLResponse(page)
