r"""A ledger table's header as the schema names its columns (LEDGERS.md §B), with every misspelled header as a problem.

:func:`ledger_headers` runs first in :func:`loaders.validation.validate_tables`:
``承接能力（件）`` becomes ``capacity``, ``编号`` ``id``; a header that is a near
miss of a column (``capacty``) is blanked (its column is not read) and
reported, and the column it resembles is remembered on the table so that it
is not reported missing as well.

Examples
--------
>>> from loaders.tables import read_csv_text
>>> table = read_csv_text("编号,名称,领域,capacty\npt1,区中医院,医院,3\n", name="Partner", section="nodes", source="共建单位.csv")
>>> [read], problems = ledger_headers([table])
>>> read.header, read.near, problems[0].column
(['id', 'name', 'sector', ''], ('capacity',), 'capacty')
"""

from __future__ import annotations

from collections.abc import Sequence

from graph_model.errors import Problem
from graph_model.i18n import _
from graph_model.schema import RELATIONSHIP_TABLES, NodeKind
from loaders.ledger_names import columns_named, header_key, read_header
from loaders.tables import RawTable

__all__ = ["ledger_headers"]


def ledger_headers(tables: Sequence[RawTable]) -> tuple[list[RawTable], list[Problem]]:
    """Each known table's header as the schema names its columns (LEDGERS.md §B), and the misspelled headers."""
    out: list[RawTable] = []
    problems: list[Problem] = []
    for table in tables:
        known = (table.section == "nodes" and table.name in NodeKind._value2member_map_) or (
            table.section == "relationships" and table.name in RELATIONSHIP_TABLES)
        if not known or not table.header:
            out.append(table)
            continue
        reading = read_header(table.section, table.name, table.header)
        if reading.header == table.header and not reading.near:
            out.append(table)
            continue
        resembled = []
        for _at, text, resembles in reading.near:
            problems.append(Problem(table.source, table.header_line, text, None, _(
                "a column of {table}; did you mean {column}? (a misspelled column would be lost)").format(
                    table=table.name, column=resembles)))
            resembled.append(columns_named(table.section, table.name).get(header_key(resembles), resembles))
        out.append(RawTable(table.name, table.section, table.source, reading.header, table.rows, table.header_line, tuple(resembled)))
    return out, problems
