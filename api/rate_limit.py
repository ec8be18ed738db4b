"""A per-client rate limit on the expensive endpoints (maps, mentor pairing, dispatch, recommendations): 429 past it.

Each prefix is counted apart, so a burst of maps does not block a dispatch.

The counting is the ``limits`` library's moving window (the engine under
slowapi), kept in memory: one API process, one count per client address.
slowapi itself decorates routes one by one and needs a ``request`` argument
in each; a small ASGI middleware over ``limits`` covers paths by prefix
instead, including routes added later (``/dispatch``, ``/recommend``), and
answers before the route does any work. The answer carries ``Retry-After``.

``LINLI_RATE_LIMIT`` sets the limit (``limits`` notation: ``"30/minute"``,
``"5/second"``; empty turns it off) and ``LINLI_RATE_LIMITED_PATHS`` the
path prefixes.

Examples
--------
>>> from starlette.applications import Starlette
>>> gate = RateLimit(Starlette(), limit="2/minute", prefixes=("/map",))
>>> gate.limited("/map"), gate.limited("/mapping"), gate.limited("/match")
(True, False, False)
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from graph_model.i18n import _

__all__ = ["RateLimit"]


class RateLimit:
    """Count requests to ``prefixes`` per client address; 429 past ``limit``."""

    def __init__(self, app: ASGIApp, *, limit: str, prefixes: Sequence[str]) -> None:
        self.app = app
        self.item = parse(limit) if limit else None
        self.prefixes = tuple(p.rstrip("/") for p in prefixes)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def limited(self, path: str) -> bool:
        return self.prefix(path) is not None

    def prefix(self, path: str) -> str | None:
        """The limited prefix ``path`` falls under (each is counted apart), or None."""
        if self.item is None:
            return None
        return next((p for p in self.prefixes if path == p or path.startswith(p + "/")), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        prefix = self.prefix(scope["path"]) if scope["type"] == "http" else None
        if prefix is None:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        key = f"{client[0] if client else 'unknown'} {prefix}"
        assert self.item is not None
        if self.limiter.hit(self.item, key):
            await self.app(scope, receive, send)
            return
        reset = self.limiter.get_window_stats(self.item, key).reset_time
        retry = str(max(1, math.ceil(reset - time.time())))
        detail = _("too many requests: at most {limit} per client; retry in {seconds} s").format(limit=self.item, seconds=retry)
        body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 429,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"retry-after", retry.encode())]})
        await send({"type": "http.response.body", "body": body})
