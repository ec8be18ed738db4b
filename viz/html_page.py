r"""Write a placed :class:`~viz.map_model.MapGraph` as one self-contained HTML page.

Everything the page needs is inside it: vis-network's JS and CSS copied from
pyvis's package files, our own CSS and script (:mod:`viz.page_assets`), and
the map as JSON in a ``<script type="application/json">`` block. No
Bootstrap, no CDN, no ``lib/`` folder: the file opens on an intranet with no
internet. Text from the data reaches HTML only through :func:`html.escape`
and reaches the script only as JSON made safe for ``<script>``
(:func:`script_json`).

Examples
--------
>>> script_json({"name": "</script><img src=x onerror=alert(1)>"})
'{"name":"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"}'
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from viz.map_model import MapGraph
from viz.page_assets import PAGE_CSS, PAGE_SCRIPT
from viz.style import FONT_STACK, GAP_STYLES, GROUPS, KIND_NAMES, LAYER_NAMES, REL_NAMES, SECTOR_NAMES

__all__ = ["legend_rows", "page_payload", "render_page", "script_json", "vis_assets", "wrap_label"]

VIS_VERSION = "vis-9.1.2"
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_BIG = 1500


def script_json(value: Any) -> str:
    """``value`` as compact JSON that cannot end or comment out the ``<script>`` holding it.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc. (so neither ``</script>``
    nor ``<!--`` can appear) and U+2028/U+2029 are escaped too.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and its CSS, read from the installed pyvis package."""
    spec = find_spec("pyvis")  # found, not imported: importing pyvis pulls in IPython (a quarter of a second)
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - pyvis is a dependency
        raise RuntimeError("the pyvis package (vis-network's files) is not installed")
    base = Path(next(iter(spec.submodule_search_locations))).joinpath("templates", "lib", VIS_VERSION)
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - a pyvis upgrade would have to break this
        raise RuntimeError("vis-network assets cannot be inlined safely")
    return js, css


def wrap_label(label: str, *, width: int = 8) -> str:
    r"""A long label broken into lines of about ``width`` characters (a folded count on its own line).

    Examples
    --------
    >>> wrap_label("沈阳北辰智能装备有限公司")
    '沈阳北辰智能\n装备有限公司'
    >>> wrap_label("北苑第一网格 · 12 楼栋")
    '北苑第一网格\n12 楼栋'
    """
    head, _, tail = label.partition(" · ")
    if len(head) > width + 1:
        lines = math.ceil(len(head) / width)
        step = math.ceil(len(head) / lines)
        head = "\n".join(head[i:i + step] for i in range(0, len(head), step))
    return f"{head}\n{tail}" if tail else head


def _color(value: str | None, fallback: str = "#9e9e9e") -> str:
    return value if value and _HEX.match(value) else fallback


def _options(graph: MapGraph, physics: bool) -> dict[str, Any]:
    big = len(graph.nodes) > _BIG
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": physics, "stabilization": {"iterations": 300, "fit": True},
                    "barnesHut": {"springLength": 140, "avoidOverlap": 0.3}},
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "tooltipDelay": 150,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
        "nodes": {
            "font": {"face": FONT_STACK, "size": 14, "color": "#263238", "strokeWidth": 4, "strokeColor": "#ffffff"},
            "borderWidth": 1.5,
            "scaling": {"label": {"enabled": False, "drawThreshold": 6}},
            "shapeProperties": {"interpolation": False},
        },
        "edges": {"smooth": False,
                  "color": {"inherit": False, "opacity": 0.75}, "selectionWidth": 1.5, "hoverWidth": 1},
        "groups": {key: style.vis() for key, style in GROUPS.items()},
    }


_FIT_PIXELS = (1100, 750)  # the map's stage on a laptop screen, which the first view fits
_HUB_LABEL_PIXELS = 18


def _subdistricts_readable(graph: MapGraph, items: list[dict[str, Any]]) -> None:
    """Subdistrict labels big enough to read at the first, fitted view (a city's map fits at a small zoom,
    where labels under 6 screen pixels are not drawn at all)."""
    if len(graph.nodes) < 2 or graph.layer == "focus":  # a focus map is one place: its subdistrict is a neighbour like any
        return
    xs = [n.x for n in graph.nodes.values()]
    ys = [n.y for n in graph.nodes.values()]
    scale = min(_FIT_PIXELS[0] / (max(xs) - min(xs) + 200), _FIT_PIXELS[1] / (max(ys) - min(ys) + 200))
    wanted = round(_HUB_LABEL_PIXELS / scale)
    for item in items:
        if item["kind"] == "Subdistrict" or item["group"] == "level:subdistrict_committee":
            font = item.setdefault("font", {})
            font["size"] = max(int(font.get("size", 14)), wanted)


def page_payload(graph: MapGraph, physics: bool = False) -> dict[str, Any]:
    """What the page's script draws: vis-network's nodes, edges and options, the tooltips' rows, the legend."""
    nodes, info = [], {}
    for n in graph.nodes.values():
        item: dict[str, Any] = {"id": n.id, "label": wrap_label(n.label), "x": n.x, "y": n.y, "size": round(n.size, 1),
                                "group": n.group if n.group in GROUPS else "aggregate", "kind": n.kind}
        if n.sector:
            item["sector"] = n.sector
        if graph.layer == "coverage":
            item["gapState"] = "gap" if n.gaps or n.folded_gaps else "ok"
        if n.border:
            style = GROUPS[item["group"]]
            item["color"] = {"background": style.color, "border": _color(n.border)}
            item["borderWidth"] = 3
        font = n.font or (14 if n.size < 18 else 18 if n.size < 30 else 24)
        if font != 14:
            item["font"] = {"size": font}
        nodes.append(item)
        gaps = [f"{GAP_STYLES[g].icon} {GAP_STYLES[g].label}" for g in n.gaps if g in GAP_STYLES]
        info[n.id] = {"t": n.search or n.label.split(" · ")[0], "k": KIND_NAMES.get(n.kind, n.kind),
                      "r": [[k, v] for k, v in n.details], "g": gaps, "s": f"{n.search or n.label} {n.id}"}
    _subdistricts_readable(graph, nodes)
    edges, edge_info = [], {}
    for i, e in enumerate(graph.edges):
        key = f"e{i}"
        item = {"id": key, "from": e.source, "to": e.target, "width": round(e.width, 1),
                "color": {"color": _color(e.color, "#b0bec5"), "highlight": _color(e.color, "#b0bec5"),
                          "hover": _color(e.color, "#b0bec5")}}
        if e.dashes:
            item["dashes"] = [6, 6]
        edges.append(item)
        rows = list(e.details) + ([("合并关系", f"{e.count:,} 条")] if e.count > 1 else [])
        edge_info[key] = {"t": REL_NAMES.get(e.type, e.type), "r": [[k, v] for k, v in rows]}
    return {"nodes": nodes, "edges": edges, "info": info, "edgeInfo": edge_info, "options": _options(graph, physics),
            "title": graph.title, "layer": graph.layer, "aliases": dict(graph.aliases), "legend": legend_rows(graph), "expand": graph.expand,
            "notes": list(graph.notes), "summary": {"layer": graph.layer, "nodes": len(nodes), "edges": len(edges),
                        "nodesByKind": graph.kind_counts(), "edgesByType": graph.edge_counts()}}


