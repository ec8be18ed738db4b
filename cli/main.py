"""The ``linli`` command: one typer app, each group of commands in its own module."""

from __future__ import annotations

import logging

import typer

from cli import dataset_commands, generate_command, map_command, neo4j_commands, overview_command, query_commands, serve_command
from graph_model.settings import LinliSettings

app = typer.Typer(
    name="linli",
    help="Linli 邻里 — map and steer a community's party-building governance network.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for module in (dataset_commands, query_commands, overview_command, generate_command, map_command, serve_command, neo4j_commands):
    module.register(app)


def main() -> None:
    """Entry point of the console script."""
    logging.basicConfig(level=LinliSettings().log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    app()
