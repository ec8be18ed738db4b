"""What every ``linli`` command shares: store options, JSON output, and the error boundary.

The boundary maps the error tree to exit codes in one place: a dataset with
problems, an unknown id or a bad argument exits 2; an unreachable store
exits 3; no traceback ever reaches the user.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from graph_model.errors import DatasetError, InvalidQuery, JournalConflict, LinliError, NotFound, StoreUnavailable
from graph_model.store import GraphStore
from graph_model.command_settings import CommandSettings
from loaders import opening
from graph_model.i18n import _

__all__ = [
    "report_written",
    "DataOption",
    "Neo4jOption",
    "StateDirOption",
    "settings_for",
    "JsonOption",
    "XlsxOption",
    "CsvOption",
    "console",
    "errors",
    "guarded",
    "open_store",
    "print_json",
]

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

DataOption = Annotated[
    Path | None,
    typer.Option("--data", help=_("Dataset folder or .xlsx workbook (default: the bundled Daoyi dataset)."), show_default=False),
]
Neo4jOption = Annotated[
    str | None,
    typer.Option("--neo4j", help=_("Answer from a Neo4j database (bolt://...) instead of the embedded store (default: $LINLI_NEO4J_URI when --data is not given).")),
]
StateDirOption = Annotated[
    Path | None,
    typer.Option("--state-dir", help=_("The network's state directory (its dataset and the writes made since; also LINLI_STATE_DIR): answer from the same network the server does."), show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help=_("Print JSON instead of tables."))]
XlsxOption = Annotated[
    Path | None,
    typer.Option("--xlsx", help=_("Also write every row to this Excel workbook (frozen header, fitted widths, ready to print)."), show_default=False),
]
CsvOption = Annotated[
    Path | None,
    typer.Option("--csv", help=_("Also write the main table to this CSV file (UTF-8 with BOM, so Excel reads Chinese right)."), show_default=False),
]

P = ParamSpec("P")
T = TypeVar("T")


def report_written(paths: Sequence[Path | str]) -> None:
    """Say where the files went (one ✓ line each)."""
    for path in paths:
        console.print(_("[green]✓[/] wrote {path}").format(path=escape(str(path))), soft_wrap=True)


def print_json(value: Any) -> None:
    """Print ``value`` as UTF-8 JSON (Chinese unescaped) on stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def _report(err: LinliError) -> int:
    if isinstance(err, DatasetError):
        count = f"{len(err.problems)}{'+' if err.truncated else ''}"
        errors.print("[bold red]" + escape(_("The dataset has {count} problem(s); nothing was loaded.").format(count=count)) + "[/]")
        for problem in err.problems:
            errors.print(f"  • {problem}", markup=False, soft_wrap=True)
        return 2
    if isinstance(err, StoreUnavailable):
        errors.print("[bold red]" + escape(_("Store unavailable:")) + "[/] " + escape(str(err)), soft_wrap=True)
        return 3
    if isinstance(err, JournalConflict):
        errors.print("[bold red]" + escape(_("Error:")) + "[/] " + escape(str(err)), soft_wrap=True)
        return 2
    if isinstance(err, (NotFound, InvalidQuery)):
        errors.print("[bold red]" + escape(_("Error:")) + "[/] " + escape(str(err)))
        return 2
    errors.print("[bold red]" + escape(_("Error:")) + "[/] " + escape(str(err)), soft_wrap=True)  # one line, however long
    return 1


def guarded(command: Callable[P, T]) -> Callable[P, T]:
    """Wrap a command so Linli errors become a clear message and an exit code."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except LinliError as err:
            raise typer.Exit(_report(err)) from None
        except KeyboardInterrupt:
            errors.print(_("interrupted"))
            raise typer.Exit(130) from None

    return wrapper


def settings_for(data: Path | None, neo4j: str | None, state_dir: Path | None = None) -> CommandSettings:
    """A command's settings: ``LINLI_*`` with its flags applied (on Neo4j, no state directory: the database is the truth).

    Read as :class:`~graph_model.settings.LinliSettings` reads them, without importing pydantic-settings (start-up time).
    """
    settings = CommandSettings.from_environment().with_flags(data=data, neo4j=neo4j, state_dir=state_dir)
    if settings.backend == "neo4j":
        settings = settings.model_copy(update={"state_dir": None})
    return settings


@contextmanager
def open_store(data: Path | None, neo4j: str | None, state_dir: Path | None = None) -> Iterator[GraphStore]:
    """The store a command reads, as :meth:`~graph_model.settings.LinliSettings.with_flags` chooses it from the flags and ``LINLI_*``.

    With a state directory (``--state-dir`` or ``LINLI_STATE_DIR``) the
    network is the one the server answers from: the dataset plus the writes
    journaled there. Without one, the files as they are.
    """
    store = opening.open_store(settings_for(data, neo4j, state_dir), writable=False)
    try:
        yield store
    finally:
        store.close()
