"""The ``linli`` typer app: each group of commands in its own module, registered here.

Imported by :func:`cli.main.main` only after the language is chosen: help
texts are translated when their modules are imported.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli import (
    access_commands,
    dataset_commands,
    framework_messages,
    diff_command,
    export_command,
    generate_command,
    journal_commands,
    map_command,
    need_commands,
    neo4j_commands,
    overview_command,
    planning_commands,
    query_commands,
    serve_command,
)
from graph_model.i18n import _, set_language
from graph_model.settings import LinliSettings

framework_messages.install()  # typer's own texts ("Usage", "Options", its errors) in the chosen language

__all__ = ["app"]

app = typer.Typer(
    name="linli",
    help=_("Linli 邻里 — map and steer a community's party-building governance network."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _options(
    lang: Annotated[str | None, typer.Option("--lang", help=_("Language of the output: zh (default) or en; also LINLI_LANG."), show_default=False)] = None,
) -> None:
    """Linli 邻里."""  # the app's help is given above
    # cli.main read it already, before the help texts were translated; here for callers of the app itself
    set_language(lang or LinliSettings().lang)


for module in (dataset_commands, query_commands, need_commands, overview_command, generate_command, map_command, serve_command,
               neo4j_commands, planning_commands, journal_commands, export_command, diff_command, access_commands):
    module.register(app)
