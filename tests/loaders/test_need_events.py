"""The NeedEvent table (诉求流转): every transition allowed and refused, the derived status and resolver, each problem located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph_model.errors import DatasetError, Problem
from graph_model.i18n import use_language
from graph_model.need_lifecycle import ALLOWED_FROM, NeedEvent, replay
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from loaders import load_dataset, load_into
from tests.loaders.builders import small_network, write_dataset, write_workbook

# A path of events to every status, from an open need reported on 2024-03-01 (partner pt1 or f1).
TO_STATUS: dict[str, list[dict[str, Any]]] = {
    "open": [],
    "dispatched": [{"at": "2024-03-01T09:00", "action": "dispatch", "partner": "pt1"}],
    "in_progress": [{"at": "2024-03-01T09:00", "action": "dispatch", "partner": "pt1"},
                    {"at": "2024-03-01T10:00", "action": "claim"}],
    "resolved": [{"at": "2024-03-01T09:00", "action": "dispatch", "partner": "pt1"},
                 {"at": "2024-03-02", "action": "resolve"}],
}
AFTER = {"dispatch": "dispatched", "claim": "in_progress", "resolve": "resolved", "return": "open", "reopen": "open"}
LATER = "2024-03-10T12:00"


def _action_row(action: str) -> dict[str, Any]:
    row: dict[str, Any] = {"at": LATER, "action": action}
    if action == "dispatch":
        row["partner"] = "f1"
    if action == "rate":
        row["rating"] = 5
    return row


def _dataset(tmp_path: Path, events: list[dict[str, Any]], **need: Any) -> Path:
    nodes, rels = small_network()
    nodes["Need"].append({"id": "n2", "name": "路灯不亮", "community": "c1", "category": "elderly_meals",
                          "status": "open", "reported": "2024-03-01", **need})
    nodes["NeedEvent"] = [{"need": "n2", **e} for e in events]
    return write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return caught.value.problems


CASES = [(status, action) for status in TO_STATUS for action in ALLOWED_FROM if action != "report"]


@pytest.mark.parametrize("status, action", CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_every_transition_is_allowed_or_refused_as_the_table_says(tmp_path: Path, status: str, action: str) -> None:
    events = TO_STATUS[status] + [_action_row(action)]
    allowed = status in ALLOWED_FROM[action]
    after = "resolved" if action == "rate" else AFTER.get(action, status)
    path = _dataset(tmp_path, events, status=after if allowed else status,
                    resolved_by="pt1" if allowed and after == "resolved" else "")
    line = len(events) + 1
    if allowed:
        dataset = load_dataset(path)
        events_stored = [n for n in dataset.nodes if n.kind is NodeKind.NEED_EVENT and n.id.startswith("n2#")]
        assert [n.props["action"] for n in events_stored] == [e["action"] for e in events]
        assert [n.props["seq"] for n in events_stored] == list(range(1, len(events) + 1))
        return
    with use_language("en"):
        problems = _problems(path)
    assert len(problems) == 1
    problem = problems[0]
    assert (Path(problem.source).name, problem.line, problem.column, problem.value) == ("NeedEvent.csv", line, "action", action)
    assert "'n2'" in problem.expected and f"status {status}" in problem.expected


def test_a_report_is_the_first_event_only(tmp_path: Path) -> None:
    path = _dataset(tmp_path, [{"at": "2024-03-01T08:00", "action": "report"},
                               {"at": "2024-03-01T09:00", "action": "report"}])
    with use_language("en"):
        (problem,) = _problems(path)
    assert (problem.line, problem.column, problem.value) == (3, "action", "report")
    assert "a report must be its first event" in problem.expected


def test_events_are_taken_in_time_order_then_file_order(tmp_path: Path) -> None:
    # written out of order: the claim (10:00) comes after the dispatch (09:00); the two 12:00 events keep file order
    path = _dataset(tmp_path, [
        {"at": "2024-03-01T10:00", "action": "claim"},
        {"at": "2024-03-01T09:00", "action": "dispatch", "partner": "pt1"},
        {"at": "2024-03-01T12:00", "action": "resolve"},
        {"at": "2024-03-01T12:00", "action": "rate", "rating": 1, "reason": "没修好"},
    ], status="open")
    store = MemoryStore()
    load_into(store, path)
    history = store.need_history(["n2"])["n2"]
    assert [(e.seq, e.action, e.partner) for e in history] == [
        (1, "dispatch", "pt1"), (2, "claim", "pt1"), (3, "resolve", "pt1"), (4, "rate", "pt1")]
    assert history[3].rating == 1 and history[3].reason == "没修好"
    assert store.get("n2").props["status"] == "open"


def test_a_resolved_need_gets_its_resolver_from_its_events(tmp_path: Path) -> None:
    path = _dataset(tmp_path, TO_STATUS["resolved"], status="resolved")
    store = MemoryStore()
    load_into(store, path)
    assert [r.target for r in store.relationships("n2", types=[RelType.RESOLVED_BY])] == ["pt1"]
    assert [r.key for r in store.relationships("n2#1", types=[RelType.HANDLED_BY])] == [("n2#1", "HANDLED_BY", "pt1")]


def test_a_status_or_resolver_that_disagrees_with_the_events_names_both(tmp_path: Path) -> None:
    path = _dataset(tmp_path, TO_STATUS["resolved"], status="in_progress", resolved_by="f1")
    with use_language("en"):
        problems = _problems(path)
    assert [(Path(p.source).name, p.line, p.column, p.value) for p in problems] == [
        ("Need.csv", 3, "status", "in_progress"), ("Need.csv", 3, "resolved_by", "f1")]
    assert "resolved" in problems[0].expected and "NeedEvent.csv, line 3" in problems[0].expected
    assert "'pt1'" in problems[1].expected


def test_a_resolver_given_for_a_need_its_events_leave_open_is_an_error(tmp_path: Path) -> None:
    events = TO_STATUS["resolved"] + [{"at": LATER, "action": "reopen", "reason": "居民反映未解决"}]
    with use_language("en"):
        (problem,) = _problems(_dataset(tmp_path, events, status="open", resolved_by="pt1"))
    assert (problem.column, problem.value) == ("resolved_by", "pt1") and "none" in problem.expected


@pytest.mark.parametrize("row, column, value, words", [
    ({"at": "2024-03-02", "action": "dispatch"}, "partner", None, "dispatched to"),
    ({"at": "2024-03-02", "action": "dispatch", "partner": "c1"}, "partner", "c1", "is a Community"),
    ({"at": "2024-03-02", "action": "dispatch", "partner": "pt9"}, "partner", "pt9", "no node has id"),
    ({"at": "2024-02-28", "action": "dispatch", "partner": "pt1"}, "at", "2024-02-28T00:00", "report (2024-03-01T00:00)"),
    ({"at": "2024-03-32", "action": "dispatch", "partner": "pt1"}, "at", "2024-03-32", "date-time"),
    ({"at": "2024-03-02", "action": "fly"}, "action", "fly", "report/dispatch"),
    ({"at": "2024-03-02", "action": "dispatch", "partner": "pt1", "rating": 4}, "rating", "4", "rate event"),
], ids=["no-partner", "wrong-kind", "unknown-partner", "before-report", "bad-time", "bad-action", "stray-rating"])
def test_bad_event_values_are_located(tmp_path: Path, row: dict[str, Any], column: str, value: str | None, words: str) -> None:
    with use_language("en"):
        (problem,) = _problems(_dataset(tmp_path, [row]))
    assert (Path(problem.source).name, problem.line, problem.column, problem.value) == ("NeedEvent.csv", 2, column, value)
    assert words in problem.expected


def test_claim_names_the_current_partner_or_nothing(tmp_path: Path) -> None:
    events = TO_STATUS["dispatched"] + [{"at": LATER, "action": "claim", "partner": "f1"}]
    with use_language("en"):
        (problem,) = _problems(_dataset(tmp_path, events, status="in_progress"))
    assert (problem.column, problem.value) == ("partner", "f1") and "'pt1'" in problem.expected


def test_a_rate_needs_a_rating_and_a_bad_one_reopens(tmp_path: Path) -> None:
    with use_language("en"):
        (problem,) = _problems(_dataset(tmp_path / "a", TO_STATUS["resolved"] + [{"at": LATER, "action": "rate"}],
                                        status="resolved", resolved_by="pt1"))
    assert problem.column == "rating"
    bad = TO_STATUS["resolved"] + [{"at": LATER, "action": "rate", "rating": 2}]
    dataset = load_dataset(_dataset(tmp_path / "b", bad, status="open"))
    assert not [r for r in dataset.relationships if r.type is RelType.RESOLVED_BY and r.source == "n2"]


def test_a_need_with_events_needs_a_report_time(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Need"].append({"id": "n2", "name": "路灯不亮", "community": "c1", "category": "elderly_meals", "status": "dispatched"})
    nodes["NeedEvent"] = [{"need": "n2", "at": "2024-03-01", "action": "dispatch", "partner": "pt1"}]
    with use_language("en"):
        (problem,) = _problems(write_dataset(tmp_path / "x", nodes=nodes, relationships=rels))
    assert (problem.line, problem.column) == (2, "at") and "report time" in problem.expected
    nodes["NeedEvent"].insert(0, {"need": "n2", "at": "2024-02-27T08:30", "action": "report"})
    dataset = load_dataset(write_dataset(tmp_path / "y", nodes=nodes, relationships=rels))
    assert [n.props["at"] for n in dataset.nodes if n.kind is NodeKind.NEED_EVENT] == ["2024-02-27T08:30", "2024-03-01T00:00"]


def test_events_of_an_unknown_need_are_an_error(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["NeedEvent"] = [{"need": "n9", "at": "2024-03-01", "action": "report"}]
    with use_language("en"):
        (problem,) = _problems(write_dataset(tmp_path / "x", nodes=nodes, relationships=rels))
    assert (problem.column, problem.value) == ("need", "n9") and "no node has id 'n9'" in problem.expected


def test_chinese_headers_and_action_names_are_read(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Need"].append({"id": "n2", "name": "路灯不亮", "community": "c1", "category": "elderly_meals",
                          "status": "in_progress", "reported": "2024-03-01"})
    nodes["诉求流转"] = [
        {"诉求": "n2", "时间": "2024/3/1 9:00", "环节": "派单", "承办单位": "pt1", "经办人": "张网格员"},
        {"诉求": "n2", "时间": "2024/3/1 10:30", "环节": "接单"},
    ]
    path = write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels)
    events = [n for n in load_dataset(path).nodes if n.kind is NodeKind.NEED_EVENT]
    assert [(n.id, n.props["action"], n.props["at"]) for n in events] == [
        ("n2#1", "dispatch", "2024-03-01T09:00"), ("n2#2", "claim", "2024-03-01T10:30")]
    assert events[0].props["by"] == "张网格员"


def test_a_workbook_sheet_of_events_loads_like_the_csv(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Need"].append({"id": "n2", "name": "路灯不亮", "community": "c1", "category": "elderly_meals",
                          "status": "resolved", "reported": "2024-03-01"})
    nodes["NeedEvent"] = [{"need": "n2", **e} for e in TO_STATUS["resolved"]]
    folder = load_dataset(write_dataset(tmp_path / "ds", nodes=nodes, relationships=rels))
    book = load_dataset(write_workbook(tmp_path / "ds.xlsx", nodes=nodes, relationships=rels))
    assert sorted((n.id, dict(n.props)) for n in book.nodes) == sorted((n.id, dict(n.props)) for n in folder.nodes)
    assert sorted(r.key for r in book.relationships) == sorted(r.key for r in folder.relationships)


def test_the_column_and_row_validators_give_the_same_events(tmp_path: Path) -> None:
    nodes, rels = small_network()
    nodes["Need"].append({"id": "n2", "name": "路灯不亮", "community": "c1", "category": "elderly_meals",
                          "status": "resolved", "reported": "2024-03-01"})
    nodes["NeedEvent"] = [{"need": "n2", **e} for e in TO_STATUS["resolved"]]
    fast = load_dataset(write_dataset(tmp_path / "a", nodes=nodes, relationships=rels))
    nodes["Category"] = [{"id": "lamps", "name": "路灯"}]  # a Category table: validated row by row
    slow = load_dataset(write_dataset(tmp_path / "b", nodes=nodes, relationships=rels))
    events = lambda d: [(n.id, dict(n.props)) for n in d.nodes if n.kind is NodeKind.NEED_EVENT]  # noqa: E731
    links = lambda d: [r.key for r in d.relationships if r.type in (RelType.HAS_EVENT, RelType.HANDLED_BY, RelType.RESOLVED_BY)]  # noqa: E731
    assert events(fast) == events(slow) and events(fast)
    assert links(fast) == links(slow)


def test_replay_agrees_with_the_loader(tmp_path: Path) -> None:
    events = [NeedEvent("n2", i, e["at"] if "T" in e["at"] else e["at"] + "T00:00", e["action"], e.get("partner"))
              for i, e in enumerate(TO_STATUS["in_progress"], 1)]
    assert replay(events, reported="2024-03-01").status == "in_progress"
