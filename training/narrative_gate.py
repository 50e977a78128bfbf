"""Fit the narrative gate: which sentences the verifier could accept, judged before the sentence encoder runs.

    python training/narrative_gate.py

The prefilter (``narrative_prefilter.py``) estimates each candidate sentence's vector from the shared pass and
encodes a sentence exactly when its estimated best similarity comes near the retrieval floor; that still encodes
more than half of all sentences, while the verifier then accepts a few per hundred. The gate runs the verifier
itself on the *estimated* vector and similarities (the surface features, shared words, names and negation, need no
vector) and encodes a sentence only when that estimate reaches ``gate``. ``gate`` is the largest value of a
logarithmic grid that keeps at least ``--recall`` of the sentences the exact pipeline matches on the choice set (PTC
train articles 300..370 and PolNeAR dev, mainstream news; 27 matches, so the target is 0.95, not 0.99); the report set (the 90 unlabelled PTC test articles and 60 PolNeAR train articles,
never used to choose) says what it keeps and how much encoding it saves there. Writes ``gate`` into
``src/unspin/models/narratives/prefilter.json`` with ``--install``; the exact vector still decides every match.
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
from unspin.analysers.narratives import MIN_WORDS, VERIFY_K, load_prefilter, load_verifier  # noqa: E402
from unspin.inference.sentences import load_encoder  # noqa: E402
from unspin.inference.trunk import pooled  # noqa: E402
from unspin.narratives.index import load_index  # noqa: E402
from unspin.narratives.verify import score  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def collect(files: list[Path]) -> dict[str, object]:
    """Per candidate sentence: its article, text, pooled shared-pass features and exact sentence vector."""
    from unspin import pipeline

    chosen = pipeline.select(only=["encoder"])
    enc = load_encoder()
    arts, texts, xs, ys = [], [], [], []
    t0 = time.time()
    for k in range(0, len(files), 8):
        docs = [api.document_of(api.article_of(f, api.Options()), api.Options()) for f in files[k : k + 8]]
        for j, d in enumerate(pipeline.pipe(docs, chosen, batch_size=8)):
            spans = d.sentences_in("title", "body", min_words=MIN_WORDS)
            if spans and d.annotations.states is not None:
                xs.append(pooled(d.annotations.states, spans))
                ys.append(enc.encode([d.text[s:e] for s, e in spans], batch_size=1))
                texts += [d.text[s:e] for s, e in spans]
                arts += [k + j] * len(spans)
        done = min(k + 8, len(files))
        rate = done / (time.time() - t0)
        print(f"  {done}/{len(files)} articles ({rate:.1f}/s, ETA {(len(files) - done) / rate:.0f} s)",
              file=sys.stderr, flush=True)
    return {"article": np.array(arts), "text": np.array(texts, dtype=object), "x": np.vstack(xs), "y": np.vstack(ys)}


def verdicts(part: dict[str, object]) -> dict[str, np.ndarray]:
    """For each sentence: the exact pipeline's best verifier probability (0 when nothing is retrieved), whether the
    ridge prefilter would encode it, and the verifier's best probability on the estimated vector."""
    index, verifier, prefilter = load_index(), load_verifier(), load_prefilter()
    assert verifier is not None and prefilter is not None
    floor = verifier.retrieve_floor
    x, y, texts = part["x"], part["y"], part["text"]
    assert isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and isinstance(texts, np.ndarray)
    est = x @ prefilter.w + prefilter.b
    est /= np.maximum(np.linalg.norm(est, axis=1, keepdims=True), 1e-8)
    exact_near = index.search_vectors(y.astype(np.float32), k=VERIFY_K)
    est_near = index.search_vectors(est.astype(np.float32), k=VERIFY_K)
    exact_p, est_p, ridge = [], [], []
    for i, text in enumerate(texts):
        near = [m for m in exact_near[i] if m.score >= floor]
        exact_p.append(float(score(verifier, text, y[i], near, index.vectors).max()) if near else 0.0)
        ridge.append(bool(est_near[i]) and est_near[i][0].score >= floor - prefilter.margin)
        est_p.append(float(score(verifier, text, est[i], est_near[i], index.vectors).max()) if est_near[i] else 0.0)
    return {"exact": np.array(exact_p), "ridge": np.array(ridge), "est": np.array(est_p)}


def summary(v: dict[str, np.ndarray], threshold: float, gate: float) -> dict[str, float]:
    pos = v["exact"] >= threshold
    keep = v["ridge"] & (v["est"] >= gate)
    return {"sentences": int(len(pos)), "exact_matches": int(pos.sum()),
            "matches_kept": round(float((keep & pos).sum() / max(pos.sum(), 1)), 4),
            "share_encoded_ridge": round(float(v["ridge"].mean()), 4), "share_encoded_gate": round(float(keep.mean()), 4)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--recall", type=float, default=0.95)
    ap.add_argument("--cache", type=Path, default=ROOT / "runs" / "narrative_gate.npz")
    ap.add_argument("--install", action="store_true")
    args = ap.parse_args()
    ptc = sorted((DATA / "ptc" / "train-articles").glob("*.txt"))
    sets = {"choose_ptc": ptc[300:], "choose_mainstream": sorted((DATA / "polnear" / "dev" / "text").glob("*.txt")),
            "report_ptc": sorted((DATA / "ptc" / "test-articles-unlabeled").glob("*.txt")),
            "report_mainstream": sorted((DATA / "polnear" / "train" / "text").glob("*.txt"))[::14]}
    if args.cache.exists():
        z = np.load(args.cache, allow_pickle=True)
        parts = {name: {f: z[f"{name}.{f}"] for f in ("article", "text", "x", "y")} for name in sets}
    else:
        parts = {}
        for name, files in sets.items():
            print(f"{name}: {len(files)} articles", file=sys.stderr)
            parts[name] = collect(files)
        args.cache.parent.mkdir(exist_ok=True)
        np.savez(args.cache, **{f"{n}.{f}": v for n, p in parts.items() for f, v in p.items()})
    verifier = load_verifier()
    assert verifier is not None
    v = {name: verdicts(p) for name, p in parts.items()}
    choose = {k: np.concatenate([v["choose_ptc"][k], v["choose_mainstream"][k]]) for k in ("exact", "ridge", "est")}
    pos = choose["exact"] >= verifier.threshold
    # the largest gate of the grid that keeps --recall of the exact matches the ridge prefilter keeps
    grid = [0.0] + [m * 10.0**e for e in range(-5, -1) for m in (1, 2, 5)]  # 1-2-5 steps
    kept = {g: float(((choose["est"] >= g) & choose["ridge"] & pos).sum() / max(pos.sum(), 1)) for g in grid}
    gate = max(g for g in grid if kept[g] >= args.recall)
    report = {"gate": gate, "recall_target": args.recall, "verifier_threshold": verifier.threshold,
              "choice_kept_by_gate": {str(g): round(k, 4) for g, k in kept.items()},
              **{name: summary(vv, verifier.threshold, gate) for name, vv in v.items()}}
    print(json.dumps(report, indent=2))
    if args.install:
        path = ROOT / "src" / "unspin" / "models" / "narratives" / "prefilter.json"
        meta = json.loads(path.read_text())
        meta["gate"] = gate
        meta["gate_fit"] = report
        path.write_text(json.dumps(meta, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
