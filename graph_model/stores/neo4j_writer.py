"""Write a :class:`~graph_model.records.ChangeSet` into Neo4j in batches, all or nothing.

Reach for :func:`write_change`. The change is checked exactly as the memory
backend checks it (an id cannot change kind; every relationship end must
exist), then written as batched ``UNWIND $rows ... MERGE`` queries grouped by
kind and type, so labels and types are literal (from the schema's enums) and
rows are parameters.

Atomicity has two strategies:

- **one transaction** when the change (plus, when replacing, the graph it
  replaces) has at most ``max_transaction_rows`` rows, or until Neo4j says the
  transaction is out of memory: Neo4j rolls everything back on any failure;
- **journaled** otherwise: each batch commits on its own, after the state the
  change overwrites (nodes, relationships, detached relationships) was saved;
  on any failure the journal is played back — new nodes and relationships
  deleted, old properties, kinds and detached relationships restored — before
  the error is raised.

Replacing the whole graph never deletes first (lookups in a transaction that
has deleted much are slow): what is written is stamped with a fresh token and,
once all of it is written, everything without the token is swept away.

Examples
--------
>>> from graph_model.records import Node
>>> plan = WritePlan.of(ChangeSet([Node("c1", NodeKind.COMMUNITY, {"name": "北苑", "note": None}),
...                                Node("c1", NodeKind.COMMUNITY, {"name": "北苑社区"})]))
>>> plan.nodes[NodeKind.COMMUNITY]
[{'id': 'c1', 'props': {'name': '北苑社区', 'id': 'c1'}}]
>>> stored_props({"name": "北苑", "note": None}, node_id="c1")
{'name': '北苑', 'id': 'c1', '_linli_nulls': ['note']}
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph_model import cypher as q
from graph_model.errors import DatasetError, LinliError, Problem, StoreUnavailable
from graph_model.records import ChangeSet
from graph_model.schema import NodeKind, RelType
from graph_model.stores.neo4j_connection import Neo4jConnection, TransactionTooLarge

__all__ = ["Progress", "WritePlan", "check_change", "kind_of_labels", "stored_props", "write_change"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Called as ``progress(rows_done, rows_total)`` after each batch."""

RESERVED_KEYS = ("id", q.NULLS_KEY, q.LOAD_KEY)
_KINDS = {k.value: k for k in NodeKind}


def kind_of_labels(labels: Iterable[str]) -> NodeKind | None:
    """The node kind among a node's labels.

    Examples
    --------
    >>> kind_of_labels(["LinliNode", "Grid"])
    <NodeKind.GRID: 'Grid'>
    """
    return next((_KINDS[label] for label in labels if label in _KINDS), None)


def stored_props(props: Mapping[str, Any], *, node_id: str | None = None, token: str | None = None) -> dict[str, Any]:
    """Properties as Neo4j stores them: Nones dropped (their names kept aside), the node id and load token added."""
    stored = {k: v for k, v in props.items() if v is not None}
    if node_id is not None:
        stored["id"] = node_id
    nulls = [k for k, v in props.items() if v is None]
    if nulls:
        stored[q.NULLS_KEY] = nulls
    if token is not None:
        stored[q.LOAD_KEY] = token
    return stored


