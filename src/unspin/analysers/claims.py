"""Check-worthy claims: which body sentences state something the public would want verified, of what
type, involving whom and when, and on whose word.

Check-worthiness is the bundled model (``models/claims``, trained on CheckThat! 2024): two transformer layers,
fine-tuned, over each sentence's token states from the shared encoder pass (the fifth layer's input,
``unspin.inference.trunk``), attending within the sentence, mean-pooled, one logit. The sentence is read in its
article's context and never encoded a second time. The type
and the sourcing are read from the sentence itself and from the quotes
analyser: a claim inside a quotation or reported speech is attributed to its
speaker; "sources say", "reportedly" make it anonymous; "according to the
report" a document; anything else the author asserts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from unspin.analysers import Analyser, kept
from unspin.analysers.quotes.attribution import Attribution, quotation_holding
from unspin.analysers.quotes.resolve import uncontracted
from unspin.analysers.quotes.source import PRONOUNS
from unspin.document import Document
from unspin.inference.windows import TokenStates
from unspin.models import locate
from unspin.report import ClaimFinding, ClaimSummary, Contribution, SourceOut, in_report_order, span

NAME = "claims"
MIN_WORDS = 4
CLAIM_TYPES = ("statistic", "event", "quote", "causal", "prediction", "other")
ClaimType = Literal["statistic", "event", "quote", "causal", "prediction", "other"]
SourceKind = Literal["named", "anonymous", "document"]

_NUMBER = re.compile(
    r"\d|\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|percent|per cent|half|third|quarter|twice|"
    r"double|triple|majority|minority|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety)\b",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# numbers that count nothing: years, dates, times, ordinals, "9/11", digits inside names ("MH17", "Future45",
# "COVID-19", "G7"), and "one" as a pronoun ("one of", "no one")
_NOT_QUANTITY = re.compile(
    r"^(?:1[5-9]\d\d|20\d\d)s?$|^\d+(?:st|nd|rd|th)$|^\d{1,2}/\d{1,2}(?:/\d{2,4})?$|^\d{1,2}(?::\d\d(?:am|pm)?|am|pm)$"
    r"|^[A-Za-z]+-?\d+$|^\d+-?[A-Za-z]{3,}$|^one$",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)", re.IGNORECASE)
_DATE_BEFORE = re.compile(_MONTH + r"\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(r"^(?:st|nd|rd|th)?,?\s+" + _MONTH + r"(?:\s|$)", re.IGNORECASE)


def has_quantity(text: str) -> bool:
    """Whether the sentence states a quantity (a statistic's mark): a number that counts or measures something
    ("91 drones", "$204,202", "12 percent", "two billionaires", "millions"), not a year ("in 2008"), a date
    ("Nov. 17", "17 November", "9/11"), a time ("10 a.m."), an ordinal ("21st") or digits inside a name ("MH17")."""
    for m in _NUMBER.finditer(text):
        a, b = m.start(), m.end()
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        token = text[a:b].strip("()[]\"“”‘’'.,;:!?")
        if token.startswith(("$", "£", "€")) or token.endswith("%"):
            return True
        if _NOT_QUANTITY.search(token):
            continue
        if token.isdigit() and len(token) <= 2 and (_DATE_BEFORE.search(text, 0, a) or _DATE_AFTER.search(text[b:])
                                                    or _CLOCK.search(text[b:])):
            continue
        if m.group(0).lower() == "one":
            continue
        if m.group(0)[:1].isupper() and text[:a].strip(" \"“‘'([") and not m.group(0)[:1].isdigit():
            continue  # a capitalised number word inside the sentence belongs to a name: "Majority Leader", "Big Ten"
        if m.group(0).lower() in ("majority", "minority") and re.match(r"\s+[A-Z]", text[m.end() :]):
            continue  # a title at the start of the sentence: "Majority Leader Mitch McConnell agreed"
        return True
    return False


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
# "plan to" as a noun ("her original plan to take Britain out", "its plans to expand", "the plan to build") is no
# prediction; as a verb ("they plan to", "the government plans to") it is
_NOUN_PLAN = re.compile(r"\b(?:(?:her|his|its|our|my|their|your)(?:\s+[\w'’-]+){0,2}\s+plans?|"
                        r"(?:the|a|an|this|that)(?:\s+[\w'’-]+){0,2}\s+plan)\s+to$", re.IGNORECASE)
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
    kind: SourceKind
    start: int
    end: int
    name: str | None  # the actor's name for a named source


@dataclass(frozen=True)
class Claim:
    start: int
    end: int
    score: float
    type: ClaimType
    sourcing: Literal["attributed", "asserted"]
    source: SourceRef | None
    actors: tuple[str, ...]
    dates: tuple[tuple[int, int], ...]


class ClaimModel:
    """The check-worthiness head over the shared pass's token states. ``config.json`` names the head: ``tail`` (v2,
    fine-tuned layers over each sentence's pieces, ``tail.int8.onnx.gz``) or ``pooled`` (v1, a logistic regression
    on the mean-pooled states, ``weights.npz``)."""

    def __init__(self, model_dir: Path) -> None:
        self.dir = model_dir
        self.config = json.loads((model_dir / "config.json").read_text())
        self.threshold = float(self.config["threshold"])
        self.head = self.config.get("head", "pooled")
        if self.head == "tail":
            from unspin.inference.session import session

            self.session = session(model_dir / self.config["onnx"])
            self.max_pieces = int(self.config.get("max_pieces", 96))
        else:
            data = np.load(model_dir / "weights.npz")
            self.coef = data["coef"].astype(np.float32)
            self.intercept = float(data["intercept"])

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """v1 only: probabilities from mean-pooled features (``unspin.inference.trunk.pooled``)."""
        return 1.0 / (1.0 + np.exp(-(vectors @ self.coef + self.intercept)))

    def score_spans(self, states: TokenStates, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """The probability that each character span of the encoded text is a check-worthy claim."""
        from unspin.inference.trunk import pooled

        if not spans:
            return np.zeros(0, np.float32)
        if self.head != "tail":
            return self.scores(pooled(states, spans))
        pieces = [states["trunk"][states.pieces(s, e)][: self.max_pieces] for s, e in spans]
        out = np.zeros(len(spans), np.float32)
        # one sentence a call: int8 activations are quantised per call, so a sentence's score never depends on
        # which sentences share its call; and on one thread it is the fastest (0.74 ms a 40-piece sentence, against
        # 0.87 in calls of 16)
        for i, piece in enumerate(pieces):
            hidden = piece[None] if len(piece) else np.zeros((1, 1, states["trunk"].shape[1]), np.float32)
            (logit,) = self.session.run(["logit"], {"hidden": hidden, "attention_mask": np.ones(hidden.shape[:2], np.int64)})
            out[i] = 1.0 / (1.0 + np.exp(-logit[0]))
        return out


def passage_scores(passages: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """Check-worthiness of sentences read in context: each passage's sentences are joined with a space and encoded
    once by the shared pass, then scored as the analyser scores an article's sentences. Benchmarks read debate
    transcripts this way (runs of consecutive sentences)."""
    from unspin.inference.trunk import load_trunk

    model = load_claim_model()
    trunk = load_trunk()
    out = []
    for sentences in passages:
        text, spans = joined(sentences)
        # one call per passage, as the analyser makes one per article (int8 activations are quantised per call)
        out.append(model.score_spans(trunk.encode([text])[0], spans))
    return out


def passage_features(passages: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """v1's features (training/claims.py): each sentence's states mean-pooled, read in its passage."""
    from unspin.inference.trunk import load_trunk, pooled

    trunk = load_trunk()
    out = []
    for sentences in passages:
        text, spans = joined(sentences)
        out.append(pooled(trunk.encode([text])[0], spans))
    return out


def joined(sentences: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """A passage: its sentences joined with a space, and each sentence's character span in it."""
    text, spans = "", []
    for sentence in sentences:
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence + " "
    return text.rstrip(), spans


