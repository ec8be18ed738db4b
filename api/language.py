"""Each request answered in the language it asks for: ``Accept-Language`` → :func:`graph_model.i18n.use_language`.

A pure ASGI middleware (nothing is buffered, the read path pays one header
scan): it negotiates the language (:func:`graph_model.i18n.negotiate`;
Chinese when nothing fits), sets it for the request's context — routes, the
store calls they run in the threadpool (which copies the context) and the
error handlers — and says which it chose in ``Content-Language``, with
``Vary: Accept-Language`` for caches. Messages, reasons and details are
localized; JSON keys and enum values stay English.

Examples
--------
>>> from starlette.applications import Starlette
>>> isinstance(ContentLanguage(Starlette()), ContentLanguage)
True
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_model.i18n import negotiate, use_language

__all__ = ["ContentLanguage", "CONTENT_LANGUAGE"]

CONTENT_LANGUAGE = {"zh": "zh-CN", "en": "en"}
"""The ``Content-Language`` tag of each language."""


class ContentLanguage:
    """Run each HTTP request in the language its ``Accept-Language`` negotiates to."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((value.decode("latin-1") for key, value in scope["headers"] if key == b"accept-language"), None)
        with use_language(negotiate(header)) as language:

            async def send_with_language(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableHeaders(scope=message)
                    headers["Content-Language"] = CONTENT_LANGUAGE[language]
                    headers.add_vary_header("Accept-Language")
                await send(message)

            await self.app(scope, receive, send_with_language)
