"""Batch throughput: local engine with 1 and 2 workers, and the Ray engine on the same input.

    python benchmarks/batch_speed.py [--articles 40] [--ray]

Input: the first N PTC training articles from ../shared/data/ptc as JSONL. Each run is the whole command, model
loading included, as a user runs it: all analysers with 1 and 2 workers, and ``--only techniques`` with 1. Reports
articles/s, the full/techniques-only ratio, the 2-worker speed-up, peak RSS of the largest worker process, and
Ray's overhead against the local engine. Writes benchmarks/results/batch_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ptc" / "train-articles")
    ap.add_argument("--ray", action="store_true", help="also time the Ray engine on a local Ray cluster")
    args = ap.parse_args()
    files = sorted(args.data.glob("*.txt"))[: args.articles]
    if not files:
        print(f"no articles in {args.data}", file=sys.stderr)
        return 2
    result: dict = {"articles": len(files), "machine": f"{os.cpu_count()} cores"}
    unspin = [sys.executable, "-m", "unspin.cli"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "c.jsonl"
        with corpus.open("w") as fh:
            for i, f in enumerate(files):
                fh.write(json.dumps({"id": f.stem, "text": f.read_text(), "source": f"s{i % 3}"}) + "\n")
        out = Path(tmp) / "techniques.duckdb"
        secs = timed([*unspin, "batch", str(corpus), "-o", str(out), "--workers", "1", "--only", "techniques"])
        result["local_1_worker_only_techniques"] = {"seconds": round(secs, 1), "articles_per_second": round(len(files) / secs, 2)}
        for workers in (1, 2):
            out = Path(tmp) / f"w{workers}.duckdb"
            secs = timed([*unspin, "batch", str(corpus), "-o", str(out), "--workers", str(workers)])
            result[f"local_{workers}_workers"] = {"seconds": round(secs, 1), "articles_per_second": round(len(files) / secs, 2)}
        result["peak_worker_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        result["full_over_techniques_only"] = round(result["local_1_workers"]["articles_per_second"]
                                                    / result["local_1_worker_only_techniques"]["articles_per_second"], 2)
        result["two_workers_over_one"] = round(result["local_2_workers"]["articles_per_second"]
                                               / result["local_1_workers"]["articles_per_second"], 2)
        if args.ray:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
            ray = str(Path(sys.executable).parent / "ray")
            subprocess.run([ray, "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}", "--num-cpus=2",
                            "--include-dashboard=false", "--disable-usage-stats"], check=True, capture_output=True, env=env)
            try:
                secs = timed([*unspin, "batch", str(corpus), "-o", str(Path(tmp) / "ray"), "--engine", "ray",
                              "--address", f"127.0.0.1:{port}", "--workers", "2"], env)
            finally:
                subprocess.run([ray, "stop", "--force"], capture_output=True, env=env)
            local2 = result["local_2_workers"]["seconds"]
            result["ray_2_actors"] = {"seconds": round(secs, 1), "articles_per_second": round(len(files) / secs, 2),
                                      "overhead_vs_local_2_workers_seconds": round(secs - local2, 1)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "batch_speed.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
