"""The store a snapshot opens into: counts at once, the matching section when that is all a command reads, the whole graph when first needed.

Reach for :func:`~graph_model.stores.memory.snapshot.open_snapshot`, which
checks the snapshot's header and makes a :class:`SnapshotStore` of it.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from graph_model.evidence import MatchEvidence
from graph_model.garbage_collection import collector_paused, freeze_while_alive
from graph_model.i18n import _
from graph_model.records import ChangeSet, GraphStats, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.store import Direction
from graph_model.stores.memory.snapshot_format import DamagedSnapshot, section_length, unpickle_graph, unpickle_section, warn_damaged
from graph_model.stores.memory.snapshot_section import MATCH_TYPES, SECTION_KINDS, Section
from graph_model.stores.memory.store import MemoryStore
from graph_model.taxonomy import Relation

__all__ = ["SnapshotStore"]

_FREEZE_AT = 50_000
"""Nodes from which the opened graph is frozen out of the collector's sight, as ``loaders.dataset`` does after a city's load."""


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
            raise DamagedSnapshot(_("its content does not match its checksum"))
        return data

    def _materialize(self) -> None:
        with self._materializing:
            if "graph" in self.__dict__:
                return
            file, self._file = self._file, None
            self._section = None
            try:
                if file is None:
                    raise DamagedSnapshot(_("its content does not match its checksum"))
                payload = self._part(file, "payload", section_length(self._header))
                with collector_paused():  # frozen before the collector runs again: its first pass would visit every new object
                    self.graph, self._by_kind = unpickle_graph(payload)
                    del payload
                    if len(self.graph._node) >= _FREEZE_AT:
                        freeze_while_alive(self)  # as a load does: the millions of objects live as long as the store
            except (DamagedSnapshot, OSError) as why:
                self._fail(file, why)
            finally:
                if file is not None:
                    file.close()
            pending, self._pending = self._pending, []
            for change in pending:
                super().apply(change)

    def _fail(self, file: io.BufferedReader | None, why: object) -> None:
        warn_damaged(Path(getattr(file, "name", "?")), why)
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
                self._section = unpickle_section(self._part(file, "section", 0))
            except (DamagedSnapshot, OSError) as why:
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
