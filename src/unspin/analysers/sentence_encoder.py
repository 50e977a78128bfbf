"""The bundled sentence encoder (all-MiniLM-L6-v2, int8 ONNX): text → unit-length 384-d vectors."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from unspin.analysers.technique_tagger import WordEmbeddings
from unspin.models import locate


class SentenceEncoder:
    def __init__(self, model_dir: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.dir = Path(model_dir)
        self.config = json.loads((self.dir / "config.json").read_text())
        self.max_tokens = int(self.config.get("max_tokens", 256))
        self.tokenizer = Tokenizer.from_file(str(self.dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.no_padding()
        self.table = WordEmbeddings.load(self.dir / "word_embeddings.npz")
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(self.dir / self.config["onnx"]), options, providers=["CPUExecutionProvider"])

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), np.float32)
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        out = np.zeros((len(encs), 384), np.float32)
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), np.int64)
            mask = np.zeros((len(idx), width), np.int64)
            for r, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[r, :n] = encs[i].ids
                mask[r, :n] = 1
            (emb,) = self.session.run(None, {"inputs_embeds": self.table.lookup(ids), "attention_mask": mask})
            out[idx] = emb
        return out


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    threads = int(os.environ.get("UNSPIN_THREADS", "0")) or None
    return SentenceEncoder(locate("minilm"), threads=threads)
