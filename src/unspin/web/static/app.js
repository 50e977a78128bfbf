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
const state = { report: null, hidden: new Set(), kind: "all" };

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}
const KIND_COLOURS = { claim: "#1e88e5", inconsistency: "#ff9800", comment: "#e53935" };
const colour = (f) => (f.kind === "technique" ? COLOURS[f.label] : KIND_COLOURS[f.kind]) || "#888888";
const highlightable = (f) => f.kind === "technique" || f.kind === "claim" || f.kind === "inconsistency";

// what the article view marks: techniques, claims, consistency flags, and the rationale words of flagged comments
function marked(r) {
  const out = r.findings.filter(highlightable);
  for (const f of r.findings.filter((x) => x.kind === "comment" && x.rationale.length)) {
    for (const w of f.rationale) {
      out.push({ kind: "comment", label: f.label, start: w.start, end: w.end, text: w.text, confidence: f.confidence,
                 definition: `A word that drove the ${f.label} decision on this comment` +
                   (f.targets.length ? ` (targets: ${f.targets.join(", ")})` : "") + (f.conspiracy ? "; the comment carries conspiracy cues." : "."),
                 reason: f.reason });
    }
  }
  return out.sort((a, b) => (a.kind === "technique" ? 0 : 1) - (b.kind === "technique" ? 0 : 1));
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
  const shown = covering.filter((f) => !state.hidden.has(f.label) && (state.kind === "all" || state.kind === f.kind));
  mark.classList.toggle("hidden-hl", shown.length === 0);
  if (!shown.length) return;
  const fill = shown.find((f) => f.kind === "technique" || f.kind === "comment");
  mark.style.background = fill ? colour(fill) + "55" : "transparent";
  mark.style.boxShadow = shown.filter((f) => f !== fill).map((f, k) => `inset 0 -${3 * (k + 1)}px 0 ${colour(f)}`).join(",");
}

function renderArticle(r) {
  const box = $("article");
  box.replaceChildren();
  const findings = marked(r);
  for (const seg of r.segments) {
    const div = el("div", null, "seg-" + seg.kind);
    div.dataset.kind = seg.kind;
    for (const [a, b, covering] of pieces(seg.start, seg.end, findings)) {
      const chunk = r.text.slice(a, b);
      if (!covering.length) { div.append(document.createTextNode(chunk)); continue; }
      const mark = el("mark", chunk, "hl");
      mark.dataset.techniques = covering.map((f) => f.label).join(" ");
      mark.tabIndex = 0;
      styleMark(mark, covering);
      mark.addEventListener("click", () => showDetails(covering, mark));
      mark.addEventListener("keydown", (ev) => { if (ev.key === "Enter") showDetails(covering, mark); });
      mark._findings = covering;
      div.append(mark);
    }
    box.append(div);
  }
}

function showDetails(findings, mark) {
  document.querySelectorAll(".hl.selected").forEach((m) => m.classList.remove("selected"));
  if (mark) mark.classList.add("selected");
  const body = $("details-body");
  body.replaceChildren();
  for (const f of findings) {
    const box = el("div", null, "finding");
    box.style.borderLeftColor = colour(f);
    box.append(el("strong", f.title || f.label), el("span", ` · ${f.kind} · confidence ${(f.confidence * 100).toFixed(0)}%`, "muted"));
    if (f.definition) box.append(el("p", f.definition, "definition"));
    if (f.kind === "claim") box.append(el("p", `Check-worthy ${f.claim_type} claim · ` + (f.source ? `attributed (${f.source.kind}): ${f.source.name || f.source.text}` : "asserted by the author, no source given"), "definition"));
    if (f.kind === "inconsistency") box.append(el("p", f.explanation, "definition"));
    if (f.reason) box.append(el("p", f.reason, "muted"));
    box.append(el("p", "Evidence: “" + f.text + "”", "evidence"));
    if (f.voice) box.append(el("p", f.voice === "quoted" ? `Inside a quotation of ${f.speaker || "an unknown speaker"}: the technique is theirs, not the author's.` : "In the author's own voice.", "voice"));
    if (f.example) box.append(el("p", "Example: " + f.example, "muted"));
    body.append(box);
  }
}

