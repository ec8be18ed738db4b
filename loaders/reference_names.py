"""Names where ids go (LEDGERS.md §D): a ledger's reference cell may name the node it means.

:func:`resolve_names` runs before validation: in every reference column
(``Grid.community``, a relationship's ``source``/``target``, a need event's
``need`` and ``partner``) a value that is no id but the exact name of exactly
one node of an allowed kind (blanks ignored) is replaced by that node's id —
the stored graph holds ids only, so a ledger written with names gives the
graph the same ledger written with ids gives. What it leaves alone — a name
several nodes share, a value that is neither — the validator reports, worded
by :meth:`NameIndex.unknown` (the ids a shared name fits, or the nearest ids
*and* names).

Examples
--------
>>> from loaders.tables import read_csv_text
>>> communities = read_csv_text("id,name,type,subdistrict\\nc1,北苑社区,urban,sd\\n", name="Community", section="nodes", source="Community.csv")
>>> grids = read_csv_text("id,name,community\\ng1,第一网格,北苑社区\\n", name="Grid", section="nodes", source="Grid.csv")
>>> tables, index = resolve_names([communities, grids])
>>> tables[1].rows
[(2, ['g1', '第一网格', 'c1'])]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graph_model.errors import Candidate
from graph_model.i18n import _
from graph_model.queries.lookup import suggest
from graph_model.records import Node
from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES, NodeKind, RelType, ValueType, kinds_label
from loaders.tables import RawTable

__all__ = ["NameIndex", "resolve_names"]

_NODE_KINDS = NodeKind._value2member_map_
_WITHIN = ("community", "subdistrict", "grid", "building", "estate", "parent", "unit")


def name_key(text: str) -> str:
    """A name as compared: without blanks."""
    return "".join(text.split())


@dataclass(slots=True)
class NameIndex:
    """Every node of a dataset by id and by name, built only when some reference is no id."""

    kinds: dict[str, NodeKind] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    within: dict[str, str] = field(default_factory=dict)
    """Where a node is (the id or name in its community, subdistrict, grid ... column), to tell namesakes apart."""

    def add(self, node_id: str, kind: NodeKind, name: str, within: str = "") -> None:
        self.kinds[node_id] = kind
        if within:
            self.within[node_id] = within
        if name:
            self.names[node_id] = name
            self.by_name.setdefault(name_key(name), []).append(node_id)

    def named(self, text: str, kinds: Sequence[NodeKind]) -> list[str]:
        """The ids of the nodes of ``kinds`` called ``text``."""
        return [i for i in self.by_name.get(name_key(text), ()) if self.kinds[i] in kinds]

    def unknown(self, text: str, kinds: Sequence[NodeKind]) -> str:
        """What the validator says of a reference ``text`` that names no node of ``kinds`` by id."""
        wanted = kinds_label(kinds)
        shared = self.named(text, kinds)
        if len(shared) > 1:
            listed = _("; ").join(str(Candidate(i, self.names.get(i, i), self._where(i))) for i in shared)
            return _("the id of a {kinds}, or a name only one of them has; {n} are named {text!r}: {candidates} — write the id").format(
                kinds=wanted, n=len(shared), text=text, candidates=listed)
        message = _("the id of a {kinds}; no node has id {ident!r}").format(kinds=wanted, ident=text)
        pool = [Candidate(i, self.names.get(i, i)) for i, kind in self.kinds.items() if kind in kinds]
        near = suggest(text, pool, n=3)
        if near:
            message += _(" (did you mean: {suggestions}?)").format(suggestions=", ".join(map(str, near)))
        return message


    def _where(self, node_id: str) -> str | None:
        within = self.within.get(node_id)
        if not within:
            return None
        return self.names.get(within, within)


def _reference_columns(table: RawTable) -> list[tuple[int, tuple[NodeKind, ...]]]:
    """(position, allowed kinds) of each reference column in the table's header."""
    found: list[tuple[int, tuple[NodeKind, ...]]] = []
    if table.section == "nodes" and table.name in _NODE_KINDS:
        spec = NODE_SPECS[NodeKind(table.name)]
        for at, name in enumerate(table.header):
            column = spec.by_name.get(name)
            if column is not None and column.type is ValueType.REF:
                found.append((at, column.ref))
    elif table.section == "relationships" and table.name in RELATIONSHIP_TABLES:
        rel = RELATIONSHIP_TABLES[RelType(table.name)]
        for end, kinds in (("source", rel.sources), ("target", rel.targets)):
            if end in table.header:
                found.append((table.header.index(end), kinds))
    return found


def _ids(tables: Sequence[RawTable], base: Sequence[Node]) -> set[str]:
    ids = {n.id for n in base}
    for table in tables:
        if table.section == "nodes" and table.name in _NODE_KINDS and "id" in table.header:
            at = table.header.index("id")
            ids.update(cells[at] for _line, cells in table.rows if at < len(cells))
    return ids


def build_index(tables: Sequence[RawTable], base: Sequence[Node] = ()) -> NameIndex:
    """Every node of ``base`` and ``tables`` with its kind and name."""
    index = NameIndex()
    for node in base:
        index.add(node.id, node.kind, str(node.props.get("name", "")))
    for table in tables:
        if table.section != "nodes" or table.name not in _NODE_KINDS or "id" not in table.header:
            continue
        kind, at = NodeKind(table.name), table.header.index("id")
        name_at = table.header.index("name") if "name" in table.header else None
        within_at = next((table.header.index(c) for c in _WITHIN if c in table.header), None)
        for _line, cells in table.rows:
            if at < len(cells) and cells[at]:
                name = cells[name_at] if name_at is not None and name_at < len(cells) else ""
                within = cells[within_at] if within_at is not None and within_at < len(cells) else ""
                index.add(cells[at], kind, name, within)
    return index


def resolve_names(tables: Sequence[RawTable], base: Sequence[Node] = ()) -> tuple[list[RawTable], NameIndex | None]:
    """The tables with each reference that is a unique name replaced by its id, and the index (None: every reference was an id)."""
    ids = _ids(tables, base)
    index: NameIndex | None = None
    out: list[RawTable] = []
    for table in tables:
        columns = [(at, kinds) for at, kinds in _reference_columns(table)
                   if not ids.issuperset(cells[at] for _line, cells in table.rows if at < len(cells) and cells[at])]
        if not columns:
            out.append(table)
            continue
        if index is None:
            index = build_index(tables, base)
        rows = list(table.rows)
        for row_at, (line, cells) in enumerate(rows):
            changed: list[str] | None = None
            for at, kinds in columns:
                text = cells[at] if at < len(cells) else ""
                if not text or text in ids:
                    continue
                named = index.named(text, kinds)
                if len(named) == 1:
                    changed = changed or list(cells)
                    changed[at] = named[0]
            if changed is not None:
                rows[row_at] = (line, changed)
        out.append(RawTable(table.name, table.section, table.source, table.header, rows, table.header_line))
    return out, index
