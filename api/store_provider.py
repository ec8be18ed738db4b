"""Where the API's store comes from, and how it comes back after Neo4j went away.

- The embedded backend (the default): the dataset is loaded once, its write
  journal replayed (:mod:`graph_model.stores.memory.write_ahead_log`), and the same
  thread-safe store serves every request.
- Neo4j: the store is created on first use; when Neo4j is down the request
  gets :class:`~graph_model.errors.StoreUnavailable` (503) and nothing is
  cached, so once Neo4j is back the next request connects again. A store that
  failed mid-request is discarded (never a dead driver kept around). Failing
  transactions are retried for ``retry_time`` seconds only (the driver's 15 s
  would hold a request that long before its 503), and for ``reconnect_delay``
  seconds after a refused connection requests get 503 at once rather than
  piling up on connect timeouts.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> provider = FixedStoreProvider(MemoryStore())
>>> provider.backend, provider.get().backend
('memory', 'memory')
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from graph_model.errors import StoreUnavailable
from graph_model.store import GraphStore
from graph_model.settings import LinliSettings
from graph_model.stores.memory.journaled_store import JournaledStore
from graph_model.stores.memory.store import MemoryStore
from loaders.opening import open_store

__all__ = ["StoreProvider", "FixedStoreProvider", "Neo4jStoreProvider"]

log = logging.getLogger(__name__)


class StoreProvider:
    """Hands out the current store; writes take :attr:`write_lock` so check-then-write is atomic."""

    backend: str = "memory"

    def __init__(self) -> None:
        self.write_lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """Whether :meth:`get` would return at once, without connecting."""
        return True

    def get(self) -> GraphStore:
        """The store to use now (may raise StoreUnavailable)."""
        raise NotImplementedError

    def discard(self, store: GraphStore) -> None:
        """Forget ``store`` after it failed, so the next :meth:`get` starts afresh."""

    def close(self) -> None:
        """Release the store."""


class FixedStoreProvider(StoreProvider):
    """One store for the app's life (the embedded store, or one a test hands in).

    A bare :class:`MemoryStore` is wrapped in a :class:`JournaledStore` without
    a journal, so reads and writes from different threads stay safe.
    """

    def __init__(self, store: GraphStore, *, owned: bool = False) -> None:
        super().__init__()
        if isinstance(store, MemoryStore):
            store = JournaledStore(store)
        self.store = store
        self.backend = store.backend
        self._owned = owned

    def get(self) -> GraphStore:
        return self.store

    def close(self) -> None:
        if self._owned:
            self.store.close()


class Neo4jStoreProvider(StoreProvider):
    """A Neo4j store created on demand and re-created after a failure."""

    backend = "neo4j"

    def __init__(
        self,
        settings: LinliSettings,
        *,
        reconnect_delay: float = 1.0,
        retry_time: float = 2.0,
        connect: Callable[..., GraphStore] = open_store,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.uri = settings.neo4j_uri
        self.reconnect_delay = reconnect_delay
        self.retry_time = retry_time
        self._connect = connect
        self._store: GraphStore | None = None
        self._lock = threading.Lock()
        self._retry_at = 0.0
        self._last_error = ""

    @property
    def ready(self) -> bool:
        return self._store is not None

    def get(self) -> GraphStore:
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is not None:
                return self._store
            if time.monotonic() < self._retry_at:
                raise StoreUnavailable(self._last_error)
            try:
                self._store = self._connect(self.settings, retry_time=self.retry_time)
            except StoreUnavailable as err:
                self._last_error = str(err)
                self._retry_at = time.monotonic() + self.reconnect_delay
                raise
            log.info("connected to Neo4j at %s", self.uri)
            return self._store

    def discard(self, store: GraphStore) -> None:
        with self._lock:
            if store is not self._store:
                return  # already replaced: keep the new one
            self._store = None
        log.warning("dropping the Neo4j connection to %s after a failure; the next request reconnects", self.uri)
        _close_quietly(store)

    def close(self) -> None:
        with self._lock:
            store, self._store = self._store, None
        if store is not None:
            _close_quietly(store)


def _close_quietly(store: GraphStore) -> None:
    try:
        store.close()
    except Exception:  # noqa: BLE001 - closing a broken driver may fail in any way; it is gone either way
        log.debug("closing a failed Neo4j store raised", exc_info=True)
