"""Quotations and their speakers as an analyser of their own (used by techniques, narratives, claims and the report).

Two sources, merged: precise rules (quote marks in every style, "From X's
statements:" lists, "according to X", "X said that …") and the attribution
tagger trained on PolNeAR, which also finds paraphrase the rules miss ("the
governor believes the plan is too expensive"). Rule quotes win where both
found something; tagger spans are trimmed of quote marks and their sources
resolved to actors the same way.
"""

from __future__ import annotations

from unspin.analysers.quotations import Quoted, _speaker_for, find_quotations, resolve_description
from unspin.document import Document

NAME = "quotes"
_MARKS = "\"“”«»„‘’'"


def learned_quotations(doc: Document, actors: list) -> list[Quoted]:
    from unspin.analysers.attribution_model import load_attribution_tagger
    from unspin.analysers.sentence_encoder import article_states, load_encoder

    zones = [s for s in doc.segments if s.kind in ("title", "body")]
    if not zones:
        return []
    lo, hi = zones[0].start, zones[-1].end
    part = doc.text[lo:hi]
    feats, offsets = article_states(load_encoder(), part)
    out = []
    for a in load_attribution_tagger().attributions(part, feats, offsets):
        c0, c1 = a.content[0] + lo, a.content[1] + lo
        direct = doc.text[c0] in _MARKS
        while c0 < c1 and doc.text[c0] in _MARKS + " ":
            c0 += 1
        while c1 > c0 and doc.text[c1 - 1] in _MARKS + " ,.":
            c1 -= 1
        if c1 - c0 < 3 or doc.segment_at(c0) is None or doc.segment_at(c0).kind not in ("title", "body"):  # type: ignore[union-attr]
            continue
        name, source = None, None
        if a.source:
            source = (a.source[0] + lo, a.source[1] + lo)
            name, _ = _speaker_for(doc.text, actors, *source)
            if name is None:
                who = resolve_description(doc.text, actors, *source)
                name = who.name if who else None
        cue = (a.cue[0] + lo, a.cue[1] + lo) if a.cue else None
        out.append(Quoted(c0, c1, name, source, cue, direct=direct))
    return out


def merge(rules: list[Quoted], learned: list[Quoted]) -> list[Quoted]:
    """Rule quotes, plus tagger quotes whose content overlaps none of them."""
    out = list(rules)
    for q in learned:
        if not any(r.start < q.end and q.start < r.end for r in out):
            out.append(q)
    return sorted(out, key=lambda q: q.start)


class QuoteAnalyser:
    name = NAME
    assigns = ("quotations",)
    requires = ("segments", "sentences")

    def warm(self) -> None:
        from unspin.analysers.attribution_model import load_attribution_tagger
        from unspin.analysers.sentence_encoder import load_encoder

        load_attribution_tagger()
        load_encoder()

    def __call__(self, doc: Document) -> None:
        zones = [(s.start, s.end) for s in doc.segments if s.kind in ("title", "body")]
        body = {i for i, s in enumerate(doc.segments) if s.kind == "body"}
        sentences = [(s.start, s.end) for s in doc.sentences if s.segment in body]
        actors = doc.annotations.get("actors", [])
        rules = find_quotations(doc.text, zones, actors, sentences)
        doc.annotations["quotations"] = merge(rules, learned_quotations(doc, actors))
