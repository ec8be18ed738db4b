"""API writes with hostile values (issue 16, low items): the dataset rules refuse them with 422, as in a file."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import AUTH

BASE = {"name": "测试书店", "sector": "enterprise", "community": "c-beiyuan"}


def test_the_api_refuses_the_same_values_with_422(writer: TestClient) -> None:
    base = BASE
    for body in ({**base, "id": "p-big", "capacity": 10**19}, {**base, "id": "p-big", "capacity": 1e19},
                 {**base, "id": "p\u200bbig", "capacity": 2}):
        response = writer.post("/partners", json=body, headers=AUTH)
        assert response.status_code == 422, body
    response = writer.post("/partners", json={**base, "id": "p-ok", "name": "测试\u200b书店", "capacity": 2}, headers=AUTH)
    assert response.status_code == 201 and response.json()["name"] == "测试书店"
