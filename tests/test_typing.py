"""The type checker is clean: mypy, configured by ``[tool.mypy]`` in pyproject.toml, finds no error.

Run it by hand with ``.venv/bin/python -m mypy`` from the project root (the
configuration names the packages). A failure prints mypy's report.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from mypy import api as mypy_api

ROOT = Path(__file__).resolve().parent.parent
CODE_PACKAGES = {"graph_model", "loaders", "generators", "cli", "api", "viz"}


def mypy_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def test_mypy_checks_every_code_package() -> None:
    assert set(mypy_config()["files"]) == CODE_PACKAGES


def test_mypy_finds_no_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # `files` in the configuration are relative to the project root
    stdout, stderr, status = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml")])
    report = f"{stdout}{stderr}"
    assert status == 0, f"mypy found errors:\n{report}"
    checked = re.search(r"no issues found in (\d+) source files", stdout)
    assert checked and int(checked.group(1)) > 0, f"mypy checked nothing:\n{report}"


def test_the_core_is_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    stdout, stderr, status = mypy_api.run(["--strict", "--ignore-missing-imports", "graph_model"])
    assert status == 0, f"mypy --strict found errors in graph_model:\n{stdout}{stderr}"
