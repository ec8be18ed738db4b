"""Double-click expands a node: from the data in the file (offline), and from the API serving a big map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.viz.live_server import OfflinePage, live_api
from tests.viz.map_fixtures import WrittenMap

from graph_model.stores.memory.store import MemoryStore
from viz.expansion import EMBED_LIMIT

pytestmark = pytest.mark.browser


def double_click(page: Any, node: str) -> None:
    page.evaluate("id => __map.network.focus(id, {scale: 1})", node)
    at = page.evaluate("id => __map.network.canvasToDOM(__map.network.getPositions([id])[id])", node)
    box = page.locator("#network").bounding_box()
    page.mouse.dblclick(box["x"] + at["x"], box["y"] + at["y"])


def test_double_click_adds_the_embedded_neighbours(browser: Any, daoyi_maps: dict[str, WrittenMap], daoyi_store: MemoryStore) -> None:
    written = daoyi_maps["circle"]
    expected = {n["id"] for n in written.data["expand"]["po-c-beiyuan"]["nodes"]} - {n["id"] for n in written.data["nodes"]}
    assert {"c-beiyuan", "sd-daoyi"}.isdisjoint(expected)  # units the map draws as their party organizations
    kinds = {daoyi_store.get(i).kind.value for i in expected}  # type: ignore[union-attr]
    assert {"Need", "Grid", "Estate"} <= kinds and "Person" not in kinds
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(written.summary.path.resolve().as_uri())  # type: ignore[union-attr]
        page.wait_for_function("window.__graphReady === true", timeout=15_000)
        before = page.evaluate("__map.nodes.length")
        double_click(page, "po-c-beiyuan")
        page.wait_for_function("__map.expanded['po-c-beiyuan'] !== undefined", timeout=5_000)
        ids = set(page.evaluate("__map.nodes.getIds()"))
        assert expected <= ids and page.evaluate("__map.nodes.length") == before + len(expected)
        assert page.evaluate("__map.network.getConnectedNodes('po-c-beiyuan').length") >= len(expected)
        assert "n-beiyuan-01" in page.locator("#details").inner_text() or "慢病" in page.locator("#details").inner_text()
        assert errors == []
    finally:
        page.close()


def test_double_click_on_a_served_big_map_asks_the_api(browser: Any, daoyi_store: MemoryStore, tmp_path: Path) -> None:
    with live_api(daoyi_store, tmp_path / "state", token=None) as base:
        opened = OfflinePage(browser, base, viewport=(1400, 900))
        try:
            opened.page.goto(base + "/map?layer=coverage")
            opened.page.wait_for_function("window.__graphReady === true", timeout=15_000)
            data = opened.page.evaluate("({n: __map.nodes.length, expand: Object.keys(JSON.parse(document.getElementById('map-data').textContent).expand).length})")
            assert data["n"] > EMBED_LIMIT and data["expand"] == 0
            asked: list[str] = []
            opened.page.on("request", lambda r: asked.append(r.url))
            double_click(opened.page, "c-beiyuan")
            opened.page.wait_for_function("__map.expanded['c-beiyuan'] > 0", timeout=5_000)
            assert [u for u in asked if "/map/neighbours" in u] == [base + "/map/neighbours?node=c-beiyuan"]
            assert opened.page.evaluate("__map.nodes.get('n-beiyuan-01') !== null")
            assert opened.remote == [] and [e for e in opened.errors if "404" not in e] == []  # the browser's own /favicon.ico
        finally:
            opened.close()
