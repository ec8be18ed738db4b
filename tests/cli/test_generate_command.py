"""``linli generate``: a valid synthetic city, the same bytes for the same seed."""

from __future__ import annotations

import filecmp
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app
from loaders import load_dataset


def test_generate_writes_a_valid_deterministic_city(tmp_path: Path) -> None:
    runner = CliRunner()
    for out in ("a", "b"):
        result = runner.invoke(app, ["generate", "--subdistricts", "2", "--seed", "7", "--out", str(tmp_path / out)])
        assert result.exit_code == 0, result.output
    dataset = load_dataset(tmp_path / "a")
    assert sum(1 for n in dataset.nodes if n.kind.value == "Subdistrict") == 2
    same = filecmp.dircmp(tmp_path / "a" / "nodes", tmp_path / "b" / "nodes")
    assert not same.diff_files and not same.left_only and same.common_files


def test_generate_refuses_zero_subdistricts(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", "--subdistricts", "0", "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and not (tmp_path / "x").exists()
