"""Quotations and their speakers as an analyser of their own (used by techniques, narratives, claims and the report).

Stages, citron-style, one module each: ``cue`` (speech verbs, "according to", list headers) → ``content`` (quote
marks, where reported speech ends) → ``source`` (the phrase naming the speaker) → ``resolve`` (which actor it is)
→ ``merge`` (one reading from two). Two readers produce ``attribution.Attribution``: the rules (``rules``) and the
tagger trained on PolNeAR (``learned``, on ``attribution_model``), which also finds paraphrase ("the governor
believes the plan is too expensive") and quotations interrupted by their cue. Each stage has an ``evaluate()``
against PolNeAR dev (``evaluation``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from unspin.analysers import Analyser, kept
from unspin.analysers.quotes.attribution import Attribution
from unspin.analysers.quotes.learned import learned_quotations, learned_sources, regions
from unspin.analysers.quotes.merge import merge as merged_reading
from unspin.analysers.quotes.resolve import speaker_for
from unspin.analysers.quotes.rules import continue_speakers, find_quotations
from unspin.document import Document
from unspin.report import AnyFinding, Contribution, QuoteFinding, SpeakerSpan, in_report_order, span

NAME = "quotes"


@dataclass(frozen=True)
class Readings:
    rules: list[Attribution]
    learned: list[Attribution]
    merged: list[Attribution]


class QuoteAnalyser(Analyser):
    name = NAME
    requires = ("language", "actors", "encoder")

    def warm(self) -> None:
        from unspin.analysers.attribution_model import load_attribution_tagger

        load_attribution_tagger()

    def predict(self, docs: Sequence[Document]) -> list[list[Attribution]]:
        return [r.merged for r in self.readings(docs)]

    def readings(self, docs: Sequence[Document]) -> list[Readings]:
        """The rules' reading, the tagger's and the merged one, per document (``predict`` keeps the last; the stage
        evaluations compare all three)."""
        from unspin.analysers.attribution_model import load_attribution_tagger

        features = [regions(doc) for doc in docs]
        tagger = load_attribution_tagger()
        ready = [f for doc_regions in features for f in doc_regions]
        probs = iter(tagger.tag_probs_many([f[1] for f in ready]) if ready else [])
        out = []
        for doc, doc_regions in zip(docs, features):
            actors = doc.annotations.actors or []
            titles = doc.zones("title")
            rules = find_quotations(doc.text, doc.zones("title", "body"), actors, doc.sentences_in("body"),
                                    titles[0] if titles else None)
            learned: list[Attribution] = []
            sources = []
            for f in doc_regions:
                p = next(probs)
                found = tagger.spans(f[1], f[2], p)
                learned += learned_quotations(doc, actors, f, p, found)
                sources += [(s, e, speaker_for(doc.text, actors, s, e)[0]) for s, e in learned_sources(doc, f, found, actors)]
            merged = continue_speakers(doc.text, doc.zones("title", "body"), actors,
                                       merged_reading(rules, learned, doc.text, sources))
            out.append(Readings(rules, learned, merged))
        return out

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[Attribution]]) -> None:
        for doc, quotes in zip(docs, preds):
            doc.annotations.quotations = quotes

    def contribute(self, doc: Document) -> Contribution:
        text = doc.text
        findings: list[AnyFinding] = []
        for q in doc.annotations.quotations or []:
            findings.append(QuoteFinding(
                label="direct" if q.direct else "indirect", start=q.start, end=q.end, text=text[q.start : q.end],
                confidence=confidence(q, text), direct=q.direct, analyser=NAME, content=span(text, q.start, q.end),
                cue=span(text, *q.cue) if q.cue else None,
                speaker=SpeakerSpan(start=q.speaker_span[0], end=q.speaker_span[1],
                                    text=text[q.speaker_span[0] : q.speaker_span[1]], name=q.speaker)
                if q.speaker_span else None,
                unresolved=_unresolved(text, q),
            ))
        findings = kept(doc, findings, default=float(_confidence_table().get("min_confidence", 0.0)))
        quoted = [(f.speaker.name, f.confidence) for f in in_report_order(findings)
                  if isinstance(f, QuoteFinding) and f.speaker and f.speaker.name]
        speakers = Counter(name for name, _ in quoted)
        weight: dict[str, float] = {}
        for name, conf in quoted:
            weight[name] = weight.get(name, 0.0) + conf
        # most quotes first; among speakers quoted as often, the one whose quotes the model is surer of (a senator's
        # "insisted" before "The Republican Congress … has enacted")
        ranked = sorted(speakers.items(), key=lambda kv: (-kv[1], -weight[kv[0]]))
        return Contribution(findings=findings, summary={"quoted_speakers": dict(ranked)})


def _unresolved(text: str, q: Attribution) -> str | None:
    """Why a quote names no speaker (None when it names one)."""
    if q.speaker:
        return None
    if q.speaker_span is None:
        return "no source phrase found near the quote"
    phrase = text[q.speaker_span[0] : q.speaker_span[1]]
    return f"'{phrase}' does not point to one actor named in the article"


def kind_of(q: Attribution) -> str:
    """The kind the confidence table knows: direct or reported, speaker named or not, with a source span or not."""
    return f"{'direct' if q.direct else 'reported'}|{'named' if q.speaker else 'unnamed'}|{'span' if q.speaker_span else 'nospan'}"


def confidence(q: Attribution, text: str) -> float:
    """How often an attribution like this one is right (content and source) on PolNeAR dev: a logistic regression
    over its kind, how often its cue words are attribution cues in PolNeAR train, its length and its speaker phrase
    (``training/quote_confidence.py``, ``models/attribution/confidence.json``); an older table by kind without it."""
    table = _confidence_table()
    model = table.get("model")
    if model is None:  # a confidence file from before the model: the table by kind
        return float(table["table"].get(kind_of(q), table["default"]))
    x = confidence_features(q, text, model["cue_prior"], float(model["cue_default"]))
    z = float(np.dot(x, model["coef"]) + model["bias"])
    return round(1.0 / (1.0 + math.exp(-z)), 4)


CUE_WORD = re.compile(r"[A-Za-z]+")
CONFIDENCE_FEATURES = ("direct", "named", "speaker_span", "listed", "no_cue", "cue_logit", "content_words",
                       "speaker_capitalised", "speaker_distance")


def confidence_features(q: Attribution, text: str, cue_prior: dict[str, float], cue_default: float) -> np.ndarray:
    """What the confidence model reads of one attribution (``CONFIDENCE_FEATURES``, in order)."""
    cue_words = [w.lower() for w in CUE_WORD.findall(text[q.cue[0] : q.cue[1]])] if q.cue else []
    p = max((cue_prior.get(w, cue_default) for w in cue_words), default=cue_default)
    speaker = CUE_WORD.findall(text[q.speaker_span[0] : q.speaker_span[1]]) if q.speaker_span else []
    distance = 0
    if q.speaker_span:
        distance = max(0, max(q.speaker_span[0], q.start) - min(q.speaker_span[1], q.end))
    return np.array([
        float(q.direct), float(bool(q.speaker)), float(q.speaker_span is not None), float(q.listed), float(not cue_words),
        math.log(p / (1 - p)) if cue_words else 0.0, math.log1p(len(text[q.start : q.end].split())),
        sum(w[0].isupper() for w in speaker) / len(speaker) if speaker else 0.0, math.log1p(distance),
    ])


@lru_cache(maxsize=1)
def _confidence_table() -> dict:
    import json

    from unspin.models import locate

    return json.loads((locate("attribution", "confidence.json") / "confidence.json").read_text(encoding="utf-8"))
