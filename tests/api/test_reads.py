"""Every read route over the Daoyi dataset: shapes, filters, paging, the CLI's JSON, 404s and 422s."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cli.app import app as cli_app
from graph_model.queries import coverage_gaps, match, propose_mentor_pairs
from graph_model.schema import NodeKind, RelType
from graph_model.stores.memory.store import MemoryStore

CLI_ENV = {"LINLI_NEO4J_URI": None, "NO_COLOR": "1"}


def cli_json(*args: str) -> object:
    """What ``linli <args> --json`` prints, parsed (the bundled dataset)."""
    result = CliRunner().invoke(cli_app, [*args, "--json"], env=CLI_ENV)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- service ---------------------------------------------------------------------------------


def test_health_names_the_backend(reader: TestClient) -> None:
    response = reader.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "backend": "memory"}


def test_stats_is_the_json_of_linli_stats(reader: TestClient, daoyi_store: MemoryStore) -> None:
    body = reader.get("/stats").json()
    assert body == daoyi_store.stats().as_dict()
    assert body == cli_json("stats")


def test_openapi_docs_carry_examples_and_the_bearer_scheme(reader: TestClient) -> None:
    assert reader.get("/docs").status_code == 200
    spec = reader.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"PartnerCreate", "PartnerPublic", "PartnerDetail", "NeedCreate", "NeedUpdate", "MatchReportPublic"} <= set(schemas)
    assert schemas["PartnerCreate"]["examples"][0]["sector"] == "enterprise"
    assert "enterprise" in schemas["PartnerCreate"]["properties"]["sector"]["description"]
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    post = spec["paths"]["/partners"]["post"]
    assert {"401", "403", "404", "409", "413", "422"} <= set(post["responses"])
    assert "security" in post  # reads take a token too (a scoped or people token reads what it may)


# -- communities --------------------------------------------------------------------------------


def test_communities_list_pages_and_counts(reader: TestClient, daoyi_store: MemoryStore) -> None:
    everyone = daoyi_store.ids(NodeKind.COMMUNITY)
    first = reader.get("/communities", params={"limit": 5}).json()
    second = reader.get("/communities", params={"limit": 5, "offset": 5}).json()
    assert first["count"] == second["count"] == len(everyone)
    assert [c["id"] for c in first["data"] + second["data"]] == everyone[:10]
    beiyuan = next(c for c in reader.get("/communities", params={"limit": 1000}).json()["data"] if c["id"] == "c-beiyuan")
    assert (beiyuan["name"], beiyuan["type"], beiyuan["subdistrict"]) == ("北苑社区", "urban", "sd-daoyi")


def test_community_detail_lists_what_hangs_off_it(reader: TestClient, daoyi_store: MemoryStore) -> None:
    body = reader.get("/communities/c-beiyuan").json()
    assert body["subdistrict_name"] == "道义街道"
    grids = [r.target for r in daoyi_store.relationships("c-beiyuan", types=[RelType.HAS_GRID], direction="out")]
    assert [g["id"] for g in body["grids"]] == sorted(grids)
    partners = [r.source for r in daoyi_store.relationships("c-beiyuan", types=[RelType.CO_BUILDS], direction="in")]
    assert [a["partner"] for a in body["agreements"]] == sorted(partners)
    needs = [r.target for r in daoyi_store.relationships("c-beiyuan", types=[RelType.HAS_NEED], direction="out")]
    assert sum(body["needs"].values()) == len(needs)
    assert set(body["needs"]) == {"open", "dispatched", "in_progress", "resolved"}
    assert body["party_org"]["id"].startswith("po-")
    assert "Person" not in json.dumps(body) and "ps-" not in json.dumps(body)


def test_unknown_community_is_404_with_suggestions(reader: TestClient) -> None:
    response = reader.get("/communities/c-beiyun")
    assert response.status_code == 404
    assert response.json()["suggestions"][0] == "c-beiyuan"
    assert "c-beiyun" in response.json()["detail"]
    assert reader.get("/communities/sd-daoyi").status_code == 404  # an id of another kind


# -- partners --------------------------------------------------------------------------------------


def test_partners_filter_by_sector_and_community(reader: TestClient, daoyi_store: MemoryStore) -> None:
    courts = reader.get("/partners", params={"sector": "court"}).json()
    expected = [n.id for n in daoyi_store.find(NodeKind.PARTNER, sector="court")]
    assert [p["id"] for p in courts["data"]] == expected and courts["count"] == len(expected)
    located = reader.get("/partners", params={"community": "c-huafu"}).json()["data"]
    assert located and all(p["community"] == "c-huafu" for p in located)
    assert reader.get("/partners", params={"community": "c-nowhere"}).status_code == 404
    assert reader.get("/partners", params={"limit": 0}).status_code == 422


def test_partner_detail_has_offers_agreements_and_community(reader: TestClient, daoyi_store: MemoryStore) -> None:
    body = reader.get("/partners/p-ent-daokang").json()
    offers = daoyi_store.relationships("p-ent-daokang", types=[RelType.OFFERS], direction="out")
    assert [o["category"] for o in body["offers"]] == sorted(r.target for r in offers)
    agreements = daoyi_store.relationships("p-ent-daokang", types=[RelType.CO_BUILDS], direction="out")
    assert [a["community"] for a in body["agreements"]] == sorted(r.target for r in agreements)
    assert body["agreements"][0]["community_name"].endswith(("社区", "村"))
    located = daoyi_store.relationships("p-ent-daokang", types=[RelType.LOCATED_IN], direction="out")
    assert body["community"] == located[0].target
    assert body["community_name"] == daoyi_store.get(located[0].target).name


def test_partner_detail_404_for_a_facility_or_a_typo(reader: TestClient) -> None:
    assert reader.get("/partners/f-sc-beiyuan").status_code == 404
    response = reader.get("/partners/p-ent-dokang")
    assert response.status_code == 404 and "p-ent-daokang" in response.json()["suggestions"]


# -- needs and categories ------------------------------------------------------------------------------


def test_needs_filters_combine(reader: TestClient, daoyi_store: MemoryStore) -> None:
    every = reader.get("/needs", params={"limit": 1000}).json()
    assert every["count"] == len(daoyi_store.ids(NodeKind.NEED))
    resolved = reader.get("/needs", params={"status": "resolved", "limit": 1000}).json()["data"]
    assert resolved and all(n["status"] == "resolved" and n["resolved_by"] for n in resolved)
    sample = resolved[0]
    narrowed = reader.get(
        "/needs", params={"community": sample["community"], "category": sample["category"], "status": "resolved"}
    ).json()["data"]
    assert sample["id"] in [n["id"] for n in narrowed]
    assert all((n["community"], n["category"]) == (sample["community"], sample["category"]) for n in narrowed)


@pytest.mark.parametrize(
    ("params", "status"),
    [({"status": "closed"}, 422), ({"community": "c-nowhere"}, 404), ({"category": "eldrly"}, 404), ({"offset": -1}, 422)],
)
def test_needs_bad_filters(reader: TestClient, params: dict[str, str], status: int) -> None:
    assert reader.get("/needs", params=params).status_code == status


def test_categories_are_the_whole_taxonomy(reader: TestClient, daoyi_store: MemoryStore) -> None:
    body = reader.get("/categories").json()
    assert body["count"] == len(daoyi_store.ids(NodeKind.CATEGORY))
    by_id = {c["id"]: c for c in body["data"]}
    assert by_id["elderly_meals"]["parent"] == "elderly" and by_id["elderly"]["parent"] is None


# -- the three queries -------------------------------------------------------------------------------------


def test_match_by_need_is_the_json_of_linli_match(reader: TestClient, daoyi_store: MemoryStore) -> None:
    need = daoyi_store.ids(NodeKind.NEED)[0]
    body = reader.get("/match", params={"need": need, "limit": 3}).json()
    assert body == match(daoyi_store, need=need, limit=3).as_dict()
    assert body == cli_json("match", "--need", need, "--limit", "3")
    assert body["need"] == need and len(body["results"]) <= 3


def test_match_by_community_and_category(reader: TestClient, daoyi_store: MemoryStore) -> None:
    params = {"community": "c-taiyangcheng", "category": "elderly_meals", "limit": 10, "in_area_only": True}
    body = reader.get("/match", params=params).json()
    assert body == match(daoyi_store, community="c-taiyangcheng", category="elderly_meals", limit=10, in_area_only=True).as_dict()
    assert "need" not in body and body["results"] and all(r["in_area"] for r in body["results"])
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("params", "status", "needle"),
    [
        ({"community": "c-beiyuan", "category": "eldrly_meals"}, 404, "elderly_meals"),
        ({"need": "n-nope"}, 404, "need"),
        ({"community": "c-beiyuan"}, 422, "both a community and a category"),
        ({}, 422, "give a need"),
        ({"need": "x", "community": "c-beiyuan"}, 422, "not both"),
        ({"community": "c-beiyuan", "category": "elderly_meals", "limit": 0}, 422, "limit"),
    ],
)
def test_match_errors(reader: TestClient, params: dict[str, object], status: int, needle: str) -> None:
    response = reader.get("/match", params=params, headers={"Accept-Language": "en"})
    assert response.status_code == status
    assert needle in json.dumps(response.json(), ensure_ascii=False)


def test_gaps_are_the_cli_json_but_hide_peoples_names(reader: TestClient, daoyi_store: MemoryStore) -> None:
    body = reader.get("/gaps").json()
    expected = coverage_gaps(daoyi_store).as_dict()
    assert body["summary"] == expected["summary"] == cli_json("gaps")["summary"]
    assert len(body["gaps"]) == len(expected["gaps"])
    people = [g for g in body["gaps"] if g["kind"] == "secretary_without_pair"]
    assert people, "Daoyi has unpaired secretaries"
    assert all(g["subject_name"] is None for g in people)
    for got, want in zip(body["gaps"], expected["gaps"], strict=True):
        assert got == (want if got["kind"] != "secretary_without_pair" else {**want, "subject_name": None})


def test_gaps_filter_by_community_and_kind(reader: TestClient) -> None:
    body = reader.get("/gaps", params={"community": "北苑社区", "kind": ["building_without_head", "grid_without_branch"]}).json()
    assert list(body["summary"]) == ["building_without_head", "grid_without_branch"]
    assert all(g["community"] == "c-beiyuan" for g in body["gaps"])
    assert reader.get("/gaps", params={"kind": "no_such_gap"}).status_code == 422
    assert reader.get("/gaps", params={"community": "c-nowhere"}).status_code == 404


def test_mentors_ids_only_unless_names_asked(reader: TestClient, admin_reader: TestClient, daoyi_store: MemoryStore) -> None:
    plain = reader.get("/mentors").json()
    assert plain == propose_mentor_pairs(daoyi_store).as_dict() == cli_json("mentors")
    assert "mentor_name" not in json.dumps(plain)
    assert reader.get("/mentors", params={"names": True}).status_code == 403  # names: the people permission only
    named = admin_reader.get("/mentors", params={"names": True, "mode": "fresh", "scope": "all"}).json()
    assert named == propose_mentor_pairs(daoyi_store, mode="fresh", scope="all").as_dict(names=True)
    pair = named["proposed"][0]
    assert pair["mentor_name"] == daoyi_store.get(pair["mentor"]).name
    assert reader.get("/mentors", params={"mode": "random"}).status_code == 422


# -- map ------------------------------------------------------------------------------------------------


def test_map_is_offline_html_without_names_by_default(reader: TestClient, admin_reader: TestClient, daoyi_store: MemoryStore) -> None:
    response = reader.get("/map", params={"layer": "focus", "focus": "c-beiyuan", "depth": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.lstrip().lower().startswith("<!doctype html") and "https://cdn" not in page
    assert "北苑社区" in page
    secretary = next(s for s in daoyi_store.secretaries() if s.community == "c-beiyuan")
    assert secretary.name not in page
    assert reader.get("/map", params={"layer": "focus", "focus": "c-beiyuan", "depth": 2, "names": True}).status_code == 403
    assert secretary.name in admin_reader.get("/map", params={"layer": "focus", "focus": "c-beiyuan", "depth": 2, "names": True}).text


@pytest.mark.parametrize(
    ("params", "status"),
    [({"layer": "focus"}, 422), ({"layer": "focus", "focus": "zzz"}, 404), ({"focus": "c-beiyuan"}, 422),
     ({"layer": "street"}, 422), ({"layer": "focus", "focus": "c-beiyuan", "depth": 9}, 422)],
)
def test_map_errors(reader: TestClient, params: dict[str, object], status: int) -> None:
    response = reader.get("/map", params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json" and "detail" in response.json()
