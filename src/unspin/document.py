"""The analysed document: its exact text, structure, language layer and annotations.

Analysers write into a ``Document`` (their ``set_annotations``); each one's contribution to the Report is read
back out by the same analyser (``contribute``), and only ``unspin.report.build`` assembles them. Every offset is
a character offset into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the annotation types live with the analysers that make them
    from unspin.analysers.actors import Actor
    from unspin.analysers.claims import Claim
    from unspin.analysers.comments import CommentResult
    from unspin.analysers.consistency import Inconsistency
    from unspin.analysers.narratives import NarrativeMatch
    from unspin.analysers.quotes.attribution import Attribution
    from unspin.analysers.techniques import TechniqueSpan
    from unspin.analysers.timeline import TimeExpression
    from unspin.inference.windows import TokenStates

SegmentKind = Literal["title", "body", "boilerplate", "comment"]


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    start: int
    end: int
    author: str | None = None
    time: str | None = None


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    segment: int  # index into Document.segments


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str  # spaCy NER label
    segment: int


@dataclass
class Annotations:
    """What the analysers found, one typed field each; ``None`` until (unless) that analyser ran."""

    states: TokenStates | None = None  # encoder: the shared pass's token states over the whole text
    actors: list[Actor] | None = None
    quotations: list[Attribution] | None = None
    timeline: list[TimeExpression] | None = None
    claims: list[Claim] | None = None
    techniques: list[TechniqueSpan] | None = None
    narratives: list[NarrativeMatch] | None = None
    inconsistencies: list[Inconsistency] | None = None
    comments: list[CommentResult] | None = None


@dataclass
class Document:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    annotations: Annotations = field(default_factory=Annotations)
    ran: list[str] = field(default_factory=list)
    min_confidence: float | None = None  # findings below this are left out of the Report (None: each analyser's own floor)

    def segment_at(self, offset: int) -> Segment | None:
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None

    def sentence_at(self, offset: int) -> tuple[int, int] | None:
        """The character range of the sentence holding ``offset``."""
        for sent in self.sentences:
            if sent.start <= offset < sent.end:
                return sent.start, sent.end
        return None

    def segments_of(self, *kinds: str) -> list[tuple[int, Segment]]:
        return [(i, s) for i, s in enumerate(self.segments) if s.kind in kinds]

    def zones(self, *kinds: str) -> list[tuple[int, int]]:
        """Character ranges of the segments of these kinds (default: title and body)."""
        want = kinds or ("title", "body")
        return [(s.start, s.end) for s in self.segments if s.kind in want]

    def sentences_in(self, *kinds: str, min_words: int = 0) -> list[tuple[int, int]]:
        """Sentence ranges inside segments of these kinds, of at least ``min_words`` words."""
        keep = {i for i, s in enumerate(self.segments) if s.kind in kinds}
        return [(s.start, s.end) for s in self.sentences
                if s.segment in keep and (not min_words or len(self.text[s.start : s.end].split()) >= min_words)]
