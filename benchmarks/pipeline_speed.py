"""Time the whole pipeline over a folder of articles: articles/s, words/s, seconds per analyser, peak memory.

    python benchmarks/pipeline_speed.py ../shared/data/ptc/train-articles [--limit N] [--only techniques]
        [--skip X] [--batch-size 8] [--threads N]

Articles go through ``unspin.analyze_many`` in batches, as a batch worker runs them. Writes
benchmarks/results/pipeline_speed[_only_X|_skip_X].json.
"""

from __future__ import annotations

import argparse
import json
import os
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
    ap.add_argument("--only", default="")
    ap.add_argument("--skip", default="")
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    import unspin
    from unspin.api import warm

    if args.threads:
        unspin.configure(threads=args.threads)
    options = unspin.Options(only=[s for s in args.only.split(",") if s], skip=[s for s in args.skip.split(",") if s])
    warm(options)
    startup = time.perf_counter() - t0
    files = sorted(args.folder.glob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    texts = [f.read_text(encoding="utf-8") for f in files]
    unspin.analyze(texts[0], options=options)  # first-call costs out of the timing
    words = findings = 0
    profile: dict[str, float] = {}
    t1 = time.perf_counter()
    for i, report in enumerate(unspin.analyze_many(texts, options=options, batch_size=args.batch_size, profile=profile), 1):
        if isinstance(report, unspin.UnspinError):
            continue
        words += report.summary.words
        findings += len(report.findings)
        if i % 10 == 0 or i == len(files):
            rate = i / (time.perf_counter() - t1)
            print(f"\r{i}/{len(files)} · {rate:.2f} articles/s · ETA {(len(files) - i) / rate:.0f}s", end="", file=sys.stderr)
    print(file=sys.stderr)
    secs = time.perf_counter() - t1
    result = {
        "articles": len(files),
        "only": options.only,
        "skip": options.skip,
        "batch_size": args.batch_size,
        "threads": args.threads or "default",
        "startup_seconds": round(startup, 2),
        "seconds": round(secs, 2),
        "articles_per_second": round(len(files) / secs, 2),
        "words_per_second": round(words / secs),
        "seconds_per_article_by_analyser": {k: round(v / len(files), 4) for k, v in profile.items()},
        "findings": findings,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    RESULTS.mkdir(exist_ok=True)
    suffix = (f"_only_{'_'.join(options.only)}" if options.only else "") + (f"_skip_{'_'.join(options.skip)}" if options.skip else "")
    (RESULTS / f"pipeline_speed{suffix}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
