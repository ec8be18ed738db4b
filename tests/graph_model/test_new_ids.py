"""Ids made for a need or partner written without one: numbered as the ledger numbers them, never one already used, the same on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph_model.new_ids import new_need_id, new_partner_id
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore
from graph_model.stores.memory.store import MemoryStore
from graph_model.stores.neo4j.store import Neo4jStore
from loaders import bundled_dataset_path, load_into


@pytest.fixture(params=["memory", "neo4j"])
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    if request.param == "memory":
        memory = MemoryStore()
        load_into(memory, bundled_dataset_path())
        yield memory
        return
    neo4j = Neo4jStore.from_settings(uri=request.getfixturevalue("neo4j_uri"))
    load_into(neo4j, bundled_dataset_path(), replace=True)
    yield neo4j
    neo4j.clear()
    neo4j.close()


def test_a_need_is_numbered_after_its_communitys_last(store: GraphStore) -> None:
    ends = [r.target.rsplit("-", 1)[1] for r in store.relationships("c-beiyuan", types=[RelType.HAS_NEED], direction="out")]
    numbers = [int(end) for end in ends if end.isdigit()]
    assert len(numbers) > 3 and len(numbers) < len(ends)  # Daoyi's own ids: n-beiyuan-01 … and one that is not numbered
    assert new_need_id(store, "c-beiyuan") == f"n-beiyuan-{max(numbers) + 1:02d}"
    taken = f"n-beiyuan-{max(numbers) + 1:02d}"
    store.apply(ChangeSet([Node(taken, NodeKind.PARTNER, {"name": "占了编号的单位", "sector": "other"})]))  # the id held by another kind
    assert new_need_id(store, "c-beiyuan") == f"n-beiyuan-{max(numbers) + 2:02d}"


def test_numbers_follow_the_ledgers_own_pattern(store: GraphStore) -> None:
    store.apply(ChangeSet(
        [Node("c-x", NodeKind.COMMUNITY, {"name": "新建社区", "type": "urban"})]
        + [Node(f"s0001-c09-n{n:03d}", NodeKind.NEED, {"name": f"诉求{n}", "status": "open"}) for n in (1, 2, 9)],
        [Relationship(RelType.HAS_NEED, "c-x", f"s0001-c09-n{n:03d}") for n in (1, 2, 9)]))
    assert new_need_id(store, "c-x") == "s0001-c09-n010"
    store.apply(ChangeSet([Node("c-empty", NodeKind.COMMUNITY, {"name": "空社区", "type": "urban"})]))
    assert new_need_id(store, "c-empty") == "n-empty-01"


def test_a_partner_is_named_by_its_pinyin_and_told_apart(store: GraphStore) -> None:
    assert new_partner_id(store, "新华书店沈北分店") == "p-xinhuashudianshenbeifend"  # 24 letters at most
    store.apply(ChangeSet([Node("p-xinhuashudian", NodeKind.PARTNER, {"name": "新华书店", "sector": "enterprise"})]))
    assert new_partner_id(store, "新华书店") == "p-xinhuashudian-2"
    assert new_partner_id(store, "！！") == "p-partner"
