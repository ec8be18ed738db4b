"""What changed between two networks: nodes and relationships added, removed and changed property by property, gaps opened and closed.

Reach for :func:`network_diff` — "what changed this quarter" for the
planner's report. It compares any two stores (two datasets, a dataset and a
state directory, last quarter's export and today's network): nodes by id,
relationships by (source, type, target), and the coverage gaps of each
(:func:`~graph_model.queries.coverage_gaps.coverage_gaps`, judged as of the
same moment) by (kind, subject).

Examples
--------
>>> from graph_model.records import ChangeSet, Node, Relationship
>>> from graph_model.schema import NodeKind, RelType
>>> from graph_model.stores.memory.store import MemoryStore
>>> old, new = MemoryStore(), MemoryStore()
>>> old.apply(ChangeSet([Node("c1", NodeKind.COMMUNITY, {"name": "北苑", "households": 10})]))
>>> new.apply(ChangeSet([Node("c1", NodeKind.COMMUNITY, {"name": "北苑", "households": 12}),
...                      Node("p1", NodeKind.PARTNER, {"name": "书店", "sector": "other"})],
...                     [Relationship(RelType.CO_BUILDS, "p1", "c1")]))
>>> d = network_diff(old, new, as_of="2024-09-30")
>>> [n.id for n in d.nodes_added], [(c.id, c.changes) for c in d.nodes_changed], [r.key for r in d.relationships_added]
(['p1'], [('c1', {'households': (10, 12)})], [('p1', 'CO_BUILDS', 'c1')])
>>> sorted(g.kind for g in d.gaps_closed)
['community_without_partner']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph_model.i18n import _
from graph_model.queries.coverage_gaps import Gap, coverage_gaps
from graph_model.records import Node, Relationship
from graph_model.store import GraphStore

__all__ = ["NodeChange", "RelationshipChange", "NetworkDiff", "network_diff"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class NodeChange:
    """A node in both networks whose kind or properties differ: each changed property as (old, new); None where absent."""

    id: str
    kind: str
    name: str
    changes: dict[str, tuple[Any, Any]]


@dataclass(frozen=True, slots=True)
class RelationshipChange:
    """A relationship in both networks whose properties differ."""

    key: tuple[str, str, str]
    changes: dict[str, tuple[Any, Any]]


@dataclass(slots=True)
class NetworkDiff:
    """Everything that changed from the old network to the new, each list in a fixed order (kind, then id)."""

    nodes_added: list[Node] = field(default_factory=list)
    nodes_removed: list[Node] = field(default_factory=list)
    nodes_changed: list[NodeChange] = field(default_factory=list)
    relationships_added: list[Relationship] = field(default_factory=list)
    relationships_removed: list[Relationship] = field(default_factory=list)
    relationships_changed: list[RelationshipChange] = field(default_factory=list)
    gaps_opened: list[Gap] = field(default_factory=list)
    gaps_closed: list[Gap] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not any(getattr(self, name) for name in self.__slots__)

    def summary(self) -> dict[str, int]:
        """How many of each."""
        return {name: len(getattr(self, name)) for name in self.__slots__}

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``linli diff --json``."""

        def node(n: Node) -> dict[str, object]:
            return {"id": n.id, "kind": n.kind.value, "name": n.name, "props": dict(n.props)}

        def rel(r: Relationship) -> dict[str, object]:
            return {"source": r.source, "type": r.type.value, "target": r.target, "props": dict(r.props)}

        def changes(c: Mapping[str, tuple[Any, Any]]) -> dict[str, dict[str, Any]]:
            return {k: {"old": old, "new": new} for k, (old, new) in c.items()}

        def gap(g: Gap) -> dict[str, object]:
            return {"kind": g.kind, "subject": g.subject, "subject_name": g.subject_name, "community": g.community, "detail": g.detail}

        return {
            "summary": self.summary(),
            "nodes_added": [node(n) for n in self.nodes_added],
            "nodes_removed": [node(n) for n in self.nodes_removed],
            "nodes_changed": [{"id": c.id, "kind": c.kind, "name": c.name, "changes": changes(c.changes)} for c in self.nodes_changed],
            "relationships_added": [rel(r) for r in self.relationships_added],
            "relationships_removed": [rel(r) for r in self.relationships_removed],
            "relationships_changed": [{"source": c.key[0], "type": c.key[1], "target": c.key[2], "changes": changes(c.changes)}
                                      for c in self.relationships_changed],
            "gaps_opened": [gap(g) for g in self.gaps_opened],
            "gaps_closed": [gap(g) for g in self.gaps_closed],
        }


def _prop_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    keys = list(old) + [k for k in new if k not in old]
    return {k: (old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k) or (k in old) != (k in new)}


def network_diff(old: GraphStore, new: GraphStore, *, as_of: str | None = None, progress: Progress | None = None) -> NetworkDiff:
    """What changed from ``old`` to ``new``: nodes, relationships (property by property) and gaps.

    ``as_of``: the moment both networks' overdue needs are judged by (default now, the same for both).
    """
    from graph_model.need_lifecycle import now_text

    as_of = as_of or now_text()
    steps = 4
    tick = progress or (lambda stage, done, total: None)
    stage = _("comparing the networks")
    tick(stage, 0, steps)
    before, after = old.subgraph(), new.subgraph()
    tick(stage, 1, steps)
    diff = NetworkDiff()
    old_nodes = {n.id: n for n in before.nodes}
    new_nodes = {n.id: n for n in after.nodes}
    order = lambda n: (n.kind.value, n.id)  # noqa: E731 - a sort key
    diff.nodes_added = sorted((n for i, n in new_nodes.items() if i not in old_nodes), key=order)
    diff.nodes_removed = sorted((n for i, n in old_nodes.items() if i not in new_nodes), key=order)
    for node_id, was in old_nodes.items():
        now = new_nodes.get(node_id)
        if now is None:
            continue
        changes = _prop_changes(was.props, now.props)
        if was.kind is not now.kind:
            changes = {"kind": (was.kind.value, now.kind.value), **changes}
        if changes:
            diff.nodes_changed.append(NodeChange(node_id, now.kind.value, now.name, changes))
    diff.nodes_changed.sort(key=lambda c: (c.kind, c.id))
    old_rels = {r.key: r for r in before.relationships}
    new_rels = {r.key: r for r in after.relationships}
    diff.relationships_added = sorted((r for k, r in new_rels.items() if k not in old_rels), key=lambda r: (r.type.value, r.source, r.target))
    diff.relationships_removed = sorted((r for k, r in old_rels.items() if k not in new_rels), key=lambda r: (r.type.value, r.source, r.target))
    diff.relationships_changed = sorted(
        (RelationshipChange(k, c) for k, r in old_rels.items() if k in new_rels and (c := _prop_changes(r.props, new_rels[k].props))),
        key=lambda c: (c.key[1], c.key[0], c.key[2]),
    )
    tick(stage, 2, steps)
    old_gaps = {(g.kind, g.subject): g for g in coverage_gaps(old, as_of=as_of).gaps}
    tick(stage, 3, steps)
    new_gaps = {(g.kind, g.subject): g for g in coverage_gaps(new, as_of=as_of).gaps}
    diff.gaps_opened = [g for k, g in new_gaps.items() if k not in old_gaps]
    diff.gaps_closed = [g for k, g in old_gaps.items() if k not in new_gaps]
    tick(stage, 4, steps)
    return diff
