"""Row 1: load a synthetic city into the embedded store, against the time only to parse its CSV files.

Run by ``bench/run.py``, one part per child process (so each peak memory is
its own), each printing one JSON line::

    .venv/bin/python bench/city_load.py DATASET --part floors     # the two parse floors
    .venv/bin/python bench/city_load.py DATASET --part load       # load_into: time, rate, peak memory
    .venv/bin/python bench/city_load.py DATASET --part stages     # where the time goes (read, validate, store)
    .venv/bin/python bench/city_load.py DATASET --part networkx   # the store write through networkx add_edge
    .venv/bin/python bench/city_load.py DATASET --part collector  # load_into with the collector left running

The floors are what any load must at least do: decode every CSV file and
split it into rows, once with nothing but ``csv.reader`` and once with
:func:`loaders.tables.read_dataset_files` (encoding detection, stripped
cells, line numbers). Both run with the garbage collector paused, as the
loader runs, so they are not inflated by collector passes.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import networkx as nx

from graph_model.records import ChangeSet
from graph_model.stores.memory.store import MemoryStore
from loaders import dataset as dataset_module
from loaders.dataset import collector_paused, default_taxonomy, load_dataset, load_into
from loaders.tables import read_dataset_files
from loaders.validation import validate_tables
from measure import current_rss_bytes, emit, peak_rss_bytes, progress, timed

__all__ = ["csv_floor", "floors", "load", "stages", "via_networkx", "collector_running", "networkx_apply"]


def csv_floor(path: Path) -> tuple[int, int]:
    """Decode every table and split it with ``csv.reader`` only: (tables, rows incl. headers)."""
    tables = rows = 0
    for section in ("nodes", "relationships"):
        for file in sorted((path / section).glob("*.csv")):
            text = file.read_bytes().decode("utf-8-sig")
            rows += len(list(csv.reader(io.StringIO(text, newline=""))))
            tables += 1
    return tables, rows


def floors(path: Path) -> dict[str, Any]:
    """The two parse floors, each timed once with the collector paused."""
    with collector_paused(), timed() as plain:
        tables, rows = csv_floor(path)
    progress(f"csv.reader floor: {rows:,} rows in {plain.wall:.2f} s")
    with collector_paused(), timed() as reader:
        raw = read_dataset_files(path)
        kept = sum(len(t.rows) for t in raw.tables)
        del raw
    progress(f"read_dataset_files floor: {kept:,} rows in {reader.wall:.2f} s")
    return {"tables": tables, "csv_rows": rows, "csv_reader": plain.as_dict(), "read_dataset_files": reader.as_dict(),
            "data_rows": kept}


def load(path: Path) -> dict[str, Any]:
    """``load_into`` a fresh MemoryStore, as ``linli`` does; then the collector's deferred young passes.

    A city's load is frozen out of the collector's sight once stored (``graph_model.garbage_collection``),
    so the deferred passes should find next to nothing.
    """
    store = MemoryStore()
    before = current_rss_bytes()
    with timed() as t:
        dataset = load_into(store, path)
        nodes, rels = dataset.counts()
        del dataset  # callers keep the store, not the validated rows
    progress(f"load_into: {nodes:,} nodes + {rels:,} relationships in {t.wall:.2f} s (CPU {t.cpu:.2f} s)")
    peak = peak_rss_bytes()
    with timed() as deferred:  # what the first allocations after the load would pay
        gc.collect(1)
    progress(f"deferred collector work after the load: {deferred.wall:.2f} s")
    return {"nodes": nodes, "relationships": rels, "load": t.as_dict(), "deferred_gc": deferred.as_dict(),
            "peak_rss": peak, "rss_before": before, "rss_after": current_rss_bytes()}


def networkx_apply(graph: nx.MultiDiGraph, change: ChangeSet) -> None:
    """The same graph through networkx's own ``add_node``/``add_edge``: how MemoryStore.apply wrote it before."""
    for node in change.nodes:
        if node.id in graph:
            graph.nodes[node.id]["props"] = dict(node.props)
        else:
            graph.add_node(node.id, kind=node.kind, props=dict(node.props))
    for rel in change.relationships:
        graph.add_edge(rel.source, rel.target, key=rel.type.value, props=dict(rel.props))


def stages(path: Path) -> dict[str, Any]:
    """read → validate → store, each timed (collector paused, as in load_into); the graph checked against networkx's."""
    with collector_paused():
        with timed() as read:
            raw = read_dataset_files(path)
        base_nodes, base_rels = default_taxonomy()
        with timed() as validate:
            dataset = validate_tables(raw.tables, origin=raw.origin, meta=raw.meta, base=base_nodes,
                                      base_relationships=base_rels)
        del raw
        progress(f"stages: read {read.wall:.2f} s, validate {validate.wall:.2f} s")
        store = MemoryStore()
        change = dataset.change_set()
        with timed() as apply:
            store.apply(change)
        progress(f"stages: MemoryStore.apply {apply.wall:.2f} s")
        reference = nx.MultiDiGraph()  # untimed here: part "networkx" times it in a process of its own
        networkx_apply(reference, change)
        same = (store.graph._node == reference._node and store.graph._succ == reference._succ
                and store.graph._pred == reference._pred)
    return {"read": read.as_dict(), "validate": validate.as_dict(), "apply": apply.as_dict(), "same_graph": same}


def via_networkx(path: Path) -> dict[str, Any]:
    """The store write of ``stages`` through networkx's add_node/add_edge, prepared the same way, timed alone."""
    with collector_paused():
        dataset = load_dataset(path)  # held column by column: the records are built here, untimed
        change = ChangeSet(list(dataset.nodes), list(dataset.relationships))
        graph = nx.MultiDiGraph()
        with timed() as t:
            networkx_apply(graph, change)
    progress(f"networkx add_node/add_edge: {t.wall:.2f} s (CPU {t.cpu:.2f} s)")
    return {"apply_networkx": t.as_dict()}


def collector_running(path: Path) -> dict[str, Any]:
    """``load_into`` with the cyclic collector left running through the load (what it did before the pause)."""
    dataset_module.collector_paused = nullcontext  # type: ignore[assignment]  # this child process only
    store = MemoryStore()
    with timed() as t:
        counts = load_into(store, path).counts()
    progress(f"load_into with the collector running: {t.wall:.2f} s (CPU {t.cpu:.2f} s)")
    return {"nodes": counts[0], "relationships": counts[1], "load": t.as_dict(), "peak_rss": peak_rss_bytes()}


PARTS = {"floors": floors, "load": load, "stages": stages, "networkx": via_networkx, "collector": collector_running}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--part", choices=sorted(PARTS), required=True)
    args = parser.parse_args(argv)
    emit({"part": args.part, **PARTS[args.part](args.dataset)})


if __name__ == "__main__":
    main()
