"""The current network as a dataset: a CSV folder or an ``.xlsx`` workbook that loads back to the identical graph.

Reach for :func:`export_dataset`. It reads any store (the embedded one with
its journaled writes, or Neo4j — the database is read), and lays the graph
out as docs/data-model.md describes a dataset: one table per node kind, a
reference column (``Grid.community``) for each relationship a node's row
gives, one table per relationship type for the rest, each event of a need
in the ``NeedEvent`` table in its order. Properties outside the data model
(``source``, ``note`` …) are kept as extra columns. The default service
taxonomy is not written, except the categories a dataset row added or replaced.

A relationship the layout cannot hold (a second parent for a grid, say) is
refused with every such one named, rather than written half.

Examples
--------
>>> import tempfile
>>> from graph_model.stores.memory.store import MemoryStore
>>> from loaders.dataset import bundled_dataset_path, load_into
>>> store = MemoryStore()
>>> _ = load_into(store, bundled_dataset_path())
>>> out = Path(tempfile.mkdtemp()) / "copy"
>>> export_dataset(store, out).rows
8210
>>> again = MemoryStore()
>>> _ = load_into(again, out)
>>> again.stats() == store.stats()
True
"""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_model.errors import DatasetError, LinliError, Problem
from graph_model.i18n import _
from graph_model.records import Node, Relationship
from graph_model.schema import (
    NODE_SPECS,
    REFERENCE_RELATIONSHIPS,
    RELATIONSHIP_ENDS_ZH,
    RELATIONSHIP_TABLES,
    Column,
    NodeKind,
    RelType,
    ValueType,
)
from graph_model.store import GraphStore
from loaders.dataset import default_taxonomy

__all__ = ["Table", "Exported", "export_dataset", "dataset_tables", "CHINESE_HEADERS_IN_WORKBOOKS"]

log = logging.getLogger(__name__)

