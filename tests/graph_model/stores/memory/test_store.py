"""MemoryStore: atomic change sets, reads by id/kind, relationships, neighbourhoods, subgraphs and stats."""

from __future__ import annotations

import pytest

from graph_model.i18n import use_language

from graph_model.errors import DatasetError, NotFound, Problem
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore
from graph_model.stores.memory.store import MemoryStore

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

K, R = NodeKind, RelType

NODES = [
    Node("sd", K.SUBDISTRICT, {"name": "道义街道"}),
    Node("c1", K.COMMUNITY, {"name": "北苑社区", "type": "urban"}),
    Node("c2", K.COMMUNITY, {"name": "前进村", "type": "village"}),
    Node("g1", K.GRID, {"name": "北苑第一网格"}),
    Node("g2", K.GRID, {"name": "北苑第二网格"}),
    Node("b1", K.BUILDING, {"name": "1号楼"}),
    Node("po-c1", K.PARTY_ORG, {"name": "北苑社区党委", "level": "community"}),
    Node("po-gb1", K.PARTY_ORG, {"name": "第一网格党支部", "level": "grid_branch"}),
    Node("ps1", K.PERSON, {"name": "王淑华", "strengths": ["mediation"]}),
]
RELS = [
    Relationship(R.HAS_COMMUNITY, "sd", "c1"),
    Relationship(R.HAS_COMMUNITY, "sd", "c2"),
    Relationship(R.HAS_GRID, "c1", "g1"),
    Relationship(R.HAS_GRID, "c1", "g2"),
    Relationship(R.HAS_BUILDING, "g1", "b1"),
    Relationship(R.PARTY_ORG_OF, "po-c1", "c1"),
    Relationship(R.LEADS, "po-c1", "po-gb1"),
    Relationship(R.COVERS, "po-gb1", "g1"),
    Relationship(R.COVERS, "po-gb1", "g2"),
    Relationship(R.SECRETARY_OF, "ps1", "po-c1", {"since": "2012-06-12"}),
]


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    s.apply(ChangeSet(NODES, RELS))
    return s


def everything(store: MemoryStore) -> tuple[list[Node], list[Relationship]]:
    whole = store.subgraph()
    return list(whole.nodes), list(whole.relationships)


def test_it_is_a_graph_store() -> None:
    assert isinstance(MemoryStore(), GraphStore)
    assert MemoryStore.backend == "memory"


def test_get_and_kinds_of(store: MemoryStore) -> None:
    assert store.get("c1") == NODES[1]
    assert store.get("c1").name == "北苑社区"
    assert store.get("nowhere") is None
    assert store.kinds_of(["g1", "nowhere", "ps1"]) == {"g1": K.GRID, "ps1": K.PERSON}


def test_find_and_ids(store: MemoryStore) -> None:
    assert [n.id for n in store.find(K.COMMUNITY)] == ["c1", "c2"]
    assert store.find(K.COMMUNITY, type="village") == [NODES[2]]
    assert store.find(K.PARTY_ORG, level="community", name="北苑社区党委") == [NODES[6]]
    assert store.find(K.PARTY_ORG, level="enterprise") == []
    assert store.find(K.NEED) == []
    assert store.ids(K.GRID) == ["g1", "g2"]
    assert store.ids(K.FACILITY) == []


