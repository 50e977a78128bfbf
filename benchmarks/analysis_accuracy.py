"""Score the claims, quotes and comments analysers on their public dev data, and time them.

    python benchmarks/analysis_accuracy.py [--data ../shared/data]

* CheckThat! 2024: F1 of the Yes class on dev and dev-test (the `unspin bench checkthat` path);
* PolNeAR dev: content-span F1 (Jaccard >= 0.5) and speaker accuracy (the `unspin bench polnear` path);
* HateXplain validation: accuracy and macro-F1 (the `unspin bench hatexplain` path), and how well the rationale
  words agree with the annotators' (token F1 against tokens marked by at least two annotators);
* the full pipeline on the bundled example, per analyser.

Writes benchmarks/results/analysis_accuracy.json.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"


def checkthat(data: Path) -> dict:
    from unspin.analysers.claims import load_claim_model
    from unspin.bench.checkthat import read_tsv, scores_in_context, yes_scores

    model = load_claim_model()
    out = {}
    for split in ("dev", "dev-test"):
        rows = read_tsv(data / "checkworthiness" / f"{split}.tsv")
        t0 = time.perf_counter()
        scores = scores_in_context(rows)
        took = time.perf_counter() - t0
        s = yes_scores(np.array([r.label == "Yes" for r in rows]), scores >= model.threshold)
        out[split] = {**{k: round(v, 4) for k, v in s.items()}, "sentences": len(rows), "sentences_per_s": round(len(rows) / took, 1)}
    if model.config.get("refit_on_train_and_dev"):
        out["note"] = "the shipped model is refit on train + dev, so its dev score is not held out; dev-test is"
    return out


def polnear(data: Path) -> dict:
    from unspin.bench import polnear as pn

    t0 = time.perf_counter()
    s = pn.run(data / "polnear" / "dev" / "text", data / "polnear" / "dev" / "attributions", out=io.StringIO())
    took = time.perf_counter() - t0
    n = len(list((data / "polnear" / "dev" / "text").glob("*.txt")))
    return {**{k: round(v, 4) if isinstance(v, float) else v for k, v in (s or {}).items()},
            "articles": n, "articles_per_s": round(n / took, 2)}


def hatexplain(data: Path) -> dict:
    from unspin.analysers.comment_model import LABELS, load_comment_model
    from unspin.bench.hatexplain import macro_f1, read_gold

    path = data / "hatexplain" / "validation.jsonl"
    gold = read_gold(path)
    posts = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    posts = [p for p in posts if p["id"] in gold]
    model = load_comment_model()
    texts = [" ".join(p["post_tokens"]) for p in posts]
    t0 = time.perf_counter()
    verdicts = model.classify(texts, rationale=False)
    took = time.perf_counter() - t0
    y = np.array([LABELS.index(gold[p["id"]]) for p in posts])
    pred = np.array([LABELS.index(v.label) for v in verdicts])
    per_class = {LABELS[c]: round(macro_f1(y == c, pred == c, 2, only=1), 4) for c in range(3)}
    # rationale agreement on posts whose gold and predicted label are both hateful/offensive
    tp = fp = fn = 0
    chosen = [i for i, p in enumerate(posts) if p["rationales"] and LABELS[pred[i]] != "normal"][:400]
    t1 = time.perf_counter()
    with_rationale = model.classify([texts[i] for i in chosen], rationale=True)
    took_r = time.perf_counter() - t1
    for i, v in zip(chosen, with_rationale):
        tokens = posts[i]["post_tokens"]
        marks = np.array(posts[i]["rationales"]).sum(0) >= 2 if len(posts[i]["rationales"]) >= 2 else np.array(posts[i]["rationales"][0]) > 0
        starts, pos = [], 0
        for t in tokens:
            starts.append((pos, pos + len(t)))
            pos += len(t) + 1
        got = {k for k, (a, b) in enumerate(starts) if any(s < b and a < e for s, e in v.rationale)}
        want = {k for k in range(len(tokens)) if k < len(marks) and marks[k]}
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    return {
        "accuracy": round(float((y == pred).mean()), 4), "macro_f1": round(macro_f1(y, pred, 3), 4), "per_class_f1": per_class,
        "posts": len(posts), "posts_per_s": round(len(posts) / took, 1),
        "rationale_token_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4), "rationale_posts": len(chosen),
        "rationale_posts_per_s": round(len(chosen) / took_r, 1),
    }


def pipeline_profile() -> dict:
    import unspin
    from unspin.api import warm

    text = (ROOT / "src" / "unspin" / "examples" / "summit.txt").read_text(encoding="utf-8")
    warm()
    unspin.analyze(text)  # warm caches
    profile: dict[str, float] = {}
    list(unspin.analyze_many([text], options=unspin.Options(date="2025-12-31"), profile=profile))
    times = {name: round(1000 * s, 1) for name, s in profile.items()}
    return {"example_words": len(text.split()), "ms_per_analyser": times, "total_ms": round(sum(times.values()), 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"no data folder {args.data}", file=sys.stderr)
        return 2
    results = {"machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}"}
    for name, fn in (("checkthat", checkthat), ("hatexplain", hatexplain), ("polnear_dev", polnear)):
        t0 = time.perf_counter()
        results[name] = fn(args.data)
        print(f"{name}: {json.dumps(results[name])} ({time.perf_counter() - t0:.0f} s)", flush=True)
    results["pipeline_example"] = pipeline_profile()
    print(json.dumps(results["pipeline_example"]))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "analysis_accuracy.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
