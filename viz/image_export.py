"""A map page rendered to PNG, PDF or SVG by a real Chromium, for reports.

The picture is the HTML map itself, drawn by the same vis-network in
Chromium (through Playwright, with the system's browser: nothing is
downloaded) in its export look: the title bar and the legend burned in, the
sidebar and buttons left out (``body.export``, the print stylesheet's twin).
The page is A4 landscape at print resolution: 1754 × 1240 CSS pixels at
device scale 2, i.e. 3508 × 2480 pixels, 300 dpi on A4.

- PNG: a screenshot of that page.
- PDF: Chromium's print of it (A4 landscape, the print stylesheet).
- SVG: the PNG inside an SVG ``<image>`` (vis-network draws on a canvas, so
  the map is a picture in any format; the SVG is for tools that want SVG).

Reach for :func:`render_image`. The browser is ``LINLI_CHROMIUM`` when set,
else ``/usr/bin/chromium``; only ``file:`` URLs are let through, the map
needs nothing else.
"""

from __future__ import annotations

import base64
import logging
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from graph_model.errors import InvalidQuery
from graph_model.i18n import _

__all__ = ["IMAGE_FORMATS", "PAGE_PIXELS", "chromium_path", "render_image"]

log = logging.getLogger(__name__)

IMAGE_FORMATS = ("png", "pdf", "svg")
PAGE_PIXELS = (1754, 1240)
"""The page in CSS pixels (A4 landscape's proportions); times :data:`SCALE` for the image."""
SCALE = 2
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
READY_MS = 60_000
_FIT = """() => new Promise(resolve => {
    const net = window.__map.network;
    net.setSize('100%', '100%');
    net.redraw(); net.fit();
    net.once('afterDrawing', () => resolve());
    net.redraw();
})"""


def chromium_path() -> Path:
    """The Chromium the export drives: ``LINLI_CHROMIUM``, else Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get("LINLI_CHROMIUM") or "/usr/bin/chromium")


def _svg(png: bytes, width: int, height: int, title: str) -> bytes:
    from html import escape

    data = base64.b64encode(png).decode("ascii")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f"<title>{escape(title)}</title>"
            f'<image width="{width}" height="{height}" xlink:href="data:image/png;base64,{data}"/></svg>\n').encode("utf-8")


def _render(page_html: str, fmt: str, browser_path: Path, title: str) -> bytes:
    from playwright.sync_api import sync_playwright

    width, height = PAGE_PIXELS
    with tempfile.TemporaryDirectory(prefix="linli-map-") as tmp:
        source = Path(tmp) / "map.html"
        source.write_text(page_html, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(browser_path), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=SCALE)
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
                page.add_init_script("document.addEventListener('DOMContentLoaded', () => document.body.classList.add('export'));")
                page.goto(source.as_uri())
                page.wait_for_function("window.__graphReady === true", timeout=READY_MS, polling=50)
                if fmt == "pdf":
                    page.emulate_media(media="print")
                page.evaluate(_FIT)
                if fmt == "pdf":
                    body = page.pdf(format="A4", landscape=True, print_background=True)
                else:
                    body = page.screenshot(type="png")
                    if fmt == "svg":
                        body = _svg(body, width * SCALE, height * SCALE, title)
            finally:
                browser.close()
    return body


def render_image(page_html: str, out: Path, *, title: str = "") -> int:
    """Render ``page_html`` (a page of :func:`viz.build_map`) to ``out``; the format is its suffix. Returns the bytes written.

    Raises :class:`~graph_model.errors.InvalidQuery` when the suffix is not
    one of :data:`IMAGE_FORMATS`, the browser is missing or the file cannot
    be written (an existing ``out`` is replaced only by a whole new file).
    """
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in IMAGE_FORMATS:
        raise InvalidQuery(_("cannot write a map as {suffix!r}: use .html, .png, .svg or .pdf").format(suffix=out.suffix))
    browser_path = chromium_path()
    if not browser_path.exists():
        raise InvalidQuery(_("cannot render {format}: no Chromium at {path} (install Debian's chromium, or set LINLI_CHROMIUM)").format(
            format=fmt.upper(), path=browser_path))
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - playwright is a dependency
        raise InvalidQuery(_("cannot render {format}: the playwright package is not installed").format(format=fmt.upper())) from None
    # In a thread of its own: Playwright's sync API refuses a thread that already runs an event loop
    # (the API's, or another Playwright session's), and the browser's work gains nothing from sharing one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        body = pool.submit(_render, page_html, fmt, browser_path, title).result()
    tmp_out: str | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_out = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_out, 0o666 & ~umask)
        os.replace(tmp_out, out)
    except OSError as err:
        if tmp_out is not None and os.path.exists(tmp_out):
            os.unlink(tmp_out)
        raise InvalidQuery(_("cannot write the map to {path}: {reason}").format(path=out, reason=err.strerror or err)) from None
    log.info("rendered %s (%d bytes) through %s", out, len(body), browser_path)
    return len(body)
