"""The write-ahead log of the embedded store: an append-only, fsync'd JSON-lines file of change sets.

Every accepted write is appended (one JSON line per
:class:`~graph_model.records.ChangeSet`) and fsync'd — file, and directory
when the file is new — *before* it is applied and acknowledged, so a restart
(or a SIGKILL) loses nothing that was acknowledged.
:mod:`graph_model.stores.memory.journaled_store` replays it onto the freshly
loaded store.

- A torn last line (a crash in the middle of an append: bytes after the last
  newline that begin as a journal line does) is dropped with a warning and cut
  off, so the next append starts on a clean line. Nothing else is ever cut.
- Any complete line (ending in a newline) that does not parse, or a tail that
  is not the start of a journal line (a file replaced with something else), is
  corruption: a :class:`~graph_model.errors.DatasetError` naming the file and
  the line, and the file is left exactly as it was.
- An append that fails (the disk is full, say) cuts the file back to where it
  was before the append and raises
  :class:`~graph_model.errors.StoreUnavailable` (the API answers 503), so the
  journal stays as it was and later appends and restarts work.
- One process at a time: the log is locked (``flock``) while open.

Examples
--------
>>> import tempfile
>>> from graph_model.records import Node
>>> from graph_model.schema import NodeKind
>>> state = Path(tempfile.mkdtemp())
>>> log_file = WriteAheadLog.open(state / "j.jsonl")
>>> log_file.append(ChangeSet(nodes=[Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区"})]))
>>> log_file.close()
>>> again = WriteAheadLog.open(state / "j.jsonl")
>>> [len(c) for c in again.replay()]
[1]
>>> again.close()
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_model.i18n import _
from graph_model.errors import DatasetError, Problem, StoreUnavailable
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType

try:  # POSIX only; elsewhere the one-process rule is not enforced
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = ["JournalEntry", "WriteAheadLog", "change_to_json", "change_from_json", "make_dirs", "append_lines", "replace_file"]

log = logging.getLogger(__name__)

JOURNAL_VERSION = 1
_LINE_START = b'{"v":'  # how every journal line begins: a torn tail begins so too


def _write(fd: int, data: memoryview) -> int:
    """One ``os.write`` (a seam the disk-full tests replace)."""
    return os.write(fd, data)


def _corrupt(exc: Exception | None) -> str:
    reason = f" ({exc.__class__.__name__}: {exc})" if exc is not None else ""
    return _("a JSON change set{reason}; the journal is corrupt and was left as it is — restore it from a backup, "
             "or move it aside to start without its writes").format(reason=reason)


def change_to_json(change: ChangeSet) -> dict[str, Any]:
    """A change set as plain JSON (what one journal line holds).

    Examples
    --------
    >>> c = ChangeSet(relationships=[Relationship(RelType.OFFERS, "p1", "legal_aid", {"note": "免费"})])
    >>> change_to_json(c)["relationships"]
    [{'type': 'OFFERS', 'source': 'p1', 'target': 'legal_aid', 'props': {'note': '免费'}}]
    >>> change_from_json(change_to_json(c)).relationships == list(c.relationships)
    True
    """
    return {
        "nodes": [{"id": n.id, "kind": n.kind.value, "props": dict(n.props)} for n in change.nodes],
        "relationships": [
            {"type": r.type.value, "source": r.source, "target": r.target, "props": dict(r.props)}
            for r in change.relationships
        ],
        "detach": [[source, rel.value] for source, rel in change.detach],
    }


def change_from_json(data: dict[str, Any]) -> ChangeSet:
    """The change set a journal line describes (KeyError/ValueError when it is not one)."""
    return ChangeSet(
        nodes=[Node(n["id"], NodeKind(n["kind"]), n.get("props") or {}) for n in data.get("nodes", ())],
        relationships=[
            Relationship(RelType(r["type"]), r["source"], r["target"], r.get("props") or {})
            for r in data.get("relationships", ())
        ],
        detach=[(source, RelType(rel)) for source, rel in data.get("detach", ())],
    )


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One acknowledged write as the journal holds it: its line number, when it was written, the change, the line's bytes."""

    number: int
    at: str
    change: ChangeSet
    raw: bytes


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(path: Path) -> None:
    """Create ``path`` and its missing parents, each made durable in its own parent."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        _fsync_dir(folder.parent)


def _write_synced(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the open ``fd``, fsync it and close it."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed over it (fsync'd; the old file or the new, never half)."""
    temporary = path.with_name(f".{path.name}.tmp")
    _write_synced(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), data)
    os.replace(temporary, path)
    _fsync_dir(path.parent)


def append_lines(path: Path, data: bytes) -> None:
    """Append ``data`` to ``path`` (created if missing) and fsync it."""
    created = not path.exists()
    _write_synced(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), data)
    if created:
        _fsync_dir(path.parent)


