"""Names wherever an id is expected (reads and writes, by the lookup's rules), and answers in the asked language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import AUTH

EN = {"Accept-Language": "en-US,en;q=0.9"}


# -- names in writes -------------------------------------------------------------------------------


def test_a_need_written_with_names_stores_their_ids(writer: TestClient) -> None:
    body = {"id": "n-test-names", "name": "北苑老人陪诊", "community": "北苑社区", "category": "陪诊"}
    response = writer.post("/needs", json=body, headers=AUTH)
    assert response.status_code == 201, response.json()
    assert (response.json()["community"], response.json()["category"]) == ("c-beiyuan", "escort")
    patched = writer.patch("/needs/北苑老人陪诊", json={"status": "in_progress", "resolved_by": "道义派出所"}, headers=AUTH)
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["id"], patched.json()["resolved_by"]) == ("n-test-names", "p-police-daoyi")


def test_relationships_and_partners_accept_names_and_pinyin(writer: TestClient) -> None:
    response = writer.post("/co-buildings", json={"source": "沈阳师范大学", "target": "bysq"}, headers=AUTH)
    assert response.status_code == 201, response.json()
    assert (response.json()["source"], response.json()["target"]) == ("p-univ-shenshi", "c-beiyuan")
    offer = writer.post("/offers", json={"source": "尹家法庭", "target": "陪诊"}, headers=AUTH)
    assert offer.status_code == 201 and offer.json()["target"] == "escort"
    again = writer.post("/offers", json={"source": "尹家法庭", "target": "矛盾调解"}, headers=AUTH)
    assert again.status_code == 409  # it offers mediation already: the names named the same relationship
    partner = writer.post("/partners", json={"id": "p-test-n", "name": "测试", "sector": "enterprise", "community": "俪景"}, headers=AUTH)
    assert partner.status_code == 201 and partner.json()["community"] == "c-lijing"


def test_an_ambiguous_name_is_422_listing_the_candidates_and_nothing_is_written(writer: TestClient) -> None:
    before = writer.get("/needs").json()["count"]
    body = {"id": "n-test-amb", "name": "测试", "community": "社区", "category": "escort"}
    response = writer.post("/needs", json=body, headers=AUTH)
    assert response.status_code == 422
    candidates = response.json()["candidates"]
    assert len(candidates) == 10 and all(c["context"] == "道义街道" for c in candidates)
    assert "c-beiyuan" in [c["id"] for c in candidates] and "请改用编号指明" in response.json()["detail"]
    assert writer.get("/needs").json()["count"] == before


def test_an_unknown_name_is_404_with_the_nearest_ids_and_names(writer: TestClient) -> None:
    response = writer.post("/needs", json={"id": "n-x", "name": "测试", "community": "北院社区", "category": "escort"}, headers=AUTH)
    assert response.status_code == 404
    assert response.json()["suggestions"][0] == "c-beiyuan"
    assert response.json()["candidates"][0] == {"id": "c-beiyuan", "name": "北苑社区", "context": None}


def test_an_id_of_another_kind_is_still_a_dataset_rule_422(writer: TestClient) -> None:
    response = writer.post("/needs", json={"id": "n-x", "name": "测试", "community": "sd-daoyi", "category": "escort"}, headers=AUTH)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "community"]


def test_a_dataset_rule_keeps_its_json_fields_and_words_its_text_in_the_asked_language(writer: TestClient) -> None:
    body = {"id": "n-x", "name": "测试", "community": "sd-daoyi", "category": "escort"}
    chinese = writer.post("/needs", json=body, headers=AUTH)
    english = writer.post("/needs", json=body, headers={**AUTH, **EN})
    assert chinese.status_code == english.status_code == 422
    zh, en = chinese.json(), english.json()
    assert list(zh) == list(en) and [list(p) for p in zh["detail"]] == [list(p) for p in en["detail"]]
    assert [(p["loc"], p["type"], p["input"]) for p in zh["detail"]] == [(p["loc"], p["type"], p["input"]) for p in en["detail"]]
    assert zh["detail"][0]["msg"] == "应为：社区的编号，但 'sd-daoyi' 是街道"
    assert en["detail"][0]["msg"] == "expected the id of a Community, but 'sd-daoyi' is a Subdistrict"


# -- names in reads --------------------------------------------------------------------------------


def test_reads_accept_names_too(reader: TestClient) -> None:
    assert reader.get("/communities/北苑社区").json()["id"] == "c-beiyuan"
    assert reader.get("/partners/道义派出所").json()["id"] == "p-police-daoyi"
    assert reader.get("/needs", params={"community": "北苑"}).json()["count"] == reader.get(
        "/needs", params={"community": "c-beiyuan"}).json()["count"]
    found = reader.get("/match", params={"community": "北苑", "category": "养老服务"}).json()
    assert (found["community"], found["category"]) == ("c-beiyuan", "elderly")
    assert {r["fit"] for r in found["results"]} <= {1.0, 0.8}  # asking for the parent finds its subcategories


@pytest.mark.parametrize("kind", ["诉求无人可解", "need without resolver", "need_without_resolver"])
def test_gap_kinds_by_either_title(reader: TestClient, kind: str) -> None:
    response = reader.get("/gaps", params={"kind": kind})
    assert response.status_code == 200
    assert list(response.json()["summary"]) == ["need_without_resolver"]


def test_an_unknown_gap_kind_is_422_naming_the_choices(reader: TestClient) -> None:
    response = reader.get("/gaps", params={"kind": "网格无党支布"}, headers=EN)
    assert response.status_code == 422
    assert "grid_without_branch" in response.json()["detail"]


# -- the language ----------------------------------------------------------------------------------


def test_chinese_by_default_english_on_request(reader: TestClient) -> None:
    query = {"community": "c-beiyuan", "category": "elderly_meals", "limit": 1}
    zh = reader.get("/match", params=query)
    en = reader.get("/match", params=query, headers=EN)
    assert zh.headers["content-language"] == "zh-CN" and en.headers["content-language"] == "en"
    assert "Accept-Language" in en.headers["vary"]
    assert zh.json()["results"][0]["reasons"][0].startswith("提供")
    assert en.json()["results"][0]["reasons"][0].startswith("offers ")
    assert list(zh.json()) == list(en.json()) and zh.json()["results"][0]["kind"] == en.json()["results"][0]["kind"]


def test_gap_details_and_error_bodies_follow_the_language(reader: TestClient) -> None:
    zh = reader.get("/gaps", params={"kind": "grid_without_fulltime_worker"}).json()["gaps"][0]["detail"]
    en = reader.get("/gaps", params={"kind": "grid_without_fulltime_worker"}, headers=EN).json()["gaps"][0]["detail"]
    assert "专职网格员" in zh and "full-time" in en and zh != en
    assert reader.get("/communities/c-nowhere").json()["detail"].startswith("未知的社区")
    assert reader.get("/communities/c-nowhere", headers=EN).json()["detail"].startswith("unknown community")
    ambiguous = reader.get("/match", params={"community": "社区", "category": "escort"}, headers=EN)
    assert ambiguous.status_code == 422 and "fits 16 candidates" in ambiguous.json()["detail"]  # every …社区
    assert len(ambiguous.json()["candidates"]) == 10  # listed: the first ten


def test_the_language_of_one_request_does_not_leak_into_the_next(reader: TestClient) -> None:
    reader.get("/match", params={"community": "c-beiyuan", "category": "escort"}, headers=EN)
    assert reader.get("/communities/c-nowhere").json()["detail"].startswith("未知的社区")
