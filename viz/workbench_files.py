"""The workbench page's files: plain HTML, CSS and JavaScript shipped in ``viz/workbench/``, plus vis-network.

No build step and no CDN: the page is the files as they sit in the package
(written by hand, read as they are), and vis-network is the copy pyvis ships
(:func:`viz.html_page.vis_assets`), the same one every HTML map inlines. The
API serves them (``GET /`` and ``GET /workbench/{name}``); only the names in
:data:`WORKBENCH_FILES` are served, so no path reaches anything else.

Examples
--------
>>> body, media = workbench_file("index.html")
>>> media, b"https://" in body
('text/html; charset=utf-8', False)
>>> workbench_file("../export.py")
Traceback (most recent call last):
...
KeyError: '../export.py'
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from viz.html_page import vis_assets

__all__ = ["WORKBENCH_FILES", "workbench_file"]

WORKBENCH_FILES: dict[str, str] = {
    "index.html": "text/html; charset=utf-8",
    "workbench.css": "text/css; charset=utf-8",
    "workbench.js": "text/javascript; charset=utf-8",
    "vis-network.min.js": "text/javascript; charset=utf-8",
    "vis-network.css": "text/css; charset=utf-8",
}


@lru_cache(maxsize=len(WORKBENCH_FILES))
def workbench_file(name: str) -> tuple[bytes, str]:
    """The bytes and media type of one of the page's files (``KeyError`` for any other name)."""
    media = WORKBENCH_FILES[name]
    if name.startswith("vis-network"):
        js, css = vis_assets()
        return (js if name.endswith(".js") else css).encode("utf-8"), media
    return files("viz").joinpath("workbench", name).read_bytes(), media
