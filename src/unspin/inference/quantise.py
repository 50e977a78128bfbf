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
        """A table saved whole (``q``, ``scale``) or trimmed (``trim_vocabulary``: the kept ``rows``, and the
        ``unk`` row that every dropped word piece reads)."""
        key = str(Path(path).resolve())
        if key not in cls._cache:
            data = np.load(path)
            q, scale = data["q"], data["scale"]
            if "rows" in data.files:
                rows, unk = data["rows"].astype(np.int64), int(data["unk"])
                size = int(data["vocab_size"])
                at = np.full(size, int(np.searchsorted(rows, unk)), np.int64)  # every row reads [UNK] …
                at[rows] = np.arange(len(rows))  # … unless it was kept
                q, scale = q[at], scale[at]
            cls._cache[key] = cls(q, scale)
        return cls._cache[key]

    def lookup(self, ids: np.ndarray) -> np.ndarray:
        return self.q[ids].astype(np.float32) * self.scale[ids][..., None]


def trim_vocabulary(q: np.ndarray, scale: np.ndarray, vocab: dict[str, int], unk: str = "[UNK]") -> dict[str, np.ndarray]:
    """The rows of a WordPiece embedding table worth shipping: every piece of Latin-script text (letters up to
    U+024F, digits, punctuation and symbols) and the special tokens; BERT's ``[unused…]`` rows, which the tokenizer
    never produces, and pieces of other scripts (CJK, Arabic, Devanagari, …: text the language analyser already
    reports as not English) are dropped and read as ``[UNK]``. Saves about a twelfth of the table."""
    import unicodedata

    def kept(piece: str) -> bool:
        body = piece[2:] if piece.startswith("##") else piece
        if body.startswith("[") and body.endswith("]"):
            return body in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
        return all(ord(ch) < 0x250 or (ord(ch) < 0x3000 and unicodedata.category(ch)[0] in "PSN") for ch in body)

    rows = np.array(sorted(i for piece, i in vocab.items() if kept(piece)), np.int64)
    return {"q": q[rows], "scale": scale[rows], "rows": rows.astype(np.int32), "unk": np.array(vocab[unk], np.int64),
            "vocab_size": np.array(len(q), np.int64)}
