"""Terminal report (rich): the article with coloured highlights, then summary tables."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from unspin.analysers.technique_definitions import TECHNIQUES
from unspin.report import Report


def render(report: Report, width: int = 100, color: bool = True) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="truecolor" if color else None)
    article = Text(report.text)
    for seg in report.segments:
        if seg.kind in ("boilerplate",):
            article.stylize("dim", seg.start, seg.end)
        elif seg.kind == "comment":
            article.stylize("italic", seg.start, seg.end)
        elif seg.kind == "title":
            article.stylize("bold", seg.start, seg.end)
    for f in report.findings:
        if f.kind == "technique":
            article.stylize(f"on {TECHNIQUES[f.label].colour}", f.start, f.end)
    console.print(article)
    console.print()
    s = report.summary
    console.print(f"[bold]{s.words}[/] words · {s.sentences} sentences · "
                  f"{s.technique_density_per_1000_words} technique spans per 1,000 words")
    if s.techniques:
        table = Table(title="Techniques")
        table.add_column("technique")
        table.add_column("count", justify="right")
        for label, n in s.techniques.items():
            table.add_row(Text(TECHNIQUES[label].title, style=f"on {TECHNIQUES[label].colour}"), str(n))
        console.print(table)
        spans = Table(title="Technique spans")
        for col in ("technique", "text", "voice", "conf."):
            spans.add_column(col)
        for f in report.findings:
            if f.kind == "technique":
                voice = f"quoted: {f.speaker}" if f.voice == "quoted" else "author"
                spans.add_row(f.title, Text(f.text[:80]), voice, f"{f.confidence:.2f}")
        console.print(spans)
    quotes = [f for f in report.findings if f.kind == "quote"]
    if quotes:
        qt = Table(title="Quotes")
        qt.add_column("speaker")
        qt.add_column("quote")
        for q in quotes:
            qt.add_row(q.speaker.name if q.speaker and q.speaker.name else "?", Text(q.text[:90]))
        console.print(qt)
    narr = [f for f in report.findings if f.kind == "narrative"]
    if narr:
        nt = Table(title="Documented narratives")
        for col in ("sentence", "case", "sim."):
            nt.add_column(col)
        for match in narr:
            nt.add_row(Text(match.text[:70]), Text(f"{match.case_title[:70]}\n{match.case_url or ''}"), f"{match.similarity:.2f}")
        console.print(nt)
    if report.actors:
        at = Table(title="Actors")
        for col in ("actor", "type", "mentions"):
            at.add_column(col)
        for a in report.actors[:15]:
            at.add_row(Text(a.name), a.type, str(len(a.mentions)))
        console.print(at)
    return buf.getvalue()
