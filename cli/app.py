"""The ``linli`` typer app: each group of commands in its own module, imported only when it runs.

Imported by :func:`cli.main.main` only after the language is chosen: help
texts are translated when their modules are imported.

A command's module (and what it needs: networkx, the loaders, the API, the
Neo4j driver, openpyxl...) is imported only when that command runs or its own
``--help`` is asked for; ``linli --help`` lists every command from
:data:`COMMANDS` alone, so it starts in a fraction of a second. Adding a
command is one row there (name, module, the one-line help its ``register``
gives it — ``tests/cli/test_app.py`` checks the two agree).

Examples
--------
>>> [name for name, _module, _help in COMMANDS][:3]
['validate', 'stats', 'match']
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cli import framework_messages
from graph_model.garbage_collection import started
from graph_model.i18n import N_, _, set_language

framework_messages.install()  # typer's own texts ("Usage", "Options", its errors) in the chosen language

__all__ = ["app", "COMMANDS", "LazyGroup"]

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("validate", "cli.dataset_commands", N_("Check a dataset against every rule of the data model; exit 2 with the full problem list.")),
    ("stats", "cli.dataset_commands", N_("Count nodes per kind, relationships per type and party organizations per level.")),
    ("match", "cli.query_commands", N_("Which partner can resolve a need in a community, and why (by --need, or --community and --category).")),
    ("gaps", "cli.query_commands", N_("Which buildings, grids, communities, needs and estates fall through the net.")),
    ("mentors", "cli.query_commands", N_("Who should mentor whom among community party secretaries (an exact optimum).")),
    ("overview", "cli.overview_command", N_("Print the gap summary, the best in-area partner for every open need, and the proposed secretary pairs.")),
    ("generate", "cli.generate_command", N_("Write a valid synthetic dataset whose proportions follow Daoyi, deterministic for a seed.")),
    ("map", "cli.map_command", N_("Write an interactive network map (vis-network inlined: no internet needed to open it).")),
    ("serve", "cli.serve_command", N_("Serve the HTTP API: partners, needs, matching, gaps, mentors and maps (docs at /docs).")),
    ("load", "cli.neo4j_commands", N_("Load a dataset into Neo4j (bolt://...; LINLI_NEO4J_URI): all of it or, on any problem, nothing.")),
    ("need", "cli.need_commands", N_("One need and its history (诉求流转).")),
    ("rates", "cli.planning_commands", N_("The three rates: response, resolution and satisfaction (响应率 · 解决率 · 满意率).")),
    ("dispatch", "cli.planning_commands", N_("Dispatch every open need at once (派单方案): the exact proposal beside the greedy one.")),
    ("recommend", "cli.planning_commands", N_("Which new co-building agreements close the most gaps (共建招募; an exact optimum).")),
    ("export", "cli.export_command", N_("Write the current network (every write included) as a dataset that loads back to the same graph.")),
    ("diff", "cli.diff_command", N_("What changed between two networks: nodes and relationships added, removed and changed, gaps opened and closed.")),
    ("journal", "cli.journal_commands", N_("The writes kept in a state directory: list them, set aside those that no longer apply, or fold them into its snapshot.")),
    ("token", "cli.access_commands", N_("API tokens: roles, scopes, the people permission.")),
    ("link", "cli.access_commands", N_("Signed, expiring, read-only links to share a map or the workbench.")),
    ("audit", "cli.access_commands", N_("The API's audit log: every write and every read of people's data.")),
    ("template", "cli.template_command", N_("Write an empty ledger workbook: a sheet per table with Chinese headers, notes, drop-down lists and a 说明 sheet.")),
)
"""Every command: its name, the module whose ``register(app)`` adds it, and its one-line help."""

_loaded: dict[str, Any] = {}


def load_command(name: str, module: str) -> Any:
    """The click command ``name`` as ``module``'s ``register`` builds it (importing the module once)."""
    key = f"{module}:{name}"
    if key not in _loaded:
        holder = typer.Typer(add_completion=False)
        importlib.import_module(module).register(holder)
        built = typer.main.get_command(holder)
        for command_name, command in getattr(built, "commands", {}).items():
            _loaded[f"{module}:{command_name}"] = command
        _loaded.setdefault(key, built)  # a module with one command: typer hands back the command itself
    return _loaded[key]


class _LazyCommand(typer.core.TyperCommand):
    """Stands for a command in ``linli --help`` (name and help only); running it loads the real one."""

    def __init__(self, name: str, module: str, help_text: str) -> None:
        super().__init__(name=name, help=help_text, callback=None)
        self.module = module

    def real(self) -> Any:
        return load_command(self.name or "", self.module)

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        # the group runs ``sub_ctx.command``: the real command, parsed by itself (its options, its --help)
        context = self.real().make_context(info_name, args, parent=parent, **extra)
        started()  # what the command imported so far lives until exit (see cli.main)
        return context

    def get_params(self, ctx: Any) -> list[Any]:
        return self.real().get_params(ctx)


class LazyGroup(TyperGroup):
    """The root group: the commands of :data:`COMMANDS`, each module imported on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name, _module, _help in COMMANDS if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        for name, module, help_text in COMMANDS:
            if name == cmd_name:
                return _LazyCommand(name, module, _(help_text))
        return None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        self.commands = {**{name: self.get_command(ctx, name) for name, _m, _h in COMMANDS}, **self.commands}
        return super().resolve_command(ctx, args)  # the full list, so a typo is answered with the close names


app = typer.Typer(
    name="linli",
    cls=LazyGroup,
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
    from cli.main import environment_setting

    set_language(lang or environment_setting("lang", "zh"))
