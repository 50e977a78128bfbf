"""Score the shipped technique model on its dev split and time it on 2 cores.

    python benchmarks/techniques_dev.py [--data ../shared/data/ptc]

SI F1 (SemEval-2020 overlap measure), TC micro-F1 and per-technique F1 on the dev
articles listed in the model's dev_split.json (never seen in training), plus
throughput (articles/s, word pieces/s, peak RSS) and the wall time of
`unspin bench ptc-si` over 75 articles, start-up included.
Writes benchmarks/results/techniques_dev.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "ptc")
    args = ap.parse_args()
    if not (args.data / "train-articles").is_dir():
        print(f"PTC data not found at {args.data}", file=sys.stderr)
        return 2
    from unspin.analysers.techniques import load_tagger
    from unspin.bench.ptc import LabelLine, read_articles, read_labels, score_si, score_tc
    from unspin.models import locate

    dev_ids = json.loads((locate("techniques") / "dev_split.json").read_text())["dev_articles"]
    texts = read_articles(args.data / "train-articles")
    gold = [g for g in read_labels(args.data / "train-labels-task2-technique-classification") if g.article_id in dev_ids]
    t0 = time.perf_counter()
    tagger = load_tagger()
    load_s = time.perf_counter() - t0
    dev_texts = [texts[a] for a in dev_ids]
    t1 = time.perf_counter()
    encs = tagger.encode_many(dev_texts)
    pred_si = [(a, g.start, g.end) for a, enc in zip(dev_ids, encs) for g in tagger.find_spans(enc)]
    enc_s = time.perf_counter() - t1
    n_pieces = sum(len(e.offsets) for e in encs)
    si = score_si(pred_si, [(g.article_id, g.start, g.end) for g in gold])
    by_article = {a: e for a, e in zip(dev_ids, encs)}
    pred_tc = []
    for a in dev_ids:
        rows = [g for g in gold if g.article_id == a]
        probs = tagger.classify(by_article[a], [(g.start, g.end) for g in rows])
        seen: dict[tuple[int, int], int] = {}
        for g, p in zip(rows, probs):
            rank = seen.get((g.start, g.end), 0)
            seen[(g.start, g.end)] = rank + 1
            pred_tc.append(LabelLine(a, tagger.labels[int(p.argsort()[::-1][rank])], g.start, g.end))
    micro, per = score_tc(pred_tc, gold)

    # the adapter as a user runs it, start-up included, over 75 articles
    with tempfile.TemporaryDirectory() as tmp:
        for a in sorted(texts)[:75]:
            shutil.copy(args.data / "train-articles" / f"article{a}.txt", Path(tmp) / f"article{a}.txt")
        t2 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "unspin.cli", "bench", "ptc-si", tmp], check=True, capture_output=True)
        cli_s = time.perf_counter() - t2
    result = {
        "dev_articles": len(dev_ids),
        "si": si.as_dict(),
        "tc_micro_f1": round(micro.f1, 4),
        "tc_per_technique_f1": {k: round(v.f1, 4) for k, v in per.items()},
        "model_load_seconds": round(load_s, 2),
        "articles_per_second": round(len(dev_ids) / enc_s, 2),
        "word_pieces_per_second": round(n_pieces / enc_s),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "bench_ptc_si_75_articles_seconds": round(cli_s, 2),
        "bench_ptc_si_articles_per_second": round(75 / cli_s, 2),
        "onnx": tagger.config.get("onnx"),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "techniques_dev.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
