"""The ledger template (台账模板.xlsx): an empty workbook a planner fills in by hand and Linli loads as it is.

:func:`write_template` draws it from :mod:`graph_model.schema`, so it cannot
drift from what the loader accepts:

- a ``说明`` sheet first: how to fill it in, then every table with its
  meaning (the loader skips it, as it skips any sheet that is no table);
- one sheet per table, named in Chinese (``社区``, ``共建协议``), with a title
  row (skipped by the loader), then the Chinese headers — required ones
  marked ``（必填）``, a note the loader ignores — each with a cell comment
  saying what the column holds (:func:`loaders.column_notes.column_note`);
- a drop-down list (data validation) on every enum column, offering the
  values' Chinese names, and 是/否 on every yes/no column.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from openpyxl import load_workbook
>>> with tempfile.TemporaryDirectory() as tmp:
...     book = load_workbook(write_template(Path(tmp) / "台账模板.xlsx"))
>>> book.sheetnames[:4]
['说明', '街道', '社区', '小区']
>>> [c.value for c in book["社区"][2]][:4]
['编号（必填）', '名称（必填）', '类型（必填）', '所属街道（必填）']
>>> book["社区"].data_validations.dataValidation[0].formula1
'"城市社区,行政村"'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES, Column, ValueType
from loaders.column_notes import column_note, relationship_ends, table_meaning

__all__ = ["write_template", "TEMPLATE_ROWS", "template_tables", "HEADER_ROW"]

TEMPLATE_ROWS = 2000
"""How many rows the drop-down lists cover below the header."""
HEADER_ROW = 2
"""The header's row (row 1 is the sheet's title, which the loader skips)."""

_HEAD_FILL = "DDEBF7"
_REQUIRED_FILL = "FCE4D6"


def template_tables() -> list[tuple[str, str, Sequence[Column]]]:
    """Every table of the template: (schema name, Chinese name, columns), in the order of docs/data-model.md."""
    tables: list[tuple[str, str, Sequence[Column]]] = []
    for kind, spec in NODE_SPECS.items():
        tables.append((kind.value, spec.zh, spec.columns))
    for rel, rel_spec in RELATIONSHIP_TABLES.items():
        tables.append((rel.value, rel_spec.zh, (*relationship_ends(rel), *rel_spec.properties)))
    return tables


def _header(column: Column) -> str:
    return f"{column.zh}（必填）" if column.required else column.zh


def _choices(column: Column) -> list[str] | None:
    if column.type is ValueType.ENUM:
        return [column.names[v][0] for v in column.choices]
    if column.type is ValueType.BOOL:
        return ["是", "否"]
    return None


def _instructions(sheet: Any, tables: list[tuple[str, str, Sequence[Column]]]) -> None:
    from openpyxl.styles import Font

    lines = [
        ("邻里台账模板 · Linli ledger template", None),
        ("", None),
        ("怎么填", None),
        ("1. 每张工作表是一张表，每行一个对象或一条关系；第 1 行是标题，第 2 行是表头，从第 3 行起填写。", None),
        ("2. 带“（必填）”的列必须填写；鼠标停在表头上可看到每列的说明，带下拉箭头的列从列表中选。", None),
        ("3. 编号在整个台账中唯一，可以用中文；引用别的对象（所属社区、起点、终点……）时写它的编号，或写它的名称（名称只对应一个对象时）。", None),
        ("4. 多项写在一格里用“；”分隔；日期写 2024-01-05、2024/1/5 或 2024年1月5日；是否写 是/否。", None),
        ("5. 用不到的表可以留空或删除；本说明页和其他不是表名的工作表不会被读取。", None),
        ("6. 填好后检查：linli validate --data 台账.xlsx（所有问题一次列出，并指明工作表、行和列）。", None),
        ("", None),
        ("工作表 · sheets", None),
    ]
    for number, (line, _style) in enumerate(lines, 1):
        cell = sheet.cell(row=number, column=1, value=line)
        if number in (1, 3, 11):
            cell.font = Font(bold=True, size=14 if number == 1 else 12)
    row = len(lines) + 1
    for column_at, title in enumerate(("工作表", "表（英文名）", "说明", "Meaning"), 1):
        sheet.cell(row=row, column=column_at, value=title).font = Font(bold=True)
    for name, zh, _columns in tables:
        row += 1
        meaning_zh, meaning_en = table_meaning(name)
        for column_at, value in enumerate((zh, name, meaning_zh, meaning_en), 1):
            sheet.cell(row=row, column=column_at, value=value)
    for letter, width in zip("ABCD", (16, 18, 70, 70)):
        sheet.column_dimensions[letter].width = width


def write_template(out: Path | str) -> Path:
    """Write the ledger template to ``out`` (an ``.xlsx`` path) and return it."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    tables = template_tables()
    book = Workbook()
    guide = book.active
    guide.title = "说明"
    _instructions(guide, tables)
    for name, zh, columns in tables:
        sheet = book.create_sheet(zh)
        meaning_zh, _en = table_meaning(name)
        sheet.cell(row=1, column=1, value=f"{zh}（{name}）：{meaning_zh}").font = Font(bold=True)
        for at, column in enumerate(columns, 1):
            cell = sheet.cell(row=HEADER_ROW, column=at, value=_header(column))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=_REQUIRED_FILL if column.required else _HEAD_FILL)
            cell.alignment = Alignment(horizontal="center")
            note_zh, note_en = column_note(column, name)
            comment = Comment(f"{note_zh}\n{column.name}: {note_en}", "Linli", width=320, height=160)
            cell.comment = comment
            letter = get_column_letter(at)
            sheet.column_dimensions[letter].width = max(12, 2 * len(column.zh) + 8)
            choices = _choices(column)
            if choices:
                check = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
                check.error = "请从下拉列表中选择：" + "、".join(choices)
                check.errorTitle = column.zh
                check.showErrorMessage = True
                check.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + TEMPLATE_ROWS}")
                sheet.add_data_validation(check)
        sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    path = Path(out)
    book.save(path)
    return path

