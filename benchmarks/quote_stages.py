"""Every quote-attribution stage's evaluate() on PolNeAR dev (issue #13), into one results file.

    python benchmarks/quote_stages.py [--data ../shared/data/polnear] [--limit N]

cue: cue accuracy over matched attributions; content: content F1 of the rules, the tagger and the merged reading;
source: speaker (source span) accuracy of each; resolve: how often a gold source naming one person the actors
analyser found resolves to that person; merge: F1 and speaker accuracy side by side. Writes
benchmarks/results/quote_stages.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from unspin.analysers.quotes import content, cue, merge, resolve, source
    from unspin.analysers.quotes.evaluation import dev_runs

    t0 = time.time()
    runs = dev_runs(args.data, args.limit)
    out = {"machine": f"{platform.machine()}, Python {platform.python_version()}", "articles": len(runs),
           "split": "PolNeAR dev (84 articles; decoding and merge settings were chosen on its first half)",
           "seconds": round(time.time() - t0, 1), "stages": {}}
    for stage in (cue, content, source, resolve, merge):
        got = stage.evaluate(args.data, args.limit)
        out["stages"][got.stage] = {k: round(v, 4) for k, v in got.values.items()}
        print(got.stage, out["stages"][got.stage], flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "quote_stages.json").write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
