"""``linli token add|list|revoke``, ``linli link map|workbench`` and ``linli audit export``: who may use the API, and what they did.

All three act on the API's state directory (``--state-dir``, else
``LINLI_STATE_DIR``, else the platform's user data folder): ``tokens.json``,
``link-secret`` and ``audit.jsonl`` (:mod:`api.tokens`, :mod:`api.links`,
:mod:`api.audit`). A token is shown once, when it is made; the file keeps
its hash. Adding and revoking tokens are written to the audit log as well.
"""

from __future__ import annotations

import getpass
import re
from pathlib import Path
from typing import Annotated

import typer

from cli.common import JsonOption, console, errors, guarded, print_json
from graph_model.errors import InvalidQuery
from graph_model.i18n import _

__all__ = ["register"]

StateDirOption = Annotated[
    Path | None,
    typer.Option("--state-dir", help=_("The API's state directory (default: $LINLI_STATE_DIR, else the user data folder)."),
                 show_default=False),
]
_DURATION = re.compile(r"^(\d+)([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _state_dir(state_dir: Path | None) -> Path:
    from api.settings import ApiSettings

    from graph_model.state_dir import require_usable

    found = state_dir or ApiSettings().state_dir
    if found is None:
        raise InvalidQuery(_("no state directory: give --state-dir or set LINLI_STATE_DIR"))
    require_usable(found)  # a file or a read-only folder: one clear line, not a traceback
    return found


def _audit(state: Path, what: str, detail: str) -> None:
    from api.audit import AUDIT_FILE, AuditLog

    AuditLog(state / AUDIT_FILE).append({"who": getpass.getuser(), "via": "cli", "from": "local", "method": "CLI",
                                         "path": what, "query": detail, "status": 0, "what": "write"})


def _seconds(text: str) -> int:
    found = _DURATION.match(text.strip())
    if not found or int(found.group(1)) <= 0:
        raise InvalidQuery(_("a duration is a number and a unit, s, m, h or d (e.g. 7d), not {text!r}").format(text=text))
    return int(found.group(1)) * _SECONDS[found.group(2)]


# -- tokens ---------------------------------------------------------------------------------------
@guarded
def token_add(
    name: Annotated[str, typer.Argument(help=_("A name for the token: who or what uses it."))],
    role: Annotated[str, typer.Option("--role", help=_("admin, planner (both write) or viewer (reads only)."))] = "viewer",
    scope: Annotated[str | None, typer.Option("--scope", help=_("Only inside subdistrict:<id>, community:<id> or grid:<id> (default: everywhere)."),
                                              show_default=False)] = None,
    people: Annotated[bool, typer.Option("--people/--no-people", help=_("May read people's names (personal data)."))] = False,
    state_dir: StateDirOption = None,
) -> None:
    """Make a token and print it (once: only its hash is kept)."""
    from api.tokens import TOKEN_FILE, Scope, TokenFile

    state = _state_dir(state_dir)
    token, entry = TokenFile(state / TOKEN_FILE).add(name, role=role, scope=Scope.parse(scope) if scope else None, people=people)
    _audit(state, "token add", f"name={name}&role={role}&scope={scope or ''}&people={people}")
    errors.print(_("Token {name!r} ({role}, scope {scope}, people {people}); it is shown only now:").format(
        name=entry.name, role=entry.role, scope=entry.scope or _("everywhere"), people=_("yes") if people else _("no")))
    console.print(token, soft_wrap=True)


@guarded
def token_list(state_dir: StateDirOption = None, json_out: JsonOption = False) -> None:
    """List the tokens (never the tokens themselves: names, roles, scopes, dates)."""
    from rich.table import Table

    from api.tokens import TOKEN_FILE, TokenFile

    entries = TokenFile(_state_dir(state_dir) / TOKEN_FILE).entries()
    rows = [{k: v for k, v in e.as_json().items() if k != "hash"} for e in entries]
    if json_out:
        print_json(rows)
        return
    table = Table(_("Name"), _("Role"), _("Scope"), _("People"), _("Created"), _("Revoked"))
    for row in rows:
        table.add_row(row["name"], row["role"], row["scope"] or _("everywhere"), _("yes") if row["people"] else _("no"),
                      row["created"], row["revoked"] or "")
    console.print(table)


@guarded
def token_revoke(
    name: Annotated[str, typer.Argument(help=_("The token's name."))],
    state_dir: StateDirOption = None,
) -> None:
    """Revoke a token: the API refuses it from its next request on."""
    from api.tokens import TOKEN_FILE, TokenFile

    state = _state_dir(state_dir)
    TokenFile(state / TOKEN_FILE).revoke(name)
    _audit(state, "token revoke", f"name={name}")
    errors.print(_("Token {name!r} revoked.").format(name=name))


# -- links ----------------------------------------------------------------------------------------
ExpiresOption = Annotated[str, typer.Option("--expires", help=_("How long the link works: e.g. 30m, 12h, 7d."))]
BaseOption = Annotated[str, typer.Option("--base", help=_("The server's address, as the reader will open it."))]


def _make_link(kind: str, query: str, expires: str, scope: str | None, people: bool, state_dir: Path | None) -> str:
    from api.links import SECRET_FILE, LinkSigner
    from api.tokens import Scope

    state = _state_dir(state_dir)
    by = getpass.getuser()
    value = LinkSigner(state / SECRET_FILE).make(kind, query=query, by=by, expires_in=_seconds(expires),  # type: ignore[arg-type]
                                                  scope=Scope.parse(scope) if scope else None, people=people)
    _audit(state, f"link {kind}", f"{query}&expires={expires}&scope={scope or ''}&people={people}")
    return value


@guarded
def link_map(
    query: Annotated[str, typer.Argument(help=_("The map's query, as in /map?...: e.g. 'layer=focus&focus=c-beiyuan'."))] = "layer=circle",
    expires: ExpiresOption = "7d",
    scope: Annotated[str | None, typer.Option("--scope", help=_("Open it with this scope (subdistrict:<id>, community:<id>, grid:<id>)."),
                                              show_default=False)] = None,
    people: Annotated[bool, typer.Option("--people/--no-people", help=_("Let it show people's names (with names=true in the query)."))] = False,
    base: BaseOption = "http://127.0.0.1:8000",
    state_dir: StateDirOption = None,
) -> None:
    """Print a signed, expiring, read-only link to one map."""
    from urllib.parse import quote

    value = _make_link("map", query, expires, scope, people, state_dir)
    console.print(f"{base.rstrip('/')}/map?{query}&link={quote(value)}", soft_wrap=True)


@guarded
def link_workbench(
    expires: ExpiresOption = "7d",
    scope: Annotated[str | None, typer.Option("--scope", help=_("Open it with this scope (subdistrict:<id>, community:<id>, grid:<id>)."),
                                              show_default=False)] = None,
    base: BaseOption = "http://127.0.0.1:8000",
    state_dir: StateDirOption = None,
) -> None:
    """Print a signed, expiring, read-only link to the workbench (every read inside the scope, no people's names)."""
    from urllib.parse import quote

    value = _make_link("workbench", "", expires, scope, False, state_dir)
    console.print(f"{base.rstrip('/')}/?link={quote(value)}", soft_wrap=True)


# -- audit ----------------------------------------------------------------------------------------
@guarded
def audit_export(
    out: Annotated[Path, typer.Option("--out", help=_("The file to write: .xlsx or .csv."))],
    state_dir: StateDirOption = None,
) -> None:
    """Copy the audit log to Excel or CSV (who, when, what, from where, the answer's status)."""
    from api.audit import AUDIT_FILE, COLUMNS, AuditLog
    from cli.report_tables import write_outputs
    from viz.workbook import Col, Sheet

    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InvalidQuery(_("--out must end in .xlsx or .csv, not {name!r}").format(name=out.name))
    rows = list(AuditLog(_state_dir(state_dir) / AUDIT_FILE).rows())
    headers = {"at": _("When (UTC)"), "who": _("Who"), "via": _("Via"), "role": _("Role"), "scope": _("Scope"), "from": _("From"),
               "method": _("Method"), "path": _("Path"), "query": _("Query"), "status": _("Status"), "what": _("What")}
    sheet = Sheet(_("Audit log"), [Col(c, headers[c], wrap=c == "query") for c in COLUMNS],
                  [{c: row.get(c) if row.get(c) is not None else "" for c in COLUMNS} for row in rows])
    write_outputs([sheet], xlsx=out if suffix == ".xlsx" else None, csv_path=out if suffix == ".csv" else None)
    errors.print(_("{n} audit lines written to {path}").format(n=len(rows), path=out))


def register(app: typer.Typer) -> None:
    """Add ``token``, ``link`` and ``audit`` to ``app``."""
    token = typer.Typer(help=_("API tokens: roles, scopes, the people permission."), no_args_is_help=True)
    token.command("add", help=_("Make a token and print it (once: only its hash is kept)."))(token_add)
    token.command("list", help=_("List the tokens (never the tokens themselves: names, roles, scopes, dates)."))(token_list)
    token.command("revoke", help=_("Revoke a token: the API refuses it from its next request on."))(token_revoke)
    app.add_typer(token, name="token")
    link = typer.Typer(help=_("Signed, expiring, read-only links to share a map or the workbench."), no_args_is_help=True)
    link.command("map", help=_("Print a signed, expiring, read-only link to one map."))(link_map)
    link.command("workbench", help=_("Print a signed, expiring, read-only link to the workbench (every read inside the scope, no people's names)."))(link_workbench)
    app.add_typer(link, name="link")
    audit = typer.Typer(help=_("The API's audit log: every write and every read of people's data."), no_args_is_help=True)
    audit.command("export", help=_("Copy the audit log to Excel or CSV (who, when, what, from where, the answer's status)."))(audit_export)
    app.add_typer(audit, name="audit")
