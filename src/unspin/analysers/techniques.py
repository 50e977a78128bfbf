"""Persuasion-technique spans (the 14 PTC techniques) with their voice.

Reads the shared encoder pass (``unspin.inference.trunk``) with the technique heads (``technique_tagger``);
writes ``doc.annotations.techniques`` as ``TechniqueSpan`` records. A span inside
a quotation gets ``voice="quoted"`` and the quoted speaker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import numpy as np

from unspin.analysers import Analyser, kept
from unspin.analysers.quotes.attribution import voice_of
from unspin.analysers.technique_reference import Mark, load_reference, measures, place
from unspin.analysers.technique_tagger import TechniqueTagger
from unspin.analysers.technique_verifier import ArticleStats, features, load_verifier
from unspin.catalogue import TECHNIQUES
from unspin.document import Document
from unspin.inference.windows import TokenStates
from unspin.models import locate
from unspin.report import (
    AnyFinding,
    Contribution,
    ReferencePlace,
    ReferenceSummary,
    TechniqueFinding,
    article_words,
    in_report_order,
    span,
)

NAME = "techniques"
SECOND_LABEL_MIN = 0.35  # a second technique on the same span when the model is this sure of it


@dataclass(frozen=True)
class TechniqueSpan:
    label: str
    start: int
    end: int
    confidence: float
    span_confidence: float
    label_confidence: float
    voice: Literal["author", "quoted", "reported"]
    speaker: str | None = None
    quote: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def load_tagger() -> TechniqueTagger:
    """The technique heads, once per process."""
    return TechniqueTagger(locate("techniques"))


def _reference(doc: Document) -> ReferenceSummary | None:
    """The article's technique measures (at the references' own floor, whatever floor the reader chose) placed
    against the shipped reference sets."""
    ref = load_reference(locate("techniques") / "reference.json")
    if ref is None:
        return None
    marks = [Mark(t.label, t.voice, t.confidence) for t in doc.annotations.techniques or []]
    values = measures(marks, article_words(doc), float(ref["floor"]))
    return ReferenceSummary(floor=float(ref["floor"]), mainstream_articles=int(ref["sets"]["mainstream"]["articles"]),
                            propaganda_articles=int(ref["sets"]["propaganda"]["articles"]),
                            places=[ReferencePlace(**row) for row in place(values, ref)])


def candidate_threshold() -> float:
    """The span finder's threshold for candidates: with a verifier to judge them, lower than the tagger's own
    (``candidate_threshold`` in the model's config), so spans scored just below it still get a hearing."""
    tagger = load_tagger()
    has_verifier = load_verifier(locate("techniques") / "verifier.npz") is not None
    return float(tagger.config.get("candidate_threshold", tagger.threshold)) if has_verifier else tagger.threshold


def default_floor() -> float:
    """The technique findings' default confidence floor (``min_confidence`` in the model's config: chosen with the
    verifier so that SI precision is at least its recall on held-out PTC articles)."""
    return float(load_tagger().config.get("min_confidence", 0.0))


def best_of_overlapping(found: Sequence[TechniqueSpan]) -> list[TechniqueSpan]:
    """Of the findings of one technique that overlap, the most confident (a nested candidate and the run around it
    are one claim about the text, not two); findings of different techniques may overlap."""
    kept: list[TechniqueSpan] = []
    for t in sorted(found, key=lambda t: (-t.confidence, t.start, t.end)):
        if not any(k.label == t.label and k.start < t.end and t.start < k.end for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: (t.start, t.end, t.label))


def article_stats(doc: Document, n_findings: int) -> ArticleStats:
    """What the verifier reads about the whole article (the training code calls this too)."""
    enc = doc.annotations.states
    assert enc is not None
    inside = np.zeros(len(enc.offsets), bool)
    for a, b in doc.zones("title", "body"):
        inside |= (enc.offsets[:, 0] >= a) & (enc.offsets[:, 1] <= b)
    probs = enc["span_prob"][inside] if inside.any() else np.zeros(1, np.float32)
    return ArticleStats(float(probs.mean()), float((probs >= load_tagger().threshold).mean()),
                        1000 * n_findings / max(article_words(doc), 1))


def span_vector(enc: TokenStates, start: int, end: int) -> np.ndarray:
    """Mean last-layer state over a span's pieces, rounded through float16 as the training data stores it."""
    hidden = enc["hidden"]
    idx = enc.pieces(start, end)
    vec = hidden[idx].mean(axis=0) if len(idx) else np.zeros(hidden.shape[1], np.float32)
    return vec.astype(np.float16).astype(np.float32)


def verified(doc: Document, found: list[TechniqueSpan]) -> list[TechniqueSpan]:
    """Replace each finding's raw confidence (span x label) by the verifier's calibrated probability of being right
    (``technique_verifier``); unchanged when the model ships without a verifier."""
    enc = doc.annotations.states
    verifier = load_verifier(locate("techniques") / "verifier.npz")
    if verifier is None or not found or enc is None:
        return found
    tagger = load_tagger()
    stats = article_stats(doc, len(found))
    scal, vecs = [], []
    seen: set[tuple[int, int]] = set()
    for t in found:
        second = (t.start, t.end) in seen
        seen.add((t.start, t.end))
        scal.append(features(tagger.labels.index(t.label), len(tagger.labels), t.span_confidence,
                             t.label_confidence, doc.text[t.start : t.end], t.voice == "quoted", second, stats))
        vecs.append(span_vector(enc, t.start, t.end))
    p = verifier.prob(np.stack(scal), np.stack(vecs))
    return [replace(t, confidence=round(float(q), 4)) for t, q in zip(found, p)]


class TechniqueAnalyser(Analyser):
    name = NAME
    requires = ("encoder", "quotes")

    def warm(self) -> None:
        load_tagger()

    def predict(self, docs: Sequence[Document]) -> list[list[TechniqueSpan]]:
        return [best_of_overlapping(self.candidates(doc)) for doc in docs]

    def candidates(self, doc: Document) -> list[TechniqueSpan]:
        """Every verified candidate finding of one article, before ``best_of_overlapping`` (the verifier's training
        collects these)."""
        tagger = load_tagger()
        zones = doc.zones("title", "body")
        quotes = doc.annotations.quotations or []
        enc = doc.annotations.states
        if not zones or enc is None:
            return []
        # candidates at the candidate threshold and again at each nested level: a long run of warm word pieces ("The
        # bloodthirsty puppets in Kyiv, propped up by NATO warmongers, will never stop") also offers its hot cores
        # ("bloodthirsty puppets", "NATO warmongers") for the verifier to judge
        seen: set[tuple[int, int]] = set()
        guesses = []
        for level in (candidate_threshold(), *tagger.config.get("nested_thresholds", ())):
            for g in tagger.find_spans(enc, threshold=float(level)):
                if (g.start, g.end) not in seen and any(a <= g.start and g.end <= b for a, b in zones):
                    seen.add((g.start, g.end))
                    guesses.append(g)
        probs = tagger.classify(enc, [(g.start, g.end) for g in guesses])
        found: list[TechniqueSpan] = []
        for g, p in zip(guesses, probs):
            order = p.argsort()[::-1]
            voice, q = voice_of(g.start, g.end, quotes)
            for rank, k in enumerate(order[:2]):
                if rank == 1 and p[k] < SECOND_LABEL_MIN:
                    break
                found.append(TechniqueSpan(
                    label=tagger.labels[int(k)], start=g.start, end=g.end,
                    confidence=round(float(g.confidence * p[k]), 4),
                    span_confidence=round(g.confidence, 4), label_confidence=round(float(p[k]), 4),
                    voice=voice, speaker=q.speaker if q else None, quote=(q.start, q.end) if q else None,
                ))
        return verified(doc, found)

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[TechniqueSpan]]) -> None:
        for doc, found in zip(docs, preds):
            doc.annotations.techniques = found

    def contribute(self, doc: Document) -> Contribution:
        text = doc.text
        findings: list[AnyFinding] = []
        for t in doc.annotations.techniques or []:
            d = TECHNIQUES[t.label]
            findings.append(TechniqueFinding(
                label=t.label, start=t.start, end=t.end, text=text[t.start : t.end], confidence=t.confidence,
                analyser=NAME, title=d.title, definition=d.definition, example=d.example,
                voice=t.voice,
                speaker=t.speaker, quote=span(text, *t.quote) if t.quote else None,
                span_confidence=t.span_confidence, label_confidence=t.label_confidence,
            ))
        reference = _reference(doc)
        findings = kept(doc, findings, default=default_floor())
        ordered = [f for f in in_report_order(findings) if isinstance(f, TechniqueFinding)]
        counts = Counter(f.label for f in ordered)
        words = article_words(doc)
        return Contribution(findings=findings, summary={
            "techniques": dict(counts.most_common()),
            "technique_density_per_1000_words": round(1000 * sum(counts.values()) / words, 2) if words else 0.0,
            "techniques_by_voice": dict(Counter(f.voice for f in ordered)),
            "reference": reference,
        })
