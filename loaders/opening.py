"""Open the store a command or the API answers from, as :class:`~graph_model.settings.LinliSettings` describe it.

:func:`open_store` is the one way both the CLI and the API open a store:

- Neo4j at ``settings.neo4j_uri`` (the database is the truth);
- else the embedded store, loaded from ``settings.data`` (default: the bundled
  Daoyi dataset) and, with a ``settings.state_dir``, with that directory's
  journaled writes replayed and every further write journaled.

Examples
--------
>>> store = open_store(LinliSettings(data=None, neo4j_uri=None, state_dir=None))
>>> store.backend, store.stats().nodes["Community"]
('memory', 23)
"""

from __future__ import annotations

from graph_model.settings import LinliSettings
from graph_model.store import GraphStore
from loaders.dataset import bundled_dataset_path, load_into

__all__ = ["open_store"]


def open_store(settings: LinliSettings, *, retry_time: float | None = None) -> GraphStore:
    """The store ``settings`` describe, opened (the caller closes it).

    ``retry_time``: how long a failing Neo4j transaction is retried (default: the driver's).

    Raises :class:`~graph_model.errors.StoreUnavailable` when Neo4j cannot be
    reached, :class:`~graph_model.errors.DatasetError` for an invalid dataset
    or journal.
    """
    if settings.neo4j_uri:
        from graph_model.stores.neo4j.store import Neo4jStore  # the driver only when Neo4j is asked for

        if retry_time is None:
            return Neo4jStore.from_settings(settings)
        return Neo4jStore.from_settings(settings, retry_time=retry_time)
    from graph_model.stores.memory.store import MemoryStore

    dataset = settings.data or bundled_dataset_path()
    if settings.state_dir is None:
        store = MemoryStore()
        load_into(store, dataset)
    else:  # from the snapshot kept in the state directory while the files are unchanged
        from graph_model.stores.memory.snapshot import load_with_snapshot

        store = load_with_snapshot(dataset, state_dir=settings.state_dir, load=load_into)
    if settings.state_dir is None:
        return store
    from graph_model.stores.memory.journaled_store import open_journaled_store

    return open_journaled_store(store, dataset=dataset, state_dir=settings.state_dir)
