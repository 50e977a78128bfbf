"""The bundled sentence encoder (all-MiniLM-L6-v2, int8 ONNX): text → unit-length 384-d vectors (narratives).

The same graph also serves as a frozen *trunk*: ``states()`` returns the
hidden states after its fourth layer (an extra graph output added at export
time, weights untouched), which small task models such as the
comment classifier continue from with their own fine-tuned top layers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspin.inference.quantise import WordEmbeddings
from unspin.inference.session import session
from unspin.models import locate


class SentenceEncoder:
    def __init__(self, model_dir: Path) -> None:
        from tokenizers import Tokenizer

        self.dir = Path(model_dir)
        self.config = json.loads((self.dir / "config.json").read_text())
        self.max_tokens = int(self.config.get("max_tokens", 256))
        self.tokenizer = Tokenizer.from_file(str(self.dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.no_padding()
        self.table = WordEmbeddings.load(self.dir / "word_embeddings.npz")
        self.session = session(self.dir / self.config["onnx"])

    def _batches(self, texts: Sequence[str], batch_size: int) -> Iterator[tuple[list[int], np.ndarray, np.ndarray, list]]:
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), np.int64)
            mask = np.zeros((len(idx), width), np.int64)
            for r, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[r, :n] = encs[i].ids
                mask[r, :n] = 1
            yield idx, ids, mask, [encs[i] for i in idx]

    def encode(self, texts: Sequence[str], batch_size: int = 32, on_batch: Callable[[int], None] | None = None) -> np.ndarray:
        """Unit vectors, batched by length. int8 activations are quantised per batch, so a text's vector can move
        slightly with its batch mates (cosine > 0.99); scores that are compared against thresholds are tuned on
        vectors computed the same way (benchmarks encode whole files in one call, as training did)."""
        if not texts:
            return np.zeros((0, 384), np.float32)
        out = np.zeros((len(texts), 384), np.float32)
        for idx, ids, mask, _ in self._batches(texts, batch_size):
            (emb,) = self.session.run(["embedding"], {"inputs_embeds": self.table.lookup(ids), "attention_mask": mask})
            out[idx] = emb
            if on_batch is not None:
                on_batch(len(idx))
        return out

    def states_and_vectors(self, texts: Sequence[str], batch_size: int = 32) -> tuple[list[tuple[np.ndarray, Any]], np.ndarray]:
        """``states()`` and ``encode()`` from one pass (the comment classifier reads both)."""
        states: list[tuple[np.ndarray, Any]] = [(np.zeros((0, 384), np.float32), None)] * len(texts)
        vectors = np.zeros((len(texts), 384), np.float32)
        for idx, ids, mask, encs in self._batches(texts, batch_size):
            hidden, emb = self.session.run([TRUNK_OUTPUT, "embedding"], {"inputs_embeds": self.table.lookup(ids),
                                                                          "attention_mask": mask})
            for r, i in enumerate(idx):
                states[i] = (hidden[r, : len(encs[r].ids)], encs[r])
            vectors[idx] = emb
        return states, vectors

    def states(self, texts: Sequence[str], batch_size: int = 32) -> list[tuple[np.ndarray, Any]]:
        """Per text: the trunk hidden states (tokens × 384, [CLS] and [SEP] included) and its tokenizer encoding."""
        out: list[tuple[np.ndarray, Any]] = [(np.zeros((0, 384), np.float32), None)] * len(texts)
        for idx, ids, mask, encs in self._batches(texts, batch_size):
            (hidden,) = self.session.run([TRUNK_OUTPUT], {"inputs_embeds": self.table.lookup(ids), "attention_mask": mask})
            for r, i in enumerate(idx):
                out[i] = (hidden[r, : len(encs[r].ids)], encs[r])
        return out


# graph outputs added at export time (training/onnx_outputs.py): the hidden states after layer index 3 of 0..5
# (the input of the two layers a trunk model such as the comment classifier fine-tunes), and the last layer's
TRUNK_OUTPUT = "trunk"
LAST_OUTPUT = "last"


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    return SentenceEncoder(locate("minilm"))


@lru_cache(maxsize=1)
def whole_words() -> frozenset[str]:
    """The whole words of the shared word-piece vocabulary (BERT uncased: "investigations", "trans", "kyiv"): words
    the encoders read as they are, and words English uses often enough to have one piece."""
    vocab = json.loads((locate("minilm") / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(w for w in vocab if w.isalpha())
