"""``GET /redoc``: ReDoc from fastapi-offline's package files, with nothing fetched from outside.

``/docs`` (Swagger UI) comes as it is from :func:`fastapi_offline.FastAPIOffline`.
ReDoc's bundle, though, draws the "API docs by Redocly" logo from Redocly's CDN
— on an intranet one failed request, elsewhere a request the planner never
asked for — so its script is served here with that one address replaced by
an inline blank image (the logo's own fallback hides it), and the page says
by its Content-Security-Policy that it loads from this server only.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html
from starlette.responses import HTMLResponse, Response

from api.access import public

__all__ = ["router", "redoc_script"]

router = APIRouter(include_in_schema=False)

REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
BLANK_IMAGE = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


@lru_cache(maxsize=1)
def redoc_script() -> bytes:
    """fastapi-offline's ``redoc.standalone.js`` with the CDN logo replaced (see the module docstring)."""
    spec = find_spec("fastapi_offline")
    assert spec is not None and spec.origin is not None
    text = Path(spec.origin).with_name("static").joinpath("redoc.standalone.js").read_text(encoding="utf-8")
    return text.replace(REDOCLY_LOGO, BLANK_IMAGE).encode("utf-8")


@router.get("/docs-assets/redoc.standalone.js")
@public
async def redoc_js() -> Response:
    """ReDoc's script."""
    return Response(redoc_script(), media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "max-age=86400"})


@router.get("/redoc")
@public
async def redoc_page(request: Request) -> HTMLResponse:
    """The API reference as ReDoc draws it."""
    root = request.scope.get("root_path", "")
    page = get_redoc_html(openapi_url=f"{root}{request.app.openapi_url}", title=f"{request.app.title} - ReDoc",
                          redoc_js_url=f"{root}/docs-assets/redoc.standalone.js", with_google_fonts=False,
                          redoc_favicon_url=f"{root}/static-offline-docs/favicon.png")
    page.headers["Content-Security-Policy"] = CSP
    return page
