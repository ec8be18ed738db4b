"""``linli template``: write the ledger template (台账模板.xlsx) planners fill in by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import console, guarded
from graph_model.errors import LinliError
from graph_model.i18n import _
from loaders.template import template_tables, write_template

__all__ = ["register"]


@guarded
def template(
    out: Annotated[Path, typer.Option("--out", help=_("The workbook to write (.xlsx)."))] = Path("台账模板.xlsx"),
) -> None:
    """Write an empty ledger workbook: a sheet per table with Chinese headers, notes, drop-down lists and a 说明 sheet."""
    if out.suffix.lower() != ".xlsx":
        raise LinliError(_("the template is an .xlsx workbook: {path}").format(path=out))
    try:
        write_template(out)
    except OSError as exc:
        raise LinliError(_("cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)) from None
    console.print(_("[green]✓[/] {path}: {tables} tables and a 说明 sheet; fill it in and check it with linli validate --data {path}").format(
        path=out, tables=len(template_tables())))


def register(app: typer.Typer) -> None:
    """Add ``template`` to ``app``."""
    app.command(help=_("Write an empty ledger workbook: a sheet per table with Chinese headers, notes, drop-down lists and a 说明 sheet."))(template)
