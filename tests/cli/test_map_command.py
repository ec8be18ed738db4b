"""``linli map``: the default layer, the focus shortcut, JSON output and clean errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app
from graph_model.stores.memory.store import MemoryStore

ENV = {"LINLI_NEO4J_URI": None, "NO_COLOR": "1", "COLUMNS": "200"}


def test_map_writes_the_circle_by_default(tmp_path: Path, daoyi_store: MemoryStore) -> None:
    out = tmp_path / "maps" / "daoyi.html"
    result = CliRunner().invoke(app, ["map", "--out", str(out)], env=ENV)
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and "党建朋友圈（circle）" in result.output and "已写入" in result.output  # Chinese by default
    assert f"共建单位 {daoyi_store.stats().nodes['Partner']}" in result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_focus_implies_the_focus_layer(tmp_path: Path, daoyi_store: MemoryStore) -> None:
    out = tmp_path / "beiyuan.html"
    result = CliRunner().invoke(app, ["map", "--out", str(out), "--focus", "北苑社区", "--depth", "1", "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["layer"] == "focus" and summary["path"] == str(out)
    near = daoyi_store.neighbourhood("c-beiyuan", 1)
    assert summary["nodes_by_kind"]["Community"] == 1
    # the neighbourhood, and the partners that could resolve its unresolved needs, tied by 可承接 (CAN_HELP) edges
    helpers = summary["edges_by_type"]["CAN_HELP"]
    assert summary["edges"] - helpers == len(near.relationships)
    assert len(near.nodes) < summary["nodes"] <= len(near.nodes) + helpers
    assert any("尚未与北苑社区建立关系" in note for note in summary["notes"])


def test_bad_arguments_exit_2_without_traceback(tmp_path: Path) -> None:
    runner = CliRunner()
    for args, words in ((["--layer", "circle", "--focus", "c-beiyuan"], "goes with the focus layer"),
                        (["--focus", "c-beiyun"], "did you mean: 北苑社区 (c-beiyuan)"),
                        (["--layer", "focus"], "needs a node to focus on")):
        result = runner.invoke(app, ["--lang", "en", "map", "--out", str(tmp_path / "x.html"), *args], env=ENV)
        assert result.exit_code == 2, (args, result.output)
        assert words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()
