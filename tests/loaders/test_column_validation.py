"""Validation column by column gives the row-by-row validator's dataset, and the store the same graph.

The row-by-row path is forced with ``existing=`` (a lookup that knows no other
id), which :func:`loaders.validation.validate_tables` never sends column by
column. Graphs are compared in order: node order, each adjacency's order and
each key dict's order, not only as equal dicts.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest

from tests.loaders.builders import small_network, write_dataset
from graph_model.records import ChangeSet, NodeColumns, Relationship, RelationshipColumns
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, default_taxonomy, load_into
from loaders import dataset as dataset_module
from generators.synthetic_city import generate_dataset
from loaders.tables import RawTable, read_dataset_files
from loaders.validation import Dataset, validate_tables

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

K, R = NodeKind, RelType


def _both_ways(path: Path) -> tuple[Dataset, Dataset]:
    raw = read_dataset_files(path)
    nodes, rels = default_taxonomy()
    by_columns = validate_tables(raw.tables, base=nodes, base_relationships=rels)
    by_rows = validate_tables(raw.tables, base=nodes, base_relationships=rels, existing=lambda ids: {})
    return by_columns, by_rows


def _records(dataset: Dataset) -> tuple[list[Any], list[Any]]:
    return (
        [(n.id, n.kind, list(n.props.items())) for n in dataset.nodes],
        [(r.type, r.source, r.target, list(r.props.items())) for r in dataset.relationships],
    )


def _layout(store: MemoryStore) -> tuple[Any, ...]:
    g = store.graph

    def adjacency(adj: dict[str, Any]) -> list[Any]:
        return [(n, [(t, [(k, list(d["props"].items())) for k, d in keys.items()]) for t, keys in nbrs.items()])
                for n, nbrs in adj.items()]

    nodes = [(n, d["kind"], list(d["props"].items())) for n, d in g._node.items()]
    return nodes, adjacency(g._succ), adjacency(g._pred), {k: sorted(v) for k, v in store._by_kind.items() if v}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("city") / "city"
    generate_dataset(path, subdistricts=2, seed=3)
    return path


@pytest.mark.parametrize("which", ["daoyi", "city", "small"])
def test_column_by_column_gives_the_row_by_row_dataset_and_graph(which: str, city: Path, tmp_path: Path) -> None:
    if which == "small":
        nodes, rels = small_network()
        path = write_dataset(tmp_path / "small", nodes=nodes, relationships=rels)
    else:
        path = bundled_dataset_path() if which == "daoyi" else city
    by_columns, by_rows = _both_ways(path)
    assert isinstance(by_columns.nodes, NodeColumns) and isinstance(by_rows.nodes, list)
    assert _records(by_columns) == _records(by_rows)
    assert len(by_columns.nodes) == len(by_rows.nodes) and len(by_columns.relationships) == len(by_rows.relationships)
    fast, generic = MemoryStore(), MemoryStore()
    fast.apply(by_columns.change_set())
    generic.apply(ChangeSet(list(by_rows.nodes), list(by_rows.relationships)))
    assert _layout(fast) == _layout(generic)


def _table(name: str, section: str, text: str) -> RawTable:
    header, *rows = [line.split(",") for line in text.strip().splitlines()]
    return RawTable(name, section, f"{name}.csv", header, [(i, row) for i, row in enumerate(rows, 2)])


_PEOPLE = _table("Person", "nodes", "id,name,rating\nw1,甲,4\nw2,乙,\nw3,丙,3.5")
_GRIDS = _table("Grid", "nodes", "id,name,community\ng1,一,c1\ng2,二,c1")
_COMMUNITIES = _table("Community", "nodes", "id,name,type,subdistrict\nc1,北苑,Urban,sd")


@pytest.mark.parametrize("unusual", [
    _table("GRID_WORKER_OF", "relationships", "source,target,role,full_time\nw1,g1,staff,\nw2,g1,,false"),  # default not first
    _table("GRID_WORKER_OF", "relationships", "source,target,full_time,role\nw1,g1,,staff\nw2,g1,否,"),  # default first
    _table("GRID_WORKER_OF", "relationships", "source,target,extra\nw1,g1,x\nw1,g1,y\nw3,g2,"),  # repeated, unknown column
    _table("GRID_WORKER_OF", "relationships", "source,target,role\nw1,g1,staff\nw2,g1"),  # a short row
    _table("Category", "nodes", "id,name,parent\nmy_cat,我的类别,elderly_meals"),  # categories: row by row
])
def test_unusual_tables_give_the_row_by_row_answer(unusual: RawTable) -> None:
    tables = [_PEOPLE, _GRIDS, _COMMUNITIES, unusual]
    nodes, rels = default_taxonomy()
    with pytest.raises(Exception) as no_subdistrict:  # sd is missing: both ways word the same problem
        validate_tables(tables, base=nodes, base_relationships=rels)
    tables.append(_table("Subdistrict", "nodes", "id,name\nsd,道义"))
    by_columns = validate_tables(tables, base=nodes, base_relationships=rels)
    by_rows = validate_tables(tables, base=nodes, base_relationships=rels, existing=lambda ids: {})
    assert _records(by_columns) == _records(by_rows)
    assert "sd" in str(no_subdistrict.value)


def test_cells_that_need_parse_value_are_read_as_it_reads_them() -> None:
    tables = [_PEOPLE, _GRIDS, _COMMUNITIES, _table("Subdistrict", "nodes", "id,name,population,area_km2\nsd,道义,1200.0,1e1")]
    nodes, rels = default_taxonomy()
    by_columns = validate_tables(tables, base=nodes, base_relationships=rels)
    assert isinstance(by_columns.nodes, NodeColumns)
    assert _records(by_columns) == _records(validate_tables(tables, base=nodes, base_relationships=rels, existing=lambda ids: {}))
    props = {n.id: dict(n.props) for n in by_columns.nodes}
    assert props["c1"]["type"] == "urban" and props["w3"]["rating"] == 3.5 and "rating" not in props["w2"]


def test_writes_after_a_column_load_leave_the_shared_key_dicts_alone() -> None:
    store = MemoryStore()
    load_into(store, bundled_dataset_path())
    need = store.ids(K.NEED)[0]
    community = next(s for s, _ in store._in(need, R.HAS_NEED))
    partner = store.ids(K.PARTNER)[0]
    untouched = [(c, t) for c in store.ids(K.COMMUNITY) for t, _ in store._out(c, R.HAS_NEED)]
    # a second type between a pair that shares a read-only key dict, then a detach
    store.apply(ChangeSet(relationships=[Relationship(R.RESOLVED_BY, need, partner)], detach=[(need, R.RESOLVED_BY)]))
    store.apply(ChangeSet(relationships=[Relationship(R.CO_BUILDS, partner, community, {"since": "2024"})]))
    store.apply(ChangeSet(detach=[(need, R.IN_CATEGORY)]))
    assert [r.target for r in store.relationships(need, types=[R.RESOLVED_BY])] == [partner]
    assert store.relationships(need, types=[R.IN_CATEGORY]) == []
    assert [(c, t) for c in store.ids(K.COMMUNITY) for t, _ in store._out(c, R.HAS_NEED)] == untouched
    others = [n for n in store.ids(K.NEED) if n != need]
    assert all(store.relationships(n, types=[R.IN_CATEGORY]) for n in others)


def test_a_column_load_with_a_missing_end_leaves_the_store_empty() -> None:
    nodes = NodeColumns([(K.GRID, ("g1",), ({"name": "一"},))])
    rels = RelationshipColumns([((R.HAS_GRID, ("c9",), ("g1",), None),)])
    store = MemoryStore()
    with pytest.raises(Exception, match="an existing node id"):
        store.apply(ChangeSet(nodes, rels))
    assert store.graph.number_of_nodes() == 0 and not store._by_kind.get(K.GRID)


def test_a_big_load_is_frozen_while_its_store_lives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset_module, "FREEZE_AT", 1)
    gc.collect()
    assert gc.get_freeze_count() == 0
    store = MemoryStore()
    load_into(store, bundled_dataset_path())
    assert gc.get_freeze_count() > 0  # the loaded graph is out of the collector's sight
    store.clear()
    assert gc.get_freeze_count() == 0
    load_into(store, bundled_dataset_path())
    graph = weakref.ref(store.graph)
    store.relationships(store.ids(K.NEED)[0])  # networkx caches views that point back at the graph: a cycle
    del store
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert graph() is None  # thawed, so the collector frees the graph's cycle: nothing leaks
