"""Rows 3–4: partner matching latency and the whole coverage-gaps report on a city in the embedded store.

Run by ``bench/run.py`` in a child process; prints one JSON line::

    .venv/bin/python bench/queries_at_scale.py DATASET [--needs 1000] [--seed 7]

- ``match(need=...)`` for ``--needs`` open needs drawn at random (distinct
  when the city has that many, seeded), twice over the same draw: the first pass right after
  the load (it pays the collector's deferred work and fills the per-category
  candidate cache), the second warm. p50/p99/max per pass.
- ``coverage_gaps`` over the whole city, ``--gap-runs`` times, with each gap
  kind's own time (:meth:`gap_facts`) measured once more apart.
- The alternative for ``need_without_resolver``: its definition run literally,
  ``match(need, in_area_only=True)`` for every open need; both answers must be
  the same set of needs.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from graph_model.gaps import GapKind
from graph_model.queries import coverage_gaps, match
from graph_model.schema import NodeKind
from graph_model.stores.memory.store import MemoryStore
from loaders.dataset import load_into
from measure import emit, percentile, progress, timed

__all__ = ["open_needs", "match_pass", "gaps_by_definition", "measure"]


def open_needs(store: MemoryStore) -> list[str]:
    """Every need with status ``open``, by id."""
    return [n.id for n in store.find(NodeKind.NEED, status="open")]


def match_pass(store: MemoryStore, needs: list[str]) -> dict[str, Any]:
    """``match(need=n)`` for each of ``needs``: latency percentiles in milliseconds, wall-clock and CPU."""
    latencies, cpu = [], []
    for need in needs:
        with timed() as t:
            match(store, need=need)
        latencies.append(t.wall * 1000)
        cpu.append(t.cpu * 1000)
    return {"count": len(needs), "p50_ms": round(percentile(latencies, 50), 3),
            "p99_ms": round(percentile(latencies, 99), 3), "max_ms": round(max(latencies), 3),
            "mean_ms": round(sum(latencies) / len(latencies), 3),
            "cpu_p50_ms": round(percentile(cpu, 50), 3), "cpu_p99_ms": round(percentile(cpu, 99), 3)}


def gaps_by_definition(store: MemoryStore, needs: list[str]) -> list[str]:
    """Open needs for which ``match(need, in_area_only=True)`` is empty: need_without_resolver's definition, literally."""
    return [n for n in needs if not match(store, need=n, in_area_only=True).results]


def measure(path: Path, *, needs: int, seed: int, gap_runs: int) -> dict[str, Any]:
    store = MemoryStore()
    with timed() as loading:
        load_into(store, path)
    progress(f"loaded in {loading.wall:.1f} s")
    pool = open_needs(store)
    rng = random.Random(seed)
    drawn = rng.sample(pool, needs) if needs <= len(pool) else rng.choices(pool, k=needs)  # distinct when there are enough
    cold = match_pass(store, drawn)
    progress(f"match, first pass: p50 {cold['p50_ms']:.2f} ms, p99 {cold['p99_ms']:.2f} ms")
    warm = match_pass(store, drawn)
    progress(f"match, warm: p50 {warm['p50_ms']:.2f} ms, p99 {warm['p99_ms']:.2f} ms")

    runs = []
    report = None
    for _ in range(gap_runs):
        with timed() as t:
            report = coverage_gaps(store)
        runs.append(t.as_dict())
        progress(f"coverage_gaps: {len(report.gaps):,} gaps in {t.wall:.2f} s")
    assert report is not None
    per_kind = {}
    for kind in GapKind:
        with timed() as t:
            found = store.gap_facts(kind)
        per_kind[kind.value] = {"gaps": len(found), **t.as_dict()}
    indexed = sorted(g.subject for g in report.gaps if g.kind == GapKind.NEED_WITHOUT_RESOLVER.value)
    with timed() as literal:
        by_definition = sorted(gaps_by_definition(store, pool))
    progress(f"need_without_resolver by match per open need: {literal.wall:.2f} s "
             f"(indexed: {per_kind['need_without_resolver']['wall']:.2f} s)")
    return {
        "open_needs": len(pool), "match_cold": cold, "match_warm": warm,
        "gaps": {"count": len(report.gaps), "runs": runs, "per_kind": per_kind},
        "need_without_resolver": {"gaps": len(indexed), "indexed": per_kind["need_without_resolver"],
                                  "by_definition": literal.as_dict(), "same_answer": indexed == by_definition},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--needs", type=int, default=1000, help="random open needs to match")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--gap-runs", type=int, default=2, help="whole coverage_gaps reports to time")
    args = parser.parse_args(argv)
    emit(measure(args.dataset, needs=args.needs, seed=args.seed, gap_runs=args.gap_runs))


if __name__ == "__main__":
    main()
