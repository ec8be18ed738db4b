"""The audit log: who did what, when, from where — every write and every read of people's data.

One JSON object a line in ``<state dir>/audit.jsonl``, appended with a
single ``write`` on a file opened ``O_APPEND`` and fsync'd, never rewritten
(``linli audit export`` copies it to Excel or CSV). A line::

    {"at": "2026-12-02T10:01:02.123+00:00", "who": "secretary-beiyuan", "via": "token",
     "role": "planner", "scope": "community:c-beiyuan", "from": "10.0.0.7",
     "method": "POST", "path": "/needs", "query": "", "status": 201, "what": "write"}

``from`` is the peer address the server saw (behind a reverse proxy, run
uvicorn with ``--forwarded-allow-ips`` so that it is the client's). Denied
attempts are logged too (their status says so). :class:`AuditTrail` is the
ASGI middleware that writes a line after each request a route marked
(``request.state.audit``); :func:`record` writes one for the CLI.

Examples
--------
>>> import tempfile
>>> log = AuditLog(Path(tempfile.mkdtemp()) / "audit.jsonl")
>>> log.append({"who": "ops", "what": "token add"})
>>> [row["who"] for row in log.rows()]
['ops']
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_model.errors import LinliError
from graph_model.i18n import _

__all__ = ["AuditLog", "AuditTrail", "AUDIT_FILE", "COLUMNS"]

AUDIT_FILE = "audit.jsonl"
COLUMNS = ("at", "who", "via", "role", "scope", "from", "method", "path", "query", "status", "what")
_LINK_VALUE = re.compile(r"(^|&)link=[^&]*")  # a link is a credential: never kept in the log
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class AuditLog:
    """Append-only JSON lines at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, row: dict[str, Any]) -> None:
        """Add one line (``at`` is filled in when missing); one write call, then fsync."""
        row = {"at": datetime.now(UTC).isoformat(timespec="milliseconds"), **row}
        line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every line, oldest first; a line that does not parse is an error naming the file and line."""
        try:
            f = self.path.open(encoding="utf-8")
        except FileNotFoundError:
            return
        with f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    yield json.loads(line)
                except ValueError as err:
                    raise LinliError(_("{path} line {line}: not a JSON line ({reason})").format(
                        path=self.path, line=number, reason=err)) from err


class AuditTrail:
    """After a request a route marked for audit (``request.state.audit``), write its line."""

    def __init__(self, app: ASGIApp, *, log: AuditLog | None) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.log is None:
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})  # shared with the request's own state from here on in
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            if state.get("audit") or scope["method"] in WRITE_METHODS:
                # fsync off the event loop: other requests go on meanwhile
                await run_in_threadpool(self.log.append, _line(scope, state, status))


def _line(scope: Scope, state: dict[str, Any], status: int) -> dict[str, Any]:
    principal = state.get("principal") or state.get("link_principal")
    client = scope.get("client")
    return {
        "who": principal.name if principal else "unauthenticated",
        "via": principal.via if principal else None,
        "role": principal.role if principal else None,
        "scope": str(principal.scope) if principal and principal.scope else None,
        "from": client[0] if client else None,
        "method": scope["method"],
        "path": scope["path"],
        "query": _LINK_VALUE.sub(r"\1link=***", scope.get("query_string", b"").decode("latin-1")),
        "status": status,
        "what": state.get("audit_what") or ("write" if scope["method"] in WRITE_METHODS else "read"),
    }
