"""The write journal of the embedded store: what the API acknowledged survives a crash.

The embedded backend holds the graph in memory; the dataset folder is never
rewritten. Every accepted write is appended to a journal (one JSON line per
:class:`~graph_model.records.ChangeSet`) and fsync'd — file, and directory
when the file is new — *before* it is applied and acknowledged. On start the
dataset loads and the journal replays in order, so a restart (or a SIGKILL)
loses nothing that was acknowledged.

Reach for :func:`open_journaled_store`: it replays a dataset's journal onto
the freshly loaded store and returns a thread-safe store that keeps
journaling. There is one journal per dataset, under the
state directory (``LINLI_STATE_DIR``, default ``platformdirs.user_data_dir("linli")``),
named after the dataset's folder and a hash of its resolved path.

- A torn last line (a crash in the middle of an append) is dropped with a
  warning and cut off, so the next append starts on a clean line.
- An unreadable line followed by good ones is corruption: a
  :class:`~graph_model.errors.DatasetError` naming the file and the line.
- An entry the store refuses on replay (the dataset changed under the
  journal) is skipped with a warning: it was refused the same way when written.
- One process at a time: the journal is locked (``flock``) while open.

Examples
--------
>>> import tempfile
>>> from graph_model.records import Node
>>> from graph_model.schema import NodeKind
>>> state = Path(tempfile.mkdtemp())
>>> journal = Journal.open(state / "j.jsonl")
>>> journal.append(ChangeSet(nodes=[Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区"})]))
>>> journal.close()
>>> again = Journal.open(state / "j.jsonl")
>>> [len(c) for c in again.replay()]
[1]
>>> again.close()
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph_model.errors import DatasetError, LinliError, Problem, StoreUnavailable
from graph_model.evidence import GapFact, GapKind, MatchEvidence, SecretaryFacts
from graph_model.records import ChangeSet, GraphStats, Node, Relationship, Subgraph
from graph_model.schema import NodeKind, RelType
from graph_model.store import Direction
from graph_model.stores.memory_store import MemoryStore

try:  # POSIX only; elsewhere the one-process rule is not enforced
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "Journal",
    "JournaledStore",
    "change_to_json",
    "change_from_json",
    "default_state_dir",
    "journal_path",
    "open_journaled_store",
]

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


def _make_dirs(path: Path) -> None:
    """Create ``path`` and its missing parents, each made durable in its own parent."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        _fsync_dir(folder.parent)


class Journal:
    """An append-only, fsync'd JSON-lines file of change sets. Use :meth:`open`."""

    def __init__(self, path: Path, fd: int, entries: list[ChangeSet]) -> None:
        self.path = path
        self._fd = fd
        self._entries = entries

    @classmethod
    def open(cls, path: Path | str) -> Journal:
        """Open (or create) the journal at ``path``, lock it, and read what it holds."""
        path = Path(path)
        _make_dirs(path.parent)
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


