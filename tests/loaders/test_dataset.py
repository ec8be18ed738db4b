"""Loading into a store: all or nothing, idempotent, the default taxonomy — and the Daoyi facts read back.

The Daoyi counts below are written from the article's figures (``data/daoyi/README.md``) (not from the
generator), and read back from the loaded graph through the store's API.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.loaders.builders import small_network, snapshot, write_dataset
from graph_model.errors import DatasetError, Problem
from graph_model.records import Node
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, default_taxonomy, load_dataset, load_into

pytestmark = pytest.mark.usefixtures("english")  # its assertions quote the messages in English, their source language

K, R = NodeKind, RelType


@pytest.fixture
def small(tmp_path: Path) -> Path:
    nodes, rels = small_network()
    return write_dataset(tmp_path / "small", nodes=nodes, relationships=rels, meta='name = "小数据"\nversion = "0.1"\n')


def loaded(path: Path) -> MemoryStore:
    store = MemoryStore()
    load_into(store, path)
    return store


# -- loading ---------------------------------------------------------------------------------

def test_load_dataset_returns_nodes_relationships_and_metadata(small: Path) -> None:
    dataset = load_dataset(small)
    taxonomy_nodes, taxonomy_rels = default_taxonomy()
    assert dataset.meta == {"name": "小数据", "version": "0.1"}
    assert dataset.origin == str(small)
    assert dataset.counts() == (len(taxonomy_nodes) + 16, len(taxonomy_rels) + 27)
    assert len(dataset.change_set()) == sum(dataset.counts())


def test_loading_the_same_dataset_twice_leaves_the_same_graph(small: Path) -> None:
    store = loaded(small)
    once = snapshot(store)
    load_into(store, small)
    assert snapshot(store) == once
    assert once["stats"]["nodes"]["Grid"] == 2 and once["stats"]["relationships"]["HAS_GRID"] == 2


def test_loading_daoyi_twice_leaves_the_same_graph(daoyi_store: MemoryStore) -> None:
    store = loaded(bundled_dataset_path())
    load_into(store, bundled_dataset_path())
    assert snapshot(store) == snapshot(daoyi_store)


def test_the_default_taxonomy_is_always_loaded(small: Path) -> None:
    store = loaded(small)
    nodes, rels = default_taxonomy()
    assert len(nodes) > 20
    for node in nodes:
        assert store.get(node.id) == node
    links = store.subgraph(kinds=[K.CATEGORY], types=[R.HAS_SUBCATEGORY]).relationships
    assert {r.key for r in links} == {r.key for r in rels}
    assert store.get("elderly_meals").name == "老年助餐"
    assert store.category_lineage("elderly_meals") == ["elderly_meals", "elderly"]


def test_a_dataset_row_with_a_default_id_replaces_the_default(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Category"] = [
        {"id": "elderly_meals", "name": "助餐服务", "parent": "living"},
        {"id": "legal", "name": "法律服务（本地）", "parent": "living"},
        {"id": "escort", "name": "陪诊", "parent": ""},
        {"id": "k-hot-meals", "name": "热食配送", "parent": "elderly_meals"},
    ]
    store = loaded(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    assert store.get("elderly_meals") == Node("elderly_meals", K.CATEGORY, {"name": "助餐服务"})
    assert store.category_lineage("k-hot-meals") == ["k-hot-meals", "elderly_meals", "living"]
    assert store.category_lineage("escort") == ["escort"]
    assert store.category_lineage("mediation") == ["mediation", "legal", "living"]
    into_meals = store.relationships("elderly_meals", types=[R.HAS_SUBCATEGORY], direction="in")
    assert [r.source for r in into_meals] == ["living"]
    assert store.stats().nodes["Category"] == len(default_taxonomy()[0]) + 1


def test_a_failing_dataset_changes_nothing_in_a_store_holding_data(small: Path, tmp_path: Path) -> None:
    store = loaded(small)
    before = snapshot(store)
    nodes, rels = small_network()
    nodes["Grid"].append({"id": "g-new", "name": "新网格", "community": "c-none"})
    nodes["Community"][0]["name"] = "改名社区"  # a valid change that must not land either
    broken = write_dataset(tmp_path / "broken", nodes=nodes, relationships=rels)
    for replace in (False, True):
        with pytest.raises(DatasetError) as caught:
            load_into(store, broken, replace=replace)
        assert caught.value.problems == [
            Problem(str(broken / "nodes" / "Grid.csv"), 4, "community", "c-none", "the id of a Community; no node has id 'c-none'")
        ]
        assert snapshot(store) == before


def test_a_dataset_clashing_with_the_stores_kinds_changes_nothing(small: Path, tmp_path: Path) -> None:
    store = loaded(small)
    before = snapshot(store)
    other = write_dataset(tmp_path / "other", nodes={
        "Subdistrict": [{"id": "sd2", "name": "虎石台街道"}],
        "Community": [{"id": "g1", "name": "同号社区", "type": "urban", "subdistrict": "sd2"}],
    })
    with pytest.raises(DatasetError) as caught:
        load_into(store, other)
    assert caught.value.problems == [Problem("change", None, "id", "g1", "a Grid (the id's kind cannot change)")]
    assert snapshot(store) == before
    load_into(store, other, replace=True)
    assert store.get("g1").kind is K.COMMUNITY and store.get("c1") is None


# -- the Daoyi facts -------------------------------------------------------------------------

def by_level(store: MemoryStore, level: str) -> list[Node]:
    return store.find(K.PARTY_ORG, level=level)


def sources(store: MemoryStore, node_id: str, rel: RelType) -> list[str]:
    return [r.source for r in store.relationships(node_id, types=[rel], direction="in")]


def targets(store: MemoryStore, node_id: str, rel: RelType) -> list[str]:
    return [r.target for r in store.relationships(node_id, types=[rel], direction="out")]


def test_daoyi_subdistrict_and_communities(daoyi_store: MemoryStore) -> None:
    [sd] = daoyi_store.find(K.SUBDISTRICT)
    assert (sd.name, sd.props["area_km2"], sd.props["population"], sd.props["party_members"]) == ("道义街道", 38.05, 120000, 1703)
    communities = daoyi_store.find(K.COMMUNITY)
    assert Counter(c.props["type"] for c in communities) == {"urban": 16, "village": 7}
    assert all(sources(daoyi_store, c.id, R.HAS_COMMUNITY) == [sd.id] for c in communities)


def test_daoyi_party_organization_levels_and_households(daoyi_store: MemoryStore) -> None:
    levels = daoyi_store.stats().party_org_levels
    assert (levels["subdistrict_committee"], levels["community"], levels["grid_branch"], levels["building_group"]) == (1, 23, 58, 87)
    assert daoyi_store.stats().nodes["Household"] == 165
    units = [targets(daoyi_store, o.id, R.PARTY_ORG_OF) for o in by_level(daoyi_store, "community")]
    assert sorted(u for [u] in units) == daoyi_store.ids(K.COMMUNITY)


@pytest.mark.parametrize(
    "level, parent_level",
    [("community", "subdistrict_committee"), ("grid_branch", "community"), ("building_group", "grid_branch")],
)
def test_daoyi_leads_links_each_level_to_the_one_above(daoyi_store: MemoryStore, level: str, parent_level: str) -> None:
    for org in by_level(daoyi_store, level):
        parents = sources(daoyi_store, org.id, R.LEADS)
        assert [daoyi_store.get(p).props["level"] for p in parents] == [parent_level], org.id
    [committee] = by_level(daoyi_store, "subdistrict_committee")
    assert sources(daoyi_store, committee.id, R.LEADS) == []


def test_daoyi_branches_and_groups_cover_what_their_parent_leads(daoyi_store: MemoryStore) -> None:
    for branch in by_level(daoyi_store, "grid_branch"):
        [parent] = sources(daoyi_store, branch.id, R.LEADS)
        [community] = targets(daoyi_store, parent, R.PARTY_ORG_OF)
        grids = targets(daoyi_store, branch.id, R.COVERS)
        assert grids and all(sources(daoyi_store, g, R.HAS_GRID) == [community] for g in grids), branch.id
    for group in by_level(daoyi_store, "building_group"):
        [branch] = sources(daoyi_store, group.id, R.LEADS)
        branch_grids = set(targets(daoyi_store, branch, R.COVERS))
        buildings = targets(daoyi_store, group.id, R.COVERS)
        assert buildings and all(set(sources(daoyi_store, b, R.HAS_BUILDING)) <= branch_grids for b in buildings), group.id


def test_daoyi_households_belong_to_building_groups(daoyi_store: MemoryStore) -> None:
    for household in daoyi_store.find(K.HOUSEHOLD):
        [group] = sources(daoyi_store, household.id, R.HAS_HOUSEHOLD)
        assert daoyi_store.get(group).props["level"] == "building_group", household.id
        assert len(targets(daoyi_store, household.id, R.LIVES_IN)) == 1


def test_daoyi_grids_and_buildings(daoyi_store: MemoryStore) -> None:
    stats = daoyi_store.stats().nodes
    assert (stats["Grid"], stats["Building"]) == (182, 2169)


def test_daoyi_urban_secretaries_are_paired_one_to_one(daoyi_store: MemoryStore) -> None:
    urban = {s.id for s in daoyi_store.secretaries() if daoyi_store.get(s.community).props["type"] == "urban"}
    assert len(urban) == 16
    pairs = daoyi_store.mentor_links()
    assert len(pairs) == 8
    in_pairs = [p for pair in pairs for p in pair]
    assert sorted(in_pairs) == sorted(urban)  # everyone once, nobody else


def test_daoyi_grid_workers(daoyi_store: MemoryStore) -> None:
    work = daoyi_store.subgraph(kinds=[K.PERSON, K.GRID], types=[R.GRID_WORKER_OF]).relationships
    full_time = {r.source for r in work if r.props["full_time"] is True}
    part_time = {r.source for r in work if r.props["full_time"] is False}
    assert len(full_time) == 210
    assert part_time and not part_time & full_time
    assert {r.props.get("role") for r in work if r.source in part_time} & {"courier", "delivery_rider"}


def test_daoyi_enterprise_partners_co_build_with_17_communities(daoyi_store: MemoryStore) -> None:
    enterprise_orgs = by_level(daoyi_store, "enterprise")
    partners = {u for o in enterprise_orgs for u in targets(daoyi_store, o.id, R.PARTY_ORG_OF)}
    assert len(partners) == 8
    assert {p.id for p in daoyi_store.find(K.PARTNER, sector="enterprise")} == partners
    reached = {c for p in partners for c in targets(daoyi_store, p, R.CO_BUILDS)}
    assert len(reached) == 17


def has_party_org(store: MemoryStore, partner: str) -> bool:
    return any(store.get(o).kind is K.PARTY_ORG for o in sources(store, partner, R.PARTY_ORG_OF))


def test_daoyi_red_property_and_owners_committees(daoyi_store: MemoryStore) -> None:
    red = [
        e for e in daoyi_store.ids(K.ESTATE)
        if any(
            daoyi_store.get(m).props["sector"] == "property_company" and has_party_org(daoyi_store, m)
            for m in sources(daoyi_store, e, R.MANAGES)
        )
    ]
    assert len(red) == 12
    names = {daoyi_store.get(e).name for e in red}
    assert "汇置尚郡" in names
    committees = [p.id for p in daoyi_store.find(K.PARTNER, sector="owners_committee") if has_party_org(daoyi_store, p.id)]
    assert len(committees) == 4


def test_daoyi_facilities(daoyi_store: MemoryStore) -> None:
    types = Counter(f.props["type"] for f in daoyi_store.find(K.FACILITY))
    assert (types["service_center"], types["service_station"], types["canteen"], types["secretary_studio"]) == (12, 5, 4, 3)
    for canteen in daoyi_store.find(K.FACILITY, type="canteen"):
        offered = targets(daoyi_store, canteen.id, R.OFFERS)
        assert any("elderly_meals" in daoyi_store.category_lineage(k) for k in offered), canteen.id
    studios = {f.name for f in daoyi_store.find(K.FACILITY, type="secretary_studio")}
    assert all(any(place in s for s in studios) for place in ("人杰水岸", "北苑", "太阳城"))


NAMED = [
    *((K.COMMUNITY, n) for n in ("北苑", "人杰水岸", "太阳城", "明珠", "明发", "亚泰城", "俪景")),
    *((K.ESTATE, n) for n in ("人杰水岸", "汇置尚郡", "绿茵湖畔", "太湖国际花园", "北苑公租房")),
    *((K.PARTNER, n) for n in ("沈北新区人民法院", "尹家法庭", "派出所", "城管", "区中医院", "沈阳师范大学",
                                "沈阳航空航天大学", "辽宁传媒学院", "咚咚集团", "辉山经开区企业党委", "人杰水岸社区社会公司")),
    (K.PARTY_ORG, "总部基地党总支"),
    *((K.FACILITY, n) for n in ("人杰说", "芳邻", "暖阳")),
    *((K.NEED, n) for n in ("出行难", "吃饭难", "看病难", "就业难", "办证难", "开栓难", "就餐难", "消防", "电动车", "飞线充电")),
]


@pytest.mark.parametrize("kind, name", NAMED, ids=[f"{k.value}-{n}" for k, n in NAMED])
def test_daoyi_named_units_are_present_as_seed(daoyi_store: MemoryStore, kind: NodeKind, name: str) -> None:
    provenance = "origin" if kind is K.NEED else "source"  # Need.source is the channel a need came in through
    found = [
        n for n in daoyi_store.find(kind)
        if name in n.name or name == n.props.get("alias") or n.name.removesuffix("社区") == name
    ]
    assert any(n.props.get(provenance) == "seed" for n in found), (kind, name, [n.id for n in found])


def test_daoyi_named_needs_sit_where_the_article_puts_them(daoyi_store: MemoryStore) -> None:
    def community_names(fragment: str) -> set[str]:
        return {
            daoyi_store.get(c).name
            for n in daoyi_store.find(K.NEED) if fragment in n.name
            for c in sources(daoyi_store, n.id, R.HAS_NEED)
        }

    for fragment in ("出行难", "看病难", "就业难"):
        assert community_names(fragment) == {"北苑社区"}, fragment
    parking = [n.name for n in daoyi_store.find(K.NEED) if n.props.get("origin") == "seed" and "停车" in n.name]
    assert any("太湖国际花园" in p for p in parking) and any("人杰水岸" in p for p in parking)
    tea = {f.name for f in daoyi_store.find(K.FACILITY, type="tea_house")}
    assert all(any(t in name for name in tea) for t in ("人杰说", "芳邻", "暖阳"))
