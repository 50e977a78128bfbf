"""Long articles: wall time and peak memory of one `unspin analyze` as the text grows (cost should be linear).

    python benchmarks/long_article.py [--sizes 62500,250000,990000] [--data ../shared/data/ptc]

Each size is a text of that many bytes made of PTC training articles joined with blank lines, analysed in a
fresh process (`unspin analyze FILE -f json`). Texts over 20,000 words are analysed in parts (Options.part_words).
Writes benchmarks/results/long_article.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def corpus_text(data: Path, size: int) -> str:
    parts, total = [], 0
    for path in sorted((data / "train-articles").glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        parts.append(body)
        total += len(body.encode("utf-8"))
        if total > size:
            break
    text = "\n\n".join(parts)
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def measure(path: Path) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", str(path), "-f", "json", "-o", os.devnull,
                    "--max-bytes", "2000000"], check=True, capture_output=True)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux: the largest child so far
    return {"wall_s": round(wall, 1), "peak_rss_mb": round(max(peak, before) / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="62500,250000,990000")
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc"))
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            text = corpus_text(Path(args.data), size)
            path = Path(tmp) / f"a{size}.txt"
            path.write_text(text, encoding="utf-8")
            got = measure(path)
            row = {"bytes": len(text.encode("utf-8")), "words": len(text.split()), **got,
                   "words_per_s": round(len(text.split()) / got["wall_s"])}
            print(json.dumps(row), file=sys.stderr)
            rows.append(row)
    RESULTS.mkdir(exist_ok=True)
    out = {"cores": os.cpu_count(), "note": "peak_rss_mb is the largest process so far (sizes run in increasing order)",
           "runs": rows}
    (RESULTS / "long_article.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
