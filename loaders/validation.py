"""Turn raw tables into validated nodes and relationships, or say everything that is wrong.

Every rule of the data model's §4 is checked here, for datasets and for the
API's writes alike: unknown tables, missing columns, empty required values,
enums, numbers, booleans, dates, duplicate ids, dangling references,
references to the wrong kind and relationships between wrong kinds. Problems
are collected (up to :data:`MAX_PROBLEMS`) and raised once, as one
:class:`~graph_model.errors.DatasetError`; nothing is stored before this
succeeds.

Examples
--------
>>> from loaders.tables import read_csv_text
>>> grids = read_csv_text("id,name,community\\ng1,第一网格,c9\\n", name="Grid", section="nodes", source="Grid.csv")
>>> try:
...     validate_tables([grids])
... except DatasetError as err:
...     print(err.problems[0])
Grid.csv, line 2, column community: 'c9' — expected the id of a Community; no node has id 'c9'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_model.errors import DatasetError, Problem, nearest
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import (
    NODE_SPECS,
    REFERENCE_RELATIONSHIPS,
    RELATIONSHIP_TABLES,
    Column,
    NodeKind,
    RelType,
    ValueType,
)
from loaders.tables import RawTable

__all__ = ["MAX_PROBLEMS", "Dataset", "KindLookup", "parse_value", "validate_tables"]

MAX_PROBLEMS = 200
KindLookup = Callable[[Iterable[str]], dict[str, NodeKind]]

_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f"}
_LIST_SEPARATORS = re.compile(r"[;；]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")  # 2024/5/1 is how Excel (zh-CN) writes dates


@dataclass(slots=True)
class Dataset:
    """A validated dataset, ready for a store."""

    origin: str
    meta: dict[str, Any]
    nodes: list[Node]
    relationships: list[Relationship]

    def change_set(self) -> ChangeSet:
        """The whole dataset as one change set."""
        return ChangeSet(self.nodes, self.relationships)

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships)."""
        return len(self.nodes), len(self.relationships)


class _TooMany(Exception):
    """Raised internally when the problem cap is reached."""


@dataclass(slots=True)
class _Problems:
    items: list[Problem] = field(default_factory=list)
    truncated: bool = False

    def add(self, source: str, line: int | None, column: str | None, value: str | None, expected: str) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.truncated = True
            raise _TooMany
        self.items.append(Problem(source, line, column, value, expected))


def parse_value(text: str, column: Column) -> Any:
    """Read one non-empty cell according to its column; ValueError says what was expected.

    Examples
    --------
    >>> from graph_model.schema import NODE_SPECS, NodeKind
    >>> parse_value("是", Column("full_time", ValueType.BOOL))
    True
    >>> parse_value("养老;助餐；", Column("strengths", ValueType.LIST))
    ['养老', '助餐']
    >>> parse_value("6", NODE_SPECS[NodeKind.COMMUNITY].column("governance_strength"))
    Traceback (most recent call last):
    ...
    ValueError: a whole number from 1 to 5
    """
    t = column.type
    if t is ValueType.TEXT or t is ValueType.REF:
        return text
    if t is ValueType.LIST:
        return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]
    if t is ValueType.ENUM:
        lowered = text.lower()
        if lowered not in column.choices:
            raise ValueError(column.describe())
        return lowered
    if t is ValueType.BOOL:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(column.describe())
    if t is ValueType.DATE:
        found = _DATE.match(text.replace("/", "-"))
        if not found:
            raise ValueError(column.describe())
        year, month, day = found.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise ValueError(column.describe()) from None
        return "-".join([year] + [f"{int(p):02d}" for p in (month, day) if p])
    number: float
    try:
        number = float(text.replace(",", "")) if t is ValueType.FLOAT else float(int(float(text.replace(",", ""))))
        if t is ValueType.INT and float(text.replace(",", "")) != number:
            raise ValueError
    except (ValueError, OverflowError):  # OverflowError: int() of "inf" or "1e999"
        raise ValueError(column.describe()) from None
    if not math.isfinite(number):
        raise ValueError(column.describe())
    if (column.minimum is not None and number < column.minimum) or (
        column.maximum is not None and number > column.maximum
    ):
        raise ValueError(column.describe())
    return int(number) if t is ValueType.INT else number


@dataclass(slots=True)
class _PendingRef:
    source: str
    line: int
    column: str
    owner: str
    target: str
    spec: Column
    props: dict[str, Any] = field(default_factory=dict)


def _unknown_table(table: RawTable) -> str:
    upper = table.name.upper()
    if upper in REFERENCE_RELATIONSHIPS and upper not in RELATIONSHIP_TABLES:
        return f"no table: {upper} comes from the column {REFERENCE_RELATIONSHIPS[RelType(upper)][2]}"
    names = [k.value for k in NodeKind] + [t.value for t in RELATIONSHIP_TABLES]
    if table.name in names:  # a real table in the wrong folder
        home = "relationships" if table.name in RELATIONSHIP_TABLES else "nodes"
        return f"{table.name} to be in {home}/, not {table.section}/"
    hint = [n for n in names if n.lower() == table.name.lower()] or nearest(table.name, names)
    return "a node kind (" + ", ".join(k.value for k in NodeKind) + ") or a relationship table (" + ", ".join(
        RELATIONSHIP_TABLES
    ) + ")" + (f"; did you mean {hint[0]}?" if hint else "")


