"""Progress on long work (load, export, generate, diff, map export): a bar on a terminal, a plain line per stage otherwise.

:func:`stage_progress` yields a callback ``progress(stage, done, total)``;
on a terminal (stderr) it draws a rich progress bar per stage — rows, rate
and time left — and when stderr is a file or a pipe it prints one line as
each stage starts and one when it ends, so logs stay readable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TaskID, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.text import Text

from cli.common import errors
from graph_model.i18n import _

__all__ = ["stage_progress", "ProgressCallback"]

ProgressCallback = Callable[[str, int, int], None]


class _Rate(ProgressColumn):
    """Rows per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.0f}/s" if task.speed else "", style="progress.data.speed")


@contextmanager
def stage_progress(*, quiet: bool = False) -> Iterator[ProgressCallback]:
    """A ``progress(stage, done, total)`` callback drawing on stderr for the ``with`` block.

    ``quiet`` (a command printing JSON for a program to read): the plain lines are left out; a terminal still gets its bar.
    """
    if errors.is_terminal:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _Rate(),
                   TimeElapsedColumn(), TimeRemainingColumn())
        with Progress(*columns, console=errors, transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def draw(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total or None)
                bar.update(tasks[stage], completed=done, total=total or None)

            yield draw
        return
    if quiet:
        yield lambda stage, done, total: None
        return
    current: list[object] = [None, 0.0]

    def line(stage: str, done: int, total: int) -> None:
        if current[0] != stage:
            current[0], current[1] = stage, time.perf_counter()
            errors.print(_("{stage} …").format(stage=stage), highlight=False, soft_wrap=True)
        if total and done >= total:
            seconds = time.perf_counter() - float(current[1])  # type: ignore[arg-type]
            errors.print(_("{stage}: done ({total:,} in {seconds:.1f}s)").format(stage=stage, total=total, seconds=seconds),
                         highlight=False, soft_wrap=True)

    yield line
