"""Read a workbook's sheets as rows of cell values: ``.xlsx``/``.xlsm`` (also what WPS saves) and ``.xls`` (Excel 97).

The reader is python-calamine (Rust's calamine): one reader for both formats,
and several times faster than openpyxl's read-only mode on a large workbook
(docs/benchmarks.md). Before calamine sees an ``.xlsx`` its zip is checked
against :class:`WorkbookLimits` — the uncompressed size it declares, how
much each part expands, and, by streaming each sheet's XML once, the rows
and columns its cells reach — because calamine builds each sheet as a dense
grid: a 5 KB file with one cell at ``XFD1048576`` would ask for 17 billion
cells. A file over a limit, a broken zip or malformed XML is one clear
:class:`~graph_model.errors.DatasetError`, never a traceback.

Examples
--------
>>> limits = WorkbookLimits()
>>> limits.rows, limits.columns
(1048576, 256)
>>> column_number(b"XFD")
16384
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_model.errors import DatasetError, Problem
from graph_model.i18n import _

__all__ = ["WorkbookLimits", "LIMITS", "Sheet", "column_number", "check_xlsx", "read_sheets"]


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """What one workbook may expand to: a ledger is far below each; a crafted file is not."""

    uncompressed_bytes: int = 1 << 30
    """All the zip's parts together, uncompressed (1 GiB; the 200-subdistrict city's workbook is a fraction of it)."""
    ratio: int = 200
    """How many times a part larger than ``ratio_floor`` may expand (sheet XML compresses 5–30×, blank space 1000×)."""
    ratio_floor: int = 16 << 20
    rows: int = 1_048_576
    """Rows a sheet's cells may reach (Excel's own limit)."""
    columns: int = 256
    """Columns a sheet's cells may reach: no table has more than a few dozen."""
    cells: int = 40_000_000
    """Rows × columns of a sheet's grid (what calamine allocates)."""


LIMITS = WorkbookLimits()

# A cell's or a row's reference attribute (r="B12", r="12"); no other part of sheet XML has one.
_REF_LETTERS = re.compile(rb'\sr="([A-Z]{1,3})[0-9]')
_REF_NUMBERS = re.compile(rb'\sr="[A-Z]{0,3}([0-9]{1,9})"')
_UNPLACED = re.compile(rb'<c(?:>|/>|\s(?!r="))|<row(?:>|\s(?![^>]*\br="))')  # a cell or a row without r= (first)
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="(?:[A-Z]{1,3}[0-9]+:)?([A-Z]{1,3})([0-9]+)"')
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"|<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_CHUNK = 1 << 20


def column_number(letters: bytes) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


@dataclass(slots=True)
class Sheet:
    """One sheet: its name and its rows (line number from 1, the cells' values)."""

    name: str
    rows: Iterator[tuple[int, list[Any]]]


def _problem(path: Path, expected: str, sheet: str | None = None) -> DatasetError:
    source = str(path) if sheet is None else _("{path} sheet {sheet}").format(path=path, sheet=sheet)
    return DatasetError([Problem(source, None, None, None, expected)])


