"""One self-contained HTML file: highlighted article, legend, chart, tables.

No scripts and no external assets; a Content-Security-Policy forbids both.
Every piece of article text goes through ``html.escape``, so markup inside
an article (``<script>``, ``onerror=``) is shown as text, never run.
"""

from __future__ import annotations

from html import escape

from unspin.analysers.technique_definitions import TECHNIQUES
from unspin.render.layers import pieces
from unspin.report import Report, TechniqueFinding

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

CSS = """
body{font:16px/1.6 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
.article{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;border-radius:6px}
.article>div{margin-bottom:.7em}
.seg-title{font-weight:700;font-size:1.2em}.seg-boilerplate{color:#888}.seg-comment{font-style:italic;background:#f6f6f0}
.hl{border-radius:3px;padding:0 1px;cursor:help}
.legend span{display:inline-block;margin:2px 6px 2px 0;padding:0 6px;border-radius:3px;font-size:.85em}
table{border-collapse:collapse;margin:1rem 0;width:100%}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
.muted{color:#777;font-size:.9em}
"""


def _colour(label: str) -> str:
    return TECHNIQUES[label].colour if label in TECHNIQUES else "#999999"


def _tooltip(f: TechniqueFinding) -> str:
    voice = f"quoted: {f.speaker or 'unknown speaker'}" if f.voice == "quoted" else "author's voice"
    return f"{f.title} ({f.confidence:.0%}, {voice}): {f.definition}"


def _article(report: Report) -> str:
    techs = [(f.start, f.end, f) for f in report.findings if isinstance(f, TechniqueFinding)]
    out = []
    for seg in report.segments:
        out.append(f'<div class="seg-{seg.kind}" data-kind="{seg.kind}">')
        for a, b, covering in pieces(report.text, techs, seg.start, seg.end):
            chunk = escape(report.text[a:b])
            if not covering:
                out.append(chunk)
                continue
            first = _colour(covering[0].label)
            shadows = ",".join(f"inset 0 -{3 * (k + 1)}px 0 {_colour(f.label)}" for k, f in enumerate(covering[1:]))
            style = f"background:{first}55;" + (f"box-shadow:{shadows};" if shadows else "")
            tip = escape(" | ".join(_tooltip(f) for f in covering), quote=True)
            labels = escape(" ".join(f.label for f in covering), quote=True)
            out.append(f'<mark class="hl" style="{style}" title="{tip}" data-techniques="{labels}">{chunk}</mark>')
        out.append("</div>\n")
    return "".join(out)


def _chart(counts: dict[str, int]) -> str:
    if not counts:
        return '<p class="muted">No technique spans found.</p>'
    top = max(counts.values())
    row_h, width = 22, 560
    rows = []
    for i, (label, n) in enumerate(counts.items()):
        w = max(2, int((width - 260) * n / top))
        y = i * row_h
        rows.append(
            f'<text x="250" y="{y + 15}" text-anchor="end" font-size="12">{escape(TECHNIQUES[label].title)}</text>'
            f'<rect x="256" y="{y + 3}" width="{w}" height="16" fill="{_colour(label)}"/>'
            f'<text x="{262 + w}" y="{y + 15}" font-size="12">{n}</text>'
        )
    h = row_h * len(counts)
    return f'<svg role="img" aria-label="technique counts" width="{width}" height="{h}" viewBox="0 0 {width} {h}">{"".join(rows)}</svg>'


def render(report: Report) -> str:
    s = report.summary
    title = report.meta.title or next((g.text for g in report.segments if g.kind == "title"), "Article")
    legend = "".join(
        f'<span style="background:{t.colour}55" title="{escape(t.definition, quote=True)}">{escape(t.title)}</span>'
        for t in TECHNIQUES.values()
    )
    rows = "".join(
        f"<tr><td>{escape(f.title)}</td><td>{escape(f.text)}</td>"
        f"<td>{escape('quoted: ' + (f.speaker or '?') if f.voice == 'quoted' else 'author')}</td>"
        f"<td>{f.confidence:.2f}</td><td class=muted>{escape(f.definition)}</td></tr>"
        for f in report.findings
        if isinstance(f, TechniqueFinding)
    )
    quotes = "".join(
        f"<tr><td>{escape(q.speaker.name or q.speaker.text) if q.speaker else '?'}</td><td>{escape(q.text)}</td></tr>"
        for q in report.findings
        if q.kind == "quote"
    )
    narratives = "".join(
        f"<tr><td>{escape(n.text)}</td><td>{escape(n.case_title)}<br><span class=muted>{escape(n.case_date or '')} · "
        f"{escape(n.case_url or '')}</span></td><td>{n.similarity:.2f}</td></tr>"
        for n in report.findings
        if n.kind == "narrative"
    )
    actors = "".join(
        f"<tr><td>{escape(a.name)}</td><td>{a.type}</td><td>{len(a.mentions)}</td></tr>" for a in report.actors
    )
    meta = " · ".join(escape(str(v)) for v in (report.meta.source, report.meta.date, report.meta.url) if v)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>unspin: {escape(title)}</title><style>{CSS}</style></head>
<body>
<h1>unspin report</h1>
<p class="muted">{meta}</p>
<p>{s.words} words · {s.sentences} sentences · {s.technique_density_per_1000_words} technique spans per 1,000 words ·
{s.findings.get("quote", 0)} quotes · {s.actors} actors</p>
<div class="legend">{legend}</div>
<h2>Article</h2>
<div class="article">{_article(report)}</div>
<h2>Technique counts</h2>
{_chart(s.techniques)}
<h2>Technique spans</h2>
<table><tr><th>technique</th><th>text</th><th>voice</th><th>confidence</th><th>definition</th></tr>{rows}</table>
<h2>Quotes</h2>
<table><tr><th>speaker</th><th>quote</th></tr>{quotes}</table>
<h2>Documented narratives</h2>
<table><tr><th>sentence</th><th>matched case</th><th>similarity</th></tr>{narratives}</table>
<h2>Actors</h2>
<table><tr><th>actor</th><th>type</th><th>mentions</th></tr>{actors}</table>
<p class="muted">unspin {escape(report.unspin_version)} · report schema {escape(report.schema_version)}</p>
</body></html>
"""
