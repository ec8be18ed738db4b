"""``make bench``: every row of the scale issue's benchmark, end to end, written to docs/benchmarks.md.

    .venv/bin/python bench/run.py            # a city of 200 subdistricts (≈1.06 M nodes); < 30 min on 2 cores
    .venv/bin/python bench/run.py --quick    # 15 subdistricts; < 3 min

Generates a synthetic city (``generators.synthetic_city``), then runs each
benchmark in its own child process — ``bench/city_load.py`` (row 1),
``bench/queries_at_scale.py`` (rows 3–4), ``bench/map_export.py`` (row 6),
``bench/mentor_pairing.py`` (row 5), ``bench/planning_at_scale.py`` (row 7) and ``bench/neo4j_load.py`` (row 2 and
the Neo4j side of rows 3–4, against a server of its own on port 7689, started fresh and stopped after).
Every figure is written beside its alternative, measured in the same run.
A step that fails or runs out of the time budget is reported as such; the
others still run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from measure import machine, timed

from generators.synthetic_city import generate_dataset
from report import write_report

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
NEO4J_PORT = 7689
NEO4J_HOME = Path("/tmp/linli-neo4j-bench")
NEO4J_CAP_S = 660
"""The Neo4j step's limit; it took 3.3 min on a quiet machine (Daoyi, then the city: one batch size, one load of it)."""
NEO4J_QUICK_CAP_S = 240


def _pump(stream: IO[str], sink: Callable[[str], object]) -> None:
    for line in stream:
        sink(line)


def _echo(last: deque[str]) -> Callable[[str], None]:
    """Show a child's stderr as it comes, keeping its last line (the error, when it fails)."""
    def echo(line: str) -> None:
        sys.stderr.write(line)
        sys.stderr.flush()
        if line.strip():
            last.append(line)
    return echo


class Step:
    """One child process: its JSON result (or markdown), or why there is none."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.result: dict[str, Any] | None = None
        self.markdown: str | None = None
        self.problem: str | None = None
        self.seconds = 0.0


class Runner:
    """Runs the steps one after another within a total time budget, printing progress."""

    def __init__(self, budget: float) -> None:
        self.deadline = time.monotonic() + budget
        self.steps: dict[str, Step] = {}

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def run(self, name: str, args: list[str], *, cap: float, json_out: bool = True,
            env: dict[str, str] | None = None) -> Step:
        step = self.steps[name] = Step(name)
        timeout = min(cap, self.left())
        if timeout < 5:
            step.problem = "skipped: the run's time budget was used up"
            print(f"==> {name}: {step.problem}", flush=True)
            return step
        print(f"==> {name} (at most {timeout:.0f} s)", flush=True)
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, env={**os.environ, **(env or {})})
        out: list[str] = []
        last_err: deque[str] = deque(maxlen=1)
        pumps = [threading.Thread(target=_pump, args=(child.stdout, out.append), daemon=True),
                 threading.Thread(target=_pump, args=(child.stderr, _echo(last_err)), daemon=True)]
        for pump in pumps:
            pump.start()
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            step.problem = f"stopped after {timeout:.0f} s (time budget)"
        for pump in pumps:
            pump.join()
        stdout = "".join(out)
        if step.problem is None:
            if child.returncode != 0:
                step.problem = f"exited with status {child.returncode}" + (f": {last_err[0].strip()}" if last_err else "")
            if json_out:
                lines = [line for line in stdout.splitlines() if line.startswith("{")]
                step.result = json.loads(lines[-1]) if lines else None
                if step.result is None and step.problem is None:
                    step.problem = "printed no result"
            else:  # markdown, which may end with one JSON line of key figures
                lines = stdout.strip().splitlines()
                if lines and lines[-1].startswith("{"):
                    step.result = json.loads(lines.pop())
                step.markdown = "\n".join(lines).strip() or None
        step.seconds = time.monotonic() - started
        print(f"    {name}: {step.problem or 'done'} in {step.seconds:.0f} s", flush=True)
        return step


def _bolt_listening(port: int, *, within: float) -> bool:
    """Whether 127.0.0.1:``port`` accepts connections within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return True
        except OSError:
            time.sleep(0.5)
    return False


