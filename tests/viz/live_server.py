"""A real Linli API on a local port (uvicorn in a thread), for the tests that drive it from Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from api.main import create_app
from api.settings import ApiSettings
from graph_model.store import GraphStore

TOKEN = "workbench-token-8d2e"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_api(store: GraphStore, state_dir: Path, *, token: str | None = TOKEN) -> Iterator[str]:
    """Serve ``store`` at ``http://127.0.0.1:PORT`` while the block runs; yields the base URL."""
    settings = ApiSettings(api_token=token, neo4j_uri=None, data=None, state_dir=state_dir)  # type: ignore[arg-type]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, settings), host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test API did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class OfflinePage:
    """A fresh browser page that may fetch only from ``base``: every other request is aborted and recorded."""

    def __init__(self, browser: Any, base: str, *, viewport: tuple[int, int] = (1600, 950)) -> None:
        self.base = base
        # bypass_csp: playwright evaluates its waits as strings, which the pages' own policy (no eval) forbids
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, locale="zh-CN", bypass_csp=True)
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base + "/") or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def close(self) -> None:
        self.page.close()
