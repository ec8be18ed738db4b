"""JSON bytes for the query answers: the CLI's ``--json`` payload, Chinese unescaped, compact.

Examples
--------
>>> json_response({"name": "北苑社区"}).body
b'{"name":"\\xe5\\x8c\\x97\\xe8\\x8b\\x91\\xe7\\xa4\\xbe\\xe5\\x8c\\xba"}'
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

__all__ = ["json_response"]


def json_response(payload: Any, *, status_code: int = 200) -> Response:
    """``payload`` (plain JSON values) as an ``application/json`` response."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(body, status_code=status_code, media_type="application/json")
