"""Read a dataset's raw tables: a CSV folder or one workbook (``.xlsx``, ``.xls``).

This layer only turns files into :class:`RawTable` rows of stripped text,
each with the file's own line number; rows above the header holding at
most one cell (a title) are skipped, and a workbook's sheets that hold no
table (``说明``) are listed as skipped. Tables may be named in Chinese
(:mod:`loaders.ledger_names`), and a folder may hold them flat, each
table's kind told by its name. What the text means
is :mod:`loaders.validation`'s business. Encodings: UTF-8 with or without
BOM, UTF-16 with BOM, and GB18030 (a superset of GBK, what Excel on a
Chinese Windows writes) — Chinese is never garbled: a file mixing UTF-8 and
GBK lines is refused, and so is a quote that swallows rows
(:mod:`loaders.csv_safety`).

Examples
--------
>>> decode_text("名称".encode("gb18030"), "x.csv")
'名称'
>>> decode_text(b"\\xef\\xbb\\xbfid", "x.csv")
'id'
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_model.errors import DatasetError, Problem
from graph_model.i18n import _
from graph_model.schema import REFERENCE_RELATIONSHIPS
from loaders.csv_safety import mixed_encoding, quote_problems
from loaders.ledger_names import near_table, table_named

__all__ = ["RawTable", "RawDataset", "decode_text", "read_csv_text", "read_dataset_files"]

log = logging.getLogger(__name__)

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
"""What is read as one workbook (:mod:`loaders.workbook`, imported only for one)."""
_ROOT_FILES = {"dataset.toml"}
_DOC_SUFFIXES = {".md", ".txt", ".rst"}


@dataclass(slots=True)
class RawTable:
    """One table as text: its name (``Grid``, ``COVERS``), section, where it came from, header and rows."""

    name: str
    section: str  # "nodes" or "relationships"
    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    header_line: int = 1
    """The header's own line (rows above it holding at most one cell, a title, are skipped)."""
    near: tuple[str, ...] = ()
    """Columns a misspelled header resembles (its problem is said; the column is not read)."""


@dataclass(slots=True)
class RawDataset:
    """Every table of a dataset plus its ``dataset.toml`` metadata."""

    origin: str
    meta: dict[str, Any]
    tables: list[RawTable]
    skipped: list[str] = field(default_factory=list)
    """Sheets that hold no table (说明, 填表须知 ...), by name."""


def decode_text(data: bytes, source: str) -> str:
    """Decode a text file's bytes, detecting UTF-8 (± BOM), UTF-16 (BOM) or GB18030."""
    declared = None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        declared = "UTF-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DatasetError([Problem(source, None, None, None, _("valid UTF-16 text ({reason})").format(reason=exc.reason))]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_end = exc.start
    mixed = mixed_encoding(data, declared=declared)
    if mixed is not None:  # read whole as GB18030, every UTF-8 line would be garbled
        line, encoding, earlier, earlier_encoding = mixed
        said = _("the file starts with a UTF-8 byte-order mark") if earlier == 0 else _("line {line} is {encoding}").format(
            line=earlier, encoding=earlier_encoding)
        raise DatasetError([Problem(
            source, line, None, None,
            _("one encoding for the whole file, but {said} and this line is {encoding}; save the whole file again as UTF-8").format(
                said=said, encoding=encoding),
        )]) from None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        # Blame the encoding that read further: a UTF-8 file with one stray byte
        # often trips GB18030 much earlier, at its first Chinese character.
        line = data[: max(exc.start, utf8_end)].count(b"\n") + 1
        raise DatasetError(
            [Problem(source, line, None, None, _("text encoded as UTF-8 or GB18030/GBK (undecodable bytes here)"))]
        ) from None


def is_header(cells: list[str]) -> bool:
    """Whether a row can be a table's header: two cells or more (a title row above it has one)."""
    filled = 0
    for cell in cells:
        if cell:
            filled += 1
            if filled == 2:
                return True
    return False


