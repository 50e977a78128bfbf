// unspin web page: renders a Report. Article text only ever goes through textContent.
"use strict";

// a server started with --token answers 401 until the page sends it: ask once, keep it for this origin
const TOKEN_KEY = "unspin-token";
let asking = null;
async function askToken() {
  if (!asking) {
    asking = Promise.resolve(window.prompt("This unspin server needs its access token:"));
    const given = await asking;
    if (given && given.trim()) localStorage.setItem(TOKEN_KEY, given.trim());
    setTimeout(() => { asking = null; }, 0);
    return;
  }
  await asking;
}
async function apiFetch(path, opts = {}) {
  for (let attempt = 0; ; attempt++) {
    const headers = new Headers(opts.headers || {});
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) headers.set("Authorization", `Bearer ${token}`);
    const res = await window.fetch(path, { ...opts, headers });
    if (res.status !== 401 || attempt >= 1) return res;
    await askToken();
    if (!localStorage.getItem(TOKEN_KEY)) return res;
  }
}

// the technique catalogue (colours, readable names) comes from the server: /api/techniques
const COLOURS = {};
const TITLES = {};
const techniqueTitle = (label) => TITLES[label] || label;
async function loadCatalogue() {
  try {
    const res = await apiFetch("/api/techniques");
    if (!res.ok) return;
    for (const t of await res.json()) { COLOURS[t.label] = t.colour; TITLES[t.label] = t.title; }
  } catch (e) { /* highlights fall back to grey */ }
}
const $ = (id) => document.getElementById(id);
const state = { report: null, hidden: new Set(), layers: { technique: true, claim: false, quote: false, narrative: false, comment: true, inconsistency: false }, min: 0, expanded: new Set() };
const TOP_N = 5;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
const pct = (x) => `${Math.round(x * 100)}%`;
const KIND_COLOURS = { claim: "#1e63b8", inconsistency: "#b35900", comment: "#c62828", quote: "#555555", narrative: "#8e24aa" };
// the same sentence as unspin.render.layers.narrative_why
const narrativeWhy = (f) => `It ${(f.shared_terms || []).length ? "repeats the case's words " + f.shared_terms.join(", ") : "paraphrases the case (no shared words)"}; verifier confidence that it repeats this very case: ${pct(f.confidence)} (similarity ${f.similarity.toFixed(2)}).`;
const KIND_NAMES = { technique: "technique", claim: "check-worthy claim", quote: "quote", narrative: "narrative match", inconsistency: "inconsistency", comment: "comment" };
const colour = (f) => (f.kind === "technique" ? COLOURS[f.label] : KIND_COLOURS[f.kind]) || "#888888";
const findingTitle = (f) => f.kind === "technique" ? techniqueTitle(f.label) : f.kind === "narrative" ? `Narrative: ${f.case_title}`
  : f.kind === "comment" ? `Comment: ${f.label}` : f.kind === "inconsistency" ? `Inconsistency: ${f.label.replace(/_/g, " ")}` : KIND_NAMES[f.kind];

// what the article view marks: the layers switched on, at or above the confidence floor
function marked(r) {
  const out = r.findings.filter((f) => ["technique", "claim", "quote", "narrative", "inconsistency"].includes(f.kind) && state.layers[f.kind]);
  for (const f of r.findings.filter((x) => x.kind === "comment" && x.rationale.length && state.layers.comment)) {
    for (const w of f.rationale) {
      out.push({ kind: "comment", label: f.label, start: w.start, end: w.end, text: w.text, confidence: f.confidence,
                 definition: `A word that drove the ${f.label} decision on this comment` +
                   (f.targets.length ? ` (targets: ${f.targets.join(", ")})` : "") + (f.conspiracy ? "; conspiracy talk" + ((f.conspiracy_agents || []).length ? " blaming " + f.conspiracy_agents.map((a) => a.text).join(", ") : "") + "." : "."),
                 reason: f.reason });
    }
  }
  return out.filter((f) => f.confidence >= state.min)
    .sort((a, b) => (a.kind === "technique" ? 0 : 1) - (b.kind === "technique" ? 0 : 1));
}

