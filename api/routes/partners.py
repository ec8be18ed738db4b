"""``GET /partners``, ``GET /partners/{id}`` and ``POST /partners``.

Partners (共建单位) are organizations, so their names are public; the people
working for them are not part of these answers.

A scoped token lists the partners sitting in its communities, reads those
that sit in or co-build with one of them (their agreements and service area
narrowed to the scope), and adds partners only inside it.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api.access import ScopeView, hidden, scope_aware
from api.deps import Limit, Offset, ScopeDep, StoreDep, WriteLockDep, require_token, run_store
from api.models import PartnerCreate, PartnerDetail, PartnersPublic
from api.report_models import ERROR_RESPONSES, WRITE_RESPONSES
from api.scoping import check_community, check_partner
from api.views import list_partners, partner_detail
from api.writes import create_node
from graph_model.records import Node
from graph_model.schema import NodeKind
from graph_model.store import GraphStore

router = APIRouter(prefix="/partners", tags=["partners"], responses={422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})


def _partners(store: GraphStore, view: ScopeView | None, community: str | None, sector: str | None) -> list:
    if view is not None and community is not None:
        community = check_community(store, view, community)
    found = list_partners(store, community=community, sector=sector)
    return found if view is None else view.keep(found, lambda p: p.community)


def _partner(store: GraphStore, view: ScopeView | None, partner: str) -> PartnerDetail:
    detail = partner_detail(store, check_partner(store, view, partner))
    if view is None:
        return detail
    return detail.model_copy(update={
        "agreements": [a for a in detail.agreements if view.has_community(a.community)],
        "serves": [s for s in detail.serves if view.has_community(s.id) or s.id == view.subdistrict],
    })


@router.get("", response_model=PartnersPublic, responses={404: ERROR_RESPONSES[404]})
@scope_aware
async def read_partners(
    store: StoreDep,
    view: ScopeDep,
    community: Annotated[str | None, Query(description="Only partners sitting in this community (id).")] = None,
    sector: Annotated[str | None, Query(description="Only partners of this sector.", examples=["enterprise"])] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> PartnersPublic:
    """Partners by id, optionally those in one community or of one sector; ``count`` is the total."""
    found = await run_store(store, _partners, store, view, community, sector)
    return PartnersPublic(data=found[offset : offset + limit], count=len(found))


@router.get("/{partner_id}", response_model=PartnerDetail, responses={404: ERROR_RESPONSES[404]})
@scope_aware
async def read_partner(
    store: StoreDep, view: ScopeDep, partner_id: Annotated[str, Path(description="Partner id.", examples=["p-ent-daokang"])]
) -> PartnerDetail:
    """One partner with its offers, co-building agreements, located community, service area and record."""
    return await run_store(store, _partner, store, view, partner_id, quick=True)


def _create_partner(store: GraphStore, view: ScopeView | None, lock: threading.Lock, body: PartnerCreate) -> PartnerDetail:
    if view is not None:
        if body.community is None:
            raise hidden("community", "")
        check_community(store, view, body.community)
    node: Node = create_node(store, lock, NodeKind.PARTNER, body.model_dump(exclude_none=True))
    return partner_detail(store, node.id)


@router.post(
    "",
    response_model=PartnerDetail,
    status_code=201,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(require_token)],
)
@scope_aware
async def add_partner(store: StoreDep, view: ScopeDep, lock: WriteLockDep, body: PartnerCreate) -> PartnerDetail:
    """Add a partner. Validated like a row of ``nodes/Partner.csv``; its ``community`` becomes LOCATED_IN."""
    return await run_store(store, _create_partner, store, view, lock, body)
