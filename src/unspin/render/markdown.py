"""Markdown report: summary, technique findings, quotes, actors."""

from __future__ import annotations

from unspin.report import Report


def _cell(s: str) -> str:
    return " ".join(s.replace("|", "\\|").split())


def render(report: Report) -> str:
    s = report.summary
    title = report.meta.title or next((g.text for g in report.segments if g.kind == "title"), "Article")
    out = [f"# unspin report: {_cell(title)}", ""]
    out += [f"- Words: {s.words}; sentences: {s.sentences}",
            "- Segments: " + ", ".join(f"{k} {v}" for k, v in s.segments.items()),
            f"- Technique density: {s.technique_density_per_1000_words} per 1,000 words", ""]
    out += ["## Techniques", ""]
    if s.techniques:
        out += ["| technique | count |", "|---|---|"] + [f"| {_cell(k)} | {v} |" for k, v in s.techniques.items()] + [""]
        out += ["| technique | text | voice | confidence |", "|---|---|---|---|"]
        for f in report.findings:
            if f.kind == "technique":
                voice = f"quoted ({_cell(f.speaker)})" if f.voice == "quoted" and f.speaker else f.voice
                out.append(f"| {_cell(f.title)} | {_cell(f.text)} | {voice} | {f.confidence:.2f} |")
    else:
        out.append("No technique spans found.")
    out += ["", "## Quotes", ""]
    quotes = [f for f in report.findings if f.kind == "quote"]
    out += [f"- **{_cell(q.speaker.name if q.speaker and q.speaker.name else 'unknown')}**: “{_cell(q.text)}”" for q in quotes] or ["None found."]
    out += ["", "## Documented narratives", ""]
    narr = [f for f in report.findings if f.kind == "narrative"]
    out += [f"- “{_cell(n.text)}” resembles **{_cell(n.case_title)}** ({n.case_date or 'undated'}, similarity "
            f"{n.similarity:.2f}) {n.case_url or ''}" for n in narr] or ["None matched."]
    out += ["", "## Actors", "", "| actor | type | mentions |", "|---|---|---|"]
    out += [f"| {_cell(a.name)} | {a.type} | {len(a.mentions)} |" for a in report.actors]
    comments = [g for g in report.segments if g.kind == "comment"]
    if comments:
        out += ["", "## Reader comments", ""] + [f"- {_cell(c.text)}" for c in comments]
    return "\n".join(out) + "\n"
