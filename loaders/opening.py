"""Open the store a command or the API answers from, as :class:`~graph_model.settings.LinliSettings` describe it.

A command passes the same settings read without pydantic-settings
(:class:`~graph_model.command_settings.CommandSettings`).

:func:`open_store` is the one way both the CLI and the API open a store:

- Neo4j at ``settings.neo4j_uri`` (the database is the truth);
- else the embedded store, loaded from ``settings.data`` (default: the
  dataset the state directory was first opened with, else the bundled Daoyi
  dataset) and, with a ``settings.state_dir``
  (:class:`~graph_model.state_dir.StateDir`), with that directory's journaled
  writes replayed and every further write journaled. Every command given the
  same state directory answers from the same network the server does.

Examples
--------
>>> store = open_store(CommandSettings())
>>> store.backend, store.stats().nodes["Community"]
('memory', 23)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graph_model.command_settings import CommandSettings
from graph_model.garbage_collection import collector_paused
from graph_model.state_dir import StateDir, journal_path, require_usable
from graph_model.store import GraphStore
from loaders.dataset import bundled_dataset_path, load_into

if TYPE_CHECKING:
    from graph_model.settings import LinliSettings

__all__ = ["open_store", "dataset_of"]


def dataset_of(settings: LinliSettings | CommandSettings) -> Path:
    """The dataset the embedded store loads: ``--data``, else the state directory's, else the bundled one."""
    if settings.data is not None:
        return settings.data
    if settings.state_dir is not None:
        bound = StateDir(settings.state_dir).dataset()
        if bound is not None:
            return bound
    return bundled_dataset_path()


def open_store(settings: LinliSettings | CommandSettings, *, retry_time: float | None = None, writable: bool = True) -> GraphStore:
    """The store ``settings`` describe, opened (the caller closes it).

    ``retry_time``: how long a failing Neo4j transaction is retried (default: the driver's).
    ``writable=False``: a reader beside the server (the CLI) reads the state
    directory's journal without locking it.

    Raises :class:`~graph_model.errors.StoreUnavailable` when Neo4j cannot be
    reached, :class:`~graph_model.errors.DatasetError` for an invalid dataset
    or journal.
    """
    if settings.neo4j_uri:
        from graph_model.stores.neo4j.store import Neo4jStore  # the driver only when Neo4j is asked for

        if isinstance(settings, CommandSettings):
            settings = settings.full()

        if retry_time is None:
            return Neo4jStore.from_settings(settings)
        return Neo4jStore.from_settings(settings, retry_time=retry_time)
    with collector_paused():  # networkx: hundreds of modules, long-lived objects, no cyclic garbage
        from graph_model.stores.memory.store import MemoryStore

    if settings.state_dir is not None:
        require_usable(settings.state_dir, writable=writable)  # one clear line, before the snapshot or the journal try it
    dataset = dataset_of(settings)
    if settings.state_dir is None:
        store = MemoryStore()
        load_into(store, dataset)
    else:  # from the snapshot kept in the state directory while the files are unchanged
        from graph_model.stores.memory.journaled_store import check_state_dir
        from graph_model.stores.memory.snapshot import load_with_snapshot

        check_state_dir(Path(settings.state_dir), dataset)  # before anything is written there

        store = load_with_snapshot(dataset, state_dir=settings.state_dir, load=load_into,
                                   journal=journal_path(dataset, settings.state_dir))
    if settings.state_dir is None:
        return store
    from graph_model.stores.memory.journaled_store import open_journaled_store
    from graph_model.stores.memory.snapshot import held_entries

    journaled = open_journaled_store(store, dataset=dataset, state_dir=settings.state_dir, writable=writable,
                                     held=held_entries(store))
    try:
        StateDir(settings.state_dir).bind(dataset, replace=writable)  # the server's dataset is the network's
    except BaseException:
        journaled.close()
        raise
    return journaled
