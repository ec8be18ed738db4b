"""``GET /health`` and ``GET /stats``: is the service up, and what does the graph hold."""

from __future__ import annotations

from fastapi import APIRouter

from api.access import public
from api.deps import StoreDep, run_store
from api.report_models import ERROR_RESPONSES, Health, StatsPublic
from graph_model.store import GraphStore

router = APIRouter(tags=["service"])

PROBE_ID = "linli-health-probe"


def _probe(store: GraphStore) -> None:
    """One cheap round trip: proves the store answers (Neo4j: a query, not just an open driver).

    On Neo4j it also looks for the marker of an interrupted load (a load started
    after this server connected): then 503, the connection is dropped, and
    every request answers 503 until the load is finished.
    """
    refuse = getattr(store, "refuse_incomplete_load", None)
    if refuse is not None:
        refuse()
    else:
        store.kinds_of([PROBE_ID])


@router.get("/health", response_model=Health, responses={503: ERROR_RESPONSES[503]})
@public
async def health(store: StoreDep) -> Health:
    """The service is up and its store answers; 503 while the graph database is unreachable or holds an interrupted load."""
    await run_store(store, _probe, store, quick=True)
    return Health(status="ok", backend=store.backend)  # type: ignore[arg-type]


@router.get("/stats", response_model=StatsPublic, responses={503: ERROR_RESPONSES[503]})
async def stats(store: StoreDep) -> StatsPublic:
    """Counts per node kind, relationship type and party-organization level — the JSON of ``linli stats --json``."""
    counts = await run_store(store, store.stats)
    return StatsPublic(**counts.as_dict())
