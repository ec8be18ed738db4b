"""``POST /co-buildings`` and ``POST /offers``: new relationships, validated like rows of their tables."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends

from api.access import ScopeView, scope_aware
from api.deps import ScopeDep, StoreDep, WriteLockDep, require_token, run_store
from api.models import CoBuildingCreate, CoBuildingPublic, OfferCreate, OfferPublic
from api.report_models import WRITE_RESPONSES
from api.scoping import check_community, check_partner
from api.writes import create_relationship
from graph_model.schema import RelType
from graph_model.store import GraphStore

router = APIRouter(tags=["relationships"], responses=WRITE_RESPONSES, dependencies=[Depends(require_token)])


def _co_building(store: GraphStore, view: ScopeView | None, lock: threading.Lock, body: CoBuildingCreate) -> CoBuildingPublic:
    check_community(store, view, body.target)  # a scoped token signs agreements for its own communities only
    rel = create_relationship(store, lock, RelType.CO_BUILDS, body.model_dump(exclude_none=True))
    return CoBuildingPublic(
        source=rel.source, target=rel.target, since=rel.props.get("since"), projects=list(rel.props.get("projects") or [])
    )


def _offer(store: GraphStore, view: ScopeView | None, lock: threading.Lock, body: OfferCreate) -> OfferPublic:
    check_partner(store, view, body.source, what="partner or facility")
    rel = create_relationship(store, lock, RelType.OFFERS, body.model_dump(exclude_none=True))
    return OfferPublic(source=rel.source, target=rel.target, note=rel.props.get("note"))


@router.post("/co-buildings", response_model=CoBuildingPublic, status_code=201)
@scope_aware
async def add_co_building(store: StoreDep, view: ScopeDep, lock: WriteLockDep, body: CoBuildingCreate) -> CoBuildingPublic:
    """Add a co-building agreement (partner → community), validated like a row of ``relationships/CO_BUILDS.csv``.

    It counts at once: the community leaves the ``community_without_partner``
    gaps, and the partner's tie to it becomes 1.0 in ``/match``. 409 if the
    agreement already exists.
    """
    return await run_store(store, _co_building, store, view, lock, body)


@router.post("/offers", response_model=OfferPublic, status_code=201)
@scope_aware
async def add_offer(store: StoreDep, view: ScopeDep, lock: WriteLockDep, body: OfferCreate) -> OfferPublic:
    """Add an offer (partner or facility → category), validated like a row of ``relationships/OFFERS.csv``.

    The offerer appears in ``/match`` for that category and its subcategories
    at once. 409 if it already offers the category.
    """
    return await run_store(store, _offer, store, view, lock, body)
