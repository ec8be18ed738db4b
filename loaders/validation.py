"""Turn raw tables into validated nodes and relationships, or say everything that is wrong.

Every loading rule of the data model (docs/data-model.md) is checked here, for datasets and for the
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
Grid.csv，第 2 行，community 列：'c9' —— 应为社区的编号；没有编号为 'c9' 的节点
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_model.errors import DatasetError, Problem, nearest
from graph_model.i18n import N_, _, pick
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.taxonomy import on_a_cycle
from graph_model.schema import (
    NODE_SPECS,
    REFERENCE_RELATIONSHIPS,
    RELATIONSHIP_TABLES,
    Column,
    NodeKind,
    RelType,
    ValueType,
    kind_label,
    kinds_label,
)
from loaders.cell_values import cell_reader, parse_value
from loaders.column_validation import validate_columns
from loaders.csv_safety import invisible_in
from loaders.need_events import CheckedEvents, is_event_table, validate_need_events
from loaders.ledger_headers import ledger_headers
from loaders.ledger_names import near_table
from loaders.reference_names import NameIndex, build_index, resolve_names
from loaders.tables import RawTable

__all__ = ["MAX_PROBLEMS", "Dataset", "KindLookup", "parse_value", "validate_tables"]

MAX_PROBLEMS = 200
KindLookup = Callable[[Iterable[str]], dict[str, NodeKind]]

_PARTY_ORG, _COMMUNITY = NodeKind.PARTY_ORG, NodeKind.COMMUNITY
_PARTY_ORG_OF, _MENTORS, _HAS_SUBCATEGORY = RelType.PARTY_ORG_OF, RelType.MENTORS, RelType.HAS_SUBCATEGORY
_REF = ValueType.REF
_REL_VALUE = {t: t.value for t in RelType}
_NO_INVISIBLE = N_("an id without control or invisible characters (found {found})")


@dataclass(slots=True)
class Dataset:
    """A validated dataset, ready for a store."""

    origin: str
    meta: dict[str, Any]
    nodes: Sequence[Node]  # a list, or NodeColumns when validated column by column
    relationships: Sequence[Relationship]
    skipped: tuple[str, ...] = ()
    """Workbook sheets that hold no table (说明, 填表须知), skipped."""
    taxonomy: int = 0
    """How many of ``nodes`` are default categories the dataset did not give (LEDGERS.md §E)."""

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


# A reference waiting for every id to be known: (source, line, column name, owner id, target id, column).
_PendingRef = tuple[str, int, str, str, str, Column]
# How one header column of a table is read: (index, name, column or None when unknown, reader, is a
# reference, the problem's wording when a required cell is empty).
_CellPlan = tuple[int, str, Column | None, Callable[[str], Any] | None, bool, str | None]


def _plan(header: list[str], known: dict[str, Column], skip: tuple[str, ...]) -> list[_CellPlan]:
    plan: list[_CellPlan] = []
    for i, name in enumerate(header):
        if not name or name in skip:
            continue  # unnamed (trailing) columns are ignored; id/source/target are read apart
        column = known.get(name)
        if column is None:
            plan.append((i, name, None, None, False, None))
            continue
        missing = _("a value ({what}); this column is required").format(what=column.describe()) if column.required else None
        plan.append((i, name, column, cell_reader(column), column.type is _REF, missing))
    return plan


def _table_label(name: str, zh: str) -> str:
    """A table as a planner's ledger names it in Chinese, its file name beside (``社区（Community）``); in English the name."""
    return pick(f"{zh}（{name}）", name) if zh and zh != name else name


def _unknown_table(table: RawTable) -> str:
    upper = table.name.upper()
    if upper in REFERENCE_RELATIONSHIPS and upper not in RELATIONSHIP_TABLES:
        return _("no table: {table} comes from the column {column}").format(table=upper, column=REFERENCE_RELATIONSHIPS[RelType(upper)][2])
    names = [k.value for k in NodeKind] + [t.value for t in RELATIONSHIP_TABLES]
    if table.name in names:  # a real table in the wrong folder
        home = "relationships" if table.name in RELATIONSHIP_TABLES else "nodes"
        return _("{table} to be in {home}/, not {section}/").format(table=table.name, home=home, section=table.section)
    near = near_table(table.name)
    hint = [near] if near else [n for n in names if n.lower() == table.name.lower()] or nearest(table.name, names)
    comma = pick("、", ", ")
    expected = _("a node kind ({kinds}) or a relationship table ({tables})").format(
        kinds=comma.join(_table_label(k.value, kind_label(k)) for k in NodeKind),
        tables=comma.join(_table_label(t.value, spec.zh) for t, spec in RELATIONSHIP_TABLES.items()))
    return expected + (_("; did you mean {name}?").format(name=hint[0]) if hint else "")


