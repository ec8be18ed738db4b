"""The API over a real Neo4j: the same answers as the embedded store, writes, and 503 → recovery across an outage.

The outage needs a server this module may stop and start, so it runs its
own (``scripts/neo4j`` on a free port, state under a temporary folder,
reusing the repository's downloaded jars) and never touches the shared one.
Like every Neo4j test it fails, never skips, when the server cannot start.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import ApiSettings
from graph_model.stores.neo4j.store import Neo4jStore
from loaders import bundled_dataset_path, load_into
from tests.api.conftest import AUTH, TOKEN

pytestmark = pytest.mark.neo4j

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "neo4j"
RECOVERY_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def downloaded_jars() -> Path | None:
    """A jar folder ``scripts/neo4j`` already fetched (so a private server needs no download)."""
    candidates = [Path(os.environ["LINLI_NEO4J_HOME"]) / "lib"] if os.environ.get("LINLI_NEO4J_HOME") else []
    candidates += [ROOT / ".neo4j" / "lib", ROOT / ".neo4j" / "test" / "lib"]
    return next((c for c in candidates if (c / ".complete").is_file()), None)


class PrivateNeo4j:
    """A Neo4j server of this module's own, driven through ``scripts/neo4j``."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._use_port(free_port())

    def _use_port(self, port: int) -> None:
        self.port = port
        self.uri = f"{os.environ.get('LINLI_TEST_NEO4J_SCHEME', 'bolt')}://127.0.0.1:{port}"  # scripts/run-tests: bolt or neo4j
        self.env = {**os.environ, "LINLI_NEO4J_PORT": str(port), "LINLI_NEO4J_HOME": str(self.home)}

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(SCRIPT), *args], env=self.env, capture_output=True, text=True, timeout=300)

    def start(self, *, fresh: bool = False) -> None:
        """Start (a second try on a busy shared machine; a fresh server may move to another free port)."""
        for attempt in (1, 2):
            done = self._run("start", *(["--fresh"] if fresh else []))
            if done.returncode == 0:
                return
            if attempt == 1 and fresh:
                self._use_port(free_port())
        pytest.fail(f"scripts/neo4j start failed on {self.uri}:\n{done.stderr[-3000:]}")

    def stop(self) -> None:
        done = self._run("stop")
        if done.returncode != 0:
            pytest.fail(f"scripts/neo4j stop failed:\n{done.stderr[-3000:]}")


@pytest.fixture(scope="module")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateNeo4j]:
    home = tmp_path_factory.mktemp("neo4j-api")
    jars = downloaded_jars()
    if jars is not None:
        (home / "lib").symlink_to(jars)
    server = PrivateNeo4j(home)
    server.start(fresh=True)
    store = Neo4jStore.from_settings(uri=server.uri)
    try:
        load_into(store, bundled_dataset_path())
    finally:
        store.close()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def neo4j_client(neo4j_server: PrivateNeo4j, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = ApiSettings(api_token=TOKEN, neo4j_uri=neo4j_server.uri, data=None, state_dir=tmp_path_factory.mktemp("state"))
    with TestClient(create_app(settings=settings)) as client:
        yield client


def wait_until_healthy(client: TestClient) -> float:
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_TIMEOUT_S:
        if client.get("/health").status_code == 200:
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"the API did not recover within {RECOVERY_TIMEOUT_S} s of Neo4j coming back")


def test_the_api_over_neo4j_answers_like_over_the_embedded_store(neo4j_client: TestClient, reader: TestClient) -> None:
    assert neo4j_client.get("/health").json() == {"status": "ok", "backend": "neo4j"}
    for path, params in [
        ("/stats", {}),
        ("/match", {"need": "n-beiyuan-01", "limit": 10}),
        ("/match", {"community": "c-taiyangcheng", "category": "elderly_meals", "in_area_only": True}),
        ("/gaps", {"kind": ["community_without_partner", "secretary_without_pair", "need_without_resolver"]}),
        ("/mentors", {"mode": "fresh"}),
        ("/partners/p-ent-daokang", {}),
        ("/communities/c-beiyuan", {}),
        ("/needs", {"community": "c-beiyuan", "limit": 1000}),
        ("/categories", {}),
    ]:
        assert neo4j_client.get(path, params=params).json() == reader.get(path, params=params).json(), path
    missing = neo4j_client.get("/communities/c-beiyun")
    assert missing.status_code == 404 and missing.json()["suggestions"][0] == "c-beiyuan"


def test_writes_on_neo4j_count_at_once(neo4j_client: TestClient) -> None:
    partner = {"id": "p-neo-test", "name": "图谱测试单位", "sector": "enterprise", "community": "c-beiyuan", "capacity": 2}
    assert neo4j_client.post("/partners", json=partner, headers=AUTH).status_code == 201
    assert neo4j_client.post("/partners", json=partner, headers=AUTH).status_code == 409
    assert neo4j_client.post("/offers", json={"source": "p-neo-test", "target": "escort"}, headers=AUTH).status_code == 201
    found = next(
        r
        for r in neo4j_client.get("/match", params={"community": "c-beiyuan", "category": "escort", "limit": 100}).json()["results"]
        if r["id"] == "p-neo-test"
    )
    assert (found["fit"], found["tie"], found["score"]) == (1.0, 0.7, 0.71)
    patched = neo4j_client.patch("/needs/n-beiyuan-02", json={"resolved_by": "p-neo-test"}, headers=AUTH).json()
    assert patched["resolved_by"] == "p-neo-test"
    again = neo4j_client.patch("/needs/n-beiyuan-02", json={"resolved_by": "f-sc-beiyuan"}, headers=AUTH).json()
    assert again["resolved_by"] == "f-sc-beiyuan"  # replaced: the old RESOLVED_BY was detached
    assert neo4j_client.get("/partners/p-neo-test").json()["needs_in_progress"] == 0


def test_503_while_neo4j_is_down_then_recovery_by_itself(
    neo4j_server: PrivateNeo4j, neo4j_client: TestClient, tmp_path: Path
) -> None:
    before = neo4j_client.get("/match", params={"need": "n-beiyuan-02"}).json()
    neo4j_server.stop()
    try:
        started = time.monotonic()
        down = neo4j_client.get("/match", params={"need": "n-beiyuan-02"})
        assert down.status_code == 503, down.text
        assert time.monotonic() - started < 10  # a prompt answer, not the driver's long retry
        assert "暂不可用" in down.json()["detail"] and "Neo4j" in down.json()["detail"]  # Chinese by default
        assert down.headers["retry-after"]
        assert neo4j_client.get("/health").status_code == 503
        assert neo4j_client.post("/offers", json={"source": "p-ent-daokang", "target": "escort"}, headers=AUTH).status_code == 503
        # an app started while Neo4j is down serves 503 too, and recovers the same way
        late = TestClient(create_app(settings=ApiSettings(api_token=TOKEN, neo4j_uri=neo4j_server.uri, state_dir=tmp_path)))
        assert late.get("/stats").status_code == 503
    finally:
        neo4j_server.start()
    wait_until_healthy(neo4j_client)
    wait_until_healthy(late)
    assert neo4j_client.get("/match", params={"need": "n-beiyuan-02"}).json() == before
    assert late.get("/match", params={"need": "n-beiyuan-02"}).json() == before
