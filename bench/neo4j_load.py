"""Benchmark the Neo4j backend: batched loading against one query per row, a whole city, the queries. Prints markdown.

Run against a running server (``scripts/neo4j start --fresh``); **it clears the database**::

    .venv/bin/python bench/neo4j_load.py                                    # the bundled Daoyi dataset: ~1 min
    .venv/bin/python bench/neo4j_load.py --dataset /tmp/city200 --no-daoyi  # a folder (linli generate): ~3 min for 200 subdistricts
    .venv/bin/python bench/neo4j_load.py --subdistricts 200 --no-daoyi      # ... the same city, generated first

``make bench`` (``bench/run.py``) runs it on the bundled Daoyi dataset and on the
200-subdistrict city the embedded rows use (``--dataset``), with one batch size, on a
fresh server of its own. Measured, per dataset, in this order:

1. on a sample of ``--sample`` rows (relationships in dataset order, with the nodes they
   join), in the same run, after a warm-up of both ways: the batched load
   (``Neo4jStore.apply`` into an empty database; median of 10, five before and five after
   the per-row runs), the same sample written again over itself (every row merged, median
   of 3), and one ``MERGE`` query per row — all in one transaction, and each in its own
   auto-commit transaction (the naive way) — with the batched ÷ per-row ratios;
2. the whole dataset loaded with ``Neo4jStore.apply`` at each ``--batch-sizes`` (the last
   load stays for the queries; each further size first clears the whole dataset, ~30 s for
   a city), in rows per second;
3. ``match`` for ``--needs`` open needs drawn at random (seeded; after a warm-up pass over a
   fifth of them, at least 50): p50 and p99; and a whole ``coverage_gaps`` report (median of
   2, after a warm-up); on Neo4j and, unless ``--no-memory``, in memory — and whether the two
   backends gave the same answers (every match report, the whole gaps report).

Every clear is followed by a short pause, so that a load is not timed while Neo4j is still
busy with the deletion. The loaded dataset is frozen out of Python's garbage collector
(``gc.freeze``) so that latencies are not those of collecting a million dataset objects.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph_model.garbage_collection import collector_paused  # noqa: E402
from graph_model.queries import coverage_gaps, match  # noqa: E402
from graph_model.records import ChangeSet, Node, Relationship  # noqa: E402
from graph_model.schema import NodeKind  # noqa: E402
from graph_model.store import GraphStore  # noqa: E402
from graph_model.stores.memory.store import MemoryStore  # noqa: E402
from graph_model.stores.neo4j.plan import WritePlan  # noqa: E402
from graph_model.stores.neo4j.store import DEFAULT_BATCH_SIZE, Neo4jStore  # noqa: E402
from loaders import Dataset, bundled_dataset_path, load_dataset  # noqa: E402

SETTLE_S = 1.0
WARM_UP_S = 2.0
"""Seconds of batched loads of the sample (6 to 12 loads) before the first timed one: 6 loads, under 1 s
of loading, left the next five loads of Daoyi's sample up to 5× slower than the five after them."""
TARGET_RATIO, TARGET_P99_MS, TARGET_GAPS_S = 50, 30, 10


@dataclass
class LoadRow:
    dataset: str
    rows: int
    batch_size: int
    journaled: bool
    seconds: float


@dataclass
class SampleRow:
    dataset: str
    rows: int
    batched: float
    again: float
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
    gaps: int = 0
    same_as_memory: bool | None = None


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _clear(store: Neo4jStore) -> None:
    store.clear()
    time.sleep(SETTLE_S)


def sample_of(dataset: Dataset, rows: int) -> ChangeSet:
    """About ``rows`` rows of the dataset: relationships in dataset order, with the nodes they join."""
    by_id = {n.id: n for n in dataset.nodes}
    nodes: dict[str, Node] = {}
    rels: list[Relationship] = []
    for rel in dataset.relationships:
        new = [i for i in dict.fromkeys((rel.source, rel.target)) if i not in nodes]
        if len(nodes) + len(rels) + len(new) + 1 > rows:
            break
        nodes.update((i, by_id[i]) for i in new)
        rels.append(rel)
    return ChangeSet(list(nodes.values()), rels)