class _Validator:
    # Hot loops: a city is millions of cells. Each table's columns are planned once
    # (_plan), rows stay lists indexed by position, pending references are tuples.
    def __init__(self, existing: KindLookup | None, base: Sequence[Node]) -> None:
        self.problems = _Problems()
        self.existing = existing
        self.base = {n.id: n for n in base}
        self.nodes: dict[str, Node] = {}
        self.where: dict[str, tuple[str, int]] = {}
        self.rejected: dict[str, NodeKind] = {}  # rows with problems: their ids exist, so no "no node has id" echo
        self.refs: list[_PendingRef] = []
        self.rels: dict[tuple[str, str, str], Relationship] = {}
        self.names: NameIndex | Callable[[], NameIndex] | None = None

    # -- header -------------------------------------------------------------------
    def _columns(self, table: RawTable, required: Sequence[str]) -> list[str] | None:
        header = table.header
        ok = True
        if not header:
            if table.rows:
                self.problems.add(table.source, table.header_line, None, None, _("a header row"))
            return None
        seen: set[str] = set()
        for name in header:
            if name in seen and name:  # unnamed (trailing) columns, as Excel exports them, are ignored
                self.problems.add(table.source, table.header_line, name, None, _("each column name once"))
                ok = False
            seen.add(name)
        for name in required:
            if name not in seen:
                if name not in table.near:  # a misspelled header is its own problem, already said
                    self.problems.add(table.source, table.header_line, name, None, _("a required column (missing from the header)"))
                ok = False
        return header if ok else None

    def _cells(self, table: RawTable, width: int, line: int, cells: list[str]) -> list[str] | None:
        """The row's cells, at least as many as the header has (None when it has non-empty extra cells)."""
        count = len(cells)
        if count > width and any(cells[width:]):
            self.problems.add(table.source, line, None, None, _("at most {width} cells, like the header").format(width=width))
            return None
        return cells if count >= width else cells + [""] * (width - count)

    # -- node tables ----------------------------------------------------------------
    def node_table(self, table: RawTable, kind: NodeKind) -> None:
        spec = NODE_SPECS[kind]
        header = self._columns(table, spec.required)
        if header is None:
            return
        plan, width, id_at = _plan(header, spec.by_name, ("id",)), len(header), header.index("id")
        unit_at = header.index("unit") if kind is _PARTY_ORG and "unit" in header else None
        for line, cells in table.rows:
            row = self._cells(table, width, line, cells)
            if row is not None:
                self._node_row(table.source, line, kind, row, plan, id_at, unit_at)

    def _node_row(
        self, source: str, line: int, kind: NodeKind, cells: list[str], plan: list[_CellPlan], id_at: int, unit_at: int | None
    ) -> None:
        node_id = cells[id_at]
        props: dict[str, Any] = {}
        refs: list[_PendingRef] = []
        ok = True
        for i, name, column, read, is_ref, missing in plan:
            text = cells[i]
            if column is None:
                if text:
                    props[name] = text
            elif not text:
                if missing is not None:
                    self.problems.add(source, line, name, None, missing)
                    ok = False
            elif is_ref:
                refs.append((source, line, name, node_id, text, column))
            elif read is None:
                props[name] = text
            else:
                try:
                    props[name] = read(text)
                except ValueError as exc:
                    self.problems.add(source, line, name, text, str(exc))
                    ok = False
        if not node_id:
            self.problems.add(source, line, "id", None, _("a non-empty id"))
            return
        hidden = invisible_in(node_id)
        if hidden is not None:
            self.problems.add(source, line, "id", node_id, _(_NO_INVISIBLE).format(found=hidden))
            return
        if kind is _PARTY_ORG and props.get("level") == "community" and not (unit_at is not None and cells[unit_at]):
            self.problems.add(source, line, "unit", None, _("the id of the Community this level-community organization belongs to"))
            ok = False
        if node_id in self.base and self.base[node_id].kind is not kind:
            self.problems.add(source, line, "id", node_id, _("a unique id; the default taxonomy already has a {kind} with this id").format(
                kind=kind_label(self.base[node_id].kind)))
            return
        if node_id in self.where:
            first_source, first_line = self.where[node_id]
            self.problems.add(source, line, "id", node_id, _("a unique id; already used at {source}, line {line}").format(source=first_source, line=first_line))
            return
        if not ok:
            self.where[node_id] = (source, line)
            self.rejected[node_id] = kind
            return
        self.nodes[node_id] = Node(node_id, kind, props)
        self.where[node_id] = (source, line)
        if refs:
            self.refs.extend(refs)

    # -- relationship tables ------------------------------------------------------------
    def rel_table(self, table: RawTable, spec_type: RelType) -> None:
        spec = RELATIONSHIP_TABLES[spec_type]
        header = self._columns(table, ("source", "target"))
        if header is None:
            return
        plan = _plan(header, {c.name: c for c in spec.properties}, ("source", "target"))
        defaults = [(c.name, c.default, header.index(c.name) if c.name in header else None) for c in spec.properties if c.default is not None]
        width, source_at, target_at = len(header), header.index("source"), header.index("target")
        ends = {end: Column(end, ValueType.REF, ref=kinds) for end, kinds in (("source", spec.sources), ("target", spec.targets))}
        wanted = {end: _("the id of a {kinds}").format(kinds=kinds_label(column.ref)) for end, column in ends.items()}
        rel_value, mentors, add = _REL_VALUE[spec_type], spec_type is _MENTORS, self.problems.add
        for line, cells in table.rows:
            row = self._cells(table, width, line, cells)
            if row is None:
                continue
            props: dict[str, Any] = {}
            ok = True
            for name, default, at in defaults:
                if at is None or not row[at]:
                    props[name] = default
            for i, name, column, read, _is_ref, _missing in plan:
                text = row[i]
                if not text:
                    continue
                if read is None:
                    props[name] = text
                    continue
                try:
                    props[name] = read(text)
                except ValueError as exc:
                    add(table.source, line, name, text, str(exc))
                    ok = False
            source, target = row[source_at], row[target_at]
            for end, value in (("source", source), ("target", target)):
                if not value:
                    add(table.source, line, end, None, wanted[end])
                    ok = False
                elif (hidden := invisible_in(value)) is not None:
                    add(table.source, line, end, value, _(_NO_INVISIBLE).format(found=hidden))
                    ok = False
            if mentors and source and source == target:
                add(table.source, line, "target", target, _("a different person than the mentor"))
                ok = False
            if ok:
                self.rels[(source, rel_value, target)] = Relationship(spec_type, source, target, props)
                self.refs.append((table.source, line, "source", "", source, ends["source"]))
                self.refs.append((table.source, line, "target", "", target, ends["target"]))

    # -- references -------------------------------------------------------------------
    def resolve(self) -> None:
        kinds: dict[str, NodeKind] = {i: n.kind for i, n in self.base.items()}
        kinds.update(self.rejected)
        kinds.update({i: n.kind for i, n in self.nodes.items()})
        if self.existing is not None:
            unknown = {r[4] for r in self.refs if r[4] not in kinds}
            if unknown:
                kinds.update(self.existing(sorted(unknown)))
        rels, nodes, add = self.rels, self.nodes, self.problems.add
        for source, line, name, owner, target, column in self.refs:
            kind = kinds.get(target)
            if kind is None and (hidden := invisible_in(target)) is not None:
                add(source, line, name, target, _(_NO_INVISIBLE).format(found=hidden))
                continue
            if kind is None or kind not in column.ref:
                if kind is None:
                    add(source, line, name, target, self._unknown(target, column.ref))
                else:
                    add(source, line, name, target, _("the id of a {kinds}, but {ident!r} is a {kind}").format(
                        kinds=kinds_label(column.ref), ident=target, kind=kind_label(kind)))
                continue
            rel = column.rel
            if rel is None:
                continue
            if rel is _PARTY_ORG_OF and kind is not _COMMUNITY and nodes[owner].props.get("level") == "community":
                add(source, line, name, target, _("the id of a Community for a level-community organization, but {ident!r} is a {kind}").format(
                    ident=target, kind=kind_label(kind)))
                continue
            if column.ref_is_source:
                rels[(target, _REL_VALUE[rel], owner)] = Relationship(rel, target, owner)
            else:
                rels[(owner, _REL_VALUE[rel], target)] = Relationship(rel, owner, target)

    def _unknown(self, text: str, kinds: Sequence[NodeKind]) -> str:
        """An unknown reference: a name several nodes share, or the nearest ids and names."""
        if callable(self.names):
            self.names = self.names()
        if self.names is None:
            return _("the id of a {kinds}; no node has id {ident!r}").format(kinds=kinds_label(kinds), ident=text)
        return self.names.unknown(text, kinds)

    def category_cycles(self, base_relationships: Sequence[Relationship] = ()) -> None:
        # the default taxonomy's links count too (a dataset row may close a cycle through them)
        parent: dict[str, str] = {
            r.target: r.source
            for r in base_relationships
            if r.type is RelType.HAS_SUBCATEGORY and r.target not in self.nodes and r.target not in self.rejected
        }
        for rel in self.rels.values():
            if rel.type is _HAS_SUBCATEGORY:
                parent[rel.target] = rel.source
        for start in sorted(on_a_cycle(parent)):
            if start in self.where:  # a default category: the dataset row closing its cycle is reported
                source, line = self.where[start]
                self.problems.add(source, line, "parent", parent[start], _("a parent that is not its own descendant (categories form a cycle)"))


