"""Write a :class:`~graph_model.records.ChangeSet` into Neo4j in batches, all or nothing.

Reach for :func:`write_change`. The change is planned
(:class:`~graph_model.stores.neo4j.plan.WritePlan`), checked exactly as the
memory backend checks it (an id cannot change kind; every relationship end
must exist), then written. Atomicity has two strategies:

- **one transaction** when the change (plus, when replacing, the graph it
  replaces) has at most ``max_transaction_rows`` rows, or until Neo4j says the
  transaction is out of memory: Neo4j rolls everything back on any failure;
- **undo-logged** otherwise (:mod:`graph_model.stores.neo4j.undo_log`): each batch
  commits on its own, after the state the change overwrites was saved; on any
  failure the undo log is played back before the error is raised. A marker
  node is written first and removed last, so a load that neither finishes nor
  undoes itself (the writer or Neo4j killed) leaves a database every store
  refuses to answer from (:class:`~graph_model.errors.IncompleteLoad`).

How many nodes and relationships are stored comes first, from Neo4j's count
store, in the transaction that writes the change when it is small enough.
Writing into an empty database needs no lookups (every row is new)
and, replacing, no token and no sweep. Replacing a non-empty graph never
deletes first (lookups in a transaction that has deleted much are slow): what
is written is stamped with a fresh token and, once all of it is written,
everything without the token is swept away.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import neo4j

from graph_model.stores.neo4j import cypher as q
from graph_model.garbage_collection import collector_paused
from graph_model.change_check import check_change
from graph_model.records import ChangeSet
from graph_model.schema import NodeKind
from graph_model.stores.neo4j.connection import Neo4jConnection, TransactionTooLarge
from graph_model.stores.neo4j.undo_log import write_with_undo_log
from graph_model.stores.neo4j.plan import (
    RESERVED_KEYS,
    Progress,
    WritePlan,
    chunks,
    kind_of_labels,
    lookup_ids,
)

__all__ = ["Progress", "RESERVED_KEYS", "kind_of_labels", "write_change"]

log = logging.getLogger(__name__)


def write_change(
    connection: Neo4jConnection,
    change: ChangeSet,
    *,
    batch_size: int,
    max_transaction_rows: int,
    replace: bool = False,
    progress: Progress | None = None,
    command: str | None = None,
) -> None:
    """Write ``change`` all or nothing (see the module docstring for the two strategies).

    The cyclic garbage collector is paused meanwhile: a city's plan is millions
    of row dicts that all live on, and the collector's passes over them took
    three times as long as the planning itself.
    """
    with collector_paused():
        _write_change(connection, change, batch_size=batch_size, max_transaction_rows=max_transaction_rows,
                      replace=replace, progress=progress, command=command)


def _write_change(
    connection: Neo4jConnection,
    change: ChangeSet,
    *,
    batch_size: int,
    max_transaction_rows: int,
    replace: bool,
    progress: Progress | None,
    command: str | None = None,
) -> None:
    planned: dict[str, Any] = {}

    def in_one_transaction(tx: neo4j.Transaction) -> bool:
        counts = tx.run(q.COUNT_ALL).single(strict=True)
        stored = counts["nodes"] + counts["relationships"]
        plan = planned["plan"] = WritePlan.of(change, token=uuid.uuid4().hex if replace and stored else None)
        planned["empty"] = not stored
        if plan.rows + (stored if replace else 0) > max_transaction_rows:
            return False
        _write_all(tx, change, plan, batch_size, progress, empty=not stored)
        return True

    try:
        if connection.write_once(in_one_transaction):
            log.info("wrote %d rows to Neo4j in one transaction", planned["plan"].rows)
            return
    except TransactionTooLarge as err:
        log.info("%s; writing the change batch by batch with an undo log instead", err)  # expected on a city: nothing for a user to do
    write_with_undo_log(connection, change, planned["plan"], batch_size=batch_size, progress=progress, empty=planned["empty"],
                        command=command)
    log.info("wrote %d rows to Neo4j batch by batch (undo-logged)", planned["plan"].rows)


def _write_all(
    tx: neo4j.Transaction, change: ChangeSet, plan: WritePlan, batch_size: int, progress: Progress | None, *, empty: bool
) -> None:
    """One transaction: look up the stored kinds (unless the database was empty or is replaced), check, write, sweep."""
    existing: dict[str, NodeKind] | None = {} if empty else None
    if not empty and plan.token is None:
        existing = {}
        for chunk in chunks(lookup_ids(change), batch_size):
            for node_id, labels in tx.run(q.KINDS_OF, ids=chunk).single(strict=True)["rows"]:
                if (kind := kind_of_labels(labels)) is not None:
                    existing[node_id] = kind
    check_change(change, existing or {})
    done, total = 0, plan.rows
    for queries, rows, _ in plan.batches(batch_size, existing=existing):
        for query, params in queries:
            tx.run(query, params).consume()
        done += rows
        if progress is not None:
            progress(done, total)
    if plan.token is not None:
        for query in q.SWEEP:
            tx.run(query, token=plan.token).consume()
