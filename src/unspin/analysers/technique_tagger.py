"""Runtime for the persuasion-technique model: ONNX encoder + numpy span head.

The model has two parts, trained together by ``training/techniques.py``:

* an encoder (fine-tuned all-MiniLM-L6-v2) exported to ONNX that returns, for
  every word piece, its hidden state and the logit of "inside a technique span";
* a small span classifier (two dense layers, stored as ``span_head.npz``) that
  labels any character span from the pooled hidden states of its word pieces
  plus two surface features (length, repetitions within the article).

Long articles are cut into overlapping windows; hidden states and
probabilities of word pieces seen by several windows are averaged, so no text
is skipped and window edges do not cut spans.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

WINDOW_TOKENS = 254  # word pieces per window, [CLS] and [SEP] excluded


@dataclass(frozen=True)
class Encoded:
    """One article run through the encoder."""

    text: str
    offsets: np.ndarray  # (n, 2) character offsets of word pieces
    hidden: np.ndarray  # (n, d) averaged hidden states
    span_prob: np.ndarray  # (n,) probability of being inside a technique span


@dataclass(frozen=True)
class SpanGuess:
    start: int
    end: int
    confidence: float


def windows(n_tokens: int, size: int, step: int) -> list[tuple[int, int]]:
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


def folded(text: str) -> str:
    """Lower case, runs of white space as one space: the form repetitions are counted in."""
    return " ".join(text.lower().split())


def repetition_count(text: str, start: int, end: int, haystack: str | None = None) -> int:
    """How many other times the span's words occur in the article (``haystack``: ``folded(text)``, if at hand)."""
    needle = folded(text[start:end])
    if len(needle) < 3:
        return 0
    return max((haystack if haystack is not None else folded(text)).count(needle) - 1, 0)


def span_feature_vector(hidden: np.ndarray, first: int, last: int, n_chars: int, repeats: int) -> np.ndarray:
    """Features of word pieces ``first..last`` (inclusive); mirrors the training code."""
    block = hidden[first : last + 1]
    extra = np.array([math.log1p(n_chars) / 5.0, math.log1p(repeats)], dtype=np.float32)
    return np.concatenate([block.mean(axis=0), hidden[first], hidden[last], extra]).astype(np.float32)


def token_range(offsets: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """Indices of the first and last word piece overlapping ``[start, end)``."""
    if len(offsets) == 0:
        raise ValueError("article has no word pieces")
    inside = np.nonzero((offsets[:, 1] > start) & (offsets[:, 0] < end))[0]
    if len(inside):
        return int(inside[0]), int(inside[-1])
    nearest = int(np.argmin(np.abs(offsets[:, 0] - start)))
    return nearest, nearest


def _shared_dir(name: str) -> Path:
    from unspin.models import locate

    return locate(name)


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


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))


