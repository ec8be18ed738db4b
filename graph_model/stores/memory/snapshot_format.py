"""How a snapshot is laid out and checked: its header, its fingerprint of the files, and reading its two pickles safely.

``MAGIC`` · header length (8 bytes) · header (JSON) · section (a pickle) · payload (a pickle)

The header says which format wrote it, the Python and Linli that wrote it, the
**fingerprint** of everything the graph was built from — each dataset file's
path, size, modification time and SHA-256, the default taxonomy, and Linli's
own modules (``graph_model``, ``loaders``) — how many journal entries it
already holds (and the SHA-256 of those journal bytes), the graph's counts,
and the section's and the payload's lengths and SHA-256. Nothing is unpickled
before the header checks pass and the part's hash matches; even then
:class:`GraphUnpickler` builds only plain containers, strings, numbers and the
store's own kinds, never an arbitrary class.

Examples
--------
>>> writer_header()["format"] == FORMAT
True
>>> unpickle_graph(pickled(({}, {}, {}, {})))[0].number_of_nodes()
0
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
from collections import defaultdict
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph_model.garbage_collection import collector_paused
from graph_model.i18n import _
from graph_model.schema import NodeKind
from graph_model.stores.memory.snapshot_section import Section

__all__ = ["FORMAT", "MAGIC", "DamagedSnapshot", "GraphUnpickler", "StaleSnapshot", "check_header", "check_lengths",
           "dataset_fingerprint", "file_sha256", "journal_mark", "pickled", "read_header", "section_length", "unpickle_graph",
           "unpickle_section", "warn_damaged", "writer_header"]

log = logging.getLogger(__name__)

MAGIC = b"LINLI-SNAPSHOT\n"
FORMAT = 2
"""Bumped whenever what the payload holds, or how, changes: an older snapshot is then stale."""
_HEADER_MAX = 1 << 20
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

def file_sha256(path: Path, limit: int | None = None) -> str:
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
    return [name, status.st_size, status.st_mtime_ns, file_sha256(path)]


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


def journal_mark(journal: Path | None, entries: int, size: int | None) -> dict[str, Any]:
    """The header's note of the journal entries a snapshot holds: how many, their bytes and those bytes' SHA-256."""
    if journal is None or not entries or not journal.exists():
        return {"entries": 0, "bytes": 0, "sha256": None}
    size = journal.stat().st_size if size is None else size
    return {"entries": entries, "bytes": size, "sha256": file_sha256(journal, size)}


def writer_header() -> dict[str, Any]:
    """What wrote a snapshot: the format, the Python and the Linli (another of any makes it stale)."""
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


class GraphUnpickler(pickle.Unpickler):
    """Builds nothing but containers, strings, numbers, node kinds and read-only views."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a snapshot") from None

def pickled(state: object) -> memoryview:
    """``state`` pickled as a snapshot part (read-only views kept read-only, the collector paused)."""
    buffer = io.BytesIO()
    with collector_paused():
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.dispatch_table = {MappingProxyType: _reduce_read_only}
        pickler.dump(state)
    return buffer.getbuffer()


class StaleSnapshot(Exception):
    """The snapshot does not describe the files as they are now (not an error: load them again)."""


class DamagedSnapshot(Exception):
    """The snapshot cannot be read as one (a warning, then load the files again)."""


def read_header(file: Any) -> dict[str, Any]:
    """The header of the snapshot ``file`` is open on (positioned at its first part after)."""
    if file.read(len(MAGIC)) != MAGIC:
        raise DamagedSnapshot(_("not a Linli snapshot"))
    length = int.from_bytes(file.read(8), "big")
    if not 0 < length <= _HEADER_MAX:
        raise DamagedSnapshot(_("its header is damaged"))
    try:
        header = json.loads(file.read(length).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DamagedSnapshot(_("its header is damaged")) from None
    if not isinstance(header, dict):
        raise DamagedSnapshot(_("its header is damaged"))
    return header


def check_header(header: dict[str, Any], *, dataset: Path, journal: Path | None) -> None:
    """:class:`StaleSnapshot` unless ``header`` describes ``dataset``'s files, this Linli and ``journal`` as they are now."""
    writer = writer_header()
    for key in ("format", "python", "implementation", "linli"):
        if header.get(key) != writer[key]:
            raise StaleSnapshot(f"written by another {key}")
    if header.get("fingerprint") != dataset_fingerprint(dataset):
        raise StaleSnapshot("the dataset files changed")
    mark = header.get("journal")
    if not isinstance(mark, dict) or not isinstance(mark.get("entries"), int) or not isinstance(mark.get("bytes"), int):
        raise DamagedSnapshot(_("its header is damaged"))
    if mark["entries"]:
        if journal is None or not journal.exists() or journal.stat().st_size < mark["bytes"]:
            raise StaleSnapshot("the journal it holds is gone")
        if file_sha256(journal, mark["bytes"]) != mark.get("sha256"):
            raise StaleSnapshot("the journal was rewritten")


def unpickle_graph(payload: bytes) -> tuple[nx.MultiDiGraph, defaultdict[NodeKind, set[str]]]:
    """The whole graph and its index by kind, from a checked payload (:class:`DamagedSnapshot` if it is not one)."""
    with collector_paused():
        try:
            node, succ, pred, by_kind = GraphUnpickler(io.BytesIO(payload)).load()
        except Exception:  # noqa: BLE001 - whatever fails to unpickle is a damaged file
            raise DamagedSnapshot(_("its content is not a network")) from None
        if not all(type(part) is dict for part in (node, succ, pred, by_kind)):
            raise DamagedSnapshot(_("its content is not a network"))
        graph = nx.MultiDiGraph()
        graph._node, graph._succ, graph._pred = node, succ, pred
        graph._adj = succ  # networkx's DiGraph keeps _adj and _succ as one dict
        nx._clear_cache(graph)
    return graph, defaultdict(set, by_kind)

def section_length(header: dict[str, Any]) -> int:
    """How many bytes the section takes (0 without one)."""
    section = header.get("section")
    return section.get("bytes", 0) if isinstance(section, dict) else 0


def unpickle_section(data: bytes) -> Section:
    """The matching section, from a checked part (:class:`DamagedSnapshot` if it is not one)."""
    with collector_paused():
        try:
            state = GraphUnpickler(io.BytesIO(data)).load()
        except Exception:  # noqa: BLE001 - whatever fails to unpickle is a damaged file
            raise DamagedSnapshot(_("its content is not a network")) from None
        shapes = (dict, dict, dict, dict, list, bytes)
        if type(state) is not tuple or len(state) != len(shapes) or not all(type(p) is t for p, t in zip(state, shapes)):
            raise DamagedSnapshot(_("its content is not a network"))
        return Section.from_state(state)


def check_lengths(header: dict[str, Any], file: io.BufferedReader) -> None:
    """The file holds exactly the section and the payload its header announces (a cut file is damaged, found at once)."""
    payload = header.get("payload")
    if not isinstance(payload, dict) or not isinstance(payload.get("bytes"), int):
        raise DamagedSnapshot(_("its header is damaged"))
    if os.fstat(file.fileno()).st_size != file.tell() + section_length(header) + payload["bytes"]:
        raise DamagedSnapshot(_("its content does not match its checksum"))


def warn_damaged(path: Path, why: object) -> None:
    """The one warning a damaged snapshot gives."""
    log.warning(_("The snapshot {path} is damaged ({reason}); it is ignored and written again from the dataset files.").format(
        path=path, reason=why))
