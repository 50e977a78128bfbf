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
        seg = doc.segment_at(c0)
        if len(doc.text[c0:c1].split()) < 2 or seg is None or seg.kind != "body":
            continue
        near = {x for x in (_sentence_of(doc, c0), _sentence_of(doc, max(c0, c1 - 1))) if x}
        cue = (a.cue[0] + lo, a.cue[1] + lo) if a.cue else None
        if cue and not any(s0 <= cue[0] < s1 for s0, s1 in near):
            cue = None
        name, source = None, None
        if a.source and cue:
            cs = _sentence_of(doc, cue[0])
            source = (a.source[0] + lo, a.source[1] + lo)
            if cs and not cs[0] <= source[0] < cs[1]:
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


def merge(rules: list[Quoted], learned: list[Quoted]) -> list[Quoted]:
    """Rule quotes in quote marks and statement lists win, unless one tagger span holds two or more of them (a quote
    interrupted by "he said" is one attribution); elsewhere the longer of overlapping spans wins (a rule quote beats
    tagger fragments of it, a tagger span beats a rule's partial reading)."""
    direct = [r for r in rules if r.direct]
    joined = [q for q in learned if sum(1 for r in direct if q.start <= r.start and r.end <= q.end) >= 2]
    keep = joined + [r for r in direct if not any(j.start <= r.start and r.end <= j.end for j in joined)]
    out: list[Quoted] = list(keep)
    for q in sorted([r for r in rules if not r.direct] + [q for q in learned if q not in joined], key=lambda q: -(q.end - q.start)):
        if not any(r.start < q.end and q.start < r.end for r in out):
            out.append(q)
    # a kept rule quote without a source phrase takes the source the tagger found for the same words
    for i, r in enumerate(out):
        if r.speaker_span is None and r.cue is not None and r.cue[0] > 0:
            other = next((q for q in learned if q is not r and q.speaker_span and q.start < r.end and r.start < q.end), None)
            if other is not None:
                out[i] = replace(r, speaker=r.speaker or other.speaker, speaker_span=other.speaker_span)
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
        return merge(rules, learned_quotations(doc, actors, features, probs))

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
            ))
        findings = kept(doc, findings)
        speakers = Counter(f.speaker.name for f in in_report_order(findings) if isinstance(f, QuoteFinding) and f.speaker and f.speaker.name)
        return Contribution(findings=findings, summary={"quoted_speakers": dict(speakers)})


def confidence(q: Quoted) -> float:
    """Fixed levels until the attribution stages are calibrated: a resolved speaker and quote marks raise it."""
    return (0.9 if q.direct else 0.75) if q.speaker else (0.6 if q.direct else 0.45)