@lru_cache(maxsize=1)
def load_claim_model() -> ClaimModel:
    return ClaimModel(locate("claims"))


def claim_type(text: str, in_quote: bool, has_actor: bool, has_date: bool) -> ClaimType:
    if in_quote:
        return "quote"
    if _CAUSAL.search(text):
        return "causal"
    if has_quantity(text):
        return "statistic"
    if any(not _NOUN_PLAN.search(text, max(0, m.start() - 40), m.end()) for m in _PREDICTION.finditer(text)):
        return "prediction"
    if has_actor and (has_date or _PAST.search(text)):
        return "event"
    return "other"


_PRONOUNS = PRONOUNS | {"you", "who", "which", "that", "this", "these", "those", "them", "him", "her", "one"}


def source_of(text: str, start: int, end: int, quotes: list[Attribution]) -> tuple[SourceRef | None, bool]:
    """The claim's source, and whether the claim sits inside a direct quotation."""
    q = quotation_holding(start, end, quotes, direct_only=False)
    # a quotation whose cue is in this sentence: a direct one ('Trump said he was "very angry"'), or reported speech
    # that carries most of the sentence ("X said that ..."; not "media stayed silent about the attack")
    if q is None:
        q = next((x for x in quotes if x.cue and start <= x.cue[0] < end and x.start < end and start < x.end
                  and (x.direct or min(end, x.end) - max(start, x.start) >= 0.4 * (end - start))), None)
    if (q is not None and q.speaker_span is not None and q.speaker is None
            and uncontracted(text[q.speaker_span[0] : q.speaker_span[1]].strip().lower()) in _PRONOUNS):
        q = replace(q, speaker_span=None)  # "they", "who": a pronoun no actor stands behind names nobody
    if q is not None and q.speaker_span is not None:
        s, e = q.speaker_span
        phrase = text[s:e]
        kind: SourceKind = "anonymous" if ANONYMOUS.search(phrase) else "document" if re.search(
            r"\b(?:reports?|statements?|documents?|study|studies|surveys?|data|decrees?|polls?|investigations?|"
            r"inquir(?:y|ies)|analys[ei]s|records|findings|figures|estimates)\b", phrase, re.IGNORECASE) else "named"
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