def test_relationships_by_direction_and_type(store: MemoryStore) -> None:
    keys = lambda rels: [r.key for r in rels]  # noqa: E731
    assert keys(store.relationships("c1")) == [
        ("sd", "HAS_COMMUNITY", "c1"), ("c1", "HAS_GRID", "g1"), ("c1", "HAS_GRID", "g2"), ("po-c1", "PARTY_ORG_OF", "c1"),
    ]
    assert keys(store.relationships("c1", direction="out")) == [("c1", "HAS_GRID", "g1"), ("c1", "HAS_GRID", "g2")]
    assert keys(store.relationships("c1", direction="in")) == [("sd", "HAS_COMMUNITY", "c1"), ("po-c1", "PARTY_ORG_OF", "c1")]
    assert keys(store.relationships("c1", types=[R.PARTY_ORG_OF, R.HAS_COMMUNITY])) == [
        ("sd", "HAS_COMMUNITY", "c1"), ("po-c1", "PARTY_ORG_OF", "c1"),
    ]
    assert store.relationships("c1", types=[R.HAS_GRID], direction="in") == []
    assert store.relationships("po-c1", types=[R.SECRETARY_OF]) == [RELS[-1]]
    assert store.relationships("nowhere") == []


def test_a_self_loop_is_listed_once(store: MemoryStore) -> None:
    store.apply(ChangeSet(relationships=[Relationship(R.MENTORS, "ps1", "ps1")]))
    assert [r.key for r in store.relationships("ps1", types=[R.MENTORS])] == [("ps1", "MENTORS", "ps1")]
    assert [r.key for r in store.relationships("ps1", types=[R.MENTORS], direction="in")] == [("ps1", "MENTORS", "ps1")]


def test_neighbourhood_by_depth(store: MemoryStore) -> None:
    ids = lambda sub: [n.id for n in sub.nodes]  # noqa: E731
    assert ids(store.neighbourhood("g1", 0)) == ["g1"]
    assert ids(store.neighbourhood("g1")) == ["b1", "c1", "g1", "po-gb1"]
    two = store.neighbourhood("g1", depth=2)
    assert ids(two) == ["b1", "c1", "g1", "g2", "po-c1", "po-gb1", "sd"]
    assert [r.key for r in two.relationships] == [
        ("po-gb1", "COVERS", "g1"), ("po-gb1", "COVERS", "g2"), ("g1", "HAS_BUILDING", "b1"),
        ("sd", "HAS_COMMUNITY", "c1"), ("c1", "HAS_GRID", "g1"), ("c1", "HAS_GRID", "g2"),
        ("po-c1", "LEADS", "po-gb1"), ("po-c1", "PARTY_ORG_OF", "c1"),
    ]
    assert len(store.neighbourhood("g1", depth=10).nodes) == len(NODES)


def test_neighbourhood_of_an_unknown_id_suggests_near_ones(store: MemoryStore) -> None:
    with pytest.raises(NotFound) as caught:
        store.neighbourhood("po-c2")
    assert caught.value.suggestions[0] == "po-c1"
    with use_language("en"):
        assert str(NotFound("node", "po-c2", suggestions=caught.value.suggestions)).startswith("unknown node 'po-c2' (did you mean: po-c1")


def test_subgraph_by_kinds_and_types(store: MemoryStore) -> None:
    nodes, rels = everything(store)
    assert [n.id for n in nodes] == sorted(n.id for n in NODES)
    assert sorted(r.key for r in rels) == sorted(r.key for r in RELS)
    sub = store.subgraph(kinds=[K.COMMUNITY, K.GRID])
    assert [n.id for n in sub.nodes] == ["c1", "c2", "g1", "g2"]
    assert [r.key for r in sub.relationships] == [("c1", "HAS_GRID", "g1"), ("c1", "HAS_GRID", "g2")]
    sub = store.subgraph(types=[R.COVERS])
    assert len(sub.nodes) == len(NODES)
    assert [r.key for r in sub.relationships] == [("po-gb1", "COVERS", "g1"), ("po-gb1", "COVERS", "g2")]
    assert store.subgraph(kinds=[K.PARTY_ORG, K.GRID], types=[]).relationships == []
    assert store.subgraph(kinds=[]).nodes == []


