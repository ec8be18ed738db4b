"""What a planner's own ledger may call its tables and columns (LEDGERS.md §A–B), read as the schema's names.

A sheet or file may be named by the English kind or type (``Community``,
``CO_BUILDS``) or its Chinese name (``社区``, ``共建协议``); a header by the
English column name or its Chinese one, with a bracketed note after it
(``承接能力（件）``, ``面积(平方公里)``), ignoring blanks, bracket width and
letter case. :func:`table_named` and :func:`read_header` turn those into the
schema's names; :func:`near_miss` says when an unknown name is a typo of a
known one (an error, never a silently lost column).

A name is a near miss when its edit distance (transpositions count one) to a
known name is at most 2 and at most a third of the longer name: ``capacty``,
``comunity``, ``snice``, ``承接能刀`` are; ``note`` (against ``name``) or
``备注`` (against ``名称``) are real columns of their own and are not.

Examples
--------
>>> table_named("共建单位"), table_named("CO_BUILDS"), table_named("说明")
(('nodes', 'Partner'), ('relationships', 'CO_BUILDS'), None)
>>> header_key(" 承接能力（件） "), header_key("面积(平方公里)"), header_key("Area KM2")
('承接能力', '面积', 'areakm2')
>>> near_miss("capacty", ["capacity", "承接能力"]), near_miss("note", ["name"])
('capacity', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph_model.schema import NODE_SPECS, RELATIONSHIP_ENDS_ZH, RELATIONSHIP_TABLES, Column, NodeKind

__all__ = ["TABLES", "table_named", "header_key", "near_miss", "near_table", "HeaderReading", "read_header", "columns_of", "columns_named"]

NODES, RELATIONSHIPS = "nodes", "relationships"


def _table_names() -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    for kind, spec in NODE_SPECS.items():
        for name in (kind.value, spec.zh):
            if name:
                names[name] = (NODES, kind.value)
    for rel, rel_spec in RELATIONSHIP_TABLES.items():
        for name in (rel.value, rel_spec.zh):
            if name:
                names[name] = (RELATIONSHIPS, rel.value)
    return names


TABLES: dict[str, tuple[str, str]] = _table_names()
"""Every name a table may have → (section, the schema's table name). English names are as the schema
writes them (``Grid``, ``COVERS``): ``covers`` is a near miss, an error that says so."""

_NOTE = re.compile(r"[（(【\[].*?[）)】\]]")
_BLANKS = re.compile(r"[\s\u3000]+")


def header_key(text: str) -> str:
    """A header or table name as it is compared: no bracketed note, no blanks, case-folded."""
    return _BLANKS.sub("", _NOTE.sub("", text)).casefold()


def table_named(name: str) -> tuple[str, str] | None:
    """(section, schema name) of the table a file or sheet called ``name`` holds, or None."""
    return TABLES.get("".join(name.split()))


def near_miss(text: str, names: Iterable[str]) -> str | None:
    """The known name ``text`` is a typo of (see the module docstring), or None.

    Examples
    --------
    >>> near_miss("snice", ["since", "projects"]), near_miss("承接能刀", ["承接能力"]), near_miss("备注", ["名称"])
    ('since', '承接能力', None)
    """
    key = header_key(text)
    if not key:
        return None
    from rapidfuzz.distance import OSA  # only when a header or table is not one of ours (~10 ms to import)

    best: tuple[int, str] | None = None
    for name in names:
        other = header_key(name)
        if not other or name == text:
            continue
        distance = OSA.distance(key, other, score_cutoff=2)
        if distance <= min(2, max(len(key), len(other)) // 3) and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best else None


def near_table(name: str) -> str | None:
    """The table name (English or Chinese) a sheet called ``name`` is a typo of, or None."""
    names = [k.value for k in NodeKind] + [s.zh for s in NODE_SPECS.values()]
    names += [t.value for t in RELATIONSHIP_TABLES] + [s.zh for s in RELATIONSHIP_TABLES.values()]
    return near_miss(name, [n for n in names if n])


def columns_of(section: str, table: str) -> tuple[Column, ...]:
    """The schema's columns of a table (a relationship table's ``source``/``target`` first)."""
    if section == NODES:
        return NODE_SPECS[NodeKind(table)].columns
    spec = RELATIONSHIP_TABLES[table]  # type: ignore[index]
    ends = tuple(Column(end, zh=zh) for end, zh in RELATIONSHIP_ENDS_ZH.items())
    return ends + spec.properties


def columns_named(section: str, table: str) -> dict[str, str]:
    """Every way a table's columns may be headed (compared as :func:`header_key`) → the column's name."""
    known: dict[str, str] = {}
    for column in columns_of(section, table):
        for name in (column.name, column.zh):
            if name:
                known.setdefault(header_key(name), column.name)
    return known


@dataclass(slots=True)
class HeaderReading:
    """A header as the schema names it: ``header`` (a near miss left empty, so its column is not read) and the near misses."""

    header: list[str]
    near: list[tuple[int, str, str]] = field(default_factory=list)
    """(position, the header as written, the column it resembles as the ledger would write it)."""


def read_header(section: str, table: str, header: list[str]) -> HeaderReading:
    """Each header cell as the column name it means (unknown ones as written, near misses blanked).

    Examples
    --------
    >>> read_header("nodes", "Partner", ["编号", "名称 ", "领域", "承接能力（件）", "capacty", "备注"])
    HeaderReading(header=['id', 'name', 'sector', 'capacity', '', '备注'], near=[(4, 'capacty', 'capacity')])
    """
    columns = columns_of(section, table)
    known = columns_named(section, table)
    reading = HeaderReading([])
    for at, text in enumerate(header):
        name = known.get(header_key(text)) if text else None
        if name is not None or not text:
            reading.header.append(name or "")
            continue
        # compare with both spellings; suggest the one in the script the ledger wrote
        english = near_miss(text, [c.name for c in columns])
        chinese = near_miss(text, [c.zh for c in columns if c.zh])
        resembles = english or chinese
        if resembles is None:
            reading.header.append(text)
            continue
        reading.header.append("")
        reading.near.append((at, text, resembles))
    return reading
