"""Undo-logged writes: a change too big for one transaction, committed batch by batch, undone on failure.

Reach for :func:`write_with_undo_log` (through
:func:`~graph_model.stores.neo4j.writer.write_change`). Before the first batch
it saves, in a :class:`UndoLog`, what the change will overwrite — and no more:

- the stored kind and properties of the change's nodes (the ids not found are new);
- the kinds of the relationship ends the change does not define;
- the properties of the change's relationships whose two ends were both stored
  (a relationship with a new end cannot exist yet);
- the relationships the change detaches.

Writing into an empty database saves nothing: every row is new. On any
failure the undo_log is played back — relationships added between old nodes
deleted, new nodes deleted with their relationships, old properties, kinds
and relationships restored — before the error is raised.

Examples
--------
>>> undo_log = UndoLog(existing={"c1": NodeKind.COMMUNITY})
>>> undo_log.stored("c1"), undo_log.stored("g1")
(True, False)
"""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph_model.stores.neo4j import cypher as q
from graph_model.errors import LinliError, StoreUnavailable
from graph_model.change_check import check_change
from graph_model.records import ChangeSet
from graph_model.schema import NodeKind, RelType
from graph_model.stores.neo4j.connection import Neo4jConnection
from graph_model.stores.neo4j.plan import Progress, WritePlan, chunks, kind_of_labels, lookup_ids

