"""Match what an article claims to documented disinformation narratives (EUvsDisinfo and user cases).

Candidates are the title and body sentences of six words or more (not only
check-worthy claims: narratives are often opinion). Their vectors are shared
with the claims analyser, so each sentence is encoded once. Each candidate whose best
case clears the calibrated threshold (``models/narratives/meta.json``) becomes
a ``narrative`` finding with the case's title, date, URL and similarity.
"""

from __future__ import annotations

from dataclasses import dataclass

from unspin.analysers.quotations import quotation_holding
from unspin.document import Document

NAME = "narratives"
MIN_WORDS = 6


@dataclass(frozen=True)
class NarrativeMatch:
    start: int
    end: int
    similarity: float
    case_id: str
    case_title: str
    case_url: str | None
    case_date: str | None
    origin: str
    voice: str
    speaker: str | None


class NarrativeAnalyser:
    name = NAME
    assigns = ("narratives",)
    requires = ("sentences",)

    def __init__(self, threshold: float | None = None) -> None:
        self._threshold = threshold

    def threshold(self) -> float:
        from unspin.narratives.index import shipped_meta

        return self._threshold if self._threshold is not None else float(shipped_meta().get("threshold", 0.67))

    def candidates(self, doc: Document) -> list[tuple[int, int]]:
        keep = {i for i, s in enumerate(doc.segments) if s.kind in ("title", "body")}
        return [(s.start, s.end) for s in doc.sentences
                if s.segment in keep and len(doc.text[s.start : s.end].split()) >= MIN_WORDS]

    def warm(self) -> None:
        from unspin.analysers.sentence_encoder import load_encoder
        from unspin.narratives.index import load_index

        load_index()
        load_encoder()

    def __call__(self, doc: Document) -> None:
        from unspin.narratives.index import load_index

        spans = self.candidates(doc)
        doc.annotations["narratives"] = []
        if not spans:
            return
        thr = self.threshold()
        quotes = doc.annotations.get("quotations", [])
        from unspin.analysers.sentence_encoder import vectors_for

        results = load_index().search_vectors(vectors_for(doc, spans), k=1)
        for (s, e), best in zip(spans, results):
            if not best or best[0].score < thr:
                continue
            m = best[0]
            q = quotation_holding(s, e, quotes)
            doc.annotations["narratives"].append(NarrativeMatch(
                start=s, end=e, similarity=round(m.score, 4), case_id=m.case.id, case_title=m.case.title,
                case_url=m.case.url, case_date=m.case.date, origin=m.case.origin,
                voice="quoted" if q else "author", speaker=q.speaker if q else None,
            ))
