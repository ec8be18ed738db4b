"""``GET /communities`` and ``GET /communities/{id}``.

No personal data: a community's detail lists its estates, grids, service
points, partners, agreements and needs by status, never the people (grid
workers, building heads, secretaries) tied to it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import Limit, Offset, StoreDep, run_store
from api.models import CommunitiesPublic, CommunityDetail
from api.report_models import ERROR_RESPONSES
from api.views import community_detail, list_communities

router = APIRouter(prefix="/communities", tags=["communities"], responses={422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})



@router.get("", response_model=CommunitiesPublic)
async def read_communities(store: StoreDep, limit: Limit = 100, offset: Offset = 0) -> CommunitiesPublic:
    """Communities (社区/行政村) with their portrait, by id; ``count`` is the total."""
    found = await run_store(store, list_communities, store)
    return CommunitiesPublic(data=found[offset : offset + limit], count=len(found))


@router.get("/{community_id}", response_model=CommunityDetail, responses={404: ERROR_RESPONSES[404]})
async def read_community(
    store: StoreDep, community_id: Annotated[str, Path(description="Community id.", examples=["c-beiyuan"])]
) -> CommunityDetail:
    """One community with its estates, grids, service points, partners, co-building agreements and needs by status."""
    return await run_store(store, community_detail, store, community_id, quick=True)
