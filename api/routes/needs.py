"""``GET /needs``, ``POST /needs``, ``GET``/``PATCH /needs/{id}`` and the lifecycle's ``POST /needs/{id}/<action>``.

Needs (民生诉求) are about places and services, not people: no resident's
name is part of a need.

A need's status moves by its events (诉求流转): ``POST /needs/{id}/dispatch``,
``claim``, ``resolve``, ``return``, ``rate`` and ``reopen`` append one under
the lifecycle's rules (409 with the status found when the action is not
allowed). ``PATCH`` may change the status or resolver only of a need without
events — a ledger row being corrected; once a need has events they decide.

A scoped token lists, reads and writes only the needs of its communities
(others: 404, as unknown ones), and dispatches only to partners inside.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from api.access import ScopeView, scope_aware
from api.deps import Limit, Offset, ScopeDep, StoreDep, WriteLockDep, require_token, run_store
from api.models import NeedCreate, NeedDetail, NeedEventCreate, NeedPublic, NeedsPublic, NeedUpdate
from api.need_events import append_need_event, refuse_status_change
from api.report_models import ERROR_RESPONSES, LIFECYCLE_CONFLICT, WRITE_RESPONSES
from api.scoping import check_community, check_need, check_partner
from api.views import list_needs, need_public
from api.writes import create_node, update_need
from graph_model.need_lifecycle import ALLOWED_FROM
from graph_model.queries.need_record import need_record
from graph_model.schema import NEED_ACTION_NAMES, NodeKind, RelType
from graph_model.store import GraphStore

router = APIRouter(prefix="/needs", tags=["needs"], responses={422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})

Status = Literal["open", "dispatched", "in_progress", "resolved"]


def _needs(store: GraphStore, view: ScopeView | None, **query: str | None) -> list[NeedPublic]:
    if view is not None and query.get("community") is not None:
        query["community"] = check_community(store, view, str(query["community"]))
    found = list_needs(store, **query)
    return found if view is None else view.keep(found, lambda n: n.community)


@router.get("", response_model=NeedsPublic, responses={404: ERROR_RESPONSES[404]})
@scope_aware
async def read_needs(
    store: StoreDep,
    view: ScopeDep,
    community: Annotated[str | None, Query(description="Only needs of this community (id).", examples=["c-beiyuan"])] = None,
    status: Annotated[Status | None, Query(description="Only needs with this status.")] = None,
    category: Annotated[str | None, Query(description="Only needs of exactly this category (id).", examples=["elderly_meals"])] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> NeedsPublic:
    """Needs by id, filtered by community, status and category; ``count`` is the total."""
    found = await run_store(store, _needs, store, view, community=community, status=status, category=category)
    return NeedsPublic(data=found[offset : offset + limit], count=len(found))


def _read_need(store: GraphStore, need: str) -> NeedPublic:
    node = store.get(need)
    assert node is not None
    return need_public(node, store.relationships(need, types=[RelType.HAS_NEED, RelType.IN_CATEGORY, RelType.RESOLVED_BY]))


def _create_need(store: GraphStore, view: ScopeView | None, lock: threading.Lock, body: NeedCreate) -> NeedPublic:
    check_community(store, view, body.community)
    if view is not None and body.resolved_by is not None:
        check_partner(store, view, body.resolved_by, what="partner or facility")
    node = create_node(store, lock, NodeKind.NEED, body.model_dump(exclude_none=True))
    return _read_need(store, node.id)


def _update_need(store: GraphStore, view: ScopeView | None, lock: threading.Lock, need: str, body: NeedUpdate) -> NeedPublic:
    check_need(store, view, need)
    if view is not None and body.resolved_by is not None:
        check_partner(store, view, body.resolved_by, what="partner or facility")
    refuse_status_change(store, need, list(body.model_fields_set))
    node, rels = update_need(store, lock, need, body.model_dump(include=body.model_fields_set))
    return need_public(node, rels)


def _need_detail(store: GraphStore, need: str, view: ScopeView | None = None) -> NeedDetail:
    check_need(store, view, need)
    return NeedDetail.model_validate(need_record(store, need).as_dict())


def _append(store: GraphStore, view: ScopeView | None, lock: threading.Lock, need: str, action: str,
            body: NeedEventCreate) -> NeedDetail:
    check_need(store, view, need)
    if view is not None and body.partner is not None:
        check_partner(store, view, body.partner, what="partner or facility")
    append_need_event(store, lock, need, action, **body.model_dump())
    return _need_detail(store, need)


@router.post("", response_model=NeedPublic, status_code=201, responses=WRITE_RESPONSES, dependencies=[Depends(require_token)])
@scope_aware
async def add_need(store: StoreDep, view: ScopeDep, lock: WriteLockDep, body: NeedCreate) -> NeedPublic:
    """Add a need. Validated like a row of ``nodes/Need.csv`` (``status`` defaults to ``open``)."""
    return await run_store(store, _create_need, store, view, lock, body)


@router.patch("/{need_id}", response_model=NeedPublic, responses={**WRITE_RESPONSES, 409: LIFECYCLE_CONFLICT},
              dependencies=[Depends(require_token)])
@scope_aware
async def change_need(
    store: StoreDep,
    view: ScopeDep,
    lock: WriteLockDep,
    need_id: Annotated[str, Path(description="Need id.", examples=["n-beiyuan-01"])],
    body: NeedUpdate,
) -> NeedPublic:
    """Change the status and/or resolver of a need **without events** (a ledger row being corrected).

    Absent fields stay as they are; ``"resolved_by": null`` removes the
    resolver. The whole need is re-validated like a dataset row, and its old
    RESOLVED_BY is replaced in the same atomic change. A need with events →
    409: its status follows them (use ``POST /needs/{id}/<action>``).
    """
    return await run_store(store, _update_need, store, view, lock, need_id, body)


@router.get("/{need_id}", response_model=NeedDetail, responses={404: ERROR_RESPONSES[404]})
@scope_aware
async def read_need(
    store: StoreDep, view: ScopeDep, need_id: Annotated[str, Path(description="Need id (or exact name).", examples=["n-beiyuan-01"])]
) -> NeedDetail:
    """A need with its current partner, its category's time limits and its whole history (诉求流转), oldest first."""
    return await run_store(store, _need_detail, store, need_id, view)


