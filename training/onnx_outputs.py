"""Expose intermediate hidden states of an exported encoder as named graph outputs (export-time graph surgery).

The runtime reads the trunk states by name and never edits graphs, so ``onnx`` is a training-only dependency.

    python training/onnx_outputs.py runs/sentence_encoder/encoder.int8.onnx \
        trunk=/bert/encoder/layer.3/output/LayerNorm/LayerNormalization_output_0 \
        last=/bert/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0

Each ``name=tensor`` adds an Identity node from ``tensor`` to a new output ``name`` (float, batch × tokens × 384);
weights are untouched, so scores stay the same. Running it again is a no-op.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_outputs(path: Path, outputs: dict[str, str], dim: int = 384) -> list[str]:
    import onnx

    model = onnx.load(str(path))
    have = {o.name for o in model.graph.output}
    tensors = {o for n in model.graph.node for o in n.output}
    added = []
    for name, tensor in outputs.items():
        if name in have:
            continue
        if tensor not in tensors:
            raise SystemExit(f"{path}: no tensor named {tensor}")
        model.graph.node.append(onnx.helper.make_node("Identity", [tensor], [name], name=f"expose_{name}"))
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, ["b", "t", dim]))
        added.append(name)
    if added:
        onnx.checker.check_model(model)
        onnx.save(model, str(path))
    return added


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", type=Path)
    ap.add_argument("outputs", nargs="+", help="name=tensor")
    args = ap.parse_args()
    pairs = dict(o.split("=", 1) for o in args.outputs)
    added = add_outputs(args.model, pairs)
    print(f"{args.model}: added {', '.join(added) or 'nothing (already there)'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
