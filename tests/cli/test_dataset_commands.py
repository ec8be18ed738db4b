"""``linli validate`` and ``linli stats``: output shapes, Daoyi counts, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from graph_model.records import GraphStats
from graph_model.schema import PARTY_ORG_LEVELS, NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from loaders import validation
from tests.loaders.builders import small_network, write_dataset, write_workbook

LINLI = Path(sys.executable).with_name("linli")


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    nodes, rels = small_network()
    nodes["Community"][0]["governance_strength"] = 6
    nodes["Grid"][0]["community"] = "c9"
    return write_dataset(tmp_path / "broken", nodes=nodes, relationships=rels)


def test_stats_json_has_every_kind_type_and_level_with_the_daoyi_counts(runner: CliRunner, daoyi_store: MemoryStore) -> None:
    result = runner.invoke(app, ["--lang", "en", "stats", "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert list(counts) == ["nodes", "relationships", "party_org_levels"]
    assert list(counts["nodes"]) == [k.value for k in NodeKind]
    assert list(counts["relationships"]) == [t.value for t in RelType]
    assert list(counts["party_org_levels"]) == list(PARTY_ORG_LEVELS)
    assert all(isinstance(n, int) for group in counts.values() for n in group.values())
    assert counts == daoyi_store.stats().as_dict()
    assert (counts["nodes"]["Community"], counts["nodes"]["Grid"], counts["nodes"]["Building"], counts["nodes"]["Household"]) == (
        23, 182, 2169, 165)
    levels = counts["party_org_levels"]
    assert (levels["subdistrict_committee"], levels["community"], levels["grid_branch"], levels["building_group"]) == (1, 23, 58, 87)
    assert counts["relationships"]["MENTORS"] == 8


def test_stats_as_tables_is_readable(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "en", "stats"], terminal_width=120)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for title in ("Nodes", "Relationships", "Party organizations by level"):
        assert title in out
    rows = {line.strip("│ ").split("│")[0].strip(): line.split("│")[-2].strip() for line in out.splitlines() if line.count("│") == 3}
    assert rows["楼栋 (Building)"] == "2,169" and rows["社区 (Community)"] == "23"
    assert rows["网格党支部 (grid_branch)"] == "58" and rows["楼栋党小组 (building_group)"] == "87"
    assert "institution" not in out  # levels with no organization are left out
    assert "{" not in out


def test_stats_of_another_dataset_and_of_a_workbook(runner: CliRunner, tmp_path: Path) -> None:
    nodes, rels = small_network()
    for path in (write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels),
                 write_workbook(tmp_path / "ds.xlsx", nodes=nodes, relationships=rels)):
        result = runner.invoke(app, ["--lang", "en", "stats", "--json", "--data", str(path)])
        assert result.exit_code == 0, result.output
        counts = json.loads(result.stdout)
        assert (counts["nodes"]["Community"], counts["nodes"]["Grid"], counts["relationships"]["CO_BUILDS"]) == (2, 2, 1)


def test_validate_the_bundled_dataset(runner: CliRunner, daoyi_store: MemoryStore) -> None:
    result = runner.invoke(app, ["--lang", "en", "validate"])
    assert result.exit_code == 0, result.output
    stats: GraphStats = daoyi_store.stats()
    nodes, rels = sum(stats.nodes.values()), sum(stats.relationships.values())
    first, second = result.stdout.strip().splitlines()
    assert first.endswith(f"valid — {nodes:,} nodes, {rels:,} relationships")
    categories = stats.nodes["Category"]
    assert second.strip() == f"{nodes - categories:,} nodes from the dataset, {categories:,} categories from the default taxonomy"
    assert "daoyi" in result.stdout


def test_validate_a_broken_dataset_lists_every_problem_and_exits_2(runner: CliRunner, broken: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "validate", "--data", str(broken)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        "The dataset has 2 problem(s); nothing was loaded.",
        f"  • {broken / 'nodes' / 'Community.csv'}, line 2, column governance_strength: '6' — expected a whole number from 1 to 5",
        f"  • {broken / 'nodes' / 'Grid.csv'}, line 2, column community: 'c9' — expected the id of a Community; no node has id 'c9'",
    ]


def test_stats_of_a_broken_dataset_exits_2_too(runner: CliRunner, broken: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", "stats", "--json", "--data", str(broken)])
    assert result.exit_code == 2
    assert result.stdout == "" and "The dataset has 2 problem(s)" in result.stderr


def test_a_truncated_problem_list_says_so(runner: CliRunner, tmp_path: Path) -> None:
    rows = [{"id": f"g{i}", "name": "网格", "community": "c-none"} for i in range(validation.MAX_PROBLEMS + 1)]
    path = write_dataset(tmp_path / "many", nodes={"Grid": rows})
    result = runner.invoke(app, ["--lang", "en", "validate", "--data", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"The dataset has {validation.MAX_PROBLEMS}+ problem(s); nothing was loaded."
    assert len(result.stderr.splitlines()) == validation.MAX_PROBLEMS + 1


def test_validate_a_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "没有这个目录"
    result = runner.invoke(app, ["--lang", "en", "validate", "--data", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "The dataset has 1 problem(s); nothing was loaded.",
        f"  • {missing}: an existing dataset folder or .xlsx file",
    ]


def test_the_installed_command_exits_2_without_a_traceback(broken: Path) -> None:
    done = subprocess.run([str(LINLI), "--lang", "en", "validate", "--data", str(broken)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    assert "line 2, column governance_strength: '6' — expected a whole number from 1 to 5" in done.stderr
    assert "The dataset has 2 problem(s); nothing was loaded." in done.stderr


@pytest.fixture
def several_broken(tmp_path: Path) -> Path:
    """A dataset breaking four kinds of rule: a number out of range, an unknown enum value, an empty required cell, an unknown reference."""
    nodes, rels = small_network()
    nodes["Community"][0]["governance_strength"] = 6
    nodes["Community"][1]["type"] = "town"
    nodes["Grid"][0]["community"] = "c9"
    nodes["Grid"][1]["name"] = ""
    return write_dataset(tmp_path / "broken", nodes=nodes, relationships=rels)


def test_validate_words_every_problem_in_chinese_by_default_and_in_english_on_request(runner: CliRunner, several_broken: Path) -> None:
    community, grid = several_broken / "nodes" / "Community.csv", several_broken / "nodes" / "Grid.csv"
    chinese = runner.invoke(app, ["validate", "--data", str(several_broken)], env={"LINLI_LANG": None})
    assert chinese.exit_code == 2 and chinese.stdout == ""
    assert chinese.stderr.splitlines() == [
        "数据集有 4 个问题，未载入任何数据。",
        f"  • {community}，第 2 行，governance_strength 列：'6' —— 应为 1 到 5 的整数",
        f"  • {community}，第 3 行，type 列：'town' —— 应为 urban/village 之一（或 城市社区/行政村）",
        f"  • {grid}，第 3 行，name 列：需要一个值（文本）；此列必填",
        f"  • {grid}，第 2 行，community 列：'c9' —— 应为社区的编号；没有编号为 'c9' 的节点",
    ]
    english = runner.invoke(app, ["--lang", "en", "validate", "--data", str(several_broken)], env={"LINLI_LANG": None})
    assert english.exit_code == 2 and english.stdout == ""
    assert english.stderr.splitlines() == [
        "The dataset has 4 problem(s); nothing was loaded.",
        f"  • {community}, line 2, column governance_strength: '6' — expected a whole number from 1 to 5",
        f"  • {community}, line 3, column type: 'town' — expected one of urban/village",
        f"  • {grid}, line 3, column name: a value (text); this column is required",
        f"  • {grid}, line 2, column community: 'c9' — expected the id of a Community; no node has id 'c9'",
    ]
    assert runner.invoke(app, ["validate", "--data", str(several_broken)], env={"LINLI_LANG": "en"}).stderr == english.stderr

