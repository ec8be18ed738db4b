"""Every write checked by the same rules as a dataset, then applied as one change set.

A request body becomes a one-row :class:`~loaders.tables.RawTable` (JSON
values turned into cell text: lists joined by ``;``, booleans
``true``/``false``) and goes through :func:`loaders.validation.validate_tables`
with ``existing=store.kinds_of`` — exactly what a dataset file goes through.
Before that, under the write lock:

- an id (or relationship) that already exists → :class:`~api.errors.AlreadyExists` (409);
- a reference field (``community``, ``category``, ``resolved_by``, ``source``, ``target``...)
  may hold an id or a name: a name is resolved by :mod:`graph_model.queries.lookup`'s rules
  (exact, part of a name, pinyin) among the kinds the field allows; one that names nothing →
  :class:`~graph_model.errors.NotFound` (404, with the nearest ids and names), one that several
  nodes fit → :class:`~graph_model.errors.Ambiguous` (422, listing them);

then wrong kinds and bad values → :class:`~graph_model.errors.DatasetError`
(422, each problem naming its field). Checks and apply hold the lock
together, so two writes never both pass a check the other would fail.

Examples
--------
>>> cell_text(["慢病用药配送", "义诊"], "projects"), cell_text(True, "full_time"), cell_text(3, "capacity")
('慢病用药配送;义诊', 'true', '3')
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from api.errors import AlreadyExists
from graph_model.errors import DatasetError, Problem
from graph_model.i18n import _
from graph_model.queries.lookup import resolve_id, resolve_node
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NODE_SPECS, RELATIONSHIP_TABLES, Column, NodeKind, RelType, ValueType
from graph_model.store import GraphStore
from loaders.tables import RawTable
from loaders.validation import validate_tables

__all__ = ["cell_text", "create_node", "create_relationship", "update_need"]

log = logging.getLogger(__name__)

SOURCE = "body"
_SEPARATORS = (";", "；")


def cell_text(value: Any, field: str) -> str:
    """A JSON value as the text a dataset cell would hold (None → empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        items = [cell_text(v, field) for v in value]
        bad = next((i for i in items if any(s in i for s in _SEPARATORS)), None)
        if bad is not None:
            raise DatasetError([Problem(SOURCE, None, field, bad, _("list items without ';' (it separates items)"))])
        return ";".join(items)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(name: str, section: str, row: Mapping[str, Any]) -> RawTable:
    header = list(row)
    cells = [cell_text(row[k], k) for k in header]
    return RawTable(name, section, SOURCE, header, [(1, cells)])


def _resolve_references(store: GraphStore, row: Mapping[str, Any], refs: Sequence[tuple[str, tuple[NodeKind, ...]]]) -> dict[str, Any]:
    """``row`` with each reference field's name replaced by the id it names.

    An id of an existing node is kept as it is, whatever its kind: the rules then
    report a wrong kind (422) exactly as for a dataset file.
    """
    out = dict(row)
    for field, kinds in refs:
        text = cell_text(row.get(field), field)
        if text and store.get(text) is None:
            out[field] = resolve_id(store, kinds, text)
    return out


def _ref_columns(kind: NodeKind, row: Mapping[str, Any]) -> list[tuple[str, tuple[NodeKind, ...]]]:
    spec = NODE_SPECS[kind]
    return [(name, spec.by_name[name].ref) for name in row if name in spec.by_name and spec.by_name[name].type is ValueType.REF]


def _new_id(store: GraphStore, kind: NodeKind, row: Mapping[str, Any]) -> str | None:
    """An id for a need or partner written without one (:mod:`graph_model.new_ids`); None for other kinds."""
    from graph_model import new_ids

    if kind is NodeKind.NEED and row.get("community"):
        return new_ids.new_need_id(store, str(row["community"]))
    if kind is NodeKind.PARTNER and (name := cell_text(row.get("name"), "name")):
        return new_ids.new_partner_id(store, name)
    return None


def create_node(store: GraphStore, lock: threading.Lock, kind: NodeKind, row: Mapping[str, Any]) -> Node:
    """Validate and add a new node of ``kind`` (its reference columns become relationships).

    A need or partner written without an id gets one (chosen under the lock, so two writes never get the same);
    a blank id is refused as before.
    """
    node_id = cell_text(row.get("id"), "id")
    with lock:
        if node_id:
            existing = store.get(node_id)
            if existing is not None:
                raise AlreadyExists(_("id {id!r} is already used by a {kind}").format(id=node_id, kind=existing.kind.value))
        row = _resolve_references(store, row, _ref_columns(kind, row))
        if row.get("id") is None and (made := _new_id(store, kind, row)) is not None:  # left out; a blank one is refused
            node_id, row = made, {**row, "id": made}
        dataset = validate_tables([_table(kind.value, "nodes", row)], origin=SOURCE, existing=store.kinds_of)
        store.apply(ChangeSet(dataset.nodes, dataset.relationships))
    log.info("created %s %s", kind.value, node_id)
    return dataset.nodes[0]


def create_relationship(store: GraphStore, lock: threading.Lock, rel_type: RelType, row: Mapping[str, Any]) -> Relationship:
    """Validate and add a new relationship of a relationship table (CO_BUILDS, OFFERS, ...)."""
    spec = RELATIONSHIP_TABLES[rel_type]
    with lock:
        row = _resolve_references(store, row, [("source", spec.sources), ("target", spec.targets)])
        source, target = cell_text(row.get("source"), "source"), cell_text(row.get("target"), "target")
        if source and target and any(
            r.target == target for r in store.relationships(source, types=[rel_type], direction="out")
        ):
            raise AlreadyExists(_("{source} already has {type} to {target}").format(source=source, type=rel_type.value, target=target))
        dataset = validate_tables([_table(rel_type.value, "relationships", row)], origin=SOURCE, existing=store.kinds_of)
        store.apply(ChangeSet(relationships=dataset.relationships))
    log.info("created %s %s → %s", rel_type.value, source, target)
    return dataset.relationships[0]


def _props_as_row(node: Node) -> dict[str, Any]:
    return {"id": node.id, **{k: v for k, v in node.props.items()}}


def update_need(store: GraphStore, lock: threading.Lock, need: str, changes: Mapping[str, Any]) -> tuple[Node, list[Relationship]]:
    """Change a need's ``status`` and/or ``resolved_by`` (None removes the resolver); the rest is kept.

    The whole need is re-validated as a row (so a status or resolver breaks
    the rules exactly as in a dataset), and its old RESOLVED_BY is detached
    in the same change set.
    """
    spec = NODE_SPECS[NodeKind.NEED]
    with lock:
        node = resolve_node(store, NodeKind.NEED, need)
        need = node.id
        rels = store.relationships(need, types=[RelType.HAS_NEED, RelType.IN_CATEGORY, RelType.RESOLVED_BY])
        row = _props_as_row(node)
        for column in spec.columns:
            if column.type is ValueType.REF and column.rel is not None:
                row[column.name] = _ref_of(need, column, rels)
        row.update(_resolve_references(store, changes, [("resolved_by", spec.column("resolved_by").ref)]))
        dataset = validate_tables([_table(NodeKind.NEED.value, "nodes", row)], origin=SOURCE, existing=store.kinds_of)
        store.apply(ChangeSet(dataset.nodes, dataset.relationships, detach=[(need, RelType.RESOLVED_BY)]))
    log.info("updated need %s: %s", need, ", ".join(sorted(changes)) or "nothing")
    return dataset.nodes[0], list(dataset.relationships)


def _ref_of(node_id: str, column: Column, rels: Sequence[Relationship]) -> str | None:
    """The id a reference column of ``node_id`` holds now, read back from its relationship."""
    if column.ref_is_source:
        found = [r.source for r in rels if r.type is column.rel and r.target == node_id]
    else:
        found = [r.target for r in rels if r.type is column.rel and r.source == node_id]
    return min(found, default=None)
