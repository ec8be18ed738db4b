"""``GET /communities`` and ``GET /communities/{id}``.

No personal data: a community's detail lists its estates, grids, service
points, partners, agreements and needs by status, never the people (grid
workers, building heads, secretaries) tied to it. A scoped token lists and
reads only the communities of its scope (others: 404, as unknown ones).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.access import ScopeView, scope_aware
from api.deps import Limit, Offset, ScopeDep, StoreDep, run_store
from api.models import CommunitiesPublic, CommunityDetail
from api.report_models import ERROR_RESPONSES
from api.scoping import check_community
from api.views import community_detail, list_communities
from graph_model.store import GraphStore

router = APIRouter(prefix="/communities", tags=["communities"], responses={422: ERROR_RESPONSES[422], 503: ERROR_RESPONSES[503]})



@router.get("", response_model=CommunitiesPublic)
@scope_aware
async def read_communities(store: StoreDep, view: ScopeDep, limit: Limit = 100, offset: Offset = 0) -> CommunitiesPublic:
    """Communities (社区/行政村) with their portrait, by id; ``count`` is the total."""
    found = await run_store(store, list_communities, store)
    if view is not None:
        found = view.keep(found, lambda c: c.id)
    return CommunitiesPublic(data=found[offset : offset + limit], count=len(found))


def _community(store: GraphStore, view: ScopeView | None, community: str) -> CommunityDetail:
    return community_detail(store, check_community(store, view, community))


@router.get("/{community_id}", response_model=CommunityDetail, responses={404: ERROR_RESPONSES[404]})
@scope_aware
async def read_community(
    store: StoreDep, view: ScopeDep, community_id: Annotated[str, Path(description="Community id.", examples=["c-beiyuan"])]
) -> CommunityDetail:
    """One community with its estates, grids, service points, partners, co-building agreements and needs by status."""
    return await run_store(store, _community, store, view, community_id, quick=True)
