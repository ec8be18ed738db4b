"""``linli need show`` and ``linli gaps --as-of`` on the hand-made ``lifecycle_small`` dataset (its README has the answers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cli import common
from cli.app import app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lifecycle_small"
ENV = {"LINLI_NEO4J_URI": None, "NO_COLOR": "1"}


@pytest.fixture(autouse=True)
def wide_consoles(monkeypatch: pytest.MonkeyPatch) -> None:
    for console in (common.console, common.errors):
        monkeypatch.setattr(console, "_width", 200)


def run(*args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(app, ["--lang", lang, *args, "--data", str(FIXTURE)], env=ENV)


def test_need_show_json() -> None:
    result = run("need", "show", "n-pipe-4", "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert (record["status"], record["current_partner"], record["resolved_by"]) == ("dispatched", "pt-fix", None)
    assert (record["report_time"], record["respond_hours"], record["resolve_days"]) == ("2024-04-20T00:00", 4, 10)
    assert [(e["seq"], e["action"], e["partner"]) for e in record["history"]] == [
        (1, "dispatch", "pt-water"), (2, "return", "pt-water"), (3, "dispatch", "pt-fix")]


def test_need_show_table_by_name_in_chinese() -> None:
    result = run("need", "show", "西苑水管爆裂", lang="zh")
    assert result.exit_code == 0, result.output
    for text in ("n-pipe-2", "已解决", "派单", "退单", "缺少设备", "评价", "pt-water"):
        assert text in result.stdout
    assert result.stdout.index("退单") < result.stdout.rindex("办结")  # the return row comes before the resolve row


def test_need_show_without_events_and_unknown_needs() -> None:
    assert "No events" in run("need", "show", "n-repair-1").stdout
    result = run("need", "show", "n-pipe-9")
    assert result.exit_code == 2 and "n-pipe-4" in result.stderr and "Traceback" not in result.output


def test_gaps_as_of() -> None:
    def overdue(*args: str) -> list[str]:
        result = run("gaps", "--kind", "need_overdue", *args, "--json")
        assert result.exit_code == 0, result.output
        return [g["subject"] for g in json.loads(result.stdout)["gaps"]]

    assert overdue("--as-of", "2024-04-15") == ["n-lamp-2", "n-pipe-1", "n-repair-1", "n-lamp-3"]
    assert overdue("--as-of", "2024-04-01T12:00") == ["n-repair-1"]
    assert len(overdue()) == 6  # now: every reported need not resolved (n-repair-2 has no report time)
    bad = run("gaps", "--as-of", "someday")
    assert bad.exit_code == 2 and "as_of" in bad.stderr
