"""The lazy ``linli`` app: ``--help`` lists every command without importing any, each command loads what it needs.

No timing here (the machine is shared): what is checked is what gets imported;
the whole-process times are bench/cli_startup.py's, in docs/benchmarks.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import typer
from typer.testing import CliRunner

from cli.app import COMMANDS, app, load_command
from graph_model.i18n import _, use_language

HEAVY = ("networkx", "fastapi", "starlette", "uvicorn", "neo4j", "pandas", "openpyxl", "scipy", "numpy", "pydantic",
         "pypinyin", "rapidfuzz", "loaders", "viz", "api", "generators")

_IMPORTS = """
import atexit, contextlib, io, json, sys
from cli.main import main
args, watched = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.argv = ["linli", *args]
# an exit handler: linli ends the process at once (os._exit) after running its exit handlers
atexit.register(lambda: (sys.__stdout__.write(json.dumps(sorted(m for m in watched if m in sys.modules)) + "\\n"), sys.__stdout__.flush()))
with contextlib.redirect_stdout(io.StringIO()):
    main()
"""


def _imported(*args: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    """Which of ``watched`` (default: HEAVY) a whole ``linli ARGS`` process imported (its own interpreter, its own sys.modules)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    done = subprocess.run([sys.executable, "-c", _IMPORTS, json.dumps(args), json.dumps(watched)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_help_imports_no_command_module() -> None:
    assert _imported("--help") == []
    assert _imported("--lang", "en", "--help") == []


def test_a_command_on_the_bundled_dataset_imports_only_what_it_needs() -> None:
    imported = _imported("stats", "--json")
    assert {"networkx", "loaders"} <= set(imported)
    assert not {"fastapi", "starlette", "uvicorn", "neo4j", "pandas", "openpyxl", "scipy", "numpy", "pypinyin", "viz",
                "api", "generators"} & set(imported)


def test_a_command_on_the_bundled_dataset_leaves_out_pydantic_settings_and_the_help_formatter() -> None:
    """The settings are read without pydantic-settings (CommandSettings); typer's rich help formatter only for help or an error."""
    left_out = ("pydantic_settings", "typer.rich_utils", "rich.markdown")
    assert _imported("stats", watched=left_out) == []
    assert _imported("stats", "--json", watched=left_out) == []


def test_the_help_formatter_still_speaks_the_chosen_language() -> None:
    """typer.rich_utils, imported late, still gets its panel texts translated."""
    result = CliRunner().invoke(app, ["--lang", "zh", "stats", "--frob"])
    assert result.exit_code == 2 and "没有这个选项" in result.output


def test_the_listed_help_is_the_commands_own() -> None:
    for name, module, help_text in COMMANDS:
        command = load_command(name, module)
        translations = set()
        for language in ("zh", "en"):
            with use_language(language):
                translations.add(_(help_text))
        assert command.help in translations, name  # in the language it was first loaded in


def test_every_command_is_listed_and_runs_through_the_real_one() -> None:
    group = typer.main.get_command(app)
    ctx = group.make_context("linli", ["--help"], resilient_parsing=True)
    assert group.list_commands(ctx) == [name for name, _m, _h in COMMANDS]
    result = CliRunner().invoke(app, ["--lang", "en", "stats", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["nodes"]["Community"] == 23
    typo = CliRunner().invoke(app, ["--lang", "en", "statz"])
    assert typo.exit_code == 2 and "stats" in typo.output


def test_exiting_at_once_still_runs_the_exit_handlers() -> None:
    """What ends a command that loaded a city: the exit handlers run, output is flushed, the status kept."""
    code = ("import atexit, sys; from cli.main import _exit_at_once; atexit.register(lambda: print('handlers ran'));"
            "sys.stdout.write('answer '); _exit_at_once(3)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and done.stdout == "answer handlers ran\n"


def test_match_on_the_bundled_dataset_leaves_out_the_pairing_solver_and_pinyin() -> None:
    """numpy/scipy are the mentor pairing's, pypinyin the near-name lookup's: a need found by its id needs neither."""
    imported = set(_imported("match", "--need", "n-liwan-03", "--json"))
    assert "networkx" in imported and not {"numpy", "scipy", "pypinyin", "fastapi", "neo4j", "openpyxl"} & imported


def test_the_collector_is_paused_only_while_the_command_starts() -> None:
    """cli.main pauses the cyclic collector for the imports; it runs again (the imports frozen) before the command does."""
    code = ("import atexit, gc, sys\nfrom cli.main import main\nsys.argv = ['linli', *sys.argv[1:]]\n"
            "atexit.register(lambda: (print(gc.isenabled(), gc.get_freeze_count() > 0), sys.stdout.flush()))\nmain()")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    done = subprocess.run([sys.executable, "-c", code, "stats", "--json"], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "True True"


def test_a_small_command_ends_at_once_with_its_output_and_status() -> None:
    """No thread left: the process ends without tearing its modules down, its output flushed and its exit status kept."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    code = "import sys\nfrom cli.main import main\nsys.argv = ['linli', *sys.argv[1:]]\nmain()"
    done = subprocess.run([sys.executable, "-c", code, "stats", "--json"], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0 and json.loads(done.stdout)["nodes"]["Community"] == 23
    done = subprocess.run([sys.executable, "-c", code, "match", "--need", "no-such-need"], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 2 and done.stderr.strip()
