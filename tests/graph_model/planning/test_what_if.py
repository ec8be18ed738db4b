"""What-if: answers as if partners or facilities left, nothing written, the gaps opened and closed listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.errors import NotFound
from graph_model.planning.what_if import gaps_without, without
from graph_model.queries import coverage_gaps, match
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "planning_small"


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    load_into(s, FIXTURE)
    return s


def test_leaving_opens_need_and_community_gaps(store: MemoryStore) -> None:
    before = store.stats()
    # p-z is c3's only partner; p-v is n-d2's only candidate
    what = gaps_without(store, ["p-z", "维一公司"], kinds=["need_without_resolver", "community_without_partner"])
    assert what.without == ("p-v", "p-z")
    assert sorted((g.kind, g.subject) for g in what.opened) == [
        ("community_without_partner", "c3"), ("need_without_resolver", "n-d2")]
    assert what.closed == []
    assert {(g.kind, g.subject) for g in what.report.gaps} >= {("need_without_resolver", "n-none"), ("community_without_partner", "c4")}
    assert store.stats() == before  # nothing written
    out = what.as_dict()
    assert out["without"] == ["p-v", "p-z"] and len(out["opened"]) == 2 and out["closed"] == []


def test_the_copy_answers_match_and_gaps_as_if_absent(store: MemoryStore) -> None:
    view, ids = without(store, ["p-x"])
    assert ids == ("p-x",) and view.get("p-x") is None
    assert [r.id for r in match(view, need="n-d4").results] == ["p-z"]
    assert [r.id for r in match(store, need="n-d4").results] == ["p-x", "p-z"]
    full = {(g.kind, g.subject) for g in coverage_gaps(store).gaps}
    assert {(g.kind, g.subject) for g in coverage_gaps(view).gaps} == full  # p-z still serves n-d4, p-y n-d3


def test_unknown_partner_is_not_found(store: MemoryStore) -> None:
    with pytest.raises(NotFound):
        without(store, ["c1"])  # a community is no partner or facility
