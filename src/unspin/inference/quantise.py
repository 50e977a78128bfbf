"""int8 tables with one float32 scale per row: word embeddings and case vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def quantise_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 quantisation with one float32 scale per row (embedding tables, case vectors)."""
    scale = np.maximum(np.abs(matrix).max(axis=1), 1e-8) / 127.0
    return np.clip(np.round(matrix / scale[:, None]), -127, 127).astype(np.int8), scale.astype(np.float32)


class WordEmbeddings:
    """An int8 word-embedding table with one scale per row, shared by the encoders that read it."""

    _cache: dict[str, WordEmbeddings] = {}

    def __init__(self, q: np.ndarray, scale: np.ndarray) -> None:
        self.q, self.scale = q, scale

    @classmethod
    def load(cls, path: Path) -> WordEmbeddings:
        key = str(Path(path).resolve())
        if key not in cls._cache:
            data = np.load(path)
            cls._cache[key] = cls(data["q"], data["scale"])
        return cls._cache[key]

    def lookup(self, ids: np.ndarray) -> np.ndarray:
        return self.q[ids].astype(np.float32) * self.scale[ids][..., None]
