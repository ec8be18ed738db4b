"""Mentor–mentee secretary pairs: hand-computed weights and answers.

The fixture answers are worked out by hand from ``tests/fixtures/queries_small``
(secretaries p-wang, p-li, p-zhou, p-zhao, p-sun; existing pair p-old → p-sun).
Random pools against a brute force and networkx: test_mentor_pairing_properties.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from graph_model.errors import InvalidQuery
from graph_model.evidence import SecretaryFacts
from graph_model.queries import propose_mentor_pairs
from graph_model.queries.mentor_pairing import pair_weight
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "queries_small"


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    s = MemoryStore()
    load_into(s, FIXTURE)
    return s


def _pairs(report) -> list[tuple[str, str, float]]:
    return [(p.mentor.id, p.mentee.id, p.terms.weight) for p in report.proposed]


def _unpaired(report) -> list[tuple[str, str]]:
    return [(s.id, reason) for s, reason in report.unpaired]


# -- the fixture, by hand -------------------------------------------------------------------
#
# secretary  community (sd)   years        rating      strengths              estate/focus
# p-wang     c-north (east)   3.9          4           mediation,elderly_care commercial/elderly
# p-li       c-south (east)   missing → 0  missing → 3 youth_work             commercial/youth
# p-zhou     c-lake  (east)   2            5           elderly_care           rural/elderly
# p-zhao     c-river (west)   4.5          4.5         mediation,elderly_care,property,fundraising  commercial/elderly
# p-sun      c-hill  (west)   2.5          2           —                      unset/unset
#
# eligible (years gap ≥ 2) and weights = 1 + strengths + estate + focus + 0.5·min(gap,10)/10 + 0.5·max(0, Δrating):
#   wang→li   gap 3.9: 1 + 2 + 1 + 0 + 0.195 + 0.5·1   = 4.695
#   zhou→li   gap 2  : 1 + 1 + 0 + 0 + 0.1   + 0.5·2   = 3.1     (exactly 2: eligible)
#   zhao→li   gap 4.5: 1 + 4 + 1 + 0 + 0.225 + 0.5·1.5 = 6.975
#   zhao→zhou gap 2.5: 1 + 3 + 0 + 1 + 0.125 + 0       = 5.125   (rating 4.5 < 5 → 0)
#   zhao→sun  gap 2  : 1 + 4 + 0 + 0 + 0.1   + 0.5·2.5 = 6.35    (c-hill unset: no portrait terms)
#   sun→li    gap 2.5: 1 + 0 + 0 + 0 + 0.125 + 0       = 1.125   (rating 2 < 3 → 0)
#   not eligible: wang–zhou (1.9, just below), wang–sun 1.4, wang–zhao 0.6, zhou–sun 0.5


def test_fixture_existing_pairs_and_secretaries(store: MemoryStore) -> None:
    assert [s.id for s in store.secretaries()] == ["p-li", "p-sun", "p-wang", "p-zhao", "p-zhou"]  # not p-old, not p-grid
    assert store.mentor_links() == [("p-old", "p-sun")]


def test_keep_subdistrict(store: MemoryStore) -> None:
    # pool without p-sun (in an existing pair): east wang, li, zhou; west zhao alone.
    # east: wang→li 4.695 beats zhou→li 3.1 (one pair among three); zhao has nobody in the west pool.
    report = propose_mentor_pairs(store)
    assert report.existing == [("p-old", "p-sun")]
    assert _pairs(report) == [("p-wang", "p-li", 4.695)]
    assert report.total_weight == pytest.approx(4.695)
    assert _unpaired(report) == [("p-zhao", "no eligible partner"), ("p-zhou", "odd one out")]


def test_keep_all_maximum_cardinality_beats_the_heaviest_pair(store: MemoryStore) -> None:
    # pool wang, li, zhou, zhao; edges wang→li 4.695, zhou→li 3.1, zhao→li 6.975, zhao→zhou 5.125.
    # Greedy heaviest-first takes zhao→li (6.975) and then nothing fits: 1 pair.
    # The only 2-pair matching: wang→li + zhao→zhou = 4.695 + 5.125 = 9.82.
    report = propose_mentor_pairs(store, scope="all")
    assert _pairs(report) == [("p-wang", "p-li", 4.695), ("p-zhao", "p-zhou", 5.125)]
    assert report.total_weight == pytest.approx(9.82)
    assert report.unpaired == []


def test_fresh_subdistrict(store: MemoryStore) -> None:
    # existing ignored; east: wang→li (4.695 > 3.1), zhou odd one out; west: zhao→sun 6.35 (exactly 2 years).
    report = propose_mentor_pairs(store, mode="fresh")
    assert report.existing == []
    assert _pairs(report) == [("p-wang", "p-li", 4.695), ("p-zhao", "p-sun", 6.35)]
    assert report.total_weight == pytest.approx(4.695 + 6.35)  # 11.045
    assert _unpaired(report) == [("p-zhou", "odd one out")]


def test_fresh_all(store: MemoryStore) -> None:
    # five secretaries → at most 2 pairs. 2-pair matchings:
    #   wang→li + zhao→zhou = 9.82;  wang→li + zhao→sun = 11.045;  zhou→li + zhao→sun = 9.45;
    #   sun→li + zhao→zhou = 6.25;   zhao→li blocks every second pair.
    report = propose_mentor_pairs(store, mode="fresh", scope="all")
    assert _pairs(report) == [("p-wang", "p-li", 4.695), ("p-zhao", "p-sun", 6.35)]
    assert report.total_weight == pytest.approx(11.045)
    assert report.total_weight == pytest.approx(sum(p.terms.weight for p in report.proposed))
    assert _unpaired(report) == [("p-zhou", "odd one out")]


def test_terms_of_a_fixture_pair(store: MemoryStore) -> None:
    report = propose_mentor_pairs(store, mode="fresh")
    wang_li = next(p for p in report.as_dict()["proposed"] if p["mentor"] == "p-wang")
    assert wang_li == {
        "mentor": "p-wang",
        "mentee": "p-li",
        "weight": 4.695,
        "terms": {
            "base": 1.0, "strengths": 2.0, "estate_category": 1.0, "service_focus": 0.0,
            "years": 0.195, "rating": 0.5, "passes_on": ["elderly_care", "mediation"],
        },
    }


def test_as_dict_shape(store: MemoryStore) -> None:
    d = propose_mentor_pairs(store).as_dict()
    assert list(d) == ["existing", "proposed", "total_weight", "unpaired"]
    assert d["existing"] == [{"mentor": "p-old", "mentee": "p-sun"}]
    assert list(d["proposed"][0]) == ["mentor", "mentee", "weight", "terms"]
    assert d["unpaired"] == [{"id": "p-zhao", "reason": "no eligible partner"}, {"id": "p-zhou", "reason": "odd one out"}]


def test_bad_mode_or_scope(store: MemoryStore) -> None:
    with pytest.raises(InvalidQuery):
        propose_mentor_pairs(store, mode="greedy")  # type: ignore[arg-type]
    with pytest.raises(InvalidQuery):
        propose_mentor_pairs(store, scope="city")  # type: ignore[arg-type]


# -- the weight, term by term ------------------------------------------------------------------


def _facts(ident: str, years: float, rating: float = 3.0, strengths: Sequence[str] = (), *,
           estate: str | None = None, focus: str | None = None, sd: str = "sd") -> SecretaryFacts:
    return SecretaryFacts(ident, ident, f"c-{ident}", f"c-{ident}", sd, years, rating, tuple(strengths), estate, focus)


def test_weight_base_only() -> None:
    # gap 2 → years 0.5·2/10 = 0.1; nothing else: 1.1
    t = pair_weight(_facts("m", 2), _facts("e", 0))
    assert (t.base, t.strengths, t.estate_category, t.service_focus, t.years, t.rating) == pytest.approx((1, 0, 0, 0, 0.1, 0))
    assert t.weight == pytest.approx(1.1)


def test_weight_strengths_counts_tags_the_mentee_lacks() -> None:
    t = pair_weight(_facts("m", 4, strengths=["a", "b", "c"]), _facts("e", 0, strengths=["b", "d"]))
    assert t.strengths == 2.0 and t.passes_on == ("a", "c")  # {a,b,c} − {b,d}
    assert t.weight == pytest.approx(1 + 2 + 0.2)
    assert pair_weight(_facts("m", 4, strengths=["b"]), _facts("e", 0, strengths=["a", "b"])).strengths == 0.0


@pytest.mark.parametrize(
    ("mine", "theirs", "term"),
    [("commercial", "commercial", 1.0), ("commercial", "rural", 0.0), (None, None, 0.0), ("commercial", None, 0.0)],
)
def test_weight_estate_category_equal_and_set(mine: str | None, theirs: str | None, term: float) -> None:
    t = pair_weight(_facts("m", 2, estate=mine), _facts("e", 0, estate=theirs))
    assert t.estate_category == term and t.weight == pytest.approx(1.1 + term)


@pytest.mark.parametrize(
    ("mine", "theirs", "term"),
    [("elderly", "elderly", 1.0), ("elderly", "youth", 0.0), (None, None, 0.0), (None, "youth", 0.0)],
)
def test_weight_service_focus_equal_and_set(mine: str | None, theirs: str | None, term: float) -> None:
    t = pair_weight(_facts("m", 2, focus=mine), _facts("e", 0, focus=theirs))
    assert t.service_focus == term and t.weight == pytest.approx(1.1 + term)


@pytest.mark.parametrize(
    ("gap", "term"),
    [(2, 0.1), (4, 0.2), (7.5, 0.375), (10, 0.5), (15, 0.5), (30, 0.5)],  # 0.5·min(gap, 10)/10
)
def test_weight_years_term_is_capped_at_ten(gap: float, term: float) -> None:
    t = pair_weight(_facts("m", 1 + gap), _facts("e", 1))
    assert t.years == pytest.approx(term) and t.weight == pytest.approx(1 + term)


@pytest.mark.parametrize(
    ("mine", "theirs", "term"),
    [(5, 2, 1.5), (4.5, 4, 0.25), (3, 3, 0.0), (2, 5, 0.0)],  # 0.5·max(0, Δ)
)
def test_weight_rating_term(mine: float, theirs: float, term: float) -> None:
    t = pair_weight(_facts("m", 2, rating=mine), _facts("e", 0, rating=theirs))
    assert t.rating == pytest.approx(term) and t.weight == pytest.approx(1.1 + term)


def test_weight_all_terms_together() -> None:
    # 1 + |{x,y,z} − {y}| = 2 + estate 1 + focus 1 + 0.5·min(12,10)/10 = 0.5 + 0.5·(5 − 1) = 2  → 7.5
    m = _facts("m", 14, 5, ["x", "y", "z"], estate="rural", focus="migrant")
    e = _facts("e", 2, 1, ["y"], estate="rural", focus="migrant")
    assert pair_weight(m, e).weight == pytest.approx(7.5)


@pytest.mark.parametrize(
    ("mentor", "mentee", "eligible"),
    [
        (5, 3, True),  # exactly 2
        (2, 0, True),  # exactly 2 from zero
        (4.1, 2.1, True),  # exactly 2 in decimal (1.9999999999999996 in binary floating point)
        (3.3, 1.3, True),
        (4.9, 3, False),  # 1.9: just below
        (3, 1.01, False),
        (3, 5, False),  # the wrong way round
    ],
)
def test_eligibility_at_two_years(mentor: float, mentee: float, eligible: bool) -> None:
    terms = pair_weight(_facts("m", mentor), _facts("e", mentee))
    assert (terms is not None) is eligible
    if eligible:  # every eligible case here is exactly 2 years apart: 0.5·2/10
        assert terms.years == pytest.approx(0.1) and terms.weight == pytest.approx(1.1)
