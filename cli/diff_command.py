"""``linli diff OLD NEW``: what changed between two networks — a dataset folder, a workbook or a state directory each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cli.common import JsonOption, XlsxOption, console, guarded, print_json, report_written
from graph_model.i18n import _
from graph_model.gaps import title as gap_title
from graph_model.labels import KIND_NAMES, REL_NAMES
from graph_model.store import GraphStore

__all__ = ["register"]


@contextmanager
def _open(path: Path) -> Iterator[GraphStore]:
    """The network at ``path``: a state directory (it has a state.toml) with its writes, else a dataset folder or workbook."""
    from graph_model.settings import LinliSettings
    from graph_model.state_dir import STATE_FILE
    from loaders.opening import open_store

    if path.is_dir() and (path / STATE_FILE).is_file():
        settings = LinliSettings(data=None, neo4j_uri=None, state_dir=path)
    else:
        settings = LinliSettings(data=path, neo4j_uri=None, state_dir=None)
    store = open_store(settings, writable=False)
    try:
        yield store
    finally:
        store.close()


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    return str(value)


def _changes(changes: dict[str, tuple[Any, Any]]) -> str:
    return "; ".join(f"{key}: {_value(old)} → {_value(new)}" for key, (old, new) in changes.items())


def _sheets(report: dict[str, Any]) -> list[Any]:
    from viz.workbook import Col, Sheet

    summary = Sheet(_("Summary"), [Col("what", _("What")), Col("count", _("Count"))],
                    [{"what": k, "count": v} for k, v in report["summary"].items()])
    node_cols = [Col("change", _("Change")), Col("kind", _("Kind")), Col("id", _("Id")), Col("name", _("Name")),
                 Col("detail", _("Properties"), wrap=True)]
    nodes = [{"change": _("added"), "kind": n["kind"], "id": n["id"], "name": n["name"], "detail": _props(n["props"])} for n in report["nodes_added"]]
    nodes += [{"change": _("removed"), "kind": n["kind"], "id": n["id"], "name": n["name"], "detail": _props(n["props"])} for n in report["nodes_removed"]]
    nodes += [{"change": _("changed"), "kind": c["kind"], "id": c["id"], "name": c["name"],
               "detail": "; ".join(f"{k}: {_value(v['old'])} → {_value(v['new'])}" for k, v in c["changes"].items())} for c in report["nodes_changed"]]
    rel_cols = [Col("change", _("Change")), Col("type", _("Type")), Col("source", _("Source")), Col("target", _("Target")),
                Col("detail", _("Properties"), wrap=True)]
    rels = [{"change": _("added"), **r, "detail": _props(r["props"])} for r in report["relationships_added"]]
    rels += [{"change": _("removed"), **r, "detail": _props(r["props"])} for r in report["relationships_removed"]]
    rels += [{"change": _("changed"), **c, "detail": "; ".join(f"{k}: {_value(v['old'])} → {_value(v['new'])}" for k, v in c["changes"].items())}
             for c in report["relationships_changed"]]
    gap_cols = [Col("change", _("Change")), Col("kind", _("Gap kind")), Col("subject", _("Id")), Col("subject_name", _("Name")),
                Col("community", _("Community")), Col("detail", _("Detail"), wrap=True)]
    gaps = [{"change": _("opened"), **g} for g in report["gaps_opened"]] + [{"change": _("closed"), **g} for g in report["gaps_closed"]]
    return [summary, Sheet(_("Nodes"), node_cols, nodes), Sheet(_("Relationships"), rel_cols, rels), Sheet(_("Gaps"), gap_cols, gaps)]


def _props(props: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {_value(v)}" for k, v in props.items())


@guarded
def diff(
    old: Annotated[Path, typer.Argument(help=_("The earlier network: a dataset folder, a workbook or a state directory."), show_default=False)],
    new: Annotated[Path, typer.Argument(help=_("The later network: a dataset folder, a workbook or a state directory."), show_default=False)],
    as_of: Annotated[str | None, typer.Option("--as-of", help=_("Judge overdue needs in both as of this date or date-time (default now)."), show_default=False)] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help=_("How many rows of each list to show (--json and --xlsx hold every one)."))] = 20,
    as_json: JsonOption = False,
    xlsx: XlsxOption = None,
) -> None:
    """What changed between two networks: nodes and relationships added, removed and changed, gaps opened and closed."""
    from cli.progress import stage_progress
    from graph_model.queries.network_diff import network_diff

    with stage_progress(quiet=as_json) as progress:
        progress(_("opening {path}").format(path=old), 0, 0)
        with _open(old) as before:
            progress(_("opening {path}").format(path=new), 0, 0)
            with _open(new) as after:
                result = network_diff(before, after, as_of=as_of, progress=progress)
    report = json.loads(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
    if xlsx is not None:
        from viz.workbook import write_workbook

        write_workbook(xlsx, _sheets(report))
        report_written([xlsx])
    if as_json:
        print_json(report)
        return
    if result.empty:
        console.print(_("No change: the two networks are the same."))
        return
    names = {"nodes_added": _("Nodes added"), "nodes_removed": _("Nodes removed"), "nodes_changed": _("Nodes changed"),
             "relationships_added": _("Relationships added"), "relationships_removed": _("Relationships removed"),
             "relationships_changed": _("Relationships changed"), "gaps_opened": _("Gaps opened"), "gaps_closed": _("Gaps closed")}
    for key, title in names.items():
        rows = report[key]
        if not rows:
            continue
        table = Table(title=f"{title} ({len(rows):,})", title_justify="left")
        for column in (_("Kind"), _("Id"), _("Detail")):
            table.add_column(column, overflow="fold")
        for row in rows[:limit]:
            if key.startswith("nodes"):
                detail = _changes({k: (v["old"], v["new"]) for k, v in row["changes"].items()}) if "changes" in row else f"{row['name']}"
                table.add_row(KIND_NAMES.get(row["kind"], row["kind"]), escape(row["id"]), escape(detail))
            elif key.startswith("relationships"):
                detail = _changes({k: (v["old"], v["new"]) for k, v in row["changes"].items()}) if "changes" in row else _props(row["props"])
                table.add_row(REL_NAMES.get(row["type"], row["type"]), escape(f"{row['source']} → {row['target']}"), escape(detail))
            else:
                table.add_row(gap_title(row["kind"]), escape(row["subject"]), escape(f"{row['subject_name']}: {row['detail']}"))
        if len(rows) > limit:
            table.caption = _("… and {more:,} more (--json or --xlsx for all)").format(more=len(rows) - limit)
        console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``diff`` to ``app``."""
    app.command(help=_("What changed between two networks: nodes and relationships added, removed and changed, gaps opened and closed."))(diff)