class ClaimAnalyser(Analyser):
    name = NAME
    requires = ("language", "encoder", "actors", "quotes", "timeline")

    def warm(self) -> None:
        load_claim_model()

    def predict(self, docs: Sequence[Document]) -> list[list[Claim]]:
        return [self._claims(doc) for doc in docs]

    def _claims(self, doc: Document) -> list[Claim]:
        spans = doc.sentences_in("body", min_words=MIN_WORDS)
        states = doc.annotations.states
        if not spans or states is None:
            return []
        model = load_claim_model()
        scores = model.score_spans(states, spans)
        quotes = doc.annotations.quotations or []
        actors = doc.annotations.actors or []
        timeline = doc.annotations.timeline or []
        out = []
        for (s, e), score in zip(spans, scores):
            if score < model.threshold:
                continue
            names = tuple(dict.fromkeys(a.name for a in actors for ms, me in a.mentions if s <= ms and me <= e))
            dates = tuple((t.start, t.end) for t in timeline if s <= t.start and t.end <= e)
            if not timeline:  # no expression the timeline could read: the named-entity dates still show
                dates = tuple((x.start, x.end) for x in doc.entities if x.label in ("DATE", "TIME") and s <= x.start and x.end <= e)
            source, in_quote = source_of(doc.text, s, e, quotes)
            out.append(Claim(
                start=s, end=e, score=round(float(score), 3),
                type=claim_type(doc.text[s:e], in_quote, bool(names), bool(dates)),
                sourcing="attributed" if source else "asserted", source=source, actors=names, dates=dates,
            ))
        return out

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[Claim]]) -> None:
        for doc, claims in zip(docs, preds):
            doc.annotations.claims = claims

    def contribute(self, doc: Document) -> Contribution:
        from unspin.analysers.actors import actor_id

        text = doc.text
        actor_ids = {}
        for i, a in enumerate(doc.annotations.actors or []):
            actor_ids[a.name] = actor_id(i)
        findings: list[ClaimFinding] = []
        for c in doc.annotations.claims or []:
            src = c.source
            findings.append(ClaimFinding(
                label=c.type, start=c.start, end=c.end, text=text[c.start : c.end], confidence=c.score, analyser=NAME,
                claim_type=c.type, checkworthiness=c.score, sourcing=c.sourcing,
                source=SourceOut(start=src.start, end=src.end, text=text[src.start : src.end], kind=src.kind, name=src.name,
                                 actor=actor_ids.get(src.name) if src.name else None) if src else None,
                actors=list(c.actors), dates=[span(text, s, e) for s, e in c.dates],
            ))
        findings = kept(doc, findings)
        claims = [f for f in in_report_order(findings) if isinstance(f, ClaimFinding)]
        kinds = Counter(f.source.kind for f in claims if f.source)
        sources = Counter((f.source.name or f.source.text) for f in claims if f.source)
        asserted = sum(1 for f in claims if f.sourcing == "asserted")
        summary = ClaimSummary(
            count=len(claims), by_type=dict(Counter(f.claim_type for f in claims).most_common()),
            attributed=len(claims) - asserted, asserted=asserted,
            asserted_share=round(asserted / len(claims), 3) if claims else 0.0,
            named_sources=kinds.get("named", 0), anonymous_sources=kinds.get("anonymous", 0),
            document_sources=kinds.get("document", 0), sources=dict(sources.most_common()),
        )
        return Contribution(findings=list(findings), summary={"claims": summary})
