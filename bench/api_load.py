"""Load-test ``GET /match`` of a real ``linli serve`` (one uvicorn worker) and report throughput and latency.

Starts ``linli serve`` on 127.0.0.1 over a dataset (default: the bundled
Daoyi one) in a subprocess, builds a fixed mix of real queries (every need,
plus community × category pairs), warms up, then drives the mix for a bounded
time from a second process with bounded concurrency: ``wrk`` when installed
(``apt-get install wrk``), else an async httpx client (this file run with
``--drive``). Reports requests/s and p50/p90/p99 latency against the target
(≥ 1,000 req/s, p99 ≤ 20 ms), and the server's CPU time per request — the
figure that does not depend on what else the machine is running.

Usage::

    .venv/bin/python bench/api_load.py                      # Daoyi, 10 s, 8 connections
    .venv/bin/python bench/api_load.py --duration 30 --concurrency 16 --driver httpx --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

TARGET_RPS = 1000.0
TARGET_P99_MS = 20.0
MIX_SIZE = 400
WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("WRKJSON {\\"requests\\": %%d, \\"errors\\": %%d, \\"seconds\\": %%f, \\"p50\\": %%f, \\"p90\\": %%f, \\"p99\\": %%f, \\"max\\": %%f}\\n",
    summary.requests, errors, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path | None, port: int, state: Path) -> subprocess.Popen[bytes]:
    linli = Path(sys.executable).with_name("linli")
    env = {k: v for k, v in os.environ.items() if k not in ("LINLI_NEO4J_URI", "LINLI_API_TOKEN", "LINLI_DATA")}
    env["LINLI_STATE_DIR"] = str(state)
    command = [str(linli), "serve", "--port", str(port), "--no-access-log"] + (["--data", str(data)] if data else [])
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"linli serve exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("linli serve did not become ready")


def query_mix(base: str, *, seed: int = 7) -> list[str]:
    """Real /match queries: every need, plus community × category pairs, shuffled deterministically."""
    import httpx

    needs = [n["id"] for n in httpx.get(f"{base}/needs", params={"limit": 1000}).json()["data"]]
    communities = [c["id"] for c in httpx.get(f"{base}/communities", params={"limit": 1000}).json()["data"]]
    categories = [c["id"] for c in httpx.get(f"{base}/categories").json()["data"]]
    rng = random.Random(seed)
    paths = [f"/match?{urlencode({'need': n})}" for n in needs]
    pairs = [(c, k) for c in communities for k in categories]
    rng.shuffle(pairs)
    paths += [f"/match?{urlencode({'community': c, 'category': k, 'limit': 5})}" for c, k in pairs[: max(0, MIX_SIZE - len(paths))]]
    rng.shuffle(paths)
    return paths


def drive_wrk(base: str, paths: list[str], *, duration: float, concurrency: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        done = subprocess.run(
            ["wrk", "-t2", f"-c{concurrency}", f"-d{int(duration)}s", "--timeout", "5s", "-s", script.name, base],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(script.name)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRKJSON "))
    stats = json.loads(line.removeprefix("WRKJSON "))
    stats["rps"] = stats["requests"] / stats["seconds"]
    return stats


async def _drive_httpx(base: str, paths: list[str], duration: float, concurrency: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=5) as client:

        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    response = await client.get(paths[i % len(paths)])
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                errors += not ok
                i += concurrency

        began = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(concurrency)))
        seconds = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1e3

    return {"requests": len(latencies), "errors": errors, "seconds": seconds, "rps": len(latencies) / seconds,
            "p50": pct(50), "p90": pct(90), "p99": pct(99), "max": latencies[-1] * 1e3}


def drive_httpx(base: str, paths: list[str], *, duration: float, concurrency: int) -> dict[str, float]:
    """Run the httpx driver in a second process (so the client never shares the server's interpreter)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as mix:
        json.dump(paths, mix)
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--drive", base, "--mix", mix.name, "--duration", str(duration), "--concurrency", str(concurrency)],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(mix.name)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="dataset folder or .xlsx [default: the bundled Daoyi dataset]")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of measured load (after a 2 s warm-up)")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections / in-flight requests")
    parser.add_argument("--driver", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--drive", help=argparse.SUPPRESS)  # internal: be the httpx load process
    parser.add_argument("--mix", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.drive:
        paths = json.loads(Path(args.mix).read_text(encoding="utf-8"))
        print(json.dumps(asyncio.run(_drive_httpx(args.drive, paths, args.duration, args.concurrency))))
        return

    driver = args.driver if args.driver != "auto" else ("wrk" if shutil.which("wrk") else "httpx")
    drive = drive_wrk if driver == "wrk" else drive_httpx
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="linli-bench-") as state:
        server = start_server(args.data, port, Path(state))
        try:
            wait_ready(base, server)
            paths = query_mix(base)
            drive(base, paths, duration=2, concurrency=args.concurrency)  # warm-up
            cpu_before = cpu_seconds(server.pid)
            stats = drive(base, paths, duration=args.duration, concurrency=args.concurrency)
            stats["server_cpu_us_per_request"] = (cpu_seconds(server.pid) - cpu_before) / max(1, stats["requests"]) * 1e6
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    result = {
        "driver": driver, "concurrency": args.concurrency, "queries_in_mix": len(paths), **stats,
        "target_rps": TARGET_RPS, "target_p99_ms": TARGET_P99_MS,
        "meets_target": stats["rps"] >= TARGET_RPS and stats["p99"] <= TARGET_P99_MS and not stats["errors"],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"GET /match on 127.0.0.1, one uvicorn worker, {driver}, {args.concurrency} connections, "
          f"{result['queries_in_mix']} distinct queries, {stats['seconds']:.1f} s")
    print(f"  {stats['requests']:,} requests, {stats['errors']} errors — {stats['rps']:,.0f} req/s")
    print(f"  latency p50 {stats['p50']:.2f} ms · p90 {stats['p90']:.2f} ms · p99 {stats['p99']:.2f} ms · max {stats['max']:.2f} ms")
    cpu = stats["server_cpu_us_per_request"]
    print(f"  server CPU {cpu:.0f} µs per request — at most ~{1e6 / cpu:,.0f} req/s on one free core" if cpu else "")
    print(f"  target ≥ {TARGET_RPS:,.0f} req/s and p99 ≤ {TARGET_P99_MS:.0f} ms: {'met' if result['meets_target'] else 'MISSED'}")


if __name__ == "__main__":
    main()