function pieces(lo, hi, spans) {
  const cuts = new Set([lo, hi]);
  for (const s of spans) if (s.end > lo && s.start < hi) { cuts.add(Math.max(s.start, lo)); cuts.add(Math.min(s.end, hi)); }
  const pts = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    out.push([a, b, spans.filter((s) => s.start <= a && b <= s.end)]);
  }
  return out;
}

function styleMark(mark, covering) {
  const shown = covering.filter((f) => !(f.kind === "technique" && state.hidden.has(f.label)));
  mark.classList.toggle("hidden-hl", shown.length === 0);
  if (!shown.length) return;
  const fill = shown.find((f) => f.kind === "technique" || f.kind === "comment");
  mark.style.background = fill ? colour(fill) + "40" : "transparent";
  mark.style.borderBottomColor = fill ? colour(fill) : "";
  for (const kind of Object.keys(KIND_NAMES)) mark.classList.toggle("hl-" + kind, shown.some((f) => f.kind === kind));
  mark.classList.toggle("hl-quoted", shown.some((f) => f.kind === "technique" && f.voice !== "author"));
}

function renderArticle(r) {
  const box = $("article");
  box.replaceChildren();
  const findings = marked(r);
  r.segments.forEach((seg, i) => {
    const div = el("div", null, "seg-" + seg.kind);
    div.dataset.kind = seg.kind;
    div.id = "seg-" + i;
    for (const [a, b, covering] of pieces(seg.start, seg.end, findings)) {
      const chunk = r.text.slice(a, b);
      if (!covering.length) { div.append(document.createTextNode(chunk)); continue; }
      const mark = el("mark", chunk, "hl");
      const names = [...new Set(covering.map(findingTitle))];
      mark.dataset.techniques = covering.map((f) => f.label).join(" ");
      mark.dataset.confidence = Math.max(...covering.map((f) => f.confidence)).toFixed(3);
      mark.dataset.start = String(a);
      mark.title = names.join(" · ");
      mark.setAttribute("aria-label", `${chunk} (${names.join(", ")})`);
      mark.tabIndex = 0;
      mark._findings = covering;
      styleMark(mark, covering);
      mark.addEventListener("click", () => showDetails(covering, mark));
      mark.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showDetails(covering, mark); } });
      div.append(mark);
    }
    box.append(div);
  });
}

