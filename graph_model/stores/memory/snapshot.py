"""The embedded store's snapshot: the loaded network kept in a state directory, so the next command opens it fast.

Reading a city's CSV files and validating them takes seconds; a snapshot of
the graph they built opens faster, and is read only when a command needs
the graph (:class:`~graph_model.stores.memory.snapshot_store.SnapshotStore`:
``stats`` answers from the counts written with it). Reach for
:func:`load_with_snapshot` (what :func:`loaders.opening.open_store` does with
a state directory: the snapshot while it matches the files, else a load from
them, then kept), or its two halves :func:`open_snapshot` (the store, or None
when there is no usable snapshot) and :func:`write_snapshot` (after a load, or
after the journal was compacted).

A snapshot is one file under ``STATE_DIR/snapshots/``, named like the
dataset's journal (:func:`~graph_model.stores.memory.journaled_store.journal_path`):

``MAGIC`` · header length (8 bytes) · header (JSON) · section (a pickle) · payload (a pickle)

The **section** is the part of the graph partner matching reads
(:mod:`graph_model.stores.memory.snapshot_section`, a few per cent of a city):
a command that only matches reads it alone and answers as fast as on a
small dataset; the **payload** is the whole graph, read when a command
needs anything else.

The header says which format wrote it, the Python and Linli that wrote it, the
**fingerprint** of everything the graph was built from — each dataset file's
path, size, modification time and SHA-256, the default taxonomy, and Linli's
own modules (``graph_model``, ``loaders``) — how many journal entries it
already holds (and the SHA-256 of those journal bytes: ``loaders.opening``
writes snapshots of the files' graph, ``linli journal compact`` one that holds
the journal's writes so far), the graph's counts, and the section's and the
payload's lengths and SHA-256 (:mod:`~graph_model.stores.memory.snapshot_format`).

A snapshot is used only when all of that matches what is on disk now: a
dataset file edited, added, removed or touched, a journal rewritten, another
Linli or Python, makes it stale, and the network is loaded from the files
again (and a new snapshot written). Nothing is unpickled before the header
checks pass and the payload's hash matches; even then the unpickler builds
only plain containers, strings, numbers and the store's own kinds
(:class:`~graph_model.stores.memory.snapshot_format.GraphUnpickler`), never an arbitrary class. A snapshot that fails a
check is ignored with one plain warning and rebuilt, never a traceback.

Examples
--------
>>> import tempfile
>>> from graph_model.records import ChangeSet, Node
>>> data, state = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp())
>>> _ = (data / "Community.csv").write_text("id,name\\nc1,北苑社区\\n", encoding="utf-8")
>>> store = MemoryStore()
>>> store.apply(ChangeSet(nodes=[Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区"})]))
>>> path = write_snapshot(store, dataset=data, state_dir=state)
>>> opened = open_snapshot(dataset=data, state_dir=state)
>>> opened.store.get("c1").name, opened.journal_entries
('北苑社区', 0)
>>> _ = (data / "Community.csv").write_text("id,name\\nc1,南苑社区\\n", encoding="utf-8")
>>> open_snapshot(dataset=data, state_dir=state) is None    # the files changed: stale
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph_model.errors import LinliError
from graph_model.i18n import _
from graph_model.schema import NodeKind
from graph_model.stores.memory.journaled_store import check_state_dir, journal_path
from graph_model.stores.memory.snapshot_format import (
    FORMAT,
    MAGIC,
    DamagedSnapshot,
    StaleSnapshot,
    check_header,
    check_lengths,
    dataset_fingerprint,
    journal_mark,
    pickled,
    read_header,
    warn_damaged,
    writer_header,
)
from graph_model.stores.memory.snapshot_section import section_state
from graph_model.stores.memory.snapshot_store import SnapshotStore
from graph_model.stores.memory.store import MemoryStore

__all__ = ["FORMAT", "MAGIC", "OpenedSnapshot", "SnapshotStore", "dataset_fingerprint", "held_entries", "load_with_snapshot",
           "open_snapshot", "snapshot_path", "write_snapshot"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenedSnapshot:
    """A store opened from a snapshot, and how many journal entries it already holds."""

    store: MemoryStore
    journal_entries: int
    path: Path


def snapshot_path(dataset: Path | str, state_dir: Path | str) -> Path:
    """The snapshot of ``dataset`` under ``state_dir`` (named as its journal is).

    Examples
    --------
    >>> snapshot_path("/srv/data/daoyi", "/var/lib/linli").parent.name
    'snapshots'
    """
    name = journal_path(dataset, state_dir).name.removesuffix(".jsonl")
    return Path(state_dir) / "snapshots" / f"{name}.snapshot"

def write_snapshot(
    store: MemoryStore, *, dataset: Path | str, state_dir: Path | str, journal: Path | None = None, journal_entries: int = 0,
    journal_bytes: int | None = None,
) -> Path:
    """Write ``store``'s graph as the snapshot of ``dataset`` (atomically: a reader sees the old one or the new one).

    ``journal``/``journal_entries``/``journal_bytes``: the journal file whose
    first ``journal_entries`` entries (its first ``journal_bytes`` bytes,
    default: the whole file) ``store`` already holds (after a compaction);
    those entries are not replayed onto the snapshot again.
    """
    path = snapshot_path(dataset, state_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    graph = store.graph
    stats = store.stats()
    payload = pickled((graph._node, graph._succ, graph._pred, {kind: ids for kind, ids in store._by_kind.items()}))
    cut = section_state(store, stats.relationships)
    section = pickled(cut) if cut is not None else memoryview(b"")
    header = {
        **writer_header(),
        "fingerprint": dataset_fingerprint(dataset),
        "journal": journal_mark(journal, journal_entries, journal_bytes),
        "section": {"bytes": len(section), "sha256": hashlib.sha256(section).hexdigest()} if cut is not None else None,
        "payload": {"bytes": len(payload), "sha256": hashlib.sha256(payload).hexdigest()},
        "counts": {"nodes": len(graph._node), "relationships": sum(stats.relationships.values())},
        "stats": stats.as_dict(),
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    descriptor, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(MAGIC + len(head).to_bytes(8, "big") + head)
            file.write(section)
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    log.info("snapshot %s written: %d nodes, %d relationships", path, *header["counts"].values())
    return path

def open_snapshot(
    *, dataset: Path | str, state_dir: Path | str, journal: Path | None = None, reload: Callable[[MemoryStore], object] | None = None
) -> OpenedSnapshot | None:
    """The store kept for ``dataset`` under ``state_dir``, or None when there is none usable.

    None when there is no snapshot, when it is stale (the files, the journal
    or Linli changed: logged at INFO) or when its header is damaged (one
    warning). ``journal``: the dataset's journal file, whose first entries
    the snapshot may hold.

    With ``reload`` (how to fill a store from the files) the graph is read
    when first needed (a :class:`SnapshotStore`), and a damaged payload found
    then is replaced by ``reload``; without it the payload is checked and
    read now, and a damaged one means None.
    """
    dataset, path = Path(dataset), snapshot_path(dataset, state_dir)
    try:
        file = path.open("rb")
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning(_("The snapshot {path} cannot be read ({reason}); the dataset is loaded from its files instead.").format(
            path=path, reason=exc.strerror or exc))
        return None
    try:
        header = read_header(file)
        check_header(header, dataset=dataset, journal=journal)
        check_lengths(header, file)
    except StaleSnapshot as why:
        file.close()
        log.info("snapshot %s is stale (%s); loading the dataset from its files", path, why)
        return None
    except (DamagedSnapshot, OSError) as why:
        file.close()
        warn_damaged(path, why)
        return None
    entries = header["journal"]["entries"]
    if reload is not None:
        log.info("opened snapshot %s (the graph is read when first needed)", path)
        return OpenedSnapshot(SnapshotStore(file, header, reload=reload), entries, path)
    failed: list[MemoryStore] = []
    store = SnapshotStore(file, header, reload=failed.append)
    store._materialize()
    return None if failed else OpenedSnapshot(store, entries, path)


def load_with_snapshot(
    dataset: Path | str, *, state_dir: Path | str, load: Callable[[MemoryStore, Path], object], journal: Path | None = None
) -> MemoryStore:
    """``dataset``'s graph in a store: from its snapshot while that matches the files, else by ``load`` (then kept).

    After a ``load`` (``loaders.load_into``: validated, all or nothing) the
    graph is written as the new snapshot; a snapshot that cannot be written
    costs the next command a load, nothing more (one warning). That snapshot
    holds the files' graph only.

    ``journal``: the dataset's journal, whose first entries a snapshot may
    hold (:func:`held_entries` says how many: replay only the rest). Without
    it, a snapshot holding journal entries is stale.
    """
    dataset, state = Path(dataset), Path(state_dir)
    held = 0

    def load_and_keep(store: MemoryStore) -> None:
        load(store, dataset)
        try:
            check_state_dir(state, dataset)
        except LinliError:
            return  # opening the journal refuses such a state directory, with the reason
        try:
            write_snapshot(store, dataset=dataset, state_dir=state)
        except OSError as exc:
            log.warning(_("The snapshot of {dataset} could not be written ({reason}); the next command loads the files again.").format(
                dataset=dataset, reason=exc.strerror or exc))
        if held and journal is not None:  # a damaged snapshot that held journal entries: the same entries onto the files
            from graph_model.stores.memory.journaled_store import replay
            from graph_model.stores.memory.write_ahead_log import WriteAheadLog

            replay(store, WriteAheadLog.read(journal)[:held])

    opened = open_snapshot(dataset=dataset, state_dir=state, journal=journal, reload=load_and_keep)
    if opened is not None:
        held = opened.journal_entries
        return opened.store
    store = MemoryStore()
    load_and_keep(store)
    return store


def held_entries(store: MemoryStore) -> int:
    """How many of its journal's first entries ``store`` holds: a snapshot's, else none."""
    return store.journal_entries if isinstance(store, SnapshotStore) else 0
