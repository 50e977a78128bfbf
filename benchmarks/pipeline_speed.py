"""Time the whole analyze() pipeline over a folder of articles: articles/s, words/s, peak memory.

    python benchmarks/pipeline_speed.py ../shared/data/ptc/train-articles [--limit N] [--skip techniques]

Writes benchmarks/results/pipeline_speed.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--skip", default="")
    args = ap.parse_args()
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    import unspin
    from unspin.analysers.techniques import load_tagger
    from unspin.pipeline import load_spacy

    load_spacy()
    load_tagger()
    startup = time.perf_counter() - t0
    files = sorted(args.folder.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    options = unspin.Options(skip=[s for s in args.skip.split(",") if s])
    words = findings = 0
    t1 = time.perf_counter()
    for i, f in enumerate(files, 1):
        report = unspin.analyze(f.read_text(encoding="utf-8"), options=options)
        words += report.summary.words
        findings += len(report.findings)
        if i % 20 == 0 or i == len(files):
            rate = i / (time.perf_counter() - t1)
            print(f"\r{i}/{len(files)} · {rate:.2f} articles/s · ETA {(len(files) - i) / rate:.0f}s", end="", file=sys.stderr)
    print(file=sys.stderr)
    secs = time.perf_counter() - t1
    result = {
        "articles": len(files),
        "skip": options.skip,
        "startup_seconds": round(startup, 2),
        "seconds": round(secs, 2),
        "articles_per_second": round(len(files) / secs, 2),
        "words_per_second": round(words / secs),
        "findings": findings,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
    }
    RESULTS.mkdir(exist_ok=True)
    name = "pipeline_speed" + (f"_skip_{'_'.join(options.skip)}" if options.skip else "") + ".json"
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