class _ReadWriteLock:
    """Many readers or one writer; a waiting writer holds back new readers (no writer starvation)."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writing = False
        self._waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class JournaledStore:
    """A thread-safe :class:`~graph_model.store.GraphStore` over a :class:`MemoryStore`, journaling each write.

    Reads run side by side; a write is journaled first (outside the graph
    lock, so readers never wait on the disk), then applied under the lock.
    With ``journal=None`` writes are kept in memory only.
    """

    backend = "memory"

    def __init__(self, inner: MemoryStore, journal: Journal | None = None) -> None:
        self.inner = inner
        self.journal = journal
        self._lock = _ReadWriteLock()
        self._append = threading.Lock()

    # -- writes -----------------------------------------------------------------
    def apply(self, change: ChangeSet) -> None:
        """Journal ``change`` durably, then apply it (a refused change is skipped on replay too)."""
        with self._append:
            if self.journal is not None:
                self.journal.append(change)
            with self._lock.writing():
                self.inner.apply(change)

    def clear(self) -> None:
        """Not journaled: the API never clears; refuse rather than lose the journal's meaning."""
        raise LinliError("a journaled store cannot be cleared; delete its journal file instead")

    # -- reads ------------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        with self._lock.reading():
            return self.inner.get(node_id)

    def kinds_of(self, node_ids: Iterable[str]) -> dict[str, NodeKind]:
        ids = list(node_ids)
        with self._lock.reading():
            return self.inner.kinds_of(ids)

    def find(self, kind: NodeKind, **props: Any) -> list[Node]:
        with self._lock.reading():
            return self.inner.find(kind, **props)

    def ids(self, kind: NodeKind) -> list[str]:
        with self._lock.reading():
            return self.inner.ids(kind)

    def relationships(
        self, node_id: str, *, types: Sequence[RelType] | None = None, direction: Direction = "both"
    ) -> list[Relationship]:
        with self._lock.reading():
            return self.inner.relationships(node_id, types=types, direction=direction)

    def neighbourhood(self, node_id: str, depth: int = 1) -> Subgraph:
        with self._lock.reading():
            return self.inner.neighbourhood(node_id, depth)

    def subgraph(self, kinds: Iterable[NodeKind] | None = None, types: Iterable[RelType] | None = None) -> Subgraph:
        with self._lock.reading():
            return self.inner.subgraph(kinds, types)

    def stats(self) -> GraphStats:
        with self._lock.reading():
            return self.inner.stats()

    def category_lineage(self, category: str) -> list[str]:
        with self._lock.reading():
            return self.inner.category_lineage(category)

    def match_evidence(self, community: str, category: str) -> MatchEvidence:
        with self._lock.reading():
            return self.inner.match_evidence(community, category)

    def gap_facts(self, kind: GapKind, community: str | None = None) -> list[GapFact]:
        with self._lock.reading():
            return self.inner.gap_facts(kind, community)

    def secretaries(self) -> list[SecretaryFacts]:
        with self._lock.reading():
            return self.inner.secretaries()

    def mentor_links(self) -> list[tuple[str, str]]:
        with self._lock.reading():
            return self.inner.mentor_links()

    def close(self) -> None:
        """Close the journal (releasing its lock)."""
        if self.journal is not None:
            self.journal.close()


def default_state_dir() -> Path:
    """Where Linli keeps state: ``LINLI_STATE_DIR``, else the platform's user data folder."""
    configured = os.environ.get("LINLI_STATE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_data_dir("linli"))


def journal_path(dataset: Path | str, state_dir: Path | str) -> Path:
    """The journal of ``dataset`` under ``state_dir``: named by its folder and a hash of its resolved path.

    Examples
    --------
    >>> journal_path("/srv/data/daoyi", "/var/lib/linli").name.startswith("daoyi-")
    True
    """
    resolved = Path(dataset).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:16]
    label = re.sub(r"[^A-Za-z0-9_.-]+", "_", resolved.stem)[:40] or "dataset"
    return Path(state_dir) / "journals" / f"{label}-{digest}.jsonl"


def _check_state_dir(state_dir: Path, dataset: Path) -> None:
    state = state_dir.resolve()
    package = Path(__file__).resolve().parents[2]
    for forbidden, what in ((dataset.resolve(), "the dataset folder"), (package, "the source tree")):
        if forbidden.is_dir() and (state == forbidden or forbidden in state.parents):
            raise LinliError(f"the state directory {state} is inside {what} ({forbidden}); set LINLI_STATE_DIR elsewhere")


def open_journaled_store(
    inner: MemoryStore, *, dataset: Path | str, state_dir: Path | str | None = None
) -> JournaledStore:
    """Replay ``dataset``'s journal onto ``inner`` (the dataset freshly loaded) and keep journaling.

    Raises :class:`~graph_model.errors.DatasetError` for a corrupt journal,
    :class:`~graph_model.errors.StoreUnavailable` when another process holds it,
    and :class:`~graph_model.errors.LinliError` when the state directory lies
    inside the dataset folder or the source tree.

    Examples
    --------
    >>> import tempfile
    >>> from graph_model.records import Node
    >>> state, data = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
    >>> store = open_journaled_store(MemoryStore(), dataset=data, state_dir=state)
    >>> store.apply(ChangeSet(nodes=[Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区"})]))
    >>> store.close()
    >>> again = open_journaled_store(MemoryStore(), dataset=data, state_dir=state)
    >>> again.get("c1").name
    '北苑社区'
    >>> again.close()
    """
    dataset = Path(dataset)
    state = Path(state_dir) if state_dir is not None else default_state_dir()
    _check_state_dir(state, dataset)
    journal = Journal.open(journal_path(dataset, state))
    entries = journal.replay()
    skipped = 0
    for number, change in enumerate(entries, 1):
        try:
            inner.apply(change)
        except DatasetError as err:
            skipped += 1
            log.warning("journal %s entry %d no longer applies, skipped: %s", journal.path, number, err)
    log.info("replayed %d journal entries onto %s (%d skipped)", len(entries) - skipped, dataset, skipped)
    return JournaledStore(inner, journal)
