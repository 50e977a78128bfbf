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

SCHEMA_VERSION = "1.0"


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


class NarrativeSummary(_Model):
    title: str
    url: str | None
    date: str | None
    count: int


Finding = Annotated[TechniqueFinding | QuoteFinding | NarrativeFinding, Field(discriminator="kind")]


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


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    unspin_version: str = __version__
    text: str
    meta: Meta
    segments: list[SegmentOut]
    sentences: list[SentenceOut]
    actors: list[ActorOut]
    findings: list[Finding]
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
            for extra in ("quote", "content", "cue", "speaker"):
                sub = getattr(f, extra, None)
                if isinstance(sub, Span):
                    out.append(Span(start=sub.start, end=sub.end, text=sub.text))
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
    findings: list[TechniqueFinding | QuoteFinding | NarrativeFinding] = []
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
            label="direct", start=q.start, end=q.end, text=text[q.start : q.end], confidence=0.9 if q.speaker else 0.6,
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
    findings.sort(key=lambda f: (f.start, f.end, f.kind))
    return Report(
        text=text,
        meta=Meta(**{k: doc.meta.get(k) for k in ("title", "url", "date", "source", "author")}),
        segments=segments,
        sentences=sentences,
        actors=actors,
        findings=findings,
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
