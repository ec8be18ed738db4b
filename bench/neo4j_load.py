"""Benchmark the Neo4j backend: batched loading, and the queries' latency. Prints markdown tables.

Run against a running server (``scripts/neo4j start --fresh``); **it clears the database**::

    .venv/bin/python bench/neo4j_load.py                       # the bundled Daoyi dataset
    .venv/bin/python bench/neo4j_load.py --subdistricts 20     # ... and a synthetic city of 20 subdistricts

Measured, per dataset:

- the whole dataset loaded with ``Neo4jStore.apply`` (batched ``UNWIND $rows ... MERGE``)
  at each ``--batch-sizes``, in rows per second;
- on a sample of ``--sample`` rows of the same data, in the same run: the batched load
  against one ``MERGE`` query per row (in one transaction, and each in its own
  auto-commit transaction — the naive way), and the ratio;
- ``match`` for every open need (p50 and p99, after one warm-up pass) and a whole
  ``coverage_gaps`` (median of 3, after a warm-up), on Neo4j and, for reference, in memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph_model.queries import coverage_gaps, match  # noqa: E402
from graph_model.records import ChangeSet, Node  # noqa: E402
from graph_model.schema import NodeKind  # noqa: E402
from graph_model.store import GraphStore  # noqa: E402
from graph_model.stores.memory_store import MemoryStore  # noqa: E402
from graph_model.stores.neo4j_store import Neo4jStore  # noqa: E402
from graph_model.stores.neo4j_writer import WritePlan  # noqa: E402
from loaders import Dataset, bundled_dataset_path, load_dataset  # noqa: E402


@dataclass
class LoadRow:
    dataset: str
    rows: int
    batch_size: int
    seconds: float


@dataclass
class SampleRow:
    dataset: str
    rows: int
    batched: float
    per_row_one_tx: float
    per_row_autocommit: float


@dataclass
class QueryRow:
    dataset: str
    backend: str
    needs: int
    p50_ms: float
    p99_ms: float
    gaps_s: float


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def sample_of(dataset: Dataset, rows: int) -> ChangeSet:
    """About ``rows`` rows of the dataset: relationships in dataset order, with the nodes they join."""
    by_id = {n.id: n for n in dataset.nodes}
    nodes: dict[str, Node] = {}
    rels = []
    for rel in dataset.relationships:
        new = [i for i in dict.fromkeys((rel.source, rel.target)) if i not in nodes]
        if len(nodes) + len(rels) + len(new) + 1 > rows:
            break
        nodes.update((i, by_id[i]) for i in new)
        rels.append(rel)
    return ChangeSet(list(nodes.values()), rels)


def per_row(store: Neo4jStore, change: ChangeSet, *, one_transaction: bool) -> float:
    """Seconds to write ``change`` with one MERGE query per row (the same Cypher, one row each)."""
    queries = [(query, params) for query, params, _ in WritePlan.of(change).batches(1)]
    connection = store.connection
    if one_transaction:
        def work(tx: object) -> None:
            for query, params in queries:
                tx.run(query, params).consume()  # type: ignore[attr-defined]

        return _timed(lambda: connection.write_once(work))
    driver, database = connection.driver, connection.database
    return _timed(lambda: [driver.execute_query(query, params, database_=database) for query, params in queries])


def bench_load(name: str, dataset: Dataset, store: Neo4jStore, batch_sizes: list[int], sample_rows: int) -> tuple[list[LoadRow], SampleRow]:
    change = dataset.change_set()
    rows = WritePlan.of(change).rows
    sample = sample_of(dataset, sample_rows)
    n_sample = WritePlan.of(sample).rows
    store.clear()
    store.apply(sample)  # warm-up: creates the schema, compiles the write queries
    loads = []
    for size in batch_sizes:
        store.batch_size = size
        store.clear()
        loads.append(LoadRow(name, rows, size, _timed(lambda: store.apply(change))))
        print(f"  {name}: {rows:,} rows in batches of {size:,}: {loads[-1].seconds:.2f}s", file=sys.stderr)
    store.batch_size = 10_000
    store.clear()
    batched = _timed(lambda: store.apply(sample))
    store.clear()
    one_tx = per_row(store, sample, one_transaction=True)
    store.clear()
    autocommit = per_row(store, sample, one_transaction=False)
    print(f"  {name}: sample of {n_sample:,} rows: batched {batched:.2f}s, per row {one_tx:.2f}s / {autocommit:.2f}s", file=sys.stderr)
    store.clear()
    store.apply(change)  # the whole dataset again, for the queries
    return loads, SampleRow(name, n_sample, n_sample / batched, n_sample / one_tx, n_sample / autocommit)


def bench_queries(name: str, backend: str, store: GraphStore) -> QueryRow:
    needs = [n.id for n in store.find(NodeKind.NEED, status="open")]
    for need in needs:  # warm-up
        match(store, need=need)
    latencies = []
    for need in needs:
        latencies.append(_timed(lambda: match(store, need=need)) * 1000)
    coverage_gaps(store)
    gaps = statistics.median(_timed(lambda: coverage_gaps(store)) for _ in range(3))
    return QueryRow(name, backend, len(needs), _percentile(latencies, 0.5), _percentile(latencies, 0.99), gaps)


def markdown(loads: list[LoadRow], samples: list[SampleRow], queries: list[QueryRow]) -> str:
    out = ["### Loading into Neo4j (batched `UNWIND $rows … MERGE`, whole dataset)", "",
           "| dataset | rows | batch size | seconds | rows/s |", "|---|---:|---:|---:|---:|"]
    out += [f"| {r.dataset} | {r.rows:,} | {r.batch_size:,} | {r.seconds:.2f} | {r.rows / r.seconds:,.0f} |" for r in loads]
    out += ["", "### Batched against one query per row (same sample, same run)", "",
            "| dataset | sample rows | batched rows/s | one query per row, one transaction | one query per row, auto-commit | batched ÷ per-row (auto-commit) |",
            "|---|---:|---:|---:|---:|---:|"]
    out += [f"| {s.dataset} | {s.rows:,} | {s.batched:,.0f} | {s.per_row_one_tx:,.0f} | {s.per_row_autocommit:,.0f} | {s.batched / s.per_row_autocommit:,.1f}× |" for s in samples]
    out += ["", "### Queries", "",
            "| dataset | backend | open needs | match p50 (ms) | match p99 (ms) | whole coverage_gaps (s) |",
            "|---|---|---:|---:|---:|---:|"]
    out += [f"| {q.dataset} | {q.backend} | {q.needs} | {q.p50_ms:.1f} | {q.p99_ms:.1f} | {q.gaps_s:.3f} |" for q in queries]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neo4j", default=os.environ.get("LINLI_NEO4J_URI", "bolt://127.0.0.1:7687"), help="Bolt URI (its database is cleared)")
    parser.add_argument("--subdistricts", type=int, default=0, help="also bench a synthetic city of N subdistricts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-sizes", default="5000,10000,20000", help="comma-separated rows per write query")
    parser.add_argument("--sample", type=int, default=10_000, help="rows of the batched vs per-row comparison")
    parser.add_argument("--no-daoyi", action="store_true", help="skip the bundled dataset")
    args = parser.parse_args()
    batch_sizes = [int(x) for x in args.batch_sizes.split(",")]

    datasets: list[tuple[str, Path]] = [] if args.no_daoyi else [("daoyi", bundled_dataset_path())]
    with tempfile.TemporaryDirectory() as tmp:
        if args.subdistricts:
            from loaders.synthetic_city import generate_dataset

            generate_dataset(Path(tmp), subdistricts=args.subdistricts, seed=args.seed)
            datasets.append((f"synthetic ×{args.subdistricts}", Path(tmp)))
        loads: list[LoadRow] = []
        samples: list[SampleRow] = []
        queries: list[QueryRow] = []
        with Neo4jStore.from_settings(uri=args.neo4j) as store:
            for name, path in datasets:
                dataset = load_dataset(path)
                print(f"{name}: {sum(dataset.counts()):,} rows", file=sys.stderr)
                load_rows, sample = bench_load(name, dataset, store, batch_sizes, args.sample)
                loads += load_rows
                samples.append(sample)
                memory = MemoryStore()
                memory.apply(dataset.change_set())
                queries.append(bench_queries(name, "neo4j", store))
                queries.append(bench_queries(name, "memory", memory))
    print(markdown(loads, samples, queries))


if __name__ == "__main__":
    main()
