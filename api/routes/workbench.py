"""``GET /``: the planner's workbench (规划工作台), and ``GET /workbench/{name}``: its files.

The page is static (:mod:`viz.workbench_files`): it reads everything else
from this API with ``fetch``, as any client would, so it can show nothing
the API does not serve to everyone. Writes go with the token the user typed
into the page (kept in the tab's ``sessionStorage``, sent as a bearer header,
never in a URL). Not part of the OpenAPI schema: it is a page, not an API.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException
from starlette.responses import Response

from api.access import PrincipalDep, public
from api.deps import StoreDep, run_store
from api.responses import json_response
from api.workbench_export import community_workbook
from graph_model.schema import NodeKind
from graph_model.store import GraphStore
from graph_model.gaps import GAP_KINDS
from graph_model.schema import NEED_ACTION_NAMES, NEED_SOURCE_NAMES, NEED_STATUS_NAMES, PARTNER_SECTOR_NAMES
from viz.workbench_files import workbench_file

router = APIRouter(include_in_schema=False)

# The page loads only its own files and talks only to this origin.
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}


def _file(name: str) -> Response:
    try:
        body, media = workbench_file(name)
    except KeyError:
        raise HTTPException(404, "no such file") from None
    return Response(body, media_type=media, headers=_HEADERS)


@router.get("/")
@public
async def workbench_page() -> Response:
    """The workbench page."""
    return _file("index.html")


def vocabulary() -> dict[str, dict[str, str]]:
    """The Chinese names the page shows for the schema's values (one source: :mod:`graph_model.schema`, :mod:`graph_model.gaps`)."""
    return {
        "sectors": {k: v[0] for k, v in PARTNER_SECTOR_NAMES.items()},
        "sources": {k: v[0] for k, v in NEED_SOURCE_NAMES.items()},
        "statuses": {**{k: v[0] for k, v in NEED_STATUS_NAMES.items()}, "overdue": "已超期"},
        "actions": {k: v[0] for k, v in NEED_ACTION_NAMES.items()},
        "gaps": {k.value: spec.title_zh for k, spec in GAP_KINDS.items()},
    }


@router.get("/workbench/vocabulary.json")
@public
async def workbench_vocabulary() -> Response:
    """The names of the schema's values, for the page's pickers and labels."""
    return json_response(vocabulary())


def _subdistricts(store: GraphStore) -> list[dict[str, str]]:
    return [{"id": n.id, "name": n.name} for n in store.find(NodeKind.SUBDISTRICT)]


@router.get("/workbench/subdistricts.json")
async def workbench_subdistricts(store: StoreDep) -> Response:
    """The subdistricts (id and name), for the page's subdistrict filter."""
    return json_response(await run_store(store, _subdistricts, store))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/workbench/community.xlsx")
async def workbench_tables(store: StoreDep, community: str) -> Response:
    """The community's gaps, needs and matches as one Excel workbook (the page's 导出表格)."""
    body, name = await run_store(store, community_workbook, store, community)
    filename = quote(f"{name}.xlsx")
    return Response(body, media_type=XLSX, headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})


@router.get("/workbench/session.json")
@public
async def workbench_session(principal: PrincipalDep) -> Response:
    """Who the page acts for with the token it sends (none: anonymous): its role, and whether it may see people's names and write."""
    return json_response({"name": principal.name, "role": principal.role, "people": principal.people,
                          "can_write": principal.can_write, "scope": str(principal.scope) if principal.scope else None})


@router.get("/workbench/{name}")
@public
async def workbench_asset(name: str) -> Response:
    """One of the page's files (its script, its style, vis-network)."""
    return _file(name)
