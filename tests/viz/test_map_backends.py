"""The same map from both backends: the maps read the store only through the GraphStore protocol."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from tests.viz.map_fixtures import DATA_BLOCK

from graph_model.stores.memory.store import MemoryStore
from graph_model.stores.neo4j.store import Neo4jStore
from loaders import bundled_dataset_path, load_into
from viz import LAYERS, build_map

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def neo4j_daoyi(neo4j_uri: str) -> Iterator[Neo4jStore]:
    """The Daoyi dataset in the test Neo4j (replacing whatever was there)."""
    store = Neo4jStore.from_settings(uri=neo4j_uri)
    try:
        load_into(store, bundled_dataset_path(), replace=True)
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("layer", LAYERS)
def test_neo4j_draws_the_same_map(neo4j_daoyi: Neo4jStore, daoyi_store: MemoryStore, layer: str) -> None:
    options = {"focus": "c-beiyuan", "depth": 2} if layer == "focus" else {}
    memory_page, memory = build_map(daoyi_store, layer=layer, **options)  # type: ignore[arg-type]
    neo4j_page, neo4j = build_map(neo4j_daoyi, layer=layer, **options)  # type: ignore[arg-type]
    assert (neo4j.nodes, neo4j.edges, neo4j.nodes_by_kind, neo4j.edges_by_type, neo4j.gap_counts) == (
        memory.nodes, memory.edges, memory.nodes_by_kind, memory.edges_by_type, memory.gap_counts)
    memory_data = json.loads(DATA_BLOCK.findall(memory_page)[0])
    neo4j_data = json.loads(DATA_BLOCK.findall(neo4j_page)[0])
    for part in ("nodes", "edges", "info", "edgeInfo"):
        assert neo4j_data[part] == memory_data[part], part
