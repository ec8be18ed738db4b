"""One Bolt connection to one Neo4j database, with driver errors translated at the boundary.

Reach for :meth:`Neo4jConnection.open`: it checks that the server answers and
that the database exists before anything else happens. Every call below
turns the driver's failures into Linli's error tree: an unreachable server,
refused credentials or a missing database become one clear
:class:`~graph_model.errors.StoreUnavailable` line (the CLI exits 3, the API
answers 503); a write Neo4j refuses (a value it cannot store) becomes a
:class:`~graph_model.errors.DatasetError`.

Examples
--------
>>> Neo4jConnection.open("http//nowhere", user="neo4j", password="", database="neo4j")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graph_model.errors.StoreUnavailable: invalid Neo4j URI 'http//nowhere': ...
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j import exceptions as neo4j_errors

from graph_model.i18n import _
from graph_model.stores.neo4j.cypher import PING
from graph_model.errors import DatasetError, LinliError, Problem, StoreUnavailable

__all__ = ["Neo4jConnection", "TransactionTooLarge"]

log = logging.getLogger(__name__)
T = TypeVar("T")

CONNECTION_TIMEOUT_S = 10.0
RETRY_TIME_S = 15.0
_DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
_CREDENTIALS_IN_URI = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
_OUT_OF_TRANSACTION_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"


class TransactionTooLarge(StoreUnavailable):
    """One transaction would need more memory than the server allows (its ``dbms.memory.transaction.*``)."""


def _shown(uri: str) -> str:
    """``uri`` without the credentials it may carry (``bolt://user:secret@host`` → ``bolt://***@host``)."""
    return _CREDENTIALS_IN_URI.sub(r"\1***@", uri)


def _one_line(err: BaseException) -> str:
    """The driver's message on one line (it likes newlines and GQL status blocks)."""
    message = getattr(err, "message", None) or str(err) or type(err).__name__
    return " ".join(str(message).split())


class Neo4jConnection:
    """A driver bound to one database; reads go to readers, writes run in managed transactions."""

    def __init__(self, driver: neo4j.Driver, *, uri: str, user: str, database: str) -> None:
        self.driver = driver
        self.uri = _shown(uri)
        self.user = user
        self.database = database

    @classmethod
    def open(
        cls, uri: str, *, user: str, password: str, database: str, retry_time: float = RETRY_TIME_S
    ) -> Neo4jConnection:
        """Connect, check the server answers and ``database`` exists; StoreUnavailable otherwise.

        ``retry_time``: how long a failing transaction is retried (the API uses
        a short one, to answer 503 promptly while Neo4j is down).
        """
        try:
            driver = GraphDatabase.driver(
                uri,
                auth=(user, password),
                connection_timeout=CONNECTION_TIMEOUT_S,
                max_transaction_retry_time=retry_time,
                notifications_min_severity="OFF",  # "label does not exist" on an empty graph is no news
            )
        except (neo4j_errors.ConfigurationError, ValueError, ImportError) as err:
            raise StoreUnavailable(f"invalid Neo4j URI {_shown(uri)!r}: {_one_line(err)}") from None
        connection = cls(driver, uri=uri, user=user, database=database)
        try:
            with connection.translated():
                driver.verify_connectivity()
                driver.execute_query(PING, database_=database, routing_=RoutingControl.READ)
        except LinliError:
            driver.close()
            raise
        log.info("connected to Neo4j at %s (database %s)", connection.uri, database)
        return connection

    # -- the error boundary -----------------------------------------------------------------
    @contextmanager
    def translated(self, *, writing: bool = False) -> Iterator[None]:
        """Turn driver errors raised inside into Linli's errors."""
        try:
            yield
        except neo4j_errors.AuthError as err:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} refused the credentials of user {self.user!r}: {_one_line(err)}"
            ) from None
        except neo4j_errors.Forbidden as err:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} does not allow user {self.user!r} this: {_one_line(err)}"
            ) from None
        except neo4j_errors.ClientError as err:
            if err.code == _DATABASE_NOT_FOUND:
                raise StoreUnavailable(f"Neo4j at {self.uri} has no database {self.database!r}") from None
            if writing:
                raise DatasetError([Problem("Neo4j", None, None, None, _("a write Neo4j accepts; it said: {reason}").format(reason=_one_line(err)))]) from None
            raise
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as err:
            raise StoreUnavailable(f"cannot reach Neo4j at {self.uri}: {_one_line(err)}") from None
        except neo4j_errors.TransientError as err:
            if err.code == _OUT_OF_TRANSACTION_MEMORY:
                raise TransactionTooLarge(f"Neo4j at {self.uri} ran out of transaction memory: {_one_line(err)}") from None
            raise StoreUnavailable(f"Neo4j at {self.uri} failed: {_one_line(err)}") from None
        except (neo4j_errors.DatabaseError, neo4j_errors.DriverError) as err:
            raise StoreUnavailable(f"Neo4j at {self.uri} failed: {_one_line(err)}") from None
        except OSError as err:
            raise StoreUnavailable(f"cannot reach Neo4j at {self.uri}: {_one_line(err)}") from None

    # -- calls ------------------------------------------------------------------------------
    def read(self, query: str, **params: Any) -> list[neo4j.Record]:
        """Run a read query (routed to a reader) and return its records (see :meth:`read_versioned`)."""
        return self.read_versioned(query, **params)[0]

    def read_versioned(self, query: str, **params: Any) -> tuple[list[neo4j.Record], frozenset[str]]:
        """Run a read query; return its records and the state of the database it read.

        The state is the bookmark Neo4j gives back when the transaction ends:
        the last transaction committed then. Two reads with the same state saw
        the same database — nothing was committed between the end of one and
        the end of the other. Empty when the server gives no bookmark.

        An auto-commit transaction, routed to a reader: one round trip, where a
        managed one takes two (a match's context read took 0.8 ms in a managed
        one, 0.6 ms so; an auto-commit read ends with a bookmark too). A failure
        worth retrying (a transient error, a lost connection) is retried in a
        managed transaction, as long as ``retry_time`` allows.
        """
        with self.translated():
            try:
                with self._session(neo4j.READ_ACCESS) as session:
                    result = session.run(query, params)
                    records = list(result)
                    result.consume()
                    return records, frozenset(session.last_bookmarks().raw_values)
            except (neo4j_errors.Neo4jError, neo4j_errors.DriverError) as err:
                if not err.is_retryable():
                    raise
                log.info("retrying a read after: %s", _one_line(err))
            with self._session(neo4j.READ_ACCESS) as session:
                records = session.execute_read(lambda tx: list(tx.run(query, params)))
                return records, frozenset(session.last_bookmarks().raw_values)

    def write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work`` in one write transaction (retried on transient errors; rolled back on any error)."""
        with self.translated(writing=True), self._session() as session:
            return session.execute_write(work)

    def write_once(self, work: Callable[[neo4j.Transaction], T]) -> T:
        """Run ``work`` in one explicit write transaction, committed at the end; no retries."""
        with self.translated(writing=True), self._session() as session, session.begin_transaction() as tx:
            result = work(tx)
            tx.commit()
            return result

    def run(self, query: str, **params: Any) -> None:
        """Run one auto-commit query (schema statements, ``CALL ... IN TRANSACTIONS``)."""
        with self.translated(writing=True), self._session() as session:
            session.run(query, params).consume()

    def _session(self, access_mode: str = neo4j.WRITE_ACCESS) -> neo4j.Session:
        # The execute_query bookmark manager keeps reads after our writes causally consistent.
        return self.driver.session(
            database=self.database,
            default_access_mode=access_mode,
            bookmark_manager=self.driver.execute_query_bookmark_manager,
        )

    def close(self) -> None:
        """Close the driver and its connections."""
        self.driver.close()
