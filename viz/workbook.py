"""Tables a planner prints or pastes into a report, written as one formatted Excel workbook.

Reach for :func:`write_workbook` with a list of :class:`Sheet`: each sheet
gets a bold, frozen header row with an auto-filter, column widths fitted to
the text (a Chinese character counts two), wrapped long cells, and a page set
up for printing (landscape, one page wide, the header repeated on every
page). Written with XlsxWriter in constant-memory mode, so a city's hundreds
of thousands of rows stream to disk; the file opens in Excel and WPS.

Examples
--------
>>> import io
>>> from openpyxl import load_workbook
>>> sheet = Sheet("覆盖缺口", [Col("subject", "对象"), Col("detail", "说明", wrap=True)],
...               [{"subject": "1号楼", "detail": "无楼长"}])
>>> buffer = io.BytesIO()
>>> write_workbook(buffer, [sheet])
>>> book = load_workbook(io.BytesIO(buffer.getvalue()))
>>> ws = book["覆盖缺口"]
>>> [c.value for c in ws[1]], [c.value for c in ws[2]], ws.freeze_panes
(['对象', '说明'], ['1号楼', '无楼长'], 'A2')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

__all__ = ["Col", "Sheet", "write_workbook", "text_width", "sheet_title"]

MAX_WIDTH = 60
"""Widest a column gets (in Excel's character units); longer text wraps."""
MIN_WIDTH = 6
_SAMPLE_ROWS = 2_000
"""Column widths are fitted to the first rows (a city's report has hundreds of thousands)."""
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class Col:
    """One column: the key of each row's value, its header, and how to show it."""

    key: str
    header: str
    wrap: bool = False
    """Wrap long text (reasons, details) instead of widening the column."""
    number_format: str | None = None
    """An Excel number format, e.g. ``"0.0000"`` for scores or ``"0.0%"`` for rates."""


@dataclass(slots=True)
class Sheet:
    """A sheet: its title (Excel allows 31 characters), columns, and rows (mappings by key, or sequences in column order)."""

    title: str
    columns: Sequence[Col]
    rows: Iterable[Mapping[str, Any] | Sequence[Any]]
    note: str | None = None
    """A line written above the table (what the sheet shows, for whom, as of when)."""


def text_width(value: object) -> int:
    """How many columns ``value`` takes on screen: East Asian wide characters count two.

    Examples
    --------
    >>> text_width("北苑社区"), text_width("c-beiyuan"), text_width(None)
    (8, 9, 0)
    """
    if value is None:
        return 0
    text = str(value)
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


def sheet_title(title: str, taken: set[str]) -> str:
    """``title`` as Excel accepts it (no ``[]:*?/\\``, at most 31 characters), unique among ``taken``.

    Examples
    --------
    >>> sheet_title("社区无党群服务中心/站", set())
    '社区无党群服务中心_站'
    >>> sheet_title("a" * 40, {"a" * 31})
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa~2'
    """
    base = _BAD_TITLE.sub("_", title).strip("'") or "Sheet"
    chosen, n = base[:31], 1
    while chosen.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f"~{n}"
        chosen = base[: 31 - len(suffix)] + suffix
    taken.add(chosen)
    return chosen


def _cells(row: Mapping[str, Any] | Sequence[Any], columns: Sequence[Col]) -> list[Any]:
    if isinstance(row, Mapping):
        values = [row.get(c.key) for c in columns]
    else:
        values = list(row)
    return ["、".join(map(str, v)) if isinstance(v, (list, tuple)) else v for v in values]


def write_workbook(target: str | Path | IO[bytes], sheets: Sequence[Sheet]) -> None:
    """Write ``sheets`` as one ``.xlsx`` workbook to a path or a binary file object."""
    import xlsxwriter  # only when a workbook is asked for

    options: dict[str, Any] = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                               "strings_to_urls": False}
    if not isinstance(target, (str, Path)):
        options["in_memory"] = True
        options.pop("constant_memory")
    book = xlsxwriter.Workbook(target if isinstance(target, (str, Path)) else target, options)
    header = book.add_format({"bold": True, "bg_color": "#F2E6E6", "border": 1, "valign": "vcenter", "text_wrap": True})
    note_format = book.add_format({"italic": True, "font_color": "#555555"})
    wrapped = book.add_format({"text_wrap": True, "valign": "top"})
    plain = book.add_format({"valign": "top"})
    numbers: dict[tuple[str, bool], Any] = {}
    taken: set[str] = set()
    for sheet in sheets:
        ws = book.add_worksheet(sheet_title(sheet.title, taken))
        columns = list(sheet.columns)
        first = 0
        if sheet.note:
            ws.write_string(0, 0, sheet.note, note_format)
            first = 1
        rows = iter(sheet.rows)
        sample = [_cells(r, columns) for _, r in zip(range(_SAMPLE_ROWS), rows)]
        widths = [max([text_width(c.header)] + [text_width(r[i]) for r in sample if i < len(r)]) for i, c in enumerate(columns)]
        formats = []
        for i, col in enumerate(columns):
            base = wrapped if col.wrap else plain
            if col.number_format:
                key = (col.number_format, col.wrap)
                if key not in numbers:
                    numbers[key] = book.add_format({"num_format": col.number_format, "valign": "top", "text_wrap": col.wrap})
                base = numbers[key]
            formats.append(base)
            ws.set_column(i, i, min(MAX_WIDTH, max(MIN_WIDTH, widths[i] + 2)), base)
        ws.write_row(first, 0, [c.header for c in columns], header)
        line = first + 1
        for cells in [*sample, *(_cells(r, columns) for r in rows)]:
            for i, value in enumerate(cells[: len(columns)]):
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    ws.write_boolean(line, i, value, formats[i])
                elif isinstance(value, (int, float)):
                    ws.write_number(line, i, value, formats[i])
                else:
                    ws.write_string(line, i, str(value), formats[i])
            line += 1
        ws.freeze_panes(first + 1, 0)
        if columns:
            ws.autofilter(first, 0, max(first, line - 1), len(columns) - 1)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(first)
    book.close()
