/* The planner's workbench (规划工作台): the circle map in the middle, a community's gaps, needs and
 * partners on the left, the forms that write on the right. Everything comes from this API by fetch;
 * every text from the data is set with textContent (never innerHTML), so names stay text.
 * The token is kept in this tab's sessionStorage and sent as a bearer header only. */
(function () {
  "use strict";
  var TOKEN_KEY = "linli-api-token";
  var state = { vocab: null, communities: [], byCommunity: {}, categories: {}, map: null, network: null,
                nodes: null, edges: null, community: null, overdue: {}, active: null };
  window.__workbench = state;

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }

  function token() { try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; } }
  function api(path, options) {
    options = options || {};
    var headers = { "Accept": "application/json", "Accept-Language": "zh-CN" };
    var init = { method: options.method || "GET", headers: headers, credentials: "same-origin", cache: "no-store" };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    // Sent with reads too: what a session may see (people's names) is the server's to decide by its token.
    if (token()) { headers["Authorization"] = "Bearer " + token(); }
    return fetch(path, init).then(function (r) {
      return r.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
        return { ok: r.ok, status: r.status, data: data };
      });
    }, function (err) { return { ok: false, status: 0, data: { detail: "无法连接服务器：" + err } }; });
  }
  function q(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      if (params[k] !== undefined && params[k] !== null && params[k] !== "") {
        parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(params[k]));
      }
    });
    return parts.length ? "?" + parts.join("&") : "";
  }
  function detailText(data) {
    if (!data) { return "请求失败"; }
    var d = data.detail;
    if (typeof d === "string") { return d; }
    if (Array.isArray(d)) { return d.map(function (x) { return x.msg || JSON.stringify(x); }).join("；"); }
    return JSON.stringify(data);
  }

  // ---- the token ----------------------------------------------------------------------------
  // Who the server says this session is (GET /workbench/session.json): people's names are asked for only when
  // it may see them; the forms say so when it may not write.
  state.session = { people: false, can_write: false };
  function showToken() {
    var has = !!token();
    $("token").hidden = has;
    $("token-save").hidden = has;
    $("token-clear").hidden = !has;
    $("token-state").textContent = has ? "正在核对令牌……" : "未输入令牌：只读";
    return api("workbench/session.json").then(function (res) {
      var s = res.ok ? res.data : { people: false, can_write: false, name: null, role: null };
      var before = state.session.people;
      state.session = s;
      if (!res.ok) { $("token-state").textContent = "令牌无效：" + detailText(res.data); }
      else if (has) {
        $("token-state").textContent = (s.name || "") + (s.role ? "（" + s.role + "）" : "") + "：" +
          (s.can_write ? "可写入" : "只读") + (s.people ? "，可见人员姓名" : "");
      }
      $("write-hint").textContent = s.can_write ? "以 " + s.name + " 的身份写入。"
        : "写入需要 API 令牌（在上方输入一次，本标签页内有效，不会出现在网址中）。";
      return before !== s.people;
    });
  }
  $("token-save").addEventListener("click", function () {
    var value = $("token").value.trim();
    if (value) { sessionStorage.setItem(TOKEN_KEY, value); }
    $("token").value = "";
    showToken().then(function (changed) { if (changed && state.network) { loadMap(); } });
  });
  $("token").addEventListener("keydown", function (e) { if (e.key === "Enter") { $("token-save").click(); } });
  $("token-clear").addEventListener("click", function () {
    sessionStorage.removeItem(TOKEN_KEY);
    showToken().then(function (changed) { if (changed && state.network) { loadMap(); } });
  });

  // ---- the map ------------------------------------------------------------------------------
  function mapId(id) { return (state.map && state.map.aliases[id]) || id; }
  function onMap(id) { return !!(state.nodes && state.nodes.get(mapId(id))); }

  function drawLegend(rows) {
    var box = clear($("legend"));
    var titles = { node: "图例", gap: "覆盖缺口", edge: "连线" };
    var section = null;
    rows.forEach(function (row) {
      if (row.section !== section) { section = row.section; box.appendChild(el("div", "n", titles[section] || section)); }
      var line = el("div", "legend-row");
      var sw = el("span", "swatch " + row.shape + (row.dashed ? " dashed" : ""));
      if (row.shape === "line") { sw.style.borderTopColor = row.color; } else { sw.style.background = row.color; }
      line.appendChild(sw);
      line.appendChild(el("span", null, row.label));
      if (row.count !== null && row.count !== undefined) { line.appendChild(el("span", "n", row.count)); }
      box.appendChild(line);
    });
  }

  function describe(id) {
    var box = $("selection");
    var info = state.map.info[id];
    if (!info) { box.hidden = true; return; }
    clear(box);
    box.appendChild(el("div", "name", info.t));
    box.appendChild(el("div", null, info.k));
    (info.g || []).forEach(function (g) { box.appendChild(el("div", null, g)); });
    var dl = el("dl");
    (info.r || []).slice(0, 10).forEach(function (row) { dl.appendChild(el("dt", null, row[0])); dl.appendChild(el("dd", null, row[1])); });
    box.appendChild(dl);
    box.hidden = false;
  }

  function highlight(ids) {
    if (!state.network) { return; }
    var present = ids.map(mapId).filter(function (id) { return !!state.nodes.get(id); });
    state.network.selectNodes(present, true);
    state.highlighted = present;
    if (present.length) { state.network.fit({ nodes: present, animation: { duration: 400 }, maxZoomLevel: 1.2 }); }
  }

  // A unit the map draws as another node (a subdistrict as its committee) is that node, not a new one.
  function aliased(found) {
    var aliases = state.map.aliases || {};
    found.nodes = found.nodes.filter(function (n) { return !aliases[n.id]; });
    found.edges.forEach(function (e) { e.from = aliases[e.from] || e.from; e.to = aliases[e.to] || e.to; });
    return found;
  }

  // Double-click: the node's neighbours not drawn yet (GET /map/neighbours), placed round it.
  state.expanded = {};
  function expand(id) {
    if (state.expanded[id] !== undefined) { return Promise.resolve(); }
    state.expanded[id] = 0;
    var units = Object.keys(state.map.aliases || {}).filter(function (u) { return state.map.aliases[u] === id; });
    var query = "node=" + encodeURIComponent(id) + units.map(function (u) { return "&unit=" + encodeURIComponent(u); }).join("") +
      (state.session.people ? "&names=true" : "");
    return api("map/neighbours?" + query).then(function (res) {
      if (!res.ok) { delete state.expanded[id]; return; }
      aliased(res.data);
      var at = state.network.getPositions([id])[id];
      var fresh = res.data.nodes.filter(function (n) { return !state.nodes.get(n.id); });
      var radius = 150 + 9 * fresh.length;
      fresh.forEach(function (n, i) {
        var angle = 2 * Math.PI * i / Math.max(1, fresh.length) - Math.PI / 2;
        state.nodes.add({ id: n.id, label: n.label, group: n.group, kind: n.kind, size: n.size,
                          x: at.x + radius * Math.cos(angle), y: at.y + radius * Math.sin(angle) });
        state.map.info[n.id] = n.info;
      });
      res.data.edges.forEach(function (e, i) {
        if (!state.nodes.get(e.from) || !state.nodes.get(e.to)) { return; }
        var twin = state.edges.get({ filter: function (x) { return (x.from === e.from && x.to === e.to) || (x.from === e.to && x.to === e.from); } });
        if (!twin.length) { state.edges.add({ from: e.from, to: e.to, width: e.width, color: e.color, dashes: e.dashes ? [6, 6] : false }); }
      });
      state.expanded[id] = fresh.length;
    });
  }

  function loadMap(asked) {
    document.body.classList.remove("ready");
    return (asked || api("map/data" + q({ layer: "circle", subdistrict: state.subdistrict, names: state.session.people ? "true" : null }))).then(function (res) {
      if (!res.ok) { $("loading").textContent = "网络图载入失败：" + detailText(res.data); return; }
      var data = res.data;
      if (state.network) { state.network.destroy(); }
      state.expanded = {};
      state.map = data;
      $("map-title").textContent = data.title;
      state.nodes = new vis.DataSet(data.nodes);
      state.edges = new vis.DataSet(data.edges);
      data.options.interaction.multiselect = true;
      state.network = new vis.Network($("network"), { nodes: state.nodes, edges: state.edges }, data.options);
      drawLegend(data.legend || []);
      state.network.on("click", function (p) {
        if (p.nodes.length) { describe(p.nodes[0]); } else { $("selection").hidden = true; }
      });
      state.network.on("doubleClick", function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });
      return new Promise(function (resolve) {
        state.network.once("afterDrawing", function () { document.body.classList.add("ready"); resolve(); });
        state.network.fit();
      });
    });
  }

  $("zoom-in").addEventListener("click", function () { if (state.network) { state.network.moveTo({ scale: state.network.getScale() * 1.3 }); } });
  $("zoom-out").addEventListener("click", function () { if (state.network) { state.network.moveTo({ scale: state.network.getScale() / 1.3 }); } });
  $("fit").addEventListener("click", function () { if (state.network) { state.network.fit({ animation: { duration: 300 } }); } });

  // The current view as a PNG: the map's canvas on white, with the title and the legend drawn in.
  function viewPng() {
    var source = $("network").querySelector("canvas");
    var canvas = document.createElement("canvas");
    var ratio = source.width / source.clientWidth || 1;
    var legend = (state.map && state.map.legend) || [];
    var legendWidth = 220 * ratio;
    canvas.width = source.width + legendWidth;
    canvas.height = Math.max(source.height, (60 + 18 * legend.length) * ratio);
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    ctx.scale(ratio, ratio);
    ctx.fillStyle = "#263238";
    ctx.font = "bold 20px " + getComputedStyle(document.body).fontFamily;
    var title = (state.map ? state.map.title : "") + (state.community ? " · " + state.community.name : "");
    ctx.fillText(title, 14, 30);
    ctx.font = "12px " + getComputedStyle(document.body).fontFamily;
    var x = source.clientWidth + 10, y = 30;
    legend.forEach(function (row) {
      ctx.fillStyle = row.color;
      if (row.shape === "line") { ctx.fillRect(x, y - 5, 18, 3); } else { ctx.beginPath(); ctx.arc(x + 6, y - 4, 5, 0, 2 * Math.PI); ctx.fill(); }
      ctx.fillStyle = "#263238";
      ctx.fillText(row.label + (row.count !== null && row.count !== undefined ? "  " + row.count : ""), x + 24, y);
      y += 18;
    });
    return canvas.toDataURL("image/png");
  }
  window.__workbenchPng = viewPng;
  $("export-png").addEventListener("click", function () {
    var a = document.createElement("a");
    a.href = viewPng();
    a.download = ((state.map && state.map.title) || "linli") + (state.community ? "-" + state.community.name : "") + ".png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });

  // ---- pickers --------------------------------------------------------------------------------
  function fillSelect(select, entries, optional) {
    clear(select);
    if (optional) { select.appendChild(el("option", null, "—")).value = ""; }
    entries.forEach(function (pair) { var o = el("option", null, pair[1]); o.value = pair[0]; select.appendChild(o); });
  }
  function fillPickers() {
    var communities = state.communities.map(function (c) { return [c.id, c.name]; });
    var categories = Object.keys(state.categories).map(function (id) { return [id, state.categories[id].name]; });
    Array.prototype.forEach.call(document.querySelectorAll("select[data-source]"), function (s) {
      fillSelect(s, s.dataset.source === "communities" ? communities : categories, !!s.dataset.optional);
    });
    Array.prototype.forEach.call(document.querySelectorAll("select[data-vocab]"), function (s) {
      var names = state.vocab[s.dataset.vocab] || {};
      fillSelect(s, Object.keys(names).map(function (k) { return [k, names[k]]; }), !!s.dataset.optional);
    });
    fillCommunityPicker();
    var sds = $("subdistrict");
    state.subdistricts.forEach(function (sd) { var o = el("option", null, sd.name); o.value = sd.id; sds.appendChild(o); });
    $("subdistrict-pick").hidden = state.subdistricts.length < 2;
  }
  function fillCommunityPicker() {
    var picker = $("community");
    while (picker.options.length > 1) { picker.remove(1); }
    state.communities.forEach(function (c) {
      if (state.subdistrict && c.subdistrict !== state.subdistrict) { return; }
      var o = el("option", null, c.name); o.value = c.id; picker.appendChild(o);
    });
  }
  $("subdistrict").addEventListener("change", function () {
    state.subdistrict = this.value || null;
    fillCommunityPicker();
    var keep = state.community && (!state.subdistrict || state.community.subdistrict === state.subdistrict);
    if (!keep) { state.community = null; $("community").value = ""; $("community-panel").hidden = true; $("pick-hint").hidden = false; }
    loadMap().then(function () { if (keep) { highlight([state.community.id]); } });
  });

  // ---- one community ------------------------------------------------------------------------------
  function statusBadge(status) { return el("span", "status " + status, state.vocab.statuses[status] || status); }

  function renderGaps(report) {
    var box = clear($("gaps"));
    var byKind = {};
    report.gaps.forEach(function (g) { (byKind[g.kind] = byKind[g.kind] || []).push(g); });
    state.overdue = {};
    (byKind.need_overdue || []).forEach(function (g) { state.overdue[g.subject] = g.detail; });
    $("gap-count").textContent = report.gaps.length ? report.gaps.length + " 项" : "";
    if (!report.gaps.length) { box.appendChild(el("div", "hint", "没有覆盖缺口。")); return; }
    Object.keys(byKind).forEach(function (kind) {
      var det = el("details", "gap-kind");
      det.dataset.kind = kind;
      det.appendChild(el("summary", null, (state.vocab.gaps[kind] || kind) + "（" + byKind[kind].length + "）"));
      var ul = el("ul");
      byKind[kind].slice(0, 200).forEach(function (g) {
        ul.appendChild(el("li", null, (g.subject_name || g.subject) + (g.detail ? "：" + g.detail : "")));
      });
      det.appendChild(ul);
      box.appendChild(det);
    });
  }

  function renderMatches(target, need, report) {
    clear(target);
    if (!report.results.length) { target.appendChild(el("div", "hint", "没有可以承接的共建单位或阵地。")); return; }
    var ol = el("ol", "matches");
    report.results.forEach(function (r) {
      var li = el("li");
      li.dataset.id = r.id;
      li.appendChild(el("span", "partner", r.name));
      li.appendChild(el("span", "score", "得分 " + r.score.toFixed(2) + (onMap(r.id) ? "" : "（图中未画出）")));
      var reasons = el("ul");
      r.reasons.forEach(function (why) { reasons.appendChild(el("li", null, why)); });
      li.appendChild(reasons);
      ol.appendChild(li);
    });
    target.appendChild(ol);
    need._matches = report.results;
  }

  function actionsFor(need) {
    var status = need.status;
    if (status === "open") { return ["dispatch"]; }
    if (status === "dispatched") { return ["claim", "resolve", "return"]; }
    if (status === "in_progress") { return ["resolve", "return"]; }
    if (status === "resolved") { return ["rate", "reopen"]; }
    return [];
  }

  function renderActions(box, need) {
    clear(box);
    var partnerPick = null, ratingPick = null;
    var acts = actionsFor(need);
    if (acts.indexOf("dispatch") !== -1) {
      partnerPick = el("select");
      partnerPick.name = "partner";
      (need._matches || []).forEach(function (r) { var o = el("option", null, r.name); o.value = r.id; partnerPick.appendChild(o); });
      box.appendChild(partnerPick);
    }
    if (acts.indexOf("rate") !== -1) {
      ratingPick = el("select");
      ratingPick.name = "rating";
      [5, 4, 3, 2, 1].forEach(function (n) { var o = el("option", null, n + " 分"); o.value = String(n); ratingPick.appendChild(o); });
      box.appendChild(ratingPick);
    }
    var err = el("div", "err");
    acts.forEach(function (action) {
      var b = el("button", null, state.vocab.actions[action] || action);
      b.type = "button";
      b.dataset.action = action;
      b.addEventListener("click", function (e) {
        e.stopPropagation();
        var body = {};
        if (action === "dispatch") { body.partner = partnerPick.value; }
        if (action === "rate") { body.rating = parseInt(ratingPick.value, 10); }
        err.textContent = "";
        api("needs/" + encodeURIComponent(need.id) + "/" + action, { method: "POST", body: body }).then(function (res) {
          if (!res.ok) { err.textContent = writeRefusal(res); return; }
          toast("已" + (state.vocab.actions[action] || action) + "：" + need.name);
          selectCommunity(state.community.id);
        });
      });
      box.appendChild(b);
    });
    box.appendChild(err);
  }

  function renderNeeds(list) {
    var box = clear($("needs"));
    var order = { open: 0, dispatched: 1, in_progress: 2, resolved: 3 };
    list.sort(function (a, b) { return (order[a.status] - order[b.status]) || (a.id < b.id ? -1 : 1); });
    var pending = list.filter(function (n) { return n.status !== "resolved"; }).length;
    $("need-count").textContent = list.length ? pending + " 件待办 / 共 " + list.length + " 件" : "";
    if (!list.length) { box.appendChild(el("div", "hint", "没有诉求。")); }
    var loads = [];
    list.forEach(function (need) {
      var card = el("div", "need");
      card.dataset.need = need.id;
      card.dataset.status = need.status;
      var head = el("div", "title");
      head.appendChild(statusBadge(need.status));
      if (state.overdue[need.id] !== undefined) { card.dataset.overdue = "1"; head.appendChild(statusBadge("overdue")); }
      head.appendChild(el("span", "name", need.name));
      card.appendChild(head);
      var cat = state.categories[need.category];
      card.appendChild(el("div", "meta", [cat ? cat.name : need.category,
        need.households_affected !== null && need.households_affected !== undefined ? need.households_affected + " 户" : null,
        need.reported ? "上报 " + need.reported : null].filter(Boolean).join(" · ")));
      var matches = el("div", "match-box");
      var actions = el("div", "actions");
      card.appendChild(matches);
      card.appendChild(actions);
      card.addEventListener("click", function () {
        Array.prototype.forEach.call(document.querySelectorAll(".need.active"), function (c) { c.classList.remove("active"); });
        card.classList.add("active");
        state.active = need.id;
        highlight([state.community.id].concat((need._matches || []).map(function (r) { return r.id; })));
      });
      box.appendChild(card);
      if (need.status === "resolved") { renderActions(actions, need); return; }
      loads.push(api("match" + q({ need: need.id })).then(function (res) {
        if (res.ok) { renderMatches(matches, need, res.data); } else { matches.appendChild(el("div", "err", detailText(res.data))); }
        renderActions(actions, need);
      }));
    });
    return Promise.all(loads);
  }

  // The planning answers (three rates, dispatch, recruitment) when this server has them; a 404 hides the panel.
  function nameOf(id) {
    if (state.byCommunity[id]) { return state.byCommunity[id].name; }
    var info = state.map && state.map.info[mapId(id)];
    if (info) { return info.t; }
    var need = (state.needs || []).filter(function (n) { return n.id === id; })[0];
    return need ? need.name : id;
  }
  function pct(x) { return x === null || x === undefined ? "—" : (x * 100).toFixed(1) + "%"; }
  function table(head, rows) {
    var t = el("table", "plan"), tr = el("tr");
    head.forEach(function (h) { tr.appendChild(el("th", null, h)); });
    t.appendChild(tr);
    rows.forEach(function (row) {
      var r = el("tr");
      row.forEach(function (cell) { if (cell instanceof Node) { var td = el("td"); td.appendChild(cell); r.appendChild(td); } else { r.appendChild(el("td", null, cell)); } });
      t.appendChild(r);
    });
    return t;
  }
  function renderRates(body, data, id) {
    var mine = (data.rows || []).filter(function (r) { return r.id === id; })[0];
    var all = data.total || {};
    var cols = [mine || {}, all];
    body.appendChild(table(["", "本社区", "全部"], [
      ["上报诉求"].concat(cols.map(function (c) { return c.reported === undefined ? "—" : c.reported; })),
      ["响应率"].concat(cols.map(function (c) { return pct(c.response_rate); })),
      ["解决率"].concat(cols.map(function (c) { return pct(c.resolution_rate); })),
      ["满意率"].concat(cols.map(function (c) { return pct(c.satisfaction_rate); })),
    ]));
  }
  var REASONS = { no_candidate: "片区内没有可承接的单位", capacity: "可承接的单位都已满负荷" };
  function renderDispatch(body, data, id) {
    body.appendChild(el("div", "meta", "可派 " + data.assigned + " 件，总分 " + Number(data.total_score).toFixed(2) +
      "（逐件就近派单：" + data.greedy.assigned + " 件，" + Number(data.greedy.total_score).toFixed(2) + "）"));
    if (data.assignments.length) {
      body.appendChild(table(["诉求", "派给", "得分"], data.assignments.map(function (a) {
        return [nameOf(a.need), nameOf(a.candidate), Number(a.score).toFixed(2)];
      })));
      var apply = el("button", null, "按此方案派单");
      apply.type = "button";
      apply.id = "apply-dispatch";
      var err = el("div", "err");
      apply.addEventListener("click", function () {
        api("dispatch" + q({ community: id }), { method: "POST", body: {} }).then(function (res) {
          if (!res.ok) { err.textContent = writeRefusal(res); return; }
          toast("已按方案派单 " + res.data.assigned + " 件");
          selectCommunity(id);
        });
      });
      body.appendChild(apply);
      body.appendChild(err);
    }
    data.unassigned.forEach(function (u) { body.appendChild(el("div", "hint", nameOf(u.need) + "：" + (REASONS[u.reason] || u.reason))); });
  }
  function renderRecommend(body, data, id) {
    var plan = (data.subdistricts || [])[0];
    if (!plan) { body.appendChild(el("div", "hint", "（无）")); return; }
    body.appendChild(el("div", "meta", "新签 " + plan.agreements.length + " 份协议可补上 " + plan.value + " 处缺口（本街道）"));
    var rows = plan.agreements.slice().sort(function (a, b) { return (b.community === id) - (a.community === id); });
    body.appendChild(table(["共建单位", "社区", "补上"], rows.map(function (a) {
      var closes = a.closes_needs.map(nameOf);
      if (a.closes_community_gap) { closes.push("社区无共建单位"); }
      return [nameOf(a.partner), nameOf(a.community), closes.join("、") || "—"];
    })));
  }
  function planningPanel(panel, path, render, id) {
    return api(path).then(function (res) {
      var body = clear(panel.querySelector(".body"));
      if (res.status === 404 && !(res.data && res.data.candidates)) { panel.hidden = true; return; }
      panel.hidden = false;
      if (!res.ok) { body.appendChild(el("div", "err", detailText(res.data))); return; }
      try { render(body, res.data, id); } catch (e) { body.appendChild(el("div", "err", "无法显示：" + e)); }
    });
  }

  function selectCommunity(id) {
    var c = state.byCommunity[id];
    if (!c) { $("community-panel").hidden = true; $("pick-hint").hidden = false; return Promise.resolve(); }
    state.community = c;
    $("community").value = id;
    $("pick-hint").hidden = true;
    $("community-panel").hidden = false;
    $("community-name").textContent = c.name;
    $("export-xlsx").href = "workbench/community.xlsx" + q({ community: id });
    $("community-facts").textContent = [c.households ? c.households + " 户" : null,
      state.map && state.map.info[mapId(id)] ? state.map.info[mapId(id)].k : null].filter(Boolean).join(" · ");
    Array.prototype.forEach.call(document.querySelectorAll("select[name=community], select[name=target]"), function (s) { s.value = id; });
    highlight([id]);
    var busy = Promise.all([
      api("gaps" + q({ community: id })),
      api("needs" + q({ community: id, limit: 1000 })),
    ]).then(function (answers) {
      if (answers[0].ok) { renderGaps(answers[0].data); } else { clear($("gaps")).appendChild(el("div", "err", detailText(answers[0].data))); }
      if (!answers[1].ok) { clear($("needs")).appendChild(el("div", "err", detailText(answers[1].data))); return null; }
      state.needs = answers[1].data.data;
      return renderNeeds(answers[1].data.data);
    });
    var planning = busy.then(function () {  // after the needs: the plans name them
      return Promise.all([
        planningPanel($("rates-panel"), "rates" + q({ by: "community" }), renderRates, id),
        planningPanel($("dispatch-panel"), "dispatch" + q({ community: id }), renderDispatch, id),
        planningPanel($("recommend-panel"), "recommend" + q({ k: 3, subdistrict: c.subdistrict }), renderRecommend, id),
      ]);
    });
    return planning.then(function () { document.body.dataset.community = id; });
  }
  $("community").addEventListener("change", function () { selectCommunity(this.value); });

  // ---- forms ------------------------------------------------------------------------------------------
  function toast(text) { $("toast").textContent = text; }
  function writeRefusal(res) {
    if (res.status === 401 || res.status === 403) {
      return (token() ? "令牌无效，写入被拒绝" : "需要 API 令牌才能写入（在页面上方输入）") + "：" + detailText(res.data);
    }
    return detailText(res.data);
  }
  function formBody(form) {
    var body = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name], select[name]"), function (f) {
      var v = f.value.trim();
      if (v === "") { return; }
      if (f.dataset.type === "int") { body[f.name] = Number(v); }
      else if (f.dataset.type === "list") { body[f.name] = v.split(/[、，,;；]/).map(function (s) { return s.trim(); }).filter(Boolean); }
      else { body[f.name] = v; }
    });
    return body;
  }
  function showErrors(form, res) {
    var placed = false;
    if (res.status === 422 && Array.isArray(res.data && res.data.detail)) {
      res.data.detail.forEach(function (d) {
        var loc = d.loc || [];
        var field = loc[loc.length - 1];
        var slot = form.querySelector('.err[data-for="' + field + '"]');
        if (slot && typeof field === "string") {
          slot.textContent = (slot.textContent ? slot.textContent + "；" : "") + (d.msg || "") + (d.input !== undefined && d.input !== null && typeof d.input !== "object" ? "（" + d.input + "）" : "");
          var input = form.querySelector('[name="' + field + '"]');
          if (input) { input.classList.add("invalid"); }
          placed = true;
        }
      });
    }
    if (!placed) { form.querySelector('.err[data-for="_form"]').textContent = writeRefusal(res); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-path]"), function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      Array.prototype.forEach.call(form.querySelectorAll(".err"), function (x) { x.textContent = ""; });
      Array.prototype.forEach.call(form.querySelectorAll(".invalid"), function (x) { x.classList.remove("invalid"); });
      api(form.dataset.path, { method: "POST", body: formBody(form) }).then(function (res) {
        if (!res.ok) { showErrors(form, res); return; }
        toast("已登记：" + (res.data.name ? res.data.name + "（编号 " + res.data.id + "）" : (res.data.source + " → " + res.data.target)));
        form.reset();
        if (state.community) { selectCommunity(state.community.id); }
      });
    });
  });

  // ---- start --------------------------------------------------------------------------------------------
  // The map is asked for as soon as the session is known, alongside the pickers' lists (it is the slowest answer).
  var firstMap = showToken().then(function () {
    return api("map/data" + q({ layer: "circle", subdistrict: new URLSearchParams(location.search).get("subdistrict"),
                                names: state.session.people ? "true" : null }));
  });
  Promise.all([
    api("workbench/vocabulary.json"),
    api("communities" + q({ limit: 1000 })),
    api("categories"),
    api("workbench/subdistricts.json"),
  ]).then(function (answers) {
    state.subdistricts = answers[3].ok ? answers[3].data : [];
    state.subdistrict = new URLSearchParams(location.search).get("subdistrict") || null;
    state.vocab = answers[0].data;
    state.communities = answers[1].ok ? answers[1].data.data : [];
    state.communities.forEach(function (c) { state.byCommunity[c.id] = c; });
    (answers[2].ok ? answers[2].data.data : []).forEach(function (c) { state.categories[c.id] = c; });
    fillPickers();
    if (state.subdistrict) { $("subdistrict").value = state.subdistrict; fillCommunityPicker(); }
    return loadMap(firstMap);
  }).then(function () {
    var wanted = new URLSearchParams(location.search).get("community");
    return wanted ? selectCommunity(wanted) : null;
  }).then(function () {
    window.__workbenchReady = true;
    window.__readyMs = Math.round(performance.now());
  });
})();
