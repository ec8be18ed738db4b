"""``linli serve``: the HTTP API (uvicorn, one worker) over the embedded store or Neo4j.

Safe by default: it listens on 127.0.0.1 only; writes are refused (403)
unless ``LINLI_API_TOKEN`` is set; on the embedded store each acknowledged
write is journaled under ``LINLI_STATE_DIR`` first, so a restart (or a crash)
loses none.
"""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from cli.common import DataOption, StateDirOption, Neo4jOption, errors, guarded
from graph_model.errors import StoreUnavailable
from graph_model.i18n import _

__all__ = ["register"]

@guarded
def serve(
    data: DataOption = None,
    state_dir: StateDirOption = None,
    neo4j: Neo4jOption = None,
    host: Annotated[str, typer.Option("--host", help=_("Interface to listen on (0.0.0.0 exposes it to the network)."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help=_("TCP port."))] = 8000,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help=_("Log one line per request."))] = True,
) -> None:
    """Serve the HTTP API: partners, needs, matching, gaps, mentors and maps (docs at /docs)."""
    import uvicorn
    from rich.markup import escape

    from api.errors import redact
    from api.main import create_app
    from api.settings import ApiSettings

    settings = ApiSettings().with_flags(data=data, neo4j=neo4j, state_dir=state_dir)
    neo4j = settings.neo4j_uri
    app = create_app(settings=settings)
    if neo4j:
        try:
            app.state.stores.get()
        except StoreUnavailable as err:
            errors.print("[yellow]" + escape(_("Neo4j is not reachable yet ({reason}); answering 503 until it is.").format(reason=redact(str(err)))) + "[/]", soft_wrap=True)
    writers = [e for e in app.state.access.tokens.active() if e.can_write] if app.state.access.tokens else []
    if not settings.writes_enabled and not writers:
        where = f" --state-dir {settings.state_dir}" if settings.state_dir is not None else ""
        errors.print("[yellow]" + escape(_(
            "No token can write yet: the API and the workbench are read-only (writes answer 403). To register needs and partners, "
            "make one with: linli token add NAME --role planner{state_dir} — and type it into the workbench (or set LINLI_API_TOKEN)."
        ).format(state_dir=where)) + "[/]", soft_wrap=True)
    if neo4j:
        backend = _("Neo4j at {uri}").format(uri=redact(neo4j))
    else:
        backend = _("the embedded store (journal under {path})").format(path=settings.state_dir)
    errors.print(_("Serving {backend} on http://{host}:{port} — docs at http://{host}:{port}/docs").format(backend=backend, host=host, port=port))
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    errors.print("[bold]" + escape(_("The workbench: open http://{host}:{port}/ in a browser (it works offline).").format(host=local, port=port))
                 + "[/]", soft_wrap=True)
    gc.collect()
    gc.freeze()  # the loaded graph lives as long as the process: keep it out of every later GC pass (tail latency)
    uvicorn.run(app, host=host, port=port, workers=1, access_log=access_log, log_level="info", timeout_graceful_shutdown=5)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command(help=_("Serve the HTTP API: partners, needs, matching, gaps, mentors and maps (docs at /docs)."))(serve)
