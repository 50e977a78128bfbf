"""Quotations and their speakers as an analyser of their own (used by techniques, narratives, claims and the report).

Two sources, merged: the attribution tagger trained on PolNeAR, which also
finds paraphrase ("the governor believes the plan is too expensive"), and
rules (quote marks in every style, "From X's statements:" lists, "according
to X", "X said that …") for what the tagger misses. Tagger spans are trimmed
of quote marks and their sources resolved to actors like the rules' ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from unspin.analysers import Analyser, kept
from unspin.analysers.quotations import Quoted, _speaker_for, find_quotations, resolve_description
from unspin.document import Document
from unspin.report import AnyFinding, Contribution, QuoteFinding, SpeakerSpan, in_report_order, span

NAME = "quotes"
_MARKS = "\"“”«»„‘’'"


def _sentence_of(doc: Document, offset: int) -> tuple[int, int] | None:
    for sent in doc.sentences:
        if sent.start <= offset < sent.end:
            return sent.start, sent.end
    return None


def body_features(doc: Document) -> tuple[int, np.ndarray, np.ndarray] | None:
    """Where the body starts, and the attribution tagger's features and piece offsets (relative to it)."""
    from unspin.inference.trunk import piece_features

    zones = [s for s in doc.segments if s.kind == "body"]
    states = doc.annotations.states
    if not zones or states is None:
        return None
    lo, hi = zones[0].start, zones[-1].end
    idx = states.pieces(lo, hi)
    return lo, piece_features(states)[idx], states.offsets[idx] - lo


def _balanced(text: str, start: int, end: int) -> int:
    """The end of a span that opens a quotation inside it and stops just before the closing mark: after the mark."""
    inner = text[start:end]
    for o, c in (("“", "”"), ("«", "»"), ("‘", "’"), ("„", "“")):
        if inner.count(o) > inner.count(c) and text[end : end + 1] == c:
            return end + 1
    if inner.count('"') % 2 and text[end : end + 1] == '"':
        return end + 1
    return end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A cue or source span without the punctuation the tagger sometimes takes along ("added:", "Trump,")."""
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return (start, end) if end > start else None


def learned_quotations(doc: Document, actors: list, features: tuple[int, np.ndarray, np.ndarray] | None,
                       probs: np.ndarray | None = None) -> list[Quoted]:
    """The tagger's attributions in body paragraphs, each kept to one sentence unless it is in quote marks, with its
    cue and source only when they are in that sentence. The tagger reads the shared encoder pass's states."""
    from unspin.analysers.attribution_model import load_attribution_tagger

    if features is None:
        return []
    lo, feats, offsets = features
    zones = [s for s in doc.segments if s.kind == "body"]
    part = doc.text[lo : zones[-1].end]
    out = []
    for a in load_attribution_tagger().attributions(part, feats, offsets, probs):
        c0, c1 = a.content[0] + lo, a.content[1] + lo
        nl = doc.text.find("\n", c0, c1)
        if nl >= 0:  # content never runs across lines (list items, paragraphs)
            c1 = nl
        direct = doc.text[c0] in _MARKS
        sent = _sentence_of(doc, c0)
        if sent and not direct and c1 > sent[1]:
            c1 = sent[1]
        while c0 < c1 and doc.text[c0] in _MARKS + " ":
            c0 += 1
        while c1 > c0 and doc.text[c1 - 1] in _MARKS + " ,.":
            c1 -= 1
        if doc.text[c0 : c0 + 5].lower() == "that ":  # the complementiser is not part of what was said
            c0 += 5
        c1 = _balanced(doc.text, c0, c1)
        seg = doc.segment_at(c0)
        if len(doc.text[c0:c1].split()) < 2 or seg is None or seg.kind != "body":
            continue
        near = {x for x in (_sentence_of(doc, c0), _sentence_of(doc, max(c0, c1 - 1))) if x}
        cue = _trimmed(doc.text, a.cue[0] + lo, a.cue[1] + lo) if a.cue else None
        if cue and not any(s0 <= cue[0] < s1 for s0, s1 in near):
            cue = None
        name, source = None, None
        if a.source and cue:
            cs = _sentence_of(doc, cue[0])
            source = _trimmed(doc.text, a.source[0] + lo, a.source[1] + lo)
            if source and cs and not cs[0] <= source[0] < cs[1]:
                source = None
        if cue is None and source is None:
            continue  # content without anyone saying it
        if source:
            name, _ = _speaker_for(doc.text, actors, *source)
            if name is None:
                who = resolve_description(doc.text, actors, *source)
                name = who.name if who else None
        out.append(Quoted(c0, c1, name, source, cue, direct=direct))
    return out


SNAP = 0.6  # a tagger span this much covered by one quotation in marks is that quotation (0.4-0.7 tried, dev half 1)


