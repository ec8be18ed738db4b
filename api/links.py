"""Signed, expiring, read-only links for sharing a map or the workbench.

A link carries ``link=<payload>.<signature>`` in its query: the payload
(base64url JSON) says what it opens, until when, and with whose scope and
people flag; the signature is HMAC-SHA256 under a secret kept in
``<state dir>/link-secret`` (made on first use, mode 0600; delete it to void
every link ever made).

- A **map** link opens exactly the ``/map`` it was made for: the same query,
  parameter for parameter (changing ``names=false`` to ``true`` breaks it).
- A **workbench** link opens every read (GET) of the API inside its scope, and
  answers with a cookie carrying the link, so that the page's own requests
  are let through until the link expires.

A link is read-only whatever its maker may do; expired, tampered or signed
with another secret → 403. :class:`LinkGate` (an ASGI middleware) checks it
and leaves the principal for :func:`api.access.authenticate`.

Examples
--------
>>> import tempfile
>>> signer = LinkSigner(Path(tempfile.mkdtemp()) / "link-secret")
>>> link = signer.make("map", query="layer=circle", by="ops", expires_in=3600, now=1_000)
>>> signer.open(link, now=2_000).query
'layer=circle'
>>> signer.open(link, now=1_000 + 3601)
Traceback (most recent call last):
...
api.links.BadLink: 已过期
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope as AsgiScope, Send

from api.access import Principal
from graph_model.i18n import _
from api.tokens import Scope

__all__ = ["BadLink", "Link", "LinkSigner", "LinkGate", "LINK_COOKIE", "canonical_query"]

LINK_COOKIE = "linli_link"
SECRET_FILE = "link-secret"
LinkKind = Literal["map", "workbench"]


class BadLink(Exception):
    """A link that is malformed, tampered with, signed under another secret, or expired."""


@dataclass(frozen=True)
class Link:
    kind: LinkKind
    query: str
    expires: int
    by: str
    scope: Scope | None
    people: bool

    def principal(self) -> Principal:
        return Principal(f"link:{self.by}", "viewer", self.scope, people=self.people, via="link", read_only=True)


def canonical_query(query: str) -> str:
    """A query string in one spelling (sorted, re-encoded, ``link`` left out) so that equal queries compare equal."""
    pairs = sorted((k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "link")
    return urlencode(pairs)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LinkSigner:
    """Makes and opens links under the secret at ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._key: bytes | None = None
        self._lock = threading.Lock()

    def _secret(self) -> bytes:
        with self._lock:
            if self._key is None:
                try:
                    self._key = self.path.read_bytes()
                except FileNotFoundError:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    key = secrets.token_bytes(32)
                    try:
                        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    except FileExistsError:  # another process made it first
                        self._key = self.path.read_bytes()
                    else:
                        with os.fdopen(fd, "wb") as f:
                            f.write(key)
                            f.flush()
                            os.fsync(f.fileno())
                        self._key = key
                if len(self._key) < 16:
                    raise BadLink(_("the link secret is too short"))
            return self._key

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._secret(), payload.encode("ascii"), hashlib.sha256).digest())

    def make(self, kind: LinkKind, *, query: str = "", by: str, expires_in: int, scope: Scope | None = None,
             people: bool = False, now: float | None = None) -> str:
        """The ``link`` value of a new link (valid ``expires_in`` seconds from ``now``)."""
        body = {"k": kind, "q": canonical_query(query) if kind == "map" else "", "e": int((now or time.time()) + expires_in),
                "b": by, "s": str(scope) if scope else None, "p": bool(people)}
        payload = _b64(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
        return f"{payload}.{self._sign(payload)}"

    def open(self, value: str, *, now: float | None = None) -> Link:
        """The link ``value`` stands for; :class:`BadLink` if it is not genuine or has expired."""
        payload, sep, signature = value.partition(".")
        if not sep or not payload or not signature:
            raise BadLink(_("malformed"))
        if not hmac.compare_digest(self._sign(payload), signature):
            raise BadLink(_("bad signature"))
        try:
            body = json.loads(_unb64(payload))
            link = Link(kind=body["k"], query=body["q"], expires=int(body["e"]), by=str(body["b"]),
                        scope=Scope.parse(body["s"]) if body["s"] else None, people=bool(body["p"]))
        except Exception as err:  # noqa: BLE001 - signed by us yet unreadable: refuse it all the same
            raise BadLink(_("unreadable")) from err
        if link.kind not in ("map", "workbench"):
            raise BadLink(_("unknown kind"))
        if (now or time.time()) >= link.expires:
            raise BadLink(_("expired"))
        return link


class LinkGate:
    """Check the ``link`` parameter (or cookie) of a request; 403 for a bad one, else leave its principal in the state."""

    def __init__(self, app: ASGIApp, *, signer: LinkSigner | None) -> None:
        self.app = app
        self.signer = signer

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.signer is None:
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})
        query = scope.get("query_string", b"").decode("latin-1")
        from_query = dict(parse_qsl(query, keep_blank_values=True)).get("link")
        value = from_query or _cookie(scope, LINK_COOKIE)
        if not value:
            await self.app(scope, receive, send)
            return
        try:
            link = self.signer.open(value)
            if from_query is None and link.kind != "workbench":
                raise BadLink(_("only a workbench link rides in a cookie"))
            if link.kind == "map" and (scope["path"] != "/map" or canonical_query(query) != link.query):
                raise BadLink(_("not what the link was made for"))
        except BadLink as err:
            if from_query is None:  # a stale cookie: ignore it, the request goes on as if it had none
                await self.app(scope, receive, send)
                return
            await _forbidden(send, _("invalid link: {reason}").format(reason=err))
            return
        scope.setdefault("state", {})["link_principal"] = link.principal()
        if link.kind != "workbench" or not from_query:
            await self.app(scope, receive, send)
            return
        max_age = max(0, link.expires - int(time.time()))
        cookie = f"{LINK_COOKIE}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        await self.app(scope, receive, with_cookie)


def _cookie(scope: AsgiScope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


async def _forbidden(send: Send, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
