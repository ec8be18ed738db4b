"""What every bench script shares: a wall + CPU timer, peak memory, percentiles, the machine, JSON hand-off.

The bench scripts run as child processes of ``bench/run.py`` (so each one's
peak memory is its own) and hand their figures back as one JSON line, the
last line of their stdout; progress goes to stderr.

Examples
--------
>>> with timed() as t:
...     _ = sum(range(1000))
>>> t.wall >= 0 and t.cpu >= 0
True
>>> percentile([1.0, 2.0, 3.0, 4.0], 50)
2.0
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Timing", "timed", "peak_rss_bytes", "current_rss_bytes", "percentile", "machine", "emit", "progress", "GIB"]

GIB = 1024**3


@dataclass
class Timing:
    """Seconds of wall-clock and of CPU (user + system, this process) spent in a ``with timed()`` block."""

    wall: float = 0.0
    cpu: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """Rounded for the JSON hand-off."""
        return {"wall": round(self.wall, 4), "cpu": round(self.cpu, 4)}


@contextmanager
def timed() -> Iterator[Timing]:
    """Time the block; CPU time is the figure that does not depend on what else the machine runs."""
    timing = Timing()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield timing
    finally:
        timing.wall, timing.cpu = time.perf_counter() - wall, time.process_time() - cpu


def peak_rss_bytes() -> int:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def current_rss_bytes() -> int:
    """This process's resident memory now."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile of ``values`` (p99 of 1,000 values is the 990th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n·q/100), at least 1
    return ordered[int(rank) - 1]


def _first_line(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
    except OSError:
        return None
    return None


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, Python and OS of this machine."""
    mem_kib = _first_line("/proc/meminfo", "MemTotal")
    ram = f"{int(mem_kib.split()[0]) / 1024**2:.1f} GiB" if mem_kib else "unknown"
    return {
        "cpu": _first_line("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": str(os.cpu_count()),
        "ram": ram,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": f"{_first_line('/etc/os-release', 'PRETTY_NAME') or platform.system()} (kernel {platform.release()})",
    }


def emit(result: dict[str, Any]) -> None:
    """Hand ``result`` to ``bench/run.py``: one JSON line, the last of stdout."""
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def progress(message: str) -> None:
    """One progress line on stderr (``run.py`` shows it as it comes)."""
    print(f"    {message}", file=sys.stderr, flush=True)