def test_stats_count_every_kind_type_and_level(store: MemoryStore) -> None:
    stats = store.stats()
    assert list(stats.nodes) == [k.value for k in NodeKind]
    assert list(stats.relationships) == [t.value for t in RelType]
    assert stats.nodes["Community"] == 2 and stats.nodes["Need"] == 0
    assert stats.relationships["COVERS"] == 2 and stats.relationships["MENTORS"] == 0
    assert stats.party_org_levels["community"] == 1 and stats.party_org_levels["grid_branch"] == 1
    assert sum(stats.party_org_levels.values()) == 2
    assert stats.as_dict()["nodes"] == stats.nodes


def test_applying_twice_merges_and_replaces_props(store: MemoryStore) -> None:
    before = everything(store)
    store.apply(ChangeSet(NODES, RELS))
    assert everything(store) == before
    store.apply(ChangeSet(
        [Node("c1", K.COMMUNITY, {"name": "北苑社区（新）"})],
        [Relationship(R.SECRETARY_OF, "ps1", "po-c1", {"since": "2013"})],
    ))
    assert store.get("c1").props == {"name": "北苑社区（新）"}  # replaced as a whole
    assert store.relationships("ps1") == [Relationship(R.SECRETARY_OF, "ps1", "po-c1", {"since": "2013"})]
    assert store.stats().relationships["SECRETARY_OF"] == 1


def test_detach_replaces_outgoing_relationships_of_one_type(store: MemoryStore) -> None:
    store.apply(ChangeSet(
        relationships=[Relationship(R.COVERS, "po-gb1", "b1")],
        detach=[("po-gb1", R.COVERS), ("nowhere", R.COVERS)],
    ))
    assert [r.key for r in store.relationships("po-gb1", direction="out")] == [("po-gb1", "COVERS", "b1")]
    assert [r.key for r in store.relationships("po-gb1", direction="in")] == [("po-c1", "LEADS", "po-gb1")]
    store.apply(ChangeSet(detach=[("po-gb1", R.COVERS)]))
    assert store.relationships("po-gb1", types=[R.COVERS]) == []
    assert len(ChangeSet(detach=[("po-gb1", R.COVERS)])) == 1


def test_relationships_to_missing_nodes_are_refused_atomically(store: MemoryStore) -> None:
    before = everything(store)
    change = ChangeSet(
        nodes=[Node("g3", K.GRID, {"name": "第三网格"}), Node("c1", K.COMMUNITY, {"name": "改名"})],
        relationships=[Relationship(R.HAS_GRID, "c1", "g3"), Relationship(R.COVERS, "po-x", "g-x")],
        detach=[("c1", R.HAS_GRID)],
    )
    with pytest.raises(DatasetError) as caught:
        store.apply(change)
    assert caught.value.problems == [
        Problem("change", None, "source", "po-x", "an existing node id"),
        Problem("change", None, "target", "g-x", "an existing node id"),
    ]
    assert everything(store) == before
    assert store.ids(K.GRID) == ["g1", "g2"]


def test_a_kind_change_is_refused_and_changes_nothing(store: MemoryStore) -> None:
    before = everything(store)
    with pytest.raises(DatasetError) as caught:
        store.apply(ChangeSet([Node("g9", K.GRID, {"name": "新"}), Node("c1", K.GRID, {"name": "北苑网格"})]))
    assert caught.value.problems == [Problem("change", None, "id", "c1", "a Community (the id's kind cannot change)")]
    assert everything(store) == before
    assert store.ids(K.GRID) == ["g1", "g2"] and store.ids(K.COMMUNITY) == ["c1", "c2"]


def test_relationships_may_join_nodes_of_the_same_change_and_clear_empties(store: MemoryStore) -> None:
    fresh = MemoryStore()
    fresh.apply(ChangeSet([Node("a", K.PERSON, {"name": "甲"}), Node("b", K.PERSON, {"name": "乙"})],
                          [Relationship(R.MENTORS, "a", "b", {"since": "2023"})]))
    assert fresh.mentor_links() == [("a", "b")]
    store.clear()
    assert everything(store) == ([], [])
    assert store.ids(K.COMMUNITY) == [] and sum(store.stats().nodes.values()) == 0
