"""ONNX Runtime sessions: built once per model file, with the thread count set once per process."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path
from typing import Any

_threads: int | None = None
# ONNX Runtime's fused SkipLayerNormalization kernel (residual add + layer norm) is slower on CPU than the Add and
# LayerNormalization it replaces: one thread, a 256-piece window of the technique model 15.6 -> 13.4 ms, a sentence of
# the encoder 1.67 -> 1.44 ms, the claims and comments tails 0.69 -> 0.58 ms. Only the order of float additions differs.
UNFUSED = ["SkipLayerNormFusion"]


def configure(threads: int | None) -> None:
    """Cap the CPU threads of every session built from now on: call it once, before the first analysis (batch
    workers do, before loading their models); sessions already built keep their threads."""
    global _threads
    _threads = threads if threads and threads > 0 else None


def threads() -> int | None:
    return _threads


@cache
def session(path: Path, arena: bool = False) -> Any:
    """The inference session of one ONNX file (CPU), shared by everything that reads it.

    ``arena``: keep ONNX Runtime's memory arena, which holds the largest call's working memory for the life of the
    process. Worth it for the shared pass (one window of at most 256 pieces a call: a few MB, ~4% faster); the other
    graphs see calls of every shape, and without the arena a batch worker stays ~130 MB smaller."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.enable_cpu_mem_arena = arena
    # idle worker threads sleep instead of spinning: the analysers' Python work (spaCy, quotes, narratives) runs
    # between model calls and on the same few cores, so spinning threads only take CPU from it
    # (benchmarks/results/pipeline_speed.json: warm throughput +10%, cold start -0.2 s on 2 cores)
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    n = threads()
    if n:
        options.intra_op_num_threads = n
        options.inter_op_num_threads = 1
    graph = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else str(path)  # .onnx.gz: smaller wheel
    return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"], disabled_optimizers=UNFUSED)



def outputs(sess: Any) -> set[str]:
    return {o.name for o in sess.get_outputs()}
