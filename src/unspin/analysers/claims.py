"""Check-worthy claims: which body sentences state something the public would want verified, of what
type, involving whom and when, and on whose word.

Check-worthiness is the bundled logistic regression over the sentence
encoder's vectors (``models/claims``, trained on CheckThat! 2024). The type
and the sourcing are read from the sentence itself and from the quotes
analyser: a claim inside a quotation or reported speech is attributed to its
speaker; "sources say", "reportedly" make it anonymous; "according to the
report" a document; anything else the author asserts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from unspin.analysers.quotations import Quoted, quotation_holding
from unspin.document import Document
from unspin.models import locate

NAME = "claims"
MIN_WORDS = 4
CLAIM_TYPES = ("statistic", "event", "quote", "causal", "prediction", "other")

_NUMBER = re.compile(
    r"\d|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|per cent|half|third|quarter|twice|"
    r"double|triple|majority|minority|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety)\b",
    re.IGNORECASE,
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|caused|causes|causing|led to|leads to|leading to|result(?:ed|s)? in|as a result|resulted from|"
    r"therefore|thanks to|blamed? (?:for|on)|responsible for|triggered|provoked|so that|consequently|owing to)\b",
    re.IGNORECASE,
)
_PREDICTION = re.compile(
    r"\b(?:will|won't|shall|is going to|are going to|expected to|expects? to|forecasts?|predicts?|predicted|likely to|"
    r"set to|plans? to|planning to|intends? to|could soon|about to|in the coming|next (?:week|month|year))\b",
    re.IGNORECASE,
)
_PAST = re.compile(r"\b(?:was|were|had|did|\w+ed)\b", re.IGNORECASE)
ANONYMOUS = re.compile(
    r"\b(?:(?:unnamed|anonymous|informed|well-placed|senior|western|diplomatic|military|intelligence|government|"
    r"official)\s+)*sources?\b|\breportedly\b|\bit (?:is|was|has been) (?:reported|said|claimed|alleged|believed|rumou?red)\b|"
    r"\binsiders?\b|\bpeople familiar with\b|\bon (?:the )?condition of anonymity\b|\brumou?rs?\b|\bsome (?:say|believe|claim)\b|"
    r"\b(?:officials|experts|analysts|observers|diplomats)\s+(?:say|said|believe|claim|warn)",
    re.IGNORECASE,
)
DOCUMENT = re.compile(
    r"\baccording to (?:a|the|an|its|their|his|her|new|official|recent|latest)\s+(?:\w+\s+){0,3}"
    r"(?:report|statement|document|study|survey|data|figures|estimates?|poll|analysis|census|records|decree|release)s?\b|"
    r"\b(?:a|the)\s+(?:\w+\s+){0,3}(?:report|statement|document|study|survey|poll|decree|press release)\s+"
    r"(?:says|said|states|stated|shows|showed|found|finds|reads|published)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SourceRef:
    kind: str  # named | anonymous | document
    start: int
    end: int
    name: str | None  # the actor's name for a named source


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    score: float
    type: str
    sourcing: str  # attributed | asserted
    source: SourceRef | None
    actors: tuple[str, ...]
    dates: tuple[tuple[int, int], ...]


class ClaimModel:
    def __init__(self, model_dir: Path) -> None:
        data = np.load(model_dir / "weights.npz")
        self.coef = data["coef"].astype(np.float32)
        self.intercept = float(data["intercept"])
        self.config = json.loads((model_dir / "config.json").read_text())
        self.threshold = float(self.config["threshold"])

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(vectors @ self.coef + self.intercept)))


@lru_cache(maxsize=1)
def load_claim_model() -> ClaimModel:
    return ClaimModel(locate("claims", "weights.npz"))


def claim_type(text: str, in_quote: bool, has_actor: bool, has_date: bool) -> str:
    if in_quote:
        return "quote"
    if _CAUSAL.search(text):
        return "causal"
    if _NUMBER.search(text):
        return "statistic"
    if _PREDICTION.search(text):
        return "prediction"
    if has_actor and (has_date or _PAST.search(text)):
        return "event"
    return "other"


def source_of(text: str, start: int, end: int, quotes: list[Quoted]) -> tuple[SourceRef | None, bool]:
    """The claim's source, and whether the claim sits inside a direct quotation."""
    q = quotation_holding(start, end, quotes, direct_only=False)
    # a quotation whose cue is in this sentence: a direct one ('Trump said he was "very angry"'), or reported speech
    # that carries most of the sentence ("X said that ..."; not "media stayed silent about the attack")
    if q is None:
        q = next((x for x in quotes if x.cue and start <= x.cue[0] < end and x.start < end and start < x.end
                  and (x.direct or min(end, x.end) - max(start, x.start) >= 0.4 * (end - start))), None)
    if q is not None and q.speaker_span is not None:
        s, e = q.speaker_span
        phrase = text[s:e]
        kind = "anonymous" if ANONYMOUS.search(phrase) else "document" if re.search(
            r"\b(report|statement|document|study|survey|data|decree)\b", phrase, re.IGNORECASE) else "named"
        return SourceRef(kind, s, e, q.speaker if kind == "named" else None), q.direct
    if q is not None and q.speaker:  # a pronoun resolved to an actor: the cue is the evidence
        cs, ce = q.cue or (q.start, q.end)
        return SourceRef("named", cs, ce, q.speaker), q.direct
    sentence = text[start:end]
    m = DOCUMENT.search(sentence)
    if m:
        return SourceRef("document", start + m.start(), start + m.end(), None), False
    m = ANONYMOUS.search(sentence)
    if m:
        return SourceRef("anonymous", start + m.start(), start + m.end(), None), False
    if q is not None:  # quoted, speaker unknown
        return SourceRef("anonymous", q.cue[0], q.cue[1], None) if q.cue else None, q.direct
    return None, False


class ClaimAnalyser:
    name = NAME
    assigns = ("claims",)
    requires = ("sentences",)  # quotations and timeline are used when those analysers ran

    def warm(self) -> None:
        from unspin.analysers.sentence_encoder import load_encoder

        load_claim_model()
        load_encoder()

    def __call__(self, doc: Document) -> None:
        from unspin.analysers.sentence_encoder import vectors_for

        body = {i for i, s in enumerate(doc.segments) if s.kind == "body"}
        spans = [(s.start, s.end) for s in doc.sentences
                 if s.segment in body and len(doc.text[s.start : s.end].split()) >= MIN_WORDS]
        doc.annotations["claims"] = []
        if not spans:
            return
        model = load_claim_model()
        scores = model.scores(vectors_for(doc, spans))
        quotes = doc.annotations.get("quotations", [])
        actors = doc.annotations.get("actors", [])
        timeline = doc.annotations.get("timeline", [])
        for (s, e), score in zip(spans, scores):
            if score < model.threshold:
                continue
            names = tuple(dict.fromkeys(a.name for a in actors for ms, me in a.mentions if s <= ms and me <= e))
            dates = tuple((t.start, t.end) for t in timeline if s <= t.start and t.end <= e)
            if not timeline:
                dates = tuple((x.start, x.end) for x in doc.entities if x.label in ("DATE", "TIME") and s <= x.start and x.end <= e)
            source, in_quote = source_of(doc.text, s, e, quotes)
            doc.annotations["claims"].append(Claim(
                start=s, end=e, score=round(float(score), 3),
                type=claim_type(doc.text[s:e], in_quote, bool(names), bool(dates)),
                sourcing="attributed" if source else "asserted", source=source, actors=names, dates=dates,
            ))
