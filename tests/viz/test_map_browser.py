"""The maps in a real browser (Debian's headless chromium), offline: they draw, hold what export_map reported, and stay inert.

Every request that is not a ``file:`` URL is aborted and recorded; a map
that tried to fetch anything fails. Set ``LINLI_DOCS_SCREENSHOTS=1`` to write
the Daoyi screenshots into ``docs/img/``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from tests.viz.map_fixtures import XSS_IMG, WrittenMap, read_map

from graph_model.stores.memory.store import MemoryStore
from viz import LAYERS, export_map

pytestmark = pytest.mark.browser

READY_SECONDS = 15


class OpenMap:
    """A map opened in a fresh page, with everything it tried to do recorded."""

    def __init__(self, browser: Any, written: WrittenMap) -> None:
        self.written = written
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        started = time.perf_counter()
        self.page.goto(written.summary.path.resolve().as_uri())  # type: ignore[union-attr]
        self.page.wait_for_function("window.__graphReady === true", timeout=READY_SECONDS * 1000, polling=50)
        self.seconds = time.perf_counter() - started

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.remote.append(route.request.url)
            route.abort()

    def dataset(self) -> dict[str, Any]:
        return self.page.evaluate(
            """() => ({nodes: __map.nodes.length, edges: __map.edges.length,
                       kinds: __map.nodes.get().reduce((c, n) => (c[n.kind] = (c[n.kind] || 0) + 1, c), {}),
                       hidden: __map.nodes.get({filter: n => n.hidden === true}).length,
                       xss: window.__xss === undefined ? null : window.__xss,
                       images: document.images.length})"""
        )

    def check(self, screenshot: Path) -> dict[str, Any]:
        """The checks every map must pass; returns the DataSet counts."""
        found = self.dataset()
        summary = self.written.summary
        assert (found["nodes"], found["edges"]) == (summary.nodes, summary.edges)
        assert found["kinds"] == summary.nodes_by_kind
        assert self.remote == [], f"the map tried to fetch {self.remote}"
        assert self.errors == [] and self.dialogs == []
        assert found["xss"] is None and found["images"] == 0
        assert self.seconds < READY_SECONDS
        self.page.screenshot(path=str(screenshot))
        assert screenshot.stat().st_size > 20_000
        return found


@pytest.mark.parametrize("layer", LAYERS)
def test_daoyi_layer_draws_offline(browser: Any, daoyi_maps: dict[str, WrittenMap], daoyi_store: MemoryStore,
                                   screenshot_dir: Path, layer: str) -> None:
    opened = OpenMap(browser, daoyi_maps[layer])
    try:
        found = opened.check(screenshot_dir / f"{layer}.png")
        stats = daoyi_store.stats()
        if layer == "coverage":
            assert found["kinds"]["Building"] == stats.nodes["Building"]
        if layer == "organization":
            assert found["kinds"]["PartyOrg"] == stats.nodes["PartyOrg"]
        if layer == "circle":
            assert found["kinds"]["Partner"] == stats.nodes["Partner"]
            assert "23 个社区(村)党组织" in opened.page.inner_text("header")
    finally:
        opened.page.close()


def test_hostile_names_stay_text(browser: Any, hostile_maps: dict[str, WrittenMap], tmp_path: Path) -> None:
    opened = OpenMap(browser, hostile_maps["circle"])
    page = opened.page
    try:
        opened.check(tmp_path / "hostile-circle.png")
        # Every DOM path data takes: the hover tooltip, the search results, the details panel.
        point = page.evaluate("() => __map.network.canvasToDOM(__map.network.getPosition('p-x'))")
        box = page.locator("#network").bounding_box()
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_selector("#tooltip:not([hidden])")
        assert XSS_IMG in page.inner_text("#tooltip")
        page.fill("#search", "<img")
        page.wait_for_selector("#results li[data-node]")
        assert XSS_IMG in page.inner_text("#results")
        page.press("#search", "Enter")
        page.wait_for_function("document.querySelector('#details .name') !== null")
        assert XSS_IMG in page.inner_text("#details")
        page.uncheck("input[data-filter='sector'][value='enterprise']")
        assert opened.dataset()["hidden"] == 1
        after = opened.dataset()
        assert after["xss"] is None and after["images"] == 0 and opened.dialogs == [] and opened.errors == []
    finally:
        page.close()
    focus = OpenMap(browser, hostile_maps["focus"])
    try:
        focus.check(tmp_path / "hostile-focus.png")
    finally:
        focus.page.close()


def test_folded_map_draws(browser: Any, daoyi_store: MemoryStore, tmp_path: Path) -> None:
    written = read_map(export_map(daoyi_store, layer="coverage", out=tmp_path / "folded.html", max_nodes=1000))
    opened = OpenMap(browser, written)
    try:
        opened.check(tmp_path / "folded.png")
        assert "已将 2,169 个楼栋并入所属网格" in opened.page.inner_text("#panel")
    finally:
        opened.page.close()
