"""GET /rates, GET/POST /dispatch, GET /recommend and without= on /gaps, /match, /dispatch: the CLI's JSON, the token, the journal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph_model.planning.dispatch import propose_dispatch
from graph_model.planning.rates import three_rates
from graph_model.planning.recruitment import recruitment_plan
from graph_model.stores.memory.journaled_store import journal_path
from graph_model.stores.memory.store import MemoryStore
from loaders import bundled_dataset_path, load_dataset
from tests.api.conftest import AUTH, settings_for

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "planning_small"


@pytest.fixture(scope="module")
def dataset() -> Any:
    return load_dataset(FIXTURE)


@pytest.fixture
def store(dataset: Any) -> MemoryStore:
    s = MemoryStore()
    s.apply(dataset.change_set())
    return s


@pytest.fixture
def client(store: MemoryStore, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store, settings_for(tmp_path / "state"))) as c:
        yield c


def test_rates_answer_as_the_library(client: TestClient, store: MemoryStore) -> None:
    for by in ("subdistrict", "community", "partner"):
        got = client.get("/rates", params={"by": by, "from": "2024-03-01", "to": "2024-04-30"})
        assert got.status_code == 200
        assert got.json() == three_rates(store, by=by, date_from="2024-03-01", date_to="2024-04-30").as_dict()  # type: ignore[arg-type]
    assert client.get("/rates", params={"by": "street"}).status_code == 422
    assert client.get("/rates", params={"from": "yesterday"}).status_code == 422


def test_dispatch_proposal_and_what_if(client: TestClient, store: MemoryStore) -> None:
    got = client.get("/dispatch").json()
    assert got == propose_dispatch(store).as_dict()
    assert got["assigned"] == 4 and got["greedy"] == {"assigned": 3, "total_score": 1.98}
    assert client.get("/dispatch", params={"without": "p-w,p-y"}).json()["assigned"] == 3
    assert client.get("/dispatch", params=[("without", "p-w"), ("without", "p-y")]).json()["assigned"] == 3
    assert client.get("/dispatch", params={"community": "c2"}).json()["assigned"] == 1
    assert client.get("/dispatch", params={"without": "nobody"}).status_code == 404


def test_recommend(client: TestClient, store: MemoryStore) -> None:
    assert client.get("/recommend", params={"k": 1}).json() == recruitment_plan(store, k=1).as_dict()
    one = client.get("/recommend", params={"k": 2, "subdistrict": "sd-b", "per_partner": 1}).json()
    assert [s["id"] for s in one["subdistricts"]] == ["sd-b"] and one["subdistricts"][0]["value"] == 2
    assert client.get("/recommend").status_code == 422  # k is required
    assert client.get("/recommend", params={"k": 1, "subdistrict": "sd-nowhere"}).status_code == 404


def test_gaps_and_match_without(client: TestClient) -> None:
    gaps = client.get("/gaps", params={"without": ["p-z", "p-v"], "kind": ["need_without_resolver", "community_without_partner"]}).json()
    assert gaps["without"] == ["p-v", "p-z"]
    assert sorted((g["kind"], g["subject"]) for g in gaps["opened"]) == [
        ("community_without_partner", "c3"), ("need_without_resolver", "n-d2")]
    assert gaps["closed"] == []
    assert "opened" not in client.get("/gaps").json()
    assert [r["id"] for r in client.get("/match", params={"need": "n-d4", "without": "p-x"}).json()["results"]] == ["p-z"]


def test_post_dispatch_needs_the_token_and_applies(client: TestClient) -> None:
    assert client.post("/dispatch").status_code == 401
    before = client.get("/dispatch").json()
    applied = client.post("/dispatch", headers=AUTH)
    assert applied.status_code == 200 and applied.json() == before
    for a in before["assignments"]:
        detail = client.get(f"/needs/{a['need']}").json()
        assert detail["status"] == "dispatched" and detail["current_partner"] == a["candidate"]
        assert detail["history"][-1]["action"] == "dispatch" and detail["history"][-1]["reason"] == "派单方案"
    after = client.get("/dispatch").json()
    assert after["assigned"] == 0 and after["unassigned"] == [{"need": "n-none", "reason": "no_candidate"}]


def test_post_dispatch_is_refused_without_writes(tmp_path: Path, store: MemoryStore) -> None:
    with TestClient(create_app(store, settings_for(tmp_path / "state", token=None))) as c:
        assert c.post("/dispatch", headers=AUTH).status_code == 403
    assert store.get("n-d1").props["status"] == "open"  # type: ignore[union-attr]


def test_applied_dispatch_is_journaled_and_survives_a_restart(journaled_app: Callable[[], TestClient], tmp_path: Path) -> None:
    with journaled_app() as app:
        proposal = app.get("/dispatch").json()
        assert app.post("/dispatch", headers=AUTH).status_code == 200
        statuses = {a["need"]: app.get(f"/needs/{a['need']}").json()["status"] for a in proposal["assignments"]}
    with journaled_app() as app:
        assert {n: app.get(f"/needs/{n}").json()["status"] for n in statuses} == statuses
        assert set(statuses.values()) == {"dispatched"}
    journal = journal_path(bundled_dataset_path(), tmp_path / "state")
    records = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert len(records) == proposal["assigned"]
