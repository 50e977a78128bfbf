"""The bundled sentence encoder (all-MiniLM-L6-v2, int8 ONNX): text → unit-length 384-d vectors.

The same graph also serves as a frozen *trunk*: ``states()`` returns the
hidden states after its fourth layer (exposed as an extra graph output when
the session is built, weights untouched), which small task models such as the
comment classifier continue from with their own fine-tuned top layers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import onnx

from unspin.analysers.technique_tagger import WordEmbeddings, windows
from unspin.errors import ModelError
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
        self.full_tokenizer = Tokenizer.from_file(str(self.dir / "tokenizer.json"))  # no truncation: whole articles
        self.full_tokenizer.no_truncation()
        self.full_tokenizer.no_padding()
        self.table = WordEmbeddings.load(self.dir / "word_embeddings.npz")
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(_with_trunk_output(self.dir / self.config["onnx"]), options,
                                            providers=["CPUExecutionProvider"])

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

    def states(self, texts: Sequence[str], batch_size: int = 32) -> list[tuple[np.ndarray, Any]]:
        """Per text: the trunk hidden states (tokens × 384, [CLS] and [SEP] included) and its tokenizer encoding."""
        out: list[tuple[np.ndarray, Any]] = [(np.zeros((0, 384), np.float32), None)] * len(texts)
        for idx, ids, mask, encs in self._batches(texts, batch_size):
            (hidden,) = self.session.run([TRUNK_OUTPUT], {"inputs_embeds": self.table.lookup(ids), "attention_mask": mask})
            for r, i in enumerate(idx):
                out[i] = (hidden[r, : len(encs[r].ids)], encs[r])
        return out


def article_states(encoder: SentenceEncoder, text: str, batch_size: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Token states of a whole text (layer-4 input and last layer, concatenated: pieces × 768) and the
    pieces' character offsets; long texts run in overlapping windows whose states are averaged."""
    enc = encoder.full_tokenizer.encode(text, add_special_tokens=False)
    n = len(enc.ids)
    offsets = np.asarray(enc.offsets, np.int64).reshape(-1, 2)
    out = np.zeros((n, 768), np.float32)
    counts = np.zeros(n, np.float32)
    spans = windows(n, WINDOW, STEP)
    cls_id, sep_id = encoder.tokenizer.token_to_id("[CLS]"), encoder.tokenizer.token_to_id("[SEP]")
    if cls_id is None or sep_id is None:
        raise ModelError("the bundled tokenizer has no [CLS]/[SEP] tokens; reinstall unspin")
    for k in range(0, len(spans), batch_size):
        batch = spans[k : k + batch_size]
        width = max(b - a for a, b in batch) + 2
        ids = np.zeros((len(batch), width), np.int64)
        mask = np.zeros((len(batch), width), np.int64)
        for r, (a, b) in enumerate(batch):
            row = [cls_id, *enc.ids[a:b], sep_id]
            ids[r, : len(row)] = row
            mask[r, : len(row)] = 1
        trunk, last = encoder.session.run([TRUNK_OUTPUT, LAST_OUTPUT],
                                          {"inputs_embeds": encoder.table.lookup(ids), "attention_mask": mask})
        for r, (a, b) in enumerate(batch):
            out[a:b, :384] += trunk[r, 1 : 1 + b - a]
            out[a:b, 384:] += last[r, 1 : 1 + b - a]
            counts[a:b] += 1
    return out / np.maximum(counts, 1)[:, None], offsets


# hidden states after layer index 3 of 0..5: the input of the two layers a trunk model fine-tunes
TRUNK_OUTPUT = "/bert/encoder/layer.3/output/LayerNorm/LayerNormalization_output_0"
# the last layer's token states (before pooling)
LAST_OUTPUT = "/bert/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0"
WINDOW, STEP = 254, 192


def _with_trunk_output(path: Path) -> bytes:
    model = onnx.load(str(path))
    have = {o.name for o in model.graph.output}
    for name in (TRUNK_OUTPUT, LAST_OUTPUT):
        if name not in have:
            model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, ["b", "t", 384]))
    return model.SerializeToString()


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    threads = int(os.environ.get("UNSPIN_THREADS", "0")) or None
    return SentenceEncoder(locate("minilm"), threads=threads)


def vectors_for(doc: Any, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Sentence vectors of ``doc.text[s:e]``, computed once per document and shared between analysers."""
    cache: dict[tuple[int, int], np.ndarray] = doc.annotations.setdefault("sentence_vectors", {})
    missing = [sp for sp in dict.fromkeys(spans) if sp not in cache]
    if missing:
        for sp, v in zip(missing, load_encoder().encode([doc.text[s:e] for s, e in missing])):
            cache[sp] = v
    return np.stack([cache[sp] for sp in spans]) if spans else np.zeros((0, 384), np.float32)
