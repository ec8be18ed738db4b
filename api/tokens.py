"""API tokens with a role, a scope and the people flag, kept in ``<state dir>/tokens.json``.

``linli token add|list|revoke`` manage the file; the API reads it (again
whenever it changes, so a revoked token stops working at its next request).
Only the SHA-256 of each token is stored: a token is 32 random bytes, far too
many to guess, so a slow password hash would add nothing but latency; the
token itself is shown once, when it is made.

=========  ===================================================================
role       may
=========  ===================================================================
admin      read and write everything inside its scope
planner    read and write inside its scope (writes: needs, partners, offers…)
viewer     read inside its scope
=========  ===================================================================

A scope is ``subdistrict:<id>``, ``community:<id>`` or ``grid:<id>`` (none:
the whole network). ``people`` lets a token read people's names (PIPL
personal data): ``/mentors?names=true``, ``/map?names=true`` and a focus map
on a person. The server's single ``LINLI_API_TOKEN`` still works, as an
unscoped admin with ``people``.

Examples
--------
>>> import tempfile
>>> tokens = TokenFile(Path(tempfile.mkdtemp()) / "tokens.json")
>>> secret, entry = tokens.add("grid-7", role="viewer", scope=Scope.parse("grid:g-1"))
>>> tokens.verify(secret).name, tokens.verify(secret).scope
('grid-7', Scope(kind='grid', id='g-1'))
>>> tokens.verify("linli_wrong") is None
True
>>> _ = tokens.revoke("grid-7"); tokens.verify(secret) is None
True
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from graph_model.errors import InvalidQuery, LinliError
from graph_model.i18n import _

__all__ = ["ROLES", "Role", "Scope", "TokenEntry", "TokenFile", "TOKEN_FILE", "hash_token"]

Role = Literal["admin", "planner", "viewer"]
ROLES: tuple[Role, ...] = ("admin", "planner", "viewer")
WRITING_ROLES = frozenset({"admin", "planner"})
SCOPE_KINDS = ("subdistrict", "community", "grid")
TOKEN_FILE = "tokens.json"
PREFIX = "linli_"


@dataclass(frozen=True)
class Scope:
    """Where a token may look and write: one subdistrict, community or grid (by id)."""

    kind: Literal["subdistrict", "community", "grid"]
    id: str

    @classmethod
    def parse(cls, text: str) -> Scope:
        """``kind:id`` → a Scope; anything else is an :class:`InvalidQuery`."""
        kind, sep, ident = text.partition(":")
        if not sep or kind not in SCOPE_KINDS or not ident.strip():
            raise InvalidQuery(_("a scope is subdistrict:<id>, community:<id> or grid:<id>, not {text!r}").format(text=text))
        return cls(kind, ident.strip())  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class TokenEntry:
    """One token as the file keeps it (its hash, never the token)."""

    name: str
    role: Role
    hash: str
    scope: Scope | None = None
    people: bool = False
    created: str = ""
    revoked: str | None = None

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["scope"] = str(self.scope) if self.scope else None
        return out

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> TokenEntry:
        scope = row.get("scope")
        role = row.get("role")
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        return cls(name=str(row["name"]), role=role, hash=str(row["hash"]), scope=Scope.parse(scope) if scope else None,
                   people=bool(row.get("people", False)), created=str(row.get("created", "")), revoked=row.get("revoked"))


def hash_token(token: str) -> str:
    """The hex SHA-256 of a token: what the file keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class TokenFile:
    """The tokens file: read lazily, re-read when its modification time changes, replaced atomically on change."""

    path: Path
    _entries: list[TokenEntry] = field(default_factory=list, repr=False)
    _stamp: tuple[int, int] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def entries(self) -> list[TokenEntry]:
        """Every token in the file, revoked ones included."""
        with self._lock:
            self._refresh()
            return list(self._entries)

    def active(self) -> list[TokenEntry]:
        return [e for e in self.entries() if e.revoked is None]

    def verify(self, token: str) -> TokenEntry | None:
        """The live entry ``token`` is for, or None (constant-time comparison of the hashes)."""
        digest = hash_token(token)
        found = None
        for entry in self.active():
            if hmac.compare_digest(entry.hash, digest):
                found = entry
        return found

    def add(self, name: str, *, role: str, scope: Scope | None = None, people: bool = False) -> tuple[str, TokenEntry]:
        """Make a token; returns it (shown once) and its entry. A name already in use → :class:`InvalidQuery`."""
        if role not in ROLES:
            raise InvalidQuery(_("a role is one of {roles}, not {role!r}").format(roles=", ".join(ROLES), role=role))
        if not name.strip():
            raise InvalidQuery(_("a token needs a name"))
        token = PREFIX + secrets.token_urlsafe(32)
        with self._lock:
            self._refresh()
            if any(e.name == name and e.revoked is None for e in self._entries):
                raise InvalidQuery(_("a token named {name!r} exists already (revoke it first)").format(name=name))
            entry = TokenEntry(name=name, role=role, hash=hash_token(token), scope=scope, people=people,
                               created=_now())
            self._write([*self._entries, entry])
        return token, entry

    def revoke(self, name: str) -> TokenEntry:
        """Mark the live token ``name`` revoked; an unknown name → :class:`InvalidQuery`."""
        with self._lock:
            self._refresh()
            live = [e for e in self._entries if e.name == name and e.revoked is None]
            if not live:
                raise InvalidQuery(_("no live token named {name!r}").format(name=name))
            stamp = _now()
            entries = [TokenEntry(**{**asdict(e), "scope": e.scope, "revoked": stamp}) if e in live else e for e in self._entries]
            self._write(entries)
        return live[0]

    def _refresh(self) -> None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._entries, self._stamp = [], None
            return
        except OSError as err:  # a state directory that is a file, or that Linli may not read
            raise LinliError(_("the tokens file {path} is unreadable: {reason}").format(path=self.path, reason=err)) from err
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp == self._stamp:
            return
        try:
            rows = json.loads(self.path.read_text(encoding="utf-8")).get("tokens", [])
            self._entries = [TokenEntry.from_json(r) for r in rows]
        except (OSError, ValueError, KeyError, TypeError, AttributeError, InvalidQuery) as err:
            raise LinliError(_("the tokens file {path} is unreadable: {reason}").format(path=self.path, reason=err)) from err
        self._stamp = stamp

    def _write(self, entries: list[TokenEntry]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"tokens": [e.as_json() for e in entries]}, ensure_ascii=False, indent=2) + "\n"
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tokens.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._entries = entries
        st = self.path.stat()
        self._stamp = (st.st_mtime_ns, st.st_size)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
