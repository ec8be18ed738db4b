"""``linli journal show|rebase|compact``: the writes a state directory holds since its files were loaded.

``show`` lists each write and whether it still applies to the dataset's
files; ``rebase`` sets aside the writes that no longer apply (appended to a
``.rejected.jsonl`` file beside the journal — never deleted) and keeps the
rest, so the server and the commands start again; ``compact`` folds the
writes into the state directory's snapshot, so commands open the network
without replaying them (the journal itself is kept whole).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cli.common import DataOption, JsonOption, StateDirOption, console, guarded, print_json, settings_for
from graph_model.errors import InvalidQuery, Problem
from graph_model.i18n import _
from graph_model.command_settings import CommandSettings

__all__ = ["register"]

journal_app = typer.Typer(name="journal", help=_("The writes kept in a state directory: list them, set aside those that no longer apply, or fold them into its snapshot."),
                          no_args_is_help=True)


def _settings(data: Path | None, state_dir: Path | None) -> tuple[CommandSettings, Path]:
    settings = settings_for(data, None, state_dir)
    if settings.backend == "neo4j":
        settings = settings.model_copy(update={"neo4j_uri": None, "state_dir": state_dir or CommandSettings.from_environment().state_dir})
    if settings.state_dir is None:
        raise InvalidQuery(_("give the state directory: --state-dir DIR (or LINLI_STATE_DIR)"))
    from loaders.opening import dataset_of

    return settings, dataset_of(settings)


def _problems(problems: list[Problem]) -> list[str]:
    return [str(p) for p in problems]


@guarded
def show(data: DataOption = None, state_dir: StateDirOption = None, as_json: JsonOption = False) -> None:
    """List the writes made since the dataset's files were loaded, and whether each still applies to them."""
    from graph_model.state_dir import journal_path
    from graph_model.stores.memory.journaled_store import describe_change, replay
    from graph_model.stores.memory.store import MemoryStore
    from graph_model.stores.memory.write_ahead_log import WriteAheadLog
    from loaders import load_into

    settings, dataset = _settings(data, state_dir)
    assert settings.state_dir is not None
    path = journal_path(dataset, settings.state_dir)
    entries = WriteAheadLog.read(path)
    store = MemoryStore()
    load_into(store, dataset)
    replayed = replay(store, entries)
    refused = {entry.number: problems for entry, problems in replayed.rejected}
    rows: list[dict[str, Any]] = [{"line": e.number, "at": e.at, "wrote": describe_change(e.change, limit=6), "applies": e.number not in refused,
             "problems": _problems(refused.get(e.number, []))} for e in entries]
    if as_json:
        print_json({"journal": str(path), "dataset": str(dataset), "writes": rows})
        return
    table = Table(title=_("{count} write(s) in {journal} (dataset {dataset})").format(count=len(rows), journal=path, dataset=dataset),
                  title_justify="left")
    for column in (_("Line"), _("Written at"), _("What it wrote"), _("Applies")):
        table.add_column(column)
    for row in rows:
        status = "[green]✓[/]" if row["applies"] else "[red]✗[/] " + escape("; ".join(row["problems"]))
        table.add_row(str(row["line"]), escape(str(row["at"])), escape(str(row["wrote"])), status)
    console.print(table)


@guarded
def rebase(data: DataOption = None, state_dir: StateDirOption = None, as_json: JsonOption = False) -> None:
    """Set aside the writes that no longer apply to the dataset's files (kept in a file beside the journal) and keep the rest."""
    from graph_model.stores.memory.journaled_store import describe_change, rebase_journal
    from graph_model.stores.memory.store import MemoryStore
    from loaders import load_into

    settings, dataset = _settings(data, state_dir)
    assert settings.state_dir is not None
    store = MemoryStore()
    load_into(store, dataset)
    replayed, journal, rejected_file = rebase_journal(store, dataset=dataset, state_dir=settings.state_dir)
    applied: list[dict[str, Any]] = [{"line": e.number, "at": e.at, "wrote": describe_change(e.change)} for e in replayed.applied]
    rejected: list[dict[str, Any]] = [{"line": e.number, "at": e.at, "wrote": describe_change(e.change), "problems": _problems(p)} for e, p in replayed.rejected]
    if as_json:
        print_json({"journal": str(journal), "rejected_file": str(rejected_file) if rejected else None, "applied": applied, "rejected": rejected})
        return
    console.print(_("{count} write(s) still apply and stay in {journal}:").format(count=len(applied), journal=journal), soft_wrap=True)
    for row in applied:
        console.print(f"  [green]✓[/] {row['line']} ({escape(row['at'])}): {escape(row['wrote'])}", soft_wrap=True, highlight=False)
    if not rejected:
        console.print(_("No write was set aside."))
        return
    console.print(_("{count} write(s) no longer apply and were set aside in {file} (kept, never deleted):").format(
        count=len(rejected), file=rejected_file), soft_wrap=True)
    for row in rejected:
        console.print(f"  [red]✗[/] {row['line']} ({escape(row['at'])}): {escape(row['wrote'])}", soft_wrap=True, highlight=False)
        for problem in row["problems"]:
            console.print(f"      {problem}", markup=False, soft_wrap=True)


@guarded
def compact(data: DataOption = None, state_dir: StateDirOption = None, as_json: JsonOption = False) -> None:
    """Fold the writes into the state directory's snapshot, so commands open the network without replaying them (the journal is kept whole)."""
    from graph_model.stores.memory.compaction import compact_journal
    from loaders import load_into

    settings, dataset = _settings(data, state_dir)
    assert settings.state_dir is not None
    from cli.progress import stage_progress

    with stage_progress(quiet=as_json) as progress:
        folded = compact_journal(dataset, state_dir=settings.state_dir, load=load_into, progress=progress)
    if as_json:
        print_json({"journal": str(folded.journal), "snapshot": str(folded.snapshot), "writes_held": folded.entries,
                    "newly_held": folded.newly_held})
        return
    console.print(_("The snapshot {snapshot} now holds the {count} write(s) of {journal} ({new} newly); commands replay only later writes."
                    " The journal is kept whole.").format(snapshot=escape(str(folded.snapshot)), count=folded.entries,
                                                        journal=escape(str(folded.journal)), new=folded.newly_held), soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ``journal show|rebase|compact`` to ``app``."""
    journal_app.command("show", help=_("List the writes made since the dataset's files were loaded, and whether each still applies to them."))(show)
    journal_app.command("rebase", help=_("Set aside the writes that no longer apply to the dataset's files (kept in a file beside the journal) and keep the rest."))(rebase)
    journal_app.command("compact", help=_("Fold the writes into the state directory's snapshot, so commands open the network without replaying them (the journal is kept whole)."))(compact)
    app.add_typer(journal_app)
