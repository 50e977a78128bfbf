"""Sparse word and character n-gram features (TF-IDF) and a linear model over them, without scikit-learn.

A ``NgramModel`` is a logistic regression over two kinds of features of a short text:

* dense features that the caller computes (for comments: the classifier's logits and the agent tagger's top score);
* TF-IDF over a fixed vocabulary of word uni- and bigrams and of character 3-5-grams inside words (each word padded
  with a space on either side), each block with sublinear term frequency (1 + ln tf) and unit L2 norm.

A ``NgramClassifier`` is the multi-class form (a softmax over K classes) over any named blocks of term counts the
caller computes (for technique spans: the span's words and characters and the words on either side of it).

Training (``training/antisemitism_stack.py``) builds its matrices with ``ngram_counts`` from this module, so the
features it fits on are the features the runtime computes.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

WORD = re.compile(r"(?u)\b\w\w+\b")
URL = re.compile(r"https?://\S+|www\.\S+")
MENTION = re.compile(r"@\w+")
CHAR_SIZES = (3, 4, 5)


def normalise(text: str) -> str:
    """Lower case; links and @-handles reduced to placeholders (tweets and comments carry many, none generalise)."""
    return MENTION.sub(" @user ", URL.sub(" http ", text)).lower()


def ngram_counts(text: str) -> tuple[Counter[str], Counter[str]]:
    """Word uni/bigram counts and character n-gram counts (within words) of one text."""
    norm = normalise(text)
    words = WORD.findall(norm)
    word = Counter(words)
    word.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    char: Counter[str] = Counter()
    for w in norm.split():
        padded = f" {w} "
        for n in CHAR_SIZES:
            for k in range(len(padded) - n + 1):
                char[padded[k : k + n]] += 1
    return word, char


class NgramModel:
    """Vocabularies with IDF weights and coefficients (``*.npz`` written by the training script)."""

    def __init__(self, path: Path) -> None:
        data = np.load(path)
        self.blocks: list[tuple[dict[str, int], np.ndarray, np.ndarray]] = []
        for name in ("word", "char"):
            terms = str(data[f"{name}_terms"]).split("\n") if data[f"{name}_terms"].size else []
            self.blocks.append(({t: i for i, t in enumerate(terms)}, data[f"{name}_idf"].astype(np.float64),
                                data[f"{name}_coef"].astype(np.float64)))
        self.dense_coef = data["dense_coef"].astype(np.float64)
        # whether the dense inputs end with the text's sentence vector (written by the training script)
        self.reads_vectors = bool(data["reads_vectors"]) if "reads_vectors" in data.files else False
        self.bias = float(data["bias"])
        # Platt scaling fitted on held-out data (slope, intercept): the probability means what it says
        self.platt = tuple(float(x) for x in data["platt"]) if "platt" in data else (1.0, 0.0)

    def block_scores(self, text: str) -> float:
        """The n-gram blocks' contribution to the logit (each block's TF-IDF vector, unit length, times its
        coefficients)."""
        total = 0.0
        for (vocab, idf, coef), counts in zip(self.blocks, ngram_counts(text)):
            idx, w = tfidf_row(counts, vocab, idf)
            if idx:
                total += float(w @ coef[idx])
        return total

    def logits(self, texts: Sequence[str], dense: np.ndarray) -> np.ndarray:
        """The regression's logit per text, given each text's dense features (rows of ``dense``)."""
        out = dense.astype(np.float64) @ self.dense_coef + self.bias
        return out + np.array([self.block_scores(t) for t in texts])

    def probabilities(self, texts: Sequence[str], dense: np.ndarray) -> np.ndarray:
        """Calibrated P(positive) per text."""
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-(a * self.logits(texts, dense) + b)))


def fit_vocabulary(counts: Sequence[Counter[str]], size: int, min_df: int = 2) -> tuple[dict[str, int], np.ndarray]:
    """For training: the ``size`` terms in most of ``counts`` (at least ``min_df``) and their smoothed IDF, as
    ``tfidf_row`` reads them."""
    df: Counter[str] = Counter(t for c in counts for t in c)
    terms = [t for t, n in df.most_common(size) if n >= min_df]
    n = len(counts)
    return {t: i for i, t in enumerate(terms)}, np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in terms])


def tfidf_row(counts: Counter[str], vocab: dict[str, int], idf: np.ndarray) -> tuple[list[int], np.ndarray]:
    """One text's block: the vocabulary indices it uses and their TF-IDF weights (sublinear tf, unit L2 norm)."""
    idx = [(vocab[t], c) for t, c in counts.items() if t in vocab]
    if not idx:
        return [], np.zeros(0)
    w = np.array([(1.0 + math.log(c)) * idf[i] for i, c in idx])
    return [i for i, _ in idx], w / float(np.sqrt((w**2).sum()))


class NgramClassifier:
    """A softmax regression over named TF-IDF blocks and a few dense features (``*.npz``: ``blocks`` names the
    blocks; per block ``{name}_terms``, ``{name}_idf``, ``{name}_coef`` (terms x classes) and ``{name}_scale``;
    ``dense_coef`` (features x classes), ``bias``)."""

    def __init__(self, path: Path) -> None:
        data = np.load(path)
        self.blocks: dict[str, tuple[dict[str, int], np.ndarray, np.ndarray, float]] = {}
        for name in str(data["blocks"]).split(","):
            terms = str(data[f"{name}_terms"]).split("\n") if data[f"{name}_terms"].size else []
            self.blocks[name] = ({t: i for i, t in enumerate(terms)}, data[f"{name}_idf"].astype(np.float64),
                                 data[f"{name}_coef"].astype(np.float64), float(data[f"{name}_scale"]))
        self.dense_coef = data["dense_coef"].astype(np.float64)
        self.bias = data["bias"].astype(np.float64)

    def logits(self, counts: Sequence[dict[str, Counter[str]]], dense: np.ndarray) -> np.ndarray:
        """Class logits per item, given each item's term counts by block name and its dense features."""
        out = dense.astype(np.float64) @ self.dense_coef + self.bias
        for r, item in enumerate(counts):
            for name, (vocab, idf, coef, scale) in self.blocks.items():
                idx, w = tfidf_row(item.get(name, Counter()), vocab, idf)
                if idx:
                    out[r] += scale * (w @ coef[idx])
        return out

    def probabilities(self, counts: Sequence[dict[str, Counter[str]]], dense: np.ndarray) -> np.ndarray:
        z = self.logits(counts, dense)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)
