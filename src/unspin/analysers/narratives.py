"""Match what an article claims to documented disinformation narratives (EUvsDisinfo and user cases).

Candidates are the title and body sentences of six words or more (not only
check-worthy claims: narratives are often opinion), encoded by the bundled
sentence encoder (the space the case index lives in), in one call per article; a
prefilter on the shared pass's states (``Prefilter``) skips the sentences that
cannot come near a case. Each candidate's five nearest cases go to the verifier
(``unspin.narratives.verify``), which keeps at most one: the case whose claim the
sentence repeats, if its probability clears the verifier's threshold. It becomes a
``narrative`` finding with the case's title, date, URL, similarity, the verifier's
confidence and the title words the sentence shares. Without a verifier (a custom
index folder), the best case clearing the similarity threshold in ``meta.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from unspin.analysers import Analyser, kept
from unspin.analysers.quotes.attribution import voice_of
from unspin.document import Document
from unspin.narratives.verify import Verifier, score, shared_terms
from unspin.report import AnyFinding, Contribution, NarrativeFinding, NarrativeSummary, in_report_order

if TYPE_CHECKING:
    from unspin.inference.windows import TokenStates
    from unspin.narratives.index import Match, NarrativeIndex

NAME = "narratives"
MIN_WORDS = 6
VERIFY_K = 5  # retrieved cases the verifier looks at per sentence


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
    voice: Literal["author", "quoted", "reported"]
    speaker: str | None
    confidence: float = 0.0
    shared_terms: tuple[str, ...] = ()


class NarrativeAnalyser(Analyser):
    name = NAME
    requires = ("language", "encoder", "quotes")

    def __init__(self, threshold: float | None = None) -> None:
        self._threshold = threshold

    def threshold(self) -> float:
        from unspin.narratives.index import shipped_meta

        return self._threshold if self._threshold is not None else float(shipped_meta().get("threshold", 0.67))

    def candidates(self, doc: Document) -> list[tuple[int, int]]:
        return doc.sentences_in("title", "body", min_words=MIN_WORDS)

    def warm(self) -> None:
        from unspin.inference.sentences import load_encoder
        from unspin.narratives.index import load_index

        load_index()
        load_encoder()
        load_prefilter()

    def predict(self, docs: Sequence[Document]) -> list[list[NarrativeMatch]]:
        from unspin.inference.sentences import load_encoder
        from unspin.narratives.index import load_index

        index = load_index()
        prefilter = load_prefilter()
        verifier = load_verifier()
        # with a verifier, retrieval casts a wider net (its floor) and the verifier decides; without, the threshold
        thr = verifier.retrieve_floor if verifier is not None and self._threshold is None else self.threshold()
        out = []
        for doc in docs:
            sp = self.candidates(doc)
            if sp and prefilter is not None and doc.annotations.states is not None:
                gate = verifier if self._threshold is None else None
                sp = prefilter.worth_encoding(doc.text, doc.annotations.states, sp, index, thr, gate)
            # one sentence per encoder call: int8 activations are quantised per call, so batch-mates would move a
            # sentence's similarities (by up to 0.02) and which sentences the gate lets through would change them
            vectors = load_encoder().encode([doc.text[s:e] for s, e in sp], batch_size=1) if sp else None
            results = index.search_vectors(vectors, k=VERIFY_K if verifier is not None else 1) if vectors is not None else []
            quotes = doc.annotations.quotations or []
            found = []
            for j, ((s, e), near) in enumerate(zip(sp, results)):
                near = [m for m in near if m.score >= thr]
                if not near:
                    continue
                sentence = doc.text[s:e]
                if verifier is not None and self._threshold is None:
                    assert vectors is not None
                    got = verified(sentence, near, verifier, vectors[j], index.vectors)
                    if got is None:
                        continue
                    m, conf = got
                else:
                    m, conf = near[0], max(0.0, min(1.0, near[0].score))
                voice, q = voice_of(s, e, quotes)
                found.append(NarrativeMatch(
                    start=s, end=e, similarity=round(m.score, 4), case_id=m.case.id, case_title=m.case.title,
                    case_url=m.case.url, case_date=m.case.date, origin=m.case.origin,
                    voice=voice, speaker=q.speaker if q else None,
                    confidence=round(conf, 4), shared_terms=tuple(shared_terms(sentence, m.case.title)),
                ))
            out.append(found)
        return out

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[NarrativeMatch]]) -> None:
        for doc, found in zip(docs, preds):
            doc.annotations.narratives = found

    def contribute(self, doc: Document) -> Contribution:
        text = doc.text
        findings: list[AnyFinding] = [NarrativeFinding(
            label=n.origin, start=n.start, end=n.end, text=text[n.start : n.end], confidence=n.confidence,
            analyser=NAME, case_id=n.case_id, case_title=n.case_title, case_date=n.case_date, case_url=n.case_url,
            similarity=n.similarity, shared_terms=list(n.shared_terms), origin=n.origin, voice=n.voice,
            speaker=n.speaker,
        ) for n in doc.annotations.narratives or []]
        findings = kept(doc, findings)
        seen: dict[str, NarrativeSummary] = {}
        for f in in_report_order(findings):
            if not isinstance(f, NarrativeFinding):
                continue
            if f.case_id in seen:
                seen[f.case_id].count += 1
            else:
                seen[f.case_id] = NarrativeSummary(title=f.case_title, url=f.case_url, date=f.case_date, count=1)
        voices = Counter(f.voice for f in findings if isinstance(f, NarrativeFinding))
        return Contribution(findings=findings, summary={"narratives": sorted(seen.values(), key=lambda n: -n.count),
                                                        "narratives_by_voice": dict(voices)})


def verified(sentence: str, near: list[Match], verifier: Verifier, vector: np.ndarray,
             case_vectors: np.ndarray) -> tuple[Match, float] | None:
    """The retrieved case the verifier trusts most, with its probability, if that clears the verifier's threshold
    (at most one match per sentence). ``vector``: the sentence's; ``case_vectors``: the index's rows."""
    probs = score(verifier, sentence, vector, near, case_vectors)
    k = int(np.argmax(probs))
    return (near[k], float(probs[k])) if probs[k] >= verifier.threshold else None


@lru_cache(maxsize=1)
def load_verifier() -> Verifier | None:
    """The shipped narrative verifier (None when the index folder has none: similarity alone decides)."""
    from unspin.narratives.index import shipped_dir
    from unspin.narratives.verify import load_verifier as load

    return load(shipped_dir() / "verifier.npz")


class Prefilter:
    """Which candidate sentences are worth the sentence encoder: a ridge map from the shared pass's pooled states
    to an estimate of the sentence vector (``training/narrative_prefilter.py``); a sentence is encoded exactly only
    when its estimate's best case comes within ``margin`` of the threshold and, given a verifier, when the
    verifier's probability for the estimate's nearest cases reaches ``gate`` (``training/narrative_gate.py``: it
    keeps 0.99 of the matches on unseen PTC articles and encodes half the sentences instead of all). The exact
    vector still decides."""

    def __init__(self, folder: Path) -> None:
        data = np.load(folder / "prefilter.npz")
        # int8 with a scale per output column (float16 in older indexes)
        self.w = data["q"].astype(np.float32) * data["scale"] if "q" in data.files else data["w"].astype(np.float32)
        self.b = data["b"].astype(np.float32)
        meta = json.loads((folder / "prefilter.json").read_text())
        self.margin = float(meta["margin"])
        self.gate = float(meta.get("gate", 0.0))

    def worth_encoding(self, text: str, states: TokenStates, spans: list[tuple[int, int]], index: NarrativeIndex,
                       threshold: float, verifier: Verifier | None = None) -> list[tuple[int, int]]:
        from unspin.inference.trunk import pooled

        est = pooled(states, spans) @ self.w + self.b
        est /= np.maximum(np.linalg.norm(est, axis=1, keepdims=True), 1e-8)
        gated = verifier is not None and self.gate > 0
        near = index.search_vectors(est, k=VERIFY_K if gated else 1)
        out = []
        for j, (sp, cases) in enumerate(zip(spans, near)):
            if not cases or cases[0].score < threshold - self.margin:
                continue
            if gated:
                assert verifier is not None
                if float(score(verifier, text[sp[0] : sp[1]], est[j], cases, index.vectors).max()) < self.gate:
                    continue
            out.append(sp)
        return out


@lru_cache(maxsize=1)
def load_prefilter() -> Prefilter | None:
    """The shipped prefilter (None when an index folder without one is in use)."""
    from unspin.models import locate

    folder = locate("narratives", "meta.json")
    return Prefilter(folder) if (folder / "prefilter.npz").is_file() else None