function renderFilters(r) {
  const sel = $("kind-filter");
  sel.replaceChildren(el("option", "all findings"));
  sel.firstChild.value = "all";
  for (const k of [...new Set(r.findings.map((f) => f.kind))]) { const o = el("option", k); o.value = k; sel.append(o); }
  const box = $("technique-filters");
  box.replaceChildren();
  for (const label of Object.keys(r.summary.techniques || {})) {
    const lab = el("label");
    lab.style.background = (COLOURS[label] || "#888") + "33";
    const cb = el("input");
    cb.type = "checkbox"; cb.checked = true; cb.value = label;
    cb.addEventListener("change", () => { cb.checked ? state.hidden.delete(label) : state.hidden.add(label); restyle(); });
    lab.append(cb, document.createTextNode(" " + techniqueTitle(label) + " (" + r.summary.techniques[label] + ")"));
    box.append(lab);
  }
}

function restyle() { document.querySelectorAll("mark.hl").forEach((m) => styleMark(m, m._findings)); }

function renderChart(counts) {
  const box = $("chart");
  box.replaceChildren();
  const entries = Object.entries(counts || {});
  if (!entries.length) { box.append(el("p", "No technique spans found.", "muted")); return; }
  const NS = "http://www.w3.org/2000/svg", rowH = 20, width = 420, top = Math.max(...entries.map((e) => e[1]));
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", width); svg.setAttribute("height", rowH * entries.length);
  svg.setAttribute("role", "img"); svg.setAttribute("aria-label", "technique counts");
  entries.forEach(([label, n], i) => {
    const t = document.createElementNS(NS, "text");
    t.setAttribute("x", 0); t.setAttribute("y", i * rowH + 14); t.setAttribute("font-size", "11"); t.textContent = techniqueTitle(label);
    const w = Math.max(2, (width - 230) * n / top);
    const rect = document.createElementNS(NS, "rect");
    rect.setAttribute("x", 200); rect.setAttribute("y", i * rowH + 3); rect.setAttribute("width", w); rect.setAttribute("height", 14);
    rect.setAttribute("fill", COLOURS[label] || "#888");
    const v = document.createElementNS(NS, "text");
    v.setAttribute("x", 205 + w); v.setAttribute("y", i * rowH + 14); v.setAttribute("font-size", "11"); v.textContent = String(n);
    svg.append(t, rect, v);
  });
  box.append(svg);
}