class WriteAheadLog:
    """An append-only, fsync'd JSON-lines file of change sets. Use :meth:`open`."""

    def __init__(self, path: Path, fd: int, entries: list[JournalEntry]) -> None:
        self.path = path
        self._fd = fd
        self._entries = entries
        self._good_end: int | None = None  # set while a failed append's bytes may still be in the file

    @classmethod
    def open(cls, path: Path | str) -> WriteAheadLog:
        """Open (or create) the journal at ``path``, lock it, and read what it holds."""
        path = Path(path)
        make_dirs(path.parent)
        created = not path.exists()
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise StoreUnavailable(f"the journal {path} is in use by another Linli process") from None
            if created:
                os.fsync(fd)
                _fsync_dir(path.parent)
            entries = cls._read(path, fd)
        except BaseException:
            os.close(fd)
            raise
        log.info("journal %s: %d entries", path, len(entries))
        return cls(path, fd, entries)

    @classmethod
    def read(cls, path: Path | str) -> list[JournalEntry]:
        """The entries of the journal at ``path`` (none when it does not exist), read without locking or changing it.

        For readers beside the process that writes (the CLI beside the
        server): an append in progress looks like a torn last line and is left
        out, never cut off.
        """
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreUnavailable(f"cannot read the journal {path}: {exc.strerror or exc}") from None
        return cls._parse(path, data)[0]

    @staticmethod
    def _parse(path: Path, data: bytes) -> tuple[list[JournalEntry], bytes]:
        """The entries of ``data`` and its torn tail (b"" when none); DatasetError for anything else unreadable."""
        lines = data.split(b"\n")
        tail = lines.pop()  # after the last newline: b"" unless the last append was torn
        entries: list[JournalEntry] = []
        for number, line in enumerate(lines, 1):
            try:
                record = json.loads(line.decode("utf-8"))
                entries.append(JournalEntry(number, str(record.get("at", "")), change_from_json(record["change"]), line + b"\n"))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise DatasetError([Problem(str(path), number, None, None, _corrupt(exc))]) from None
        if tail and not (tail.startswith(_LINE_START) or _LINE_START.startswith(tail)):
            raise DatasetError([Problem(str(path), len(lines) + 1, None, None, _corrupt(None))])
        return entries, tail

    @classmethod
    def _read(cls, path: Path, fd: int) -> list[JournalEntry]:
        data = path.read_bytes()
        entries, tail = cls._parse(path, data)
        if tail:
            log.warning("journal %s: dropping a torn last entry (%d bytes) left by a crash", path, len(tail))
            os.ftruncate(fd, len(data) - len(tail))
            os.fsync(fd)
        return entries

    def replay(self) -> list[ChangeSet]:
        """The change sets read when the journal was opened, oldest first (handed over once)."""
        return [entry.change for entry in self.replay_entries()]

    def replay_entries(self) -> list[JournalEntry]:
        """The entries read when the journal was opened, oldest first (handed over once)."""
        entries, self._entries = self._entries, []
        return entries

    def rewrite(self, entries: list[JournalEntry]) -> None:
        """Replace the journal's content with ``entries`` (their lines as they were), atomically and durably.

        The lock moves to the new file: this object keeps the journal open and locked.
        """
        replace_file(self.path, b"".join(entry.raw for entry in entries))
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(self._fd)
        self._fd = fd

    def append(self, change: ChangeSet) -> None:
        """Append ``change`` as one line and fsync it; when this returns, it survives a crash.

        On failure (a full disk, an I/O error) the file is cut back to its
        length before the append and :class:`~graph_model.errors.StoreUnavailable` is raised.
        """
        record = {"v": JOURNAL_VERSION, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "change": change_to_json(change)}
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            self._restore()
            start = os.lseek(self._fd, 0, os.SEEK_END)
        except OSError as exc:
            raise StoreUnavailable(f"cannot write the journal {self.path}: {exc.strerror or exc}") from None
        try:
            view = memoryview(line)
            while view:
                view = view[_write(self._fd, view):]
            os.fsync(self._fd)
        except OSError as exc:
            self._good_end = start
            try:
                self._restore()
            except OSError:
                log.error("journal %s: could not cut a failed append back to %d bytes; will retry before the next write", self.path, start)
            raise StoreUnavailable(f"cannot write the journal {self.path}: {exc.strerror or exc}") from None

    def _restore(self) -> None:
        """Cut back what a failed append left behind (a no-op when nothing failed)."""
        if self._good_end is None:
            return
        os.ftruncate(self._fd, self._good_end)
        os.fsync(self._fd)
        self._good_end = None

    def close(self) -> None:
        """Release the file (and its lock)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