def _swatch(color: str, shape: str) -> str:
    glyph = {"star": "★", "triangle": "▲", "hexagon": "⬢"}.get(shape, "")
    style = f"color:{_color(color)}" if glyph else f"background:{_color(color)}"
    return f'<span class="swatch {html.escape(shape)}" style="{style}">{glyph}</span>'


def legend_rows(graph: MapGraph) -> list[dict[str, Any]]:
    """The legend as data (for pages that build it themselves): node groups, gap kinds, edge types.

    Each row: ``section`` (node, gap or edge), ``label``, ``color``, ``shape``, ``count`` (None for edges), ``dashed``.
    """
    rows: list[dict[str, Any]] = []
    groups = Counter(n.group for n in graph.nodes.values())
    for key, style in GROUPS.items():
        if not key.startswith("gap:") and groups.get(key):
            rows.append({"section": "node", "label": style.label, "color": _color(style.color), "shape": style.shape,
                         "count": groups[key], "dashed": False})
    for kind, count in graph.gap_counts.items():
        gap = GAP_STYLES[kind]
        rows.append({"section": "gap", "label": f"{gap.icon} {gap.label}", "color": _color(gap.color), "shape": "dot",
                     "count": count, "dashed": False})
    seen: dict[str, tuple[str, bool]] = {}
    for e in graph.edges:
        seen.setdefault(e.type, (_color(e.color, "#b0bec5"), e.dashes))
    for rel, (color, dashed) in seen.items():
        rows.append({"section": "edge", "label": REL_NAMES.get(rel, rel), "color": color, "shape": "line", "count": None,
                     "dashed": dashed})
    return rows


