"""The shared encoder pass over an article.

The technique model (all-MiniLM-L6-v2 fine-tuned on PTC, ``models/techniques``) runs once over each article, in
windows; its graph exposes the last layer's token states (``hidden``), the in-span probability of each piece
(``span_logits``, kept as ``span_prob`` after a sigmoid) and the input of its fifth layer (``trunk``). Every head that reads token or
sentence states takes them from this one pass:

* techniques: ``span_prob`` (span finder) and ``hidden`` (span classifier);
* quotes: the attribution tagger reads ``trunk`` and ``hidden`` concatenated (768 per piece);
* claims: the check-worthiness head reads the same 768 numbers mean-pooled over a sentence's pieces.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from unspin.inference.quantise import WordEmbeddings
from unspin.inference.session import session
from unspin.inference.windows import TokenStates, WindowedEncoder
from unspin.models import locate

OUTPUTS = {"hidden": None, "span_logits": "sigmoid", "trunk": None}


class Trunk:
    def __init__(self, model_dir: Path, onnx_file: str | None = None, embeddings: Path | None = None) -> None:
        from tokenizers import Tokenizer

        self.dir = Path(model_dir)
        self.config: dict[str, Any] = json.loads((self.dir / "config.json").read_text())
        shared = self.config.get("shared")
        shared_dir = locate(shared) if shared else self.dir
        tok_file = self.dir / "tokenizer.json"
        tokenizer = Tokenizer.from_file(str(tok_file if tok_file.is_file() else shared_dir / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        sess = session(self.dir / (onnx_file or self.config.get("onnx", "model.int8.onnx")), arena=True)
        have = {o.name for o in sess.get_outputs()}
        outputs = {k: v for k, v in OUTPUTS.items() if k in have}
        table = WordEmbeddings.load(embeddings or shared_dir / "word_embeddings.npz")
        # one window a call: int8 activations are quantised per call, so an article's states never depend on which
        # other articles share its batch; on one thread the fastest (16.5 ms a 256-piece window, 17.9 in calls of 4),
        # on two as fast as 4 a call; ONNX Runtime's arena (kept for the process) holds one window's working memory
        self.encoder = WindowedEncoder(sess, tokenizer, table, outputs, step=int(self.config.get("step", 192)),
                                       batch_size=1, rename={"span_logits": "span_prob"})
        self.has_trunk = "trunk" in outputs

    def encode(self, texts: Sequence[str]) -> list[TokenStates]:
        return self.encoder.encode(texts)


@lru_cache(maxsize=1)
def load_trunk() -> Trunk:
    return Trunk(locate("techniques"))


def piece_features(states: TokenStates) -> np.ndarray:
    """Per piece: the fifth layer's input and the last layer's state, concatenated (pieces × 768)."""
    if "trunk" not in states.outputs:
        from unspin.errors import ModelError

        raise ModelError("the technique model lacks its 'trunk' output; run training/onnx_outputs.py on it")
    return np.concatenate([states["trunk"], states["hidden"]], axis=1)


def pooled(states: TokenStates, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Mean of ``piece_features`` over each character span's pieces (claims read sentences this way)."""
    feats = np.concatenate([states["hidden"], states["trunk"]], axis=1)
    out = np.zeros((len(spans), feats.shape[1]), np.float32)
    for k, (s, e) in enumerate(spans):
        idx = states.pieces(s, e)
        if len(idx):
            out[k] = feats[idx].mean(axis=0)
    return out
