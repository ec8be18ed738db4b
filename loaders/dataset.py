"""Load a dataset (CSV folder or ``.xlsx``) into a validated :class:`Dataset` or a store.

Reach for :func:`load_dataset` to validate, :func:`load_into` to validate and
store (all or nothing), and :func:`default_taxonomy` for the service
categories that are always present.

Examples
--------
>>> from graph_model.stores.memory.store import MemoryStore
>>> store = MemoryStore()
>>> dataset = load_into(store, bundled_dataset_path())
>>> store.stats().nodes["Community"]
23
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from graph_model.garbage_collection import collector_paused, freeze_while_alive
from graph_model.records import Node, Relationship
from graph_model.store import GraphStore
from loaders.tables import read_csv_text, read_dataset_files, decode_text
from loaders.validation import Dataset, KindLookup, validate_tables

__all__ = ["load_dataset", "load_into", "default_taxonomy", "bundled_dataset_path", "data_path", "collector_paused"]

log = logging.getLogger(__name__)

# Nodes + relationships from which a load into the embedded store is frozen out of the
# collector's sight (graph_model.garbage_collection): a city, not the bundled dataset the tests load.
FREEZE_AT = 100_000


def data_path(*parts: str) -> Path:
    """A path inside the shipped ``data/`` folder (the ``linli_data`` package)."""
    return Path(str(files("linli_data").joinpath(*parts)))


def bundled_dataset_path() -> Path:
    """The bundled Daoyi Subdistrict dataset."""
    return data_path("daoyi")


@lru_cache(maxsize=1)
def default_taxonomy() -> tuple[tuple[Node, ...], tuple[Relationship, ...]]:
    """The default service categories and their HAS_SUBCATEGORY links.

    Examples
    --------
    >>> nodes, rels = default_taxonomy()
    >>> {n.id: n.name for n in nodes}["elderly_meals"]
    '老年助餐'
    """
    path = data_path("taxonomy", "Category.csv")
    text = decode_text(path.read_bytes(), str(path))
    table = read_csv_text(text, name="Category", section="nodes", source=f"default taxonomy {path.name}")
    taxonomy = validate_tables([table], origin="default taxonomy")
    return tuple(taxonomy.nodes), tuple(taxonomy.relationships)


def load_dataset(path: Path | str, *, existing: KindLookup | None = None) -> Dataset:
    """Read and validate a dataset folder or workbook, with the default taxonomy merged in.

    Raises :class:`~graph_model.errors.DatasetError` listing every problem.
    """
    with collector_paused():
        raw = read_dataset_files(path)
        base_nodes, base_rels = default_taxonomy()
        dataset = validate_tables(
            raw.tables, origin=raw.origin, meta=raw.meta, base=base_nodes, base_relationships=base_rels, existing=existing
        )
    given = {cells[t.header.index("id")] for t in raw.tables if t.name == "Category" and "id" in t.header
             for _line, cells in t.rows if len(cells) > t.header.index("id")}
    dataset.skipped = tuple(raw.skipped)
    dataset.taxonomy = sum(1 for n in base_nodes if n.id not in given)
    log.info("validated %s: %d nodes (%d default categories), %d relationships", raw.origin, dataset.counts()[0], dataset.taxonomy, dataset.counts()[1])
    return dataset


def load_into(store: GraphStore, path: Path | str, *, replace: bool = False) -> Dataset:
    """Validate a dataset fully, then write it to ``store`` in one change set.

    With ``replace`` the store is cleared first (only once validation passed).
    """
    with collector_paused():
        dataset = load_dataset(path)
        if replace:
            store.clear()
        store.apply(dataset.change_set())
        if store.backend == "memory" and sum(dataset.counts()) >= FREEZE_AT:
            freeze_while_alive(store)  # the millions of new objects live as long as the store does
    log.info("loaded %s into the %s store", dataset.origin, store.backend)
    return dataset
