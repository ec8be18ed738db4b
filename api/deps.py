"""What routes get injected: the store, the settings, the write lock, and the write guard.

In the manner of full-stack-fastapi-template's ``deps.py``: routes declare
``store: StoreDep``; tests swap it with ``app.dependency_overrides[get_store]``.

Routes are ``async``; store calls go through :func:`run_store`, which runs
them in the threadpool (Neo4j blocks on the network, big reports take tens
of milliseconds) except the quick point queries of the embedded store, which
run inline because a thread hop costs more than they do.

Writes need ``Authorization: Bearer <LINLI_API_TOKEN>`` (:func:`require_token`):
no token configured → 403 for every write; a missing or wrong token → 401.
The comparison is constant-time (:func:`hmac.compare_digest`).
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.settings import ApiSettings
from api.store_provider import StoreProvider
from graph_model.store import GraphStore

__all__ = [
    "StoreDep",
    "SettingsDep",
    "WriteLockDep",
    "get_store",
    "get_settings",
    "get_write_lock",
    "require_token",
    "run_store",
    "Limit",
    "Offset",
]

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="How many to skip.")]

T = TypeVar("T")

bearer = HTTPBearer(auto_error=False, description="The server's LINLI_API_TOKEN; needed for every write.")


def _provider(request: Request) -> StoreProvider:
    return request.app.state.stores


async def get_store(request: Request) -> GraphStore:
    """The store for this request (connecting to Neo4j off the event loop when needed)."""
    provider = _provider(request)
    store = provider.get() if provider.ready else await run_in_threadpool(provider.get)
    request.state.store = store
    return store


async def get_settings(request: Request) -> ApiSettings:
    """The app's settings."""
    return request.app.state.settings


async def get_write_lock(request: Request) -> threading.Lock:
    """The lock that makes a write's checks and its apply one atomic step."""
    return _provider(request).write_lock


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
WriteLockDep = Annotated[threading.Lock, Depends(get_write_lock)]


async def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """Let a write through only with the configured bearer token."""
    if not settings.writes_enabled or settings.api_token is None:
        raise HTTPException(403, "writes are disabled on this server (no LINLI_API_TOKEN is configured)")
    expected = settings.api_token.get_secret_value().encode("utf-8")
    given = credentials.credentials.encode("utf-8") if credentials is not None else b""
    if credentials is None or not hmac.compare_digest(given, expected):
        raise HTTPException(401, "a valid bearer token is required to write", headers={"WWW-Authenticate": "Bearer"})


async def run_store(store: GraphStore, call: Callable[..., T], /, *args: Any, quick: bool = False, **kwargs: Any) -> T:
    """Run ``call(*args, **kwargs)``: inline when ``quick`` on the embedded store, else in the threadpool."""
    if quick and store.backend == "memory":
        return call(*args, **kwargs)
    return await run_in_threadpool(call, *args, **kwargs)
