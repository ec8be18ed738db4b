"""Row 6: map export at about 5,000 nodes and at city scale (aggregated), and the time to a drawn map in Chromium.

Run by ``bench/run.py`` in a child process; prints one JSON line::

    .venv/bin/python bench/map_export.py CITY --one-subdistrict DATASET --out DIR

Maps (:func:`viz.export_map`):

- ``focus`` around the subdistrict of a one-subdistrict dataset, depth 4 and
  ``max_nodes`` raised to 6,000: its whole network, about 5,300 nodes, drawn
  node for node (the 5,000-node map);
- ``circle``, ``organization`` and ``coverage`` of the whole city: past
  ``MAX_NODES`` the finest kinds fold into their parents (aggregated).

For each: the export time, the HTML size, and the time from ``page.goto`` to
``window.__graphReady`` in Debian's headless Chromium (Playwright, never a
downloaded browser). The alternative, in the same run: the same map with
vis-network's physics left to settle the layout in the browser instead of
the precomputed one (``physics=True``), up to ``--physics-timeout`` seconds.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from graph_model.schema import NodeKind
from graph_model.stores.memory.store import MemoryStore
from loaders.dataset import load_into
from measure import emit, progress, timed
from viz import export_map

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "time_to_ready", "measure"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


def time_to_ready(browser: Browser, page_file: Path, *, timeout: float) -> float | None:
    """Seconds from navigation to ``window.__graphReady`` (None past ``timeout``)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        with timed() as t:
            page.goto(page_file.as_uri())
            page.wait_for_function("window.__graphReady === true", timeout=timeout * 1000)
        return t.wall
    except PlaywrightTimeout:
        return None
    finally:
        page.close()


def _one(store: MemoryStore, browser: Browser, out: Path, name: str, *, physics_timeout: float,
         **options: Any) -> dict[str, Any]:
    with timed() as t:
        summary = export_map(store, out=out / f"{name}.html", **options)
    ready = time_to_ready(browser, summary.path, timeout=120)
    physics = export_map(store, out=out / f"{name}-physics.html", physics=True, **options)
    settled = time_to_ready(browser, physics.path, timeout=physics_timeout)
    progress(f"map {name}: {summary.nodes:,} nodes, {summary.bytes / 2**20:.1f} MiB, export {t.wall:.2f} s, "
             f"ready {ready if ready is None else round(ready, 2)} s; with physics "
             f"{settled if settled is None else round(settled, 2)} s")
    return {"name": name, "layer": summary.layer, "nodes": summary.nodes, "edges": summary.edges,
            "folded": summary.folded, "bytes": summary.bytes, "export": t.as_dict(), "ready": ready,
            "physics_ready": settled, "physics_timeout": physics_timeout}


def measure(city: Path, one_subdistrict: Path, out: Path, *, physics_timeout: float) -> dict[str, Any]:
    small = MemoryStore()
    load_into(small, one_subdistrict)
    store = MemoryStore()
    load_into(store, city)
    maps = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            maps.append(_one(small, browser, out, "one-subdistrict-focus", layer="focus", depth=4, max_nodes=6000,
                             focus=small.ids(NodeKind.SUBDISTRICT)[0], physics_timeout=physics_timeout))
            for layer in ("circle", "organization", "coverage"):
                maps.append(_one(store, browser, out, f"city-{layer}", layer=layer, physics_timeout=physics_timeout))
        finally:
            browser.close()
    return {"maps": maps, "chromium": str(CHROMIUM)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("city", type=Path)
    parser.add_argument("--one-subdistrict", type=Path, required=True, help="a dataset of one subdistrict")
    parser.add_argument("--out", type=Path, required=True, help="folder for the HTML files")
    parser.add_argument("--physics-timeout", type=float, default=90.0, help="seconds to wait for a physics layout")
    args = parser.parse_args(argv)
    emit(measure(args.city, args.one_subdistrict, args.out, physics_timeout=args.physics_timeout))


if __name__ == "__main__":
    main()