def _legend(graph: MapGraph) -> str:
    rows = []
    groups = Counter(n.group for n in graph.nodes.values())
    for key, style in GROUPS.items():
        if key.startswith("gap:") or not groups.get(key):
            continue
        rows.append(f'<div class="legend-row">{_swatch(style.color, style.shape)}<span>{html.escape(style.label)}</span>'
                    f'<span class="n">{groups[key]:,}</span></div>')
    if graph.gap_counts:
        rows.append("<h2>覆盖缺口</h2>")
        for kind, count in graph.gap_counts.items():
            gap = GAP_STYLES[kind]
            rows.append(f'<div class="legend-row">{_swatch(gap.color, "dot")}<span>{html.escape(gap.icon + " " + gap.label)}</span>'
                        f'<span class="n">{count:,}</span></div>')
    seen: dict[str, tuple[str, bool]] = {}
    for e in graph.edges:
        seen.setdefault(e.type, (_color(e.color, "#b0bec5"), e.dashes))
    if seen:
        rows.append("<h2>连线</h2>")
        for rel, (color, dashed) in seen.items():
            rows.append(f'<div class="legend-row"><span class="edge-swatch{" dashed" if dashed else ""}" '
                        f'style="border-top-color:{color}"></span><span>{html.escape(REL_NAMES.get(rel, rel))}</span></div>')
    return "\n".join(rows)


def _filters(graph: MapGraph) -> str:
    kinds = Counter(n.kind for n in graph.nodes.values())
    sectors = Counter(n.sector for n in graph.nodes.values() if n.sector)
    parts = []

    def box(dimension: str, value: str, label: str, count: int) -> str:
        return (f'<div class="filter-row"><label><input type="checkbox" checked data-filter="{dimension}" '
                f'value="{html.escape(value)}"> {html.escape(label)} <span class="n">({count:,})</span></label></div>')

    parts += [box("kind", k, KIND_NAMES.get(k, k), n) for k, n in sorted(kinds.items(), key=lambda kv: list(KIND_NAMES).index(kv[0]) if kv[0] in KIND_NAMES else 99)]
    if sectors:
        parts.append("<h2>领域</h2>")
        parts += [box("sector", s, SECTOR_NAMES.get(s, s), n) for s, n in sorted(sectors.items(), key=lambda kv: -kv[1])]
    if graph.layer == "coverage":
        states = Counter("gap" if n.gaps or n.folded_gaps else "ok" for n in graph.nodes.values())
        parts.append("<h2>缺口</h2>")
        parts += [box("gap", s, {"gap": "有缺口", "ok": "无缺口"}[s], states[s]) for s in ("gap", "ok") if states.get(s)]
    return "\n".join(parts)


def render_page(graph: MapGraph, *, physics: bool = False) -> str:
    """The whole HTML page of ``graph`` (nodes already placed)."""
    js, css = vis_assets()
    layer = LAYER_NAMES.get(graph.layer, graph.layer)
    headline = graph.headline + [f"{len(graph.nodes):,} 个节点", f"{len(graph.edges):,} 条连线"]
    notes = "".join(f'<div class="notes">{html.escape(n)}</div>' for n in graph.notes)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(graph.title)} · {html.escape(layer)}</title>
<style>{css}</style>
<style>{PAGE_CSS % {"font": FONT_STACK}}</style>
</head>
<body>
<header class="bar">
  <h1>{html.escape(graph.title)}</h1>
  <span class="layer">{html.escape(layer)}</span>
  <div class="counts">{"".join(f"<span>{html.escape(h)}</span>" for h in headline)}</div>
</header>
<main>
  <div id="stage"><div id="network"></div><div id="loading">正在绘制网络图……</div><div id="tooltip" hidden></div>
    <div class="tools"><button type="button" id="zoom-in" title="放大">＋</button><button type="button" id="zoom-out" title="缩小">－</button><button type="button" id="fit" title="适应窗口">适应</button></div>
    <div id="legend"><h2>图例</h2>
    {_legend(graph)}
    </div>
  </div>
  <aside id="panel">
    <h2>搜索</h2>
    <input id="search" type="search" placeholder="输入名称，如“北苑社区”" autocomplete="off">
    <ul id="results"></ul>
    {f"<h2>说明</h2>{notes}" if notes else ""}
    <h2>详情</h2>
    <div id="details"><span class="hint">点击节点查看详情；悬停查看摘要；双击展开相连对象。</span></div>
    <h2>筛选</h2>
    {_filters(graph)}
  </aside>
</main>
<script type="application/json" id="map-data">{script_json(page_payload(graph, physics))}</script>
<script>{js}</script>
<script>{PAGE_SCRIPT}</script>
</body>
</html>
"""
