"""The FastAPI app: :func:`create_app` builds it over a store, the settings, the routers and the error map.

- ``create_app()`` serves what the settings say: the embedded store over
  ``LINLI_DATA`` (default: the bundled Daoyi dataset) with its write journal
  under ``LINLI_STATE_DIR``, or Neo4j at ``LINLI_NEO4J_URI``.
- ``create_app(store=...)`` serves a store you already have (tests; the
  caller keeps ownership and closes it).

Examples
--------
>>> from fastapi.testclient import TestClient
>>> from graph_model.stores.memory.store import MemoryStore
>>> client = TestClient(create_app(MemoryStore(), ApiSettings(api_token=None, neo4j_uri=None)))
>>> client.get("/health").json()
{'status': 'ok', 'backend': 'memory'}
>>> client.post("/offers", json={"source": "p", "target": "k"}).status_code
403
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline

from api.access import ACCESS_RESPONSES, AccessState, authenticate
from api.audit import AUDIT_FILE, AuditLog, AuditTrail
from api.body_limit import BodyLimit
from api.errors import install_error_handlers
from api.language import ContentLanguage
from api.links import SECRET_FILE, LinkGate, LinkSigner
from api.rate_limit import RateLimit
from api.routes import api_docs, categories, communities, health, links, maps, needs, partners, planning, queries, workbench
from api.settings import ApiSettings
from api.store_provider import FixedStoreProvider, Neo4jStoreProvider, StoreProvider
from api.strict_json import StrictJson
from api.tokens import TOKEN_FILE, TokenFile
from graph_model.store import GraphStore
from loaders.opening import open_store

__all__ = ["create_app", "ROUTERS"]

log = logging.getLogger(__name__)

ROUTERS = (queries, health, communities, partners, needs, categories, links, maps, planning, workbench, api_docs)  # the hot /match first: routes are matched in order

DESCRIPTION = """\
Partner matching (共建单位匹配), coverage gaps (覆盖缺口) and mentor pairing
(书记结对) over an urban grassroots-governance network.

Answers speak Chinese by default; send `Accept-Language: en` for English
(messages, reasons and details; JSON keys and enum values are English in both).
Wherever an id is expected, a name works too (exact, part of it, or its pinyin).

Reads are open until the server has tokens (`linli token add`); then every
request needs `Authorization: Bearer <token>` or a signed link (`link=...`).
A token has a role (admin, planner: writes; viewer), maybe a scope (a
subdistrict, community or grid: it sees and writes only inside) and maybe the
people permission (people's names). Writes and reads of people's names are
audited. The server's `LINLI_API_TOKEN` is an unscoped admin. Writes are
validated by the same rules as dataset files; on the embedded store each
acknowledged write is journaled (fsync'd) first, so a crash loses none.
"""


def _provider(store: GraphStore | None, settings: ApiSettings) -> StoreProvider:
    if store is not None:
        return FixedStoreProvider(store)
    if settings.neo4j_uri:
        return Neo4jStoreProvider(settings, reconnect_delay=settings.reconnect_delay, retry_time=settings.neo4j_retry_time)
    return FixedStoreProvider(open_store(settings), owned=True)


def access_state(settings: ApiSettings) -> AccessState:
    """The tokens file, link secret and audit log under the state directory (none without one)."""
    if settings.state_dir is None:
        return AccessState()
    state = settings.state_dir
    return AccessState(TokenFile(state / TOKEN_FILE), LinkSigner(state / SECRET_FILE), AuditLog(state / AUDIT_FILE))


def create_app(store: GraphStore | None = None, settings: ApiSettings | None = None) -> FastAPI:
    """The Linli API over ``store`` (or the one ``settings`` describe).

    Raises the store's errors at once (an invalid dataset, a corrupt or busy
    journal); an unreachable Neo4j is not an error here: requests answer 503
    until it is reachable.
    """
    settings = settings or ApiSettings()
    provider = _provider(store, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        provider.close()

    # Swagger UI and ReDoc from fastapi-offline's package files, not a CDN: /docs and /redoc work on an intranet
    # (/redoc is api/routes/api_docs.py's, which keeps ReDoc from fetching its logo).
    app = FastAPIOffline(
        redoc_url=None,
        title="Linli 邻里 API",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        dependencies=[Depends(authenticate)],
        responses=ACCESS_RESPONSES,
    )
    access = access_state(settings)
    app.state.settings = settings
    app.state.access = access
    app.state.stores = provider
    install_error_handlers(app)
    for module in ROUTERS:
        app.include_router(module.router)
    app.add_middleware(StrictJson)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(LinkGate, signer=access.signer)
    app.add_middleware(RateLimit, limit=settings.rate_limit, prefixes=settings.rate_limited_paths)
    app.add_middleware(AuditTrail, log=access.audit)
    app.add_middleware(ContentLanguage)  # outermost of ours: the language holds for everything inside
    log.info("API over the %s store; writes %s", provider.backend, "enabled" if settings.writes_enabled else "disabled")
    return app
