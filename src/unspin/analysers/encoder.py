"""The shared model pass: the technique model over each article, once.

Writes ``doc.annotations.states`` (``unspin.inference.trunk``): the token states that the technique, attribution
and check-worthiness heads read instead of each encoding the text again.
"""

from __future__ import annotations

from collections.abc import Sequence

from unspin.analysers import Analyser
from unspin.document import Document
from unspin.inference.windows import TokenStates

NAME = "encoder"


class EncoderPass(Analyser):
    name = NAME
    requires = ("segments",)

    def warm(self) -> None:
        from unspin.inference.trunk import load_trunk

        load_trunk()

    def predict(self, docs: Sequence[Document]) -> list[TokenStates]:
        from unspin.inference.trunk import load_trunk

        trunk = load_trunk()
        # one call per article: the int8 graph quantises activations per call, so states computed alongside other
        # articles would shift with them; per article, a report never depends on what else is in the batch
        return [trunk.encode([doc.text])[0] for doc in docs]

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[TokenStates]) -> None:
        for doc, states in zip(docs, preds):
            doc.annotations.states = states
