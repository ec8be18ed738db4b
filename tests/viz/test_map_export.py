"""Maps for reports: PNG/SVG/PDF through Debian's Chromium, the print stylesheet, the zoom buttons.

The pictures are checked as pictures: the PNG's size from its header, and
its pixels read back in the browser (ink on the map, ink in the legend's
corner, the title bar's red).
"""

from __future__ import annotations

import base64
import struct
from pathlib import Path
from typing import Any

import pytest
from tests.viz.map_fixtures import WrittenMap
from typer.testing import CliRunner

from cli.app import app
from graph_model.stores.memory.store import MemoryStore
from viz import export_map
from viz.image_export import PAGE_PIXELS, SCALE

pytestmark = pytest.mark.browser

ENV = {"LINLI_NEO4J_URI": None, "NO_COLOR": "1", "COLUMNS": "200"}

INK = """async (src) => {
    const img = new Image();
    await new Promise((ok, fail) => { img.onload = ok; img.onerror = fail; img.src = src; });
    const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0, legend = 0, red = 0;
    for (let i = 0; i < px.length; i += 4) {
        const x = (i / 4) % c.width, y = Math.floor(i / 4 / c.width);
        const dark = px[i] < 235 || px[i + 1] < 235 || px[i + 2] < 235;
        if (dark) { ink++; if (x > c.width * 0.82 && y > c.height * 0.4) { legend++; } }
        if (y < c.height * 0.03 && px[i] > 120 && px[i + 1] < 80) { red++; }
    }
    return {width: img.width, height: img.height, ink, legend, red};
}"""


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def ink(browser: Any, png: bytes) -> dict[str, int]:
    page = browser.new_page()
    try:
        return page.evaluate(INK, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))  # type: ignore[no-any-return]
    finally:
        page.close()


def test_png_has_the_map_title_and_legend_at_print_resolution(browser: Any, daoyi_store: MemoryStore, tmp_path: Path) -> None:
    summary = export_map(daoyi_store, layer="circle", out=tmp_path / "report" / "circle.png")
    data = (tmp_path / "report" / "circle.png").read_bytes()
    assert summary.bytes == len(data) and summary.path == tmp_path / "report" / "circle.png"
    assert png_size(data) == (PAGE_PIXELS[0] * SCALE, PAGE_PIXELS[1] * SCALE) == (3508, 2480)  # A4 landscape at 300 dpi
    found = ink(browser, data)
    assert found["ink"] > 0.03 * found["width"] * found["height"], found
    assert found["legend"] > 20_000, found  # the legend's swatches and words, bottom right
    assert found["red"] > 0.5 * found["width"] * found["height"] * 0.03, found  # the title bar


def test_svg_and_pdf(daoyi_store: MemoryStore, tmp_path: Path) -> None:
    svg = tmp_path / "focus.svg"
    export_map(daoyi_store, layer="focus", focus="c-beiyuan", out=svg)
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<svg") and 'width="3508"' in text and "data:image/png;base64," in text
    result = CliRunner().invoke(app, ["map", "--out", str(tmp_path / "circle.pdf")], env=ENV)
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "circle.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and b"/Count 1" in pdf  # one A4 page


def test_unknown_picture_suffix_stays_html(daoyi_store: MemoryStore, tmp_path: Path) -> None:
    summary = export_map(daoyi_store, layer="circle", out=tmp_path / "map.htm")
    assert summary.path is not None and summary.path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_print_keeps_the_legend_and_drops_the_sidebar(browser: Any, daoyi_maps: dict[str, WrittenMap]) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(daoyi_maps["circle"].summary.path.resolve().as_uri())  # type: ignore[union-attr]
        page.wait_for_function("window.__graphReady === true", timeout=15_000)
        assert page.locator("#panel").is_visible() and page.locator("#legend").is_visible()
        page.click("#legend h2")  # folded away on screen ...
        assert page.locator("#legend .legend-row").first.is_hidden()
        page.emulate_media(media="print")  # ... printed all the same
        assert page.locator("#legend .legend-row").first.is_visible()
        assert page.locator("#legend").is_visible() and page.locator("#panel").is_hidden()
        assert page.locator(".tools").is_hidden() and page.locator("header.bar h1").is_visible()
        rows = page.locator("#legend .legend-row").all_text_contents()
        assert any("共建协议" in r for r in rows) and any("社区(村)党组织" in r for r in rows)
    finally:
        page.close()


def test_zoom_and_fit_buttons(browser: Any, daoyi_maps: dict[str, WrittenMap]) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.goto(daoyi_maps["focus"].summary.path.resolve().as_uri())  # type: ignore[union-attr]
        page.wait_for_function("window.__graphReady === true", timeout=15_000)
        fitted = page.evaluate("__map.network.getScale()")
        page.click("#zoom-in")
        assert page.evaluate("__map.network.getScale()") == pytest.approx(fitted * 1.3, rel=1e-3)
        page.click("#zoom-out")
        page.click("#zoom-out")
        assert page.evaluate("__map.network.getScale()") < fitted
        page.click("#fit")  # animated: wait for it to land
        page.wait_for_function("f => Math.abs(__map.network.getScale() - f) / f < 0.01", arg=fitted, timeout=5_000)
    finally:
        page.close()
