"""Export of a synthetic city to CSV and to xlsx (time, peak memory), beside the time to load it (issue 13).

Each part runs in its own child process so each peak memory is its own;
the parent also times each child as a whole process (what a user waits for)::

    .venv/bin/python bench/export_city.py --subdistricts 20            # generate, then measure every part
    .venv/bin/python bench/export_city.py --data CITY                  # an existing dataset folder
    .venv/bin/python bench/export_city.py --data CITY --part csv       # one part (prints one JSON line)

Parts: ``load`` (``load_into`` a MemoryStore), ``csv`` and ``xlsx`` (load,
then :func:`loaders.export.export_dataset`), and ``cli-csv`` / ``cli-xlsx``
(the whole ``linli export --data CITY --out …`` process). The exported
dataset is loaded back and its node and relationship counts compared.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import emit, peak_rss_bytes, progress, timed  # noqa: E402

PARTS = ("load", "csv", "xlsx")


def run_part(data: Path, part: str, out_dir: Path) -> dict[str, Any]:
    from graph_model.stores.memory.store import MemoryStore
    from loaders import load_into
    from loaders.export import export_dataset

    store = MemoryStore()
    with timed() as load:
        load_into(store, data)
    result: dict[str, Any] = {"part": part, "load": load.as_dict(), "nodes+relationships": sum(store.stats().nodes.values()) + sum(
        store.stats().relationships.values())}
    if part == "load":
        result["peak_rss_mib"] = round(peak_rss_bytes() / 2**20)
        return result
    out = out_dir / ("city.xlsx" if part == "xlsx" else "city")
    with timed() as export:
        exported = export_dataset(store, out)
    result.update(export=export.as_dict(), rows=exported.rows, peak_rss_mib=round(peak_rss_bytes() / 2**20),
                  size_mib=round(sum(p.stat().st_size for p in ([out] if out.is_file() else out.rglob("*")) if p.is_file()) / 2**20, 1))
    del store
    again = MemoryStore()
    load_into(again, out)
    result["loads_back_same_counts"] = again.stats().as_dict() == load_stats(data)
    return result


def load_stats(data: Path) -> dict[str, Any]:
    from graph_model.stores.memory.store import MemoryStore
    from loaders import load_into

    store = MemoryStore()
    load_into(store, data)
    return store.stats().as_dict()


def whole_process(data: Path, suffix: str, out_dir: Path) -> dict[str, Any]:
    """``linli export`` as a user runs it: wall time and peak memory of the whole process (GNU time)."""
    out = out_dir / f"cli-city{suffix}"
    linli = Path(sys.executable).with_name("linli")
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", str(linli), "export", "--data", str(data), "--out", str(out)],
                          capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return {"part": f"cli{suffix or '-csv'}", "wall": round(wall, 2), "peak_rss_mib": round(peak_kib / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--subdistricts", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--part", choices=PARTS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="linli-export-bench-") as tmp:
        if args.part:
            emit(run_part(args.data, args.part, Path(tmp)))
            return
        data = args.data
        if data is None:
            from generators.synthetic_city import generate_dataset

            data = Path(tmp) / "city"
            counts = generate_dataset(data, subdistricts=args.subdistricts, seed=args.seed)
            progress(f"generated {args.subdistricts} subdistricts: {counts.total_nodes:,} nodes, {counts.total_relationships:,} relationships")
        results = []
        for part in PARTS:
            started = time.perf_counter()
            child = subprocess.run([sys.executable, __file__, "--data", str(data), "--part", part], capture_output=True, text=True, check=True)
            row = json.loads(child.stdout.strip().splitlines()[-1])
            row["process_wall"] = round(time.perf_counter() - started, 2)
            progress(json.dumps(row))
            results.append(row)
        for suffix in ("", ".xlsx"):
            row = whole_process(data, suffix, Path(tmp))
            progress(json.dumps(row))
            results.append(row)
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