class _Validator:
    def __init__(self, existing: KindLookup | None, base: Sequence[Node]) -> None:
        self.problems = _Problems()
        self.existing = existing
        self.base = {n.id: n for n in base}
        self.nodes: dict[str, Node] = {}
        self.where: dict[str, tuple[str, int]] = {}
        self.rejected: dict[str, NodeKind] = {}  # rows with problems: their ids exist, so no "no node has id" echo
        self.refs: list[_PendingRef] = []
        self.rels: dict[tuple[str, str, str], Relationship] = {}

    # -- header -------------------------------------------------------------------
    def _columns(self, table: RawTable, required: Sequence[str]) -> list[str] | None:
        header = table.header
        ok = True
        if not header:
            if table.rows:
                self.problems.add(table.source, 1, None, None, "a header row")
            return None
        seen: set[str] = set()
        for name in header:
            if name in seen and name:  # unnamed (trailing) columns, as Excel exports them, are ignored
                self.problems.add(table.source, 1, name, None, "each column name once")
                ok = False
            seen.add(name)
        for name in required:
            if name not in seen:
                self.problems.add(table.source, 1, name, None, "a required column (missing from the header)")
                ok = False
        return header if ok else None

    def _cells(self, table: RawTable, header: list[str], line: int, cells: list[str]) -> dict[str, str] | None:
        if len(cells) > len(header) and any(cells[len(header):]):
            self.problems.add(table.source, line, None, None, f"at most {len(header)} cells, like the header")
            return None
        return {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}

    # -- node tables ----------------------------------------------------------------
    def node_table(self, table: RawTable, kind: NodeKind) -> None:
        spec = NODE_SPECS[kind]
        header = self._columns(table, spec.required)
        if header is None:
            return
        for line, cells in table.rows:
            row = self._cells(table, header, line, cells)
            if row is not None:
                self._node_row(table.source, line, kind, row)

    def _node_row(self, source: str, line: int, kind: NodeKind, row: dict[str, str]) -> None:
        spec = NODE_SPECS[kind]
        node_id = row.get("id", "")
        props: dict[str, Any] = {}
        refs: list[_PendingRef] = []
        ok = True
        for name, text in row.items():
            if name == "id":
                continue
            column = spec.by_name.get(name)
            if column is None:
                if text:
                    props[name] = text
                continue
            if not text:
                if column.required:
                    self.problems.add(source, line, name, None, f"a value ({column.describe()}); this column is required")
                    ok = False
                continue
            if column.type is ValueType.REF:
                refs.append(_PendingRef(source, line, name, node_id, text, column))
                continue
            try:
                props[name] = parse_value(text, column)
            except ValueError as exc:
                self.problems.add(source, line, name, text, str(exc))
                ok = False
        if not node_id:
            self.problems.add(source, line, "id", None, "a non-empty id")
            return
        if kind is NodeKind.PARTY_ORG and props.get("level") == "community" and not row.get("unit"):
            self.problems.add(source, line, "unit", None, "the id of the Community this level-community organization belongs to")
            ok = False
        if node_id in self.base and self.base[node_id].kind is not kind:
            self.problems.add(source, line, "id", node_id, f"a unique id; the default taxonomy already has a {self.base[node_id].kind.value} with this id")
            return
        if node_id in self.where:
            first_source, first_line = self.where[node_id]
            self.problems.add(source, line, "id", node_id, f"a unique id; already used at {first_source}, line {first_line}")
            return
        if not ok:
            self.where[node_id] = (source, line)
            self.rejected[node_id] = kind
            return
        self.nodes[node_id] = Node(node_id, kind, props)
        self.where[node_id] = (source, line)
        self.refs.extend(refs)

    # -- relationship tables ------------------------------------------------------------
    def rel_table(self, table: RawTable, spec_type: RelType) -> None:
        spec = RELATIONSHIP_TABLES[spec_type]
        header = self._columns(table, ("source", "target"))
        if header is None:
            return
        known = {c.name: c for c in spec.properties}
        for line, cells in table.rows:
            row = self._cells(table, header, line, cells)
            if row is None:
                continue
            props: dict[str, Any] = {}
            ok = True
            for column in spec.properties:
                if column.default is not None and not row.get(column.name):
                    props[column.name] = column.default
            for name, text in row.items():
                if name in ("source", "target") or not text:
                    continue
                column = known.get(name)
                if column is None:
                    props[name] = text
                    continue
                try:
                    props[name] = parse_value(text, column)
                except ValueError as exc:
                    self.problems.add(table.source, line, name, text, str(exc))
                    ok = False
            for end in ("source", "target"):
                if not row.get(end):
                    self.problems.add(table.source, line, end, None, f"the id of a {' or '.join(k.value for k in (spec.sources if end == 'source' else spec.targets))}")
                    ok = False
            if spec_type is RelType.MENTORS and row.get("source") and row.get("source") == row.get("target"):
                self.problems.add(table.source, line, "target", row["target"], "a different person than the mentor")
                ok = False
            if ok:
                rel = Relationship(spec_type, row["source"], row["target"], props)
                self.rels[rel.key] = rel
                self.refs.append(_PendingRef(table.source, line, "source", "", row["source"], Column("source", ValueType.REF, ref=spec.sources)))
                self.refs.append(_PendingRef(table.source, line, "target", "", row["target"], Column("target", ValueType.REF, ref=spec.targets)))

    # -- references -------------------------------------------------------------------
    def resolve(self) -> None:
        kinds: dict[str, NodeKind] = {i: n.kind for i, n in self.base.items()}
        kinds.update(self.rejected)
        kinds.update({i: n.kind for i, n in self.nodes.items()})
        unknown = {r.target for r in self.refs if r.target not in kinds}
        if unknown and self.existing is not None:
            kinds.update(self.existing(sorted(unknown)))
        for ref in self.refs:
            kind = kinds.get(ref.target)
            wanted = " or ".join(k.value for k in ref.spec.ref)
            if kind is None:
                self.problems.add(ref.source, ref.line, ref.column, ref.target, f"the id of a {wanted}; no node has id {ref.target!r}")
            elif kind not in ref.spec.ref:
                self.problems.add(ref.source, ref.line, ref.column, ref.target, f"the id of a {wanted}, but {ref.target!r} is a {kind.value}")
            elif ref.spec.rel is not None:
                if ref.spec.rel is RelType.PARTY_ORG_OF and self.nodes[ref.owner].props.get("level") == "community" and kind is not NodeKind.COMMUNITY:
                    self.problems.add(ref.source, ref.line, ref.column, ref.target, f"the id of a Community for a level-community organization, but {ref.target!r} is a {kind.value}")
                    continue
                source, target = (ref.target, ref.owner) if ref.spec.ref_is_source else (ref.owner, ref.target)
                rel = Relationship(ref.spec.rel, source, target)
                self.rels[rel.key] = rel

    def category_cycles(self, base_relationships: Sequence[Relationship] = ()) -> None:
        # the default taxonomy's links count too (a dataset row may close a cycle through them)
        parent: dict[str, str] = {
            r.target: r.source
            for r in base_relationships
            if r.type is RelType.HAS_SUBCATEGORY and r.target not in self.nodes and r.target not in self.rejected
        }
        for rel in self.rels.values():
            if rel.type is RelType.HAS_SUBCATEGORY:
                parent[rel.target] = rel.source
        for start in sorted(parent):
            if start not in self.where:
                continue  # a default category: the dataset row closing its cycle is reported
            seen = {start}
            node = parent.get(start)
            while node is not None:
                if node == start:
                    source, line = self.where[start]
                    self.problems.add(source, line, "parent", parent[start], "a parent that is not its own descendant (categories form a cycle)")
                    break
                if node in seen:
                    break
                seen.add(node)
                node = parent.get(node)


