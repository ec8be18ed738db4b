"""The matching section of a snapshot: the part of the graph partner matching reads, opened without the rest.

A city's graph is ten million Python objects, and unpickling them takes
seconds; partner matching reads only the subdistricts, communities,
categories, partners, facilities, needs and need events, and the
relationships among them (a few per cent of a city). :func:`section_state`
cuts that part out when a snapshot is written; a :class:`Section` opened
from it answers a read only when its answer is the one the whole graph
gives, and says so:

- a node of a section kind is in the section, with every relationship it has
  to another node of a section kind;
- a relationship type is **closed** when every relationship of that type
  joins two nodes of section kinds (counted when the section was cut), so a
  node's relationships of closed types are all in the section;
- the ids of every other node are kept as one block of bytes (:meth:`Section.elsewhere`),
  so "no such node" is told apart from "a node the section does not hold".

Writes that stay inside the section (nodes of section kinds, relationships
between them, no id of another kind: :meth:`Section.takes`) are applied to it
as well; everything else needs the whole graph.

Examples
--------
>>> from graph_model.records import ChangeSet, Node, Relationship
>>> from graph_model.stores.memory.store import MemoryStore
>>> store = MemoryStore()
>>> store.apply(ChangeSet(
...     [Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区"}), Node("g1", NodeKind.GRID, {"name": "一网格"}),
...      Node("n1", NodeKind.NEED, {"name": "路灯", "status": "open"})],
...     [Relationship(RelType.HAS_GRID, "c1", "g1"), Relationship(RelType.HAS_NEED, "c1", "n1")]))
>>> section = Section.from_state(section_state(store))
>>> section.holds("n1"), section.holds("g1"), section.elsewhere("g1"), section.elsewhere("g9")
(True, False, True, False)
>>> "HAS_NEED" in section.closed, "HAS_GRID" in section.closed    # HAS_GRID ends at a grid, outside
(True, False)
>>> section.takes(ChangeSet([Node("n2", NodeKind.NEED, {"name": "停车"})], [Relationship(RelType.HAS_NEED, "c1", "n2")]))
True
>>> section.takes(ChangeSet([Node("g2", NodeKind.GRID, {"name": "二网格"})]))
False
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from graph_model.records import ChangeSet
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore

__all__ = ["MATCH_TYPES", "SECTION_KINDS", "Section", "section_state"]

K = NodeKind
SECTION_KINDS = frozenset({K.SUBDISTRICT, K.COMMUNITY, K.CATEGORY, K.PARTNER, K.FACILITY, K.NEED, K.NEED_EVENT})
"""The node kinds partner matching reads."""
MATCH_TYPES = frozenset(t.value for t in (
    RelType.HAS_COMMUNITY, RelType.HAS_SUBCATEGORY, RelType.HAS_NEED, RelType.IN_CATEGORY, RelType.OFFERS, RelType.CO_BUILDS,
    RelType.LOCATED_IN, RelType.SERVES, RelType.RESOLVED_BY, RelType.HAS_EVENT, RelType.HANDLED_BY,
))
"""The relationship types :meth:`~graph_model.stores.memory.patterns.MemoryPatterns.match_evidence` steps along: all must be closed."""
_SEPARATOR = "\0"

SectionState = tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[NodeKind, set[str]], list[str], bytes]


def section_state(store: MemoryStore, counts: Mapping[str, int] | None = None) -> SectionState | None:
    """The section of ``store``'s graph, as plain containers to pickle (None when an id holds the separator).

    The section's dicts keep the graph's order (a node's neighbours in the
    order the whole graph lists them) and share its key dicts between the
    two directions, as the whole graph does. A type is closed when the
    section holds as many relationships of it as the whole graph does
    (``counts``, by type: ``store.stats().relationships`` unless given).
    """
    graph, by_kind = store.graph, store._by_kind
    inside: set[str] = set().union(*(by_kind.get(kind, ()) for kind in SECTION_KINDS))
    node = {i: data for i, data in graph._node.items() if i in inside}
    succ = {i: {t: keys for t, keys in graph._succ[i].items() if t in inside} for i in node}
    pred = {i: {s: keys for s, keys in graph._pred[i].items() if s in inside} for i in node}
    whole = store.stats().relationships if counts is None else counts
    held = Counter(k for neighbours in succ.values() for keys in neighbours.values() for k in keys)
    closed = sorted(t.value for t in RelType if held[t.value] == whole.get(t.value, 0))
    others = [i for i in graph._node if i not in inside]
    if any(_SEPARATOR in i for i in others):
        return None
    blob = (_SEPARATOR + _SEPARATOR.join(others) + _SEPARATOR).encode("utf-8") if others else b""
    kinds = {kind: set(ids) for kind, ids in by_kind.items() if kind in SECTION_KINDS}
    return node, succ, pred, kinds, closed, blob


class Section:
    """The section opened: a :class:`MemoryStore` of its part of the graph, its closed types, and the other ids."""

    def __init__(self, store: MemoryStore, closed: frozenset[str], others: bytes) -> None:
        self.store = store
        self.closed = closed
        self._others = others
        self._other_ids: frozenset[str] | None = None
        self._lookups = 0

    @classmethod
    def from_state(cls, state: SectionState) -> Section:
        """The section built from :func:`section_state`'s containers (as unpickled)."""
        import networkx as nx

        node, succ, pred, kinds, closed, others = state
        store = MemoryStore()
        graph = store.graph
        graph._node, graph._succ, graph._pred = node, succ, pred
        graph._adj = succ  # networkx's DiGraph keeps _adj and _succ as one dict
        nx._clear_cache(graph)
        store._by_kind = defaultdict(set, kinds)
        return cls(store, frozenset(closed), others)

    def holds(self, node_id: str) -> bool:
        """Whether ``node_id`` is a node of the section."""
        return node_id in self.store.graph._node

    def elsewhere(self, node_id: str) -> bool:
        """Whether ``node_id`` is a node of the graph the section does not hold.

        A few lookups search the block of ids; from the ninth on (a journal
        replayed), the block is read once into a set.
        """
        if self._other_ids is None:
            self._lookups += 1
            if self._lookups <= 8:
                return f"{_SEPARATOR}{node_id}{_SEPARATOR}".encode("utf-8") in self._others
            self._other_ids = frozenset(self._others.decode("utf-8").split(_SEPARATOR))
        return node_id in self._other_ids

    def answers_for(self, node_id: str) -> bool | None:
        """True: the section holds ``node_id``; None: no node has that id; False: the whole graph is needed."""
        if self.holds(node_id):
            return True
        return False if self.elsewhere(node_id) else None

    def covers(self, types: set[str]) -> bool:
        """Whether every relationship of ``types`` is in the section."""
        return types <= self.closed

    def takes(self, change: ChangeSet) -> bool:
        """Whether ``change`` stays inside the section: applied to it, the section is still the whole graph's section.

        Its nodes are of section kinds, no id it names is a node of another
        kind, and what it detaches is of closed types.
        """
        if any(node.kind not in SECTION_KINDS for node in change.nodes):
            return False
        if any(rel.value not in self.closed for _source, rel in change.detach):
            return False
        named = {n.id for n in change.nodes} | {s for s, _rel in change.detach}
        named.update(r.source for r in change.relationships)
        named.update(r.target for r in change.relationships)
        return not any(self.elsewhere(i) for i in named if not self.holds(i))
