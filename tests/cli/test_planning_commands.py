"""``linli rates``, ``linli dispatch``, ``linli recommend`` and ``--without``: JSON as the library answers, tables, Excel read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import common
from cli.app import app
from graph_model.planning.dispatch import propose_dispatch
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "planning_small"
ENV = {"LINLI_NEO4J_URI": None, "NO_COLOR": "1", "COLUMNS": "100", "LINLI_LANG": None, "LINLI_STATE_DIR": None}


@pytest.fixture(autouse=True)
def hundred_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    for console in (common.console, common.errors):
        monkeypatch.setattr(console, "_width", 100)


def run(*args: str, data: Path = FIXTURE, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(app, [*args, "--data", str(data)], env={**ENV, **(env or {})})


def test_rates_json_and_table() -> None:
    result = run("rates", "--by", "community", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["by"] == "community" and [r["id"] for r in out["rows"]] == ["c1", "c2", "c3", "c4"]
    assert out["total"]["reported"] == 10
    table = run("rates", "--from", "2024-03-01", "--to", "2024-03-31")
    assert table.exit_code == 0 and "甲街道" in table.stdout and "50.00%" in table.stdout and "合计" in table.stdout


def test_rates_bad_date_is_a_clear_error() -> None:
    result = run("rates", "--from", "March")
    assert result.exit_code == 2 and "Traceback" not in result.output and "March" in result.output


def test_rates_xlsx_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "rates.xlsx"
    assert run("rates", "--by", "partner", "--xlsx", str(path)).exit_code == 0
    sheet = load_workbook(path).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if "p-r" in r) - 1
    body = rows[header + 1:]
    assert [r[1] for r in body] == ["p-r", "p-x", "p-y", None]
    assert body[0][2:7] == [3, 3, 3, 2, 1] and body[0][7] == 1.0 and body[0][9] == 0.5
    assert body[-1][2] == 10


def test_dispatch_json_table_and_xlsx(tmp_path: Path) -> None:
    out = json.loads(run("dispatch", "--json").stdout)
    assert out["assigned"] == 4 and out["total_score"] == 3.1 and out["greedy"] == {"assigned": 3, "total_score": 1.98}
    path = tmp_path / "dispatch.xlsx"
    table = run("dispatch", "--xlsx", str(path))
    assert table.exit_code == 0 and "维二公司" in table.stdout and "3.1000" in table.stdout and "1.9800" in table.stdout
    book = load_workbook(path)
    assigned = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert [r[1] for r in assigned if r[1] and str(r[1]).startswith("n-d")] == ["n-d1", "n-d2", "n-d3", "n-d4"]
    left = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    assert any("n-none" in r for r in left)


def test_dispatch_without(tmp_path: Path) -> None:
    out = json.loads(run("dispatch", "--without", "p-w,p-y", "--json").stdout)
    assert out["assigned"] == 3


def test_dispatch_apply_needs_somewhere_to_write() -> None:
    result = run("dispatch", "--apply")
    assert result.exit_code == 2 and "LINLI_STATE_DIR" in result.output


def test_dispatch_apply_journals_the_events(tmp_path: Path) -> None:
    state = tmp_path / "state"
    result = run("dispatch", "--apply", env={"LINLI_STATE_DIR": str(state)})
    assert result.exit_code == 0, result.output
    from graph_model.settings import LinliSettings
    from loaders import opening

    store = opening.open_store(LinliSettings(data=FIXTURE, state_dir=state, neo4j_uri=None))
    try:
        assert {n: store.get(n).props["status"] for n in ("n-d1", "n-d2", "n-d3", "n-d4", "n-none")} == {  # type: ignore[union-attr]
            "n-d1": "dispatched", "n-d2": "dispatched", "n-d3": "dispatched", "n-d4": "dispatched", "n-none": "open"}
        assert store.need_history(["n-d2"])["n-d2"][-1].partner == "p-v"
        assert propose_dispatch(store).assigned == 0  # nothing open with a candidate is left
    finally:
        store.close()
    fresh = MemoryStore()
    load_into(fresh, FIXTURE)
    assert fresh.get("n-d1").props["status"] == "open"  # type: ignore[union-attr]


def test_recommend_json_table_and_xlsx(tmp_path: Path) -> None:
    out = json.loads(run("recommend", "--k", "1", "--json").stdout)
    assert out["subdistricts"][1] == {"id": "sd-b", "value": 2, "agreements": [
        {"partner": "p-x", "community": "c4", "closes_needs": ["n-none"], "closes_community_gap": True}]}
    path = tmp_path / "plan.xlsx"
    table = run("recommend", "--k", "1", "--subdistrict", "乙街道", "--xlsx", str(path))
    assert table.exit_code == 0 and "服甲公司" in table.stdout
    rows = [[c.value for c in row] for row in load_workbook(path).worksheets[0].iter_rows()]
    assert any(r[3] == "p-x" and r[5] == "c4" and r[6] == "n-none" for r in rows)
    assert run("recommend", "--json").exit_code == 2  # --k is required


def test_gaps_and_match_without() -> None:
    out = json.loads(run("gaps", "--without", "p-z", "--without", "维一公司", "--json").stdout)
    assert out["without"] == ["p-v", "p-z"]
    assert sorted((g["kind"], g["subject"]) for g in out["opened"]) == [
        ("community_without_partner", "c3"), ("need_without_resolver", "n-d2")]
    table = run("gaps", "--without", "p-z")
    assert table.exit_code == 0 and "三社区" in table.stdout
    match = json.loads(run("match", "--need", "n-d4", "--without", "p-x", "--json").stdout)
    assert [r["id"] for r in match["results"]] == ["p-z"]
    assert run("match", "--need", "n-d4", "--without", "nobody-at-all").exit_code == 2