def per_row(store: Neo4jStore, change: ChangeSet, *, one_transaction: bool) -> float:
    """Seconds to write ``change`` with one MERGE query per row (the batched load's MERGE Cypher, one row each)."""
    queries = [query for batch in WritePlan.of(change).batches(1) for query in batch.queries]
    connection = store.connection
    if one_transaction:
        def work(tx: object) -> None:
            for query, params in queries:
                tx.run(query, params).consume()  # type: ignore[attr-defined]

        return _timed(lambda: connection.write_once(work))
    driver, database = connection.driver, connection.database
    return _timed(lambda: [driver.execute_query(query, params, database_=database) for query, params in queries])


def bench_sample(name: str, dataset: Dataset, store: Neo4jStore, sample_rows: int) -> SampleRow:
    sample = sample_of(dataset, sample_rows)
    rows = WritePlan.of(sample).rows
    store.batch_size = DEFAULT_BATCH_SIZE

    def batched_loads(times: int) -> list[float]:
        seconds = []
        for _ in range(times):
            _clear(store)
            seconds.append(_timed(lambda: store.apply(sample)))
        return seconds

    warm_up = batched_loads(6)  # the schema, the query plans, the server's JIT compiler
    while sum(warm_up) < WARM_UP_S and len(warm_up) < 12:
        warm_up += batched_loads(1)
    store.apply(sample)
    _clear(store)
    per_row(store, sample_of(dataset, min(500, sample_rows)), one_transaction=False)
    batched = batched_loads(5)
    again = [_timed(lambda: store.apply(sample)) for _ in range(3)]
    _clear(store)
    one_tx = per_row(store, sample, one_transaction=True)
    _clear(store)
    autocommit = per_row(store, sample, one_transaction=False)
    batched += batched_loads(5)  # before and after the per-row runs, in case the machine got busier or quieter
    b, a = statistics.median(batched), statistics.median(again)
    _log(f"  {name}: sample of {rows:,} rows: batched {b:.3f}s (all {', '.join(f'{x:.3f}' for x in batched)}), "
         f"again {a:.3f}s, per row {one_tx:.2f}s in one transaction / {autocommit:.2f}s auto-commit")
    return SampleRow(name, rows, rows / b, rows / a, rows / one_tx, rows / autocommit)


def bench_load(name: str, dataset: Dataset, store: Neo4jStore, batch_sizes: list[int]) -> list[LoadRow]:
    change = dataset.change_set()
    with collector_paused():  # as Neo4jStore.apply plans it: a city's plan is millions of dicts
        rows = WritePlan.of(change).rows
    loads = []
    for size in batch_sizes:
        store.batch_size = size
        _log(f"  {name}: clearing")
        _clear(store)
        seconds = _timed(lambda: store.apply(change))
        loads.append(LoadRow(name, rows, size, rows > store.max_transaction_rows, seconds))
        _log(f"  {name}: {rows:,} rows in batches of {size:,}: {seconds:.1f}s ({rows / seconds:,.0f} rows/s)")
    store.batch_size = DEFAULT_BATCH_SIZE
    return loads


