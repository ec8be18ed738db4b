"""Pausing Python's cyclic garbage collector around bulk work (loads, city maps).

A bulk load or a city map creates millions of container objects that all live
on, and nothing cyclic to free; left running, the collector traverses them
again and again as they pile up (half of a city's load time, half of a city
map's export time). Reference counting still frees everything as usual.

Examples
--------
>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block, then restore it as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
