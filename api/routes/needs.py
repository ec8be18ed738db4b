"""``GET /needs``, ``POST /needs`` and ``PATCH /needs/{id}``.

Needs (民生诉求) are about places and services, not people: no resident's
name is part of a need.
"""

from __future__ import annotations

import threading
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from api.deps import Limit, Offset, StoreDep, WriteLockDep, require_token, run_store
from api.models import NeedCreate, NeedPublic, NeedsPublic, NeedUpdate
from api.report_models import ERROR_RESPONSES, WRITE_RESPONSES
from api.views import list_needs, need_public
from api.writes import create_node, update_need
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore

router = APIRouter(prefix="/needs", tags=["needs"], responses={422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})

Status = Literal["open", "dispatched", "in_progress", "resolved"]


@router.get("", response_model=NeedsPublic, responses={404: ERROR_RESPONSES[404]})
async def read_needs(
    store: StoreDep,
    community: Annotated[str | None, Query(description="Only needs of this community (id).", examples=["c-beiyuan"])] = None,
    status: Annotated[Status | None, Query(description="Only needs with this status.")] = None,
    category: Annotated[str | None, Query(description="Only needs of exactly this category (id).", examples=["elderly_meals"])] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> NeedsPublic:
    """Needs by id, filtered by community, status and category; ``count`` is the total."""
    found = await run_store(store, list_needs, store, community=community, status=status, category=category)
    return NeedsPublic(data=found[offset : offset + limit], count=len(found))


def _read_need(store: GraphStore, need: str) -> NeedPublic:
    node = store.get(need)
    assert node is not None
    return need_public(node, store.relationships(need, types=[RelType.HAS_NEED, RelType.IN_CATEGORY, RelType.RESOLVED_BY]))


def _create_need(store: GraphStore, lock: threading.Lock, body: NeedCreate) -> NeedPublic:
    node = create_node(store, lock, NodeKind.NEED, body.model_dump(exclude_none=True))
    return _read_need(store, node.id)


def _update_need(store: GraphStore, lock: threading.Lock, need: str, body: NeedUpdate) -> NeedPublic:
    node, rels = update_need(store, lock, need, body.model_dump(include=body.model_fields_set))
    return need_public(node, rels)


@router.post("", response_model=NeedPublic, status_code=201, responses=WRITE_RESPONSES, dependencies=[Depends(require_token)])
async def add_need(store: StoreDep, lock: WriteLockDep, body: NeedCreate) -> NeedPublic:
    """Add a need. Validated like a row of ``nodes/Need.csv`` (``status`` defaults to ``open``)."""
    return await run_store(store, _create_need, store, lock, body)


@router.patch("/{need_id}", response_model=NeedPublic, responses=WRITE_RESPONSES, dependencies=[Depends(require_token)])
async def change_need(
    store: StoreDep,
    lock: WriteLockDep,
    need_id: Annotated[str, Path(description="Need id.", examples=["n-beiyuan-01"])],
    body: NeedUpdate,
) -> NeedPublic:
    """Change a need's status and/or resolver. Absent fields stay as they are; ``"resolved_by": null`` removes the resolver.

    The whole need is re-validated like a dataset row, and its old RESOLVED_BY
    is replaced in the same atomic change.
    """
    return await run_store(store, _update_need, store, lock, need_id, body)
