"""Narrative search speed: index load time and single-query latency on CPU, after load.

    python benchmarks/narratives_speed.py [--queries 200]

Writes benchmarks/results/narratives_speed.json (with the calibration numbers from the index's meta.json).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
QUERIES = [
    "The Malaysian airliner was shot down by a Ukrainian fighter jet.",
    "NATO keeps building military bases around Russia's borders.",
    "The poisoning in Salisbury was staged by British intelligence.",
    "The coronavirus was made in an American military laboratory.",
    "The West organised a coup in Kiev in 2014.",
    "Sanctions hurt Europe more than they hurt Russia.",
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    t0 = time.perf_counter()
    from unspin.narratives.index import NarrativeIndex, shipped_dir, shipped_meta

    index = NarrativeIndex([shipped_dir()])
    index_load = time.perf_counter() - t0
    t1 = time.perf_counter()
    from unspin.inference.sentences import load_encoder

    load_encoder()
    encoder_load = time.perf_counter() - t1
    index.search(QUERIES[:1], k=5)  # warm-up
    times = []
    for i in range(args.queries):
        q = QUERIES[i % len(QUERIES)]
        t = time.perf_counter()
        index.search([q], k=5)
        times.append(1000 * (time.perf_counter() - t))
    times.sort()
    result = {
        "cases": len(index.cases),
        "index_load_seconds": round(index_load, 3),
        "encoder_load_seconds": round(encoder_load, 3),
        "query_ms_p50": round(statistics.median(times), 2),
        "query_ms_p95": round(times[int(0.95 * len(times)) - 1], 2),
        "queries": len(times),
        "calibration": shipped_meta().get("calibration"),
        "top1_per_query": {q: index.search([q], k=1)[0][0].case.title for q in QUERIES},
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "narratives_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
