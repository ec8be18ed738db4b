"""The lifecycle on the hand-made ``lifecycle_small`` dataset: time limits inherited, current partners, capacity.

The expected answers are read off ``tests/fixtures/lifecycle_small/README.md``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.need_lifecycle import NeedEvent, TransitionRefused, parse_time, replay, state_at, step
from graph_model.queries import coverage_gaps, match
from graph_model.stores.memory.store import MemoryStore
from graph_model.time_limits import CategoryLimits, TimeLimits, inherit
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lifecycle_small"


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    s = MemoryStore()
    load_into(s, FIXTURE)
    return s


def test_time_limits_are_inherited_up_the_taxonomy(store: MemoryStore) -> None:
    limits = store.category_time_limits()
    assert limits["lc-repairs"] == TimeLimits(12, 10)
    assert limits["lc-lamps"] == TimeLimits(12, 3)  # its own days, the parent's hours
    assert limits["lc-pipes"] == TimeLimits(4, 10)
    assert limits["lc-urgent-pipes"] == TimeLimits(1, 10)  # days from the grandparent
    assert limits["elderly_meals"] == TimeLimits(24, 15)  # nothing set anywhere: the defaults


def test_inheritance_stops_at_a_cycle_and_takes_the_smallest_parent() -> None:
    rows = {"a": CategoryLimits(["c", "b"], None, None), "b": CategoryLimits([], 6, None),
            "c": CategoryLimits([], 9, 2), "x": CategoryLimits(["y"], None, None), "y": CategoryLimits(["x"], None, 7)}
    limits = inherit(rows)
    assert limits["a"] == TimeLimits(6, 15) and limits["x"] == TimeLimits(24, 7)


def test_history_and_derived_state(store: MemoryStore) -> None:
    history = store.need_history(["n-pipe-2", "n-repair-1", "no-such-need", "c-east"])
    assert list(history) == ["n-pipe-2"]  # n-repair-1 has no events; the others are no needs
    events = history["n-pipe-2"]
    assert [(e.action, e.partner) for e in events] == [
        ("dispatch", "pt-fix"), ("return", "pt-fix"), ("dispatch", "pt-water"), ("claim", "pt-water"),
        ("resolve", "pt-water"), ("rate", "pt-water")]
    state = replay(events, reported="2024-04-03")
    assert (state.status, state.partner, state.resolver) == ("resolved", "pt-water", "pt-water")
    assert state_at(events, "2024-04-03T08:15", reported="2024-04-03").status == "open"
    assert len(store.need_history()) == 8
    assert store.get("n-pipe-3").props["status"] == "open"  # rated 1: reopened


def test_capacity_counts_the_needs_whose_current_partner_is_the_candidate(store: MemoryStore) -> None:
    active = {ev.id: ev.in_progress for ev in store.match_evidence("c-east", "lc-repairs")}
    # pt-fix: n-lamp-3, n-pipe-1, n-pipe-4 (its last dispatch) and n-repair-1 (no events: RESOLVED_BY); not n-pipe-2 (returned)
    # pt-power (lc-lamps) and pt-water (lc-pipes) offer subcategories of lc-repairs: candidates too (fit 0.8)
    assert active == {"pt-fix": 4, "f-east": 0, "pt-power": 0, "pt-water": 0}
    assert {ev.id: ev.in_progress for ev in store.match_evidence("c-east", "lc-lamps")}["pt-power"] == 0
    scores = {r.id: r.capacity for r in match(store, community="c-east", category="lc-pipes").results}
    assert scores["pt-fix"] == 0.0 and scores["pt-water"] == 0.5


def test_need_overdue_as_of(store: MemoryStore) -> None:
    gaps = coverage_gaps(store, kinds=["need_overdue"], as_of="2024-04-15").gaps
    assert [(g.subject, g.community) for g in gaps] == [
        ("n-lamp-2", "c-east"), ("n-pipe-1", "c-east"), ("n-repair-1", "c-east"), ("n-lamp-3", "c-west")]
    later = [g.subject for g in coverage_gaps(store, kinds=["need_overdue"], as_of="2024-05-06T00:01").gaps]
    assert "n-pipe-3" in later and "n-pipe-4" in later and "n-repair-2" not in later
    assert coverage_gaps(store, kinds=["need_overdue"], as_of="2024-03-01").gaps == []


def test_an_api_style_append_follows_the_same_rules() -> None:
    state = replay([NeedEvent("n", 1, parse_time("2024-04-01 08:00"), "dispatch", partner="p")], reported="2024-04-01")
    with pytest.raises(TransitionRefused) as refused:
        step(state, NeedEvent("n", 2, "2024-04-02T00:00", "reopen"))
    assert (refused.value.status, refused.value.action) == ("dispatched", "reopen")
