"""The embedded backend: the whole graph in a networkx ``MultiDiGraph``; writes and plain reads.

Its query patterns (matching, gaps, secretaries) are in
:mod:`graph_model.stores.memory.patterns`, the primitive steps over the graph in
:mod:`graph_model.stores.memory.graph_access`.

Nothing to install; the bundled Daoyi dataset loads in well under a second.
Each node carries ``kind`` and ``props``; each edge is keyed by its type, so a
second write of ``(source, type, target)`` merges instead of duplicating.

Examples
--------
>>> from graph_model.records import ChangeSet, Node, Relationship
>>> store = MemoryStore()
>>> store.apply(ChangeSet(
...     nodes=[Node("sd", NodeKind.SUBDISTRICT, {"name": "道义街道"}),
...            Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区", "type": "urban"})],
...     relationships=[Relationship(RelType.HAS_COMMUNITY, "sd", "c1")]))
>>> store.get("c1").name
'北苑社区'
>>> store.stats().relationships["HAS_COMMUNITY"]
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from types import MappingProxyType
from typing import Any

import networkx as nx

from graph_model.change_check import check_change
from graph_model.errors import NotFound, nearest
from graph_model.garbage_collection import thaw
from graph_model.records import ChangeSet, GraphStats, Node, NodeColumns, Relationship, RelationshipColumns, Subgraph
from graph_model.schema import NodeKind, RelType
from graph_model.store import Direction
from graph_model.stores.memory.graph_access import NO_EDGES, REL_KEY, REL_TYPE, StoredKinds
from graph_model.stores.memory.patterns import MemoryPatterns

__all__ = ["MemoryStore"]



class MemoryStore(MemoryPatterns):
    """A :class:`~graph_model.store.GraphStore` over a networkx ``MultiDiGraph``."""

    backend = "memory"

    # -- writes -----------------------------------------------------------------
    def apply(self, change: ChangeSet) -> None:
        """Apply ``change`` atomically: endpoints are checked before anything moves."""
        g = self.graph
        if not g._node and not change.detach and isinstance(change.nodes, NodeColumns) and isinstance(
            change.relationships, RelationshipColumns
        ) and self._write_columns_fast_path(change.nodes, change.relationships):
            return
        check_change(change, StoredKinds(g._node))
        self._version += 1
        # The same structure g.add_node/g.add_edge build, written straight into
        # networkx's dicts: a city is millions of edges and add_edge costs ~7 µs each.
        # Every endpoint exists by now (checked above), so no node is added implicitly.
        # A key dict may be shared and read-only (see _write_columns_fast_path): it is replaced, never edited.
        node_data, succ, pred, by_kind = g._node, g._succ, g._pred, self._by_kind
        for source, rel_type in change.detach:
            key, out = REL_KEY[rel_type], succ.get(source, NO_EDGES)
            for target, keys in [(t, k) for t, k in out.items() if key in k]:
                rest = {k: data for k, data in keys.items() if k != key}
                if rest:
                    out[target] = pred[target][source] = rest
                else:
                    del out[target], pred[target][source]
        for node in change.nodes:
            data = node_data.get(node.id)
            if data is not None:
                data["props"] = dict(node.props)
            else:
                succ[node.id], pred[node.id] = {}, {}
                node_data[node.id] = {"kind": node.kind, "props": dict(node.props)}
                by_kind[node.kind].add(node.id)
        for rel in change.relationships:
            source, target, key = rel.source, rel.target, REL_KEY[rel.type]
            out = succ[source]
            keys = out.get(target)
            if keys is None:  # a new pair: one key dict, seen from both ends
                out[target] = pred[target][source] = {key: {"props": dict(rel.props)}}
            else:
                if type(keys) is not dict:
                    keys = out[target] = pred[target][source] = dict(keys)
                keys[key] = {"props": dict(rel.props)}
        nx._clear_cache(g)

    def _write_columns_fast_path(self, nodes: NodeColumns, relationships: RelationshipColumns) -> bool:
        """The fast path of :meth:`apply` (the reference) for a whole dataset into the empty graph.

        Fills the graph from a validated dataset's columns; False (graph empty
        again) if an id repeats or an end is missing, and ``apply`` takes over.
        What ``apply`` writes, in the same order, with fewer objects: the node
        property dicts are taken as they are (NodeColumns hands out copies), and every
        relationship without properties shares one read-only key dict per type.
        """
        g = self.graph
        self._version += 1
        node_data, succ, pred, by_kind = g._node, g._succ, g._pred, self._by_kind
        for kind, ids, props in nodes.parts:
            node_data.update(zip(ids, [{"kind": kind, "props": p} for p in props]))
            succ.update(zip(ids, [{} for _ in ids]))
            pred.update(zip(ids, [{} for _ in ids]))
            by_kind[kind].update(ids)
        bare: dict[str, MappingProxyType[str, Any]] = {t.value: MappingProxyType({"props": MappingProxyType({})}) for t in RelType}
        shared = {key: MappingProxyType({key: data}) for key, data in bare.items()}
        try:
            if len(node_data) != len(nodes):
                raise KeyError("an id given twice")
            for key, source, target, own in relationships.rows():
                out = succ[source]
                keys = out.get(target)
                if keys is None:
                    out[target] = pred[target][source] = shared[key] if own is None else {key: {"props": own}}
                else:
                    out[target] = pred[target][source] = {**keys, key: bare[key] if own is None else {"props": own}}
        except KeyError:  # apply's checks say what is wrong
            self.clear()
            return False
        nx._clear_cache(g)
        return True

    def clear(self) -> None:
        """Remove everything."""
        thaw(self)  # what a bulk load froze (loaders.dataset) is the collector's again
        self.graph.clear()
        self._by_kind.clear()
        self._version += 1

    # -- reads ------------------------------------------------------------------
    def _node(self, node_id: str) -> Node:
        data = self.graph.nodes[node_id]
        return Node(node_id, data["kind"], MappingProxyType(data["props"]))  # read-only view: callers cannot edit the store




    def get(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        return self._node(node_id) if node_id in self.graph else None

    def kinds_of(self, node_ids: Iterable[str]) -> dict[str, NodeKind]:
        """The kind of each id that exists."""
        g = self.graph
        return {i: g.nodes[i]["kind"] for i in node_ids if i in g}

    def find(self, kind: NodeKind, **props: Any) -> list[Node]:
        """Nodes of ``kind`` whose properties equal ``props``, by id."""
        found = []
        for node_id in sorted(self._by_kind.get(kind, ())):
            own = self._props(node_id)
            if all(own.get(k) == v for k, v in props.items()):
                found.append(self._node(node_id))
        return found




    def _rel(self, source: str, target: str, key: str, props: dict[str, Any]) -> Relationship:
        return Relationship(RelType(key), source, target, props)

    def relationships(
        self,
        node_id: str,
        *,
        types: Sequence[RelType] | None = None,
        direction: Direction = "both",
    ) -> list[Relationship]:
        """Relationships touching ``node_id``, by (type, source, target)."""
        if node_id not in self.graph:
            return []
        wanted = {t.value for t in types} if types else None
        edges: list[tuple[str, str, str, dict[str, Any]]] = []
        if direction in ("out", "both"):
            edges += self.graph.out_edges(node_id, keys=True, data="props")
        if direction in ("in", "both"):
            edges += [e for e in self.graph.in_edges(node_id, keys=True, data="props") if e[0] != e[1] or direction == "in"]
        found = {(k, s, t): p for s, t, k, p in edges if wanted is None or k in wanted}
        return [self._rel(s, t, k, p) for (k, s, t), p in sorted(found.items())]

    def neighbourhood(self, node_id: str, depth: int = 1) -> Subgraph:
        """Nodes within ``depth`` hops (either direction) and the relationships among them."""
        if node_id not in self.graph:
            raise NotFound("node", node_id, suggestions=nearest(node_id, self.graph.nodes))
        seen = {node_id}
        frontier = {node_id}
        for _ in range(max(0, depth)):
            nxt: set[str] = set()
            for n in frontier:
                nxt.update(self.graph.successors(n))
                nxt.update(self.graph.predecessors(n))
            frontier = nxt - seen
            seen |= frontier
        return self._induced(seen, None)

    def subgraph(
        self,
        kinds: Iterable[NodeKind] | None = None,
        types: Iterable[RelType] | None = None,
    ) -> Subgraph:
        """Nodes of ``kinds`` and relationships of ``types`` among them."""
        if kinds is None:
            chosen: set[str] = set(self.graph.nodes)
        else:
            chosen = set().union(*(self._by_kind.get(k, set()) for k in kinds))
        return self._induced(chosen, {t.value for t in types} if types is not None else None)

    def _induced(self, chosen: set[str], types: set[str] | None) -> Subgraph:
        # networkx's dicts read directly: a city map's subgraph is a million nodes
        data = self.graph._node
        nodes = [Node(i, data[i]["kind"], MappingProxyType(data[i]["props"])) for i in sorted(chosen)]
        rels = [
            Relationship(REL_TYPE[k], s, t, edge["props"])
            for s in chosen
            for t, keys in self.graph._succ[s].items()
            if t in chosen
            for k, edge in keys.items()
            if types is None or k in types
        ]
        rels.sort(key=lambda r: (r.type.value, r.source, r.target))
        return Subgraph(nodes, rels)

    def stats(self) -> GraphStats:
        """Counts per kind, type and party-organization level."""
        nodes = {k.value: len(ids) for k, ids in self._by_kind.items()}
        rels = Counter(k for neighbours in self.graph._succ.values() for keys in neighbours.values() for k in keys)  # not networkx's edge view: 2x faster on a city
        levels = Counter(str(self._props(i).get("level")) for i in self._by_kind.get(NodeKind.PARTY_ORG, ()))
        return GraphStats.ordered(nodes, rels, levels)

    def close(self) -> None:
        """Nothing to release."""
