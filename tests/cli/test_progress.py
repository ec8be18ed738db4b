"""Progress on long work: a bar on a terminal, one plain line per stage otherwise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from cli import progress as progress_module
from cli.app import app


@pytest.mark.parametrize("terminal", [True, False])
def test_stage_progress_draws_a_bar_on_a_terminal_and_lines_otherwise(monkeypatch: pytest.MonkeyPatch, terminal: bool) -> None:
    out = io.StringIO()
    monkeypatch.setattr(progress_module, "errors", Console(file=out, force_terminal=terminal, width=100))
    from graph_model.i18n import use_language

    with use_language("en"), progress_module.stage_progress() as progress:
        progress("reading", 0, 0)
        for done in range(0, 1001, 250):
            progress("writing rows", done, 1000)
    text = out.getvalue()
    if terminal:
        assert "\x1b[" in text and "1000/1000" in text.replace(",", "")
    else:
        assert text.splitlines()[:2] == ["reading …", "writing rows …"]
        assert text.splitlines()[2].startswith("writing rows: done (1,000 in")


def test_export_and_generate_report_each_stage_on_stderr(tmp_path: Path) -> None:
    runner = CliRunner()
    generated = runner.invoke(app, ["--lang", "en", "generate", "--subdistricts", "1", "--out", str(tmp_path / "city")])
    assert generated.exit_code == 0 and "generating subdistricts: done" in generated.stderr
    assert "generating" not in generated.stdout
    exported = runner.invoke(app, ["--lang", "en", "export", "--data", str(tmp_path / "city"), "--out", str(tmp_path / "city.xlsx")])
    assert exported.exit_code == 0, exported.output
    assert "writing tables: done" in exported.stderr and "tables" in exported.stdout