def read_csv_text(text: str, *, name: str, section: str, source: str) -> RawTable:
    """Parse CSV text into a :class:`RawTable`, keeping each record's first line number.

    Examples
    --------
    >>> t = read_csv_text("id,name\\n\\n g1 , 第一网格 \\n", name="Grid", section="nodes", source="Grid.csv")
    >>> t.header, t.rows
    (['id', 'name'], [(3, ['g1', '第一网格'])])
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    table = RawTable(name, section, source, [])
    rows, strip = table.rows, str.strip
    last_line = 0
    spanning: list[tuple[int, int, list[str]]] = []  # records over several lines: a runaway quote's work?
    last: tuple[int, int, list[str]] | None = None
    try:
        above: list[tuple[int, list[str]]] = []  # rows of one cell: a title, or a one-column table
        for record in reader:  # blank lines and a title (one cell) before the header are skipped
            first_line, last_line = last_line + 1, reader.line_num
            cells = list(map(strip, record))
            if is_header(cells):
                table.header, table.header_line = cells, first_line
                last = (first_line, last_line, cells)
                if last_line != first_line:
                    spanning.append(last)
                break
            if any(cells):
                above.append((first_line, cells))
        else:
            if above:  # no row of two cells: the first row was the header after all
                (table.header_line, table.header), table.rows[:] = above[0], above[1:]
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num
            cells = list(map(strip, record))
            if any(cells):
                rows.append((first_line, cells))
                last = (first_line, last_line, cells)
                if last_line != first_line:
                    spanning.append(last)
    except csv.Error as exc:
        raise DatasetError([Problem(source, reader.line_num, None, None, _("well-formed CSV ({reason})").format(reason=exc))]) from None
    if last is not None:
        problems = quote_problems(text, source, table.header, spanning, last, reader.line_num)
        if problems:
            raise DatasetError(problems)
    return table


def _named(name: str, section: str) -> tuple[str, str]:
    """A file's or sheet's table as the schema names it: (name, section); ``section`` is kept when given (a table in the wrong folder is an error)."""
    found = table_named(name)
    if found is None:
        return name, section
    return found[1], section or found[0]


def _read_csv_file(item: Path, section: str, tables: list[RawTable], problems: list[Problem]) -> None:
    label = str(item)
    try:
        text = decode_text(item.read_bytes(), label)
        name, section = _named(item.stem, section)
        tables.append(read_csv_text(text, name=name, section=section, source=label))
    except DatasetError as err:
        problems.extend(err.problems)


def _read_folder(root: Path) -> RawDataset:
    problems: list[Problem] = []
    tables: list[RawTable] = []
    meta: dict[str, Any] = {}
    for entry in sorted(root.iterdir()):
        label = str(entry)
        if entry.is_dir() and entry.name in ("nodes", "relationships"):
            for item in sorted(entry.iterdir()):
                item_label = str(item)
                if item.name.startswith("."):
                    continue
                if item.suffix.lower() != ".csv" or not item.is_file():
                    problems.append(Problem(item_label, None, None, None, _("a <name>.csv table in {folder}/").format(folder=entry.name)))
                    continue
                _read_csv_file(item, entry.name, tables, problems)
        elif entry.name in _ROOT_FILES:
            try:
                meta = tomllib.loads(decode_text(entry.read_bytes(), label))
            except tomllib.TOMLDecodeError as exc:
                problems.append(Problem(label, None, None, None, _("valid TOML ({reason})").format(reason=exc)))
            except RecursionError:  # tomllib reads nested arrays and tables recursively
                problems.append(Problem(label, None, None, None, _("valid TOML nested a few levels deep (it nests too deeply to read)")))
            except DatasetError as err:
                problems.extend(err.problems)
        elif entry.name.startswith(".") or entry.suffix.lower() in _DOC_SUFFIXES or entry.name.upper().startswith(("README", "LICENSE")):
            continue
        elif entry.is_file() and entry.suffix.lower() == ".csv" and table_named(entry.stem) is not None:
            _read_csv_file(entry, "", tables, problems)  # a flat folder: the table's name tells its kind
        else:
            near = near_table(entry.stem) if entry.suffix.lower() == ".csv" else None
            expected = _("only dataset.toml, nodes/, relationships/, tables named by their kind or type (社区.csv, CO_BUILDS.csv) and documentation at the top of a dataset")
            if near:
                expected += _("; did you mean {name}?").format(name=near)
            problems.append(Problem(label, None, None, None, expected))
    if problems:
        raise DatasetError(problems)
    return RawDataset(str(root), meta, tables)


def _cell_text(value: Any) -> str:
    """Excel cell value as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_workbook(path: Path) -> RawDataset:
    tables: list[RawTable] = []
    skipped: list[str] = []
    meta: dict[str, Any] = {}
    from loaders.workbook import read_sheets  # zip and sheet checks: only for a workbook

    for sheet in read_sheets(path):
        name = sheet.name.strip()
        source = _("{path} sheet {sheet}").format(path=path, sheet=sheet.name)
        if name.lower() == "dataset":
            rows = [[_cell_text(v) for v in cells] for _line, cells in sheet.rows]
            meta = {cells[0]: cells[1] for cells in rows[1:] if len(cells) > 1 and cells[0]}
            continue
        if table_named(name) is None and near_table(name) is None and name.upper() not in REFERENCE_RELATIONSHIPS:
            skipped.append(sheet.name)  # 说明, 填表须知: read by people, not by Linli
            continue
        table_name, section = _named(name, "")
        table = RawTable(table_name, section, source, [])
        text = _cell_text
        for line, values in sheet.rows:
            cells = [v.strip() if type(v) is str else text(v) for v in values]  # most cells are text: no call
            if not table.header:
                if is_header(cells):
                    table.header, table.header_line = cells, line
                continue
            if any(cells):
                table.rows.append((line, cells))
        tables.append(table)
    if skipped:
        log.info("%s: skipped sheets that hold no table: %s", path, ", ".join(skipped))
    return RawDataset(str(path), meta, tables, skipped)


def read_dataset_files(path: Path | str) -> RawDataset:
    """Read every table of a dataset folder or ``.xlsx`` workbook (no validation yet)."""
    root = Path(path)
    if not root.exists():
        raise DatasetError([Problem(str(root), None, None, None, _("an existing dataset folder or .xlsx file"))])
    if root.is_dir():
        raw = _read_folder(root)
    elif root.suffix.lower() in WORKBOOK_SUFFIXES:
        raw = _read_workbook(root)
    else:
        raise DatasetError([Problem(str(root), None, None, None, _("a dataset folder or a workbook (.xlsx, .xls)"))])
    log.info("read %s: %d tables, %d rows", root, len(raw.tables), sum(len(t.rows) for t in raw.tables))
    return raw
