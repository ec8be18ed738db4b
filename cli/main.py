"""The ``linli`` command: one typer app, each group of commands in its own module."""

from __future__ import annotations

import logging
import os

import typer

from cli import dataset_commands, generate_command, map_command, neo4j_commands, overview_command, query_commands, serve_command

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
    logging.basicConfig(level=os.environ.get("LINLI_LOG_LEVEL", "WARNING").upper(), format="%(levelname)s %(name)s: %(message)s")
    app()
