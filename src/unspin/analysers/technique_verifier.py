"""The technique verifier: a calibrated confidence for each technique finding (trained by
``training/technique_verifier.py``; weights in ``models/techniques/verifier.npz``, a few KB).

The span finder and the span classifier each give a score; their product is not a probability of being right, and
sober reporting gets almost as many high products as propaganda. The verifier is a logistic regression over the
finding's raw scores, technique, length, voice, pooled hidden state (PCA-reduced) and the article's overall span
density, trained on PTC articles the technique model never saw (right = a gold span of the same technique
overlaps) and on mainstream news as weak negatives, then Platt-scaled on held-out PTC predictions, so that a
finding at 0.7 is right about 70% of the time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class ArticleStats:
    """What the verifier knows about the whole article."""

    mean_prob: float  # mean in-span probability over the title and body's word pieces
    frac_hot: float  # share of those pieces at or above the span finder's threshold
    raw_density: float  # technique findings (before verification) per 1,000 words


def features(label_index: int, n_labels: int, span_conf: float, label_conf: float, text: str, quoted: bool,
             second_label: bool, stats: ArticleStats) -> np.ndarray:
    """The verifier's scalar features of one finding (the training code calls this too)."""
    onehot = np.zeros(n_labels, np.float32)
    onehot[label_index] = 1.0
    words = len(text.split())
    return np.concatenate([onehot, np.array([
        math.log(max(span_conf, 1e-4)), math.log(max(label_conf, 1e-4)), span_conf, label_conf,
        math.log1p(len(text)) / 5.0, min(words, 30) / 10.0, float(words == 1),
        float(quoted), float(second_label),
        stats.mean_prob * 5.0, stats.frac_hot * 5.0, math.log1p(stats.raw_density),
        float(text[:1].isupper()),
    ], np.float32)])


class Verifier:
    """Standardise, project the pooled state on its principal components, logistic regression, Platt scaling."""

    def __init__(self, path: Path) -> None:
        z = np.load(path)
        self.s_mu, self.s_sd, self.coef = z["s_mu"], z["s_sd"], z["coef"]
        self.a, self.b, self.bias = (float(x) for x in z["platt"])
        self.pca = "v_pc" in z.files
        if self.pca:
            self.v_mu, self.v_pc, self.v_sd = z["v_mu"], z["v_pc"], z["v_sd"]

    def prob(self, scal: np.ndarray, vecs: np.ndarray) -> np.ndarray:
        """Calibrated probability that each finding is right (rows of ``scal``: ``features``; of ``vecs``: the
        mean last-layer state over the span's pieces)."""
        if len(scal) == 0:
            return np.zeros(0, np.float32)
        parts = [(scal - self.s_mu) / self.s_sd]
        if self.pca:
            parts.append(((vecs - self.v_mu) @ self.v_pc) / self.v_sd)
        z = np.concatenate(parts, axis=1) @ self.coef + self.bias
        return (1 / (1 + np.exp(-(self.a * z + self.b)))).astype(np.float32)


@lru_cache(maxsize=4)
def load_verifier(path: Path) -> Verifier | None:
    """The verifier next to the technique model, or None when the model ships without one."""
    return Verifier(path) if path.is_file() else None
