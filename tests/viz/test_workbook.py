"""Workbooks for reports: every row, the header frozen and repeated, widths that fit Chinese text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from viz.workbook import Col, Sheet, sheet_title, text_width, write_workbook


def test_every_row_and_typed_cells_come_back(tmp_path: Path) -> None:
    rows = [{"id": f"n{i}", "name": f"诉求{i}", "score": i / 7, "ok": i % 2 == 0, "tags": ["养老", "助餐"]} for i in range(3000)]
    columns = [Col("id", "编号"), Col("name", "名称"), Col("score", "得分", number_format="0.0000"), Col("ok", "是否"), Col("tags", "标签")]
    path = tmp_path / "out.xlsx"
    write_workbook(path, [Sheet("诉求", columns, rows, note="道义街道 · 2026-12-02"), Sheet("空表", columns, [])])
    book = load_workbook(path)
    ws = book["诉求"]
    assert ws["A1"].value == "道义街道 · 2026-12-02"
    assert [c.value for c in ws[2]] == ["编号", "名称", "得分", "是否", "标签"]
    assert ws.max_row == 2 + len(rows)
    assert [c.value for c in ws[3]] == ["n0", "诉求0", 0, True, "养老、助餐"]
    assert ws.cell(row=2 + 3000, column=3).value == pytest.approx(rows[-1]["score"], rel=1e-15)  # Excel keeps 15 digits
    assert ws.cell(row=4, column=3).number_format == "0.0000"
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:E3002"
    assert ws.print_title_rows == "$2:$2" and ws.page_setup.orientation == "landscape"
    assert ws.column_dimensions["B"].width >= text_width("诉求1999") == 8  # wide characters count two
    assert book["空表"].max_row == 1


def test_sheet_titles_are_made_valid_and_unique() -> None:
    taken: set[str] = set()
    titles = [sheet_title(t, taken) for t in ("社区无党群服务中心/站", "a:b", "x" * 40, "x" * 40)]
    assert titles[0] == "社区无党群服务中心_站" and titles[1] == "a_b"
    assert len(titles[2]) == len(titles[3]) == 31 and titles[2] != titles[3]


def test_a_file_object_gets_the_workbook() -> None:
    buffer = io.BytesIO()
    write_workbook(buffer, [Sheet("表", [Col("a", "甲")], [("一",), ("二",)])])
    assert [r[0].value for r in load_workbook(io.BytesIO(buffer.getvalue()))["表"].iter_rows()] == ["甲", "一", "二"]
