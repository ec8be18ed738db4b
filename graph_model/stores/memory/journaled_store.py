"""The embedded store as the API serves it: thread-safe, journaling every write before applying it.

Reach for :func:`open_journaled_store`: it replays a dataset's write-ahead log
(:mod:`graph_model.stores.memory.write_ahead_log`) onto the freshly loaded
store and returns a :class:`JournaledStore` that keeps logging. There is one
log per dataset, under the state directory, named after the dataset's folder
and a hash of its resolved path. An entry the store refuses on replay (the
dataset changed under the log) is skipped with a warning.

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

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph_model.errors import DatasetError, LinliError
from graph_model.evidence import MatchEvidence, SecretaryFacts
from graph_model.gaps import GapFact, GapKind
from graph_model.i18n import _
from graph_model.need_lifecycle import NeedEvent
from graph_model.records import ChangeSet, GraphStats, Node, Relationship, Subgraph
from graph_model.schema import NodeKind, RelType
from graph_model.store import Direction
from graph_model.stores.memory.store import MemoryStore
from graph_model.stores.memory.write_ahead_log import WriteAheadLog
from graph_model.time_limits import TimeLimits

__all__ = ["JournaledStore", "journal_path", "open_journaled_store"]

log = logging.getLogger(__name__)


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

    def __init__(self, inner: MemoryStore, journal: WriteAheadLog | None = None) -> None:
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

    def gap_facts(self, kind: GapKind, community: str | None = None, *, as_of: str | None = None) -> list[GapFact]:
        with self._lock.reading():
            return self.inner.gap_facts(kind, community, as_of=as_of)

    def need_history(self, need_ids: Iterable[str] | None = None) -> dict[str, list[NeedEvent]]:
        ids = None if need_ids is None else list(need_ids)
        with self._lock.reading():
            return self.inner.need_history(ids)

    def category_time_limits(self) -> dict[str, TimeLimits]:
        with self._lock.reading():
            return self.inner.category_time_limits()

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
    package = Path(__file__).resolve().parents[3]
    for forbidden, what in ((dataset.resolve(), "the dataset folder"), (package, "the source tree")):
        if forbidden.is_dir() and (state == forbidden or forbidden in state.parents):
            raise LinliError(f"the state directory {state} is inside {what} ({forbidden}); set LINLI_STATE_DIR elsewhere")


def _unusable_state_dir(state: Path, exc: OSError) -> str:
    """One line saying why the state directory cannot hold the journal, and what to do."""
    return _("the state directory {path} cannot be used ({reason}: {where}); set LINLI_STATE_DIR to a folder Linli may create and write").format(
        path=state, reason=exc.strerror or type(exc).__name__, where=exc.filename or state
    )


def open_journaled_store(
    inner: MemoryStore, *, dataset: Path | str, state_dir: Path | str
) -> JournaledStore:
    """Replay ``dataset``'s journal onto ``inner`` (the dataset freshly loaded) and keep journaling.

    Raises :class:`~graph_model.errors.DatasetError` for a corrupt journal,
    :class:`~graph_model.errors.StoreUnavailable` when another process holds it,
    and :class:`~graph_model.errors.LinliError` when the state directory lies
    inside the dataset folder or the source tree.

    """
    dataset = Path(dataset)
    state = Path(state_dir)
    _check_state_dir(state, dataset)
    try:
        journal = WriteAheadLog.open(journal_path(dataset, state))
    except OSError as exc:  # a file where the folder should be, a read-only folder, no space ...
        raise LinliError(_unusable_state_dir(state, exc)) from None
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
