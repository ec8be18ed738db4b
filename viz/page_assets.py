"""The page's own CSS and JavaScript (no Bootstrap, no CDN, nothing fetched).

Kept as Python strings, not package data files, so an installed wheel always
has them. The script reads the map from a ``<script type="application/json">``
block and builds every piece of text it shows with ``textContent``, never
``innerHTML``, so names from the data cannot become markup. It sets
``window.__graphReady = true`` once the first frame is drawn.
"""

from __future__ import annotations

__all__ = ["PAGE_CSS", "PAGE_SCRIPT"]

PAGE_CSS = """
:root { --font: %(font)s; --ink: #263238; --muted: #607d8b; --line: #e3e7ea; --party: #b71c1c; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%%; font-family: var(--font); color: var(--ink); background: #f6f7f9; }
body { display: flex; flex-direction: column; }
header.bar { display: flex; align-items: center; gap: 24px; padding: 10px 20px; color: #fff;
  background: linear-gradient(90deg, #8e0000 0%%, #c62828 60%%, #d84315 100%%); box-shadow: 0 2px 6px rgba(0,0,0,.18); z-index: 2; }
header.bar h1 { margin: 0; font-size: 20px; font-weight: 700; letter-spacing: .5px; white-space: nowrap; }
header.bar .layer { font-size: 15px; opacity: .92; padding: 2px 10px; border: 1px solid rgba(255,255,255,.5); border-radius: 12px; white-space: nowrap; }
header.bar .counts { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; opacity: .95; }
header.bar .counts span::before { content: "●"; margin-right: 5px; font-size: 9px; vertical-align: 2px; opacity: .7; }
main { flex: 1; display: flex; min-height: 0; }
#stage { flex: 1; min-width: 0; position: relative; }
#network { position: absolute; inset: 0; background: radial-gradient(circle at 50%% 45%%, #ffffff 0%%, #f3f4f6 100%%); }
aside#panel { width: 300px; overflow-y: auto; background: #fff; border-left: 1px solid var(--line); padding: 12px 14px; font-size: 13px; }
aside h2 { font-size: 13px; color: var(--muted); margin: 14px 0 6px; font-weight: 600; letter-spacing: 1px; }
aside h2:first-child { margin-top: 0; }
#search { width: 100%%; padding: 7px 10px; border: 1px solid #cfd8dc; border-radius: 6px; font: inherit; }
#search:focus { outline: 2px solid #ef9a9a; border-color: #e57373; }
#results { list-style: none; margin: 4px 0 0; padding: 0; max-height: 220px; overflow-y: auto; }
#results li { padding: 4px 8px; border-radius: 4px; cursor: pointer; display: flex; justify-content: space-between; gap: 8px; }
#results li:hover, #results li.active { background: #fdecea; }
#results li small { color: var(--muted); white-space: nowrap; }
.legend-row, .filter-row { display: flex; align-items: center; gap: 7px; padding: 2px 0; }
.legend-row .n { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: 12px; height: 12px; flex: none; border-radius: 50%%; border: 1px solid rgba(0,0,0,.25); }
.swatch.diamond { border-radius: 1px; transform: rotate(45deg) scale(.85); }
.swatch.square, .swatch.box { border-radius: 2px; }
.swatch.star, .swatch.triangle, .swatch.hexagon { border: none; background: none !important; border-radius: 0; width: auto; height: auto; font-size: 14px; line-height: 12px; }
.edge-swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; flex: none; }
.edge-swatch.dashed { border-top-style: dashed; border-top-width: 2px; }
.filter-row label { display: flex; gap: 6px; align-items: center; cursor: pointer; }
.notes { background: #fff8e1; border: 1px solid #ffe082; border-radius: 6px; padding: 6px 9px; margin: 4px 0; line-height: 1.5; }
#details dl, #tooltip dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 3px 10px; }
#details dt { color: var(--muted); white-space: nowrap; }
#tooltip dt { opacity: .7; white-space: nowrap; }
#details dd, #tooltip dd { margin: 0; word-break: break-all; }
#details .name { font-size: 15px; font-weight: 700; margin-bottom: 2px; }
#details .kind { color: var(--muted); margin-bottom: 6px; }
#details .gap { color: #c62828; }
#details .hint { color: var(--muted); }
#details ul { margin: 4px 0 0; padding-left: 16px; }
#details li { cursor: pointer; }
#details li:hover { text-decoration: underline; }
#tooltip { position: absolute; z-index: 5; pointer-events: none; max-width: 320px; background: rgba(38,50,56,.94); color: #fff;
  border-radius: 6px; padding: 8px 10px; font-size: 12.5px; line-height: 1.5; box-shadow: 0 3px 10px rgba(0,0,0,.25); }
#tooltip .name { font-weight: 700; font-size: 14px; }
#tooltip .kind { opacity: .75; }
#tooltip .gap { color: #ffab91; }
#tooltip[hidden] { display: none; }
#loading { position: absolute; inset: 0; pointer-events: none; display: flex; align-items: center; justify-content: center; color: var(--muted); font-size: 16px; }
body.ready #loading { display: none; }
.tools { position: absolute; top: 10px; left: 10px; display: flex; gap: 4px; z-index: 4; }
.tools button { font: inherit; font-size: 13px; padding: 3px 9px; border: 1px solid #cfd8dc; border-radius: 4px; background: #fff; cursor: pointer; }
#legend { position: absolute; right: 10px; bottom: 10px; z-index: 3; background: rgba(255,255,255,.93); border: 1px solid var(--line);
  border-radius: 6px; padding: 6px 10px; font-size: 12px; max-height: 55%%; overflow-y: auto; min-width: 170px; }
#legend h2 { font-size: 12px; color: var(--muted); margin: 6px 0 3px; font-weight: 600; }
#legend h2:first-child { margin-top: 0; cursor: pointer; }
#legend h2:first-child::after { content: " ▾"; }
#legend.collapsed > :not(:first-child) { display: none; }
#legend.collapsed h2:first-child::after { content: " ▸"; }
/* Printing (and image export): the map, its title bar and its legend; the sidebar, tooltip and buttons stay on screen. */
@media print {
  @page { size: A4 landscape; margin: 8mm; }
  html, body { height: auto; background: #fff; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  aside#panel, .tools, #tooltip, #loading { display: none !important; }
  main { display: block; }
  #stage { width: 100%%; height: 170mm; }
  #network { background: #fff; }
  #legend { max-height: none; overflow: visible; background: #fff; }
  #legend.collapsed > :not(:first-child) { display: revert; }
  #legend.collapsed > .legend-row { display: flex; }
}
body.export aside#panel, body.export .tools, body.export #tooltip { display: none !important; }
body.export #legend { max-height: none; overflow: visible; font-size: 15px; padding: 10px 14px; }
body.export #legend h2 { font-size: 15px; }
body.export #network { background: #fff; }
"""

