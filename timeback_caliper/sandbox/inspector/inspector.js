// The sandbox inspector: lists what the sandbox received, live, from the JSON under
// /_sandbox/ (timeback_caliper/sandbox/_inspector.py). No framework and no build step;
// every text from the sandbox is set as text, never parsed as HTML.
"use strict";

(() => {
  const params = new URLSearchParams(location.search);
  const POLL_MS = Math.max(100, Number(params.get("poll")) || 1000);
  const PAGE = 100;
  const MAX_ROWS = 500; // lines a list keeps; older ones come back with "Older"
  const CHART_EVERY = 5; // polls between two chart refreshes
  const COLORS = ["#2456c7", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
    "#e6ab02", "#a6761d", "#17becf", "#666666"];

  const state = {
    tab: "requests",
    loads: { requests: 0, events: 0 }, // the latest load of each list: older replies are dropped
    lists: { requests: emptyList(), events: emptyList() },
    selected: null, // {kind, id}
    generation: null,
    polls: 0,
    types: new Set(),
  };

  function emptyList() {
    return { newest: null, oldest: null, rows: 0, total: 0, loaded: false, ids: new Set(), busy: false };
  }

  const $ = (selector) => document.querySelector(selector);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  async function api(path, options) {
    const reply = await fetch(path, { cache: "no-store", ...options });
    let body = null;
    try { body = await reply.json(); } catch (_) { /* an empty or non-JSON reply */ }
    if (!reply.ok) {
      const error = new Error((body && body.message) || `${reply.status} ${reply.statusText}`);
      error.status = reply.status;
      throw error;
    }
    return body;
  }

  function localTime(value) {
    const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    const pad = (n, w = 2) => String(n).padStart(w, "0");
    const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    return `${day} ${time}.${pad(date.getMilliseconds(), 3)}`;
  }

  function notice(text) {
    const box = $("#notice");
    box.textContent = text;
    box.hidden = !text;
  }

  // -- lists ---------------------------------------------------------------------------

  function filterQuery(tab) {
    const query = new URLSearchParams();
    for (const field of $(`#filters-${tab}`).elements) {
      if (!field.name || !field.value.trim()) continue;
      let value = field.value.trim();
      if (field.type === "datetime-local") value = new Date(value).toISOString();
      query.set(field.name, value);
    }
    return query;
  }

  function statusClass(status) {
    if (status === null) return "status-none";
    return status >= 400 ? "status-bad" : "status-ok";
  }

  function requestRow(item) {
    return el("tr", { "data-id": item.id, "data-status": item.status ?? "none" },
      el("td", { class: "mono" }, localTime(item.at)),
      el("td", { class: "mono", title: item.path }, `${item.method} ${item.path}`),
      el("td", { class: statusClass(item.status) }, item.status ?? "no reply"),
      el("td", {}, item.latencyMs.toFixed(1)),
      el("td", { class: "mono" }, item.fault || ""),
      el("td", { class: "mono", title: item.requestId || "" }, item.requestId || ""));
  }

  function eventRow(item) {
    if (item.type) state.types.add(item.type);
    const actor = item.actorEmail || item.actorId || "";
    return el("tr", { "data-id": item.id },
      el("td", {}, item.id),
      el("td", { class: "mono" }, localTime(item.storedAt)),
      el("td", {}, item.type),
      el("td", {}, item.action),
      el("td", { title: actor }, actor),
      el("td", { title: item.sensor }, item.sensor));
  }

  // Rows for the lines not shown yet (two replies may carry the same line).
  function rowsOf(tab, items, list) {
    const fresh = items.filter((item) => !list.ids.has(item.id));
    fresh.forEach((item) => list.ids.add(item.id));
    list.rows += fresh.length;
    return fresh.map((item) => {
      const row = tab === "requests" ? requestRow(item) : eventRow(item);
      row.addEventListener("click", () => open(tab, item.id));
      if (state.selected && state.selected.kind === tab && state.selected.id === item.id) {
        row.classList.add("selected");
      }
      return row;
    });
  }

  function showListError(error) {
    const box = $("#list-error");
    box.textContent = error ? error.message : "";
    box.hidden = !error;
  }

  function updateEmpty() {
    const list = state.lists[state.tab];
    $("#empty").hidden = !list.loaded || list.rows > 0;
    $("#older").hidden = !list.loaded || list.rows === 0 || list.exhausted;
  }

  function setTotal(tab, total) {
    $(`#${tab}-total`).textContent = `(${total})`;
  }

  async function load(tab) {
    const query = filterQuery(tab);
    query.set("limit", PAGE);
    const mine = ++state.loads[tab];
    let body;
    try {
      body = await api(`/_sandbox/${tab}?${query}`);
    } catch (error) {
      showListError(error);
      return;
    }
    if (mine !== state.loads[tab]) return; // a later load (another filter) is on its way
    showListError(null);
    const items = body[tab];
    const list = state.lists[tab] = emptyList();
    list.loaded = true;
    list.exhausted = items.length < PAGE;
    list.total = body.total;
    if (items.length) {
      list.newest = items[0].id;
      list.oldest = items[items.length - 1].id;
    }
    $(`#${tab}-table tbody`).replaceChildren(...rowsOf(tab, items, list));
    setTotal(tab, body.total);
    updateTypes();
    updateEmpty();
  }

  async function poll(tab) {
    const list = state.lists[tab];
    if (!list.loaded) return load(tab);
    const query = filterQuery(tab);
    query.set("limit", PAGE);
    const after = list.newest;
    if (after !== null) query.set("after", after);
    const loads = state.loads[tab];
    const body = await api(`/_sandbox/${tab}?${query}`);
    // Dropped if the list was loaded again meanwhile (a filter changed) or moved on.
    if (state.lists[tab] !== list || state.loads[tab] !== loads || list.newest !== after) return;
    const items = body[tab];
    if (!items.length) return;
    if (items.length === PAGE) return load(tab); // more arrived than a page: start over
    list.newest = items[0].id;
    if (list.oldest === null) list.oldest = items[items.length - 1].id;
    const rows = rowsOf(tab, items, list);
    list.total += rows.length; // a poll's reply counts only what is new
    setTotal(tab, list.total);
    rows.forEach((row) => row.classList.add("fresh"));
    const tbody = $(`#${tab}-table tbody`);
    tbody.prepend(...rows);
    while (tbody.children.length > MAX_ROWS) {
      list.ids.delete(Number(tbody.lastElementChild.dataset.id));
      tbody.lastElementChild.remove();
      list.rows -= 1;
      list.exhausted = false;
    }
    list.oldest = Number(tbody.lastElementChild.dataset.id);
    updateTypes();
    updateEmpty();
  }

  async function older() {
    const tab = state.tab;
    const list = state.lists[tab];
    if (list.busy || list.oldest === null) return; // one at a time: a second click waits
    list.busy = true;
    try {
      const query = filterQuery(tab);
      query.set("limit", PAGE);
      query.set("before", list.oldest);
      const body = await api(`/_sandbox/${tab}?${query}`);
      if (state.lists[tab] !== list) return;
      const items = body[tab];
      list.exhausted = items.length < PAGE;
      if (items.length) list.oldest = items[items.length - 1].id;
      $(`#${tab}-table tbody`).append(...rowsOf(tab, items, list));
      updateEmpty();
    } catch (error) {
      showListError(error);
    } finally {
      list.busy = false;
    }
  }

  function updateTypes() {
    const known = [...state.types].sort();
    const box = $("#event-types");
    if (box.children.length !== known.length) {
      box.replaceChildren(...known.map((type) => el("option", { value: type })));
    }
  }

  function showTab(tab) {
    state.tab = tab;
    for (const node of document.querySelectorAll("[data-tab]")) {
      if (node.tagName === "BUTTON") node.classList.toggle("active", node.dataset.tab === tab);
      else node.hidden = node.dataset.tab !== tab;
    }
    updateEmpty();
    if (!state.lists[tab].loaded) load(tab);
  }

  // -- one request, event or job ---------------------------------------------------------

  async function open(kind, id) {
    state.selected = { kind, id };
    history.replaceState(null, "", `#${kind}/${id}`);
    for (const row of document.querySelectorAll("tbody tr.selected")) row.classList.remove("selected");
    const row = $(`#${kind}-table tbody tr[data-id="${id}"]`);
    if (row) row.classList.add("selected");
    const detail = $("#detail");
    try {
      const body = await api(`/_sandbox/${kind}/${id}`);
      detail.replaceChildren(...(kind === "requests" ? requestDetail(body) : eventDetail(body)));
    } catch (error) {
      detail.replaceChildren(el("p", { class: "error" }, error.message));
    }
  }

  function fields(pairs) {
    return el("dl", {}, pairs.filter(([, value]) => value !== null && value !== undefined && value !== "")
      .map(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
  }

  function requestDetail(item) {
    const parts = [
      el("h2", {}, `${item.method} ${item.path}`),
      fields([
        ["status", el("span", { class: statusClass(item.status) },
          item.status ?? "no reply (the connection was dropped or the client went away)")],
        ["time", localTime(item.at)],
        ["latency", `${item.latencyMs.toFixed(1)} ms`],
        ["request id", item.requestId],
        ["fault", item.fault],
        ["message", item.message],
        ["job", item.jobId],
      ]),
    ];
    const issues = item.errors || [];
    if (issues.length) {
      parts.push(el("h3", {}, `Refused: ${issues.length} error${issues.length > 1 ? "s" : ""}`),
        el("ul", { class: "errors" }, issues.map((issue) =>
          el("li", {}, el("code", {}, issue.path || "(root)"), ": ", issue.message))));
    }
    if (item.validation) parts.push(...levels(item.validation));
    if (item.body !== null) {
      let value;
      try { value = JSON.parse(item.body); } catch (_) { value = undefined; }
      parts.push(el("h3", {}, "Body"));
      parts.push(value === undefined ? el("pre", { class: "json" }, item.body) : jsonTree(value, issues));
    } else if (item.bodyBytes) {
      parts.push(el("p", { class: "hint" }, `Body of ${item.bodyBytes} bytes, not kept (larger than the log keeps).`));
    }
    if (item.job) parts.push(...jobDetail(item.job));
    return parts;
  }

  function eventDetail(item) {
    const event = item.event;
    const parts = [
      el("h2", {}, `${event.type} · ${event.action}`),
      fields([
        ["number", event.id],
        ["id", event.externalId],
        ["event time", event.eventTime],
        ["stored", localTime(event.created_at)],
        ["sensor", event.sensor],
        ["profile", event.profile],
        ["client", event.clientAppId],
      ]),
      ...levels(item.validation),
      el("h3", {}, "As sent"),
      jsonTree(item.sent, item.validation.strict),
    ];
    if (item.job) parts.push(...jobDetail(item.job));
    return parts;
  }

  // The issues at each level the sandbox checks at: what a send would meet at each.
  function levels(validation) {
    return [
      el("h3", {}, "Validation"),
      el("div", { class: "levels" }, Object.entries(validation).map(([level, issues]) => {
        const errors = issues.filter((issue) => issue.severity === "error");
        return el("div", { class: "level", "data-level": level },
          el("h4", {}, `${level}: `, el("span", { class: errors.length ? "status-bad" : "status-ok" },
            errors.length ? `${errors.length} error${errors.length > 1 ? "s" : ""}` : "valid")),
          issues.length ? el("ul", {}, issues.map((issue) =>
            el("li", { class: issue.severity }, el("code", {}, issue.path || "(root)"), ": ",
              issue.message, issue.severity === "warning" ? " (warning)" : ""))) : null);
      })),
    ];
  }

  function jobDetail(job) {
    const link = job.request === null ? null : el("a", {
      href: `#requests/${job.request}`,
      onclick: (e) => { e.preventDefault(); showTab("requests"); open("requests", job.request); },
    }, `request ${job.request}`);
    return [
      el("h3", {}, `Job ${job.id}: `, el("span", { class: job.state === "failed" ? "status-bad" : "" }, job.state)),
      el("ol", { class: "history" }, job.history.map((step) =>
        el("li", {}, el("strong", {}, step.state), " at ", localTime(step.at)))),
      fields([
        ["polled", `${job.polls} time${job.polls === 1 ? "" : "s"}`],
        ["failed because", job.failedReason],
        ["results", job.returnValue ? `${(job.returnValue.results || []).length} events stored` : null],
        ["sent by", link],
      ]),
    ];
  }

  // A JSON value as an indented tree; each issue shows under the field it is about (or,
  // for a missing field, under the object that lacks it).
  function jsonTree(value, issues) {
    const paths = new Set();
    collect(value, "", paths);
    const byPath = new Map();
    for (const issue of issues || []) {
      let anchor = issue.path || "";
      while (anchor && !paths.has(anchor)) anchor = anchor.replace(/(\.[^.[\]]+|\[\d+\]|^[^.[\]]+)$/, "");
      if (!byPath.has(anchor)) byPath.set(anchor, []);
      byPath.get(anchor).push(issue);
    }
    return el("div", { class: "json" }, node(value, "", null, byPath, true));
  }

  function childPath(path, key) {
    if (typeof key === "number") return `${path}[${key}]`;
    return path ? `${path}.${key}` : key;
  }

  function collect(value, path, paths) {
    paths.add(path);
    if (Array.isArray(value)) value.forEach((item, i) => collect(item, childPath(path, i), paths));
    else if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) collect(item, childPath(path, key), paths);
    }
  }

  function scalar(value) {
    if (typeof value === "string") return el("span", { class: "s" }, JSON.stringify(value));
    return el("span", { class: "n" }, JSON.stringify(value));
  }

  function node(value, path, key, byPath, last) {
    const issues = byPath.get(path) || [];
    const label = key === null ? [] : typeof key === "number" ? [] : [el("span", { class: "k" }, JSON.stringify(key)), ": "];
    const comma = last ? "" : ",";
    const notes = issues.map((issue) => el("div", {
      class: `issue ${issue.severity || "error"}`, "data-path": issue.path,
    }, issue.path === path ? issue.message : `${issue.path.slice(path.length).replace(/^\./, "")}: ${issue.message}`));
    const line = (...content) => el("div", { class: `line${issues.length ? " has-issue" : ""}`, "data-path": path }, ...content);
    if (value && typeof value === "object") {
      const entries = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
      const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
      if (!entries.length) return el("div", {}, line(...label, open + close + comma), notes);
      return el("div", {}, line(...label, open), notes,
        el("div", { class: "node" }, entries.map(([k, item], i) =>
          node(item, childPath(path, k), k, byPath, i === entries.length - 1))),
        el("div", {}, close + comma));
    }
    return el("div", {}, line(...label, scalar(value), comma), notes);
  }

  // -- chart -----------------------------------------------------------------------------

  function chart(data) {
    const svgNS = "http://www.w3.org/2000/svg";
    const svg = (tag, attrs, ...children) => {
      const n = document.createElementNS(svgNS, tag);
      for (const [name, value] of Object.entries(attrs)) n.setAttribute(name, String(value));
      for (const child of children) n.append(child instanceof Node ? child : document.createTextNode(child));
      return n;
    };
    const types = Object.keys(data.events);
    types.forEach((type) => state.types.add(type));
    const minutes = data.minutes.length;
    const totals = data.minutes.map((_, i) => types.reduce((sum, t) => sum + data.events[t][i], 0));
    const top = Math.max(1, ...totals, ...data.refused);
    const W = 600, H = 110, slot = W / minutes, bar = Math.max(1, slot - 2);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H + 12}`, role: "img", "aria-label": "events per minute" });
    data.minutes.forEach((minute, i) => {
      let y = H;
      types.forEach((type, t) => {
        const count = data.events[type][i];
        if (!count) return;
        const h = (count / top) * (H - 4);
        y -= h;
        root.append(svg("rect", { x: i * slot + 1, y, width: bar, height: h, fill: COLORS[t % COLORS.length], class: "bar", "data-type": type },
          svg("title", {}, `${localTime(minute + ":00Z").slice(11, 16)}: ${count} ${type}`)));
      });
      const refused = data.refused[i];
      if (refused) {
        const cy = H - (refused / top) * (H - 4);
        root.append(svg("circle", { cx: i * slot + slot / 2, cy, r: 3, fill: "#b3261e", class: "refused" },
          svg("title", {}, `${localTime(minute + ":00Z").slice(11, 16)}: ${refused} refused`)));
      }
    });
    root.append(svg("line", { x1: 0, y1: H, x2: W, y2: H, stroke: "#d9dee5" }));
    root.append(svg("text", { x: 0, y: H + 11, "font-size": 9, fill: "#5f6b7a" }, localTime(data.minutes[0] + ":00Z").slice(11, 16)));
    root.append(svg("text", { x: W, y: H + 11, "font-size": 9, fill: "#5f6b7a", "text-anchor": "end" }, "now"));
    root.append(svg("text", { x: 2, y: 9, "font-size": 9, fill: "#5f6b7a" }, `${top}/min`));
    $("#chart").replaceChildren(root);
    $("#legend").replaceChildren(
      ...types.map((type, t) => el("li", {}, el("i", { style: null, "data-color": t }), type)),
      el("li", {}, el("i", { "data-color": "refused" }), "refused requests"));
    // Colors through the CSS object model: the page's policy admits no inline style attribute.
    document.querySelectorAll("#legend i").forEach((swatch) => {
      const index = swatch.dataset.color;
      swatch.style.background = index === "refused" ? "#b3261e" : COLORS[Number(index) % COLORS.length];
    });
  }

  // -- what the page changes ---------------------------------------------------------------

  function showStats(stats) {
    const jobs = Object.entries(stats.jobs).map(([s, n]) => `${n} ${s}`).join(", ") || "none";
    $("#counts").textContent =
      `${stats.events} events · jobs: ${jobs} · ${stats.requests} requests logged (last ${stats.requestLog} kept) · ` +
      `${stats.tokens} live token${stats.tokens === 1 ? "" : "s"} · validation ${stats.validation} · jobs ${stats.jobTiming}`;
    const faults = stats.faults;
    const plans = Object.entries(faults.plans).map(([route, steps]) => `${route}: ${steps.join(", ")} (next)`);
    const rules = faults.rules;
    const injected = Object.entries(faults.injected).map(([k, n]) => `${k} ×${n}`);
    $("#faults-now").textContent = [
      rules.length || plans.length ? [...rules, ...plans].join("\n") : "none in force",
      injected.length ? `injected so far: ${injected.join(", ")}` : "",
    ].filter(Boolean).join("\n");
    if (state.generation !== null && state.generation !== stats.generation) {
      state.lists = { requests: emptyList(), events: emptyList() };
      $("#requests-table tbody").replaceChildren();
      $("#events-table tbody").replaceChildren();
      $("#detail").replaceChildren(el("p", { class: "hint" }, "The sandbox was reset."));
      state.selected = null;
    }
    state.generation = stats.generation;
  }

  async function applyFaults(event) {
    event.preventDefault();
    const rules = $("#fault-rules").value.split("\n").map((s) => s.trim()).filter(Boolean);
    const plans = $("#fault-plan").value.split(/[;\n]/).map((s) => s.trim()).filter(Boolean);
    const box = $("#fault-error");
    try {
      await api("/_sandbox/faults", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rules, plans }),
      });
      box.hidden = true;
      notice(rules.length || plans.length ? "Faults applied." : "No faults.");
      await tick(false);
    } catch (error) {
      box.textContent = error.message;
      box.hidden = false;
    }
  }

  async function action(path, method, message) {
    try {
      const body = await api(path, { method });
      notice(message(body));
      await tick(true);
    } catch (error) {
      notice(`Failed: ${error.message}`);
    }
  }

  // -- the loop --------------------------------------------------------------------------

  let timer = null;
  let ticks = Promise.resolve();

  // One tick at a time: the loop's and those an action asks for run in turn.
  function tick(withChart) {
    ticks = ticks.then(() => runTick(withChart));
    return ticks;
  }

  async function runTick(withChart) {
    try {
      showStats(await api("/_sandbox/stats"));
      await poll(state.tab);
      if (withChart || state.polls % CHART_EVERY === 0) chart(await api("/_sandbox/chart?minutes=30"));
      state.polls += 1;
      showListError(null);
    } catch (error) {
      showListError(error);
      $("#counts").textContent = "the sandbox does not answer";
    }
  }

  async function loop() {
    await tick(false);
    timer = $("#live").checked ? setTimeout(loop, POLL_MS) : null;
  }

  function debounce(fn, ms) {
    let pending = null;
    return () => { clearTimeout(pending); pending = setTimeout(fn, ms); };
  }

  function start() {
    for (const button of document.querySelectorAll("#tabs button")) {
      button.addEventListener("click", () => showTab(button.dataset.tab));
    }
    for (const tab of ["requests", "events"]) {
      const form = $(`#filters-${tab}`);
      const reload = debounce(() => load(tab), 200);
      form.addEventListener("input", reload);
      form.addEventListener("change", reload);
      form.addEventListener("submit", (e) => { e.preventDefault(); load(tab); });
    }
    $("#older").addEventListener("click", older);
    $("#faults").addEventListener("submit", applyFaults);
    $("#fault-clear").addEventListener("click", () => {
      $("#fault-rules").value = "";
      $("#fault-plan").value = "";
      action("/_sandbox/faults", "DELETE", () => "Faults cleared.");
    });
    $("#revoke").addEventListener("click", () =>
      action("/_sandbox/tokens/revoke", "POST", (body) => `Revoked ${body.revoked} token${body.revoked === 1 ? "" : "s"}.`));
    $("#reset").addEventListener("click", () => {
      if (confirm("Forget every event, job and logged request, and clear the faults?")) {
        action("/_sandbox/reset", "POST", () => "The sandbox was reset.");
      }
    });
    $("#live").addEventListener("change", () => { if ($("#live").checked && timer === null) loop(); });
    const match = /^#(requests|events)\/(\d+)$/.exec(location.hash);
    if (match) { showTab(match[1]); open(match[1], Number(match[2])); }
    tick(true).then(() => { timer = setTimeout(loop, POLL_MS); });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
