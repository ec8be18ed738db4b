"""Fixtures for the map tests: the Daoyi maps, the hostile network's maps, and one headless chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.viz.map_fixtures import CHROMIUM, CHROMIUM_ARGS, XSS_IMG, WrittenMap, hostile_change, read_map

from graph_model.stores.memory.store import MemoryStore
from viz import LAYERS, export_map


@pytest.fixture(scope="session")
def hostile_store() -> MemoryStore:
    """A tiny network whose names and properties try to break out of the page."""
    store = MemoryStore()
    store.apply(hostile_change())
    return store


@pytest.fixture(scope="session")
def daoyi_maps(daoyi_store: MemoryStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, WrittenMap]:
    """Every layer of the Daoyi dataset, written once (focus: 北苑社区, depth 1)."""
    out = tmp_path_factory.mktemp("daoyi-maps")
    maps = {}
    for layer in LAYERS:
        focus = "c-beiyuan" if layer == "focus" else None
        maps[layer] = read_map(export_map(daoyi_store, layer=layer, focus=focus, out=out / f"{layer}.html"))
    return maps


@pytest.fixture(scope="session")
def hostile_maps(hostile_store: MemoryStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, WrittenMap]:
    """Every layer of the hostile store (circle with facilities; focus on the hostile partner, depth 2)."""
    out = tmp_path_factory.mktemp("hostile-maps")
    maps = {}
    for layer in LAYERS:
        options: dict[str, Any] = {"focus": "p-x", "depth": 2} if layer == "focus" else {}
        if layer == "circle":
            options["include_facilities"] = True
        maps[layer] = read_map(export_map(hostile_store, layer=layer, out=out / f"{layer}.html", title=XSS_IMG, **options))
    return maps


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian chromium for the whole session (never a downloaded one)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-browser (installs chromium and fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests put screenshots: docs/img when LINLI_DOCS_SCREENSHOTS=1, else a temporary folder."""
    if os.environ.get("LINLI_DOCS_SCREENSHOTS") == "1":
        path = Path(__file__).resolve().parents[2] / "docs" / "img"
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")