def validate_tables(
    tables: Sequence[RawTable],
    *,
    origin: str = "",
    meta: dict[str, Any] | None = None,
    base: Sequence[Node] = (),
    base_relationships: Sequence[Relationship] = (),
    existing: KindLookup | None = None,
) -> Dataset:
    """Validate raw tables into a :class:`Dataset`, or raise one DatasetError listing every problem.

    Parameters
    ----------
    tables
        The dataset's tables, as read by :mod:`loaders.tables`.
    base
        Nodes always present (the default taxonomy); a row with the same id replaces one.
    base_relationships
        Relationships among ``base`` nodes (the taxonomy's parents); dropped for a replaced node.
    existing
        Looks up ids not defined in ``tables`` (API writes resolve against the store).
    """
    v = _Validator(existing, base)
    try:
        for table in tables:
            if table.section == "nodes" and table.name in NodeKind._value2member_map_:
                v.node_table(table, NodeKind(table.name))
            elif table.section == "relationships" and table.name in RELATIONSHIP_TABLES:
                v.rel_table(table, RelType(table.name))
            else:
                v.problems.add(table.source, None, None, table.name, _unknown_table(table))
        v.resolve()
        v.category_cycles(base_relationships)
    except _TooMany:
        pass
    if v.problems.items:
        raise DatasetError(v.problems.items, truncated=v.problems.truncated)
    replaced = set(v.nodes) & set(v.base)
    nodes = [n for i, n in v.base.items() if i not in replaced] + list(v.nodes.values())
    kept = [r for r in base_relationships if r.target not in replaced]
    kept_keys = {r.key for r in kept}
    rels = kept + [r for r in v.rels.values() if r.key not in kept_keys]
    return Dataset(origin, dict(meta or {}), nodes, rels)