function showDetails(findings, mark) {
  document.querySelectorAll(".hl.selected").forEach((m) => m.classList.remove("selected"));
  if (mark) mark.classList.add("selected");
  const body = $("details-body");
  body.replaceChildren();
  for (const f of findings) {
    const box = el("div", null, "finding");
    box.style.borderLeftColor = colour(f);
    box.append(el("strong", findingTitle(f)), el("span", ` · ${KIND_NAMES[f.kind] || f.kind} · confidence ${pct(f.confidence)}`, "muted"));
    if (f.definition) box.append(el("p", f.definition, "definition"));
    if (f.kind === "claim") box.append(el("p", `Check-worthy ${f.claim_type} claim · ` + (f.source ? `attributed (${f.source.kind}): ${f.source.name || f.source.text}` : "asserted by the author, no source given"), "definition"));
    if (f.kind === "quote") box.append(el("p", `Said by ${(f.speaker && (f.speaker.name || f.speaker.text)) || "an unknown speaker"}` + (f.direct ? " (direct quotation)" : " (reported speech)") + (f.unresolved ? `: ${f.unresolved}` : ""), "definition"));
    if (f.kind === "narrative") {
      box.append(el("p", `Repeats a documented disinformation case (${f.case_date || "undated"}). ` + narrativeWhy(f), "definition"));
      if (f.case_url && /^https?:\/\//.test(f.case_url)) { const a = el("a", "Read the case"); a.href = f.case_url; a.rel = "noopener noreferrer"; box.append(a); }
    }
    if (f.kind === "inconsistency") box.append(el("p", f.explanation, "definition"));
    if (f.reason) box.append(el("p", f.reason, "muted"));
    box.append(el("p", "Evidence: “" + f.text + "”", "evidence"));
    if (f.kind === "technique") box.append(el("p", f.voice === "quoted" ? `Inside a quotation of ${f.speaker || "an unknown speaker"}: the technique is theirs, not the author's.` : f.voice === "reported" ? `In reported speech of ${f.speaker || "an unknown speaker"}: the author's wording of their view.` : "In the author's own voice.", "voice"));
    if (f.example) box.append(el("p", "Example: " + f.example, "muted"));
    body.append(box);
  }
}

function renderFilters(r) {
  const box = $("technique-filters");
  box.replaceChildren();
  for (const label of Object.keys(r.summary.techniques || {})) {
    const lab = el("label");
    lab.style.background = (COLOURS[label] || "#888888") + "40";
    lab.style.borderBottomColor = COLOURS[label] || "#888888";
    const cb = el("input");
    cb.type = "checkbox"; cb.checked = !state.hidden.has(label); cb.value = label;
    cb.addEventListener("change", () => { cb.checked ? state.hidden.delete(label) : state.hidden.add(label); restyle(); });
    lab.append(cb, document.createTextNode(" " + techniqueTitle(label) + " (" + r.summary.techniques[label] + ")"));
    box.append(lab);
  }
  if (!box.childElementCount) box.append(el("p", "No technique spans found.", "muted"));
}

function restyle() { document.querySelectorAll("mark.hl").forEach((m) => styleMark(m, m._findings)); }

function renderChart(counts) {
  const box = $("chart");
  box.replaceChildren();
  const entries = Object.entries(counts || {});
  if (!entries.length) { box.append(el("p", "No technique spans found.", "muted")); return; }
  const NS = "http://www.w3.org/2000/svg", rowH = 20, labelW = 230, width = 460, top = Math.max(...entries.map((e) => e[1]));
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${rowH * entries.length}`);
  svg.setAttribute("width", "100%");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "technique counts: " + entries.map(([l, n]) => `${techniqueTitle(l)} ${n}`).join(", "));
  entries.forEach(([label, n], i) => {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", labelW - 6); t.setAttribute("y", i * rowH + 14); t.setAttribute("font-size", "12"); t.setAttribute("text-anchor", "end");
    t.textContent = techniqueTitle(label);
    const w = Math.max(2, (width - labelW - 40) * n / top);
    const rect = document.createElementNS(NS, "rect");
    rect.setAttribute("x", labelW); rect.setAttribute("y", i * rowH + 3); rect.setAttribute("width", w); rect.setAttribute("height", 14);
    rect.setAttribute("fill", COLOURS[label] || "#888888");
    const v = document.createElementNS(NS, "text");
    v.setAttribute("x", labelW + w + 5); v.setAttribute("y", i * rowH + 14); v.setAttribute("font-size", "12"); v.textContent = String(n);
    svg.append(t, rect, v);
  });
  box.append(svg);
}

// a list that shows its first TOP_N items and a "show all (N)" button
function listPanel(id, items, empty, ordered = false) {
  const box = $(id);
  box.replaceChildren();
  if (!items.length) { box.append(el("p", empty, "muted")); return; }
  const list = el(ordered ? "ol" : "ul");
  const all = state.expanded.has(id);
  items.slice(0, all ? items.length : TOP_N).forEach((node) => list.append(node));
  box.append(list);
  if (items.length > TOP_N) {
    const more = el("button", all ? "show fewer" : `show all (${items.length})`, "show-all");
    more.type = "button";
    more.setAttribute("aria-expanded", String(all));
    more.addEventListener("click", () => { all ? state.expanded.delete(id) : state.expanded.add(id); renderPanels(state.report); });
    box.append(more);
  }
}

function jumpTo(start) {
  const marks = [...document.querySelectorAll("#article mark.hl")];
  const mark = marks.find((m) => Number(m.dataset.start) === start) || marks.find((m) => Number(m.dataset.start) >= start);
  if (mark) { mark.scrollIntoView({ block: "center" }); mark.focus(); showDetails(mark._findings, mark); return; }
  const seg = state.report.segments.findIndex((s) => s.start <= start && start < s.end);
  if (seg >= 0) $("seg-" + seg).scrollIntoView({ block: "center" });
}

function item(text, f) {
  const li = el("li");
  const b = el("button", text);
  b.type = "button";
  b.className = "linkish";
  b.addEventListener("click", () => { showDetails([f], null); jumpTo(f.start); });
  li.append(b);
  return li;
}

function renderPanels(r) {
  const floor = (f) => f.confidence >= state.min;
  const byConf = (a, b) => b.confidence - a.confidence;
  const claims = r.findings.filter((f) => f.kind === "claim" && floor(f)).sort(byConf);
  const cs = r.summary.claims;
  listPanel("claims", claims.map((c) => item(`${c.text} (${c.claim_type}; ${c.source ? c.source.kind + ": " + (c.source.name || c.source.text) : "asserted"}; ${pct(c.confidence)})`, c)),
    cs ? "No check-worthy claims." : "Claims not analysed.");
  if (cs && cs.count) $("claims").prepend(el("p", `${cs.count} claims · ${pct(cs.asserted_share)} asserted without a source · ${cs.named_sources} named, ${cs.anonymous_sources} anonymous, ${cs.document_sources} document sources`, "muted"));
  const bySpeaker = new Map();
  for (const q of r.findings.filter((f) => f.kind === "quote" && floor(f))) {
    const who = (q.speaker && (q.speaker.name || q.speaker.text)) || "unknown speaker";
    if (!bySpeaker.has(who)) bySpeaker.set(who, []);
    bySpeaker.get(who).push(q.text);
  }
  listPanel("quotes", [...bySpeaker].sort((a, b) => b[1].length - a[1].length).map(([who, qs]) => {
    const li = el("li");
    li.append(el("strong", `${who} (${qs.length})`));
    const ul = el("ul");
    qs.slice(0, 3).forEach((t) => ul.append(el("li", "“" + t + "”")));
    if (qs.length > 3) ul.append(el("li", `and ${qs.length - 3} more`, "muted"));
    li.append(ul);
    return li;
  }), "No quotes found.");
  const narr = r.findings.filter((f) => f.kind === "narrative" && floor(f)).sort(byConf);
  listPanel("narratives", narr.map((n) => {
    const li = el("li", `“${n.text}” repeats: ${n.case_title} (${n.case_date || "undated"}). ${narrativeWhy(n)} `);
    if (n.case_url && /^https?:\/\//.test(n.case_url)) { const a = el("a", "case"); a.href = n.case_url; a.rel = "noopener noreferrer"; li.append(a); }
    return li;
  }), "No narrative matches.");
  const commentFindings = r.findings.filter((f) => f.kind === "comment");
  const flaggedFirst = (a, b) => (b.label !== "normal") - (a.label !== "normal") || b.confidence - a.confidence;
  listPanel("comments", commentFindings.sort(flaggedFirst).map((f) => {
    const li = el("li");
    li.append(el("span", f.label, "badge " + f.label), document.createTextNode(" "));
    if (f.targets && f.targets.length) li.append(el("span", "targets: " + f.targets.join(", ") + " ", "muted"));
    if (f.antisemitic) li.append(el("span", "antisemitic ", "badge hatespeech"));
    if (f.conspiracy) li.append(el("span", "conspiracy ", "badge conspiracy"));
    if ((f.conspiracy_agents || []).length) li.append(el("span", "blames: " + f.conspiracy_agents.map((a) => a.text).join(", ") + " ", "muted"));
    li.append(document.createTextNode(f.text));
    for (const c of f.coded_terms || []) li.append(el("p", `coded term “${c.text}” (${c.in_group}): ${c.meaning}`, "muted"));
    return li;
  }), "No reader comments.");
  listPanel("actors", r.actors.map((a) => el("li", `${a.name} · ${a.type} · ${a.mentions.length} mention${a.mentions.length === 1 ? "" : "s"}`)), "No actors found.");
  listPanel("timeline", (r.timeline || []).map((t) => el("li", `${t.date || "undated"} · “${t.text}”: ${t.sentence.text}`)),
    "No dated events." + (r.meta.date ? "" : " (No publication date is known, so relative dates stay unresolved.)"), true);
  const flags = r.findings.filter((f) => f.kind === "inconsistency");
  listPanel("consistency", flags.map((f) => el("li", f.explanation)), "No inconsistencies found.");
}

function renderOverview(r) {
  const ov = r.overview || { sentences: [], top: [] };
  $("overview-lines").replaceChildren(...(ov.sentences.length ? ov.sentences : ["Nothing notable found."]).map((s) => el("li", s)));
  const box = $("overview-top");
  box.replaceChildren();
  if (!ov.top.length) return;
  box.append(el("p", "Highest-confidence findings:", "muted"));
  const ol = el("ol");
  for (const t of ov.top) {
    const li = el("li");
    const b = el("button", t.title);
    b.type = "button";
    b.addEventListener("click", () => jumpTo(t.start));
    li.append(b, document.createTextNode(` (${pct(t.confidence)}): “${t.text.length > 140 ? t.text.slice(0, 139) + "…" : t.text}”`));
    ol.append(li);
  }
  box.append(ol);
}

function rerender() {
  $("min-confidence-value").textContent = state.min.toFixed(2);
  renderArticle(state.report);
  renderPanels(state.report);
}

function show(report, id) {
  state.report = report;
  state.hidden.clear();
  state.expanded.clear();
  $("result").hidden = false;
  $("input").hidden = true;
  $("warnings").replaceChildren(...(report.warnings || []).map((w) => el("p", "⚠ " + w, "warning")));
  renderOverview(report);
  renderFilters(report);
  renderChart(report.summary.techniques);
  rerender();
  $("details-body").replaceChildren();
  if (id) {
    $("download-json").href = `/api/analyses/${encodeURIComponent(id)}`;
    $("download-html").href = `/api/analyses/${encodeURIComponent(id)}/report.html`;
    $("permalink").href = `/a/${encodeURIComponent(id)}`;
  }
}

async function loadRecent() {
  const res = await apiFetch("/api/analyses?limit=10");
  if (!res.ok) return;
  const list = await res.json();
  $("recent").replaceChildren(...list.map((a) => {
    const li = el("li");
    const link = el("a", a.title || a.id);
    link.href = `/a/${encodeURIComponent(a.id)}`;
    const del = el("button", "delete", "delete");
    del.type = "button";
    del.setAttribute("aria-label", `delete the analysis ${a.title || a.id}`);
    del.addEventListener("click", async () => { await apiFetch(`/api/analyses/${encodeURIComponent(a.id)}`, { method: "DELETE" }); loadRecent(); });
    li.append(link, document.createTextNode(` · ${a.words} words · ${a.techniques} technique spans `), del);
    return li;
  }));
}

async function submit(ev) {
  ev.preventDefault();
  const status = $("status");
  let payload = null;
  const file = $("file").files[0];
  if ($("url").value.trim()) payload = { url: $("url").value.trim() };
  else if (file) {
    const content = await file.text();
    payload = /\.html?$/i.test(file.name) || /<html|<body|<p[ >]/i.test(content.slice(0, 2000)) ? { html: content } : { text: content };
  } else payload = { text: $("text").value };
  status.textContent = "Analysing…";
  $("analyze").disabled = true;
  try {
    const res = await apiFetch("/api/analyze", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) });
    const body = await res.json();
    if (!res.ok) { status.textContent = "Error: " + (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)); return; }
    const id = res.headers.get("X-Unspin-Id");
    status.textContent = `Done: ${body.findings.length} findings.`;
    show(body, id);
    if (id) history.pushState({}, "", `/a/${encodeURIComponent(id)}`);
    loadRecent();
  } catch (e) {
    status.textContent = "Error: " + e;
  } finally {
    $("analyze").disabled = false;
  }
}

async function init() {
  await loadCatalogue();
  $("form").addEventListener("submit", submit);
  for (const kind of ["technique", "claim", "quote", "narrative"]) {
    $("layer-" + kind).addEventListener("change", (ev) => { state.layers[kind] = ev.target.checked; if (state.report) rerender(); });
  }
  $("min-confidence").addEventListener("input", (ev) => { state.min = Number(ev.target.value); if (state.report) rerender(); });
  $("new-analysis").addEventListener("click", () => { $("input").hidden = false; $("text").focus(); window.scrollTo(0, 0); });
  const m = location.pathname.match(/^\/a\/([^/]+)$/);
  if (m) {
    const res = await apiFetch(`/api/analyses/${m[1]}`);
    if (res.ok) show(await res.json(), decodeURIComponent(m[1]));
  }
  loadRecent();
}
document.addEventListener("DOMContentLoaded", init);
