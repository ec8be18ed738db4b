"""Coverage gaps on the hand-made ``queries_small`` dataset.

Each of the 12 kinds has subjects on both sides of its condition in the
fixture (see ``tests/fixtures/queries_small/README.md``); the expected gaps
below are read off the rows by hand.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from graph_model.i18n import use_language
from graph_model.errors import InvalidQuery, NotFound
from graph_model.i18n import use_language
from graph_model.queries import GapKind, coverage_gaps
from graph_model.schema import NodeKind
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "queries_small"

# (kind, subject, community) in report order: kind in the registry's order, then community, then subject id.
EXPECTED = [
    # b-north-1 has a head; b-north-3 has p-head2
    ("building_without_head", "b-north-2", "c-north"),
    ("building_without_head", "b-south-1", "c-south"),
    # b-north-1 and b-south-1 are covered by building groups; b-north-2 only by a grid branch
    ("building_without_party_group", "b-north-2", "c-north"),
    ("building_without_party_group", "b-north-3", "c-north"),
    # g-north-1, g-south-1 covered by grid branches; g-north-2 only by a building group
    ("grid_without_branch", "g-north-2", "c-north"),
    ("grid_without_branch", "g-river-1", "c-river"),
    ("grid_without_branch", "g-south-2", "c-south"),
    # g-north-2: two part-time (false, 否); g-south-2: nobody. g-south-1's empty cell is true, g-river-1's 是 too
    ("grid_without_fulltime_worker", "g-north-2", "c-north"),
    ("grid_without_fulltime_worker", "g-south-2", "c-south"),
    # CO_BUILDS exist for c-north, c-south, c-river only (pt-halal merely sits in c-lake)
    ("community_without_partner", "c-hill", "c-hill"),
    ("community_without_partner", "c-lake", "c-lake"),
    ("community_without_partner", "c-new", "c-new"),
    ("community_without_partner", "c-old", "c-old"),
    # service_center in c-north, service_station in c-lake; c-south's canteen and c-river's health_station don't count
    ("community_without_service_center", "c-hill", "c-hill"),
    ("community_without_service_center", "c-new", "c-new"),
    ("community_without_service_center", "c-old", "c-old"),
    ("community_without_service_center", "c-river", "c-river"),
    ("community_without_service_center", "c-south", "c-south"),
    # c-old has only a level-other organization
    ("community_without_party_org", "c-old", "c-old"),
    # po-new has no secretary (po-gb-south1 has none either but is a grid branch)
    ("party_org_without_secretary", "po-new", "c-new"),
    # p-sun is mentored by p-old; p-grid is secretary of a grid branch only
    ("secretary_without_pair", "p-zhou", "c-lake"),
    ("secretary_without_pair", "p-wang", "c-north"),
    ("secretary_without_pair", "p-zhao", "c-river"),
    ("secretary_without_pair", "p-li", "c-south"),
    # open needs: n-o1, n-o4 have in-area candidates; n-o2 only the out-of-area pt-law; n-o3 nobody.
    # n-ip7 has no resolver but is in progress.
    ("need_without_resolver", "n-o2", "c-hill"),
    ("need_without_resolver", "n-o3", "c-new"),
    # e-north-a managed by pt-prop-red (po-prop-red); e-river-a by both companies
    ("estate_without_red_property", "e-north-b", "c-north"),
    ("estate_without_red_property", "e-south-a", "c-south"),
    # reported needs not resolved, long past 15 days: n-ip1 (in progress) and n-o3; n-r1 is resolved,
    # the other open needs have no report time (never overdue)
    ("need_overdue", "n-o3", "c-new"),
    ("need_overdue", "n-ip1", "c-north"),
]


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    s = MemoryStore()
    load_into(s, FIXTURE)
    return s


def _triples(report) -> list[tuple[str, str, str | None]]:
    return [(g.kind, g.subject, g.community) for g in report.gaps]


def test_every_gap_in_report_order(store: MemoryStore) -> None:
    report = coverage_gaps(store)
    assert _triples(report) == EXPECTED


def test_summary_counts_every_kind_in_spec_order(store: MemoryStore) -> None:
    summary = coverage_gaps(store).summary
    assert list(summary) == [k.value for k in GapKind]
    assert summary == {
        "building_without_head": 2,
        "building_without_party_group": 2,
        "grid_without_branch": 3,
        "grid_without_fulltime_worker": 2,
        "community_without_partner": 4,
        "community_without_service_center": 5,
        "community_without_party_org": 1,
        "party_org_without_secretary": 1,
        "secretary_without_pair": 4,
        "need_without_resolver": 2,
        "estate_without_red_property": 2,
        "need_overdue": 2,
    }


def test_by_community_counts(store: MemoryStore) -> None:
    # c-hill: partner, service center, n-o2 = 3
    # c-lake: partner, p-zhou = 2
    # c-new: partner, service center, po-new, n-o3 ×2 = 5
    # c-north: b-north-2 ×2, b-north-3, g-north-2 ×2, p-wang, e-north-b, n-ip1 = 8
    # c-old: partner, service center, party org = 3
    # c-river: g-river-1, service center, p-zhao = 3
    # c-south: b-south-1, g-south-2 ×2, service center, p-li, e-south-a = 6
    assert coverage_gaps(store).by_community == {
        "c-hill": 3, "c-lake": 2, "c-new": 5, "c-north": 8, "c-old": 3, "c-river": 3, "c-south": 6,
    }


def test_names_and_details(store: MemoryStore) -> None:
    with use_language("en"):
        gaps = {(g.kind, g.subject): g for g in coverage_gaps(store).gaps}
    assert gaps[("grid_without_branch", "g-north-2")].subject_name == "北苑第二网格"
    assert "2 part-time" in gaps[("grid_without_fulltime_worker", "g-north-2")].detail
    assert "part-time" not in gaps[("grid_without_fulltime_worker", "g-south-2")].detail
    assert "安居物业" in gaps[("estate_without_red_property", "e-north-b")].detail
    assert "安居物业" not in gaps[("estate_without_red_property", "e-south-a")].detail
    assert "legal_consultation" in gaps[("need_without_resolver", "n-o2")].detail
    assert "湖畔村党支部" in gaps[("secretary_without_pair", "p-zhou")].detail
    assert all(g.detail for g in gaps.values())
    chinese = {(g.kind, g.subject): g.detail for g in coverage_gaps(store).gaps}  # the default language
    assert chinese[("grid_without_fulltime_worker", "g-north-2")] == "无专职网格员，仅有 2 名兼职"
    assert chinese[("need_without_resolver", "n-o2")] == "区域内没有共建单位或阵地提供法律咨询（legal_consultation）或其细分、上级服务"


def test_scope_one_community(store: MemoryStore) -> None:
    report = coverage_gaps(store, community="c-north")
    assert _triples(report) == [t for t in EXPECTED if t[2] == "c-north"]
    assert report.by_community == {"c-north": 8}
    assert sum(report.summary.values()) == 8
    assert report.summary["grid_without_branch"] == 1 and report.summary["community_without_partner"] == 0
    assert _triples(coverage_gaps(store, community="北苑社区")) == _triples(report)


def test_kind_filter_keeps_spec_order(store: MemoryStore) -> None:
    report = coverage_gaps(store, kinds=["need_without_resolver", GapKind.GRID_WITHOUT_BRANCH])
    assert _triples(report) == [t for t in EXPECTED if t[0] in ("grid_without_branch", "need_without_resolver")]
    assert report.summary == {"grid_without_branch": 3, "need_without_resolver": 2}
    assert report.by_community == {"c-hill": 1, "c-new": 1, "c-north": 1, "c-river": 1, "c-south": 1}
    scoped = coverage_gaps(store, community="c-lake", kinds=["community_without_party_org"])
    assert scoped.gaps == [] and scoped.summary == {"community_without_party_org": 0} and scoped.by_community == {}


def test_bad_arguments(store: MemoryStore) -> None:
    with pytest.raises(NotFound) as err:
        coverage_gaps(store, community="c-nort")
    assert "c-north" in err.value.suggestions
    with pytest.raises(InvalidQuery):
        coverage_gaps(store, kinds=["grid_without_brunch"])


def test_as_dict_shape(store: MemoryStore) -> None:
    d = coverage_gaps(store).as_dict()
    assert list(d) == ["gaps", "summary", "by_community"]
    assert list(d["gaps"][0]) == ["kind", "subject", "subject_name", "community", "detail"]
    assert sum(d["summary"].values()) == sum(d["by_community"].values()) == len(EXPECTED)


def _variant(tmp_path: Path, relationship: str, text: str) -> MemoryStore:
    root = tmp_path / "variant"
    shutil.copytree(FIXTURE, root)
    (root / "relationships" / f"{relationship}.csv").write_text(text, encoding="utf-8")
    s = MemoryStore()
    load_into(s, root)
    return s


def test_full_time_defaults_to_true_when_the_column_is_absent(tmp_path: Path) -> None:
    # Without the column every worker is full-time: g-north-2's two workers now count,
    # only the worker-less g-south-2 is left.
    rows = "p-w1,g-north-1,staff\np-w2,g-north-2,volunteer\np-w3,g-north-2,courier\np-w4,g-south-1,staff\np-w5,g-river-1,staff\n"
    store = _variant(tmp_path, "GRID_WORKER_OF", "source,target,role\n" + rows)
    report = coverage_gaps(store, kinds=["grid_without_fulltime_worker"])
    assert _triples(report) == [("grid_without_fulltime_worker", "g-south-2", "c-south")]


def test_need_without_resolver_follows_in_area_candidates(tmp_path: Path) -> None:
    # Give pt-law a SERVES of sd-west: n-o2 (c-hill, legal_consultation) gets an in-area resolver.
    serves = (FIXTURE / "relationships" / "SERVES.csv").read_text(encoding="utf-8") + "pt-law,sd-west\n"
    store = _variant(tmp_path, "SERVES", serves)
    assert _triples(coverage_gaps(store, kinds=["need_without_resolver"])) == [("need_without_resolver", "n-o3", "c-new")]


def test_an_in_area_offer_of_a_narrower_category_resolves_a_need(store: MemoryStore, tmp_path: Path) -> None:
    # n-o5 (c-north, open) asks for the parent category `legal`; nobody offers `legal` itself, but
    # pt-law, which CO_BUILDS c-north, offers its child legal_consultation: not a gap.
    gaps = {g.subject for g in coverage_gaps(store, kinds=["need_without_resolver"]).gaps}
    assert "n-o5" not in gaps and gaps == {"n-o2", "n-o3"}
    # without that agreement pt-law has no tie to c-north's subdistrict: n-o5 becomes a gap
    co_builds = (FIXTURE / "relationships" / "CO_BUILDS.csv").read_text(encoding="utf-8").replace("pt-law,c-north,2022-05,法律明白人\n", "")
    variant = _variant(tmp_path, "CO_BUILDS", co_builds)
    assert "n-o5" in {g.subject for g in coverage_gaps(variant, kinds=["need_without_resolver"]).gaps}


def test_every_kind_has_both_sides_in_the_fixture(store: MemoryStore) -> None:
    # Guard for the fixture itself: each kind has at least one gap and at least one subject without.
    subjects = {
        "Building": len(store.ids(NodeKind.BUILDING)),
        "Grid": len(store.ids(NodeKind.GRID)),
        "Community": len(store.ids(NodeKind.COMMUNITY)),
        "Estate": len(store.ids(NodeKind.ESTATE)),
    }
    counts = Counter(k for k, _, _ in EXPECTED)
    assert set(counts) == {k.value for k in GapKind}
    assert counts["building_without_head"] < subjects["Building"]
    assert counts["grid_without_branch"] < subjects["Grid"]
    assert counts["community_without_service_center"] < subjects["Community"]
    assert counts["estate_without_red_property"] < subjects["Estate"]


def test_need_overdue_judges_by_as_of(store: MemoryStore) -> None:
    # n-ip1 (meal_delivery: the default 15 days) reported 2024-02-01: overdue after 2024-02-16T00:00;
    # n-o3 (fire_safety: 7 days, from its parent safety in the default taxonomy) 2024-01-08: after 2024-01-15T00:00
    overdue = lambda as_of: [g.subject for g in coverage_gaps(store, kinds=["need_overdue"], as_of=as_of).gaps]  # noqa: E731
    assert overdue("2024-01-15") == []
    assert overdue("2024-01-15T00:01") == ["n-o3"]
    assert overdue("2024-02-16") == ["n-o3"]
    assert overdue("2024-02-16T00:00:01") == ["n-o3", "n-ip1"]  # by community: c-new, then c-north
    assert overdue("2023-01-01") == []
    with use_language("en"):
        report = coverage_gaps(store, kinds=["need_overdue"], as_of="2024-03-01")
    assert [g.detail for g in report.gaps] == [
        "open since its report on 2024-01-08T00:00: past the 7 days allowed for 消防安全",
        "in_progress since its report on 2024-02-01T00:00: past the 15 days allowed for 送餐上门",
    ]
    with pytest.raises(InvalidQuery):
        coverage_gaps(store, kinds=["need_overdue"], as_of="yesterday")
