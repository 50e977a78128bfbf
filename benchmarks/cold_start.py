"""Cold start: wall time of `import unspin` and of a whole `unspin analyze` in a fresh process.

    python benchmarks/cold_start.py [--article PATH] [--runs 3]

The article defaults to the PTC training article closest to 1,200 words. Each run is a new process (models
loaded from disk, nothing cached in the interpreter). Writes benchmarks/results/cold_start.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"


def wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--article", type=Path)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ptc" / "train-articles")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    article = args.article
    if article is None:
        files = sorted(args.data.glob("*.txt"))
        if not files:
            print(f"no article given and none in {args.data}", file=sys.stderr)
            return 2
        article = min(files, key=lambda f: abs(len(f.read_text(encoding="utf-8").split()) - 1200))
    words = len(article.read_text(encoding="utf-8").split())
    imports = [wall([sys.executable, "-c", "import unspin"]) for _ in range(args.runs)]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "r.json")
        runs = [wall([sys.executable, "-m", "unspin.cli", "analyze", str(article), "-f", "json", "-o", out])
                for _ in range(args.runs)]
    result = {
        "article": article.name, "words": words, "runs": args.runs,
        "import_unspin_seconds_median": round(statistics.median(imports), 3),
        "cold_analyze_seconds_median": round(statistics.median(runs), 2),
        "cold_analyze_seconds_all": [round(r, 2) for r in runs],
        "machine": f"{os.cpu_count()} cores",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "cold_start.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