def neo4j_step(runner: Runner, *, city: Path, seed: int, quick: bool) -> None:
    """Start a fresh Neo4j of our own, run bench/neo4j_load.py against it, stop it.

    The full run benches the bundled Daoyi dataset and ``city`` (the embedded rows' city)
    with one batch size — the whole city is loaded once, as a second size would first
    clear it (~30 s) and load it again (~1 min); ``--quick`` a 2-subdistrict city.
    """
    script = BENCH / "neo4j_load.py"
    if not script.exists():
        runner.steps["neo4j"] = Step("neo4j")
        runner.steps["neo4j"].problem = "bench/neo4j_load.py is not there yet"
        return
    env = {"LINLI_NEO4J_PORT": str(NEO4J_PORT), "LINLI_NEO4J_HOME": str(NEO4J_HOME)}
    shared_lib, own_lib = ROOT / ".neo4j" / "lib", NEO4J_HOME / "lib"
    if (shared_lib / ".complete").exists() and not own_lib.exists():
        NEO4J_HOME.mkdir(parents=True, exist_ok=True)
        own_lib.symlink_to(shared_lib)  # the jars already fetched for the tests: no second download
    neo4j = [str(ROOT / "scripts" / "neo4j")]
    print(f"==> neo4j: starting a fresh server on port {NEO4J_PORT} ({NEO4J_HOME})", flush=True)
    start = subprocess.run([*neo4j, "start", "--fresh"], cwd=ROOT, env={**os.environ, **env},
                           stdout=subprocess.PIPE, text=True, timeout=max(5.0, min(240.0, runner.left())))
    if start.returncode != 0 or not _bolt_listening(NEO4J_PORT, within=60.0):
        runner.steps["neo4j"] = Step("neo4j")
        runner.steps["neo4j"].problem = f"Neo4j did not start (scripts/neo4j start: status {start.returncode})"
        subprocess.run([*neo4j, "stop"], cwd=ROOT, env={**os.environ, **env}, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return
    try:
        args = [str(script), "--neo4j", start.stdout.strip() or f"bolt://127.0.0.1:{NEO4J_PORT}", "--seed", str(seed)]
        if quick:
            args += ["--subdistricts", "2", "--no-daoyi", "--batch-sizes", "5000", "--sample", "2000"]
        else:
            args += ["--dataset", str(city), "--batch-sizes", "10000", "--sample", "10000", "--needs", "1000"]
        runner.run("neo4j", args, cap=NEO4J_QUICK_CAP_S if quick else NEO4J_CAP_S, json_out=False, env=env)
    finally:
        stop = subprocess.run([*neo4j, "stop"], cwd=ROOT, env={**os.environ, **env}, timeout=120,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        print(f"==> neo4j: {'stopped' if stop.returncode == 0 else 'stop failed: ' + stop.stderr.strip()}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small city (15 subdistricts), < 3 minutes")
    parser.add_argument("--subdistricts", type=int, help="city size [default: 200, or 15 with --quick]")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-neo4j", action="store_true", help="skip the Neo4j rows")
    args = parser.parse_args(argv)
    quick = args.quick
    subdistricts = args.subdistricts or (15 if quick else 200)
    runner = Runner(budget=170 if quick else 28 * 60)
    started = dt.datetime.now().astimezone()
    load_before = os.getloadavg()
    command = "make bench-quick" if quick else "make bench"
    if args.subdistricts or args.seed != 1 or args.no_neo4j:
        command = " ".join([".venv/bin/python bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"Linli benchmarks: a city of {subdistricts} subdistricts, seed {args.seed}", flush=True)

    work = Path(tempfile.mkdtemp(prefix="linli-bench-"))
    city = work / "city"
    try:
        with timed() as generating:
            counts = generate_dataset(city, subdistricts=subdistricts, seed=args.seed)
        size = sum(f.stat().st_size for f in city.rglob("*.csv"))
        print(f"==> generated {counts.total_nodes:,} nodes, {counts.total_relationships:,} relationships "
              f"({size / 2**20:.0f} MiB of CSV) in {generating.wall:.1f} s", flush=True)
        load = str(BENCH / "city_load.py")
        for part, cap in (("floors", 300), ("load", 600), ("stages", 900), ("networkx", 600), ("collector", 900)):
            runner.run(f"load-{part}", [load, str(city), "--part", part], cap=cap)
        runner.run("queries", [str(BENCH / "queries_at_scale.py"), str(city), "--seed", str(args.seed)],
                   cap=1200)
        runner.run("planning", [str(BENCH / "planning_at_scale.py"), str(city)], cap=900)
        if shutil.which("chromium") or Path("/usr/bin/chromium").exists():
            generate_dataset(work / "one", subdistricts=1, seed=args.seed)  # the ~5,000-node map
            runner.run("maps", [str(BENCH / "map_export.py"), str(city), "--one-subdistrict", str(work / "one"),
                                "--out", str(work / "maps"),
                                "--physics-timeout", "15" if quick else "60"], cap=900)
        if (BENCH / "mentor_pairing.py").exists():
            sizes = ["500"] if quick else ["500", "1000", "2000"]
            runner.run("mentors", [str(BENCH / "mentor_pairing.py"), "--sizes", *sizes, "--store",
                                   "--budget", "15" if quick else "120", "--networkx-max", "500" if quick else "1000"],
                       cap=120 if quick else 900, json_out=False)
        if not args.no_neo4j:
            neo4j_step(runner, city=city, seed=args.seed, quick=quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    finished = dt.datetime.now().astimezone()
    write_report(
        args.out, steps=runner.steps, machine=machine(), command=command, started=started, finished=finished,
        load_average=(load_before, os.getloadavg()), city={
            "subdistricts": subdistricts, "seed": args.seed, "nodes": counts.total_nodes,
            "relationships": counts.total_relationships, "csv_bytes": size, "generate_seconds": generating.wall},
        quick=quick)
    print(f"==> wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out} "
          f"in {(finished - started).total_seconds() / 60:.1f} min", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
