"""The common case of validation, column by column: a clean dataset read in bulk.

:func:`validate_columns` checks whole columns at once — ids unique and
references known as set operations, numbers, enums and dates converted per
column — and hands back the dataset as :class:`~graph_model.records.NodeColumns`
and :class:`~graph_model.records.RelationshipColumns`, never building a record
per row. It answers only when it is sure the dataset is valid; at the first
doubt (a problem, or anything unusual: short rows, a repeated relationship, a
``Category`` table) it answers None and :mod:`loaders.validation` validates row
by row, wording every problem. Its answers are the row-by-row validator's,
in the same order (``tests/loaders/test_column_validation.py`` compares them).

Examples
--------
>>> from loaders.tables import read_csv_text
>>> subdistricts = read_csv_text("id,name\\nsd,道义\\n", name="Subdistrict", section="nodes", source="Subdistrict.csv")
>>> communities = read_csv_text("id,name,type,subdistrict\\nc1,北苑,urban,sd\\n", name="Community", section="nodes", source="Community.csv")
>>> nodes, rels = validate_columns([communities, subdistricts])
>>> [(n.id, dict(n.props)) for n in nodes], [r.key for r in rels]
([('c1', {'name': '北苑', 'type': 'urban'}), ('sd', {'name': '道义'})], [('sd', 'HAS_COMMUNITY', 'c1')])
>>> validate_columns([communities]) is None  # sd is no node: the row-by-row validator says so
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from operator import eq, itemgetter
from typing import Any

from graph_model.records import NodeColumns, NodePart, Relationship, RelationshipColumn, RelationshipColumns, Node
from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES, Column, NodeKind, RelType, ValueType
from loaders.cell_values import NAME_COLUMNS, cell_reader, enum_names, parse_value
from loaders.csv_safety import INVISIBLE as _INVISIBLE
from loaders.tables import RawTable

__all__ = ["validate_columns"]

_CELLS = itemgetter(1)
_NODE_KINDS = NodeKind._value2member_map_
_TEXT, _REF, _INT, _FLOAT, _ENUM, _DATE, _BOOL = (
    ValueType.TEXT, ValueType.REF, ValueType.INT, ValueType.FLOAT, ValueType.ENUM, ValueType.DATE, ValueType.BOOL,
)
# A column's values, one per row: None where the cell is empty (no property).
Values = Sequence[Any]


class _Unsure(Exception):
    """Something may be wrong: the row-by-row validator takes over."""


def validate_columns(
    tables: Sequence[RawTable], *, base: Sequence[Node] = (), base_relationships: Sequence[Relationship] = ()
) -> tuple[NodeColumns, RelationshipColumns] | None:
    """The dataset's nodes and relationships, as :func:`loaders.validation.validate_tables` gives them, or None when unsure."""
    try:
        return _Columns(base).read(tables, base_relationships)
    except _Unsure:
        return None


def _check(condition: bool) -> None:
    if not condition:
        raise _Unsure