function renderPanels(r) {
  const claims = r.findings.filter((f) => f.kind === "claim").sort((a, b) => b.confidence - a.confidence);
  const cs = r.summary.claims;
  const claimItems = claims.map((c) => el("li", `${c.text} (${c.claim_type}; ${c.source ? c.source.kind + ": " + (c.source.name || c.source.text) : "asserted"}; ${(c.confidence * 100).toFixed(0)}%)`));
  if (cs && cs.count) claimItems.unshift(el("li", `${cs.count} claims · ${(cs.asserted_share * 100).toFixed(0)}% asserted without a source · ${cs.named_sources} named, ${cs.anonymous_sources} anonymous, ${cs.document_sources} document sources`, "muted"));
  $("claims").replaceChildren(...(claimItems.length ? claimItems : [el("li", cs ? "No check-worthy claims." : "Claims not analysed.", "muted")]));
  const bySpeaker = new Map();
  for (const q of r.findings.filter((f) => f.kind === "quote")) {
    const who = (q.speaker && (q.speaker.name || q.speaker.text)) || "unknown speaker";
    if (!bySpeaker.has(who)) bySpeaker.set(who, []);
    bySpeaker.get(who).push(q.text);
  }
  const qbox = $("quotes");
  qbox.replaceChildren();
  for (const [who, qs] of bySpeaker) {
    qbox.append(el("h3", `${who} (${qs.length})`));
    const ul = el("ul");
    qs.forEach((t) => ul.append(el("li", "“" + t + "”")));
    qbox.append(ul);
  }
  if (!bySpeaker.size) qbox.append(el("p", "No quotes found.", "muted"));
  $("actors").replaceChildren(...r.actors.slice(0, 25).map((a) => el("li", `${a.name} · ${a.type} · ${a.mentions.length} mention(s)`)));
  const timeline = r.timeline || [];
  $("timeline").replaceChildren(...(timeline.length ? timeline.map((t) => el("li", `${t.date || "ambiguous"} (${t.status}): “${t.text}”: ${t.sentence.text}`)) : [el("li", "No dated events.", "muted")]));
  const flags = r.findings.filter((f) => f.kind === "inconsistency");
  $("consistency").replaceChildren(...(flags.length ? flags.map((f) => el("li", f.explanation)) : [el("li", "No inconsistencies found.", "muted")]));
  const commentFindings = r.findings.filter((f) => f.kind === "comment");
  const commentItems = r.segments.filter((s) => s.kind === "comment").map((s) => {
    const li = el("li");
    const f = commentFindings.find((c) => c.start <= s.start && s.end <= c.end || (c.start >= s.start && c.end <= s.end));
    if (f) li.append(el("span", f.label, "badge " + f.label), document.createTextNode(" "));
    if (f && f.targets && f.targets.length) li.append(el("span", "targets: " + f.targets.join(", ") + " ", "muted"));
    if (f && f.conspiracy) li.append(el("span", "conspiracy ", "badge conspiracy"));
    li.append(document.createTextNode(s.text));
    return li;
  });
  $("comments").replaceChildren(...(commentItems.length ? commentItems : [el("li", "No reader comments.", "muted")]));
  const narr = r.findings.filter((f) => f.kind === "narrative");
  $("narratives").replaceChildren(...(narr.length ? narr.map((n) => {
    const li = el("li", `“${n.text}” resembles: ${n.case_title} (${n.case_date || "undated"}, similarity ${n.similarity.toFixed(2)}) `);
    if (n.case_url && /^https?:\/\//.test(n.case_url)) { const a = el("a", "case"); a.href = n.case_url; a.rel = "noopener noreferrer"; li.append(a); }
    return li;
  }) : [el("li", "No narrative matches.", "muted")]));
}

function show(report, id) {
  state.report = report;
  state.hidden.clear();
  state.kind = "all";
  $("result").hidden = false;
  $("warnings").replaceChildren(...(report.warnings || []).map((w) => el("p", "⚠ " + w, "warning")));
  renderFilters(report);
  renderArticle(report);
  renderChart(report.summary.techniques);
  renderPanels(report);
  $("details-body").replaceChildren();
  if (id) {
    $("download-json").href = `/api/analyses/${encodeURIComponent(id)}`;
    $("download-html").href = `/api/analyses/${encodeURIComponent(id)}/report.html`;
    $("permalink").href = `/a/${encodeURIComponent(id)}`;
  }
}

async function loadRecent() {
  const res = await apiFetch("/api/analyses");
  if (!res.ok) return;
  const list = await res.json();
  $("recent").replaceChildren(...list.map((a) => {
    const li = el("li");
    const link = el("a", a.title || a.id);
    link.href = `/a/${encodeURIComponent(a.id)}`;
    const del = el("button", "delete", "delete");
    del.type = "button";
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
    show(body, id);
    status.textContent = `Done: ${body.findings.length} findings.`;
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
  $("kind-filter").addEventListener("change", (ev) => { state.kind = ev.target.value; restyle(); });
  const m = location.pathname.match(/^\/a\/([^/]+)$/);
  if (m) {
    const res = await apiFetch(`/api/analyses/${m[1]}`);
    if (res.ok) show(await res.json(), decodeURIComponent(m[1]));
  }
  loadRecent();
}
document.addEventListener("DOMContentLoaded", init);
