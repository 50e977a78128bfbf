"""Markdown report: summary, technique findings, quotes, actors."""

from __future__ import annotations

from unspin.catalogue import title as technique_title
from unspin.render.layers import narrative_why, speaker_label, voice_label
from unspin.report import CommentFinding, Report


def _cell(s: str) -> str:
    return " ".join(s.replace("|", "\\|").split())


def _bold_spans(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> str:
    out, pos = [], lo
    for s, e in sorted(spans):
        if s < pos:
            continue
        out += [_cell(text[pos:s]), f"**{_cell(text[s:e])}**"]
        pos = e
    out.append(_cell(text[pos:hi]))
    return " ".join(x for x in out if x)


def render(report: Report) -> str:
    s = report.summary
    title = report.meta.title or "Article"
    out = [f"# unspin report: {_cell(title)}", ""]
    out += [f"> **Note:** {_cell(w)}" for w in report.warnings] + ([""] if report.warnings else [])
    if report.overview.sentences or report.overview.top:
        out += ["## Overview", ""] + [f"- {_cell(line)}" for line in report.overview.sentences] + [""]
        if report.overview.top:
            out += ["Highest-confidence findings:", ""]
            out += [f"{k}. **{_cell(t.title)}** ({t.confidence:.0%}, characters {t.start}–{t.end}): “{_cell(t.text)}”"
                    for k, t in enumerate(report.overview.top, 1)] + [""]
    out += [f"- Words: {s.words}; sentences: {s.sentences}",
            "- Segments: " + ", ".join(f"{k} {v}" for k, v in s.segments.items()),
            f"- Technique density: {s.technique_density_per_1000_words} per 1,000 words", ""]
    out += ["## Techniques", ""]
    if s.techniques:
        out += ["| technique | count |", "|---|---|"] + [f"| {_cell(technique_title(k))} | {v} |" for k, v in s.techniques.items()] + [""]
        out += ["| technique | text | voice | confidence |", "|---|---|---|---|"]
        for f in report.findings:
            if f.kind == "technique":
                voice = _cell(voice_label(f.voice, f.speaker))
                out.append(f"| {_cell(f.title)} | {_cell(f.text)} | {voice} | {f.confidence:.2f} |")
    else:
        out.append("No technique spans found.")
    out += ["", "## Quotes", ""]
    quotes = [f for f in report.findings if f.kind == "quote"]
    out += [f"- **{_cell(speaker_label(q.speaker.name if q.speaker else None, q.speaker.text if q.speaker else None))}**: "
            f"“{_cell(q.text)}”" for q in quotes] or ["None found."]
    out += ["", "## Documented narratives", ""]
    narr = [f for f in report.findings if f.kind == "narrative"]
    out += [f"- “{_cell(n.text)}” repeats **{_cell(n.case_title)}** ({n.case_date or 'undated'}) {n.case_url or ''}. "
            f"{_cell(narrative_why(n.shared_terms, n.confidence, n.similarity))}" for n in narr] or ["None matched."]
    claims = [f for f in report.findings if f.kind == "claim"]
    out += ["", "## Check-worthy claims", ""]
    if s.claims:
        c = s.claims
        out += [f"{c.count} claims; {c.asserted_share:.0%} asserted without a source; sources: {c.named_sources} named, "
                f"{c.anonymous_sources} anonymous, {c.document_sources} documents.", ""]
        if c.sources:
            out += ["Sources cited: " + ", ".join(f"{_cell(k)} ({v})" for k, v in c.sources.items()), ""]
    if claims:
        out += ["| type | claim | sourcing | check-worthiness |", "|---|---|---|---|"]
        for f in claims:
            src = f"{f.source.kind}: {_cell(f.source.name or f.source.text)}" if f.source else "asserted"
            out.append(f"| {f.claim_type} | {_cell(f.text)} | {src} | {f.checkworthiness:.2f} |")
    else:
        out.append("None found." if s.claims else "Not analysed.")
    out += ["", "## Timeline", ""]
    out += [f"- **{t.date or 'undated'}** ({t.status}{', ' + t.part_of_day if t.part_of_day else ''}): "
            f"“{_cell(t.text)}”: {_cell(t.sentence.text)}" for t in report.timeline] or ["No dated events."]
    flags = [f for f in report.findings if f.kind == "inconsistency"]
    out += ["", "## Consistency", ""]
    out += [f"- {f.label.replace('_', ' ')}: {_cell(f.explanation)}" for f in flags] or ["No inconsistencies found."]
    out += ["", "## Actors", "", "| actor | type | mentions |", "|---|---|---|"]
    out += [f"| {_cell(a.name)} | {a.type} | {len(a.mentions)} |" for a in report.actors]
    comments = [g for g in report.segments if g.kind == "comment"]
    verdicts = {f.segment: f for f in report.findings if isinstance(f, CommentFinding)}
    if comments:
        out += ["", "## Reader comments", ""]
        if s.comments:
            out += [f"{s.comments.count} comments: " + ", ".join(f"{k} {v}" for k, v in s.comments.by_label.items())
                    + ("; targets: " + ", ".join(f"{k} {v}" for k, v in s.comments.by_target.items()) if s.comments.by_target else "")
                    + f"; conspiracy talk in {s.comments.conspiracy}.", ""]
        for i, seg in enumerate(report.segments):
            if seg.kind != "comment":
                continue
            v = verdicts.get(i)
            if v is None:
                out.append(f"- {_cell(seg.text)}")
                continue
            marked = _bold_spans(report.text, seg.start, seg.end, [(r.start, r.end) for r in v.rationale])
            extra = (f", targets: {', '.join(v.targets)}" if v.targets else "") + (", conspiracy talk" if v.conspiracy else "")
            extra += f" blaming {_cell(', '.join(a.text for a in v.conspiracy_agents))}" if v.conspiracy_agents else ""
            extra += ", antisemitic" if v.antisemitic else ""
            extra += "".join(f", coded term “{_cell(c.text)}” ({_cell(c.in_group)}: {_cell(c.meaning)})" for c in v.coded_terms)
            out.append(f"- **{v.label}** ({v.confidence:.2f}{extra}): {marked}" + (f" _({_cell(v.reason)})_" if v.reason else ""))
    return "\n".join(out) + "\n"