PAGE_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var container = document.getElementById("network");
  var stage = document.getElementById("stage");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.__map = { network: network, nodes: nodes, edges: edges, summary: data.summary };

  function ready() {
    if (window.__graphReady) { return; }
    window.__graphReady = true;
    window.__readyMs = Math.round(performance.now());
    document.body.classList.add("ready");
  }
  network.once("afterDrawing", function () {
    if (!data.options.physics.enabled) { ready(); }
  });
  network.once("stabilizationIterationsDone", function () { network.fit(); ready(); });
  network.fit();

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function describe(id, target, withLinks, maxRows) {
    var info = data.info[id];
    target.textContent = "";
    if (!info) { return; }
    target.appendChild(el("div", "name", info.t));
    target.appendChild(el("div", "kind", info.k));
    (info.g || []).forEach(function (g) { target.appendChild(el("div", "gap", g)); });
    if (info.r && info.r.length) {
      var dl = el("dl");
      info.r.slice(0, maxRows || info.r.length).forEach(function (row) {
        dl.appendChild(el("dt", null, row[0]));
        dl.appendChild(el("dd", null, row[1]));
      });
      target.appendChild(dl);
    }
    if (withLinks) {
      var near = network.getConnectedNodes(id);
      if (near.length) {
        target.appendChild(el("h2", null, "相连 " + near.length));
        var ul = el("ul");
        near.slice(0, 40).forEach(function (other) {
          var li = el("li", null, (data.info[other] || {}).t || other);
          li.addEventListener("click", function () { jump(other); });
          ul.appendChild(li);
        });
        if (near.length > 40) { ul.appendChild(el("div", "hint", "……共 " + near.length + " 个")); }
        target.appendChild(ul);
      }
    }
  }

  var tip = document.getElementById("tooltip");
  function showTip(fill, pointer) {
    fill(tip);
    tip.hidden = false;
    var x = pointer.DOM.x + 16, y = pointer.DOM.y + 12;
    var w = stage.clientWidth, h = stage.clientHeight;
    tip.style.left = Math.min(x, w - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(y, h - tip.offsetHeight - 8) + "px";
  }
  network.on("hoverNode", function (p) { showTip(function (t) { describe(p.node, t, false, 9); }, p.pointer); });
  network.on("hoverEdge", function (p) {
    var info = data.edgeInfo[p.edge];
    if (!info) { return; }
    showTip(function (t) {
      t.textContent = "";
      t.appendChild(el("div", "name", info.t));
      (info.r || []).forEach(function (row) { t.appendChild(el("div", null, row[0] + "：" + row[1])); });
    }, p.pointer);
  });
  ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (ev) { network.on(ev, function () { tip.hidden = true; }); });

  // Selecting a node fades everything it is not connected to (skipped on very big maps: one update per node).
  var dimmed = false;
  function highlight(id) {
    if (data.nodes.length > 4000) { return; }
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: keep[n.id] ? 1 : 0.15 }; }));
    edges.update(data.edges.map(function (e) {
      var near = e.from === id || e.to === id;
      return { id: e.id, color: { color: e.color.color, highlight: e.color.color, hover: e.color.color, opacity: near ? 1 : 0.07 } };
    }));
    dimmed = true;
  }
  function undim() {
    if (!dimmed) { return; }
    nodes.update(data.nodes.map(function (n) { return { id: n.id, opacity: 1 }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: e.color }; }));
    dimmed = false;
  }
  var details = document.getElementById("details");
  function jump(id) {
    network.selectNodes([id]);
    highlight(id);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 450 } });
    describe(id, details, true);
  }
  // A click's dimming waits a moment on big maps (it updates every node), so that it does not hold up the
  // second click of a double-click; a double-click cancels it.
  var pendingClick = null;
  network.on("click", function (p) {
    clearTimeout(pendingClick);
    pendingClick = setTimeout(function () {
      if (p.nodes.length) { describe(p.nodes[0], details, true); highlight(p.nodes[0]); } else { undim(); }
    }, data.nodes.length > 1000 ? 300 : 0);
  });

  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var order = data.nodes.map(function (n) { return n.id; });
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    results.textContent = "";
    if (!q) { return; }
    var found = [];
    for (var i = 0; i < order.length && found.length < 15; i++) {
      var info = data.info[order[i]];
      if (info && info.s.toLowerCase().indexOf(q) !== -1) { found.push(order[i]); }
    }
    if (!found.length) { results.appendChild(el("li", null, "没有找到")); return; }
    found.forEach(function (id, k) {
      var li = el("li", k === 0 ? "active" : null);
      li.appendChild(el("span", null, data.info[id].t));
      li.appendChild(el("small", null, data.info[id].k));
      li.dataset.node = id;
      li.addEventListener("click", function () { jump(id); });
      results.appendChild(li);
    });
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var first = results.querySelector("li[data-node]");
      if (first) { jump(first.dataset.node); }
    }
  });

  function zoomBy(factor) { network.moveTo({ scale: network.getScale() * factor }); }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.3); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(1 / 1.3); });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  var legend = document.getElementById("legend");
  legend.firstElementChild.addEventListener("click", function () { legend.classList.toggle("collapsed"); });
  // Printing redraws the canvas at the printed size, fitted, so the whole map is on the page.
  window.addEventListener("beforeprint", function () { network.redraw(); network.fit(); });

  // Double-click: the node's neighbours not drawn yet, placed round it — from the file (small maps embed them)
  // or, when a Linli server serves the page, from GET /map/neighbours.
  var expanded = {}, added = 0;
  function addNeighbours(id, found) {
    var at = network.getPositions([id])[id];
    var fresh = found.nodes.filter(function (n) { return !nodes.get(n.id); });
    var radius = 150 + 9 * fresh.length;
    fresh.forEach(function (n, i) {
      var angle = 2 * Math.PI * i / Math.max(1, fresh.length) - Math.PI / 2;
      var item = { id: n.id, label: n.label, group: n.group, kind: n.kind, size: n.size,
                   x: at.x + radius * Math.cos(angle), y: at.y + radius * Math.sin(angle) };
      nodes.add(item);
      data.nodes.push(item);
      data.info[n.id] = n.info;
      order.push(n.id);
    });
    found.edges.forEach(function (e) {
      if (!nodes.get(e.from) || !nodes.get(e.to)) { return; }
      var twin = edges.get({ filter: function (x) { return (x.from === e.from && x.to === e.to) || (x.from === e.to && x.to === e.from); } });
      if (twin.length) { return; }
      var key = "x" + (added++);
      var item = { id: key, from: e.from, to: e.to, width: e.width, color: e.color, dashes: e.dashes ? [6, 6] : false };
      edges.add(item);
      data.edges.push(item);
      data.edgeInfo[key] = e.info;
    });
    expanded[id] = fresh.length;
    describe(id, details, true);
    if (found.more) { details.appendChild(el("div", "hint", "另有 " + found.more + " 个相连对象未展开")); }
  }
  network.on("doubleClick", function (p) {
    clearTimeout(pendingClick);
    if (!p.nodes.length) { return; }
    var id = p.nodes[0];
    if (expanded[id] !== undefined) { return; }
    expanded[id] = 0;
    if (data.expand && data.expand[id]) { addNeighbours(id, data.expand[id]); return; }
    if (/^https?:$/.test(location.protocol)) {
      var units = Object.keys(data.aliases || {}).filter(function (u) { return data.aliases[u] === id; });
      var query = "node=" + encodeURIComponent(id) + units.map(function (u) { return "&unit=" + encodeURIComponent(u); }).join("");
      fetch("map/neighbours?" + query, { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (found) {
          if (!found) { return; }
          var aliases = data.aliases || {};  // a unit the map draws as another node is that node
          found.nodes = found.nodes.filter(function (n) { return !aliases[n.id]; });
          found.edges.forEach(function (e) { e.from = aliases[e.from] || e.from; e.to = aliases[e.to] || e.to; });
          addNeighbours(id, found);
        }, function () { delete expanded[id]; });
    }
  });
  window.__map.expanded = expanded;

  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  function applyFilters() {
    var off = { kind: {}, sector: {}, gap: {} };
    boxes.forEach(function (b) { if (!b.checked) { off[b.dataset.filter][b.value] = true; } });
    var changes = data.nodes.map(function (n) {
      var hide = !!off.kind[n.kind] || (n.sector ? !!off.sector[n.sector] : false) || !!off.gap[n.gapState];
      return { id: n.id, hidden: hide };
    });
    nodes.update(changes);
  }
  boxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
})();
"""
