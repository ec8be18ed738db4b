"""The error map: every error is JSON ``{"detail": ...}``, never a traceback; the store's failures become 503/500."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph_model.records import ChangeSet, Node
from graph_model.schema import NodeKind
from graph_model.stores.memory.store import MemoryStore
from tests.api.conftest import AUTH, settings_for


def test_unknown_routes_and_methods_answer_json(reader: TestClient) -> None:
    missing = reader.get("/nowhere")
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not Found"})
    wrong = reader.delete("/partners")
    assert wrong.status_code == 405 and wrong.json() == {"detail": "Method Not Allowed"}


def test_malformed_json_is_a_client_error(writer: TestClient) -> None:
    response = writer.post("/partners", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422 and "detail" in response.json()


def test_an_unexpected_failure_is_a_bare_500_logged_server_side(
    fresh_store: MemoryStore, tmp_path, caplog: pytest.LogCaptureFixture  # noqa: ANN001
) -> None:
    # A partner whose stored capacity is not a number: data the loaders would never let in.
    fresh_store.apply(ChangeSet(nodes=[Node("p-broken", NodeKind.PARTNER, {"name": "坏数据", "capacity": "lots"})]))
    client = TestClient(create_app(fresh_store, settings_for(tmp_path)), raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="api.errors"):
        response = client.get("/partners/p-broken")
    assert response.status_code == 500
    assert response.json() == {"detail": "服务器内部错误"}  # "internal error", in the default language
    assert "Traceback" not in response.text and "capacity" not in response.text
    assert any("GET /partners/p-broken failed" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_journal_that_cannot_be_written_is_503_and_the_write_is_not_applied(
    journaled_app: Callable[[], TestClient],
) -> None:
    client = journaled_app()
    with client:
        journal = client.app.state.stores.store.journal  # type: ignore[attr-defined]
        os.close(journal._fd)  # the disk goes away under the server (EBADF on the next append)
        response = client.post("/offers", json={"source": "p-ent-daokang", "target": "escort"}, headers=AUTH)
        assert response.status_code == 503
        assert "journal" in response.json()["detail"] and response.headers["retry-after"]
        offers = [o["category"] for o in client.get("/partners/p-ent-daokang").json()["offers"]]
        assert "escort" not in offers  # not acknowledged, so not applied either
        journal._fd = -1  # already closed above


def test_a_malformed_content_length_is_400_before_any_route_runs(writer: TestClient) -> None:
    import asyncio

    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/partners", "raw_path": b"/partners", "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80), "headers": [(b"host", b"x"), (b"content-length", b"2x"), (b"content-type", b"application/json")],
    }
    asyncio.run(writer.app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 400
    assert b"Content-Length" in sent[1]["body"]  # type: ignore[operator]


def test_an_unreachable_neo4j_is_a_prompt_503_with_credentials_redacted(tmp_path) -> None:  # noqa: ANN001
    import socket
    import time

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for uri in (f"bolt://127.0.0.1:{port}", f"bolt://neo4j:hunter2@127.0.0.1:{port}"):
        client = TestClient(create_app(settings=settings_for(tmp_path, neo4j_uri=uri)))
        for path in ("/health", "/match?need=n-1", "/partners"):
            started = time.monotonic()
            response = client.get(path, headers={"Accept-Language": "en"})
            assert response.status_code == 503, response.text
            assert time.monotonic() - started < 5
            assert response.json()["detail"].startswith("the graph store (neo4j) is unavailable: ")
            assert client.get(path).json()["detail"].startswith("图数据库（neo4j）暂不可用：")  # Chinese by default
            assert "hunter2" not in response.text and response.headers["retry-after"]
        write = client.post("/offers", json={"source": "p", "target": "k"}, headers=AUTH)
        assert write.status_code == 503
