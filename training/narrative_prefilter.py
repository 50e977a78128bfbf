"""Fit the narrative prefilter: which sentences are worth encoding with the sentence encoder at all.

    python training/narrative_prefilter.py --ptc ../shared/data/ptc/train-articles --mainstream ../shared/data/polnear/dev/text

A narrative match needs the sentence's vector from the bundled sentence encoder (the space the case index lives
in), and encoding every sentence of every article was the slowest step of the pipeline. The shared model pass
already holds each sentence's states; a ridge regression maps their pooled form (768 numbers, as the claims head
reads them) to an estimate of the sentence vector, and only sentences whose estimated best-case similarity clears
``threshold - margin`` are encoded exactly. The margin is the smallest that keeps at least ``--recall`` of the exact
matches on held-out articles (PTC articles by article, never fitted on, and mainstream news); the exact vector
still decides every match, so a kept sentence scores as before.

Fitted on PTC train articles 0..299; margin chosen on PTC 300..370 plus the mainstream folder (PolNeAR dev).
Writes ``src/unspin/models/narratives/prefilter.npz`` and ``prefilter.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin import api  # noqa: E402
from unspin.analysers.narratives import MIN_WORDS  # noqa: E402
from unspin.inference.sentences import load_encoder  # noqa: E402
from unspin.inference.trunk import pooled  # noqa: E402
from unspin.narratives.index import load_index  # noqa: E402


def collect(files: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """Pooled shared-pass features and exact sentence vectors of every candidate sentence (progress on stderr)."""
    from unspin import pipeline

    chosen = pipeline.select(only=["encoder"])
    enc = load_encoder()
    xs, ys = [], []
    t0 = time.time()
    for k in range(0, len(files), 8):
        docs = [api.document_of(api.article_of(f, api.Options()), api.Options()) for f in files[k : k + 8]]
        for d in pipeline.pipe(docs, chosen, batch_size=8):
            spans = d.sentences_in("title", "body", min_words=MIN_WORDS)
            if spans and d.annotations.states is not None:
                xs.append(pooled(d.annotations.states, spans))
                ys.append(enc.encode([d.text[s:e] for s, e in spans]))
        done = min(k + 8, len(files))
        print(f"  {done}/{len(files)} articles ({done / (time.time() - t0):.1f}/s)", file=sys.stderr, flush=True)
    return np.vstack(xs), np.vstack(ys)


def best_similarity(vectors: np.ndarray) -> np.ndarray:
    index = load_index()
    return np.array([m[0].score if m else 0.0 for m in index.search_vectors(vectors.astype(np.float32), k=1)])


def fit(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    mu, sd = x.mean(0), x.std(0) + 1e-6
    z = (x - mu) / sd
    w = np.linalg.solve(z.T @ z + alpha * np.eye(z.shape[1]), z.T @ (y - y.mean(0)))
    return w, y.mean(0), mu, sd


def estimate(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    v = x @ w + b
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-8)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptc", type=Path, default=ROOT.parent / "shared" / "data" / "ptc" / "train-articles")
    ap.add_argument("--mainstream", type=Path, default=ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "unspin" / "models" / "narratives")
    ap.add_argument("--recall", type=float, default=0.99)
    ap.add_argument("--cache", type=Path, default=ROOT / "runs" / "narrative_prefilter.npz")
    args = ap.parse_args()
    if args.cache.exists():
        data = dict(np.load(args.cache))
    else:
        ptc = sorted(args.ptc.glob("*.txt"))
        data = {}
        for name, files in (("train", ptc[:300]), ("held", ptc[300:]), ("mainstream", sorted(args.mainstream.glob("*.txt")))):
            data[f"x_{name}"], data[f"y_{name}"] = collect(files)
        args.cache.parent.mkdir(exist_ok=True)
        np.savez(args.cache, **data)
    from unspin.narratives.index import shipped_meta

    threshold = float(shipped_meta().get("threshold", 0.67))  # the analyser's own default
    held_x = np.vstack([data["x_held"], data["x_mainstream"]])
    held_exact = best_similarity(np.vstack([data["y_held"], data["y_mainstream"]]))
    positives = held_exact >= threshold
    report: dict = {"threshold": threshold, "recall_target": args.recall, "train_sentences": int(len(data["x_train"])),
                    "held_sentences": int(len(held_x)), "held_exact_matches": int(positives.sum()), "alphas": {}}
    best = None
    for alpha in (10.0, 100.0, 1000.0):
        w, b, mu, sd = fit(data["x_train"], data["y_train"], alpha)
        wz, bz = w / sd[:, None], b - (mu / sd) @ w  # standardisation folded in
        est = best_similarity(estimate(held_x, wz, bz))
        gap = np.sort(threshold - est[positives])  # how far below the threshold the estimate of a true match falls
        margin = float(max(0.0, gap[min(len(gap) - 1, int(np.ceil(args.recall * len(gap))) - 1)])) if len(gap) else 0.0
        encoded = float((est >= threshold - margin).mean())
        cos = float(np.mean(np.sum(estimate(held_x, wz, bz) * np.vstack([data["y_held"], data["y_mainstream"]]), axis=1)))
        report["alphas"][str(alpha)] = {"margin": round(margin, 4), "share_encoded": round(encoded, 4), "mean_cosine": round(cos, 4)}
        print(f"alpha {alpha}: margin {margin:.3f}, share of sentences encoded {encoded:.3f}, mean cosine {cos:.3f}", flush=True)
        if best is None or encoded < best[0]:
            best = (encoded, alpha, margin, wz, bz)
    assert best is not None
    encoded, alpha, margin, wz, bz = best
    mainstream_est = best_similarity(estimate(data["x_mainstream"], wz, bz))
    ptc_est = best_similarity(estimate(data["x_held"], wz, bz))
    report.update(alpha=alpha, margin=round(margin, 4), share_encoded_held=round(encoded, 4),
                  share_encoded_ptc_held=round(float((ptc_est >= threshold - margin).mean()), 4),
                  share_encoded_mainstream=round(float((mainstream_est >= threshold - margin).mean()), 4))
    args.out.mkdir(parents=True, exist_ok=True)
    # int8 with one scale per input feature (row): a fifth of the float16 file; estimates' cosine with float16 ≥ 0.998
    # (one scale per output column is not enough: the estimate is a sum of large terms that cancel)
    scale = np.abs(wz).max(axis=1, keepdims=True) / 127.0 + 1e-12
    np.savez_compressed(args.out / "prefilter.npz", q=np.round(wz / scale).astype(np.int8), scale=scale.astype(np.float32),
                        b=bz.astype(np.float32))
    (args.out / "prefilter.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
