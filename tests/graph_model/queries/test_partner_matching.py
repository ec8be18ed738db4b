"""Partner matching on the hand-made ``queries_small`` dataset.

Every expected number below is worked out by hand from the fixture's rows
(see ``tests/fixtures/queries_small/README.md``), never pasted from a run:

    score = 0.4·fit + 0.3·tie + 0.2·record + 0.1·capacity   (4 decimals)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.errors import InvalidQuery, NotFound
from graph_model.queries import match
from graph_model.queries.partner_matching import MatchResult, score_candidate
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "queries_small"

# match(c-north, meal_delivery); lineage meal_delivery → elderly_meals → elderly; its one
# descendant is meal_delivery_halal (offered by pt-halal only).
# id: (kind, sector/type, score, fit, tie, record, capacity, in_area)
NORTH_MEALS = {
    # fit 1 (offers k); tie 1.0 CO_BUILDS c-north beats 0.7 LOCATED_IN c-north;
    # record: n-r1..n-r4 = 4 resolved meal_delivery → min(1, 4/3) = 1
    #   (n-x1 halal = child, n-x2 dining_hall = sibling, n-ip1 in progress: not counted);
    # capacity: cap 8, in progress n-ip1 (meal) + n-ip2 (home_care) = 2 → (8-2)/8 = 0.75
    # 0.4 + 0.3 + 0.2 + 0.075 = 0.975
    "pt-meals-coop": ("Partner", "social_organization", 0.975, 1.0, 1.0, 1.0, 0.75, True),
    # fit 1 (offers k and elderly); tie 0.5 SERVES sd-east; record n-r8..10 = 3 → 1;
    # capacity: cap 2, 3 in progress (legal, home_care, meal) → max(0, -1/2) = 0
    # 0.4 + 0.15 + 0.2 + 0 = 0.75
    "pt-charity": ("Partner", "social_organization", 0.75, 1.0, 0.5, 1.0, 0.0, True),
    # fit 1; tie 0.7 LOCATED_IN c-north beats 0.5 SERVES sd-east; record n-r5 → 1/3; no capacity → 0.5
    # 0.4 + 0.21 + 0.0667 + 0.05 = 0.72667 → 0.7267
    "pt-jiazheng": ("Partner", "enterprise", 0.7267, 1.0, 0.7, 0.3333, 0.5, True),
    # fit 0.6 (offers elderly, two levels up); tie 1.0 Facility LOCATED_IN c-north; record 0; 0.5
    # 0.24 + 0.3 + 0 + 0.05 = 0.59
    "f-north-center": ("Facility", "service_center", 0.59, 0.6, 1.0, 0.0, 0.5, True),
    # fit 0.6 (offers elderly_meals, one level up); tie 0.5 SERVES c-north beats 0.3 LOCATED_IN c-south;
    # record n-r6, n-r7 → 2/3 (n-ip3 in progress doesn't count); capacity cap 3, n-ip3 → 2/3
    # 0.24 + 0.15 + 0.1333 + 0.0667 = 0.59 — an exact tie with f-north-center
    "pt-hospital": ("Partner", "hospital", 0.59, 0.6, 0.5, 0.6667, 0.6667, True),
    # fit 1; tie 0: LOCATED_IN/CO_BUILDS c-river and SERVES sd-west are all in the other subdistrict;
    # record n-r11 (in c-river; records aren't per community) → 1/3; cap 10, none in progress → 1
    # 0.4 + 0 + 0.0667 + 0.1 = 0.56667 → 0.5667
    "pt-river-foods": ("Partner", "enterprise", 0.5667, 1.0, 0.0, 0.3333, 1.0, False),
    # fit 1; tie 0.3 Facility LOCATED_IN c-lake (same subdistrict); record 0; 0.5
    # 0.4 + 0.09 + 0 + 0.05 = 0.54
    "f-lake-station": ("Facility", "service_station", 0.54, 1.0, 0.3, 0.0, 0.5, True),
    # fit 1; tie 0.3 LOCATED_IN c-south (its SERVES c-south is worth nothing);
    # record 0: n-x3 is elderly_meals (parent), n-x4 halal (child); no capacity → 0.5
    # 0.4 + 0.09 + 0 + 0.05 = 0.54 — an exact tie with f-lake-station
    "pt-market": ("Partner", "enterprise", 0.54, 1.0, 0.3, 0.0, 0.5, True),
    # fit 0.8: offers only the narrower meal_delivery_halal (a descendant); tie 0.3 LOCATED_IN c-lake
    # (same subdistrict); record 0; no capacity → 0.5
    # 0.32 + 0.09 + 0 + 0.05 = 0.46
    "pt-halal": ("Partner", "enterprise", 0.46, 0.8, 0.3, 0.0, 0.5, True),
    # fit 0.6; tie 0.3 CO_BUILDS c-south; record 0; cap 5, none in progress → 1
    # 0.24 + 0.09 + 0 + 0.1 = 0.43
    "pt-university": ("Partner", "university", 0.43, 0.6, 0.3, 0.0, 1.0, True),
    # fit 0.6 (elderly); tie 0: SERVES another community (c-south) is not a tie; record 0; 0.5
    # 0.24 + 0 + 0 + 0.05 = 0.29
    "pt-volunteers": ("Partner", "social_organization", 0.29, 0.6, 0.0, 0.0, 0.5, False),
}
# score descending, then id ascending (f-north-center < pt-hospital, f-lake-station < pt-market)
NORTH_MEALS_ORDER = [
    "pt-meals-coop", "pt-charity", "pt-jiazheng", "f-north-center", "pt-hospital",
    "pt-river-foods", "f-lake-station", "pt-market", "pt-halal", "pt-university", "pt-volunteers",
]


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    s = MemoryStore()
    load_into(s, FIXTURE)
    return s


def _row(r) -> tuple:
    return (r.kind, r.sector, r.score, r.fit, r.tie, r.record, r.capacity, r.in_area)


def test_every_candidate_scores_as_computed_by_hand(store: MemoryStore) -> None:
    report = match(store, community="c-north", category="meal_delivery", limit=100)
    assert [r.id for r in report.results] == NORTH_MEALS_ORDER
    for r in report.results:
        assert _row(r) == pytest.approx(NORTH_MEALS[r.id]), r.id
    assert report.community == "c-north" and report.category == "meal_delivery"


def test_children_are_candidates_but_siblings_and_unrelated_offers_are_not(store: MemoryStore) -> None:
    results = {r.id: r for r in match(store, community="c-north", category="meal_delivery", limit=100).results}
    # pt-halal offers only the child meal_delivery_halal: a candidate at fit 0.8;
    # f-south-canteen offers only the sibling dining_hall: not a candidate
    assert results["pt-halal"].fit == 0.8
    assert set(results).isdisjoint({"f-south-canteen", "pt-law", "pt-prop-red"})


def test_limit_cuts_after_ordering_by_score_then_id(store: MemoryStore) -> None:
    assert [r.id for r in match(store, community="c-north", category="meal_delivery").results] == NORTH_MEALS_ORDER[:5]
    # limit 4 cuts inside the 0.59 tie: the smaller id stays
    four = match(store, community="c-north", category="meal_delivery", limit=4).results
    assert [r.id for r in four] == NORTH_MEALS_ORDER[:4]
    assert four[-1].id == "f-north-center"
    with pytest.raises(InvalidQuery):
        match(store, community="c-north", category="meal_delivery", limit=0)


def test_scores_are_rounded_to_four_decimals(store: MemoryStore) -> None:
    jiazheng = next(r for r in match(store, community="c-north", category="meal_delivery", limit=100).results if r.id == "pt-jiazheng")
    assert jiazheng.score == 0.7267  # 0.72666… rounded, not truncated (0.7266) nor raw
    assert all(round(r.score, 4) == r.score for r in match(store, community="c-north", category="meal_delivery", limit=100).results)


def test_in_area_only_drops_tie_zero(store: MemoryStore) -> None:
    report = match(store, community="c-north", category="meal_delivery", limit=100, in_area_only=True)
    assert [r.id for r in report.results] == [i for i in NORTH_MEALS_ORDER if i not in ("pt-river-foods", "pt-volunteers")]
    assert all(r.in_area and r.tie > 0 for r in report.results)


def test_a_parent_category_finds_who_offers_its_subcategories(store: MemoryStore) -> None:
    # match(c-north, elderly): fit 1 for the offers of `elderly` itself, 0.8 for the offers of a
    # descendant (elderly_meals, meal_delivery, its child halal, the sibling dining_hall).
    # record counts needs of `elderly` exactly: none here, so pt-charity's and pt-meals-coop's
    # resolved meal_delivery needs (a grandchild) don't count → record 0 for everyone.
    #   f-north-center  fit 1,   tie 1.0 (facility in c-north)      0.4 + 0.3 + 0 + 0.05 = 0.75
    #   pt-meals-coop   fit 0.8, tie 1.0 (CO_BUILDS c-north), cap 0.75  0.32 + 0.3 + 0.075 = 0.695
    #   pt-jiazheng     fit 0.8, tie 0.7 (LOCATED_IN c-north), 0.5   0.32 + 0.21 + 0.05 = 0.58
    #   pt-charity      fit 1,   tie 0.5 (SERVES sd-east), cap 0     0.4 + 0.15 + 0 = 0.55
    #   pt-hospital     fit 0.8, tie 0.5 (SERVES c-north), cap 2/3   0.32 + 0.15 + 0.0667 = 0.5367
    #   pt-university   fit 0.8, tie 0.3 (CO_BUILDS c-south), cap 1  0.32 + 0.09 + 0.1 = 0.51
    #   f-lake-station, f-south-canteen, pt-halal, pt-market: fit 0.8, tie 0.3, 0.5 → 0.46 (by id)
    #   pt-volunteers   fit 1,   tie 0 (SERVES c-south only), 0.5    0.4 + 0.05 = 0.45
    #   pt-river-foods  fit 0.8, tie 0, cap 1                        0.32 + 0.1 = 0.42
    results = match(store, community="c-north", category="elderly", limit=100).results
    assert [(r.id, r.score, r.fit, r.record) for r in results] == [
        ("f-north-center", 0.75, 1.0, 0.0),
        ("pt-meals-coop", 0.695, 0.8, 0.0),
        ("pt-jiazheng", 0.58, 0.8, 0.0),
        ("pt-charity", 0.55, 1.0, 0.0),
        ("pt-hospital", 0.5367, 0.8, 0.0),
        ("pt-university", 0.51, 0.8, 0.0),
        ("f-lake-station", 0.46, 0.8, 0.0),
        ("f-south-canteen", 0.46, 0.8, 0.0),
        ("pt-halal", 0.46, 0.8, 0.0),
        ("pt-market", 0.46, 0.8, 0.0),
        ("pt-volunteers", 0.45, 1.0, 0.0),
        ("pt-river-foods", 0.42, 0.8, 0.0),
    ]


def test_fit_is_the_largest_that_applies(store: MemoryStore) -> None:
    # match(c-north, elderly_meals): pt-charity offers meal_delivery (a descendant, 0.8) and
    # elderly (an ancestor, 0.6) → 0.8; pt-hospital offers elderly_meals itself → 1.0;
    # f-north-center offers only elderly → 0.6; pt-halal the grandchild halal → 0.8.
    results = {r.id: r for r in match(store, community="c-north", category="elderly_meals", limit=100).results}
    assert (results["pt-charity"].fit, results["pt-hospital"].fit, results["f-north-center"].fit, results["pt-halal"].fit) == (
        0.8, 1.0, 0.6, 0.8)


def test_match_need_takes_community_and_category_from_the_need(store: MemoryStore) -> None:
    # n-o4: c-river (sd-west), meal_delivery. Against c-river only pt-river-foods is tied:
    #   pt-river-foods CO_BUILDS c-river → tie 1: 0.4 + 0.3 + 0.0667 + 0.1 = 0.8667
    #   pt-meals-coop  tie 0: 0.4 + 0 + 0.2 + 0.075 = 0.675
    #   pt-charity     tie 0: 0.4 + 0 + 0.2 + 0 = 0.6
    #   pt-jiazheng    tie 0: 0.4 + 0 + 0.0667 + 0.05 = 0.5167
    #   f-lake-station, pt-market tie 0: 0.4 + 0.05 = 0.45 (tie, by id)
    #   pt-hospital    tie 0: 0.24 + 0.1333 + 0.0667 = 0.44
    report = match(store, need="n-o4", limit=7)
    assert (report.community, report.category, report.need) == ("c-river", "meal_delivery", "n-o4")
    assert [(r.id, r.score, r.tie) for r in report.results] == [
        ("pt-river-foods", 0.8667, 1.0),
        ("pt-meals-coop", 0.675, 0.0),
        ("pt-charity", 0.6, 0.0),
        ("pt-jiazheng", 0.5167, 0.0),
        ("f-lake-station", 0.45, 0.0),
        ("pt-market", 0.45, 0.0),
        ("pt-hospital", 0.44, 0.0),
    ]
    assert [r.id for r in match(store, need="n-o4", in_area_only=True).results] == ["pt-river-foods"]
    by_need = match(store, need="n-o1", limit=100)
    assert by_need.results == match(store, community="c-north", category="meal_delivery", limit=100).results


def test_names_are_accepted_for_community_and_category(store: MemoryStore) -> None:
    by_name = match(store, community="北苑社区", category="送餐上门", limit=100)
    assert (by_name.community, by_name.category) == ("c-north", "meal_delivery")
    assert [r.id for r in by_name.results] == NORTH_MEALS_ORDER


@pytest.mark.parametrize(
    ("kwargs", "what", "nearest"),
    [
        ({"community": "c-nort", "category": "meal_delivery"}, "community", "c-north"),
        ({"community": "c-north", "category": "meal_delivry"}, "category", "meal_delivery"),
        ({"need": "n-oo4"}, "need", "n-o4"),
    ],
)
def test_unknown_ids_raise_not_found_with_nearest(store: MemoryStore, kwargs: dict, what: str, nearest: str) -> None:
    with pytest.raises(NotFound) as err:
        match(store, **kwargs)
    assert err.value.what == what
    assert nearest in err.value.suggestions
    assert nearest in str(err.value)


def test_an_id_of_the_wrong_kind_is_not_found(store: MemoryStore) -> None:
    with pytest.raises(NotFound):
        match(store, community="sd-east", category="meal_delivery")  # a subdistrict, not a community
    with pytest.raises(NotFound):
        match(store, need="c-north")


def test_reasons_name_the_agreement_the_category_and_past_needs(store: MemoryStore) -> None:
    results = {r.id: r for r in match(store, community="c-north", category="meal_delivery", limit=100).results}
    coop = " | ".join(results["pt-meals-coop"].reasons)
    assert "北苑社区" in coop and "2021-03" in coop  # the agreement: with whom, since when
    assert "长者送餐" in coop and "助餐点" in coop  # … and its projects
    assert "送餐上门" in coop  # the category
    assert "北苑独居老人送餐" in coop  # a past need (n-r1)
    assert "北苑清真送餐" not in coop  # n-x1 is of the child category
    hospital = " | ".join(results["pt-hospital"].reasons)
    assert "老年助餐" in hospital  # offers the broader elderly_meals
    assert "北苑社区" in hospital  # serves c-north
    assert "北苑术后老人送餐" in hospital and "北苑康复送餐" not in hospital  # n-r6 yes, in-progress n-ip3 no
    assert "养老服务" in " | ".join(results["f-north-center"].reasons)  # offers elderly, two levels up
    assert "清真送餐" in results["pt-halal"].reasons[0]  # the narrower service it offers


def test_reasons_say_which_narrower_service_is_offered(store: MemoryStore) -> None:
    from graph_model.i18n import use_language

    with use_language("en"):
        coop = match(store, community="c-north", category="elderly", limit=100).results[1]
        assert coop.id == "pt-meals-coop"
        assert coop.reasons[0] == "offers 送餐上门, a narrower service within 养老服务"
    coop = match(store, community="c-north", category="elderly", limit=100).results[1]
    assert coop.reasons[0] == "提供送餐上门（养老服务下的细分服务）"


def test_report_shape(store: MemoryStore) -> None:
    d = match(store, community="c-north", category="meal_delivery", limit=1).as_dict()
    assert list(d) == ["community", "category", "results"]
    assert list(d["results"][0]) == [
        "id", "name", "kind", "sector", "score", "fit", "tie", "record", "capacity", "in_area", "reasons",
    ]
    assert d["results"][0]["name"] == "幸福送餐合作社"


def _every_candidate_ranked(store: MemoryStore, community: str, category: str) -> list[MatchResult]:
    """The whole ranking by its definition: every candidate scored from ``community``, then sorted."""
    name = store.get(category).name  # type: ignore[union-attr]
    scored = [score_candidate(ev, community=community, category=category, category_name=name)
              for ev in store.match_evidence(community, category)]
    return sorted(scored, key=lambda r: (-r.score, r.id))


def test_each_limit_gives_the_head_of_the_whole_ranking(daoyi_store: MemoryStore) -> None:
    # match merges the few candidates tied to the community with a ranking of the rest that it keeps
    # between calls; every cut must still be the head of the ranking of every candidate.
    communities = daoyi_store.ids(NodeKind.COMMUNITY)
    categories = [k for k in daoyi_store.ids(NodeKind.CATEGORY) if daoyi_store.match_evidence(communities[0], k).untied]
    assert len(categories) > 10
    for community in communities:
        for category in categories:
            whole = _every_candidate_ranked(daoyi_store, community, category)
            for limit in (1, 3, 5, len(whole) + 1):
                got = match(daoyi_store, community=community, category=category, limit=limit).results
                assert got == whole[:limit], (community, category, limit)
            in_area = match(daoyi_store, community=community, category=category, limit=len(whole) + 1, in_area_only=True)
            assert in_area.results == [r for r in whole if r.in_area]


def test_the_next_match_sees_a_write() -> None:
    store = MemoryStore()
    load_into(store, FIXTURE)
    before = {r.id: r for r in match(store, community="c-river", category="meal_delivery", limit=100).results}
    assert (before["pt-volunteers"].tie, before["pt-volunteers"].record) == (0.0, 0.0)
    # pt-volunteers (untied from c-river) resolves a meal_delivery need: its record goes to 1/3
    store.apply(ChangeSet(
        nodes=[Node("n-new", NodeKind.NEED, {"name": "送餐", "status": "resolved"})],
        relationships=[Relationship(RelType.HAS_NEED, "c-river", "n-new"),
                       Relationship(RelType.IN_CATEGORY, "n-new", "meal_delivery"),
                       Relationship(RelType.RESOLVED_BY, "n-new", "pt-volunteers")],
    ))
    after = {r.id: r for r in match(store, community="c-river", category="meal_delivery", limit=100).results}
    assert after["pt-volunteers"].record == 0.3333
    assert after["pt-volunteers"].score == round(before["pt-volunteers"].score + 0.2 / 3, 4)
    assert after == {r.id: r for r in _every_candidate_ranked(store, "c-river", "meal_delivery")}


def test_results_handed_out_are_the_callers_own(store: MemoryStore) -> None:
    first = match(store, community="c-river", category="meal_delivery")
    first.results[-1].reasons.append("scribbled by a caller")
    assert match(store, community="c-river", category="meal_delivery").results[-1].reasons[-1] != "scribbled by a caller"
