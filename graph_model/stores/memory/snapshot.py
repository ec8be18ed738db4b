"""The embedded store's snapshot: the loaded network kept in a state directory, so the next command opens it fast.

Reading a city's CSV files and validating them takes seconds; a snapshot of
the graph they built opens faster, and is read only when a command needs
the graph (:class:`SnapshotStore`: ``stats`` answers from the counts written
with it). Reach for
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
already holds (and the SHA-256 of those journal bytes; ``loaders.opening``
writes snapshots of the files' graph only and replays the whole journal), the
graph's counts, and the section's and the payload's lengths and SHA-256.

A snapshot is used only when all of that matches what is on disk now: a
dataset file edited, added, removed or touched, a journal rewritten, another
Linli or Python, makes it stale, and the network is loaded from the files
again (and a new snapshot written). Nothing is unpickled before the header
checks pass and the payload's hash matches; even then the unpickler builds
only plain containers, strings, numbers and the store's own kinds
(:class:`_GraphUnpickler`), never an arbitrary class. A snapshot that fails a
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
import io
import json
import logging
import os
import pickle
import platform
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph_model.errors import LinliError
from graph_model.evidence import MatchEvidence
from graph_model.garbage_collection import collector_paused, freeze_while_alive
from graph_model.i18n import _
from graph_model.records import ChangeSet, GraphStats, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.store import Direction
from graph_model.stores.memory.journaled_store import check_state_dir, journal_path
from graph_model.stores.memory.snapshot_section import MATCH_TYPES, SECTION_KINDS, Section, section_state
from graph_model.stores.memory.store import MemoryStore
from graph_model.taxonomy import Relation

__all__ = ["FORMAT", "OpenedSnapshot", "SnapshotStore", "dataset_fingerprint", "held_entries", "load_with_snapshot", "open_snapshot",
           "snapshot_path", "write_snapshot"]

log = logging.getLogger(__name__)

MAGIC = b"LINLI-SNAPSHOT\n"
FORMAT = 2
"""Bumped whenever what the payload holds, or how, changes: an older snapshot is then stale."""
_HEADER_MAX = 1 << 20
_FREEZE_AT = 50_000
"""Nodes from which the opened graph is frozen out of the collector's sight, as ``loaders.dataset`` does after a city's load."""
_CHUNK = 1 << 20

_BUILT_BY = ("graph_model", "loaders", "linli_data.taxonomy")
"""What decides the graph a dataset loads into besides the dataset (Linli's code, the default taxonomy): any change makes a snapshot stale."""


def _code_files() -> list[tuple[str, Path]]:
    from importlib.util import find_spec

    found = []
    for package in _BUILT_BY:
        spec = find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(folder).rglob("*")):
                if path.suffix in (".py", ".csv") and path.is_file():
                    found.append((f"{package}/{path.relative_to(folder).as_posix()}", path))
    return found


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


