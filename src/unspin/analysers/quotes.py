"""Quotations and their speakers as an analyser of their own (used by techniques, narratives and the report)."""

from __future__ import annotations

from unspin.analysers.quotations import find_quotations
from unspin.document import Document

NAME = "quotes"


class QuoteAnalyser:
    name = NAME
    assigns = ("quotations",)
    requires = ("segments", "sentences")

    def __call__(self, doc: Document) -> None:
        zones = [(s.start, s.end) for s in doc.segments if s.kind in ("title", "body")]
        body = {i for i, s in enumerate(doc.segments) if s.kind == "body"}
        sentences = [(s.start, s.end) for s in doc.sentences if s.segment in body]
        doc.annotations["quotations"] = find_quotations(doc.text, zones, doc.annotations.get("actors", []), sentences)
