"""Writes: the token guard, the dataset rules (404/409/422), the size limit, and that a write counts at once."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore
from tests.api.conftest import AUTH, TOKEN, settings_for

NEW_PARTNER = {"id": "p-test-bookshop", "name": "测试书店", "sector": "enterprise", "community": "c-beiyuan", "capacity": 2}
WRITES = [
    ("post", "/partners", NEW_PARTNER),
    ("post", "/co-buildings", {"source": "p-ent-daokang", "target": "c-huafu"}),
    ("post", "/offers", {"source": "p-ent-daokang", "target": "escort"}),
    ("post", "/needs", {"id": "n-test", "name": "测试诉求", "community": "c-beiyuan", "category": "escort"}),
    ("patch", "/needs/n-beiyuan-02", {"status": "resolved"}),
]


def gap_subjects(client: TestClient, kind: str) -> list[str]:
    return [g["subject"] for g in client.get("/gaps", params={"kind": kind}).json()["gaps"]]


# -- the token guard -------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_no_token_configured_refuses_every_write_with_403(
    reader: TestClient, daoyi_store: MemoryStore, method: str, path: str, body: dict[str, object]
) -> None:
    before = daoyi_store.stats()
    response = reader.request(method, path, json=body, headers=AUTH)
    assert response.status_code == 403
    assert "LINLI_API_TOKEN" in response.json()["detail"]
    assert daoyi_store.stats() == before


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}])
@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_missing_or_wrong_token_is_401(
    writer: TestClient, method: str, path: str, body: dict[str, object], headers: dict[str, str]
) -> None:
    before = writer.get("/stats").json()
    response = writer.request(method, path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert writer.get("/stats").json() == before


def test_reads_need_no_token(writer: TestClient) -> None:
    assert writer.get("/partners", headers={"Authorization": "Bearer wrong"}).status_code == 200


# -- partners --------------------------------------------------------------------------------------------


def test_create_partner_then_read_it(writer: TestClient) -> None:
    response = writer.post("/partners", json={**NEW_PARTNER, "note": "周末开放"}, headers=AUTH)
    assert response.status_code == 201
    body = response.json()
    assert (body["id"], body["community"], body["community_name"], body["capacity"]) == ("p-test-bookshop", "c-beiyuan", "北苑社区", 2)
    assert body["extra"] == {"note": "周末开放"}
    assert writer.get("/partners/p-test-bookshop").json() == body
    assert "p-test-bookshop" in [p["id"] for p in writer.get("/partners", params={"community": "c-beiyuan"}).json()["data"]]


def test_creating_an_existing_id_is_409_whatever_its_kind(writer: TestClient) -> None:
    assert writer.post("/partners", json=NEW_PARTNER, headers=AUTH).status_code == 201
    again = writer.post("/partners", json=NEW_PARTNER, headers=AUTH)
    assert again.status_code == 409 and "p-test-bookshop" in again.json()["detail"]
    clash = writer.post("/partners", json={**NEW_PARTNER, "id": "c-beiyuan"}, headers=AUTH)
    assert clash.status_code == 409 and "Community" in clash.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sector": "enterprize"}, "sector"),
        ({"capacity": 0}, "capacity"),
        ({"community": "sd-daoyi"}, "community"),  # exists, but a Subdistrict
        ({"id": "   "}, "id"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_partner_values_are_422_naming_the_field(writer: TestClient, change: dict[str, object], field: str) -> None:
    before = writer.get("/stats").json()
    response = writer.post("/partners", json={**NEW_PARTNER, **change}, headers=AUTH)
    assert response.status_code == 422
    assert [p["loc"] for p in response.json()["detail"]] == [["body", field]]
    assert writer.get("/stats").json() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [({**NEW_PARTNER, "capacity": "many"}, "capacity"), ({**NEW_PARTNER, "secter": "x"}, "secter"), ({"id": "p-x", "name": "x"}, "sector")],
)
def test_wrong_json_types_and_unknown_fields_are_422(writer: TestClient, body: dict[str, object], field: str) -> None:
    response = writer.post("/partners", json=body, headers=AUTH)
    assert response.status_code == 422
    assert field in [e["loc"][-1] for e in response.json()["detail"]]


def test_unknown_reference_is_404_with_suggestions(writer: TestClient) -> None:
    response = writer.post("/partners", json={**NEW_PARTNER, "community": "c-beiyun"}, headers=AUTH)
    assert response.status_code == 404
    assert response.json()["suggestions"][0] == "c-beiyuan"
    assert writer.get("/partners/p-test-bookshop").status_code == 404


# -- co-buildings and offers -------------------------------------------------------------------------------


def test_a_new_co_building_closes_the_community_without_partner_gap(writer: TestClient) -> None:
    lonely = gap_subjects(writer, "community_without_partner")
    assert lonely, "Daoyi has communities without a partner"
    community = lonely[0]
    response = writer.post(
        "/co-buildings", json={"source": "p-ent-daokang", "target": community, "since": "2024-6-1", "projects": ["义诊", "送药"]}, headers=AUTH
    )
    assert response.status_code == 201
    assert response.json() == {"source": "p-ent-daokang", "target": community, "since": "2024-06-01", "projects": ["义诊", "送药"]}
    assert gap_subjects(writer, "community_without_partner") == lonely[1:]
    agreements = writer.get(f"/communities/{community}").json()["agreements"]
    assert [a["partner"] for a in agreements] == ["p-ent-daokang"]
    offered = writer.get("/partners/p-ent-daokang").json()["offers"][0]["category"]
    best = writer.get("/match", params={"community": community, "category": offered, "limit": 50}).json()["results"]
    daokang = next(r for r in best if r["id"] == "p-ent-daokang")
    assert daokang["tie"] == 1.0 and any("共建协议" in reason for reason in daokang["reasons"])


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"source": "p-nope", "target": "c-huafu"}, 404, None),
        ({"source": "p-ent-daokang", "target": "c-nope"}, 404, None),
        ({"source": "c-beiyuan", "target": "c-huafu"}, 422, "source"),  # a Community cannot co-build
        ({"source": "p-ent-daokang", "target": "c-huafu", "since": "2024-13-01"}, 422, "since"),
        ({"source": "p-ent-daokang", "target": "c-huafu", "projects": ["a;b"]}, 422, "projects"),
    ],
)
def test_bad_co_buildings(writer: TestClient, body: dict[str, object], status: int, field: str | None) -> None:
    response = writer.post("/co-buildings", json=body, headers=AUTH)
    assert response.status_code == status
    if field is not None:
        assert [p["loc"] for p in response.json()["detail"]] == [["body", field]]


def test_an_existing_co_building_is_409(writer: TestClient, daoyi_store: MemoryStore) -> None:
    existing = daoyi_store.relationships("p-ent-daokang", types=[RelType.CO_BUILDS], direction="out")[0]
    response = writer.post("/co-buildings", json={"source": existing.source, "target": existing.target}, headers=AUTH)
    assert response.status_code == 409


def test_a_new_offer_appears_in_match_with_the_spec_score(writer: TestClient) -> None:
    assert writer.post("/partners", json=NEW_PARTNER, headers=AUTH).status_code == 201
    query = {"community": "c-beiyuan", "category": "escort", "limit": 100}
    assert "p-test-bookshop" not in [r["id"] for r in writer.get("/match", params=query).json()["results"]]
    response = writer.post("/offers", json={"source": "p-test-bookshop", "target": "escort", "note": "陪诊志愿"}, headers=AUTH)
    assert response.status_code == 201 and response.json()["note"] == "陪诊志愿"
    found = next(r for r in writer.get("/match", params=query).json()["results"] if r["id"] == "p-test-bookshop")
    # fit 1 (offers escort itself), tie 0.7 (located in c-beiyuan), record 0, capacity (2-0)/2 = 1
    assert (found["fit"], found["tie"], found["record"], found["capacity"]) == (1.0, 0.7, 0.0, 1.0)
    assert found["score"] == round(0.4 * 1.0 + 0.3 * 0.7 + 0.2 * 0 + 0.1 * 1.0, 4)
    assert "提供陪诊陪护（陪诊志愿）" in found["reasons"]
    assert writer.post("/offers", json={"source": "p-test-bookshop", "target": "escort"}, headers=AUTH).status_code == 409


def test_offers_by_a_facility_and_not_by_a_community(writer: TestClient) -> None:
    assert writer.post("/offers", json={"source": "f-sc-beiyuan", "target": "housekeeping"}, headers=AUTH).status_code == 201
    wrong = writer.post("/offers", json={"source": "c-beiyuan", "target": "housekeeping"}, headers=AUTH)
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["body", "source"]
    assert writer.post("/offers", json={"source": "f-sc-beiyuan", "target": "housekeepin"}, headers=AUTH).status_code == 404


# -- needs ----------------------------------------------------------------------------------------------------


def test_create_need_then_resolve_and_unresolve_it(writer: TestClient) -> None:
    body = {"id": "n-test", "name": "楼道灯坏了", "community": "c-beiyuan", "category": "public_facilities", "reported": "2024/9/2"}
    created = writer.post("/needs", json=body, headers=AUTH)
    assert created.status_code == 201
    assert (created.json()["status"], created.json()["reported"]) == ("open", "2024-09-02")
    assert "n-test" in [n["id"] for n in writer.get("/needs", params={"community": "c-beiyuan", "status": "open", "limit": 1000}).json()["data"]]

    patched = writer.patch("/needs/n-test", json={"status": "in_progress", "resolved_by": "p-ent-daokang"}, headers=AUTH)
    assert patched.status_code == 200
    assert (patched.json()["status"], patched.json()["resolved_by"], patched.json()["reported"]) == ("in_progress", "p-ent-daokang", "2024-09-02")
    assert writer.get("/partners/p-ent-daokang").json()["needs_in_progress"] >= 1

    moved = writer.patch("/needs/n-test", json={"resolved_by": "f-sc-beiyuan"}, headers=AUTH).json()
    assert (moved["status"], moved["resolved_by"]) == ("in_progress", "f-sc-beiyuan")  # replaced, not added
    cleared = writer.patch("/needs/n-test", json={"resolved_by": None}, headers=AUTH).json()
    assert cleared["resolved_by"] is None
    listed = next(n for n in writer.get("/needs", params={"status": "in_progress", "limit": 1000}).json()["data"] if n["id"] == "n-test")
    assert listed == cleared


def test_patch_keeps_what_it_does_not_name(writer: TestClient, daoyi_store: MemoryStore) -> None:
    need = next(n for n in daoyi_store.find(NodeKind.NEED, status="resolved"))
    before = writer.get("/needs", params={"status": "resolved", "limit": 1000}).json()["data"]
    original = next(n for n in before if n["id"] == need.id)
    after = writer.patch(f"/needs/{need.id}", json={"status": "in_progress"}, headers=AUTH).json()
    assert after == {**original, "status": "in_progress"}


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("/needs/n-nope", {"status": "resolved"}, 404, None),
        ("/needs/c-beiyuan", {"status": "resolved"}, 404, None),
        ("/needs/n-beiyuan-02", {"status": "done"}, 422, "status"),
        ("/needs/n-beiyuan-02", {"status": None}, 422, "status"),
        ("/needs/n-beiyuan-02", {"resolved_by": "p-nope"}, 404, None),
        ("/needs/n-beiyuan-02", {"resolved_by": "c-beiyuan"}, 422, "resolved_by"),
    ],
)
def test_bad_need_patches(writer: TestClient, path: str, body: dict[str, object], status: int, field: str | None) -> None:
    response = writer.patch(path, json=body, headers=AUTH)
    assert response.status_code == status
    if field is not None:
        assert [p["loc"] for p in response.json()["detail"]] == [["body", field]]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"category": "nope"}, 404, None),
        ({"community": "p-ent-daokang"}, 422, "community"),
        ({"status": "pending"}, 422, "status"),
        ({"households_affected": -3}, 422, "households_affected"),
        ({"source": "wechat"}, 422, "source"),
        ({"reported": "yesterday"}, 422, "reported"),
        ({"id": "n-beiyuan-01"}, 409, None),
    ],
)
def test_bad_new_needs(writer: TestClient, change: dict[str, object], status: int, field: str | None) -> None:
    body = {"id": "n-test", "name": "测试诉求", "community": "c-beiyuan", "category": "escort", **change}
    response = writer.post("/needs", json=body, headers=AUTH)
    assert response.status_code == status
    if field is not None:
        assert [p["loc"] for p in response.json()["detail"]] == [["body", field]]


# -- limits and concurrency -------------------------------------------------------------------------------------


def test_bodies_over_the_limit_are_413_declared_or_chunked(writer: TestClient) -> None:
    huge = {**NEW_PARTNER, "note": "长" * 30_000}  # 90 KB of UTF-8
    response = writer.post("/partners", json=huge, headers=AUTH)
    assert response.status_code == 413 and "detail" in response.json()

    def chunks():  # no Content-Length: sent chunked
        yield b'{"id": "p-chunked", "name": "x", "sector": "other", "note": "'
        for _ in range(20):
            yield b"x" * 4096
        yield b'"}'

    response = writer.post("/partners", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert writer.get("/partners/p-chunked").status_code == 404


def test_the_body_limit_is_a_setting(fresh_store: MemoryStore, tmp_path) -> None:  # noqa: ANN001
    client = TestClient(create_app(fresh_store, settings_for(tmp_path, max_body_bytes=100)))
    assert client.post("/partners", json={**NEW_PARTNER, "note": "x" * 100}, headers=AUTH).status_code == 413
    assert client.post("/partners", json={"id": "p-s", "name": "s", "sector": "other"}, headers=AUTH).status_code == 201


def test_concurrent_creates_of_one_id_let_exactly_one_through(writer: TestClient) -> None:
    statuses: list[int] = []
    barrier = threading.Barrier(8)

    def post() -> None:
        barrier.wait()
        statuses.append(writer.post("/partners", json=NEW_PARTNER, headers=AUTH).status_code)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [409] * 7


# -- ids made for a secretary who leaves them out ---------------------------------------------------------------


def test_a_need_without_an_id_is_numbered_as_its_communitys_needs_are(writer: TestClient) -> None:
    listed = writer.get("/needs", params={"community": "c-beiyuan", "limit": 1000}).json()["data"]
    last = max(int(n["id"].removeprefix("n-beiyuan-")) for n in listed if n["id"].removeprefix("n-beiyuan-").isdigit())
    made = []
    for name in ("楼道灯坏了", "单元门禁失灵"):
        created = writer.post("/needs", json={"name": name, "community": "北苑社区", "category": "public_facilities"}, headers=AUTH)
        assert created.status_code == 201, created.text
        made.append(created.json()["id"])
    assert made == [f"n-beiyuan-{last + 1:02d}", f"n-beiyuan-{last + 2:02d}"]
    assert writer.get(f"/needs/{made[1]}").json()["name"] == "单元门禁失灵"
    fresh = writer.post("/needs", json={"name": "第一件诉求", "community": "c-zhangjia", "category": "escort"}, headers=AUTH).json()
    assert fresh["id"].startswith("n-zhangjia-") and fresh["community"] == "c-zhangjia"


def test_a_partner_without_an_id_is_named_by_its_pinyin(writer: TestClient) -> None:
    body = {"name": "新华书店", "sector": "enterprise", "community": "c-beiyuan"}
    first = writer.post("/partners", json=body, headers=AUTH)
    second = writer.post("/partners", json=body, headers=AUTH)  # the same name again: a second partner, told apart
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.json()["id"], second.json()["id"]) == ("p-xinhuashudian", "p-xinhuashudian-2")
    assert writer.get("/partners/p-xinhuashudian-2").json()["community"] == "c-beiyuan"


def test_concurrent_needs_without_ids_each_get_their_own(writer: TestClient) -> None:
    made: list[str] = []
    barrier = threading.Barrier(8)

    def post(number: int) -> None:
        barrier.wait()
        response = writer.post("/needs", json={"name": f"同时登记{number}", "community": "c-huafu", "category": "escort"}, headers=AUTH)
        assert response.status_code == 201
        made.append(response.json()["id"])

    threads = [threading.Thread(target=post, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 8 and all(m.startswith("n-huafu-") for m in made)
