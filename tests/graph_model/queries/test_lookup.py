"""What users type → the node they mean: ids, names, parts of names, pinyin, typos, ambiguity.

On ``queries_small``: 北苑社区 (c-north) and 南苑社区 (c-south) share 苑社区; two needs are
both called 河西老人送餐 (n-r11 and n-o4, both in c-river); and a variant holds two
communities of one name in two subdistricts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.errors import Ambiguous, Candidate, InvalidQuery, NotFound
from graph_model.gaps import GapKind
from graph_model.i18n import use_language
from graph_model.queries import coverage_gaps, match
from graph_model.queries.lookup import match_name, resolve_gap_kind, resolve_id, resolve_node, suggest
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "queries_small"
K = NodeKind


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    s = MemoryStore()
    load_into(s, FIXTURE)
    return s


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("c-north", "c-north"),  # the id
        ("北苑社区", "c-north"),  # the exact name
        (" 北苑社区 ", "c-north"),  # blanks around it
        ("C-NORTH", "c-north"),  # the id in another case
        ("北苑", "c-north"),  # part of the name
        ("南苑", "c-south"),
        ("湖畔", "c-lake"),
        ("bysq", "c-north"),  # pinyin initials, whole
        ("nysq", "c-south"),
        ("hpc", "c-lake"),  # 湖畔村
        ("beiyuan", "c-north"),  # pinyin syllables, the start
        ("BYSQ", "c-north"),
    ],
)
def test_communities_by_id_name_part_and_pinyin(store: MemoryStore, text: str, expected: str) -> None:
    assert resolve_id(store, K.COMMUNITY, text) == expected


def test_a_typo_is_not_guessed_but_suggested_by_name_and_id(store: MemoryStore) -> None:
    with pytest.raises(NotFound) as err:
        resolve_id(store, K.COMMUNITY, "北院社区")  # 院 for 苑
    assert err.value.suggestions[0] == "c-north"
    assert err.value.candidates[0] == Candidate("c-north", "北苑社区")
    assert str(err.value).startswith("未知的社区 '北院社区'（您是不是要找：北苑社区（c-north）")
    with use_language("en"):
        with pytest.raises(NotFound) as err:
            resolve_id(store, K.COMMUNITY, "c-nort")
        assert str(err.value).startswith("unknown community 'c-nort' (did you mean: 北苑社区 (c-north)")


def test_unknown_names_get_the_nearest_ids_and_names(store: MemoryStore) -> None:
    with pytest.raises(NotFound) as err:
        resolve_id(store, K.CATEGORY, "送餐上们")
    assert "meal_delivery" in err.value.suggestions  # by name (门 → 们)
    with pytest.raises(NotFound) as err:
        resolve_id(store, K.CATEGORY, "meal_delivry")
    assert err.value.suggestions[0] == "meal_delivery"  # by id
    with pytest.raises(NotFound) as err:
        resolve_id(store, K.COMMUNITY, "完全无关的名字")
    assert err.value.suggestions == [] and "您是不是要找" not in str(err.value)


def test_part_of_several_names_is_ambiguous_and_lists_them_with_their_place(store: MemoryStore) -> None:
    with pytest.raises(Ambiguous) as err:
        resolve_id(store, K.COMMUNITY, "苑社区")
    assert [(c.id, c.context) for c in err.value.candidates] == [("c-north", "东城街道"), ("c-south", "东城街道")]
    assert "北苑社区（c-north，东城街道）" in str(err.value) and "2 个候选" in str(err.value)
    assert isinstance(err.value, InvalidQuery)  # the CLI and the API treat it as a bad argument
    with pytest.raises(Ambiguous) as err:
        resolve_id(store, K.COMMUNITY, "社区")  # part of every community's name but 湖畔村's
    assert err.value.total == 6 and len(err.value.candidates) == 6


def test_a_name_two_communities_share_is_ambiguous_not_unknown() -> None:
    s = MemoryStore()
    s.apply(ChangeSet(
        [Node("sd-e", K.SUBDISTRICT, {"name": "东城街道"}), Node("sd-w", K.SUBDISTRICT, {"name": "西城街道"}),
         Node("c-e", K.COMMUNITY, {"name": "幸福社区"}), Node("c-w", K.COMMUNITY, {"name": "幸福社区"})],
        [Relationship(RelType.HAS_COMMUNITY, "sd-e", "c-e"), Relationship(RelType.HAS_COMMUNITY, "sd-w", "c-w")],
    ))
    for text in ("幸福社区", "幸福", "xfsq"):
        with pytest.raises(Ambiguous) as err:
            resolve_id(s, K.COMMUNITY, text)
        assert [(c.id, c.name, c.context) for c in err.value.candidates] == [
            ("c-e", "幸福社区", "东城街道"), ("c-w", "幸福社区", "西城街道")]
    with use_language("en"):
        with pytest.raises(Ambiguous) as err:
            resolve_id(s, K.COMMUNITY, "幸福社区")
    assert str(err.value) == (
        "community '幸福社区' fits 2 candidates: 幸福社区 (c-e, 东城街道); 幸福社区 (c-w, 西城街道). Give the id of the one you mean.")
    assert resolve_id(s, K.COMMUNITY, "c-w") == "c-w"  # the id settles it


def test_needs_by_name_and_their_ambiguity(store: MemoryStore) -> None:
    assert resolve_id(store, K.NEED, "新城电动车消防隐患") == "n-o3"
    assert match(store, need="山前邻里纠纷").need == "n-o2"  # part of its name
    with pytest.raises(Ambiguous) as err:
        match(store, need="河西老人送餐")  # n-r11 and n-o4 share it
    assert {(c.id, c.context) for c in err.value.candidates} == {("n-r11", "河西社区"), ("n-o4", "河西社区")}


def test_several_kinds_at_once_and_other_kinds_are_not_found(store: MemoryStore) -> None:
    resolver = (K.PARTNER, K.FACILITY)
    assert resolve_id(store, resolver, "北苑党群服务中心") == "f-north-center"
    assert resolve_id(store, resolver, "慈善") == "pt-charity"
    with pytest.raises(NotFound):
        resolve_id(store, K.COMMUNITY, "sd-east")  # a subdistrict's id is no community
    assert resolve_node(store, K.SUBDISTRICT, "东城").id == "sd-east"


def test_match_and_gaps_read_names_as_the_lookup_does(store: MemoryStore) -> None:
    assert match(store, community="bysq", category="上门").category == "meal_delivery"
    assert coverage_gaps(store, community="南苑").by_community == {"c-south": 6}


@pytest.mark.parametrize("text", ["诉求无人可解", "need without resolver", "Need without resolver", "need_without_resolver", " 诉求无人可解 "])
def test_gap_kinds_by_id_and_by_either_title(text: str) -> None:
    assert resolve_gap_kind(text) is GapKind.NEED_WITHOUT_RESOLVER


def test_an_unknown_gap_kind_lists_the_nearest_and_every_choice() -> None:
    with pytest.raises(InvalidQuery) as err:
        resolve_gap_kind("网格无党支布")
    assert "网格无党支部" in str(err.value).split("；")[0]  # the nearest, before the list of choices
    assert all(kind.value in str(err.value) for kind in GapKind)
    with use_language("en"), pytest.raises(InvalidQuery) as err:
        resolve_gap_kind("grid_without_brunch")
    assert "did you mean: grid without branch (grid_without_branch)" in str(err.value)


def test_the_pool_rules_without_a_store() -> None:
    pool = [Candidate("k1", "老年助餐"), Candidate("k2", "长者食堂就餐"), Candidate("k3", "送餐上门")]
    assert match_name("lnzc", pool, what="category").id == "k1"
    assert match_name("食堂", pool, what="category").id == "k2"
    assert match_name("ＳＣＳＭ", pool, what="category").id == "k3"  # full-width letters fold
    assert [c.id for c in suggest("送饭上门", pool)] == ["k3"]
