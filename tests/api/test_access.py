"""Access control under attack: people's names, roles, scopes (both backends), signed links, the audit log,
strict JSON bodies and the rate limit (issue 16, item 7 and the access-control section).

Each test plays the attack and checks it is held: the status, and that the
body names nothing outside what the caller may see.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.audit import AUDIT_FILE, AuditLog
from api.links import SECRET_FILE, LinkSigner
from api.main import create_app
from api.tokens import TOKEN_FILE, Scope, TokenFile
from graph_model.records import ChangeSet, Node, Relationship
from graph_model.schema import NodeKind, RelType
from graph_model.store import GraphStore
from graph_model.stores.memory.store import MemoryStore
from tests.api.conftest import AUTH, settings_for

OUTSIDE_COMMUNITY = "c-cuihu"  # Daoyi communities: the scope is c-beiyuan
OUTSIDE_NAME = "翠湖"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def second_subdistrict() -> ChangeSet:
    """Another subdistrict with one community, one grid and one secretary: what a subdistrict scope must not see."""
    nodes = [
        Node("sd-other", NodeKind.SUBDISTRICT, {"name": "外区街道"}),
        Node("c-other", NodeKind.COMMUNITY, {"name": "外区社区", "type": "urban"}),
        Node("g-other", NodeKind.GRID, {"name": "外区一网格"}),
        Node("po-other", NodeKind.PARTY_ORG, {"name": "外区社区党委", "level": "community"}),
        Node("ps-other", NodeKind.PERSON, {"name": "外区书记", "years_as_secretary": 9}),
        Node("ps-other-2", NodeKind.PERSON, {"name": "外区新书记", "years_as_secretary": 1}),
        Node("po-other-2", NodeKind.PARTY_ORG, {"name": "外区二社区党委", "level": "community"}),
        Node("c-other-2", NodeKind.COMMUNITY, {"name": "外区二社区", "type": "urban"}),
    ]
    rels = [
        Relationship(RelType.HAS_COMMUNITY, "sd-other", "c-other"),
        Relationship(RelType.HAS_COMMUNITY, "sd-other", "c-other-2"),
        Relationship(RelType.HAS_GRID, "c-other", "g-other"),
        Relationship(RelType.PARTY_ORG_OF, "po-other", "c-other"),
        Relationship(RelType.PARTY_ORG_OF, "po-other-2", "c-other-2"),
        Relationship(RelType.SECRETARY_OF, "ps-other", "po-other"),
        Relationship(RelType.SECRETARY_OF, "ps-other-2", "po-other-2"),
    ]
    return ChangeSet(nodes=nodes, relationships=rels)


class Clients:
    """One app over a store, with a token per role and scope (made through the tokens file, as `linli token add` does)."""

    def __init__(self, store: GraphStore, state: Path, **settings: object) -> None:
        self.state = state
        tokens = TokenFile(state / TOKEN_FILE)
        self.tokens = {
            "viewer": tokens.add("viewer", role="viewer")[0],
            "people": tokens.add("people-viewer", role="viewer", people=True)[0],
            "planner": tokens.add("planner", role="planner")[0],
            "beiyuan": tokens.add("sec-beiyuan", role="planner", scope=Scope("community", "c-beiyuan"))[0],
            "daoyi": tokens.add("office-daoyi", role="planner", scope=Scope("subdistrict", "sd-daoyi"), people=True)[0],
            "grid": tokens.add("grid-worker", role="viewer", scope=Scope("grid", "g-beiyuan-01"))[0],
        }
        self.client = TestClient(create_app(store, settings_for(state, **settings)))

    def get(self, who: str | None, url: str, **kw: object):  # type: ignore[no-untyped-def]
        headers = bearer(self.tokens[who]) if who else {}
        return self.client.get(url, headers=headers, **kw)  # type: ignore[arg-type]

    def post(self, who: str | None, url: str, body: object):  # type: ignore[no-untyped-def]
        headers = bearer(self.tokens[who]) if who else {}
        return self.client.post(url, json=body, headers=headers)


@pytest.fixture
def memory_clients(fresh_store: MemoryStore, tmp_path: Path) -> Iterator[Clients]:
    fresh_store.apply(second_subdistrict())
    clients = Clients(fresh_store, tmp_path / "state")
    with clients.client:
        yield clients


@pytest.fixture
def neo4j_clients(neo4j_uri: str, daoyi_dataset, tmp_path: Path) -> Iterator[Clients]:  # type: ignore[no-untyped-def]
    from graph_model.stores.neo4j.store import Neo4jStore

    with Neo4jStore.from_settings(uri=neo4j_uri) as store:
        store.clear()
        store.apply(daoyi_dataset.change_set())
        store.apply(second_subdistrict())
        clients = Clients(store, tmp_path / "state")
        with clients.client:
            yield clients


BACKENDS = [pytest.param("memory_clients", id="memory"), pytest.param("neo4j_clients", id="neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=BACKENDS)
def clients(request: pytest.FixtureRequest) -> Clients:
    return request.getfixturevalue(request.param)


# -- item 7: people's names --------------------------------------------------------------------------

def test_names_need_the_people_permission(memory_clients: Clients) -> None:
    c = memory_clients
    for url in ("/mentors?names=true", "/map?layer=organization&names=true"):
        assert c.get("viewer", url).status_code == 403, url
        assert c.get("planner", url).status_code == 403, url  # writing is not reading people
        assert c.get("people", url).status_code == 200, url
    named = c.get("people", "/mentors?names=true").json()
    assert named["proposed"] and "mentor_name" in named["proposed"][0]
    assert "mentor_name" not in c.get("viewer", "/mentors").text


def test_a_focus_map_is_no_oracle_of_who_exists(memory_clients: Clients, fresh_store: MemoryStore,
                                                daoyi_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = memory_clients
    secretary = next(s for s in fresh_store.secretaries() if s.community == "c-beiyuan")
    # the same network where nobody has that name: what an unknown name answers
    renamed = MemoryStore()
    renamed.apply(daoyi_dataset.change_set())
    renamed.apply(second_subdistrict())
    renamed.apply(ChangeSet(nodes=[Node(secretary.id, NodeKind.PERSON, {**fresh_store.get(secretary.id).props, "name": "改了名"})]))
    elsewhere = Clients(renamed, tmp_path / "elsewhere")
    with elsewhere.client:
        absent = elsewhere.get("viewer", "/map", params={"layer": "focus", "focus": secretary.name})
    present = c.get("viewer", "/map", params={"layer": "focus", "focus": secretary.name})
    assert present.status_code == absent.status_code == 404
    assert present.json() == absent.json()
    by_id = c.get("viewer", "/map", params={"layer": "focus", "focus": secretary.id})
    assert by_id.status_code == 404 and secretary.name not in by_id.text  # its suggestions are near ids of places, from the text
    household = fresh_store.find(NodeKind.HOUSEHOLD)[0]
    assert c.get("viewer", "/map", params={"layer": "focus", "focus": household.name}).status_code == 404
    # with the people permission a person is a focus as before
    assert c.get("people", "/map", params={"layer": "focus", "focus": secretary.id}).status_code == 200


# -- roles ---------------------------------------------------------------------------------------------

NEED = {"id": "n-access-1", "name": "楼道灯坏了", "community": "c-beiyuan", "category": "elderly_meals"}


def test_roles_and_revocation(memory_clients: Clients) -> None:
    c = memory_clients
    assert c.get(None, "/partners").status_code == 401  # once tokens exist, reads need one
    assert c.get("viewer", "/partners").status_code == 200
    assert c.post("viewer", "/needs", NEED).status_code == 403
    assert c.post("planner", "/needs", NEED).status_code == 201
    assert c.client.post("/needs", json={**NEED, "id": "n-access-2"}, headers=AUTH).status_code == 201  # LINLI_API_TOKEN: admin
    assert c.client.get("/partners", headers=bearer("linli_forged")).status_code == 401
    TokenFile(c.state / TOKEN_FILE).revoke("planner")
    assert c.post("planner", "/needs", {**NEED, "id": "n-access-3"}).status_code == 401
    stored = (c.state / TOKEN_FILE).read_text()
    assert all(token not in stored for token in c.tokens.values())  # hashes only


# -- scopes, on both backends -------------------------------------------------------------------------

def same_as_unknown(c: Clients, who: str, url: str, outside: str, unknown: str) -> None:
    """``url`` with ``outside`` answers as with ``unknown``: 404, the same body but for the text typed, no suggestions."""
    a, b = c.get(who, url.format(outside)), c.get(who, url.format(unknown))
    assert a.status_code == b.status_code == 404, (url, outside, a.text)
    assert a.text.replace(outside, "?") == b.text.replace(unknown, "?")
    assert a.json()["suggestions"] == [] and a.json()["candidates"] == []
    if OUTSIDE_NAME not in outside:
        assert OUTSIDE_NAME not in a.text


def test_a_community_scope_sees_only_inside(clients: Clients) -> None:
    c = clients
    listed = c.get("beiyuan", "/communities").json()
    assert [x["id"] for x in listed["data"]] == ["c-beiyuan"] and listed["count"] == 1
    same_as_unknown(c, "beiyuan", "/communities/{}", OUTSIDE_COMMUNITY, "c-nowhere")
    same_as_unknown(c, "beiyuan", "/communities/{}", "翠湖社区", "无此社区")
    needs = c.get("beiyuan", "/needs").json()
    assert needs["count"] > 0 and {n["community"] for n in needs["data"]} == {"c-beiyuan"}
    outside_need = next(n["id"] for n in c.get("viewer", "/needs").json()["data"] if n["community"] == OUTSIDE_COMMUNITY)
    same_as_unknown(c, "beiyuan", "/needs/{}", outside_need, "n-nowhere")
    same_as_unknown(c, "beiyuan", "/needs?community={}", OUTSIDE_COMMUNITY, "c-nowhere")
    same_as_unknown(c, "beiyuan", "/match?community={}&category=elderly_meals", OUTSIDE_COMMUNITY, "c-nowhere")
    assert c.get("beiyuan", "/match?community=c-beiyuan&category=elderly_meals").status_code == 200
    gaps = c.get("beiyuan", "/gaps").json()
    assert gaps["gaps"] and {g["community"] for g in gaps["gaps"]} == {"c-beiyuan"}
    assert sum(gaps["summary"].values()) == len(gaps["gaps"]) and list(gaps["by_community"]) == ["c-beiyuan"]
    partners = c.get("beiyuan", "/partners").json()
    assert {p["community"] for p in partners["data"]} <= {"c-beiyuan"}
    outside_partner = next(p["id"] for p in c.get("viewer", "/partners").json()["data"]
                           if p["community"] not in (None, "c-beiyuan")
                           and not any(a["community"] == "c-beiyuan" for a in c.get("viewer", f"/partners/{p['id']}").json()["agreements"]))
    same_as_unknown(c, "beiyuan", "/partners/{}", outside_partner, "p-nowhere")
    # whole-network answers are refused, never narrowed by guesswork
    for url in ("/stats", "/mentors", "/map?layer=circle", "/map?layer=focus&focus=c-beiyuan&depth=2"):
        assert c.get("beiyuan", url).status_code == 403, url
    assert c.get("beiyuan", "/map?layer=focus&focus=c-beiyuan").status_code == 200
    same_as_unknown(c, "beiyuan", "/map?layer=focus&focus={}", OUTSIDE_COMMUNITY, "c-nowhere")


def test_a_community_scope_writes_only_inside(clients: Clients) -> None:
    c = clients
    assert c.post("beiyuan", "/needs", {**NEED, "community": OUTSIDE_COMMUNITY}).status_code == 404
    assert c.get("viewer", "/needs/n-access-1").status_code == 404  # nothing was written
    assert c.post("beiyuan", "/needs", NEED).status_code == 201
    assert c.post("beiyuan", "/co-buildings", {"source": "p-ent-daokang", "target": OUTSIDE_COMMUNITY}).status_code == 404
    outside_need = next(n["id"] for n in c.get("viewer", "/needs?status=open").json()["data"] if n["community"] == OUTSIDE_COMMUNITY)
    for action in ("dispatch", "reopen"):
        answer = c.post("beiyuan", f"/needs/{outside_need}/{action}", {"partner": "p-ent-daokang"})
        assert answer.status_code == 404 and OUTSIDE_NAME not in answer.text
    answer = c.client.patch(f"/needs/{outside_need}", json={"status": "resolved"}, headers=bearer(c.tokens["beiyuan"]))
    assert answer.status_code == 404
    assert c.get("viewer", f"/needs/{outside_need}").json()["status"] == "open"


def test_a_subdistrict_scope_pairs_its_own_secretaries(clients: Clients) -> None:
    c = clients
    assert [x["id"] for x in c.get("daoyi", "/communities").json()["data"]].count("c-other") == 0
    same_as_unknown(c, "daoyi", "/communities/{}", "c-other", "c-nowhere")
    report = c.get("daoyi", "/mentors?names=true&scope=all").json()
    ids = json.dumps(report)
    assert "ps-other" not in ids and "外区" not in ids
    whole = c.get("people", "/mentors?names=true").json()
    assert "ps-other" in json.dumps(whole)
    assert c.get("daoyi", "/map?layer=focus&focus=sd-daoyi").status_code == 200
    same_as_unknown(c, "daoyi", "/map?layer=focus&focus={}", "sd-other", "sd-nowhere")


def test_a_grid_scope_sees_its_grid_and_buildings(clients: Clients) -> None:
    c = clients
    gaps = c.get("grid", "/gaps").json()["gaps"]
    assert gaps and all(g["subject"] == "g-beiyuan-01" or g["subject"].startswith("b-beiyuan-01-") for g in gaps)
    assert c.get("grid", "/needs").json()["count"] == 0
    same_as_unknown(c, "grid", "/communities/{}", "c-beiyuan", "c-nowhere")
    assert c.get("grid", "/map?layer=focus&focus=g-beiyuan-01").status_code == 200


# -- signed links --------------------------------------------------------------------------------------

def test_signed_links_open_what_they_were_made_for_until_they_expire(memory_clients: Clients) -> None:
    c = memory_clients
    signer = LinkSigner(c.state / SECRET_FILE)
    query = "layer=focus&focus=c-beiyuan"
    link = signer.make("map", query=query, by="ops", expires_in=600)
    assert c.client.get(f"/map?{query}&link={quote(link)}").status_code == 200  # no token needed
    assert c.client.get(f"/map?focus=c-beiyuan&layer=focus&link={quote(link)}").status_code == 200  # order does not matter
    for url in (f"/map?{query}&names=true&link={quote(link)}",  # another map
                f"/map?layer=circle&link={quote(link)}",
                f"/communities?link={quote(link)}"):
        assert c.client.get(url).status_code == 403, url
    payload, signature = link.split(".")
    forged = json.loads(__import__("base64").urlsafe_b64decode(payload + "=="))
    forged["q"] = "layer=circle"
    forged_payload = __import__("base64").urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    assert c.client.get(f"/map?layer=circle&link={forged_payload}.{signature}").status_code == 403
    assert c.client.get(f"/map?{query}&link={quote(link[:-2])}").status_code == 403
    expired = signer.make("map", query=query, by="ops", expires_in=60, now=time.time() - 120)
    assert c.client.get(f"/map?{query}&link={quote(expired)}").status_code == 403
    other = LinkSigner(c.state / "another-secret").make("map", query=query, by="ops", expires_in=600)
    assert c.client.get(f"/map?{query}&link={quote(other)}").status_code == 403


def test_pages_without_data_are_public_and_the_workbench_data_is_not(memory_clients: Clients) -> None:
    c = memory_clients
    for page in ("/", "/workbench/workbench.js", "/workbench/vocabulary.json", "/redoc", "/docs-assets/redoc.standalone.js", "/health"):
        assert c.get(None, page).status_code == 200, page  # no token: the page, its files, the docs, the probe
        assert c.get("beiyuan", page).status_code == 200, page  # a scoped token too
    for data in ("/workbench/subdistricts.json", "/workbench/community.xlsx?community=c-beiyuan"):
        assert c.get(None, data).status_code == 401, data  # the workbench's own data is read as any other
        assert c.get("beiyuan", data).status_code == 403, data  # not narrowed to a scope: refused to scoped tokens
        assert c.get("viewer", data).status_code == 200, data


def test_a_workbench_link_reads_inside_its_scope_and_never_writes(memory_clients: Clients) -> None:
    c = memory_clients
    link = LinkSigner(c.state / SECRET_FILE).make("workbench", by="ops", expires_in=600, scope=Scope("community", "c-beiyuan"))
    page = c.client.get(f"/?link={quote(link)}")
    assert "linli_link=" in page.headers.get("set-cookie", "")
    browser = TestClient(c.client.app, cookies={"linli_link": link})
    assert [x["id"] for x in browser.get("/communities").json()["data"]] == ["c-beiyuan"]
    assert browser.get("/mentors?names=true").status_code == 403
    assert browser.post("/needs", json=NEED).status_code == 403


# -- audit log -----------------------------------------------------------------------------------------

def test_the_audit_log_keeps_writes_and_reads_of_people(memory_clients: Clients) -> None:
    c = memory_clients
    assert c.post("planner", "/needs", NEED).status_code == 201
    assert c.post("viewer", "/needs", {**NEED, "id": "n-access-9"}).status_code == 403
    assert c.get("people", "/mentors?names=true").status_code == 200
    assert c.get("viewer", "/map?layer=organization&names=true").status_code == 403
    c.get("viewer", "/partners")  # an ordinary read is not logged
    rows = list(AuditLog(c.state / AUDIT_FILE).rows())
    seen = [(r["who"], r["method"], r["path"], r["status"], r["what"]) for r in rows]
    assert seen == [
        ("planner", "POST", "/needs", 201, "write"),
        ("viewer", "POST", "/needs", 403, "write"),
        ("people-viewer", "GET", "/mentors", 200, "people"),
        ("viewer", "GET", "/map", 403, "people"),
    ]
    assert all(r["from"] == "testclient" and r["at"].endswith("+00:00") for r in rows)
    size = (c.state / AUDIT_FILE).stat().st_size
    c.post("planner", "/needs", {**NEED, "id": "n-access-10"})
    assert (c.state / AUDIT_FILE).read_bytes()[:size] == (c.state / AUDIT_FILE).read_bytes()[:size]  # appended, never rewritten
    assert (c.state / AUDIT_FILE).stat().st_size > size


def test_audit_export_to_excel_and_csv(memory_clients: Clients, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from cli.app import app

    c = memory_clients
    c.post("planner", "/needs", NEED)
    runner = CliRunner()
    for name in ("audit.xlsx", "audit.csv"):
        done = runner.invoke(app, ["--lang", "en", "audit", "export", "--out", str(tmp_path / name), "--state-dir", str(c.state)])
        assert done.exit_code == 0, done.output
    sheet = load_workbook(tmp_path / "audit.xlsx").active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert any("planner" in row and "/needs" in row for row in values)
    assert "planner" in (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")


def test_token_commands(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cli.app import app

    runner = CliRunner()
    state = ["--state-dir", str(tmp_path)]
    made = runner.invoke(app, ["--lang", "en", "token", "add", "sec", "--role", "planner", "--scope", "community:c-beiyuan", *state])
    assert made.exit_code == 0, made.output
    token = next(line for line in made.stdout.splitlines() if line.startswith("linli_"))
    assert TokenFile(tmp_path / TOKEN_FILE).verify(token).scope == Scope("community", "c-beiyuan")
    listed = runner.invoke(app, ["--lang", "en", "token", "list", "--json", *state])
    assert json.loads(listed.stdout)[0]["scope"] == "community:c-beiyuan" and token not in listed.stdout
    assert runner.invoke(app, ["--lang", "en", "token", "add", "x", "--scope", "street:1", *state]).exit_code == 2
    assert runner.invoke(app, ["--lang", "en", "token", "revoke", "sec", *state]).exit_code == 0
    assert TokenFile(tmp_path / TOKEN_FILE).verify(token) is None
    assert [r["path"] for r in AuditLog(tmp_path / AUDIT_FILE).rows()] == ["token add", "token revoke"]


# -- strict JSON and the rate limit ------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    '{"id": "p-x", "name": "\\ud800", "sector": "enterprise"}',
    '{"id": "p-x", "name": "x", "sector": "enterprise", "capacity": NaN}',
    '{"id": "p-x", "name": "x", "sector": "enterprise", "capacity": Infinity}',
    '{"id": "p-x", "name": "x", "sector": "enterprise", "capacity": -Infinity}',
    '{"id": "p-x", "name": "x", "sector": "enterprise", "capacity": 1e400}',
    '{"id": "p-x", "name": "x", "sector": "enterprise", "extra": {"\\udfff": 1}}',
])
def test_json_python_reads_but_json_forbids_is_422(writer: TestClient, body: str) -> None:
    answer = writer.post("/partners", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert writer.get("/partners/p-x").status_code == 404


def test_expensive_endpoints_are_rate_limited_per_client(fresh_store: MemoryStore, tmp_path: Path) -> None:
    app = create_app(fresh_store, settings_for(tmp_path, token=None, rate_limit="3/minute"))
    with TestClient(app) as client:
        assert [client.get("/map?layer=focus&focus=c-beiyuan").status_code for _ in range(3)] == [200] * 3
        refused = client.get("/map?layer=circle")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert client.get("/mentors").status_code == 200 and client.get("/mentors").status_code == 200
        assert client.get("/mentors").status_code == 200 and client.get("/mentors").status_code == 429
        assert client.get("/match?community=c-beiyuan&category=elderly_meals").status_code == 200  # cheap: not counted


def test_an_unreadable_tokens_file_refuses_everyone(memory_clients: Clients) -> None:
    c = memory_clients
    (c.state / TOKEN_FILE).write_text("{not json", encoding="utf-8")
    for who in (None, "viewer"):
        answer = c.get(who, "/partners")
        assert answer.status_code == 503 and "tokens.json" not in answer.text  # fail closed, the path stays in the log
    assert c.client.post("/needs", json=NEED, headers=AUTH).status_code == 201  # LINLI_API_TOKEN needs no file


def test_planning_answers_inside_the_scope(memory_clients: Clients) -> None:
    c = memory_clients
    mine = c.get("beiyuan", "/dispatch").json()
    assert mine == c.get("planner", "/dispatch?community=c-beiyuan").json()  # its own community, the same proposal
    same_as_unknown(c, "beiyuan", "/dispatch?community={}", OUTSIDE_COMMUNITY, "c-nowhere")
    assert c.client.post(f"/dispatch?community={OUTSIDE_COMMUNITY}", headers=bearer(c.tokens["beiyuan"])).status_code == 404
    assert c.get("daoyi", "/recommend?k=1").json() == c.get("planner", "/recommend?k=1&subdistrict=sd-daoyi").json()
    same_as_unknown(c, "daoyi", "/recommend?k=1&subdistrict={}", "sd-other", "sd-nowhere")
    assert c.get("beiyuan", "/recommend?k=1").status_code == 404
    assert c.get("beiyuan", "/rates").status_code == 403  # whole-network rates: not for a scoped token


def test_a_state_directory_that_is_a_file_refuses_tokens_not_crashes(fresh_store: MemoryStore, tmp_path: Path) -> None:
    state = tmp_path / "state-file"
    state.write_text("not a folder")
    with TestClient(create_app(fresh_store, settings_for(state))) as client:
        assert client.get("/partners", headers=bearer("linli_anything")).status_code == 503
        assert client.get("/partners").status_code == 503  # is there a token? it cannot tell: closed
