"""One windowed encoder: whole texts through a transformer in overlapping windows of word pieces.

Texts are tokenised without truncation and cut into windows of ``WINDOW`` pieces every ``STEP`` pieces. The
windows of every text in a call are sorted by length and run in batches (less padding, model calls batched across
articles); each output's states of pieces seen by several windows are averaged, so no text is skipped and window
edges do not cut anything off.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from unspin.errors import ModelError
from unspin.inference.quantise import WordEmbeddings

WINDOW, STEP = 254, 192  # word pieces per window ([CLS] and [SEP] excluded), and the stride between windows


@dataclass(frozen=True)
class TokenStates:
    """One text's word pieces: character offsets and the averaged states of each requested output."""

    text: str
    offsets: np.ndarray  # (n, 2)
    outputs: Mapping[str, np.ndarray]  # output name → (n, d) or (n,)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.outputs[name]

    def pieces(self, start: int, end: int) -> np.ndarray:
        """Indices of the pieces overlapping ``[start, end)``."""
        return np.nonzero((self.offsets[:, 1] > start) & (self.offsets[:, 0] < end))[0]


def windows(n_tokens: int, size: int = WINDOW, step: int = STEP) -> list[tuple[int, int]]:
    """Cover ``range(n_tokens)`` with windows of ``size`` every ``step`` tokens."""
    if n_tokens <= 0:
        return []
    out = []
    start = 0
    while True:
        end = min(start + size, n_tokens)
        out.append((start, end))
        if end >= n_tokens:
            return out
        start += step


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


TRANSFORMS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"sigmoid": _sigmoid}


class WindowedEncoder:
    """Runs ``session`` over texts in windows; ``outputs`` maps a graph output to an optional per-window transform
    applied before averaging (e.g. ``{"span_logits": "sigmoid"}``); ``rename`` names the result of an output
    (``{"span_logits": "span_prob"}``)."""

    def __init__(self, session: Any, tokenizer: Any, table: WordEmbeddings, outputs: Mapping[str, str | None],
                 step: int = STEP, batch_size: int = 16, rename: Mapping[str, str] | None = None) -> None:
        self.session, self.table, self.step, self.batch_size = session, table, step, batch_size
        self.rename = dict(rename or {})
        self.tokenizer = tokenizer
        self.outputs = dict(outputs)
        cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
        if cls_id is None or sep_id is None:
            raise ModelError("the bundled tokenizer has no [CLS]/[SEP] tokens; reinstall unspin")
        self.cls_id: int = cls_id
        self.sep_id: int = sep_id

    def encode(self, texts: Sequence[str]) -> list[TokenStates]:
        pieces = [self.tokenizer.encode(t, add_special_tokens=False) for t in texts]
        jobs = [(i, a, b) for i, enc in enumerate(pieces) for a, b in windows(len(enc.ids), WINDOW, self.step)]
        jobs.sort(key=lambda j: j[2] - j[1])  # similar lengths together: less padding
        sums: list[dict[str, np.ndarray]] = [{} for _ in texts]
        counts = [np.zeros(len(p.ids), np.float32) for p in pieces]
        names = list(self.outputs)
        for k in range(0, len(jobs), self.batch_size):
            batch = jobs[k : k + self.batch_size]
            width = max(b - a for _, a, b in batch) + 2
            ids = np.zeros((len(batch), width), np.int64)
            mask = np.zeros((len(batch), width), np.int64)
            for r, (i, a, b) in enumerate(batch):
                row = [self.cls_id, *pieces[i].ids[a:b], self.sep_id]
                ids[r, : len(row)] = row
                mask[r, : len(row)] = 1
            got = self.session.run(names, {"inputs_embeds": self.table.lookup(ids), "attention_mask": mask})
            for name, value in zip(names, got):
                how = self.outputs[name]
                if how:
                    value = TRANSFORMS[how](value)
                for r, (i, a, b) in enumerate(batch):
                    acc = sums[i].get(name)
                    if acc is None:
                        acc = sums[i][name] = np.zeros((len(pieces[i].ids), *value.shape[2:]), np.float32)
                    acc[a:b] += value[r, 1 : 1 + b - a]
            for i, a, b in batch:
                counts[i][a:b] += 1.0
        out = []
        for i, text in enumerate(texts):
            c = np.maximum(counts[i], 1.0)
            offsets = np.array(pieces[i].offsets, dtype=np.int64).reshape(-1, 2)
            states = {}
            for name in names:
                acc = sums[i].get(name)
                if acc is None:  # a text without word pieces
                    dim = () if self.outputs[name] == "sigmoid" else (int(self.table.q.shape[1]),)
                    acc = np.zeros((0, *dim), np.float32)
                states[self.rename.get(name, name)] = acc / (c[:, None] if acc.ndim == 2 else c)
            out.append(TokenStates(text, offsets, states))
        return out
