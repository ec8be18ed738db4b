"""The lifecycle through the API: every transition allowed (200) or refused (409 with the status found), the token
guard, the values' rules (422/404), PATCH kept from bypassing the events, GET /needs/{id}, and the journal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph_model.need_lifecycle import ALLOWED_FROM
from graph_model.stores.memory.journaled_store import journal_path
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, load_dataset
from tests.api.conftest import AUTH, settings_for

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "lifecycle_small"
ACTIONS = ("dispatch", "claim", "resolve", "return", "rate", "reopen")
# A need of lifecycle_small in each status, reached through its events (see its README).
IN_STATUS = {"open": "n-lamp-2", "dispatched": "n-lamp-3", "in_progress": "n-pipe-1", "resolved": "n-lamp-1"}
AFTER = {"dispatch": "dispatched", "claim": "in_progress", "resolve": "resolved", "return": "open", "rate": "resolved",
         "reopen": "open"}
LATER = "2024-05-01T10:00"


def _body(action: str) -> dict[str, Any]:
    body: dict[str, Any] = {"at": LATER, "by": "测试"}
    if action == "dispatch":
        body["partner"] = "pt-water"
    if action == "rate":
        body["rating"] = 4
    return body


@pytest.fixture(scope="module")
def lifecycle_dataset() -> Any:
    return load_dataset(FIXTURE)


@pytest.fixture
def client(lifecycle_dataset: Any, tmp_path: Path) -> Iterator[TestClient]:
    store = MemoryStore()
    store.apply(lifecycle_dataset.change_set())
    with TestClient(create_app(store, settings_for(tmp_path / "state"))) as c:
        yield c


CASES = [(status, action) for status in IN_STATUS for action in ACTIONS]


@pytest.mark.parametrize("status, action", CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_every_transition_is_allowed_or_refused(client: TestClient, status: str, action: str) -> None:
    need = IN_STATUS[status]
    before = client.get(f"/needs/{need}").json()
    response = client.post(f"/needs/{need}/{action}", json=_body(action), headers=AUTH)
    if status in ALLOWED_FROM[action]:
        assert response.status_code == 200, response.json()
        after = response.json()
        assert after["status"] == AFTER[action]
        event = after["history"][-1]
        assert (event["seq"], event["at"], event["action"], event["by"]) == (len(before["history"]) + 1, LATER, action, "测试")
        assert after["history"][:-1] == before["history"]
        assert event["partner"] == ("pt-water" if action == "dispatch" else before["current_partner"])
        if action == "resolve":
            assert after["resolved_by"] == before["current_partner"]
        if action in ("return", "reopen"):
            assert after["current_partner"] is None and after["resolved_by"] is None
    else:
        assert response.status_code == 409
        assert response.json()["status"] == status and response.json()["action"] == action
        assert client.get(f"/needs/{need}").json() == before


def test_a_bad_rating_reopens_and_the_need_can_be_dispatched_again(client: TestClient) -> None:
    rated = client.post("/needs/n-lamp-1/rate", json={"rating": 2, "reason": "又坏了", "at": LATER}, headers=AUTH).json()
    assert (rated["status"], rated["current_partner"], rated["resolved_by"]) == ("open", None, None)
    again = client.post("/needs/n-lamp-1/dispatch", json={"partner": "pt-fix", "at": LATER}, headers=AUTH).json()
    assert (again["status"], again["current_partner"]) == ("dispatched", "pt-fix")
    assert [e["action"] for e in again["history"]] == ["dispatch", "claim", "resolve", "rate", "rate", "dispatch"]


@pytest.mark.parametrize("need, action, body, field", [
    ("n-lamp-2", "dispatch", {}, "partner"),
    ("n-lamp-1", "rate", {}, "rating"),
    ("n-lamp-1", "rate", {"rating": 9}, "rating"),
    ("n-lamp-3", "claim", {"partner": "pt-water"}, "partner"),
    ("n-lamp-3", "claim", {"at": "2024-04-09"}, "at"),  # before its last event (and its report)
    ("n-lamp-3", "claim", {"at": "soon"}, "at"),
    ("n-lamp-3", "claim", {"rating": 3}, "rating"),
])
def test_values_that_break_a_rule_are_422_naming_the_field(client: TestClient, need: str, action: str, body: dict[str, Any], field: str) -> None:
    before = client.get("/stats").json()
    response = client.post(f"/needs/{need}/{action}", json=body, headers=AUTH)
    assert response.status_code == 422, response.json()
    assert response.json()["detail"][0]["loc"][-1] == field
    assert client.get("/stats").json() == before


def test_unknown_need_or_partner_is_404(client: TestClient) -> None:
    assert "n-lamp-1" in client.post("/needs/n-lamp-9/claim", json={}, headers=AUTH).json()["suggestions"]
    response = client.post("/needs/n-lamp-2/dispatch", json={"partner": "pt-watr"}, headers=AUTH)
    assert response.status_code == 404 and "pt-water" in response.json()["suggestions"]
    assert client.get("/needs/n-lamp-9").status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_needs_the_token(client: TestClient, lifecycle_dataset: Any, tmp_path: Path, action: str) -> None:
    before = client.get("/needs/n-lamp-2").json()
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = client.post(f"/needs/n-lamp-2/{action}", json=_body(action), headers=headers)
        assert response.status_code == 401
    store = MemoryStore()
    store.apply(lifecycle_dataset.change_set())
    with TestClient(create_app(store, settings_for(tmp_path / "ro", token=None))) as read_only:
        assert read_only.post(f"/needs/n-lamp-2/{action}", json=_body(action), headers=AUTH).status_code == 403
        assert read_only.get("/needs/n-lamp-2").status_code == 200
    assert client.get("/needs/n-lamp-2").json() == before


def test_patch_cannot_change_the_status_of_a_need_with_events(client: TestClient) -> None:
    response = client.patch("/needs/n-lamp-3", json={"status": "resolved", "resolved_by": "pt-fix"}, headers=AUTH)
    assert response.status_code == 409 and response.json()["status"] == "dispatched"
    assert client.get("/needs/n-lamp-3").json()["status"] == "dispatched"
    # a ledger row without events may still be corrected
    assert client.patch("/needs/n-repair-2", json={"status": "in_progress", "resolved_by": "pt-fix"}, headers=AUTH).status_code == 200


def test_a_ledger_need_starts_its_history_from_its_ledger_status(client: TestClient) -> None:
    # n-repair-1: in progress with pt-fix in the ledger, no events
    after = client.post("/needs/n-repair-1/resolve", json={"at": LATER}, headers=AUTH).json()
    assert [(e["action"], e["partner"], e["at"]) for e in after["history"]] == [
        ("dispatch", "pt-fix", "2024-03-01T00:00"), ("claim", "pt-fix", "2024-03-01T00:00"), ("resolve", "pt-fix", LATER)]
    assert after["history"][0]["reason"] == after["history"][1]["reason"] and after["history"][2]["reason"] is None
    # n-repair-2: open, no reported date: a report at the first event's time
    after = client.post("/needs/n-repair-2/dispatch", json={"partner": "f-east", "at": LATER}, headers=AUTH).json()
    assert [(e["action"], e["at"]) for e in after["history"]] == [("report", LATER), ("dispatch", LATER)]
    assert after["report_time"] == LATER


def test_need_detail(client: TestClient) -> None:
    detail = client.get("/needs/n-pipe-4").json()
    assert (detail["status"], detail["current_partner"], detail["respond_hours"], detail["resolve_days"]) == (
        "dispatched", "pt-fix", 4, 10)
    assert [(e["seq"], e["action"], e["partner"]) for e in detail["history"]] == [
        (1, "dispatch", "pt-water"), (2, "return", "pt-water"), (3, "dispatch", "pt-fix")]
    assert client.get("/needs/n-repair-1").json()["history"] == []


def test_lifecycle_writes_survive_a_restart(journaled_app: Callable[[], TestClient], tmp_path: Path) -> None:
    with journaled_app() as app:
        open_needs = [n["id"] for n in app.get("/needs", params={"status": "open", "limit": 1000}).json()["data"]]
        need = next(n for n in open_needs if not app.get(f"/needs/{n}").json()["history"])
        partner = app.get("/match", params={"need": need, "limit": 1}).json()["results"][0]["id"]
        assert app.post(f"/needs/{need}/dispatch", json={"partner": partner, "by": "街道派单员"}, headers=AUTH).status_code == 200
        assert app.post(f"/needs/{need}/claim", json={}, headers=AUTH).status_code == 200
        assert app.post(f"/needs/{need}/return", json={"reason": "人手不足"}, headers=AUTH).status_code == 200
        detail = app.get(f"/needs/{need}").json()
        stats = app.get("/stats").json()
    with journaled_app() as app:
        assert app.get(f"/needs/{need}").json() == detail
        assert app.get("/stats").json() == stats
    assert [e["action"] for e in detail["history"]][-3:] == ["dispatch", "claim", "return"] and detail["status"] == "open"
    journal = journal_path(bundled_dataset_path(), tmp_path / "state")
    records = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    assert all(r["change"]["detach"] == [[need, "RESOLVED_BY"]] for r in records)


def test_a_partner_s_load_counts_the_needs_it_has_now(client: TestClient) -> None:
    # pt-fix: n-lamp-3, n-pipe-1, n-pipe-4 (its last dispatch; pt-water's was returned) and n-repair-1 (ledger)
    assert client.get("/partners/pt-fix").json()["needs_in_progress"] == 4
    assert client.get("/partners/pt-water").json()["needs_in_progress"] == 0
    client.post("/needs/n-pipe-1/return", json={"at": LATER}, headers=AUTH)
    assert client.get("/partners/pt-fix").json()["needs_in_progress"] == 3


@pytest.mark.neo4j
def test_lifecycle_writes_on_neo4j_answer_as_on_the_embedded_store(neo4j_uri: str, lifecycle_dataset: Any, tmp_path: Path) -> None:
    from graph_model.stores.neo4j.store import Neo4jStore

    memory = MemoryStore()
    memory.apply(lifecycle_dataset.change_set())
    with Neo4jStore.from_settings(uri=neo4j_uri) as neo4j:
        neo4j.clear()
        neo4j.apply(lifecycle_dataset.change_set())
        with TestClient(create_app(memory, settings_for(tmp_path / "m"))) as mem, \
                TestClient(create_app(neo4j, settings_for(tmp_path / "n"))) as neo:
            steps = [("n-lamp-2", "dispatch", {"partner": "pt-power"}), ("n-lamp-2", "claim", {}),
                     ("n-repair-1", "resolve", {}), ("n-repair-1", "rate", {"rating": 1, "reason": "没修好"}),
                     ("n-pipe-4", "return", {"reason": "人手不足"}), ("n-lamp-3", "claim", {"partner": "pt-water"}),
                     ("n-lamp-1", "claim", {})]
            for need, action, body in steps:
                answers = [c.post(f"/needs/{need}/{action}", json={**body, "at": LATER}, headers=AUTH) for c in (mem, neo)]
                assert answers[0].status_code == answers[1].status_code
                assert answers[0].json() == answers[1].json()
            for path, params in (("/needs/n-repair-1", {}), ("/needs/n-lamp-2", {}), ("/stats", {}),
                                 ("/match", {"community": "c-east", "category": "lc-pipes", "limit": 10}),
                                 ("/gaps", {"kind": "need_overdue", "as_of": "2024-05-02"}),
                                 ("/partners/pt-fix", {})):
                assert neo.get(path, params=params).json() == mem.get(path, params=params).json(), path
            assert neo.get("/partners/pt-fix").json()["needs_in_progress"] == 2  # n-lamp-3 and n-pipe-1 (n-pipe-4 returned, n-repair-1 resolved)
