"""A hostile dataset.toml and an unusable state directory give one clear line, never a traceback (issue 16, low items)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from graph_model.errors import DatasetError, LinliError, Problem
from graph_model.state_dir import require_usable
from graph_model.stores.memory.journaled_store import open_journaled_store
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, load_dataset
from tests.loaders.builders import small_network, write_dataset

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

LINLI = Path(sys.executable).with_name("linli")
TOO_DEEP = "valid TOML nested a few levels deep (it nests too deeply to read)"


def run_linli(*args: str, state: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    if state is not None:
        env["LINLI_STATE_DIR"] = str(state)
    return subprocess.run([str(LINLI), "--lang", "en", *args], env={**env, "NO_COLOR": "1", "COLUMNS": "80"},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("nesting", ["a = " + "[" * 100_000 + "]" * 100_000, "a = " + "{b=" * 100_000 + "1" + "}" * 100_000])
def test_a_100k_nested_dataset_toml_is_one_problem(tmp_path: Path, nesting: str) -> None:
    nodes, rels = small_network()
    root = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels, meta=nesting + "\n")
    with pytest.raises(DatasetError) as caught:
        load_dataset(root)
    assert caught.value.problems == [Problem(str(root / "dataset.toml"), None, None, None, TOO_DEEP)]
    result = run_linli("validate", "--data", str(root))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert TOO_DEEP in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unusable_dirs(tmp_path: Path) -> list[tuple[Path, str]]:
    """State directories Linli cannot use: a file, and a folder it may not write to."""
    a_file = tmp_path / "state-file"
    a_file.write_text("not a folder", encoding="utf-8")
    found = [(a_file, "Not a directory")]
    if os.geteuid() != 0:
        read_only = tmp_path / "read-only"
        read_only.mkdir(mode=0o555)
        found.append((read_only, "Permission denied"))
    elif Path("/sys").is_dir():  # root writes through file modes: sysfs refuses new folders even to root
        found.append((Path("/sys/linli-state"), "Operation not permitted"))
    return found


def test_an_unusable_state_directory_is_one_clear_error(tmp_path: Path) -> None:
    for state, reason in unusable_dirs(tmp_path):
        for opening in (lambda: open_journaled_store(MemoryStore(), dataset=bundled_dataset_path(), state_dir=state),
                        lambda: require_usable(state)):
            with pytest.raises(LinliError) as caught:
                opening()
            message = str(caught.value)
            assert str(state) in message and reason in message and "LINLI_STATE_DIR" in message and "\n" not in message


def test_serve_with_an_unusable_state_directory_says_so_in_one_line(tmp_path: Path) -> None:
    for state, reason in unusable_dirs(tmp_path):
        result = run_linli("serve", "--data", str(bundled_dataset_path()), "--port", str(free_port()), state=state)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: the state directory") and reason in lines[0], lines
    shutil.rmtree(tmp_path, ignore_errors=True)


@pytest.mark.parametrize("command", [["stats"], ["gaps"], ["token", "list"], ["token", "add", "someone"]])
def test_commands_given_a_file_as_state_directory_say_so_in_one_line(tmp_path: Path, command: list[str]) -> None:
    (state, reason), *_ = unusable_dirs(tmp_path)
    result = run_linli(*command, state=state)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: the state directory {state} cannot be used ({reason}: {state}); set LINLI_STATE_DIR to a folder Linli may create and write"
    ]


def test_require_usable_creates_a_missing_state_directory(tmp_path: Path) -> None:
    require_usable(tmp_path / "new" / "state")
    assert (tmp_path / "new" / "state").is_dir()
    require_usable(tmp_path / "missing", writable=False)  # a reader creates nothing
    assert not (tmp_path / "missing").exists()
