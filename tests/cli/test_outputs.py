"""What a planner reads: Chinese by default (snapshots at 100 columns), English with --lang en, Excel and CSV written whole.

The snapshots under ``tests/cli/golden/`` are the exact terminal output of
``gaps``, ``match``, ``mentors`` and ``overview`` on ``queries_small`` at 100
columns; after a deliberate change of wording, rewrite them with
``LINLI_UPDATE_GOLDEN=1 pytest tests/cli/test_outputs.py`` and read the diff.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import common
from cli.app import app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "queries_small"
GOLDEN = Path(__file__).resolve().parent / "golden"
ENV = {"LINLI_NEO4J_URI": None, "NO_COLOR": "1", "COLUMNS": "100", "LINLI_LANG": None}
LINLI = Path(sys.executable).with_name("linli")

COMMANDS = {
    "gaps": ["gaps"],
    "match": ["match", "--community", "北苑", "--category", "养老服务", "--limit", "4"],
    "mentors": ["mentors", "--scope", "all"],
    "overview": ["overview"],
}


@pytest.fixture(autouse=True)
def hundred_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    for console in (common.console, common.errors):
        monkeypatch.setattr(console, "_width", 100)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--data", str(FIXTURE)], env=ENV)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_chinese_output_matches_its_snapshot(name: str) -> None:
    result = run(*COMMANDS[name])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name}.zh.txt"
    if os.environ.get("LINLI_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_wide_chinese_text_wraps_and_is_never_cut(name: str) -> None:
    text = run(*COMMANDS[name]).stdout
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "…" not in text.replace("…… 另有", "")  # rich cuts with "…"; only the caption's own ellipsis may appear


def test_the_snapshots_say_it_in_chinese() -> None:
    gaps = (GOLDEN / "gaps.zh.txt").read_text(encoding="utf-8")
    assert "覆盖缺口" in gaps and "诉求无人可解" in gaps and "区域内没有共建单位或阵地提供" in gaps
    match = (GOLDEN / "match.zh.txt").read_text(encoding="utf-8")
    assert "北苑社区" in match and "养老服务下的" in match and "签有共建协议" in match
    mentors = (GOLDEN / "mentors.zh.txt").read_text(encoding="utf-8")
    assert "可传授" in mentors and "总权重" in mentors
    for text in (gaps, match, mentors):
        assert not any(word in text for word in ("offers ", "no tie", "passes on", "Coverage gaps"))


def test_english_on_request() -> None:
    gaps = run("--lang", "en", "gaps", "--kind", "诉求无人可解").stdout
    assert "need without resolver" in gaps and "no partner or facility in the area offers" in gaps
    match = run("--lang", "en", *COMMANDS["match"]).stdout
    assert "narrower" in match and "co-building" in match and "located in 北苑社区" in match
    mentors = run("--lang", "en", *COMMANDS["mentors"]).stdout
    assert "Total weight" in mentors and "passes on" in mentors


def test_mentor_reasons_name_the_strengths() -> None:
    # wang passes on mediation (a category: 矛盾调解) and elderly_care (no name anywhere: shown as written)
    text = run(*COMMANDS["mentors"]).stdout
    assert "矛盾调解" in text and "mediation" not in text.replace("elderly_care", "")
    english = run("--lang", "en", *COMMANDS["mentors"]).stdout
    assert "mediation" in english  # the taxonomy's English name of 矛盾调解


def test_a_gap_kind_by_its_chinese_title() -> None:
    result = run("gaps", "--kind", "诉求无人可解", "--json")
    assert result.exit_code == 0, result.output
    assert '"need_without_resolver": 2' in result.stdout
    bad = run("gaps", "--kind", "网格无党支布")
    assert bad.exit_code == 2 and "网格无党支部" in bad.stderr and "Traceback" not in bad.output


def test_ambiguous_and_unknown_names_in_chinese() -> None:
    ambiguous = run("match", "--community", "苑社区", "--category", "elderly")
    assert ambiguous.exit_code == 2
    assert "北苑社区（c-north，东城街道）" in ambiguous.stderr and "南苑社区（c-south，东城街道）" in ambiguous.stderr
    unknown = run("match", "--community", "北院社区", "--category", "elderly")
    assert unknown.exit_code == 2 and "未知的社区 '北院社区'" in unknown.stderr and "北苑社区（c-north）" in unknown.stderr


# -- Excel and CSV -------------------------------------------------------------------------------


def test_gaps_to_excel_one_sheet_per_kind_with_every_row(tmp_path: Path) -> None:
    out = tmp_path / "缺口.xlsx"
    result = run("gaps", "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[0] == "缺口汇总"
    summary = {row[1]: row[2] for row in book["缺口汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["need_without_resolver"] == 2 and summary["community_without_service_center"] == 5
    assert len(book.sheetnames) == 1 + sum(1 for n in summary.values() if n)
    sheet = book["社区无党群服务中心站"] if "社区无党群服务中心站" in book.sheetnames else book[book.sheetnames[6]]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))] if sheet.freeze_panes == "A2" else None
    rows = list(sheet.iter_rows(values_only=True))
    data = [r for r in rows if r and r[1] and str(r[1]).startswith("c-")]
    assert sorted(r[1] for r in data) == ["c-hill", "c-new", "c-old", "c-river", "c-south"]  # all five, not a few
    assert header is None or header == ["对象", "编号", "社区", "说明"]
    assert any("对象" in [c for c in r if c] for r in rows[:3])


def test_gaps_to_csv_with_a_bom_every_gap(tmp_path: Path) -> None:
    out = tmp_path / "gaps.csv"
    assert run("gaps", "--csv", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 Chinese only with the BOM
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["缺口类型", "对象", "编号", "社区", "说明"]
    assert len(rows) - 1 == int(run("gaps", "--json").stdout.count('"kind":'))
    assert ["诉求无人可解", "山前邻里纠纷咨询", "n-o2", "c-hill"] == rows[[r[2] for r in rows].index("n-o2")][:4]


def test_match_and_mentors_to_excel_and_csv_in_english(tmp_path: Path) -> None:
    book_path, csv_path = tmp_path / "match.xlsx", tmp_path / "match.csv"
    result = run("--lang", "en", *COMMANDS["match"], "--xlsx", str(book_path), "--csv", str(csv_path))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:5] == ["#", "Partner", "Id", "Sector or type", "Score"]
    assert len(rows) == 5 and rows[1][2] == "f-north-center"
    sheet = load_workbook(book_path).active
    values = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == 1]
    assert values and values[0][2] == "f-north-center" and values[0][4] == 0.75
    pairs = tmp_path / "pairs.xlsx"
    assert run(*COMMANDS["mentors"], "--xlsx", str(pairs)).exit_code == 0
    book = load_workbook(pairs)
    assert book.sheetnames == ["建议结对", "未结对", "现有结对"]
    names = [r[0] for r in book["建议结对"].iter_rows(values_only=True)]
    assert "王建国" in names and "赵刚" in names


def test_overview_to_excel(tmp_path: Path) -> None:
    out = tmp_path / "总览.xlsx"
    assert run("overview", "--xlsx", str(out)).exit_code == 0
    book = load_workbook(out)
    assert "待解决诉求" in book.sheetnames and "缺口汇总" in book.sheetnames and "建议结对" in book.sheetnames
    needs = [r for r in book["待解决诉求"].iter_rows(values_only=True) if r and r[1] and str(r[1]).startswith("n-o")]
    assert sorted(r[1] for r in needs) == ["n-o1", "n-o2", "n-o3", "n-o4", "n-o5"]


# -- the framework's own texts ---------------------------------------------------------------------


def _linli(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LINLI_NEO4J_URI", "LINLI_LANG")} | {"COLUMNS": "100", "NO_COLOR": "1"}
    if lang:
        env["LINLI_LANG"] = lang
    return subprocess.run([str(LINLI), *args], capture_output=True, text=True, timeout=120, env=env)


def test_help_and_a_bad_option_in_chinese() -> None:
    helped = _linli("--help")
    assert helped.returncode == 0
    for word in ("用法：", "选项", "命令", "显示本帮助并退出。", "哪家共建单位能解决社区的诉求"):
        assert word in helped.stdout, word
    assert "Usage" not in helped.stdout and "Show this message" not in helped.stdout
    bad = _linli("gaps", "--frob")
    assert bad.returncode == 2 and "没有这个选项：--frob" in bad.stderr and "错误" in bad.stderr
    missing = _linli("map")
    assert "缺少选项 '--out'" in missing.stderr
    wrong = _linli("mentors", "--mode", "greedy")
    assert "'--mode' 的值无效" in wrong.stderr and "不是 'keep', 'fresh' 之一" in wrong.stderr
    gaps_help = _linli("gaps", "--help")
    assert "诉求无人可解" in gaps_help.stdout and "…" not in gaps_help.stdout


def test_help_in_english_on_request() -> None:
    helped = _linli("--help", lang="en")
    assert "Usage:" in helped.stdout and "Show this message and exit." in helped.stdout
    bad = _linli("--lang", "en", "gaps", "--frob")
    assert "No such option: --frob" in bad.stderr
