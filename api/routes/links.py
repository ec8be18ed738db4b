"""``POST /co-buildings`` and ``POST /offers``: new relationships, validated like rows of their tables."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends

from api.deps import StoreDep, WriteLockDep, require_token, run_store
from api.models import CoBuildingCreate, CoBuildingPublic, OfferCreate, OfferPublic
from api.report_models import WRITE_RESPONSES
from api.writes import create_relationship
from graph_model.schema import RelType
from graph_model.store import GraphStore

router = APIRouter(tags=["relationships"], responses=WRITE_RESPONSES, dependencies=[Depends(require_token)])


def _co_building(store: GraphStore, lock: threading.Lock, body: CoBuildingCreate) -> CoBuildingPublic:
    rel = create_relationship(store, lock, RelType.CO_BUILDS, body.model_dump(exclude_none=True))
    return CoBuildingPublic(
        source=rel.source, target=rel.target, since=rel.props.get("since"), projects=list(rel.props.get("projects") or [])
    )


def _offer(store: GraphStore, lock: threading.Lock, body: OfferCreate) -> OfferPublic:
    rel = create_relationship(store, lock, RelType.OFFERS, body.model_dump(exclude_none=True))
    return OfferPublic(source=rel.source, target=rel.target, note=rel.props.get("note"))


@router.post("/co-buildings", response_model=CoBuildingPublic, status_code=201)
async def add_co_building(store: StoreDep, lock: WriteLockDep, body: CoBuildingCreate) -> CoBuildingPublic:
    """Add a co-building agreement (partner → community), validated like a row of ``relationships/CO_BUILDS.csv``.

    It counts at once: the community leaves the ``community_without_partner``
    gaps, and the partner's tie to it becomes 1.0 in ``/match``. 409 if the
    agreement already exists.
    """
    return await run_store(store, _co_building, store, lock, body)


@router.post("/offers", response_model=OfferPublic, status_code=201)
async def add_offer(store: StoreDep, lock: WriteLockDep, body: OfferCreate) -> OfferPublic:
    """Add an offer (partner or facility → category), validated like a row of ``relationships/OFFERS.csv``.

    The offerer appears in ``/match`` for that category and its subcategories
    at once. 409 if it already offers the category.
    """
    return await run_store(store, _offer, store, lock, body)
