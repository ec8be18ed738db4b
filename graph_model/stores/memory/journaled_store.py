"""The embedded store as the API serves it: thread-safe, journaling every write before applying it.

Reach for :func:`open_journaled_store`: it replays a dataset's write-ahead log
(:mod:`graph_model.stores.memory.write_ahead_log`) onto the freshly loaded
store and returns a :class:`JournaledStore` that keeps logging. There is one
log per dataset, under the state directory, named after the dataset's folder
and a hash of its resolved path (:mod:`graph_model.state_dir`). A write the
store refuses on replay (the dataset's files changed under the log) stops the
start with a :class:`~graph_model.errors.JournalConflict` naming each such
write; :func:`rebase_journal` (``linli journal rebase``) sets them aside in a
file beside the journal and keeps the rest.

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

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_model.change_check import check_change
from graph_model.errors import DatasetError, JournalConflict, LinliError, Problem
from graph_model.i18n import _
from graph_model.evidence import MatchEvidence, SecretaryFacts
from graph_model.gaps import GapFact, GapKind
from graph_model.need_lifecycle import NeedEvent
from graph_model.records import ChangeSet, GraphStats, Node, Relationship, Subgraph
from graph_model.schema import NodeKind, RelType
from graph_model.store import Direction
from graph_model.stores.memory.graph_access import StoredKinds
from graph_model.stores.memory.store import MemoryStore
from graph_model.state_dir import StateDir, journal_path, unusable_message
from graph_model.stores.memory.write_ahead_log import JournalEntry, WriteAheadLog, append_lines
from graph_model.time_limits import TimeLimits

__all__ = ["JournaledStore", "Replayed", "describe_change", "journal_path", "open_journaled_store", "rebase_journal", "replay",
           "check_state_dir", "conflict"]

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
        """Check ``change``, journal it durably, then apply it: a change the store refuses is never journaled."""
        with self._append:
            if self.journal is not None:
                with self._lock.reading():  # writers are serialised by _append: the check still holds when applying
                    check_change(change, StoredKinds(self.inner.graph._node))
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


def describe_change(change: ChangeSet, *, limit: int = 4) -> str:
    """What a write wrote, in a line: its nodes (kind, id, name) and relationships.

    Examples
    --------
    >>> c = ChangeSet([Node("n1", NodeKind.NEED, {"name": "路灯"})], [Relationship(RelType.RESOLVED_BY, "n1", "p-old")])
    >>> describe_change(c)
    'Need n1 «路灯»; n1 -RESOLVED_BY-> p-old'
    """
    parts = [f"{n.kind.value} {n.id} «{n.name}»" if n.name != n.id else f"{n.kind.value} {n.id}" for n in change.nodes]
    parts += [f"{r.source} -{r.type.value}-> {r.target}" for r in change.relationships]
    parts += [f"{source} -{rel.value}-> (detach)" for source, rel in change.detach]
    shown = "; ".join(parts[:limit])
    return shown + (f"; +{len(parts) - limit}" if len(parts) > limit else "")


@dataclass(frozen=True, slots=True)
class Replayed:
    """What replaying a journal onto the freshly loaded dataset gave: the writes that applied and those that did not."""

    applied: list[JournalEntry]
    rejected: list[tuple[JournalEntry, list[Problem]]]


def replay(inner: MemoryStore, entries: Sequence[JournalEntry]) -> Replayed:
    """Apply ``entries`` in order onto ``inner``; a write the store refuses is left out (and so are writes that need it)."""
    applied: list[JournalEntry] = []
    rejected: list[tuple[JournalEntry, list[Problem]]] = []
    for entry in entries:
        try:
            inner.apply(entry.change)
        except DatasetError as err:
            rejected.append((entry, err.problems))
        else:
            applied.append(entry)
    return Replayed(applied, rejected)


def check_state_dir(state_dir: Path, dataset: Path) -> None:
    """Refuse a state directory inside the dataset folder or the source tree (one clear line)."""
    state = state_dir.resolve()
    package = Path(__file__).resolve().parents[3]
    for forbidden, what in ((dataset.resolve(), "the dataset folder"), (package, "the source tree")):
        if forbidden.is_dir() and (state == forbidden or forbidden in state.parents):
            raise LinliError(f"the state directory {state} is inside {what} ({forbidden}); set LINLI_STATE_DIR elsewhere")


def way_out(state_dir: Path, dataset: Path) -> str:
    """The command that sets aside the writes that no longer apply (for the conflict message)."""
    return _("To keep those writes in a file beside the journal and start with the rest: linli journal rebase --state-dir {state} --data {data}"
             " (or put the dataset's files back as they were).").format(state=state_dir, data=dataset)


def conflict(journal: Path, replayed: Replayed, *, state_dir: Path, dataset: Path) -> JournalConflict:
    """The error naming each write of ``replayed.rejected``."""
    return JournalConflict(
        str(journal),
        [(entry.number, entry.at, describe_change(entry.change), problems) for entry, problems in replayed.rejected],
        way_out=way_out(state_dir, dataset),
    )


def open_journaled_store(
    inner: MemoryStore, *, dataset: Path | str, state_dir: Path | str, writable: bool = True, held: int = 0
) -> JournaledStore:
    """Replay ``dataset``'s journal onto ``inner`` (the dataset freshly loaded) and keep journaling.

    Raises :class:`~graph_model.errors.JournalConflict` when a journaled write
    no longer applies (the dataset's files changed under it: nothing starts,
    the message names each write and ``linli journal rebase``),
    :class:`~graph_model.errors.DatasetError` for a corrupt journal,
    :class:`~graph_model.errors.StoreUnavailable` when another process holds it,
    and :class:`~graph_model.errors.LinliError` when the state directory lies
    inside the dataset folder or the source tree.

    ``writable=False`` (a command beside the server): the journal is read
    without locking or changing it, and the store keeps further writes in memory only.
    ``held``: how many of the journal's first entries ``inner`` already holds
    (a snapshot the journal was folded into, :mod:`~graph_model.stores.memory.compaction`);
    only the later ones are replayed.
    """
    dataset = Path(dataset)
    state = Path(state_dir)
    check_state_dir(state, dataset)
    if not writable:
        path = journal_path(dataset, state)
        replayed = replay(inner, WriteAheadLog.read(path)[held:])
        if replayed.rejected:
            raise conflict(path, replayed, state_dir=state, dataset=dataset)
        return JournaledStore(inner)
    try:
        journal = WriteAheadLog.open(journal_path(dataset, state))
    except OSError as exc:  # a file where the folder should be, a read-only folder, no space ...
        raise LinliError(unusable_message(state, exc)) from None
    replayed = replay(inner, journal.replay_entries()[held:])
    if replayed.rejected:
        journal.close()
        raise conflict(journal.path, replayed, state_dir=state, dataset=dataset)
    log.info("replayed %d journal entries onto %s", len(replayed.applied), dataset)
    return JournaledStore(inner, journal)


def rebase_journal(inner: MemoryStore, *, dataset: Path | str, state_dir: Path | str) -> tuple[Replayed, Path, Path]:
    """Set aside the writes of ``dataset``'s journal that no longer apply to ``inner`` (the dataset freshly loaded).

    They are appended to the rejected file beside the journal (never
    deleted); the journal keeps the rest. Returns what was applied and
    rejected, the journal and the rejected file.
    """
    dataset, state = Path(dataset), Path(state_dir)
    check_state_dir(state, dataset)
    journal = WriteAheadLog.open(journal_path(dataset, state))
    rejected_file = StateDir(state).rejected_for(journal.path)
    try:
        replayed = replay(inner, journal.replay_entries())
        if replayed.rejected:
            append_lines(rejected_file, b"".join(entry.raw for entry, _problems in replayed.rejected))
            journal.rewrite(replayed.applied)
    finally:
        journal.close()
    return replayed, journal.path, rejected_file
