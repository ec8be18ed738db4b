"""``GET /categories``: the service taxonomy (default categories plus the dataset's own)."""

from __future__ import annotations

from fastapi import APIRouter

from api.access import scope_aware
from api.deps import StoreDep, run_store
from api.models import CategoriesPublic
from api.report_models import ERROR_RESPONSES
from api.views import list_categories

router = APIRouter(prefix="/categories", tags=["categories"], responses={503: ERROR_RESPONSES[503]})


@router.get("", response_model=CategoriesPublic)
@scope_aware  # the taxonomy is the same for everyone
async def read_categories(store: StoreDep) -> CategoriesPublic:
    """Every service category with its parent, by id (the taxonomy is small: no paging)."""
    found = await run_store(store, list_categories, store)
    return CategoriesPublic(data=found, count=len(found))