def _chunks(rows: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


@dataclass(slots=True)
class WritePlan:
    """A change set deduplicated like the memory backend applies it, grouped by kind and type.

    A node keeps the kind of its first occurrence and the properties of its
    last; a relationship the properties of its last occurrence. With a
    ``token`` (replacing) every row is stamped with it.
    """

    token: str | None = None
    detach: dict[RelType, list[str]] = field(default_factory=dict)
    nodes: dict[NodeKind, list[dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[RelType, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def of(cls, change: ChangeSet, *, token: str | None = None) -> WritePlan:
        """Plan ``change`` (DatasetError for a property name this backend reserves)."""
        reserved = [
            Problem("change", None, "props", key, f"a property name other than {', '.join(RESERVED_KEYS)} (reserved by the Neo4j backend)")
            for item in (*change.nodes, *change.relationships)
            for key in item.props
            if key in RESERVED_KEYS
        ]
        if reserved:
            raise DatasetError(reserved)
        plan = cls(token)
        for source, rel_type in dict.fromkeys(change.detach):
            plan.detach.setdefault(rel_type, []).append(source)
        kinds: dict[str, NodeKind] = {}
        props: dict[str, Mapping[str, Any]] = {}
        for node in change.nodes:
            kinds.setdefault(node.id, node.kind)
            props[node.id] = node.props
        for node_id, kind in kinds.items():
            row = {"id": node_id, "props": stored_props(props[node_id], node_id=node_id, token=token)}
            plan.nodes.setdefault(kind, []).append(row)
        last = {rel.key: rel for rel in change.relationships}
        for rel in last.values():
            row = {"source": rel.source, "target": rel.target, "props": stored_props(rel.props, token=token)}
            plan.relationships.setdefault(rel.type, []).append(row)
        return plan

    @property
    def rows(self) -> int:
        """How many rows the plan writes."""
        groups = (*self.detach.values(), *self.nodes.values(), *self.relationships.values())
        return sum(len(rows) for rows in groups)

    def batches(self, size: int) -> Iterator[tuple[str, dict[str, Any], int]]:
        """(query, parameters, rows) in write order: detach, nodes, relationships."""
        merge_nodes = q.MERGE_NODES if self.token is None else q.MERGE_NODES_REPLACING
        for rel_type, ids in self.detach.items():
            for chunk in _chunks(ids, size):
                yield q.DETACH_OUTGOING[rel_type], {"ids": chunk}, len(chunk)
        for kind, rows in self.nodes.items():
            for chunk in _chunks(rows, size):
                yield merge_nodes[kind], {"rows": chunk}, len(chunk)
        for rel_type, rows in self.relationships.items():
            for chunk in _chunks(rows, size):
                yield q.MERGE_RELATIONSHIPS[rel_type], {"rows": chunk}, len(chunk)


def _lookup_ids(change: ChangeSet) -> list[str]:
    """Ids whose stored state matters: the change's nodes and the relationship ends it does not define."""
    incoming = {n.id for n in change.nodes}
    ends = (end for r in change.relationships for end in (r.source, r.target) if end not in incoming)
    return list(dict.fromkeys([*(n.id for n in change.nodes), *ends]))


def check_change(change: ChangeSet, existing: Mapping[str, NodeKind]) -> None:
    """The memory backend's check, word for word: kind clashes first, then missing ends."""
    incoming = {n.id for n in change.nodes}
    problems = [
        Problem("change", None, end, node_id, "an existing node id")
        for rel in change.relationships
        for end, node_id in (("source", rel.source), ("target", rel.target))
        if node_id not in incoming and node_id not in existing
    ]
    clashes = [
        Problem("change", None, "id", n.id, f"a {existing[n.id].value} (the id's kind cannot change)")
        for n in change.nodes
        if n.id in existing and existing[n.id] is not n.kind
    ]
    if problems or clashes:
        raise DatasetError(clashes + problems)


def write_change(
    connection: Neo4jConnection,
    change: ChangeSet,
    *,
    batch_size: int,
    max_transaction_rows: int,
    replace: bool = False,
    progress: Progress | None = None,
) -> None:
    """Write ``change`` all or nothing (see the module docstring for the two strategies)."""
    plan = WritePlan.of(change, token=uuid.uuid4().hex if replace else None)
    replaced = 0
    if replace:
        counts = connection.read(q.COUNT_ALL)[0]
        replaced = counts["nodes"] + counts["relationships"]
    if plan.rows + replaced <= max_transaction_rows:
        try:
            connection.write_once(lambda tx: _write_all(tx, change, plan, batch_size, progress))
            log.info("wrote %d rows to Neo4j in one transaction", plan.rows)
            return
        except TransactionTooLarge as err:
            log.warning("%s; writing the change journaled instead", err)
    _write_journaled(connection, change, plan, batch_size, progress)
    log.info("wrote %d rows to Neo4j journaled", plan.rows)


def _write_all(tx: neo4j.Transaction, change: ChangeSet, plan: WritePlan, batch_size: int, progress: Progress | None) -> None:
    existing: dict[str, NodeKind] = {}
    if plan.token is None:
        for chunk in _chunks(_lookup_ids(change), batch_size):
            for record in tx.run(q.KINDS_OF, ids=chunk):
                if (kind := kind_of_labels(record["labels"])) is not None:
                    existing[record["id"]] = kind
    check_change(change, existing)
    done, total = 0, plan.rows
    for query, params, rows in plan.batches(batch_size):
        tx.run(query, params).consume()
        done += rows
        if progress is not None:
            progress(done, total)
    if plan.token is not None:
        for query in q.SWEEP:
            tx.run(query, token=plan.token).consume()


@dataclass(slots=True)
class _Journal:
    """What a journaled write overwrites, to put it back."""

    nodes: dict[str, tuple[NodeKind, dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[tuple[str, RelType, str], dict[str, Any]] = field(default_factory=dict)
    detached: list[tuple[str, RelType, str, dict[str, Any]]] = field(default_factory=list)


def _save_journal(connection: Neo4jConnection, change: ChangeSet, plan: WritePlan, batch_size: int) -> _Journal:
    """Check the change against the stored graph and save what it will overwrite."""
    journal = _Journal()
    for chunk in _chunks(_lookup_ids(change), batch_size):
        for record in connection.read(q.NODE_STATES, ids=chunk):
            if (kind := kind_of_labels(record["labels"])) is not None:
                journal.nodes[record["id"]] = (kind, dict(record["props"]))
    check_change(change, {} if plan.token else {i: kind for i, (kind, _) in journal.nodes.items()})
    for rel_type, rows in plan.relationships.items():
        for chunk in _chunks(rows, batch_size):
            keys = [{"source": r["source"], "target": r["target"]} for r in chunk]
            for record in connection.read(q.RELATIONSHIP_STATES[rel_type], rows=keys):
                journal.relationships[(record["source"], rel_type, record["target"])] = dict(record["props"])
    for rel_type, ids in plan.detach.items():
        for chunk in _chunks(ids, batch_size):
            for record in connection.read(q.OUTGOING_STATES[rel_type], ids=chunk):
                journal.detached.append((record["source"], rel_type, record["target"], dict(record["props"])))
    return journal


def _write_journaled(
    connection: Neo4jConnection, change: ChangeSet, plan: WritePlan, batch_size: int, progress: Progress | None
) -> None:
    journal = _save_journal(connection, change, plan, batch_size)
    total, done = plan.rows, 0
    log.info("writing %d rows journaled (one transaction per batch of %d)", total, batch_size)
    try:
        for query, params, rows in plan.batches(batch_size):
            connection.write(lambda tx, query=query, params=params: tx.run(query, params).consume())
            done += rows
            if progress is not None:
                progress(done, total)
    except BaseException:
        log.warning("journaled write failed after %d of %d rows: undoing it", done, total)
        try:
            _undo(connection, plan, journal, batch_size)
        except LinliError as undo_err:
            raise StoreUnavailable(
                f"a write to Neo4j failed and could not be undone ({undo_err}); "
                "the database may hold part of it: load the dataset again with --replace"
            ) from None
        raise
    if plan.token is not None:
        try:
            for query in q.SWEEP_IN_BATCHES:
                connection.run(query, token=plan.token, batch=batch_size)
        except LinliError as err:
            raise StoreUnavailable(
                f"the new graph is written but part of the old one could not be removed ({err}): run the load again"
            ) from None


def _undo(connection: Neo4jConnection, plan: WritePlan, journal: _Journal, batch_size: int) -> None:
    def run(query: str, **params: Any) -> None:
        connection.write(lambda tx: tx.run(query, params).consume())

    for rel_type, rows in plan.relationships.items():
        new = [r for r in rows if (r["source"], rel_type, r["target"]) not in journal.relationships]
        for chunk in _chunks(new, batch_size):
            run(q.DELETE_RELATIONSHIPS[rel_type], rows=chunk)
    planned = [row["id"] for rows in plan.nodes.values() for row in rows]
    new_nodes = [i for i in planned if i not in journal.nodes]
    for chunk in _chunks(new_nodes, batch_size):
        run(q.DELETE_NODES, ids=chunk)
    old_nodes: dict[NodeKind, list[dict[str, Any]]] = {}
    for node_id in planned:
        if node_id in journal.nodes:
            kind, props = journal.nodes[node_id]
            old_nodes.setdefault(kind, []).append({"id": node_id, "props": props})
    for kind, rows in old_nodes.items():
        for chunk in _chunks(rows, batch_size):
            run(q.RESTORE_NODES[kind], rows=chunk)
    old_rels: dict[RelType, list[dict[str, Any]]] = {}
    for (source, rel_type, target), props in journal.relationships.items():
        old_rels.setdefault(rel_type, []).append({"source": source, "target": target, "props": props})
    for source, rel_type, target, props in journal.detached:
        old_rels.setdefault(rel_type, []).append({"source": source, "target": target, "props": props})
    for rel_type, rows in old_rels.items():
        for chunk in _chunks(rows, batch_size):
            run(q.MERGE_RELATIONSHIPS[rel_type], rows=chunk)
    log.info("undid the failed write: %d new nodes deleted, %d nodes restored", len(new_nodes), len(planned) - len(new_nodes))