def _softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class TechniqueTagger:
    """Finds technique spans and labels them; load once, reuse for many texts."""

    def __init__(
        self, model_dir: Path, onnx_file: str | None = None, threads: int | None = None, embeddings: Path | None = None
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.dir = Path(model_dir)
        self.config: dict[str, Any] = json.loads((self.dir / "config.json").read_text())
        self.labels: list[str] = list(self.config["labels"])
        self.threshold = float(self.config["threshold"])
        self.max_gap = int(self.config.get("max_gap", 1))
        self.reject_above = float(self.config.get("reject_above", 1.01))
        self.snap_words = bool(self.config.get("snap_words", False))
        self.split_sentences = bool(self.config.get("split_sentences", False))
        self.step = int(self.config.get("step", 192))
        self.temperature = float(self.config.get("temperature", 1.0))
        shared = self.config.get("shared")  # a bundled model folder holding the tokenizer and word embeddings
        shared_dir = _shared_dir(shared) if shared else self.dir
        tok_file = self.dir / "tokenizer.json"
        self.tokenizer = Tokenizer.from_file(str(tok_file if tok_file.is_file() else shared_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        cls_id, sep_id = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        if cls_id is None or sep_id is None:
            from unspin.errors import ModelError

            raise ModelError(f"tokenizer of {self.dir} lacks [CLS]/[SEP]")
        self.cls_id: int = cls_id
        self.sep_id: int = sep_id
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        name = onnx_file or self.config.get("onnx", "model.int8.onnx")
        self.session = ort.InferenceSession(str(self.dir / name), options, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.table: WordEmbeddings | None = None
        if "inputs_embeds" in self.inputs:
            self.table = WordEmbeddings.load(embeddings or shared_dir / "word_embeddings.npz")
        head = np.load(self.dir / "span_head.npz")
        self.w1, self.b1 = head["w1"].astype(np.float32), head["b1"].astype(np.float32)
        self.w2, self.b2 = head["w2"].astype(np.float32), head["b2"].astype(np.float32)
        self.has_none = self.w2.shape[1] == len(self.labels) + 1  # a "no technique" class for rejecting spans

    # -- encoder -----------------------------------------------------------
    def encode_many(self, texts: Sequence[str], batch_size: int = 16) -> list[Encoded]:
        """Run the encoder over every window of every text, batched across texts."""
        pieces = [self.tokenizer.encode(t, add_special_tokens=False) for t in texts]
        jobs: list[tuple[int, int, int]] = []
        for i, enc in enumerate(pieces):
            for a, b in windows(len(enc.ids), WINDOW_TOKENS, self.step):
                jobs.append((i, a, b))
        dim = int(self.config.get("hidden_size", 384))
        sums = [np.zeros((len(p.ids), dim), np.float32) for p in pieces]
        probs = [np.zeros(len(p.ids), np.float32) for p in pieces]
        counts = [np.zeros(len(p.ids), np.float32) for p in pieces]
        jobs.sort(key=lambda j: j[2] - j[1])  # similar lengths together: less padding
        for k in range(0, len(jobs), batch_size):
            batch = jobs[k : k + batch_size]
            width = max(b - a for _, a, b in batch) + 2
            ids = np.zeros((len(batch), width), np.int64)
            mask = np.zeros((len(batch), width), np.int64)
            for r, (i, a, b) in enumerate(batch):
                row = [self.cls_id, *pieces[i].ids[a:b], self.sep_id]
                ids[r, : len(row)] = row
                mask[r, : len(row)] = 1
            feed = {"attention_mask": mask}
            if self.table is not None:
                feed["inputs_embeds"] = self.table.lookup(ids)
            else:
                feed["input_ids"] = ids
            hidden, logits = self.session.run(None, feed)
            for r, (i, a, b) in enumerate(batch):
                sums[i][a:b] += hidden[r, 1 : 1 + b - a]
                probs[i][a:b] += 1.0 / (1.0 + np.exp(-logits[r, 1 : 1 + b - a]))
                counts[i][a:b] += 1.0
        out = []
        for i, text in enumerate(texts):
            c = np.maximum(counts[i], 1.0)
            offsets = np.array(pieces[i].offsets, dtype=np.int64).reshape(-1, 2)
            out.append(Encoded(text, offsets, sums[i] / c[:, None], probs[i] / c))
        return out

    # -- span identification ----------------------------------------------
    def find_spans(self, enc: Encoded, threshold: float | None = None) -> list[SpanGuess]:
        """Join runs of word pieces above the threshold into character spans."""
        thr = self.threshold if threshold is None else threshold
        hits = np.nonzero(enc.span_prob >= thr)[0]
        spans: list[SpanGuess] = []
        groups: list[list[int]] = []
        for idx in hits.tolist():
            if groups and idx - groups[-1][-1] <= self.max_gap + 1:
                groups[-1].append(idx)
            else:
                groups.append([idx])
        for g in groups:
            i, j = g[0], g[-1]
            start, end = int(enc.offsets[i][0]), int(enc.offsets[j][1])
            if self.snap_words:
                start, end = _snap(enc.text, start, end)
            conf = float(enc.span_prob[i : j + 1].mean())
            parts = _split_sentences(enc.text, start, end) if self.split_sentences else [(start, end)]
            for a, b in parts:
                a, b = _trim(enc.text, a, b)
                # a one-word tail or head cut off by a sentence end is noise, not a span
                if b - a >= 3 and (len(parts) == 1 or len(enc.text[a:b].split()) >= 2):
                    spans.append(SpanGuess(a, b, conf))
        if spans and self.has_none and self.reject_above <= 1.0:
            _, p_none = self.classify_full(enc, [(g.start, g.end) for g in spans])
            spans = [g for g, pn in zip(spans, p_none) if pn <= self.reject_above]
        return spans

    # -- technique classification -----------------------------------------
    def classify(self, enc: Encoded, spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """Calibrated probabilities over ``self.labels`` for each character span."""
        return self.classify_full(enc, spans)[0]

    def classify_full(self, enc: Encoded, spans: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """Technique probabilities (renormalised over the techniques) and the "no technique" probability."""
        if not spans:
            return np.zeros((0, len(self.labels)), np.float32), np.zeros(0, np.float32)
        feats = []
        haystack = folded(enc.text)  # once per article, not once per span
        for start, end in spans:
            first, last = token_range(enc.offsets, start, end)
            rep = repetition_count(enc.text, start, end, haystack)
            feats.append(span_feature_vector(enc.hidden, first, last, end - start, rep))
        x = np.stack(feats)
        logits = _gelu(x @ self.w1 + self.b1) @ self.w2 + self.b2
        probs = _softmax(logits / self.temperature)
        if not self.has_none:
            return probs, np.zeros(len(probs), np.float32)
        techniques = probs[:, : len(self.labels)]
        return techniques / techniques.sum(axis=1, keepdims=True), probs[:, len(self.labels)]


def _in_word(text: str, i: int) -> bool:
    """Is ``text[i]`` part of a word (letters, digits, or a hyphen/apostrophe between them)?"""
    if text[i].isalnum():
        return True
    return text[i] in "-'’" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span that starts or ends inside a word (hyphenated words included) to the whole word."""
    while start > 0 and _in_word(text, start - 1):
        start -= 1
    while end < len(text) and _in_word(text, end):
        end += 1
    return start, end


_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Technique spans stay inside one sentence: cut a run that crosses a sentence end."""
    parts, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        parts.append((pos, m.start() + 1))
        pos = m.end()
    parts.append((pos, end))
    return parts


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace and stray punctuation at span edges."""
    while start < end and (text[start].isspace() or text[start] in "\"'“”‘’«»([,;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'“”‘’«»)],;:."):
        end -= 1
    return start, end