def bench_queries(
    name: str, backend: str, store: GraphStore, needs: list[str], *, gap_runs: int = 2
) -> tuple[QueryRow, list[object]]:
    """The row, and the answers (every match report, then the gaps report) to compare across backends."""
    for need in needs[: max(50, len(needs) // 5)]:  # warm-up
        match(store, need=need)
    answers: list[object] = []
    latencies = []
    for need in needs:
        started = time.perf_counter()
        answers.append(match(store, need=need))
        latencies.append((time.perf_counter() - started) * 1000)
    answers.append(coverage_gaps(store))
    gaps = statistics.median(_timed(lambda: coverage_gaps(store)) for _ in range(gap_runs))
    found = len(answers[-1].gaps)  # type: ignore[attr-defined]
    row = QueryRow(name, backend, len(needs), _percentile(latencies, 0.5), _percentile(latencies, 0.99), gaps, found)
    _log(f"  {name} on {backend}: match p50 {row.p50_ms:.1f} ms, p99 {row.p99_ms:.1f} ms; "
         f"coverage_gaps {gaps:.2f}s ({found:,} gaps)")
    return row, answers


def _verdict(ok: bool) -> str:
    return "✓" if ok else "✗"


def markdown(loads: list[LoadRow], samples: list[SampleRow], queries: list[QueryRow], settings: str) -> str:
    out = [settings, "", "### Batched against one query per row (same sample, same run)", "",
           "| dataset | sample rows | batched rows/s (empty database) | batched again (all merged) "
           "| one MERGE per row, one transaction | one MERGE per row, auto-commit "
           f"| batched ÷ per-row (auto-commit), target ≥ {TARGET_RATIO}× | batched ÷ per-row (one transaction) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    out += [f"| {s.dataset} | {s.rows:,} | {s.batched:,.0f} | {s.again:,.0f} | {s.per_row_one_tx:,.0f} | "
            f"{s.per_row_autocommit:,.0f} | {s.batched / s.per_row_autocommit:,.1f}× "
            f"{_verdict(s.batched / s.per_row_autocommit >= TARGET_RATIO)} | {s.batched / s.per_row_one_tx:,.1f}× |"
            for s in samples]
    out += ["", "### Loading the whole dataset into an empty database (`Neo4jStore.apply`, batched)", "",
            "| dataset | rows | batch size | strategy | seconds | rows/s |", "|---|---:|---:|---|---:|---:|"]
    out += [f"| {r.dataset} | {r.rows:,} | {r.batch_size:,} | {'journaled' if r.journaled else 'one transaction'} | "
            f"{r.seconds:.1f} | {r.rows / r.seconds:,.0f} |" for r in loads]
    out += ["", "### Queries", "",
            f"| dataset | backend | open needs matched | match p50 (ms) | match p99 (ms), target ≤ {TARGET_P99_MS} "
            f"| whole coverage_gaps (s), target ≤ {TARGET_GAPS_S} | gaps | same answers as memory |",
            "|---|---|---:|---:|---:|---:|---:|---|"]
    same = {None: "—", True: "yes", False: "**no**"}
    out += [f"| {q.dataset} | {q.backend} | {q.needs:,} | {q.p50_ms:.1f} | {q.p99_ms:.1f} "
            f"{_verdict(q.p99_ms <= TARGET_P99_MS) if q.backend == 'neo4j' else ''} | {q.gaps_s:.2f} "
            f"{_verdict(q.gaps_s <= TARGET_GAPS_S) if q.backend == 'neo4j' else ''} | {q.gaps:,} | "
            f"{same[q.same_as_memory] if q.backend == 'neo4j' else ''} |" for q in queries]
    load = os.getloadavg()
    out += ["", f"Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores."]
    return "\n".join(out)


def summary(loads: list[LoadRow], samples: list[SampleRow], queries: list[QueryRow]) -> dict[str, Any]:
    """The key figures per dataset, for ``bench/report.py``'s summary table.

    Examples
    --------
    >>> s = summary([LoadRow("d", 10, 5, False, 2.0)], [SampleRow("d", 10, 500.0, 400.0, 20.0, 10.0)],
    ...             [QueryRow("d", "neo4j", 3, 1.0, 2.0, 0.5, 7, True), QueryRow("d", "memory", 3, 0.1, 0.2, 0.4, 7)])
    >>> s["datasets"][0]["per_row_autocommit"], s["datasets"][0]["load"]["seconds"], s["datasets"][0]["memory"]["p99_ms"]
    (10.0, 2.0, 0.2)
    """
    datasets = []
    for sample in samples:
        name = sample.dataset
        by_backend = {q.backend: dataclasses.asdict(q) for q in queries if q.dataset == name}
        load = next((dataclasses.asdict(r) for r in reversed(loads) if r.dataset == name), None)
        datasets.append({"name": name, "sample_rows": sample.rows, "batched": sample.batched,
                         "per_row_autocommit": sample.per_row_autocommit, "load": load,
                         "neo4j": by_backend.get("neo4j"), "memory": by_backend.get("memory")})
    return {"datasets": datasets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--neo4j", default=os.environ.get("LINLI_NEO4J_URI", "bolt://127.0.0.1:7687"), help="Bolt URI (its database is cleared)")
    parser.add_argument("--subdistricts", type=int, default=0, help="also bench a synthetic city of N subdistricts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dataset", type=Path, action="append", default=[], help="also bench this dataset folder (repeatable)")
    parser.add_argument("--batch-sizes", default="10000", help="comma-separated rows per write query (a whole load each)")
    parser.add_argument("--sample", type=int, default=10_000, help="rows of the batched vs per-row comparison")
    parser.add_argument("--needs", type=int, default=1000, help="open needs matched (drawn at random)")
    parser.add_argument("--no-daoyi", action="store_true", help="skip the bundled dataset")
    parser.add_argument("--no-memory", action="store_true", help="skip the in-memory reference")
    args = parser.parse_args()
    batch_sizes = [int(x) for x in args.batch_sizes.split(",")]

    datasets: list[tuple[str | None, Path]] = [] if args.no_daoyi else [("daoyi", bundled_dataset_path())]
    datasets += [(None, path) for path in args.dataset]  # named by their dataset.toml, else their folder
    settings = (f"Settings: samples of {args.sample:,} rows; whole loads at batch size {', '.join(f'{b:,}' for b in batch_sizes)}; "
                f"up to {args.needs:,} open needs matched per dataset.")
    with tempfile.TemporaryDirectory() as tmp:
        if args.subdistricts:
            from generators.synthetic_city import generate_dataset

            _log(f"generating a city of {args.subdistricts} subdistricts")
            generate_dataset(Path(tmp), subdistricts=args.subdistricts, seed=args.seed)
            datasets.append((f"synthetic ×{args.subdistricts}", Path(tmp)))
        loads: list[LoadRow] = []
        samples: list[SampleRow] = []
        queries: list[QueryRow] = []
        with Neo4jStore.from_settings(uri=args.neo4j) as store:
            for label, path in datasets:
                dataset = load_dataset(path)
                name = label or str(dataset.meta.get("name") or path.name)
                gc.collect()
                gc.freeze()
                _log(f"{name}: {sum(dataset.counts()):,} rows")
                samples.append(bench_sample(name, dataset, store, args.sample))
                loads += bench_load(name, dataset, store, batch_sizes)
                open_needs = sorted(n.id for n in dataset.nodes if n.kind is NodeKind.NEED and n.props.get("status") == "open")
                needs = random.Random(args.seed).sample(open_needs, min(args.needs, len(open_needs)))
                on_neo4j, neo4j_answers = bench_queries(name, "neo4j", store, needs)
                queries.append(on_neo4j)
                if not args.no_memory:
                    memory = MemoryStore()
                    with collector_paused():
                        memory.apply(dataset.change_set())
                    gc.collect()
                    gc.freeze()
                    in_memory, memory_answers = bench_queries(name, "memory", memory, needs)
                    on_neo4j.same_as_memory = neo4j_answers == memory_answers
                    _log(f"  {name}: same answers on both backends: {on_neo4j.same_as_memory}")
                    queries.append(in_memory)
                    del memory, memory_answers
                del dataset, neo4j_answers
                gc.unfreeze()
                gc.collect()
    print(markdown(loads, samples, queries, settings))
    print(json.dumps(summary(loads, samples, queries)))  # the last line: for the summary of docs/benchmarks.md


if __name__ == "__main__":
    main()
