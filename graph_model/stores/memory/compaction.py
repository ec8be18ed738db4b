"""Folding a state directory's journal into its snapshot, so commands open the network without replaying those writes.

The journal itself stays whole: it is the record of every write the server
acknowledged, and what ``linli journal rebase`` and ``linli export`` read
when the dataset's files change. The snapshot notes how many of the
journal's first entries it holds and the SHA-256 of their bytes
(:func:`~graph_model.stores.memory.snapshot.write_snapshot`); a command
opening it replays only the entries written after them. A journal
rewritten since (a rebase) or files changed since make the snapshot stale,
and the network is loaded from the files and the whole journal again.

Examples
--------
>>> import tempfile
>>> from graph_model.records import ChangeSet, Node
>>> from graph_model.schema import NodeKind
>>> from graph_model.stores.memory.journaled_store import open_journaled_store
>>> from loaders import bundled_dataset_path, load_into
>>> state = Path(tempfile.mkdtemp())
>>> server = open_journaled_store(MemoryStore(), dataset=bundled_dataset_path(), state_dir=state)
>>> server.apply(ChangeSet([Node("c-new", NodeKind.COMMUNITY, {"name": "新社区"})]))
>>> server.close()
>>> folded = compact_journal(bundled_dataset_path(), state_dir=state, load=load_into)
>>> folded.entries, folded.newly_held
(1, 1)
>>> store = load_with_snapshot(bundled_dataset_path(), state_dir=state, load=load_into, journal=folded.journal)
>>> store.journal_entries, store.get("c-new").name
(1, '新社区')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph_model.i18n import _
from graph_model.state_dir import journal_path
from graph_model.stores.memory.journaled_store import check_state_dir, conflict, replay
from graph_model.stores.memory.snapshot import held_entries, load_with_snapshot, write_snapshot
from graph_model.stores.memory.store import MemoryStore
from graph_model.stores.memory.write_ahead_log import WriteAheadLog

__all__ = ["Compacted", "compact_journal"]


@dataclass(frozen=True, slots=True)
class Compacted:
    """What folding the journal did: how many writes the snapshot now holds, how many of them it did not hold before."""

    entries: int
    newly_held: int
    journal: Path
    snapshot: Path


def compact_journal(
    dataset: Path | str, *, state_dir: Path | str, load: Callable[[MemoryStore, Path], object],
    progress: Callable[[str, int, int], None] | None = None,
) -> Compacted:
    """Write ``dataset``'s snapshot holding every write its journal holds now (``load``: how to read the files).

    Runs beside the server: the journal is read without locking it, and
    writes appended meanwhile are simply not held (they are replayed, as
    before). Raises :class:`~graph_model.errors.JournalConflict` when a write
    no longer applies to the files (``linli journal rebase`` first).
    ``progress(stage, done, total)`` hears of each stage (a city's takes seconds).
    """
    step = progress or (lambda stage, done, total: None)
    dataset, state = Path(dataset), Path(state_dir)
    check_state_dir(state, dataset)
    path = journal_path(dataset, state)
    entries = WriteAheadLog.read(path)
    step(_("reading the network"), 0, 1)
    store = load_with_snapshot(dataset, state_dir=state, load=load, journal=path)
    held = held_entries(store)
    store.graph.number_of_nodes()  # the whole graph read here, so this stage shows the time it takes
    step(_("reading the network"), 1, 1)
    replayed = replay(store, entries[held:])
    if replayed.rejected:
        raise conflict(path, replayed, state_dir=state, dataset=dataset)
    step(_("writing the snapshot"), 0, 1)
    written = write_snapshot(store, dataset=dataset, state_dir=state, journal=path, journal_entries=len(entries),
                             journal_bytes=sum(len(entry.raw) for entry in entries))
    step(_("writing the snapshot"), 1, 1)
    return Compacted(len(entries), len(entries) - held, path, written)