def _overlap(a: Quoted, b: Quoted) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def merge(rules: list[Quoted], learned: list[Quoted], text: str = "") -> list[Quoted]:
    """Items of "From X's statements:" lists first (X by construction), then the tagger's attributions, then the
    rules' quotes where nothing overlaps them (quote styles and "according to" the tagger never saw), and
    "According to X, Y told Z that ..." around the tagger's "Y told Z that ..." (nested attributions).

    The tagger decides what was said and by whom where both read the same words: on PolNeAR dev, content F1 0.639
    and speaker accuracy 0.862 with rule quotes first, 0.693 and 0.876 this way. A direct quotation keeps the
    extent between its quote marks unless one tagger span holds two of them (a quote interrupted by "he said" is
    one attribution). A tagger attribution that names no speaker takes the one the rules found for the same words,
    when it is not inside the quotation."""
    out: list[Quoted] = [r for r in rules if r.listed]
    direct = [r for r in rules if r.direct and not r.listed]
    for q in learned:
        if any(_overlap(r, q) > 0 for r in out):
            continue
        held = [r for r in direct if q.start <= r.start and r.end <= q.end]
        marks = max((r for r in direct if _overlap(r, q) > 0), key=lambda r: _overlap(r, q), default=None)
        if marks is not None and len(held) < 2 and _overlap(marks, q) >= SNAP * (q.end - q.start):
            q = replace(q, start=marks.start, end=marks.end, direct=True)
        rule = max((r for r in rules if r.speaker_span and _overlap(r, q) > 0 and not (q.start <= r.speaker_span[0] < q.end)),
                   key=lambda r: _overlap(r, q), default=None)
        if rule is not None and q.speaker_span is None:
            q = replace(q, speaker=rule.speaker, speaker_span=rule.speaker_span, cue=q.cue or rule.cue)
        elif rule is not None and q.speaker is None and rule.speaker_span == q.speaker_span:
            q = replace(q, speaker=rule.speaker)
        if not any(_overlap(r, q) > 0 for r in out):
            out.append(q)
    for r in sorted((r for r in rules if not r.listed), key=lambda r: -(r.end - r.start)):
        inside = [o for o in out if _overlap(o, r) > 0]
        nests = bool(inside) and all(r.start <= o.start and o.end <= r.end and r.end - r.start > o.end - o.start and r.speaker_span
                                     and not (o.start <= r.speaker_span[0] < o.end) for o in inside)
        according = r.cue is not None and text[r.cue[0] : r.cue[1]].lower().startswith("according")
        if not inside or (nests and according):
            out.append(r)
    return sorted(out, key=lambda q: q.start)


class QuoteAnalyser(Analyser):
    name = NAME
    requires = ("language", "actors", "encoder")

    def warm(self) -> None:
        from unspin.analysers.attribution_model import load_attribution_tagger

        load_attribution_tagger()

    def predict(self, docs: Sequence[Document]) -> list[list[Quoted]]:
        from unspin.analysers.attribution_model import load_attribution_tagger

        features = [body_features(doc) for doc in docs]
        ready = [f for f in features if f is not None]
        probs = iter(load_attribution_tagger().tag_probs_many([f[1] for f in ready]) if ready else [])
        return [self._quotes(doc, f, next(probs) if f is not None else None) for doc, f in zip(docs, features)]

    def _quotes(self, doc: Document, features: tuple[int, np.ndarray, np.ndarray] | None,
                probs: np.ndarray | None) -> list[Quoted]:
        zones = doc.zones("title", "body")
        sentences = doc.sentences_in("body")
        actors = doc.annotations.actors or []
        rules = find_quotations(doc.text, zones, actors, sentences)
        return merge(rules, learned_quotations(doc, actors, features, probs), doc.text)

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[Quoted]]) -> None:
        for doc, quotes in zip(docs, preds):
            doc.annotations.quotations = quotes

    def contribute(self, doc: Document) -> Contribution:
        text = doc.text
        findings: list[AnyFinding] = []
        for q in doc.annotations.quotations or []:
            findings.append(QuoteFinding(
                label="direct" if q.direct else "indirect", start=q.start, end=q.end, text=text[q.start : q.end],
                confidence=confidence(q), direct=q.direct, analyser=NAME, content=span(text, q.start, q.end),
                cue=span(text, *q.cue) if q.cue else None,
                speaker=SpeakerSpan(start=q.speaker_span[0], end=q.speaker_span[1],
                                    text=text[q.speaker_span[0] : q.speaker_span[1]], name=q.speaker)
                if q.speaker_span else None,
                unresolved=_unresolved(text, q),
            ))
        findings = kept(doc, findings)
        speakers = Counter(f.speaker.name for f in in_report_order(findings) if isinstance(f, QuoteFinding) and f.speaker and f.speaker.name)
        return Contribution(findings=findings, summary={"quoted_speakers": dict(speakers)})


def _unresolved(text: str, q: Quoted) -> str | None:
    """Why a quote names no speaker (None when it names one)."""
    if q.speaker:
        return None
    if q.speaker_span is None:
        return "no source phrase found near the quote"
    phrase = text[q.speaker_span[0] : q.speaker_span[1]]
    return f"'{phrase}' does not point to one actor named in the article"


def confidence(q: Quoted) -> float:
    """Fixed levels until the attribution stages are calibrated: a resolved speaker and quote marks raise it."""
    return (0.9 if q.direct else 0.75) if q.speaker else (0.6 if q.direct else 0.45)
