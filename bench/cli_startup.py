"""Whole-process times of ``linli``: start-up, a command on Daoyi, and a command on a city with and without a state directory.

Each command is run as its own process, several times (hyperfine-style: one
warm-up run, then ``--runs``), timing the wall clock around the process and
reading its CPU time and peak memory from ``wait4``. The same commands run
on the code of an earlier commit (``--before``, checked out in a temporary
worktree and run with the same interpreter and packages), so both columns are
measured on the same machine in the same minutes.

    .venv/bin/python bench/cli_startup.py                     # 200 subdistricts, seed 1
    .venv/bin/python bench/cli_startup.py --city /tmp/city200 # an already generated city
    .venv/bin/python bench/cli_startup.py --subdistricts 20 --update-doc
    .venv/bin/python bench/cli_startup.py --quick --runs 5       # only --help and the Daoyi rows

With ``--update-doc`` the table replaces the section between the markers in
docs/benchmarks.md (``bench/report.py`` keeps that section when ``make bench``
regenerates the file).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- cli_startup:begin -->", "<!-- cli_startup:end -->"
BASELINE = "dfbb648"
"""main before issue 13's start-up work: every command module imported up front, no snapshot."""


@dataclass
class Timing:
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    rss_mib: float = 0.0
    status: int = 0

    def cell(self) -> str:
        if not self.walls:
            return "—"
        wall, cpu = statistics.median(self.walls), statistics.median(self.cpus)
        return f"{wall:.2f} s ({cpu:.2f} s CPU){'' if self.status == 0 else f', exit {self.status}'}"


