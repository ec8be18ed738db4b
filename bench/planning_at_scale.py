"""Row 7: planning over a city in the embedded store — dispatch of every open need, recruitment plans, the three rates.

Run by ``bench/run.py`` in a child process; prints one JSON line::

    .venv/bin/python bench/planning_at_scale.py DATASET [--k 5]

- dispatch: the candidates of every open need (``dispatch_options``), then
  the exact proposal (min-cost flow) and the greedy baseline on the same
  candidates, each timed, with the needs and score the optimum gains; and
  ``propose_dispatch`` end to end.
- recruitment: ``recruitment_plan(k=K)`` for every subdistrict: total time,
  how many optima the solver proved, the slowest subdistrict's program.
- rates: ``three_rates`` by subdistrict, community and partner, each timed.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from graph_model.planning.assignment import exact_assignment, greedy_assignment, total_score
from graph_model.planning.dispatch import dispatch_options, propose_dispatch
from graph_model.planning.need_index import need_index
from graph_model.planning.rates import three_rates
from graph_model.planning.recruitment import recruitment_plan
from graph_model.stores.memory.store import MemoryStore
from loaders.dataset import load_into
from measure import emit, progress, timed

__all__ = ["measure"]


def measure(path: Path, *, k: int) -> dict[str, Any]:
    store = MemoryStore()
    load_into(store, path)
    progress("planning: city loaded")
    out: dict[str, Any] = {}
    with timed() as reading:
        index = need_index(store)
        open_needs = [n for n in sorted(index.needs.values(), key=lambda n: n.id) if n.status == "open"]
    with timed() as finding:
        found = dispatch_options(store, open_needs)
    with timed() as solving:
        exact = exact_assignment(found.options, found.room)
    with timed() as greedy_time:
        greedy = greedy_assignment(found.options, found.room)
    with timed() as whole:
        report = propose_dispatch(store)
    assert report.assigned == len(exact) and report.total_score == total_score(exact)
    out["dispatch"] = {
        "open_needs": len(open_needs), "with_candidates": sum(1 for o in found.options.values() if o),
        "edges": sum(len(o) for o in found.options.values()),
        "read": reading.as_dict(), "candidates": finding.as_dict(), "exact": solving.as_dict(), "greedy": greedy_time.as_dict(),
        "end_to_end": whole.as_dict(),
        "exact_assigned": len(exact), "exact_score": total_score(exact),
        "greedy_assigned": len(greedy), "greedy_score": total_score(greedy),
    }
    progress(f"planning: dispatch {len(exact)} of {len(open_needs)} open needs in {whole.wall:.1f} s (greedy {len(greedy)})")
    slowest = (0.0, "")
    subdistricts = sorted(index.subdistrict_names)
    with timed() as planning:
        plan = recruitment_plan(store, k=k)
    for s in subdistricts[:20]:  # the per-subdistrict time, on a sample (each call reads the city's gaps again)
        started = time.perf_counter()
        recruitment_plan(store, k=k, subdistrict=s)
        slowest = max(slowest, (time.perf_counter() - started, s))
    out["recruitment"] = {
        "k": k, "subdistricts": len(plan.subdistricts), "proven": sum(1 for s in plan.subdistricts if s.optimal),
        "value": sum(s.value for s in plan.subdistricts), "agreements": sum(len(s.agreements) for s in plan.subdistricts),
        "gap_needs": sum(s.gap_needs for s in plan.subdistricts), "gap_communities": sum(s.gap_communities for s in plan.subdistricts),
        "time": planning.as_dict(), "slowest_single_of_20": {"seconds": round(slowest[0], 3), "subdistrict": slowest[1]},
    }
    progress(f"planning: recruitment K={k} for {len(plan.subdistricts)} subdistricts in {planning.wall:.1f} s")
    rates: dict[str, Any] = {}
    for by in ("subdistrict", "community", "partner"):
        with timed() as t:
            r = three_rates(store, by=by)  # type: ignore[arg-type]
        rates[by] = {**t.as_dict(), "rows": len(r.rows), "reported": r.total.reported}
    out["rates"] = rates
    progress("planning: rates " + ", ".join(f"{by} {v['wall']:.2f} s" for by, v in rates.items()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    emit(measure(args.dataset, k=args.k))


if __name__ == "__main__":
    main()
