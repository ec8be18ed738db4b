"""Pausing Python's cyclic garbage collector around bulk work (loads, city maps).

A bulk load or a city map creates millions of container objects that all live
on, and nothing cyclic to free; left running, the collector traverses them
again and again as they pile up (half of a city's load time, half of a city
map's export time). Reference counting still frees everything as usual.

Once paused, the millions of new objects are still the collector's youngest
generation: its next passes (seconds, at city scale) would fall on whatever
allocates next. :func:`freeze_while_alive` takes them out of its sight
(``gc.freeze``) for as long as the store holding them lives; :func:`thaw`
(``MemoryStore.clear``) or the store being freed hands them back, so a cycle
that was frozen with them is still collected in the end.

Examples
--------
>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> class Holder: pass
>>> holder = Holder()
>>> freeze_while_alive(holder); gc.get_freeze_count() > 0
True
>>> del holder; gc.get_freeze_count()
0
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "freeze_while_alive", "thaw", "keep_frozen_until_exit", "kept_until_exit",
           "pause_while_starting", "started"]

_thaw_when_freed: weakref.WeakKeyDictionary[object, weakref.finalize[[], object]] = weakref.WeakKeyDictionary()
_kept: list[object] = []
_keeping = False
_starting = False


def keep_frozen_until_exit() -> None:
    """From now on, what :func:`freeze_while_alive` freezes is also kept until the process exits.

    For a process that ends after one command (``linli``): freeing a city's
    millions of objects one by one when the command returns takes seconds;
    the process's exit frees them at once (see :func:`cli.main.main`).
    """
    global _keeping
    _keeping = True


def kept_until_exit() -> bool:
    """Whether anything is being kept until the process exits."""
    return bool(_kept)


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


def freeze_while_alive(owner: object) -> None:
    """Move every object the collector tracks out of its sight, until ``owner`` is freed or thawed.

    Frozen objects are still freed by reference counting; only a cycle among
    them waits for the thaw to be collected.
    """
    gc.freeze()
    if _keeping:
        _kept.append(owner)
    if owner not in _thaw_when_freed:
        _thaw_when_freed[owner] = weakref.finalize(owner, gc.unfreeze)


def thaw(owner: object) -> None:
    """Hand the frozen objects back to the collector now, if ``owner`` froze them (its oldest generation)."""
    finalizer = _thaw_when_freed.pop(owner, None)
    if finalizer is not None:
        finalizer()


def pause_while_starting() -> None:
    """For a process that runs one command (``linli``): no cyclic collection while it imports what the command needs.

    Importing typer, pydantic and a command's modules creates hundreds of
    thousands of long-lived objects and almost no cyclic garbage; the
    collector's passes over them are ~5-10% of a small command's time.
    :func:`started` ends the pause.
    """
    global _starting
    if gc.isenabled():
        gc.disable()
        _starting = True


def started() -> None:
    """End :func:`pause_while_starting`'s pause (if any): what was imported is frozen out of the collector's sight, which runs again."""
    global _starting
    if _starting:
        _starting = False
        gc.freeze()
        gc.enable()