def _sheet_extent(book: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> tuple[int, int, int]:
    """(last row, last column, bytes read) of one sheet's XML, read as a stream (never past ``budget`` bytes)."""
    rows = columns = read = row_tags = 0
    unplaced, base = False, 0
    carry = b""
    with book.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > budget:
                return rows, columns, read
            data = carry + chunk
            cut = data.rfind(b">") + 1
            data, carry = data[:cut], data[cut:]
            if len(carry) > _CHUNK:  # one tag a megabyte long: nothing a spreadsheet writes
                carry = carry[-256:]
            # whole-chunk regex passes and C-level max(): a sheet is millions of cells
            letters = set(_REF_LETTERS.findall(data))
            numbers = _REF_NUMBERS.findall(data)
            if numbers:
                rows = max(rows, max(map(int, numbers)))
            if read == len(chunk):  # the declared used range comes before the cells: a grid as large as it says is refused too
                for dim_letters, dim_number in _DIMENSION.findall(data[:4096]):
                    letters.add(dim_letters)
                    rows = max(rows, int(dim_number))
            if letters:
                columns = max(columns, max(map(column_number, letters)))
            # calamine places a cell without r= after the one before it, and a row without r= after the row before:
            # where there are such (no writer we know makes them; one search finds them), count them too
            if not unplaced and _UNPLACED.search(data):
                unplaced, base = True, rows  # from here on every row counts, after the last placed one (an upper bound)
            if unplaced:
                row_tags += data.count(b"<row ") + data.count(b"<row>")
                rows = max(rows, base + row_tags)
                for piece in data.split(b"</row>"):
                    columns = max(columns, piece.count(b"<c ") + piece.count(b"<c>") + piece.count(b"<c/>"))
    return rows, columns, read


def _drain(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Read one part to its end (never past its declared size: zipfile stops there and checks the CRC)."""
    with book.open(info) as stream:
        while stream.read(_CHUNK):
            pass


def _sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part (``xl/worksheets/sheet1.xml``) → the sheet's name, for messages (empty when unreadable)."""
    try:
        workbook = book.read("xl/workbook.xml")[: 1 << 20]
        relations = book.read("xl/_rels/workbook.xml.rels")[: 1 << 20]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        return {}
    targets: dict[bytes, bytes] = {}
    for found in _RELATION.findall(relations):
        rid, target = (found[0], found[1]) if found[0] else (found[3], found[2])
        targets[rid] = target
    names: dict[str, str] = {}
    for name, rid in _SHEET.findall(workbook):
        target = targets.get(rid, b"").decode("utf-8", "replace").lstrip("/")
        part = target if target.startswith("xl/") else "xl/" + target
        names[part] = name.decode("utf-8", "replace").replace("&amp;", "&")
    return names


def check_xlsx(path: Path, limits: WorkbookLimits = LIMITS) -> None:
    """Refuse a workbook that is no zip, or expands past ``limits`` (see the module docstring)."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _problem(path, _("a readable .xlsx workbook (not a zip file: {reason})").format(reason=exc)) from None
    with book:
        infos = book.infolist()
        declared = sum(i.file_size for i in infos)
        if declared > limits.uncompressed_bytes:
            raise _problem(path, _("a workbook of at most {limit} MB uncompressed; this one declares {size} MB").format(
                limit=limits.uncompressed_bytes >> 20, size=declared >> 20))
        for info in infos:
            if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
                raise _problem(path, _("a workbook whose parts expand at most {ratio} times; {part} expands {times} times").format(
                    ratio=limits.ratio, part=info.filename, times=info.file_size // max(info.compress_size, 1)))
        budget = limits.uncompressed_bytes
        names = _sheet_names(book)
        for info in infos:
            try:
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    _drain(book, info)  # a part whose real size is not the declared one fails its CRC check here
                    continue
                rows, columns, read = _sheet_extent(book, info, budget)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise _problem(path, _("a readable .xlsx workbook ({part}: {reason})").format(part=info.filename, reason=exc)) from None
            budget -= read
            if budget < 0:
                raise _problem(path, _("a workbook of at most {limit} MB uncompressed").format(limit=limits.uncompressed_bytes >> 20))
            if rows > limits.rows or columns > limits.columns or rows * max(columns, 1) > limits.cells:
                raise _problem(path, _(
                    "a sheet of at most {rows} rows, {columns} columns and {cells} cells; this one reaches row {row}, column {column}"
                ).format(rows=limits.rows, columns=limits.columns, cells=limits.cells, row=rows, column=columns),
                    names.get(info.filename, info.filename))


def read_sheets(path: Path, limits: WorkbookLimits = LIMITS) -> Iterator[Sheet]:
    """Each worksheet of an ``.xlsx``/``.xlsm``/``.xls`` file, in the workbook's order (hidden ones too).

    Raises :class:`~graph_model.errors.DatasetError` for a file over ``limits``,
    a broken file or malformed XML (one line naming the file and the sheet).
    """
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    if path.suffix.lower() != ".xls":
        check_xlsx(path, limits)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except BaseException as exc:
        _reraise_foreign(exc)
        raise _problem(path, _("a readable workbook ({reason})").format(reason=_reason(exc))) from None
    try:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
                if path.suffix.lower() == ".xls" and sheet.height * max(sheet.width, 1) > limits.cells:
                    raise _problem(path, _("sheets of at most {cells} cells").format(cells=limits.cells), meta.name)
                rows = sheet.iter_rows()
            except DatasetError:
                raise
            except BaseException as exc:
                _reraise_foreign(exc)
                raise _problem(path, _("a readable sheet ({reason})").format(reason=_reason(exc)), meta.name) from None
            yield Sheet(meta.name, ((line, cells) for line, cells in enumerate(rows, 1)))
    finally:
        book.close()


def _reraise_foreign(exc: BaseException) -> None:
    """Let through what is not calamine failing on the file: an interrupt, an exit (a panic is a BaseException too)."""
    if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
        raise exc


def _reason(exc: BaseException) -> str:
    kind = type(exc).__name__
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if kind == "XmlError":
        return _("malformed XML: {detail}").format(detail=text)
    return text or kind
