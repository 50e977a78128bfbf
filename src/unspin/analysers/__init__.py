"""The analysers: one module each, every one a pipeline component (see ``unspin.pipeline``).

``Analyser`` is the shared base: subclasses set ``name``, ``requires`` and ``uses`` and implement
``predict(docs)`` (pure; a batch of documents in, one result per document out) and ``set_annotations(docs,
preds)``; ``contribute(doc)`` turns what they annotated into Report findings and summary fields.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from unspin.document import Document
from unspin.report import AnyFinding, Contribution


class Analyser(ABC):
    name: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    uses: ClassVar[tuple[str, ...]] = ()

    def warm(self) -> None:  # noqa: B027 - optional: analysers without a model load nothing
        """Load this analyser's models now (servers and batch workers call it before their first document)."""

    @abstractmethod
    def predict(self, docs: Sequence[Document]) -> Sequence[Any]:
        """One result per document, computed without touching the documents."""

    @abstractmethod
    def set_annotations(self, docs: Sequence[Document], preds: Sequence[Any]) -> None:
        """Write ``predict``'s results into the documents."""

    def contribute(self, doc: Document) -> Contribution:
        return Contribution()

    def __call__(self, doc: Document) -> Document:
        """One document, as a spaCy component is called."""
        self.set_annotations([doc], self.predict([doc]))
        return doc


F = TypeVar("F", bound=AnyFinding)


def kept(doc: Document, findings: Sequence[F], default: float = 0.0) -> list[F]:
    """The findings at or above the document's confidence floor (``Options.min_confidence``; when that is None, the
    analyser's own ``default``); an analyser's summary counts only these, so the Report never counts what it does
    not list."""
    floor = default if doc.min_confidence is None else doc.min_confidence
    return [f for f in findings if f.confidence >= floor]