def _by_columns(
    tables: Sequence[RawTable], origin: str, meta: dict[str, Any] | None, base: Sequence[Node], base_relationships: Sequence[Relationship]
) -> Dataset | list[Problem] | None:
    """The dataset validated column by column; or the need events' problems; or None when unsure (row by row then)."""
    events = [t for t in tables if is_event_table(t)]
    if events:
        tables = [t for t in tables if not is_event_table(t)]
    columns = validate_columns(tables, base=base, base_relationships=base_relationships)
    if columns is None:
        return None
    if not events:
        return Dataset(origin, dict(meta or {}), *columns)
    found = validate_need_events(events, nodes=columns[0], relationships=columns[1], all_tables=tables)
    if found.problems:
        return found.problems
    return Dataset(origin, dict(meta or {}), *found.added_to(*columns))


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
    tables, ledger_problems = ledger_headers(tables)
    names: NameIndex | None = None
    if existing is None and not ledger_problems:  # the common case first, column by column; any doubt: row by row below
        found = _by_columns(tables, origin, meta, base, base_relationships)
        if not isinstance(found, Dataset):
            # a reference that is no id may be a name (LEDGERS.md §D): with names replaced, try again
            resolved, names = resolve_names(tables, base)
            if names is not None:
                tables = resolved
                found = _by_columns(tables, origin, meta, base, base_relationships)
        if isinstance(found, Dataset):
            return found
        if found is not None:
            raise DatasetError(found[:MAX_PROBLEMS], truncated=len(found) > MAX_PROBLEMS)
    elif existing is None:  # an API write's references are resolved by the API (graph_model.queries.lookup)
        tables, names = resolve_names(tables, base)
    events = [t for t in tables if is_event_table(t)]  # the lifecycle's table: checked after the others
    if events:
        tables = [t for t in tables if not is_event_table(t)]
    v = _Validator(existing, base)
    v.names = names if names is not None else (lambda: build_index([*tables, *events], base))
    checked: CheckedEvents | None = None
    try:
        for p in ledger_problems:
            v.problems.add(p.source, p.line, p.column, p.value, p.expected)
        for table in tables:
            if table.section == "nodes" and table.name in NodeKind._value2member_map_:
                v.node_table(table, NodeKind(table.name))
            elif table.section == "relationships" and table.name in RELATIONSHIP_TABLES:
                v.rel_table(table, RelType(table.name))
            else:
                v.problems.add(table.source, None, None, table.name, _unknown_table(table))
        v.resolve()
        v.category_cycles(base_relationships)
        if events:
            checked = validate_need_events(events, nodes=list(v.nodes.values()), relationships=list(v.rels.values()),
                                           rejected=v.rejected, all_tables=tables)
            for p in checked.problems:
                v.problems.add(p.source, p.line, p.column, p.value, p.expected)
    except _TooMany:
        pass
    if v.problems.items:
        raise DatasetError(v.problems.items, truncated=v.problems.truncated)
    replaced = {i for i in v.base if i in v.nodes}
    nodes = [n for i, n in v.base.items() if i not in replaced] + list(v.nodes.values())
    kept = [r for r in base_relationships if r.target not in replaced]
    kept_keys = {r.key for r in kept}
    rels = kept + [r for key, r in v.rels.items() if key not in kept_keys]
    if checked is not None:
        return Dataset(origin, dict(meta or {}), *checked.added_to(nodes, rels))
    return Dataset(origin, dict(meta or {}), nodes, rels)