def _sha256(path: Path, limit: int | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        if limit is None:
            digest = hashlib.file_digest(file, "sha256")
        else:
            left = limit
            while left > 0:
                chunk = file.read(min(_CHUNK, left))
                if not chunk:
                    break
                digest.update(chunk)
                left -= len(chunk)
    return digest.hexdigest()


def _file_entry(path: Path, name: str) -> list[Any]:
    status = path.stat()
    return [name, status.st_size, status.st_mtime_ns, _sha256(path)]


def dataset_fingerprint(dataset: Path | str) -> dict[str, Any]:
    """What the graph of ``dataset`` is built from: every file's size, modification time and content hash.

    A folder's files are listed recursively, every one of them; Linli's
    own modules (``graph_model``, ``loaders``) and the default taxonomy are
    listed by size and modification time.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "Community.csv").write_bytes(b"id,name\\n")
    >>> [entry[0] for entry in dataset_fingerprint(folder)["files"]]
    ['Community.csv']
    """
    root = Path(dataset).resolve()
    if root.is_dir():
        paths = sorted(p for p in root.rglob("*") if p.is_file())
        files = [_file_entry(p, p.relative_to(root).as_posix()) for p in paths]
    else:
        files = [_file_entry(root, root.name)]
    code = []
    for name, path in _code_files():
        status = path.stat()
        code.append([name, status.st_size, status.st_mtime_ns])
    return {"dataset": str(root), "files": files, "code": code}


def _journal_mark(journal: Path | None, entries: int, size: int | None) -> dict[str, Any]:
    if journal is None or not entries or not journal.exists():
        return {"entries": 0, "bytes": 0, "sha256": None}
    size = journal.stat().st_size if size is None else size
    return {"entries": entries, "bytes": size, "sha256": _sha256(journal, size)}


def _writer_header() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        linli = version("linli")
    except PackageNotFoundError:  # pragma: no cover - a source tree without metadata
        linli = "unknown"
    return {"format": FORMAT, "python": platform.python_version(), "implementation": sys.implementation.name, "linli": linli}


def _read_only(mapping: dict[str, Any]) -> MappingProxyType[str, Any]:
    """A read-only view, as the store shares its bare relationship key dicts (see ``MemoryStore._write_columns_fast_path``)."""
    return MappingProxyType(mapping)


def _reduce_read_only(proxy: MappingProxyType[str, Any]) -> tuple[Any, tuple[dict[str, Any]]]:
    return _read_only, (dict(proxy),)


_ALLOWED = {
    ("graph_model.schema", "NodeKind"): NodeKind,
    (__name__, "_read_only"): _read_only,
}


class _GraphUnpickler(pickle.Unpickler):
    """Builds nothing but containers, strings, numbers, node kinds and read-only views."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot") from None


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
    payload = _pickled((graph._node, graph._succ, graph._pred, {kind: ids for kind, ids in store._by_kind.items()}))
    cut = section_state(store)
    section = _pickled(cut) if cut is not None else memoryview(b"")
    header = {
        **_writer_header(),
        "fingerprint": dataset_fingerprint(dataset),
        "journal": _journal_mark(journal, journal_entries, journal_bytes),
        "section": {"bytes": len(section), "sha256": hashlib.sha256(section).hexdigest()} if cut is not None else None,
        "payload": {"bytes": len(payload), "sha256": hashlib.sha256(payload).hexdigest()},
        "counts": {"nodes": graph.number_of_nodes(), "relationships": graph.number_of_edges()},
        "stats": store.stats().as_dict(),
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


def _pickled(state: object) -> memoryview:
    buffer = io.BytesIO()
    with collector_paused():
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.dispatch_table = {MappingProxyType: _reduce_read_only}
        pickler.dump(state)
    return buffer.getbuffer()


class _Stale(Exception):
    """The snapshot does not describe the files as they are now (not an error: load them again)."""


class _Corrupt(Exception):
    """The snapshot cannot be read as one (a warning, then load the files again)."""


def _read_header(file: Any) -> dict[str, Any]:
    if file.read(len(MAGIC)) != MAGIC:
        raise _Corrupt(_("not a Linli snapshot"))
    length = int.from_bytes(file.read(8), "big")
    if not 0 < length <= _HEADER_MAX:
        raise _Corrupt(_("its header is damaged"))
    try:
        header = json.loads(file.read(length).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Corrupt(_("its header is damaged")) from None
    if not isinstance(header, dict):
        raise _Corrupt(_("its header is damaged"))
    return header


def _check_header(header: dict[str, Any], *, dataset: Path, journal: Path | None) -> None:
    writer = _writer_header()
    for key in ("format", "python", "implementation", "linli"):
        if header.get(key) != writer[key]:
            raise _Stale(f"written by another {key}")
    if header.get("fingerprint") != dataset_fingerprint(dataset):
        raise _Stale("the dataset files changed")
    mark = header.get("journal")
    if not isinstance(mark, dict) or not isinstance(mark.get("entries"), int) or not isinstance(mark.get("bytes"), int):
        raise _Corrupt(_("its header is damaged"))
    if mark["entries"]:
        if journal is None or not journal.exists() or journal.stat().st_size < mark["bytes"]:
            raise _Stale("the journal it holds is gone")
        if _sha256(journal, mark["bytes"]) != mark.get("sha256"):
            raise _Stale("the journal was rewritten")


def _unpickle(payload: bytes) -> tuple[nx.MultiDiGraph, defaultdict[NodeKind, set[str]]]:
    with collector_paused():
        try:
            node, succ, pred, by_kind = _GraphUnpickler(io.BytesIO(payload)).load()
        except Exception:  # noqa: BLE001 - whatever fails to unpickle is a damaged file
            raise _Corrupt(_("its content is not a network")) from None
        if not all(type(part) is dict for part in (node, succ, pred, by_kind)):
            raise _Corrupt(_("its content is not a network"))
        graph = nx.MultiDiGraph()
        graph._node, graph._succ, graph._pred = node, succ, pred
        graph._adj = succ  # networkx's DiGraph keeps _adj and _succ as one dict
        nx._clear_cache(graph)
    return graph, defaultdict(set, by_kind)


class _OnFirstRead:
    """The store's graph (or its index by kind), unpickled when first read; then a plain attribute of the instance."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, store: SnapshotStore | None, owner: type | None = None) -> Any:
        if store is None:
            return self
        store._materialize()
        return store.__dict__[self.name]


class SnapshotStore(MemoryStore):
    """A :class:`MemoryStore` opened from a snapshot whose header checked out; the graph itself is read when first needed.

    Until anything reads the graph, :meth:`stats` answers from the counts the
    snapshot was written with (the graph is the one they were counted on),
    and the reads partner matching makes (``get``, ``find``, ``ids``,
    ``relationships`` of closed types, ``match_evidence``, the category
    walks) are answered from the snapshot's section alone whenever its answer
    is the whole graph's (:class:`~graph_model.stores.memory.snapshot_section.Section`).
    A write that stays inside the section (a journal's new needs and their
    events) is applied to it and kept, to be applied to the whole graph when
    that is read. Each part is checked against its SHA-256 before it is
    unpickled; a damaged one is reported once and the dataset loaded from its
    files instead (``reload``).
    """

    graph = _OnFirstRead()
    _by_kind = _OnFirstRead()

    def __init__(self, file: io.BufferedReader, header: dict[str, Any], *, reload: Callable[[MemoryStore], object]) -> None:
        super().__init__()
        del self.__dict__["graph"], self.__dict__["_by_kind"]  # read on first use, through _OnFirstRead
        self._file: io.BufferedReader | None = file
        self._body = file.tell()
        self._header = header
        self._reload = reload
        self._materializing = threading.Lock()
        self._section: Section | None = None
        self._section_read = False
        self._pending: list[ChangeSet] = []
        """Writes applied to the section while the whole graph was not read: applied to it when it is."""
        self.journal_entries: int = header["journal"]["entries"]
        """How many of the journal's first entries the snapshot holds (see :mod:`~graph_model.stores.memory.compaction`)."""

    def _part(self, file: io.BufferedReader, name: str, offset: int) -> bytes:
        expected = self._header.get(name) or {}
        file.seek(self._body + offset)
        data = file.read(expected.get("bytes", 0))
        if len(data) != expected.get("bytes") or hashlib.sha256(data).hexdigest() != expected.get("sha256"):
            raise _Corrupt(_("its content does not match its checksum"))
        return data

    def _materialize(self) -> None:
        with self._materializing:
            if "graph" in self.__dict__:
                return
            file, self._file = self._file, None
            self._section = None
            try:
                if file is None:
                    raise _Corrupt(_("its content does not match its checksum"))
                payload = self._part(file, "payload", _section_length(self._header))
                with collector_paused():  # frozen before the collector runs again: its first pass would visit every new object
                    self.graph, self._by_kind = _unpickle(payload)
                    del payload
                    if len(self.graph._node) >= _FREEZE_AT:
                        freeze_while_alive(self)  # as a load does: the millions of objects live as long as the store
            except (_Corrupt, OSError) as why:
                self._fail(file, why)
            finally:
                if file is not None:
                    file.close()
            pending, self._pending = self._pending, []
            for change in pending:
                super().apply(change)

    def _fail(self, file: io.BufferedReader | None, why: object) -> None:
        _warn_damaged(Path(getattr(file, "name", "?")), why)
        self.graph, self._by_kind = nx.MultiDiGraph(), defaultdict(set)
        self._reload(self)

    def _opened_section(self) -> Section | None:
        """The section, read on first use; None once the whole graph is read (or without a usable section)."""
        if "graph" in self.__dict__:
            return None
        if self._section_read:
            return self._section
        with self._materializing:
            if "graph" in self.__dict__ or self._section_read:
                return self._section
            self._section_read = True
            file = self._file
            if file is None or not isinstance(self._header.get("section"), dict):
                return None
            try:
                self._section = _unpickle_section(self._part(file, "section", 0))
            except (_Corrupt, OSError) as why:
                self._file = None
                file.close()
                self._fail(file, why)
        return self._section

    # -- what the section answers as the whole graph would --------------------------------
    def get(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        section = self._opened_section()
        if section is not None and (held := section.answers_for(node_id)) is not False:
            return section.store.get(node_id) if held else None
        return super().get(node_id)

    def kinds_of(self, node_ids: Iterable[str]) -> dict[str, NodeKind]:
        """The kind of each id that exists."""
        ids, section = list(node_ids), self._opened_section()
        if section is not None and all(section.answers_for(i) is not False for i in ids):
            return section.store.kinds_of(ids)
        return super().kinds_of(ids)

    def find(self, kind: NodeKind, **props: Any) -> list[Node]:
        """Nodes of ``kind`` whose properties equal ``props``, by id."""
        section = self._opened_section() if kind in SECTION_KINDS else None
        return section.store.find(kind, **props) if section is not None else super().find(kind, **props)

    def ids(self, kind: NodeKind) -> list[str]:
        """Every id of ``kind``, sorted."""
        section = self._opened_section() if kind in SECTION_KINDS else None
        return section.store.ids(kind) if section is not None else super().ids(kind)

    def relationships(self, node_id: str, *, types: Sequence[RelType] | None = None, direction: Direction = "both") -> list[Relationship]:
        """Relationships touching ``node_id``, by (type, source, target)."""
        section = self._opened_section()
        if section is not None:
            held = section.answers_for(node_id)
            if held is None:
                return []
            if held and types and section.covers({t.value for t in types}):
                return section.store.relationships(node_id, types=types, direction=direction)
        return super().relationships(node_id, types=types, direction=direction)

    def category_lineage(self, category: str) -> list[str]:
        """``category`` then its ancestors, nearest first."""
        section = self._opened_section()
        if section is not None and section.covers({RelType.HAS_SUBCATEGORY.value}):
            return section.store.category_lineage(category)
        return super().category_lineage(category)

    def category_relations(self, category: str) -> dict[str, Relation]:
        """``category``, its descendants and its ancestors, each with its relation."""
        section = self._opened_section()
        if section is not None and section.covers({RelType.HAS_SUBCATEGORY.value}):
            return section.store.category_relations(category)
        return super().category_relations(category)

    def match_evidence(self, community: str, category: str) -> MatchEvidence:
        """Candidates offering ``category``, a descendant or an ancestor, with their ties to ``community``."""
        section = self._opened_section()
        if section is not None and section.covers(set(MATCH_TYPES)):
            return section.store.match_evidence(community, category)
        return super().match_evidence(community, category)

    def apply(self, change: ChangeSet) -> None:
        """Apply ``change``: to the section alone (kept for the whole graph) while it stays inside it, else to the whole graph."""
        section = self._opened_section()
        if section is not None and section.takes(change):
            section.store.apply(change)
            self._pending.append(change)
            return
        super().apply(change)

    def stats(self) -> GraphStats:
        """The counts: the snapshot's while the graph is as it was written (not read yet), else counted."""
        counted = self._header.get("stats")
        if "graph" not in self.__dict__ and not self._pending and isinstance(counted, dict):
            return GraphStats(dict(counted["nodes"]), dict(counted["relationships"]), dict(counted["party_org_levels"]))
        return super().stats()

    def close(self) -> None:
        """Release the snapshot file if the graph was never read."""
        file, self._file = self._file, None
        if file is not None:
            file.close()


def _section_length(header: dict[str, Any]) -> int:
    section = header.get("section")
    return section.get("bytes", 0) if isinstance(section, dict) else 0


def _unpickle_section(data: bytes) -> Section:
    with collector_paused():
        try:
            state = _GraphUnpickler(io.BytesIO(data)).load()
        except Exception:  # noqa: BLE001 - whatever fails to unpickle is a damaged file
            raise _Corrupt(_("its content is not a network")) from None
        shapes = (dict, dict, dict, dict, list, bytes)
        if type(state) is not tuple or len(state) != len(shapes) or not all(type(p) is t for p, t in zip(state, shapes)):
            raise _Corrupt(_("its content is not a network"))
        return Section.from_state(state)


def _check_lengths(header: dict[str, Any], file: io.BufferedReader) -> None:
    """The file holds exactly the section and the payload its header announces (a cut file is damaged, found at once)."""
    payload = header.get("payload")
    if not isinstance(payload, dict) or not isinstance(payload.get("bytes"), int):
        raise _Corrupt(_("its header is damaged"))
    if os.fstat(file.fileno()).st_size != file.tell() + _section_length(header) + payload["bytes"]:
        raise _Corrupt(_("its content does not match its checksum"))


def _warn_damaged(path: Path, why: object) -> None:
    log.warning(_("The snapshot {path} is damaged ({reason}); it is ignored and written again from the dataset files.").format(
        path=path, reason=why))


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
        header = _read_header(file)
        _check_header(header, dataset=dataset, journal=journal)
        _check_lengths(header, file)
    except _Stale as why:
        file.close()
        log.info("snapshot %s is stale (%s); loading the dataset from its files", path, why)
        return None
    except (_Corrupt, OSError) as why:
        file.close()
        _warn_damaged(path, why)
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
