"""Narrative verification: does a sentence repeat a documented case's *claim*, or only share its topic?

Retrieval (cosine similarity of sentence vectors, ``index.py``) finds the cases a sentence is near; near is not the
same claim: "air defence destroyed all targets" is near an Islamic State bombing claim. The verifier scores each
(sentence, case) pair from what retrieval cannot see: how much of the case's title the sentence repeats (content
words, names, numbers, keywords), whether the sentence negates or distances itself ("denied", "false claims"),
how far the case stands above the next one, and the similarity itself. A logistic regression (weights in
``models/narratives/verifier.npz``, trained by ``training/narrative_verifier.py`` on EUvsDisinfo summary
sentences against their own case, other retrieved cases, and mainstream news and debate sentences), Platt-scaled
so its probability is a confidence. Pure Python and numpy at run time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from unspin.narratives.index import Match

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
# function words carry no claim; a short list is enough (content words decide)
STOP = frozenset("""a an the and or but if of to in on at by for with from as into about over after before under
between through during against without within is are was were be been being am do does did has have had having
will would shall should can could may might must this that these those it its it's they them their there here he
him his she her hers we us our you your i me my mine who whom whose which what when where why how all any each
every some such no nor not only own same so than too very just also more most other others another again further
then once s t don now said says say according told tells also while because since until up down out off even
still yet already ever many much""".split())
NEGATION = frozenset("""not no never n't nothing none nobody neither deny denies denied denial denying false falsely
fake hoax debunk debunked myth myths disinformation misinformation propaganda baseless unfounded conspiracy
allegedly alleged claim claims claimed claiming rejected rejects refuted refutes dismissed dismisses""".split())


def _stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ies", "es", "s"):
        if len(w) > 4 and w.endswith(suf) and not w.endswith("ss"):
            return w[: -len(suf)] + ("y" if suf == "ies" else "")
    return w


@lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    return frozenset(_stem(w) for w in _WORD.findall(text) if w.lower() not in STOP and len(w) > 1)


@lru_cache(maxsize=8192)
def names(text: str) -> frozenset[str]:
    """Capitalised words not at the start of a sentence, and acronyms (MH17, NATO): the who and where of a claim."""
    out = set()
    for m in re.finditer(r"\b([A-Z][A-Za-z0-9'’-]+)", text):
        before = text[: m.start()].rstrip()
        if before and before[-1] not in ".!?:\"“" and m.group(1).lower() not in STOP:
            out.add(_stem(m.group(1)))
        elif m.group(1).isupper() and len(m.group(1)) > 1:
            out.add(_stem(m.group(1)))
    return frozenset(out)


@lru_cache(maxsize=8192)
def negations(text: str) -> int:
    """How many negating or distancing words ("denied", "false", "n't") the text has."""
    return len({w.lower() for w in _WORD.findall(text)} & NEGATION) + text.lower().count("n't")


@lru_cache(maxsize=8192)
def numbers(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+", text))


@dataclass(frozen=True)
class Pair:
    """One sentence and one retrieved case."""

    sentence: str
    title: str
    keywords: str | None
    similarity: float
    rank: int  # 0 = the best retrieved case
    top1: float  # the sentence's best similarity
    gap: float  # best minus second-best similarity
    year: int | None
    sentence_vector: np.ndarray | None = None  # unit vectors from the bundled sentence encoder
    case_vector: np.ndarray | None = None


def shared_terms(sentence: str, title: str) -> list[str]:
    """The title's content words the sentence repeats, in the title's order (what ties the two together)."""
    have = content_words(sentence)
    out, seen = [], set()
    for w in _WORD.findall(title):
        s = _stem(w)
        if w.lower() not in STOP and len(w) > 1 and s in have and s not in seen:
            seen.add(s)
            out.append(w)
    return out


DIM = 384


def features(p: Pair) -> np.ndarray:
    """Surface features of the pair, then the sentence's vector (what kind of statement it is) and the elementwise
    product of the two vectors (on which dimensions they agree)."""
    sv = p.sentence_vector if p.sentence_vector is not None else np.zeros(DIM, np.float32)
    cv = p.case_vector if p.case_vector is not None else np.zeros(DIM, np.float32)
    return np.concatenate([surface(p), sv.astype(np.float32), (sv * cv).astype(np.float32) * 20.0])


def surface(p: Pair) -> np.ndarray:
    cs, ct = content_words(p.sentence), content_words(p.title)
    ns, nt = names(p.sentence), names(p.title)
    nums_s, nums_t = numbers(p.sentence), numbers(p.title)
    kw = content_words(p.keywords or "")
    title_cov = len(cs & ct) / max(len(ct), 1)
    sent_cov = len(cs & ct) / max(len(cs), 1)
    name_cov = len(ns & nt) / len(nt) if nt else 0.5
    extra_names = len(ns - nt - ct)
    neg_s, neg_t = negations(p.sentence), negations(p.title)
    sim = p.similarity
    return np.array([
        sim, sim * sim, float(p.rank == 0), p.top1 - sim, p.gap,
        title_cov, sent_cov, title_cov * sim, name_cov, float(bool(nt)), name_cov * sim,
        math.log1p(extra_names), len(nums_s & nums_t) / len(nums_t) if nums_t else 0.5,
        len(cs & kw) / max(len(kw), 1), float(neg_s > 0), float(neg_t > 0), float((neg_s > 0) != (neg_t > 0)),
        math.log1p(len(cs)), math.log1p(len(ct)), float(p.title.endswith("…")),
        ((p.year or 2018) - 2018) / 3.0,
    ], np.float32)


class Verifier:
    def __init__(self, path: Path) -> None:
        z = np.load(path)
        self.mu, self.sd, self.coef = z["mu"], z["sd"], z["coef"]
        self.bias, self.a, self.b, self.threshold, self.retrieve_floor = (float(x) for x in z["scalars"])

    def prob(self, pairs: list[Pair]) -> np.ndarray:
        if not pairs:
            return np.zeros(0, np.float32)
        x = (np.stack([features(p) for p in pairs]) - self.mu) / self.sd
        z = x @ self.coef + self.bias
        return (1 / (1 + np.exp(-(self.a * z + self.b)))).astype(np.float32)


def score(verifier: Verifier, text: str, vector: np.ndarray, near: list[Match], case_vectors: np.ndarray) -> np.ndarray:
    """The verifier's probability for each of a text's retrieved cases (``near``, best similarity first)."""
    gap = near[0].score - near[1].score if len(near) > 1 else 0.0
    return verifier.prob([Pair(text, m.case.title, m.case.keywords, m.score, rank, near[0].score, gap,
                               year_of(m.case.date), vector, case_vectors[m.row]) for rank, m in enumerate(near)])


@lru_cache(maxsize=2)
def load_verifier(path: Path) -> Verifier | None:
    return Verifier(path) if path.is_file() else None


def year_of(date: str | None) -> int | None:
    try:
        return int((date or "")[:4])
    except ValueError:
        return None