class _Columns:
    def __init__(self, base: Sequence[Node]) -> None:
        self.ids: dict[NodeKind, set[str]] = {}
        for node in base:
            self.ids.setdefault(node.kind, set()).add(node.id)
        self.base_parts: list[NodePart] = []
        for node in base:  # runs of one kind; the store takes these dicts as they are: copies
            if not self.base_parts or self.base_parts[-1][0] is not node.kind:
                self.base_parts.append((node.kind, [], []))
            self.base_parts[-1][1].append(node.id)  # type: ignore[attr-defined]
            self.base_parts[-1][2].append(dict(node.props))  # type: ignore[attr-defined]
        self.parts: list[NodePart] = []
        self.table_groups: list[tuple[RelationshipColumn, ...]] = []
        self.reference_groups: list[tuple[RelationshipColumn, ...]] = []
        self.pending: list[tuple[Values, tuple[NodeKind, ...]]] = []  # references, checked once every id is known
        self.community_units: list[tuple[Values, Values]] = []  # PartyOrg (level, unit) columns

    def read(self, tables: Sequence[RawTable], base_relationships: Sequence[Relationship]) -> tuple[NodeColumns, RelationshipColumns]:
        names = [(t.section, t.name) for t in tables]
        _check(len(set(names)) == len(names))
        for table in tables:
            if table.section == "nodes" and table.name in _NODE_KINDS and table.name != NodeKind.CATEGORY.value:
                self.node_table(table, NodeKind(table.name))
            elif table.section == "relationships" and table.name in RELATIONSHIP_TABLES:
                self.rel_table(table, RelType(table.name))
            else:
                raise _Unsure  # an unknown table, or categories (replacing the default taxonomy's, closing cycles)
        for values, kinds in self.pending:
            if len(kinds) == 1 and "" not in values:  # no set to build: one pass over the column
                _check(self.ids.get(kinds[0], set()).issuperset(values))
                continue
            unknown = set(values)
            unknown.discard("")
            for kind in kinds:
                unknown.difference_update(self.ids.get(kind, ()))
            _check(not unknown)
        communities = self.ids.get(NodeKind.COMMUNITY, set())
        for levels, units in self.community_units:
            _check(all(unit in communities for level, unit in zip(levels, units) if level == "community"))
        base_group = tuple(
            (r.type, (r.source,), (r.target,), (dict(r.props) or None,)) for r in base_relationships
        )
        groups = ([base_group] if base_group else []) + self.table_groups + self.reference_groups
        return NodeColumns(self.base_parts + self.parts), RelationshipColumns(groups)

    # -- one table --------------------------------------------------------------------
    def _columns(self, table: RawTable, required: Iterable[str]) -> list[Values]:
        """The table's cells column by column (unsure unless the header is clean and every row as wide as it)."""
        header = table.header
        named = [name for name in header if name]
        _check(len(set(named)) == len(named) and all(name in named for name in required))
        cells = list(map(_CELLS, table.rows))
        _check(not cells or set(map(len, cells)) == {len(header)})
        return list(zip(*cells)) if cells else [() for _ in header]

    def node_table(self, table: RawTable, kind: NodeKind) -> None:
        spec = NODE_SPECS[kind]
        if not table.header:
            _check(not table.rows)
            return
        columns = self._columns(table, spec.required)
        ids = columns[table.header.index("id")]
        unique = set(ids)
        _check(len(unique) == len(ids) and "" not in unique)
        _check(not _INVISIBLE.search("".join(ids)))  # an id with an invisible character: refused row by row
        _check(all(unique.isdisjoint(known) for known in self.ids.values()))
        self.ids[kind] = unique
        names: list[str] = []
        values: list[Values] = []
        group: list[RelationshipColumn] = []
        for name, texts in zip(table.header, columns):
            if not name or name == "id":
                continue
            column = spec.by_name.get(name, Column(name))
            _check(not column.required or "" not in texts)
            if column.type is _REF:
                self.pending.append((texts, column.ref))
                if column.rel is not None:
                    group.append((column.rel, texts, ids, None) if column.ref_is_source else (column.rel, ids, texts, None))
                continue
            names.append(name)
            values.append(_read(column, texts))
        if kind is NodeKind.PARTY_ORG and "level" in names:
            levels = values[names.index("level")]
            units = columns[table.header.index("unit")] if "unit" in table.header else [""] * len(ids)
            self.community_units.append((levels, units))
        self.parts.append((kind, ids, _props(names, values, len(ids))))
        if group:
            self.reference_groups.append(tuple(group))

    def rel_table(self, table: RawTable, rel_type: RelType) -> None:
        spec = RELATIONSHIP_TABLES[rel_type]
        if not table.header:
            _check(not table.rows)
            return
        columns = self._columns(table, ("source", "target"))
        header = table.header
        sources, targets = columns[header.index("source")], columns[header.index("target")]
        _check("" not in sources and "" not in targets)
        rows = len(sources)  # no relationship given twice; pairs are costly to hash, so one unique end first
        _check(len(set(targets)) == rows or len(set(sources)) == rows or len(set(zip(sources, targets))) == rows)
        _check(rel_type is not RelType.MENTORS or not any(map(eq, sources, targets)))
        self.pending += [(sources, spec.sources), (targets, spec.targets)]
        known = {c.name: c for c in spec.properties}
        names: list[str] = []
        values: list[Values] = []
        for column in spec.properties:  # a default comes first in the row-by-row validator's dicts
            if column.default is not None and column.name not in header:
                names.append(column.name)
                values.append([column.default] * len(sources))
        for name, texts in zip(header, columns):
            if not name or name in ("source", "target"):
                continue
            column = known.get(name, Column(name))
            read = _read(column, texts)
            if column.default is not None and None in read:
                _check(not names)  # defaults are filled in first: the same order only for the first column
                read = [column.default if v is None else v for v in read]
            names.append(name)
            values.append(read)
        props = [p or None for p in _props(names, values, len(sources))] if names else None
        self.table_groups.append(((rel_type, sources, targets, props),))


