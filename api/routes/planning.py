"""``GET /rates``, ``GET``/``POST /dispatch`` and ``GET /recommend``: planning over the whole network, as the CLI's ``--json``.

- ``/rates`` — the three rates (响应率 · 解决率 · 满意率) by subdistrict, community or partner over a period;
- ``/dispatch`` — the exact dispatch proposal of every open need (派单方案), the greedy totals beside it;
  ``POST`` (token) applies it: one journaled ``dispatch`` event per assignment;
- ``/recommend`` — each subdistrict's best new co-building agreements (共建招募), a proven optimum.

``without=`` (repeatable, or comma-separated) asks ``/dispatch`` as if those
partners or facilities left (假如退出); ``/gaps`` and ``/match`` take it too.
Every answer names organizations and needs, never people.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from api.access import ScopeView, scope_aware
from api.deps import ScopeDep, StoreDep, WriteLockDep, require_token, run_store
from api.scoping import check_community, check_subdistrict
from api.dispatch_writes import apply_dispatch
from api.report_models import ERROR_RESPONSES, LIFECYCLE_CONFLICT, WRITE_RESPONSES
from api.responses import json_response
from graph_model.planning.dispatch import propose_dispatch
from graph_model.planning.rates import three_rates
from graph_model.planning.recruitment import recruitment_plan
from graph_model.planning.what_if import parse_without
from graph_model.store import GraphStore

router = APIRouter(tags=["planning"], responses={404: ERROR_RESPONSES[404], 422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})

Without = Annotated[
    list[str] | None,
    Query(description="What if these partners or facilities left: ids or names (repeat, or separate with commas).",
          examples=["p-dongdong"]),
]


def _rates(store: GraphStore, by: str, date_from: str | None, date_to: str | None) -> dict[str, Any]:
    return three_rates(store, by=by, date_from=date_from, date_to=date_to).as_dict()  # type: ignore[arg-type]


@router.get("/rates", response_model=None, responses={200: {"description": "`{by, rows: [...], total}`, rows by id."}})
async def read_rates(
    store: StoreDep,
    by: Annotated[Literal["subdistrict", "community", "partner"], Query(description="Rows by subdistrict, community or partner.")] = "subdistrict",
    date_from: Annotated[str | None, Query(alias="from", description="First day of the period of report times (YYYY-MM-DD).",
                                           examples=["2024-05-30"])] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Last day of the period; the rates are as of its end (default now).",
                                         examples=["2024-08-29"])] = None,
) -> Response:
    """The three rates: ``response_rate`` = claimed within the category's ``respond_hours`` / reported,
    ``resolution_rate`` = resolved / reported, ``satisfaction_rate`` = last rating ≥ 4 / rated (4 decimals; null over 0).

    The needs reported in [from, to] (whole days), as of the end of ``to``.
    """
    return json_response(await run_store(store, _rates, store, by, date_from, date_to))


def _dispatch(store: GraphStore, view: ScopeView | None, community: str | None, without: list[str]) -> dict[str, Any]:
    community = _scoped_community(store, view, community)
    return propose_dispatch(store, community=community, without=without).as_dict()


def _scoped_community(store: GraphStore, view: ScopeView | None, community: str | None) -> str | None:
    """A scoped token dispatches one community of its scope: its own by default (a subdistrict scope must name it)."""
    if view is None:
        return community
    if community is None and view.scope.kind == "community":
        return view.scope.id
    return check_community(store, view, community or "")


@router.get("/dispatch", response_model=None,
            responses={200: {"description": "`{assignments: [{need, candidate, score}], assigned, total_score, "
                                            "unassigned: [{need, reason}], greedy: {assigned, total_score}}`."}})
@scope_aware
async def read_dispatch(
    store: StoreDep,
    view: ScopeDep,
    community: Annotated[str | None, Query(description="Only the open needs of this community (id or name).", examples=["c-yiyuan"])] = None,
    without: Without = None,
) -> Response:
    """The exact dispatch of every open need: the most needs, then the most total score, capacities respected.

    Each need's candidates are its in-area matches; ``unassigned`` says why
    (``no_candidate``, ``capacity``); ``greedy`` is the by-hand baseline
    (needs in id order, each its best candidate with room left). Writes nothing.
    """
    return json_response(await run_store(store, _dispatch, store, view, community, parse_without(without)))


def _apply(store: GraphStore, view: ScopeView | None, lock: threading.Lock, community: str | None, without: list[str]) -> dict[str, Any]:
    community = _scoped_community(store, view, community)
    report = propose_dispatch(store, community=community, without=without)
    apply_dispatch(store, lock, report, by="POST /dispatch")
    return report.as_dict()


@router.post("/dispatch", response_model=None, dependencies=[Depends(require_token)],
             responses={**WRITE_RESPONSES, 409: LIFECYCLE_CONFLICT, 200: {"description": "The proposal applied (the shape of GET /dispatch)."}})
@scope_aware
async def apply_dispatch_proposal(
    store: StoreDep,
    view: ScopeDep,
    lock: WriteLockDep,
    community: Annotated[str | None, Query(description="Only the open needs of this community (id or name).", examples=["c-yiyuan"])] = None,
    without: Without = None,
) -> Response:
    """Make the proposal of ``GET /dispatch`` and apply it: one ``dispatch`` event per assignment, each journaled.

    A need whose status changed meanwhile → 409, and the needs after it (by id) are not dispatched.
    """
    return json_response(await run_store(store, _apply, store, view, lock, community, parse_without(without)))


def _recommend(store: GraphStore, view: ScopeView | None, k: int, subdistrict: str | None, per_partner: int) -> dict[str, Any]:
    if view is not None:  # a subdistrict scope plans its own subdistrict; narrower scopes: 404, as for any other
        subdistrict = check_subdistrict(store, view, subdistrict or view.scope.id)
    return recruitment_plan(store, k=k, subdistrict=subdistrict, per_partner=per_partner).as_dict()


@router.get("/recommend", response_model=None,
            responses={200: {"description": "`{subdistricts: [{id, value, agreements: [{partner, community, closes_needs, "
                                            "closes_community_gap}]}]}`."}})
@scope_aware
async def read_recommend(
    store: StoreDep,
    view: ScopeDep,
    k: Annotated[int, Query(ge=1, le=100, description="New agreements per subdistrict at most.")],
    subdistrict: Annotated[str | None, Query(description="Only this subdistrict (id or name); default: each one.", examples=["sd-daoyi"])] = None,
    per_partner: Annotated[int, Query(ge=1, le=100, description="New agreements per partner at most.")] = 2,
) -> Response:
    """Which new co-building agreements close the most gaps: open needs without an in-area resolver plus
    communities without a partner. An exact optimum (integer program), its ``value`` the gaps closed."""
    return json_response(await run_store(store, _recommend, store, view, k, subdistrict, per_partner))
