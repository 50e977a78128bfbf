"""The narrative index: documented disinformation cases as unit vectors, searched by cosine similarity.

Two parts are searched together: the shipped EUvsDisinfo index (package data)
and the user's own cases (``$UNSPIN_DATA_DIR/narratives``, default
``narratives`` in the user data directory, see ``unspin.paths``), added with ``unspin narratives add``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

import numpy as np

from unspin.errors import ModelError
from unspin.inference.quantise import quantise_rows

SHIPPED = "narratives"
FUSION_K = 5  # reciprocal-rank fusion constant of search_verified


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    url: str | None
    date: str | None = None
    keywords: str | None = None
    label: str | None = None
    origin: str = "euvsdisinfo"  # or "user"


@dataclass(frozen=True)
class Match:
    case: Case
    score: float
    row: int = -1  # the case's row in the index's vectors
    def as_dict(self) -> dict[str, Any]:
        return {"title": self.case.title, "url": self.case.url, "date": self.case.date, "score": round(self.score, 4),
                "id": self.case.id, "origin": self.case.origin, "label": self.case.label}


def save_part(folder: Path, cases: Sequence[Case], vectors: np.ndarray, meta: dict[str, Any] | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    q, scale = quantise_rows(vectors) if len(cases) else (np.zeros((0, 384), np.int8), np.zeros(0, np.float32))
    np.savez_compressed(folder / "vectors.npz", q=q, scale=scale)
    with gzip.open(folder / "cases.jsonl.gz", "wt", encoding="utf-8") as fh:
        for c in cases:
            fh.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
    if meta is not None:
        (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")


class LazyCases(Sequence[Case]):
    """The cases of an index, each parsed from its JSON line the first time it is read: a search reads a handful
    of the ten thousand, so loading the index stays cheap."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._parsed: dict[int, Case] = {}

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, i: int) -> Case: ...

    @overload
    def __getitem__(self, i: slice) -> list[Case]: ...

    def __getitem__(self, i: int | slice) -> Case | list[Case]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        case = self._parsed.get(i)
        if case is None:
            case = self._parsed[i] = Case(**json.loads(self.lines[i]))
        return case


def load_part(folder: Path) -> tuple[LazyCases, np.ndarray]:
    if not (folder / "vectors.npz").is_file():
        return LazyCases([]), np.zeros((0, 384), np.float32)
    data = np.load(folder / "vectors.npz")
    vectors = data["q"].astype(np.float32) * data["scale"][:, None]
    with gzip.open(folder / "cases.jsonl.gz", "rt", encoding="utf-8") as fh:
        cases = LazyCases([line for line in fh if line.strip()])
    return cases, vectors


def user_dir() -> Path:
    from unspin.paths import data_dir

    return data_dir() / "narratives"


def shipped_dir() -> Path:
    from unspin.models import locate

    return locate(SHIPPED, marker="meta.json")


@lru_cache(maxsize=1)
def shipped_meta() -> dict[str, Any]:
    """The shipped index's meta.json (threshold, calibration), read once per process."""
    try:
        return json.loads((shipped_dir() / "meta.json").read_text())
    except (ModelError, OSError):
        return {}


class NarrativeIndex:
    def __init__(self, parts: Iterable[Path]) -> None:
        lines: list[str] = []
        blocks = []
        for folder in parts:
            c, v = load_part(folder)
            lines += c.lines
            blocks.append(v)
        self.cases = LazyCases(lines)
        self.vectors = np.concatenate(blocks) if blocks else np.zeros((0, 384), np.float32)

    def search_vectors(self, queries: np.ndarray, k: int = 5) -> list[list[Match]]:
        if not len(self.cases) or not len(queries):
            return [[] for _ in range(len(queries))]
        sims = queries @ self.vectors.T
        k = min(k, len(self.cases))
        top = sims.argmax(axis=1)[:, None] if k == 1 else np.argpartition(-sims, k - 1, axis=1)[:, :k]
        out = []
        for row, idx in zip(sims, top):
            best = idx[np.argsort(-row[idx])]
            out.append([Match(self.cases[i], float(row[i]), int(i)) for i in best])
        return out

    def search(self, texts: Sequence[str], k: int = 5) -> list[list[Match]]:
        from unspin.inference.sentences import load_encoder

        return self.search_vectors(load_encoder().encode(texts), k)

    def search_verified(self, texts: Sequence[str], k: int = 5, pool: int = 20) -> list[list[tuple[Match, float]]]:
        """The k best cases for each text: the ``pool`` nearest by similarity, reordered by fusing two ranks, the
        similarity's and the narrative verifier's (``verify.py``: the probability that the text repeats the case),
        each case scoring 1/(5 + rank) in each; ``(match, probability)`` pairs. Without a verifier, similarity order
        and probability 0.

        The verifier alone lifts the own case into the top 5 for held-out EUvsDisinfo summary sentences (882) from
        0.769 to 0.791, but it leans on shared words, so a paraphrase that names the case's subject differently ("the
        Malaysian airliner" for MH17, "the billionaire financier" for Soros) falls out of the top 5 although it is the
        nearest case. Fusing both ranks keeps 0.789 on the summary sentences and keeps those paraphrases
        (``benchmarks/narrative_search.py``)."""
        from unspin.inference.sentences import load_encoder
        from unspin.narratives.verify import load_verifier, score

        vectors = load_encoder().encode(texts)
        found = self.search_vectors(vectors, max(k, pool))
        verifier = load_verifier(shipped_dir() / "verifier.npz")
        out = []
        for text, vec, near in zip(texts, vectors, found):
            if verifier is None or not near:
                out.append([(m, 0.0) for m in near[:k]])
                continue
            probs = score(verifier, text, vec, near, self.vectors)
            out.append([(near[i], float(probs[i])) for i in fused_order(probs)[:k]])
        return out


def fused_order(probs: Sequence[float] | np.ndarray, k: int = FUSION_K) -> list[int]:
    """Reciprocal-rank fusion of similarity order (the input order, best first) and the verifier's probabilities."""
    by_prob = sorted(range(len(probs)), key=lambda i: -probs[i])
    rank_prob = {i: r for r, i in enumerate(by_prob)}
    return sorted(range(len(probs)), key=lambda i: -(1 / (k + i) + 1 / (k + rank_prob[i])))


@lru_cache(maxsize=1)
def load_index() -> NarrativeIndex:
    """Shipped and user cases together, loaded once per process."""
    return NarrativeIndex([shipped_dir(), user_dir()])


def case_id(text: str, url: str | None) -> str:
    return "user:" + hashlib.sha256(f"{url}\n{text}".encode()).hexdigest()[:12]
