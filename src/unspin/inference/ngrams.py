"""Sparse word and character n-gram features (TF-IDF) and a linear model over them, without scikit-learn.

A ``NgramModel`` is a logistic regression over two kinds of features of a short text:

* dense features that the caller computes (for comments: the classifier's logits and the agent tagger's top score);
* TF-IDF over a fixed vocabulary of word uni- and bigrams and of character 3-5-grams inside words (each word padded
  with a space on either side), each block with sublinear term frequency (1 + ln tf) and unit L2 norm.

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
            idx = [(vocab[t], c) for t, c in counts.items() if t in vocab]
            if not idx:
                continue
            w = np.array([(1.0 + math.log(c)) * idf[i] for i, c in idx])
            total += float(w @ coef[[i for i, _ in idx]]) / float(np.sqrt((w**2).sum()))
        return total

    def logits(self, texts: Sequence[str], dense: np.ndarray) -> np.ndarray:
        """The regression's logit per text, given each text's dense features (rows of ``dense``)."""
        out = dense.astype(np.float64) @ self.dense_coef + self.bias
        return out + np.array([self.block_scores(t) for t in texts])

    def probabilities(self, texts: Sequence[str], dense: np.ndarray) -> np.ndarray:
        """Calibrated P(positive) per text."""
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-(a * self.logits(texts, dense) + b)))