def run_once(tree: Path, args: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MiB) and exit status of one ``linli ARGS`` process."""
    launcher = Path(tempfile.gettempdir()) / "linli-bench-launcher" / "linli"  # argv[0] "linli"; the tree comes first on PYTHONPATH
    if not launcher.exists():
        launcher.parent.mkdir(exist_ok=True)
        launcher.write_text("from cli.main import main\nmain()\n", encoding="utf-8")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(launcher), *args], cwd=tree, env={**env, "PYTHONPATH": str(tree)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode and child.stderr is not None:
        sys.stderr.write(child.stderr.read().decode("utf-8", "replace")[-2000:])
    if child.stderr is not None:
        child.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode


def measure(tree: Path, args: list[str], env: dict[str, str], runs: int, *, warmup: int = 1) -> Timing:
    timing = Timing()
    for number in range(warmup + runs):
        wall, cpu, rss, status = run_once(tree, args, env)
        print(f"    {'warm-up' if number < warmup else 'run'} {wall:.2f} s wall, {cpu:.2f} s CPU, {rss:.0f} MiB", file=sys.stderr)
        if number >= warmup:
            timing.walls.append(wall)
            timing.cpus.append(cpu)
            timing.rss_mib = max(timing.rss_mib, rss)
            timing.status = timing.status or status
    return timing


def a_need(city: Path) -> str:
    """The first open need of the city (its id)."""
    import csv

    with (city / "nodes" / "Need.csv").open(encoding="utf-8-sig", newline="") as file:
        return next(row["id"] for row in csv.DictReader(file) if row["status"] == "open")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--city", type=Path, help="an already generated city (else one is generated)")
    parser.add_argument("--subdistricts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--before", default=BASELINE, help=f"the commit to compare with (default {BASELINE})")
    parser.add_argument("--runs", type=int, default=10, help="runs of each quick command")
    parser.add_argument("--city-runs", type=int, default=3, help="runs of each command on the city")
    parser.add_argument("--update-doc", action="store_true", help="write the table into docs/benchmarks.md")
    parser.add_argument("--quick", action="store_true", help="only the quick rows (--help, Daoyi): no city; prints the table")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="linli-startup-"))
    before = work / "before"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(before), args.before], check=True)
    try:
        city = args.city
        if city is None and not args.quick:
            from generators.synthetic_city import generate_dataset

            city = work / "city"
            print(f"generating a city of {args.subdistricts} subdistricts …", file=sys.stderr)
            generate_dataset(city, subdistricts=args.subdistricts, seed=args.seed)
        rows = run_all(before, None if args.quick else city, work, args)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    table = render(rows, args, city)
    print(table)
    if args.update_doc and not args.quick:  # the quick rows alone would replace the city's
        update_doc(ROOT / "docs" / "benchmarks.md", table)
    return 0


def run_all(before: Path, city: Path | None, work: Path, args: argparse.Namespace) -> list[tuple[str, str, Timing, Timing, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")} | {"COLUMNS": "100"}
    state_daoyi, state_city = work / "state-daoyi", work / "state-city"
    rows: list[tuple[str, str, Timing, Timing, str]] = []

    def row(what: str, dataset: str, old: list[str] | None, new: list[str], runs: int, target: str, *, state: Path | None = None) -> None:
        print(f"==> {what} on {dataset}", file=sys.stderr)
        warmup = 1 if runs >= 5 else 0  # the slow city runs read files already in the page cache
        old_timing = measure(before, old, env, runs, warmup=warmup) if old is not None else Timing()
        new_env = env if state is None else env | {"LINLI_STATE_DIR": str(state)}
        new_timing = measure(ROOT, new, new_env, runs, warmup=warmup)
        rows.append((what, dataset, old_timing, new_timing, target))

    row("`linli --help`", "—", ["--help"], ["--help"], args.runs, "≤ 0.3 s")
    row("`linli stats`", "Daoyi (files)", ["stats"], ["stats"], args.runs, "≤ 0.3 s")
    row("`linli stats`", "Daoyi, state directory", ["stats"], ["stats"], args.runs, "≤ 0.3 s", state=state_daoyi)
    row("`linli match --need n-liwan-03`", "Daoyi (files)", ["match", "--need", "n-liwan-03"], ["match", "--need", "n-liwan-03"],
        args.runs, "≤ 0.3 s")
    if city is None:
        return rows
    need = a_need(city)
    nodes = sum(1 for p in (city / "nodes").glob("*.csv") for _ in p.open(encoding="utf-8-sig")) - len(list((city / "nodes").glob("*.csv")))
    city_name = f"city of {nodes:,} nodes"
    print("==> first opening of the city with a state directory (load + snapshot written)", file=sys.stderr)
    first = measure(ROOT, ["stats", "--json", "--data", str(city)], env | {"LINLI_STATE_DIR": str(state_city)}, 1, warmup=0)
    rows.append(("first `linli stats` with a new state directory (load, snapshot written)", city_name, Timing(), first, "—"))
    row("`linli stats`", f"{city_name} (files)", ["stats", "--data", str(city)], ["stats", "--data", str(city)], args.city_runs, "—")
    row("`linli stats`", f"{city_name}, state directory", ["stats", "--data", str(city)], ["stats", "--data", str(city)],
        args.city_runs, "≤ 2 s", state=state_city)
    row(f"`linli match --need {need}`", f"{city_name}, state directory", ["match", "--need", need, "--data", str(city)],
        ["match", "--need", need, "--data", str(city)], args.city_runs, "≤ 2 s", state=state_city)
    community = need.rsplit("-n", 1)[0]
    row(f"`linli gaps --community {community}` (reads the whole graph)", f"{city_name}, state directory",
        ["gaps", "--community", community, "--data", str(city)], ["gaps", "--community", community, "--data", str(city)],
        args.city_runs, "—", state=state_city)
    snapshot = next((state_city / "snapshots").glob("*.snapshot"), None)
    if snapshot is not None:
        rows.append((f"(snapshot file: {snapshot.stat().st_size / 2**20:,.0f} MiB)", "", Timing(), Timing(), ""))
    return rows


def render(rows: list[tuple[str, str, Timing, Timing, str]], args: argparse.Namespace, city: Path | None) -> str:
    load = os.getloadavg()
    lines = [
        BEGIN,
        "## Start-up and the state directory's snapshot (`bench/cli_startup.py`)",
        "",
        f"_Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by `bench/cli_startup.py"
        f" --runs {args.runs} --city-runs {args.city_runs}` on {os.cpu_count()} cores, load average (1/5/15 min) at the end "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}; city: {city.name if city else '—'}. Whole processes, median of the runs after one warm-up; "
        "\"before\" is commit " + f"`{args.before}` run with the same interpreter and packages._",
        "",
        "| command | dataset | before | after | target (wall) | met: wall / CPU |",
        "|---|---|---:|---:|---|---|",
    ]
    for what, dataset, old, new, target in rows:
        lines.append(f"| {what} | {dataset} | {old.cell()} | {new.cell()} | {target} | {met(new, target)} |")
    peak = [(what, new.rss_mib) for what, _d, _o, new, _t in rows if new.rss_mib]
    lines += ["", "Peak memory (after): " + "; ".join(f"{w} {m:,.0f} MiB" for w, m in peak) + ".", "", *NOTES, END]
    return "\n".join(lines)


def met(timing: Timing, target: str) -> str:
    if not timing.walls or not target.startswith("≤ "):
        return ""
    limit = float(target.removeprefix("≤ ").removesuffix(" s"))
    wall, cpu = statistics.median(timing.walls), statistics.median(timing.cpus)
    return f"{'yes' if wall <= limit else '**no**'} / {'yes' if cpu <= limit else '**no**'}"


NOTES = [
    "How to read it:",
    "",
    "- The targets are wall-clock seconds on a machine that is not busy. This one is shared by several engineers: when "
    "the load average is well above its 2 cores, a process waits for a core most of its wall time, and its CPU time "
    "(user + system, from `wait4`) is the closer figure to what it would take alone.",
    "- \"Before\" ran the same command line on the earlier commit, which read the files on every command (it did not "
    "take `LINLI_STATE_DIR` outside `serve`): the state-directory rows compare against that.",
    "- `linli --help` imports no command module: the list comes from `cli.app.COMMANDS`; a command imports its own "
    "module (and networkx, the loaders, the API or the Neo4j driver only if it needs them) when it runs. A command "
    "reads its settings without pydantic-settings (`graph_model.command_settings`), imports typer's rich help formatter "
    "only for help or an error, and runs its imports with the cyclic collector paused. What is left of a command on "
    "Daoyi is mostly the interpreter with typer (and the pydantic it validates arguments with), rich, networkx (0.05-0.1 s "
    "of CPU alone) and reading the 5,000-node dataset.",
    "- With a state directory, the city is not read from its CSV files while they are unchanged: the snapshot's header "
    "is checked (every dataset file's size, time and SHA-256, ~0.1 s for the city's 83 MiB) and nothing else is read "
    "before a command needs it. `stats` answers from the counts written with the snapshot. `match` reads the snapshot's "
    "matching section alone (`graph_model/stores/memory/snapshot_section.py`: subdistricts, communities, categories, "
    "partners, facilities, needs and their events, a few per cent of the city), which answers exactly as the whole graph "
    "(tested on every need of Daoyi and of a generated city). A command that reads anything else (`gaps`, `mentors`, a "
    "map) unpickles the whole graph: ~10 million Python objects, ~2.5 s of CPU, frozen out of the cyclic collector's "
    "sight before it runs again.",
    "- The first command with a new state directory (or after the files or Linli changed) loads the files and writes "
    "the snapshot: the load's time plus a few seconds.",
]


def update_doc(path: Path, table: str) -> None:
    text = path.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + table + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"==> wrote the table into {path}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