__all__ = ["UndoLog", "save_undo_log", "write_with_undo_log"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class UndoLog:
    """What a undo-logged write overwrites, to put it back."""

    existing: dict[str, NodeKind] = field(default_factory=dict)
    """The kind of every id of the change (node or relationship end) stored before the write."""
    nodes: dict[str, tuple[NodeKind, dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[tuple[str, RelType, str], dict[str, Any]] = field(default_factory=dict)
    detached: list[tuple[str, RelType, str, dict[str, Any]]] = field(default_factory=list)

    def stored(self, node_id: str) -> bool:
        """Whether ``node_id`` was stored before the write."""
        return node_id in self.existing


def save_undo_log(connection: Neo4jConnection, change: ChangeSet, plan: WritePlan, *, batch_size: int, empty: bool) -> UndoLog:
    """Check the change against the stored graph and save what it will overwrite."""
    undo_log = UndoLog()
    if empty:
        check_change(change, {})
        return undo_log
    for chunk in chunks(list(plan.kinds), batch_size):
        for node_id, labels, props in connection.read(q.NODE_STATES, ids=chunk)[0]["rows"]:
            if (kind := kind_of_labels(labels)) is not None:
                undo_log.nodes[node_id] = (kind, props)
                undo_log.existing[node_id] = kind
    if plan.token is None:  # replacing, every end is a node of the change
        for chunk in chunks([i for i in lookup_ids(change) if i not in plan.kinds], batch_size):
            for node_id, labels in connection.read(q.KINDS_OF, ids=chunk)[0]["rows"]:
                if (kind := kind_of_labels(labels)) is not None:
                    undo_log.existing[node_id] = kind
    check_change(change, {} if plan.token else undo_log.existing)
    for rel_type, rows in plan.relationships.items():
        old = [
            {"source": r["source"], "target": r["target"]}
            for r in rows
            if undo_log.stored(r["source"]) and undo_log.stored(r["target"])
        ]
        for chunk in chunks(old, batch_size):
            for source, target, props in connection.read(q.RELATIONSHIP_STATES[rel_type], rows=chunk)[0]["rows"]:
                undo_log.relationships[(source, rel_type, target)] = props
    for rel_type, ids in plan.detach.items():
        for chunk in chunks(ids, batch_size):
            for source, target, props in connection.read(q.OUTGOING_STATES[rel_type], ids=chunk)[0]["rows"]:
                undo_log.detached.append((source, rel_type, target, props))
    return undo_log


def _run_all(tx: neo4j.ManagedTransaction | neo4j.Transaction, queries: list[tuple[str, dict[str, Any]]]) -> None:
    for query, params in queries:
        tx.run(query, params).consume()


def write_with_undo_log(
    connection: Neo4jConnection, change: ChangeSet, plan: WritePlan, *, batch_size: int, progress: Progress | None, empty: bool,
    command: str | None = None,
) -> None:
    """Save the undo_log, mark the database, write each batch in its own transaction, undo everything on any failure,
    then sweep and unmark.

    The marker (``cypher.MARK_LOAD_STARTED``) is what survives when neither the
    undo nor the end is reached — the writer killed, or Neo4j killed under it:
    a store opening on a marked database refuses to answer
    (:class:`~graph_model.errors.IncompleteLoad`) and names ``command``, which
    finishes the load.
    """
    undo_log = save_undo_log(connection, change, plan, batch_size=batch_size, empty=empty)
    connection.write(lambda tx: tx.run(q.MARK_LOAD_STARTED, started=datetime.now(UTC).isoformat(timespec="seconds"),
                                       rows=plan.rows, replace=plan.token is not None, command=command,
                                       token=plan.token).consume())
    total, done = plan.rows, 0
    log.info("writing %d rows undo-logged (one transaction per batch of %d)", total, batch_size)
    try:
        for queries, rows, creates in plan.batches(batch_size, existing=undo_log.existing):
            if creates:  # not retried: a retry after a commit whose answer was lost would create twice
                connection.write_once(functools.partial(_run_all, queries=queries))
            else:
                connection.write(functools.partial(_run_all, queries=queries))
            done += rows
            if progress is not None:
                progress(done, total)
    except BaseException:
        log.warning("undo-logged write failed after %d of %d rows: undoing it", done, total)
        try:
            _undo(connection, plan, undo_log, batch_size)
        except LinliError as undo_err:
            raise StoreUnavailable(
                f"a write to Neo4j failed and could not be undone ({undo_err}); "
                "the database may hold part of it: load the dataset again with --replace"
            ) from None
        _unmark(connection)  # undone: the old graph is whole again
        raise
    if plan.token is not None:
        try:
            for query in q.SWEEP_IN_BATCHES:
                connection.run(query, token=plan.token, batch=batch_size)
        except LinliError as err:
            raise StoreUnavailable(
                f"the new graph is written but part of the old one could not be removed ({err}): run the load again"
            ) from None
    _unmark(connection)


def _unmark(connection: Neo4jConnection) -> None:
    try:
        connection.write(lambda tx: tx.run(q.MARK_LOAD_FINISHED).consume())
    except LinliError as err:  # the marker stays: the next store to open says the load is incomplete, which is safe
        raise StoreUnavailable(f"the load is written but its marker could not be removed ({err}): run the load again") from None


def _undo(connection: Neo4jConnection, plan: WritePlan, undo_log: UndoLog, batch_size: int) -> None:
    def run(query: str, **params: Any) -> None:
        connection.write(lambda tx: tx.run(query, params).consume())

    for rel_type, rows in plan.relationships.items():  # those with a new end go with it
        added = [
            r for r in rows
            if undo_log.stored(r["source"]) and undo_log.stored(r["target"])
            and (r["source"], rel_type, r["target"]) not in undo_log.relationships
        ]
        for chunk in chunks(added, batch_size):
            run(q.DELETE_RELATIONSHIPS[rel_type], rows=chunk)
    new_nodes = [i for i in plan.kinds if i not in undo_log.nodes]
    for chunk in chunks(new_nodes, batch_size):
        run(q.DELETE_NODES, ids=chunk)
    old_nodes: dict[NodeKind, list[dict[str, Any]]] = {}
    for node_id in plan.kinds:
        if node_id in undo_log.nodes:
            kind, props = undo_log.nodes[node_id]
            old_nodes.setdefault(kind, []).append({"id": node_id, "props": props})
    for kind, rows in old_nodes.items():
        for chunk in chunks(rows, batch_size):
            run(q.RESTORE_NODES[kind], rows=chunk)
    old_rels: dict[RelType, list[dict[str, Any]]] = {}
    for (source, rel_type, target), props in undo_log.relationships.items():
        old_rels.setdefault(rel_type, []).append({"source": source, "target": target, "props": props})
    for source, rel_type, target, props in undo_log.detached:
        old_rels.setdefault(rel_type, []).append({"source": source, "target": target, "props": props})
    for rel_type, rows in old_rels.items():
        for chunk in chunks(rows, batch_size):
            run(q.write_relationships(rel_type, None, None, create=False), rows=chunk)
    log.info("undid the failed write: %d new nodes deleted, %d nodes restored", len(new_nodes), len(plan.kinds) - len(new_nodes))
