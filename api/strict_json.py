"""Refuse JSON bodies Python would read but JSON does not allow: NaN, Infinity, numbers past a double, lone surrogates → 422.

Python's ``json`` reads ``NaN`` and ``Infinity`` and keeps ``"\\ud800"`` as a
lone surrogate; either then fails far downstream (echoing the value back, or
writing it) as a 500. This ASGI middleware reads JSON bodies strictly first
(the body is already bounded by :class:`api.body_limit.BodyLimit`) and answers
422 in FastAPI's error shape, naming the place. Bodies that are not valid
JSON at all are left to FastAPI (its own 422).

Examples
--------
>>> from graph_model.i18n import use_language
>>> with use_language("en"):
...     problem_in(b'{"capacity": NaN}'), problem_in(b'{"n": 1e400}'), problem_in(b'{"n": 1.5, "s": "ok"}')
('NaN is not a JSON number', '1e400 is out of range', None)
>>> with use_language("en"):
...     problem_in(b'{"name": "\\\\ud800"}')
"a lone surrogate in 'name'"
"""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from api.body_limit import replaying
from graph_model.i18n import _

__all__ = ["StrictJson", "problem_in"]


class _Refused(ValueError):
    pass


def _constant(name: str) -> Any:
    raise _Refused(_("{value} is not a JSON number").format(value=name))


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(_("{value} is out of range").format(value=text))
    return value


def _walk(value: Any, where: str) -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Refused(_("a lone surrogate in {field!r}").format(field=where)) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(key, key)
            _walk(item, key)
    elif isinstance(value, list):
        for item in value:
            _walk(item, where)


def problem_in(body: bytes) -> str | None:
    """What makes ``body`` unacceptable, or None (also None for text that is not JSON: FastAPI words that)."""
    try:
        _walk(json.loads(body, parse_constant=_constant, parse_float=_float), "body")
    except _Refused as err:
        return str(err)
    except ValueError:
        return None
    return None


class StrictJson:
    """Read JSON request bodies strictly; 422 for what :func:`problem_in` finds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = problem_in(body) if body else None
        if problem is not None:
            payload = json.dumps({"detail": [{"loc": ["body"], "msg": problem, "type": "json_invalid"}]}, ensure_ascii=False).encode("utf-8")
            await send({"type": "http.response.start", "status": 422,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
            await send({"type": "http.response.body", "body": payload})
            return
        await self.app(scope, replaying(body, receive), send)
