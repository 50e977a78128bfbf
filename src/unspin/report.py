"""The Report: unspin's one output contract, and ``build()``, the only way to make one.

Every span is ``{start, end, text}`` with ``text == Report.text[start:end]``.
The format is documented field by field in ``docs/report-format.md``;
``SCHEMA_VERSION`` changes whenever a field changes meaning or disappears.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from unspin import __version__
from unspin.analysers.technique_definitions import TECHNIQUES
from unspin.document import Document

SCHEMA_VERSION = "1.1"  # 1.1: claim, comment and inconsistency findings, timeline, claim and comment summaries


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    start: int
    end: int
    text: str


class Meta(_Model):
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None


class SegmentOut(_Model):
    kind: Literal["title", "body", "boilerplate", "comment"]
    start: int
    end: int
    text: str
    author: str | None = None
    time: str | None = None


class SentenceOut(_Model):
    start: int
    end: int
    text: str
    segment: int = Field(description="index into segments")


class ActorOut(_Model):
    id: str
    name: str
    type: Literal["person", "organisation", "place"]
    mentions: list[Span]


class _Finding(_Model):
    label: str
    start: int
    end: int
    text: str
    confidence: float = Field(ge=0, le=1)
    analyser: str


class TechniqueFinding(_Finding):
    kind: Literal["technique"] = "technique"
    title: str = Field(description="human-readable technique name")
    definition: str
    example: str
    voice: Literal["author", "quoted"]
    speaker: str | None = Field(None, description="the quoted speaker's actor name when voice is quoted")
    quote: Span | None = Field(None, description="the quotation holding the span, when voice is quoted")
    span_confidence: float
    label_confidence: float


class SpeakerSpan(Span):
    name: str | None = None


class QuoteFinding(_Finding):
    kind: Literal["quote"] = "quote"
    content: Span
    cue: Span | None = None
    speaker: SpeakerSpan | None = None
    direct: bool = True


class NarrativeFinding(_Finding):
    kind: Literal["narrative"] = "narrative"
    case_id: str
    case_title: str = Field(description="title of the documented case")
    case_date: str | None = None
    case_url: str | None = Field(None, description="the case's page, e.g. on euvsdisinfo.eu")
    similarity: float = Field(description="cosine similarity of the sentence and the case")
    origin: str = Field(description="euvsdisinfo (shipped index) or user (added with unspin narratives add)")
    voice: Literal["author", "quoted"]
    speaker: str | None = None


class SourceOut(Span):
    kind: Literal["named", "anonymous", "document"] = Field(description="a named actor, an anonymous source, or a document/statement")
    name: str | None = Field(None, description="the source actor's name (named sources)")
    actor: str | None = Field(None, description="id of the source actor in actors, when it is one")


class ClaimFinding(_Finding):
    kind: Literal["claim"] = "claim"
    claim_type: Literal["statistic", "event", "quote", "causal", "prediction", "other"]
    checkworthiness: float = Field(description="probability that the sentence is a check-worthy factual claim")
    sourcing: Literal["attributed", "asserted"] = Field(description="attributed to a source, or asserted by the author")
    source: SourceOut | None = None
    actors: list[str] = Field(description="names of the actors the claim involves")
    dates: list[Span] = Field(description="date and time expressions in the claim")


class CommentFinding(_Finding):
    kind: Literal["comment"] = "comment"
    segment: int = Field(description="index of the comment in segments")
    probabilities: dict[str, float] = Field(description="calibrated probability of each label")
    targets: list[str] = Field(description="groups attacked (HateXplain taxonomy), most likely first")
    target_scores: dict[str, float]
    rationale: list[Span] = Field(description="the words that drove a hatespeech/offensive decision")
    conspiracy: bool
    conspiracy_evidence: list[Span]
    conspiracy_confidence: float
    reason: str | None = Field(None, description="why the label differs from the classifier's, when it does")
    author: str | None = None
    time: str | None = None


class InconsistencyFinding(_Finding):
    kind: Literal["inconsistency"] = "inconsistency"
    evidence: list[Span] = Field(description="every variant's first mention (or the contradicting dates)")
    explanation: str


class TimelineEntry(_Model):
    start: int
    end: int
    text: str = Field(description="the date or time expression as written")
    date: str | None = Field(description="ISO date (YYYY-MM-DD, YYYY-MM or YYYY); null when ambiguous")
    granularity: Literal["day", "week", "month", "year"]
    status: Literal["absolute", "inferred", "relative", "ambiguous"]
    part_of_day: str | None = None
    anchor: int | None = Field(None, description="for relative expressions: index in timeline of the entry it counts from")
    note: str
    sentence: Span = Field(description="the sentence the event is told in")


class NarrativeSummary(_Model):
    title: str
    url: str | None
    date: str | None
    count: int


Finding = Annotated[
    TechniqueFinding | QuoteFinding | ClaimFinding | NarrativeFinding | InconsistencyFinding | CommentFinding,
    Field(discriminator="kind"),
]


class ClaimSummary(_Model):
    count: int
    by_type: dict[str, int]
    attributed: int
    asserted: int
    asserted_share: float = Field(description="share of claims the author asserts without a source")
    named_sources: int = Field(description="claims attributed to named sources")
    anonymous_sources: int
    document_sources: int
    sources: dict[str, int] = Field(description="sources cited, with how many claims each, most cited first")


class CommentSummary(_Model):
    count: int
    by_label: dict[str, int]
    by_target: dict[str, int]
    conspiracy: int


class Summary(_Model):
    words: int = Field(description="words in title and body")
    sentences: int
    segments: dict[str, int]
    actors: int
    findings: dict[str, int] = Field(description="number of findings per kind")
    techniques: dict[str, int] = Field(description="technique findings per label, most frequent first")
    technique_density_per_1000_words: float
    techniques_by_voice: dict[str, int]
    top_actors: list[str]
    quoted_speakers: dict[str, int]
    narratives: list[NarrativeSummary] = Field(description="distinct documented narratives matched, most matched first")
    claims: ClaimSummary | None = Field(None, description="when the claims analyser ran")
    comments: CommentSummary | None = Field(None, description="when the comments analyser ran")
    inconsistencies: int = 0


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    unspin_version: str = __version__
    text: str
    meta: Meta
    segments: list[SegmentOut]
    sentences: list[SentenceOut]
    actors: list[ActorOut]
    findings: list[Finding]
    timeline: list[TimelineEntry] = Field(description="dated events in time order; ambiguous expressions last")
    summary: Summary
    analysers: list[str] = Field(description="analysers that ran, in order")

    def spans(self) -> list[Span]:
        """Every span in the report, for checks such as ``text[start:end] == span.text``."""
        out: list[Span] = []
        out += [Span(start=s.start, end=s.end, text=s.text) for s in self.segments]
        out += [Span(start=s.start, end=s.end, text=s.text) for s in self.sentences]
        for a in self.actors:
            out += a.mentions
        for f in self.findings:
            out.append(Span(start=f.start, end=f.end, text=f.text))
            for extra in ("quote", "content", "cue", "speaker", "source", "dates", "rationale", "conspiracy_evidence", "evidence"):
                sub = getattr(f, extra, None)
                for one in sub if isinstance(sub, list) else [sub]:
                    if isinstance(one, Span):
                        out.append(Span(start=one.start, end=one.end, text=one.text))
        for t in self.timeline:
            out += [Span(start=t.start, end=t.end, text=t.text), t.sentence]
        return out


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def _words(text: str) -> int:
    return len(re.findall(r"\w+(?:[-'’]\w+)*", text))


def build(doc: Document) -> Report:
    """Turn an analysed ``Document`` into a ``Report``."""
    text = doc.text
    segments = [
        SegmentOut(kind=s.kind, start=s.start, end=s.end, text=text[s.start : s.end], author=s.author, time=s.time)
        for s in doc.segments
    ]
    sentences = [SentenceOut(start=s.start, end=s.end, text=text[s.start : s.end], segment=s.segment) for s in doc.sentences]
    actors = [
        ActorOut(id=f"a{i + 1}", name=a.name, type=a.type, mentions=[_span(text, s, e) for s, e in a.mentions])
        for i, a in enumerate(doc.annotations.get("actors", []))
    ]
    findings: list[TechniqueFinding | QuoteFinding | ClaimFinding | NarrativeFinding | InconsistencyFinding | CommentFinding] = []
    actor_ids = {a.name: a.id for a in actors}
    for t in doc.annotations.get("techniques", []):
        d = TECHNIQUES[t.label]
        findings.append(TechniqueFinding(
            label=t.label, start=t.start, end=t.end, text=text[t.start : t.end], confidence=t.confidence,
            analyser="techniques", title=d.title, definition=d.definition, example=d.example, voice=t.voice,
            speaker=t.speaker, quote=_span(text, *t.quote) if t.quote else None,
            span_confidence=t.span_confidence, label_confidence=t.label_confidence,
        ))
    for q in doc.annotations.get("quotations", []):
        findings.append(QuoteFinding(
            label="direct" if q.direct else "indirect", start=q.start, end=q.end, text=text[q.start : q.end],
            confidence=(0.9 if q.direct else 0.75) if q.speaker else (0.6 if q.direct else 0.45), direct=q.direct,
            analyser="quotes", content=_span(text, q.start, q.end),
            cue=_span(text, *q.cue) if q.cue else None,
            speaker=SpeakerSpan(start=q.speaker_span[0], end=q.speaker_span[1],
                                text=text[q.speaker_span[0] : q.speaker_span[1]], name=q.speaker)
            if q.speaker_span else None,
        ))
    for n in doc.annotations.get("narratives", []):
        findings.append(NarrativeFinding(
            label=n.origin, start=n.start, end=n.end, text=text[n.start : n.end], confidence=max(0.0, min(1.0, n.similarity)),
            analyser="narratives", case_id=n.case_id, case_title=n.case_title, case_date=n.case_date, case_url=n.case_url,
            similarity=n.similarity, origin=n.origin, voice=n.voice, speaker=n.speaker,
        ))
    for c in doc.annotations.get("claims", []):
        src = c.source
        findings.append(ClaimFinding(
            label=c.type, start=c.start, end=c.end, text=text[c.start : c.end], confidence=c.score, analyser="claims",
            claim_type=c.type, checkworthiness=c.score, sourcing=c.sourcing,
            source=SourceOut(start=src.start, end=src.end, text=text[src.start : src.end], kind=src.kind, name=src.name,
                             actor=actor_ids.get(src.name) if src.name else None) if src else None,
            actors=list(c.actors), dates=[_span(text, s, e) for s, e in c.dates],
        ))
    for x in doc.annotations.get("inconsistencies", []):
        findings.append(InconsistencyFinding(
            label=x.label, start=x.start, end=x.end, text=text[x.start : x.end], confidence=x.confidence,
            analyser="consistency", evidence=[_span(text, s, e) for s, e in x.evidence], explanation=x.explanation,
        ))
    for cm in doc.annotations.get("comments", []):
        findings.append(CommentFinding(
            label=cm.label, start=cm.start, end=cm.end, text=text[cm.start : cm.end], confidence=cm.confidence,
            analyser="comments", segment=cm.segment, probabilities=cm.probabilities, targets=list(cm.targets),
            target_scores=cm.targets, rationale=[_span(text, s, e) for s, e in cm.rationale], conspiracy=cm.conspiracy,
            conspiracy_evidence=[_span(text, s, e) for s, e in cm.conspiracy_evidence],
            conspiracy_confidence=cm.conspiracy_confidence, reason=cm.reason or None, author=cm.author, time=cm.time,
        ))
    findings.sort(key=lambda f: (f.start, f.end, f.kind))
    return Report(
        text=text,
        meta=Meta(**{k: doc.meta.get(k) for k in ("title", "url", "date", "source", "author")}),
        segments=segments,
        sentences=sentences,
        actors=actors,
        findings=findings,
        timeline=_timeline(doc),
        summary=_summary(doc, segments, actors, findings),
        analysers=list(doc.ran),
    )


def _summary(doc: Document, segments: list[SegmentOut], actors: list[ActorOut], findings: list) -> Summary:
    words = sum(_words(s.text) for s in segments if s.kind in ("title", "body"))
    techniques = Counter(f.label for f in findings if f.kind == "technique")
    return Summary(
        words=words,
        sentences=len(doc.sentences),
        segments=dict(Counter(s.kind for s in segments)),
        actors=len(actors),
        findings=dict(Counter(f.kind for f in findings)),
        techniques=dict(techniques.most_common()),
        technique_density_per_1000_words=round(1000 * sum(techniques.values()) / words, 2) if words else 0.0,
        techniques_by_voice=dict(Counter(f.voice for f in findings if f.kind == "technique")),
        top_actors=[a.name for a in actors[:10]],
        quoted_speakers=dict(Counter(f.speaker.name for f in findings if f.kind == "quote" and f.speaker and f.speaker.name)),
        narratives=_narratives(findings),
        claims=_claims(doc, findings),
        comments=_comments(doc, findings),
        inconsistencies=sum(1 for f in findings if f.kind == "inconsistency"),
    )


def _timeline(doc: Document) -> list[TimelineEntry]:
    from unspin.analysers.timeline import order

    exprs = doc.annotations.get("timeline", [])
    idx = order(exprs)
    position = {old: new for new, old in enumerate(idx)}
    text = doc.text
    return [TimelineEntry(
        start=t.start, end=t.end, text=text[t.start : t.end], date=t.date, granularity=t.granularity, status=t.status,
        part_of_day=t.part_of_day, anchor=position.get(t.anchor) if t.anchor is not None else None, note=t.note,
        sentence=_span(text, *t.sentence),
    ) for t in (exprs[i] for i in idx)]


def _claims(doc: Document, findings: list) -> ClaimSummary | None:
    if "claims" not in doc.annotations:
        return None
    claims = [f for f in findings if f.kind == "claim"]
    kinds = Counter(f.source.kind for f in claims if f.source)
    sources = Counter((f.source.name or f.source.text) for f in claims if f.source)
    asserted = sum(1 for f in claims if f.sourcing == "asserted")
    return ClaimSummary(
        count=len(claims), by_type=dict(Counter(f.claim_type for f in claims).most_common()),
        attributed=len(claims) - asserted, asserted=asserted,
        asserted_share=round(asserted / len(claims), 3) if claims else 0.0,
        named_sources=kinds.get("named", 0), anonymous_sources=kinds.get("anonymous", 0),
        document_sources=kinds.get("document", 0), sources=dict(sources.most_common()),
    )


def _comments(doc: Document, findings: list) -> CommentSummary | None:
    if "comments" not in doc.annotations:
        return None
    comments = [f for f in findings if f.kind == "comment"]
    return CommentSummary(
        count=len(comments), by_label=dict(Counter(f.label for f in comments).most_common()),
        by_target=dict(Counter(t for f in comments if f.label != "normal" for t in f.targets).most_common()),
        conspiracy=sum(1 for f in comments if f.conspiracy),
    )


def _narratives(findings: list) -> list[NarrativeSummary]:
    seen: dict[str, NarrativeSummary] = {}
    for f in findings:
        if f.kind == "narrative":
            if f.case_id in seen:
                seen[f.case_id].count += 1
            else:
                seen[f.case_id] = NarrativeSummary(title=f.case_title, url=f.case_url, date=f.case_date, count=1)
    return sorted(seen.values(), key=lambda n: -n.count)
