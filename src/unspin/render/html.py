"""One self-contained HTML file: highlighted article, legend, chart, tables.

No scripts and no external assets; a Content-Security-Policy forbids both.
Every piece of article text goes through ``html.escape``, so markup inside
an article (``<script>``, ``onerror=``) is shown as text, never run.
"""

from __future__ import annotations

from html import escape

from unspin.catalogue import TECHNIQUES
from unspin.render.layers import clip, narrative_why, pieces, speaker_label, voice_label
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
.warning{background:#fff4d6;border-left:4px solid #b26a00;padding:.3rem .6rem;color:#4a3000}
mark.rationale{background:#ffb3b3;text-decoration:underline}.conspiracy{border-bottom:2px dotted #a0a}
.badge{font-style:normal;font-size:.8em;padding:0 6px;border-radius:3px;background:#ddd}
.badge.hatespeech{background:#e53935;color:#fff}.badge.offensive{background:#fb8c00;color:#fff}.badge.normal{background:#cfe8cf}
"""


def _colour(label: str) -> str:
    return TECHNIQUES[label].colour if label in TECHNIQUES else "#999999"


def _tooltip(f: TechniqueFinding) -> str:
    voice = voice_label(f.voice, f.speaker, "unknown speaker") if f.voice != "author" else "author's voice"
    return f"{f.title} ({f.confidence:.0%}, {voice}): {f.definition}"


def _article(report: Report) -> str:
    techs: list[tuple[int, int, object]] = [(f.start, f.end, f) for f in report.findings if isinstance(f, TechniqueFinding)]
    verdicts = {f.segment: f for f in report.findings if f.kind == "comment"}
    for f in verdicts.values():
        techs += [(r.start, r.end, "rationale") for r in f.rationale]
        techs += [(r.start, r.end, "conspiracy") for r in [*f.conspiracy_evidence, *f.conspiracy_agents]]
    out = []
    for i, seg in enumerate(report.segments):
        verdict = verdicts.get(i)
        badge = (f'<span class="badge {verdict.label}">{escape(verdict.label)} {verdict.confidence:.0%}'
                 f'{escape(" · " + ", ".join(verdict.targets)) if verdict.targets else ""}'
                 f'{" · conspiracy" if verdict.conspiracy else ""}</span> ') if verdict else ""
        out.append(f'<div class="seg-{seg.kind}" id="seg-{i}" data-kind="{seg.kind}">{badge}')
        for a, b, items in pieces(report.text, techs, seg.start, seg.end):
            chunk = escape(report.text[a:b])
            marks = [x for x in items if isinstance(x, str)]
            covering = [x for x in items if isinstance(x, TechniqueFinding)]
            if "rationale" in marks:
                chunk = f'<mark class="rationale" title="words that drove the decision">{chunk}</mark>'
            if "conspiracy" in marks:
                chunk = f'<span class="conspiracy" title="conspiracy talk: a cue or the blamed agent">{chunk}</span>'
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


def _overview(report: Report) -> str:
    def segment_of(offset: int) -> int:
        return next((i for i, seg in enumerate(report.segments) if seg.start <= offset < seg.end), 0)

    sentences = "".join(f"<li>{escape(line)}</li>" for line in report.overview.sentences)
    top = "".join(
        f'<li><a href="#seg-{segment_of(t.start)}">{escape(t.title)}</a> <span class="muted">{t.confidence:.0%}</span>: '
        f"“{escape(clip(t.text, 160))}”</li>"
        for t in report.overview.top
    )
    return (f'<section id="overview" class="overview"><h2>Overview</h2><ul>{sentences}</ul>'
            + (f"<p>Highest-confidence findings:</p><ol>{top}</ol>" if top else "") + "</section>")


def render(report: Report) -> str:
    s = report.summary
    title = report.meta.title or "Article"
    legend = "".join(
        f'<span style="background:{t.colour}55" title="{escape(t.definition, quote=True)}">{escape(t.title)}</span>'
        for t in TECHNIQUES.values()
    )
    rows = "".join(
        f"<tr><td>{escape(f.title)}</td><td>{escape(f.text)}</td>"
        f"<td>{escape(voice_label(f.voice, f.speaker, '?'))}</td>"
        f"<td>{f.confidence:.2f}</td><td class=muted>{escape(f.definition)}</td></tr>"
        for f in report.findings
        if isinstance(f, TechniqueFinding)
    )
    quotes = "".join(
        f"<tr><td>{escape(speaker_label(q.speaker.name if q.speaker else None, q.speaker.text if q.speaker else None))}</td>"
        f"<td>{escape(q.text)}</td></tr>"
        for q in report.findings
        if q.kind == "quote"
    )
    narratives = "".join(
        f"<tr><td>{escape(n.text)}</td><td>{escape(n.case_title)}<br><span class=muted>{escape(n.case_date or '')} · "
        f"{escape(n.case_url or '')}</span><br>{escape(narrative_why(n.shared_terms, n.confidence, n.similarity))}</td>"
        f"<td>{n.confidence:.2f}</td></tr>"
        for n in report.findings
        if n.kind == "narrative"
    )
    claims = "".join(
        f"<tr><td>{escape(f.claim_type)}</td><td>{escape(f.text)}</td><td>"
        f"{escape(f.source.kind + ': ' + (f.source.name or f.source.text)) if f.source else 'asserted by the author'}</td>"
        f"<td>{f.checkworthiness:.2f}</td></tr>"
        for f in report.findings
        if f.kind == "claim"
    )
    sourcing = ""
    if s.claims:
        c = s.claims
        cited = ", ".join(f"{escape(k)} ({v})" for k, v in c.sources.items())
        sourcing = (f"<p>{c.count} claims · {c.asserted_share:.0%} asserted without a source · {c.named_sources} named, "
                    f"{c.anonymous_sources} anonymous, {c.document_sources} document sources"
                    f"{'<br>Sources cited: ' + cited if cited else ''}</p>")
    timeline = "".join(
        f"<tr><td>{escape(t.date or 'undated')}</td><td>{escape(t.status)}{escape(', ' + t.part_of_day) if t.part_of_day else ''}</td>"
        f"<td>{escape(t.text)}</td><td>{escape(t.sentence.text)}</td></tr>"
        for t in report.timeline
    )
    flags = "".join(
        f"<tr><td>{escape(f.label.replace('_', ' '))}</td><td>{escape(f.explanation)}</td></tr>"
        for f in report.findings
        if f.kind == "inconsistency"
    )
    comments = "".join(
        f"<tr><td><span class='badge {escape(f.label)}'>{escape(f.label)}</span> {f.confidence:.2f}</td>"
        f"<td>{escape(', '.join(f.targets) or '-')}</td><td>{'yes' if f.conspiracy else '-'}"
        f"{escape(' (blames ' + ', '.join(a.text for a in f.conspiracy_agents) + ')') if f.conspiracy_agents else ''}</td>"
        f"<td>{escape(f.text)}<br><span class=muted>{escape(', '.join(r.text for r in f.rationale))}"
        f"{escape(' · ' + f.reason) if f.reason else ''}"
        f"{''.join(escape(f' · coded term “{c.text}” ({c.in_group}): {c.meaning}') for c in f.coded_terms)}</span></td></tr>"
        for f in report.findings
        if f.kind == "comment"
    )
    comment_summary = ""
    if s.comments:
        cs = s.comments
        comment_summary = (f"<p>{cs.count} comments: " + escape(", ".join(f"{k} {v}" for k, v in cs.by_label.items()))
                           + (escape("; targets: " + ", ".join(f"{k} {v}" for k, v in cs.by_target.items())) if cs.by_target else "")
                           + f"; conspiracy talk in {cs.conspiracy}</p>")
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
{"".join(f'<p class="warning" role="note">⚠ {escape(w)}</p>' for w in report.warnings)}
{_overview(report)}
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
<h2>Check-worthy claims</h2>
{sourcing}
<table><tr><th>type</th><th>claim</th><th>source</th><th>check-worthiness</th></tr>{claims}</table>
<h2>Timeline</h2>
<table><tr><th>date</th><th>status</th><th>expression</th><th>sentence</th></tr>{timeline}</table>
<h2>Consistency</h2>
<table><tr><th>kind</th><th>explanation</th></tr>{flags}</table>
<h2>Reader comments</h2>
{comment_summary}
<table><tr><th>label</th><th>targets</th><th>conspiracy</th><th>comment and rationale</th></tr>{comments}</table>
<h2>Documented narratives</h2>
<table><tr><th>sentence</th><th>matched case, and why</th><th>confidence</th></tr>{narratives}</table>
<h2>Actors</h2>
<table><tr><th>actor</th><th>type</th><th>mentions</th></tr>{actors}</table>
<p class="muted">unspin {escape(report.unspin_version)} · report schema {escape(report.schema_version)}</p>
</body></html>
"""