CHINESE_HEADERS_IN_WORKBOOKS = True
"""Workbooks get the Chinese sheet names and headers (社区, 编号, 名称 …), as a planner's ledger has them; CSV keeps the English ones."""

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)."""


@dataclass(slots=True)
class Table:
    """One table of the exported dataset: its name, section, columns (schema's, then extras) and rows of cell values."""

    name: str
    section: str
    columns: list[Column]
    rows: list[list[Any]]


@dataclass(frozen=True, slots=True)
class Exported:
    """What :func:`export_dataset` wrote: where, how many tables and rows."""

    path: Path
    tables: int
    rows: int


def _cell(value: Any) -> Any:
    """A property value as a cell: lists joined with ';', booleans as true/false, the rest as is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return value


def _extras(nodes: Iterable[Mapping[str, Any]], known: set[str]) -> list[str]:
    seen: dict[str, None] = {}
    for props in nodes:
        for key in props:
            if key not in known and key not in seen:
                seen[key] = None
    return list(seen)


class _Graph:
    """The whole graph, indexed by kind and by (node, type) in each direction; remembers which relationships a row holds."""

    def __init__(self, nodes: Sequence[Node], relationships: Sequence[Relationship]) -> None:
        self.by_kind: dict[NodeKind, list[Node]] = defaultdict(list)
        self.kind: dict[str, NodeKind] = {}
        for node in nodes:
            self.by_kind[node.kind].append(node)
            self.kind[node.id] = node.kind
        self.out: dict[tuple[str, RelType], list[Relationship]] = defaultdict(list)
        self.into: dict[tuple[str, RelType], list[Relationship]] = defaultdict(list)
        self.by_type: dict[RelType, list[Relationship]] = defaultdict(list)
        for rel in relationships:
            self.by_type[rel.type].append(rel)
        for rel_type in REFERENCE_RELATIONSHIPS:  # only these are looked up from a row: a city has millions of the others
            out, into = self.out, self.into
            for rel in self.by_type.get(rel_type, ()):
                out[(rel.source, rel_type)].append(rel)
                into[(rel.target, rel_type)].append(rel)
        self.held: set[int] = set()  # id() of each relationship a row's column holds
        self.problems: list[Problem] = []

    def reference(self, node: Node, column: Column) -> str:
        """The id a reference column of ``node`` holds (the relationship is marked as held)."""
        assert column.rel is not None
        if column.ref_is_source:
            found = [r for r in self.into.get((node.id, column.rel), ()) if self.kind.get(r.source) in column.ref]
            ends = [r.source for r in found]
        else:
            found = [r for r in self.out.get((node.id, column.rel), ()) if self.kind.get(r.target) in column.ref]
            ends = [r.target for r in found]
        if len(found) > 1:
            self.problems.append(Problem(f"{node.kind.value} {node.id}", None, column.name, ";".join(sorted(ends)),
                                         _("one {column} per row (a dataset holds one; the graph has several)").format(column=column.name)))
        for rel in found:
            if rel.props:
                self.problems.append(Problem(f"{node.kind.value} {node.id}", None, column.name, str(dict(rel.props)),
                                             _("no properties on a {type} relationship (a dataset cannot hold them)").format(type=rel.type.value)))
            self.held.add(id(rel))
        return min(ends) if ends else ""


def _node_table(graph: _Graph, kind: NodeKind, nodes: list[Node]) -> Table:
    spec = NODE_SPECS[kind]
    props_columns = [c for c in spec.columns if c.type is not ValueType.REF]
    known = {c.name for c in spec.columns}
    extras = [Column(name) for name in _extras((n.props for n in nodes), known)]
    rows = []
    for node in sorted(nodes, key=lambda n: n.id):
        props = node.props
        row: list[Any] = []
        for column in spec.columns:
            if column.name == "id":
                row.append(node.id)
            elif column.type is ValueType.REF:
                row.append(graph.reference(node, column))
            else:
                row.append(_cell(props.get(column.name)))
        row += [_cell(props.get(c.name)) for c in extras]
        rows.append(row)
    del props_columns
    return Table(kind.value, "nodes", [*spec.columns, *extras], rows)


def _event_table(graph: _Graph, events: list[Node]) -> Table:
    spec = NODE_SPECS[NodeKind.NEED_EVENT]
    known = {c.name for c in spec.columns} | {"seq"}
    extras = [Column(name) for name in _extras((n.props for n in events), known)]
    keyed = []
    for event in events:
        need = graph.reference(event, spec.column("need"))
        keyed.append(((need, int(event.props.get("seq", 0))), event))
    rows = []
    for _key, event in sorted(keyed, key=lambda item: item[0]):
        row = [graph.reference(event, c) if c.type is ValueType.REF else _cell(event.props.get(c.name)) for c in spec.columns]
        rows.append(row + [_cell(event.props.get(c.name)) for c in extras])
    return Table(NodeKind.NEED_EVENT.value, "nodes", [*spec.columns, *extras], rows)


def _changed_categories(graph: _Graph) -> list[Node]:
    """The categories a dataset row added or replaced (the default taxonomy's others are not written)."""
    default_nodes, default_rels = default_taxonomy()
    defaults = {n.id: n for n in default_nodes}
    default_parent = {r.target: r.source for r in default_rels}
    keep = []
    for node in graph.by_kind.get(NodeKind.CATEGORY, []):
        parents = sorted(r.source for r in graph.into.get((node.id, RelType.HAS_SUBCATEGORY), ()))
        base = defaults.get(node.id)
        if base is None or dict(base.props) != dict(node.props) or parents != ([default_parent[node.id]] if node.id in default_parent else []):
            keep.append(node)
        else:
            graph.held.update(id(r) for r in graph.into.get((node.id, RelType.HAS_SUBCATEGORY), ()))
    return keep


def _relationship_table(rel_type: RelType, rels: list[Relationship]) -> Table:
    spec = RELATIONSHIP_TABLES[rel_type]
    known = {c.name for c in spec.properties}
    extras = [Column(name) for name in _extras((r.props for r in rels), known)]
    columns = [Column("source", zh=RELATIONSHIP_ENDS_ZH["source"]), Column("target", zh=RELATIONSHIP_ENDS_ZH["target"]), *spec.properties, *extras]
    rows = [[r.source, r.target, *(_cell(r.props.get(c.name)) for c in (*spec.properties, *extras))]
            for r in sorted(rels, key=lambda r: (r.source, r.target))]
    return Table(rel_type.value, "relationships", columns, rows)


def dataset_tables(store: GraphStore, *, progress: Progress | None = None) -> list[Table]:
    """The tables of the dataset ``store`` holds (empty tables left out).

    Raises :class:`~graph_model.errors.DatasetError` naming every relationship a dataset cannot hold.
    """
    if progress:
        progress(_("reading the network"), 0, 1)
    whole = store.subgraph()
    graph = _Graph(whole.nodes, whole.relationships)
    if progress:
        progress(_("reading the network"), 1, 1)
    tables: list[Table] = []
    for kind in NodeKind:
        if kind is NodeKind.NEED_EVENT:
            continue
        nodes = _changed_categories(graph) if kind is NodeKind.CATEGORY else graph.by_kind.get(kind, [])
        if nodes:
            tables.append(_node_table(graph, kind, nodes))
    if graph.by_kind.get(NodeKind.NEED_EVENT):
        tables.append(_event_table(graph, graph.by_kind[NodeKind.NEED_EVENT]))
    for rel_type in RELATIONSHIP_TABLES:
        if graph.by_type.get(rel_type):
            tables.append(_relationship_table(rel_type, graph.by_type[rel_type]))
    for rel_type, rels in graph.by_type.items():
        if rel_type in RELATIONSHIP_TABLES:
            continue
        for rel in rels:
            if id(rel) not in graph.held:
                graph.problems.append(Problem(f"{rel.source} -{rel.type.value}-> {rel.target}", None, None, None,
                                              _("a relationship a dataset can hold (no row's column gives it)")))
    if graph.problems:
        raise DatasetError(graph.problems[:200], truncated=len(graph.problems) > 200)
    return tables


def _text(value: Any) -> str:
    return value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)


def _csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows(table.rows)  # str() of an int or a float is what the loader reads back (repr for floats)
    return buffer.getvalue().encode("utf-8")


def _write_folder(tables: Sequence[Table], out: Path, meta: Mapping[str, Any], progress: Progress | None) -> None:
    for section in ("nodes", "relationships"):
        (out / section).mkdir(parents=True, exist_ok=True)
    if meta:
        (out / "dataset.toml").write_text("".join(f"{key} = {_toml(value)}\n" for key, value in meta.items()), encoding="utf-8")
    for done, table in enumerate(tables, 1):
        (out / table.section / f"{table.name}.csv").write_bytes(_csv_bytes(table))
        if progress:
            progress(_("writing tables"), done, len(tables))


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _header(column: Column) -> str:
    return column.zh if CHINESE_HEADERS_IN_WORKBOOKS and column.zh else column.name


def _sheet_title(table: Table) -> str:
    if not CHINESE_HEADERS_IN_WORKBOOKS:
        return table.name
    if table.section == "nodes":
        return NODE_SPECS[NodeKind(table.name)].zh or table.name
    return RELATIONSHIP_TABLES[RelType(table.name)].zh or table.name


def _write_workbook(tables: Sequence[Table], out: Path, meta: Mapping[str, Any], progress: Progress | None) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    try:
        bold = book.add_format({"bold": True})
        if meta:
            sheet = book.add_worksheet("dataset")
            sheet.write_row(0, 0, ["key", "value"], bold)
            for i, (key, value) in enumerate(meta.items(), 1):
                sheet.write_row(i, 0, [str(key), str(value)])
        for done, table in enumerate(tables, 1):
            sheet = book.add_worksheet(_sheet_title(table))
            sheet.write_row(0, 0, [_header(c) for c in table.columns], bold)
            sheet.freeze_panes(1, 0)
            numeric = [c.type in (ValueType.INT, ValueType.FLOAT) for c in table.columns]
            for r, row in enumerate(table.rows, 1):
                for c, value in enumerate(row):
                    if value == "":
                        continue
                    if numeric[c] and isinstance(value, (int, float)) and not isinstance(value, bool):
                        sheet.write_number(r, c, value)
                    else:
                        sheet.write_string(r, c, _text(value))
            if progress:
                progress(_("writing tables"), done, len(tables))
    finally:
        book.close()


def export_dataset(store: GraphStore, out: Path | str, *, meta: Mapping[str, Any] | None = None,
                   progress: Progress | None = None) -> Exported:
    """Write the network ``store`` holds to ``out``: a workbook when it ends in ``.xlsx``, else a dataset folder.

    The folder must not exist or be empty; a workbook is replaced. Written
    beside ``out`` first and moved into place, so ``out`` is never half written.
    Raises :class:`~graph_model.errors.LinliError` when ``out`` cannot be written.
    """
    out = Path(out)
    workbook = out.suffix.lower() == ".xlsx"
    if not workbook and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise LinliError(_("{path} exists and is not an empty folder: export into a new folder").format(path=out))
    tables = dataset_tables(store, progress=progress)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
        try:
            if workbook:
                _write_workbook(tables, staging / out.name, meta or {}, progress)
                os.replace(staging / out.name, out)
            else:
                _write_folder(tables, staging / "dataset", meta or {}, progress)
                if out.exists():
                    out.rmdir()
                os.replace(staging / "dataset", out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise LinliError(_("cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)) from None
    rows = sum(len(t.rows) for t in tables)
    log.info("exported %d tables, %d rows to %s", len(tables), rows, out)
    return Exported(out, len(tables), rows)
