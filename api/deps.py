"""What routes get injected: the store, the settings, the write lock, and the write guard.

In the manner of full-stack-fastapi-template's ``deps.py``: routes declare
``store: StoreDep``; tests swap it with ``app.dependency_overrides[get_store]``.

Routes are ``async``; store calls go through :func:`run_store`, which runs
them in the threadpool (Neo4j blocks on the network, big reports take tens
of milliseconds) except the quick point queries of the embedded store, which
run inline because a thread hop costs more than they do.

Who asks and what they may do is :mod:`api.access`: every route gets the
principal (``PrincipalDep``); writes depend on :func:`require_token` (an
admin or planner: no writer configured → 403 for every write, a missing token
→ 401, a viewer → 403); scoped routes take ``ScopeDep``, what the principal's
scope covers (None: everything).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from api.access import PrincipalDep, ScopeView, require_writer, scope_view
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
    "PrincipalDep",
    "ScopeDep",
    "get_scope",
    "run_store",
    "Limit",
    "Offset",
]

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="How many to skip.")]

T = TypeVar("T")


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


require_token = require_writer
"""Writes depend on it: an admin or planner (:mod:`api.access`)."""


async def get_scope(request: Request, store: StoreDep, principal: PrincipalDep) -> ScopeView | None:
    """What the principal's scope covers (None: unscoped), read once per request."""
    if principal.scope is None:
        return None
    cached = getattr(request.state, "scope_view", None)
    if cached is None:
        cached = await run_store(store, scope_view, store, principal.scope)
        request.state.scope_view = cached
    return cached


ScopeDep = Annotated[ScopeView | None, Depends(get_scope)]


async def run_store(store: GraphStore, call: Callable[..., T], /, *args: Any, quick: bool = False, **kwargs: Any) -> T:
    """Run ``call(*args, **kwargs)``: inline when ``quick`` on the embedded store, else in the threadpool."""
    if quick and store.backend == "memory":
        return call(*args, **kwargs)
    return await run_in_threadpool(call, *args, **kwargs)