_ACTION_DOCS = {
    "dispatch": "Dispatch an open need to a partner or facility (派单): `partner` required.",
    "claim": "The partner claims a dispatched need (接单): it is in progress.",
    "resolve": "The partner resolves a dispatched or in-progress need (办结): it becomes the need's resolver.",
    "return": "The partner hands a dispatched or in-progress need back (退单): it is open again, with no partner.",
    "rate": "The residents rate a resolved need (评价): `rating` 1–5 required; 2 or less reopens it.",
    "reopen": "Reopen a resolved need (重办): open again, with no partner.",
}


def _action_route(action: str) -> Callable[..., Coroutine[Any, Any, NeedDetail]]:
    @scope_aware
    async def post_event(
        store: StoreDep,
        view: ScopeDep,
        lock: WriteLockDep,
        need_id: Annotated[str, Path(description="Need id.", examples=["n-beiyuan-01"])],
        body: NeedEventCreate,
    ) -> NeedDetail:
        return await run_store(store, _append, store, view, lock, need_id, action, body)

    allowed = ", ".join(sorted(ALLOWED_FROM[action]))
    post_event.__doc__ = (
        f"{_ACTION_DOCS[action]}\n\nAllowed when the need is {allowed}; otherwise 409 with the status found. "
        "`at` defaults to now. The event, the need's new status and its resolver are written in one journaled change."
    )
    post_event.__name__ = f"{action}_need"
    return post_event


for _action in ("dispatch", "claim", "resolve", "return", "rate", "reopen"):
    router.add_api_route(
        f"/{{need_id}}/{_action}", _action_route(_action), methods=["POST"], response_model=NeedDetail,
        status_code=200, responses={**WRITE_RESPONSES, 409: LIFECYCLE_CONFLICT}, dependencies=[Depends(require_token)],
        summary=f"{_action.capitalize()} a need ({NEED_ACTION_NAMES[_action][0]})",
    )
