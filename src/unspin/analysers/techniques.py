"""Persuasion-technique spans (the 14 PTC techniques) with their voice.

Predicts with the bundled ONNX model (see ``technique_tagger``); writes
``doc.annotations["techniques"]`` as ``TechniqueSpan`` records. A span inside
a quotation gets ``voice="quoted"`` and the quoted speaker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from unspin.analysers.quotations import find_quotations, quotation_holding
from unspin.analysers.technique_tagger import TechniqueTagger
from unspin.document import Document
from unspin.models import locate

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
    voice: str  # "author" | "quoted"
    speaker: str | None = None
    quote: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def load_tagger() -> TechniqueTagger:
    """The tagger, once per process; ``UNSPIN_THREADS`` caps its CPU threads (batch workers set it)."""
    threads = int(os.environ.get("UNSPIN_THREADS", "0")) or None
    return TechniqueTagger(locate("techniques"), threads=threads)


class TechniqueAnalyser:
    name = NAME
    assigns = ("techniques",)
    requires = ("segments",)

    def warm(self) -> None:
        load_tagger()

    def __call__(self, doc: Document) -> None:
        tagger = load_tagger()
        zones = [(s.start, s.end) for s in doc.segments if s.kind in ("title", "body")]
        actors = doc.annotations.get("actors", [])
        quotes = doc.annotations.get("quotations")
        if quotes is None:  # the quotes analyser was skipped: still give spans their voice
            quotes = find_quotations(doc.text, zones, actors)
        if not zones:
            doc.annotations["techniques"] = []
            return
        enc = tagger.encode_many([doc.text])[0]
        guesses = [g for g in tagger.find_spans(enc) if any(a <= g.start and g.end <= b for a, b in zones)]
        probs = tagger.classify(enc, [(g.start, g.end) for g in guesses])
        found: list[TechniqueSpan] = []
        for g, p in zip(guesses, probs):
            order = p.argsort()[::-1]
            q = quotation_holding(g.start, g.end, quotes)
            for rank, k in enumerate(order[:2]):
                if rank == 1 and p[k] < SECOND_LABEL_MIN:
                    break
                found.append(TechniqueSpan(
                    label=tagger.labels[int(k)], start=g.start, end=g.end,
                    confidence=round(float(g.confidence * p[k]), 4),
                    span_confidence=round(g.confidence, 4), label_confidence=round(float(p[k]), 4),
                    voice="quoted" if q else "author", speaker=q.speaker if q else None,
                    quote=(q.start, q.end) if q else None,
                ))
        doc.annotations["techniques"] = found
