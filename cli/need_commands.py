"""``linli need show ID``: where one need stands, who has it, its time limits and its history (诉求流转)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from cli.common import DataOption, StateDirOption, JsonOption, Neo4jOption, console, guarded, open_store, print_json
from graph_model.i18n import _, pick
from graph_model.queries import NeedRecord, need_record
from graph_model.schema import NEED_ACTION_NAMES, NEED_STATUS_NAMES

__all__ = ["register", "print_need"]

need_app = typer.Typer(help=_("One need and its history (诉求流转)."), no_args_is_help=True)


def _status(status: str | None) -> str:
    return pick(NEED_STATUS_NAMES.get(status or "", (status or "",))[0], status or "")


def print_need(record: NeedRecord) -> None:
    """A planner's view of one need: its state, then its events oldest first."""
    console.print(f"[bold]{record.name}[/] [dim]{record.id}[/] — {record.community or ''} · {record.category or ''}")
    console.print(_("status: {status}; current partner: {partner}; resolver: {resolver}").format(
        status=_status(record.status), partner=record.current_partner or "—", resolver=record.resolved_by or "—"))
    console.print(_("reported: {time}; time limits: respond within {hours} h, resolve within {days} days").format(
        time=record.report_time or "—", hours=record.respond_hours, days=record.resolve_days))
    if not record.history:
        console.print(_("No events: its status is the ledger's."))
        return
    table = Table(title=_("History 诉求流转"), title_justify="left")
    for column in ("#", _("time"), _("action"), _("partner"), _("rating"), _("reason"), _("by")):
        table.add_column(column)
    for e in record.history:
        action = pick(NEED_ACTION_NAMES.get(e.action, (e.action,))[0], e.action)
        table.add_row(str(e.seq), e.at, action, e.partner or "", "" if e.rating is None else str(e.rating),
                      e.reason or "", e.by or "")
    console.print(table)


@guarded
def show(
    need: Annotated[str, typer.Argument(help=_("The need's id (or exact name)."))],
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a need: its status, current partner, time limits and every event of its history."""
    with open_store(data, neo4j, state_dir) as store:
        record = need_record(store, need)
    print_json(record.as_dict()) if as_json else print_need(record)


need_app.command("show")(show)


def register(app: typer.Typer) -> None:
    """Add ``need show`` to ``app``."""
    app.add_typer(need_app, name="need")
