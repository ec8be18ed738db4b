"""The command-line framework's own texts — typer's and the click it carries — in the user's language.

Typer words its help panels ("Options", "Commands", "[default: …]") as module
constants and its usage line, help option and errors ("Missing option",
"No such option", "Invalid value for") as plain English. They are listed here
with :func:`~graph_model.i18n.N_`, so ``make messages`` puts them in Linli's
catalog, and :func:`install` makes typer show them translated: the panel
constants are set once the language is chosen, the usage prefix and the help
option's help are worded when shown, and each error message is translated
when it is formatted, by the patterns of :data:`ERROR_PATTERNS` (the errors
are built as English f-strings; the patterns take them apart again).

Examples
--------
>>> from graph_model.i18n import use_language
>>> with use_language("zh"):
...     translate_error("Invalid value for '--mode': 'greedy' is not one of 'keep', 'fresh'.")
"'--mode' 的值无效：'greedy' 不是 'keep', 'fresh' 之一。"
>>> with use_language("zh"):
...     translate_error("No such option: --frob (Possible options: --format, --from)")
'没有这个选项：--frob（可能的选项：--format, --from）'
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

from graph_model.i18n import N_, _

__all__ = ["PANEL_TEXTS", "ERROR_PATTERNS", "USAGE_PREFIX", "HELP_OPTION_HELP", "translate_error", "install"]

PANEL_TEXTS: dict[str, str] = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
"""typer.rich_utils' constants and their English text (the msgid)."""

USAGE_PREFIX = N_("Usage: ")
HELP_OPTION_HELP = N_("Show this message and exit.")

ERROR_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in (
        (r"Invalid value for (?P<param>.+?): (?P<message>.*)", N_("Invalid value for {param}: {message}")),
        (r"Invalid value: (?P<message>.*)", N_("Invalid value: {message}")),
        (r"Missing option (?P<param>.+?)\.(?: (?P<message>.*))?", N_("Missing option {param}.")),
        (r"Missing argument (?P<param>.+?)\.(?: (?P<message>.*))?", N_("Missing argument {param}.")),
        (r"Missing parameter: (?P<param>.*)", N_("Missing parameter: {param}")),
        (r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)", N_("No such option: {name} (Possible options: {options})")),
        (r"No such option: (?P<name>.*)", N_("No such option: {name}")),
        (r"No such command (?P<name>.*)\.", N_("No such command {name}.")),
        (r"Got unexpected extra arguments? \((?P<args>.*)\)", N_("Got unexpected extra argument(s) ({args})")),
        (r"(?P<value>.+) is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}.")),
        (r"Value (?P<value>.+) is not a valid (?P<type>.*)\.", N_("Value {value} is not a valid {type}.")),
        (r"Input should be greater than or equal to (?P<n>.*)", N_("Input should be greater than or equal to {n}")),
        (r"Input should be less than or equal to (?P<n>.*)", N_("Input should be less than or equal to {n}")),
        (r"Input should be a valid integer.*", N_("Input should be a whole number")),
        (r"Input should be a valid number.*", N_("Input should be a number")),
        (r"Option (?P<name>.+) requires an argument\.", N_("Option {name} requires an argument.")),
        (r"Option (?P<name>.+) does not take a value\.", N_("Option {name} does not take a value.")),
    )
)
"""English error messages of the framework (as patterns) and their msgids; nested messages are translated too."""


def translate_error(message: str) -> str:
    """A framework error message in the current language (unchanged when no pattern fits)."""
    message = message.strip().removeprefix("Value error, ")  # how pydantic prefixes a validator's message
    for pattern, msgid in ERROR_PATTERNS:
        found = pattern.fullmatch(message.strip())
        if found:
            fields = {k: (translate_error(v) if k == "message" else v) for k, v in found.groupdict().items() if v is not None}
            return _(msgid).format(**{k: fields.get(k, "") for k in re.findall(r"\{(\w+)\}", msgid)})
    return message


_installed = False


def _translating(format_message: Callable[[Any], str]) -> Callable[[Any], str]:
    def translated(self: Any) -> str:
        return translate_error(format_message(self))

    return translated


def _translate_panels(rich_utils: ModuleType, texts: dict[str, str]) -> None:
    for constant, text in texts.items():
        setattr(rich_utils, constant, text)


class _PanelTranslator(importlib.abc.MetaPathFinder):
    """Sets ``typer.rich_utils``' panel texts as soon as typer imports it (worded when :func:`install` last ran)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        exec_module, texts = spec.loader.exec_module, self.texts

        def exec_and_translate(module: ModuleType) -> None:
            exec_module(module)
            _translate_panels(module, texts)

        spec.loader.exec_module = exec_and_translate  # type: ignore[method-assign]
        return spec


_pending = _PanelTranslator()


def install() -> None:
    """Make typer speak the current language: panel texts now, usage, help option and errors whenever shown."""
    global _installed
    from typer._click import core, exceptions, formatting

    texts = {constant: _(text) for constant, text in PANEL_TEXTS.items()}
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        _translate_panels(rich_utils, texts)
    else:  # typer imports it (rich, markdown-it, pygments: ~0.05 s) only to show help or an error
        _pending.texts = texts
        if _pending not in sys.meta_path:
            sys.meta_path.insert(0, _pending)
    if _installed:
        return
    _installed = True
    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_translated(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _(USAGE_PREFIX) if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_translated  # type: ignore[method-assign]
    get_help_option = core.Command.get_help_option

    def get_help_option_translated(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = _(HELP_OPTION_HELP)
        return option

    core.Command.get_help_option = get_help_option_translated  # type: ignore[method-assign]
    for cls in (exceptions.ClickException, exceptions.UsageError, exceptions.BadParameter, exceptions.MissingParameter,
                exceptions.NoSuchOption, exceptions.BadOptionUsage, exceptions.BadArgumentUsage):
        own = cls.__dict__.get("format_message")
        if own is not None:
            setattr(cls, "format_message", _translating(own))
