"""Refuse request bodies over a size limit with 413, before any route reads them.

A pure ASGI middleware: a declared ``Content-Length`` over the limit is
refused at once; otherwise the body is read (up to the limit, whether sent in
one piece or chunked) and handed on. Requests without a body (a GET without
``Content-Length`` or ``Transfer-Encoding``) pass straight through, so the
read path pays nothing.

Examples
--------
>>> from starlette.applications import Starlette
>>> BodyLimit(Starlette(), max_bytes=1024).max_bytes
1024
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "replaying"]


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Answer 413 ``{"detail": ...}`` to bodies over ``max_bytes``; 400 to a malformed ``Content-Length``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is None and b"transfer-encoding" not in headers:
            await self.app(scope, receive, send)
            return
        if length is not None:
            if not length.isdigit():
                await _error(send, 400, "malformed Content-Length header")
                return
            if int(length) > self.max_bytes:
                await _error(send, 413, f"request body over {self.max_bytes} bytes")
                return
        try:
            body = await self._read(receive)
        except _TooLarge:
            await _error(send, 413, f"request body over {self.max_bytes} bytes")
            return
        if body is None:  # the client went away
            return
        await self.app(scope, replaying(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the app ``body`` (already read whole) first, then the client's further messages."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _error(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
