"""The untied candidates of partner matching, kept between calls while the graph is unchanged.

Matching a category in a community needs every Partner/Facility offering it,
as seen from no community (the same for every community of the city), plus
the few tied to that community's area. Both backends keep the first part in
a :class:`CandidateCache`, keyed by the category's lineage and valid for one
*state* of the graph: a write counter for the embedded store, Neo4j's
bookmarks for Neo4j. A state that differs from the one an entry was read in
makes it stale. The cache hands back the very list it was given, so what the
query derives from it (its ranking) can be kept as long.

Examples
--------
>>> from graph_model.evidence import CandidateEvidence
>>> cache = CandidateCache(kept=2)
>>> found = [CandidateEvidence("p1", "北辰", "Partner", "enterprise", ())]
>>> kept = cache.put(("elderly_meals", "elderly"), 7, found)
>>> cache.get(("elderly_meals", "elderly"), 7)[0] is found
True
>>> cache.get(("elderly_meals", "elderly"), 8) is None   # the graph changed since
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence

from graph_model.evidence import CandidateEvidence

__all__ = ["CandidateCache", "Candidates", "KEPT"]

KEPT = 64
"""How many categories' candidates are kept (the least recently used go first)."""

Candidates = tuple[list[CandidateEvidence], dict[str, int]]
"""The candidates, by id, and where each id is in the list."""


class CandidateCache:
    """A small, thread-safe LRU of candidate lists, each valid for one state of the graph."""

    def __init__(self, *, kept: int = KEPT) -> None:
        self.kept = kept
        self._entries: OrderedDict[tuple[str, ...], tuple[Hashable, Candidates]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Sequence[str], state: Hashable) -> Candidates | None:
        """The candidates kept for ``key`` if they were read in ``state``, else None."""
        with self._lock:
            entry = self._entries.get(tuple(key))
            if entry is None or entry[0] != state:
                return None
            self._entries.move_to_end(tuple(key))
            return entry[1]

    def put(self, key: Sequence[str], state: Hashable, candidates: list[CandidateEvidence]) -> Candidates:
        """Keep ``candidates`` for ``key``, read in ``state``; returns them with their index."""
        found: Candidates = (candidates, {ev.id: i for i, ev in enumerate(candidates)})
        with self._lock:
            self._entries[tuple(key)] = (state, found)
            self._entries.move_to_end(tuple(key))
            while len(self._entries) > self.kept:
                self._entries.popitem(last=False)
        return found

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._entries.clear()
