"""Terminal report (rich): an overview, the article with highlights, then summary tables.

On a terminal the technique spans are coloured; in a pipe or a file (``color=False``) they are marked in the text
itself, ``[Loaded language: "the corrupt regime"]``, so nothing is lost. Cut table cells end in an ellipsis."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from unspin.catalogue import TECHNIQUES
from unspin.render.layers import clip, speaker_label, voice_label
from unspin.report import Report

LOW_CONFIDENCE = 0.5  # technique and quote rows below this are dimmed and marked "low"


def marked_text(report: Report) -> str:
    """The analysed text with every technique span written out as ``[Technique, Technique: "span"]`` (overlapping
    spans join into one marker), for output without colours."""
    groups: list[tuple[int, int, list[str]]] = []
    for start, end, title in sorted((f.start, f.end, f.title) for f in report.findings if f.kind == "technique"):
        if groups and start < groups[-1][1]:
            g_start, g_end, titles = groups[-1]
            groups[-1] = (g_start, max(g_end, end), titles if title in titles else [*titles, title])
        else:
            groups.append((start, end, [title]))
    out, at = [], 0
    for start, end, titles in groups:
        out.append(report.text[at:start])
        out.append(f'[{", ".join(titles)}: "{report.text[start:end]}"]')
        at = end
    out.append(report.text[at:])
    return "".join(out)


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
        elif f.kind == "comment":
            for r in f.rationale:
                article.stylize("bold underline red", r.start, r.end)
            for r in [*f.conspiracy_evidence, *f.conspiracy_agents]:
                article.stylize("underline magenta", r.start, r.end)
    for w in report.warnings:
        console.print(Text(f"note: {w}", style="bold yellow"))
    if report.meta.date and report.meta.date_source in ("address", "file name") and report.timeline:
        console.print(Text(f"note: publication date {report.meta.date} taken from the {report.meta.date_source} to "
                           "resolve relative dates; give --date YYYY-MM-DD if it is wrong", style="yellow"))
    if not report.meta.date and report.timeline:
        console.print(Text("note: no publication date is known, so relative dates (\"yesterday\", \"last week\") stay "
                           "unresolved; give one with --date YYYY-MM-DD", style="yellow"))
    if report.overview.sentences or report.overview.top:
        console.print(Text("Overview", style="bold"))
        for line in report.overview.sentences:
            console.print(Text(f"• {line}"))
        for k, top in enumerate(report.overview.top, 1):
            console.print(Text(f"  {k}. {top.title} ({top.confidence:.0%}) at {top.start}: “{clip(top.text, 90)}”"))
        console.print()
    console.print(article if color else Text(marked_text(report)))
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
                voice = voice_label(f.voice, f.speaker)
                # calibrated: below one in two, a finding is more often wrong than right; say so on the row
                low = f.confidence < LOW_CONFIDENCE
                spans.add_row(f.title, Text(clip(f.text, 80)), voice,
                              f"{f.confidence:.2f} low" if low else f"{f.confidence:.2f}", style="dim" if low else None)
        console.print(spans)
    quotes = [f for f in report.findings if f.kind == "quote"]
    if quotes:
        qt = Table(title="Quotes")
        for col in ("speaker", "quote", "conf."):
            qt.add_column(col)
        for q in quotes:
            # calibrated on PolNeAR (right = these words, this speaker): below one in two, say so on the row
            low = q.confidence < LOW_CONFIDENCE
            qt.add_row(speaker_label(q.speaker.name if q.speaker else None, q.speaker.text if q.speaker else None),
                       Text(clip(q.text, 90)), f"{q.confidence:.2f} low" if low else f"{q.confidence:.2f}",
                       style="dim" if low else None)
        console.print(qt)
    narr = [f for f in report.findings if f.kind == "narrative"]
    if narr:
        nt = Table(title="Documented narratives")
        for col in ("sentence", "case", "shared words", "conf."):
            nt.add_column(col)
        for match in narr:
            nt.add_row(Text(clip(match.text, 70)), Text(f"{clip(match.case_title, 70)}\n{match.case_url or ''}"),
                       Text(", ".join(match.shared_terms) or "(paraphrase)"), f"{match.confidence:.2f}")
        console.print(nt)
    claims = [f for f in report.findings if f.kind == "claim"]
    if claims and s.claims:
        c = s.claims
        console.print(f"[bold]{c.count}[/] check-worthy claims · {c.asserted_share:.0%} asserted without a source · "
                      f"sources: {c.named_sources} named, {c.anonymous_sources} anonymous, {c.document_sources} documents")
        ct = Table(title="Check-worthy claims")
        for col in ("type", "claim", "source", "score"):
            ct.add_column(col)
        for f in claims:
            src = f"{f.source.kind}: {f.source.name or f.source.text}" if f.source else "asserted by the author"
            ct.add_row(f.claim_type, Text(clip(f.text, 90)), Text(clip(src, 40)), f"{f.checkworthiness:.2f}")
        console.print(ct)
    if report.timeline:
        tt = Table(title="Timeline")
        for col in ("date", "status", "expression", "event"):
            tt.add_column(col)
        for t in report.timeline:
            tt.add_row(t.date or "undated", t.status, Text(t.text), Text(clip(t.sentence.text, 70)))
        console.print(tt)
    flags = [f for f in report.findings if f.kind == "inconsistency"]
    if flags:
        ft = Table(title="Consistency flags")
        ft.add_column("kind")
        ft.add_column("explanation")
        for f in flags:
            ft.add_row(f.label.replace("_", " "), Text(f.explanation))
        console.print(ft)
    comments = [f for f in report.findings if f.kind == "comment"]
    if comments:
        cm = Table(title="Reader comments")
        for col in ("label", "targets", "conspiracy", "comment"):
            cm.add_column(col)
        for f in comments:
            style = {"hatespeech": "bold red", "offensive": "yellow"}.get(f.label, "green")
            cm.add_row(Text(f"{f.label} {f.confidence:.2f}", style=style), ", ".join(f.targets) or "-",
                       (("yes: blames " + ", ".join(a.text for a in f.conspiracy_agents)) if f.conspiracy_agents
                        else "yes" if f.conspiracy else "-"), Text(clip(f.text, 80)))
        console.print(cm)
    if report.actors:
        at = Table(title="Actors")
        for col in ("actor", "type", "mentions"):
            at.add_column(col)
        for a in report.actors[:15]:
            at.add_row(Text(a.name), a.type, str(len(a.mentions)))
        console.print(at)
    return buf.getvalue()
