"""The write-ahead log of the embedded store: an append-only, fsync'd JSON-lines file of change sets.

Every accepted write is appended (one JSON line per
:class:`~graph_model.records.ChangeSet`) and fsync'd — file, and directory
when the file is new — *before* it is applied and acknowledged, so a restart
(or a SIGKILL) loses nothing that was acknowledged.
:mod:`graph_model.stores.memory.journaled_store` replays it onto the freshly
loaded store.

- A torn last line (a crash in the middle of an append) is dropped with a
  warning and cut off, so the next append starts on a clean line.
- An unreadable line followed by good ones is corruption: a
  :class:`~graph_model.errors.DatasetError` naming the file and the line.
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
from pathlib import Path
from typing import Any

from graph_model.errors import DatasetError, Problem, StoreUnavailable
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType

try:  # POSIX only; elsewhere the one-process rule is not enforced
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = ["WriteAheadLog", "change_to_json", "change_from_json", "make_dirs"]

log = logging.getLogger(__name__)

JOURNAL_VERSION = 1


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


class WriteAheadLog:
    """An append-only, fsync'd JSON-lines file of change sets. Use :meth:`open`."""

    def __init__(self, path: Path, fd: int, entries: list[ChangeSet]) -> None:
        self.path = path
        self._fd = fd
        self._entries = entries

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

    @staticmethod
    def _read(path: Path, fd: int) -> list[ChangeSet]:
        data = path.read_bytes()
        lines = data.split(b"\n")
        tail = lines.pop()  # after the last newline: b"" unless the last append was torn
        entries: list[ChangeSet] = []
        good_end = 0
        bad: tuple[int, str] | None = None
        for number, line in enumerate(lines, 1):
            try:
                entries.append(change_from_json(json.loads(line.decode("utf-8"))["change"]))
            except (ValueError, KeyError, TypeError) as exc:
                if bad is None:
                    bad = (number, f"a JSON change set ({exc.__class__.__name__}: {exc})")
                continue
            if bad is not None:
                line_no, expected = bad
                raise DatasetError([Problem(str(path), line_no, None, None, expected + "; the journal is corrupt")])
            good_end += len(line) + 1
        if tail or bad is not None:
            log.warning("journal %s: dropping a torn last entry (%d bytes) left by a crash", path, len(data) - good_end)
            os.ftruncate(fd, good_end)
            os.fsync(fd)
        return entries

    def replay(self) -> list[ChangeSet]:
        """The change sets read when the journal was opened, oldest first (handed over once)."""
        entries, self._entries = self._entries, []
        return entries

    def append(self, change: ChangeSet) -> None:
        """Append ``change`` as one line and fsync it; when this returns, it survives a crash."""
        record = {"v": JOURNAL_VERSION, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "change": change_to_json(change)}
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
        except OSError as exc:
            raise StoreUnavailable(f"cannot write the journal {self.path}: {exc.strerror or exc}") from None

    def close(self) -> None:
        """Release the file (and its lock)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
