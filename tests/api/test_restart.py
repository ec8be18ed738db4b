"""What the API acknowledged survives a restart: its writes are journaled and replayed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from graph_model.stores.memory.journaled_store import journal_path
from loaders import bundled_dataset_path
from tests.api.conftest import AUTH


def test_writes_through_the_api_survive_a_restart(journaled_app: Callable[[], TestClient], tmp_path: Path) -> None:
    with journaled_app() as client:
        assert client.post("/partners", json={"id": "p-kept", "name": "留存", "sector": "other", "community": "c-beiyuan"}, headers=AUTH).status_code == 201
        assert client.patch("/needs/n-beiyuan-02", json={"status": "resolved", "resolved_by": "p-kept"}, headers=AUTH).status_code == 200
        assert client.patch("/needs/n-beiyuan-02", json={"resolved_by": None}, headers=AUTH).status_code == 200
        before = client.get("/stats").json()
        need = client.get("/needs", params={"status": "resolved", "limit": 1000}).json()
    with journaled_app() as client:
        assert client.get("/partners/p-kept").json()["community"] == "c-beiyuan"
        assert client.get("/stats").json() == before
        assert client.get("/needs", params={"status": "resolved", "limit": 1000}).json() == need
    journal = journal_path(bundled_dataset_path(), tmp_path / "state")
    records = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert [r["change"]["detach"] for r in records] == [[], [["n-beiyuan-02", "RESOLVED_BY"]], [["n-beiyuan-02", "RESOLVED_BY"]]]
    assert not any(p.is_relative_to(bundled_dataset_path()) for p in tmp_path.rglob("*.jsonl"))
