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


def test_a_need_with_a_number_past_the_bound_is_422(writer: TestClient) -> None:
    body = {"id": "n-big", "name": "测试诉求", "community": "c-beiyuan", "category": "escort", "households_affected": 10**19}
    response = writer.post("/needs", json=body, headers=AUTH)
    assert response.status_code == 422
    assert "9,007,199,254,740,991" in response.text
    assert writer.post("/needs", json={**body, "households_affected": 2**53 - 1}, headers=AUTH).status_code == 201
