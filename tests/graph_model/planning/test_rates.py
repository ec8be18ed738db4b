"""The three rates on tests/fixtures/planning_small, every number worked out by hand.

The needs (category pl-e answers within 2 hours): n-r1 (c1) reported 03-01 08:00, claimed
09:30 (on time), resolved, rated 5; n-r2 (c2) reported 03-05 08:00, claimed 11:00 (late),
resolved 03-06, rated 2 on 03-07 (reopened), dispatched to p-y and claimed again: in
progress; n-r3 (c4) reported 03-20 (midnight), claimed 01:00 (on time), resolved, not rated;
n-r4 (c1) a ledger row, resolved, no events; n-r5 (c2) claimed in 50 minutes, resolved,
rated 5 then 3 (the last counts: not satisfied); n-d1…n-d3 (c1), n-d4 (c2), n-none (c4)
open ledger rows reported 04-15.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.errors import InvalidQuery
from graph_model.planning.rates import three_rates
from graph_model.stores.memory.store import MemoryStore
from loaders import load_into

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "planning_small"


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    s = MemoryStore()
    load_into(s, FIXTURE)
    return s


def counts(row: object) -> tuple[object, ...]:
    return tuple(getattr(row, k) for k in ("id", "reported", "responded_on_time", "resolved", "rated", "satisfied",
                                           "response_rate", "resolution_rate", "satisfaction_rate"))


def test_by_subdistrict_everything(store: MemoryStore) -> None:
    report = three_rates(store)
    assert [counts(r) for r in report.rows] == [
        ("sd-a", 8, 2, 3, 3, 1, 0.25, 0.375, 0.3333),
        ("sd-b", 2, 1, 1, 0, 0, 0.5, 0.5, None),
    ]
    assert counts(report.total) == (None, 10, 3, 4, 3, 1, 0.3, 0.4, 0.3333)


def test_by_community_lists_every_community(store: MemoryStore) -> None:
    rows = three_rates(store, by="community").rows
    assert [counts(r) for r in rows] == [
        ("c1", 5, 1, 2, 1, 1, 0.2, 0.4, 1.0),
        ("c2", 3, 1, 1, 2, 0, 0.3333, 0.3333, 0.0),
        ("c3", 0, 0, 0, 0, 0, None, None, None),
        ("c4", 2, 1, 1, 0, 0, 0.5, 0.5, None),
    ]


def test_by_partner_counts_a_need_once_per_partner_it_was_dispatched_to(store: MemoryStore) -> None:
    report = three_rates(store, by="partner")
    assert [counts(r) for r in report.rows] == [
        ("p-r", 3, 3, 3, 2, 1, 1.0, 1.0, 0.5),
        ("p-x", 1, 0, 0, 1, 0, 0.0, 0.0, 0.0),
        ("p-y", 1, 0, 0, 1, 0, 0.0, 0.0, 0.0),
    ]
    assert report.rows[0].name == "应急队"
    assert counts(report.total)[1] == 10  # the total counts every need of the period once


def test_a_period_counts_its_reports_as_of_its_end(store: MemoryStore) -> None:
    march = three_rates(store, date_from="2024-03-01", date_to="2024-03-31")
    # n-r1, n-r2 in sd-a (n-r2 in progress by 03-31), n-r3 in sd-b; n-r4 (04-02) and the open needs are out
    assert [counts(r) for r in march.rows] == [
        ("sd-a", 2, 1, 1, 2, 1, 0.5, 0.5, 0.5),
        ("sd-b", 1, 1, 1, 0, 0, 1.0, 1.0, None),
    ]
    # as of the end of 03-06, n-r2 is resolved and not yet rated
    early = three_rates(store, date_from="2024-03-01", date_to="2024-03-06")
    assert counts(early.rows[0]) == ("sd-a", 2, 1, 2, 1, 1, 0.5, 1.0, 1.0)
    assert early.as_dict()["by"] == "subdistrict"


def test_json_shape(store: MemoryStore) -> None:
    out = three_rates(store, by="community").as_dict()
    assert set(out) == {"by", "rows", "total"}
    assert set(out["rows"][0]) == {"id", "name", "reported", "responded_on_time", "resolved", "rated", "satisfied",
                                   "response_rate", "resolution_rate", "satisfaction_rate"}


@pytest.mark.parametrize("query", [{"by": "street"}, {"date_from": "2024-13-01"}, {"date_from": "2024-04-02", "date_to": "2024-04-01"}])
def test_bad_queries_are_refused(store: MemoryStore, query: dict[str, str]) -> None:
    with pytest.raises(InvalidQuery):
        three_rates(store, **query)  # type: ignore[arg-type]
