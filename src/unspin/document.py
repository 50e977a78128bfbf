"""The analysed document: its exact text, structure, language layer and annotations.

Analysers write into a ``Document``; only ``unspin.report.build`` reads it
back out. Every offset is a character offset into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

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
class Document:
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    # filled by analysers, keyed by what they assign
    annotations: dict[str, Any] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)

    def segment_at(self, offset: int) -> Segment | None:
        for seg in self.segments:
            if seg.start <= offset < seg.end:
                return seg
        return None

    def segments_of(self, *kinds: str) -> list[tuple[int, Segment]]:
        return [(i, s) for i, s in enumerate(self.segments) if s.kind in kinds]