def _read(column: Column, texts: Values) -> Values:
    """One column's values (None for an empty cell), exactly as ``cell_reader`` reads each cell."""
    t = column.type
    full = "" not in texts
    if t is _TEXT or t is _REF:
        _check(column.name not in NAME_COLUMNS or not _INVISIBLE.search("".join(texts)))  # names to strip: row by row
        return texts if full else [text or None for text in texts]
    if full:
        fast = _read_full(column, texts)
        if fast is not None:
            return fast
    read = cell_reader(column) or (lambda text: parse_value(text, column))
    try:
        return [read(text) if text else None for text in texts]
    except ValueError:
        raise _Unsure from None


def _read_full(column: Column, texts: Values) -> Values | None:
    """A column without empty cells in one pass of C loops (None: read cell by cell)."""
    t, low, high = column.type, column.minimum, column.maximum
    numbers: list[Any] | None = None
    if t is _INT:
        joined = "".join(texts)
        if texts and joined.isascii() and joined.isdigit() and max(map(len, texts)) < 16:
            numbers = list(map(int, texts))
    elif t is _FLOAT:
        try:
            numbers = list(map(float, texts))  # a comma ("1,5") fails here and is read cell by cell
        except ValueError:
            return None
        if not all(map(math.isfinite, numbers)):
            return None
    elif t is _ENUM:
        exact = enum_names(column)
        return list(map(exact.__getitem__, texts)) if exact.keys() >= set(texts) else None
    elif t is _DATE or t is _BOOL:
        try:
            seen = {text: parse_value(text, column) for text in set(texts)}  # a city repeats a few thousand dates
        except ValueError:
            raise _Unsure from None
        return list(map(seen.__getitem__, texts))
    if numbers is None or not numbers:
        return None
    if (low is not None and min(numbers) < low) or (high is not None and max(numbers) > high):
        return None
    return numbers


def _props(names: list[str], values: list[Values], rows: int) -> list[dict[str, Any]]:
    """Each row's properties, in column order, without the empty cells."""
    full = [None not in v for v in values]
    if all(full) or (not any(full[full.index(False):])):
        # every column with empty cells comes after every full one: fill the full ones
        # row by row, then add the others column by column (the same key order)
        split = full.index(False) if False in full else len(full)
        props = _dicts(names[:split], values[:split], rows)
        for name, column in zip(names[split:], values[split:]):
            for own, value in zip(props, column):
                if value is not None:
                    own[name] = value
        return props
    return [{k: v for k, v in zip(names, row) if v is not None} for row in zip(*values)]


def _dicts(names: list[str], values: list[Values], rows: int) -> list[dict[str, Any]]:
    # dict displays are about twice as fast as dict(zip(...)) per row
    if not names:
        return [{} for _ in range(rows)]
    if len(names) == 1:
        (a,) = names
        return [{a: x} for x in values[0]]
    if len(names) == 2:
        a, b = names
        return [{a: x, b: y} for x, y in zip(*values)]
    if len(names) == 3:
        a, b, c = names
        return [{a: x, b: y, c: z} for x, y, z in zip(*values)]
    return [dict(zip(names, row)) for row in zip(*values)]
