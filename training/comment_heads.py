"""A frozen-feature baseline for the comment detectors: antisemitism (ISCA) and conspiracy talk (PAN 2024 + COVID).

    python training/comment_heads.py --data ../shared/data [--out runs/comment_heads]

Features of a comment: the bundled sentence encoder's unit vector (384) and the comment classifier's raw label and
target logits (3 + 21), all from the models unspin already ships, so a head adds a few KB. Each head is a logistic
regression; its regularisation and decision threshold are chosen by 5-fold cross-validation on the training part
only, and it is scored once on a held-out part (20%, never used for a choice). Writes heads.npz and heads.json
(settings and scores) to --out; features are cached in runs/comment_features_*.npz. Not shipped: the fine-tuned
heads of comments_v2.py do better (held out: ISCA F1 0.56 here against 0.61).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def held_out(key: str, share: float = 0.2) -> bool:
    """A stable split by hash of the item's id: the same item is always on the same side."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def load(data: Path) -> dict[str, list[tuple[str, str, int]]]:
    """Per task: (id, text, label)."""
    out: dict[str, list[tuple[str, str, int]]] = {"antisemitism": [], "conspiracy": []}
    with (data / "antisemitism" / "train.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out["antisemitism"].append((f"isca-{row['id']}", row["text"], int(row["label"])))
    for line in (data / "conspiracy" / "pan2024_en.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out["conspiracy"].append((f"pan-{row['id']}", row["text"], int(row["category"] == "CONSPIRACY")))
    with (data / "conspiracy" / "covid_vaccine_comments.csv").open(encoding="cp1252", errors="replace", newline="") as fh:
        for k, row in enumerate(csv.DictReader(fh)):
            if row.get("comments", "").strip():
                out["conspiracy"].append((f"covid-{k}", row["comments"], int(row["label"])))
    return out


def features(texts: list[str], cache: Path) -> np.ndarray:
    from unspin.analysers.comment_model import load_comment_model
    from unspin.inference.sentences import load_encoder

    keys = np.array([hashlib.sha256(t.encode("utf-8", "replace")).hexdigest()[:16] for t in texts])
    if cache.exists():
        got = np.load(cache)
        if list(got["keys"]) == list(keys):
            return got["x"]
    enc, model = load_encoder(), load_comment_model()
    rows = []
    t0 = time.perf_counter()
    for k in range(0, len(texts), 256):
        batch = [t[: model.max_tokens * 12] for t in texts[k : k + 256]]
        states, vectors = enc.states_and_vectors(batch)
        lab, tgt = model.logits_from_states([h[: model.max_tokens] for h, _ in states])
        rows.append(np.hstack([vectors, lab, tgt]))
        done = k + len(batch)
        rate = done / (time.perf_counter() - t0)
        print(f"\rfeatures {done}/{len(texts)} ({rate:.0f}/s, ETA {(len(texts) - done) / rate:.0f} s)", end="", file=sys.stderr)
    print(file=sys.stderr)
    x = np.vstack(rows).astype(np.float32)
    np.savez_compressed(cache, keys=keys, x=x)
    return x


def mcc(y: np.ndarray, p: np.ndarray) -> float:
    tp, tn = float(((p == 1) & (y == 1)).sum()), float(((p == 0) & (y == 0)).sum())
    fp, fn = float(((p == 1) & (y == 0)).sum()), float(((p == 0) & (y == 1)).sum())
    den = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)) ** 0.5
    return (tp * tn - fp * fn) / den if den else 0.0


def f1(y: np.ndarray, p: np.ndarray) -> float:
    tp = float(((p == 1) & (y == 1)).sum())
    return 2 * tp / max(1.0, float(p.sum() + y.sum()))


def fit_head(x: np.ndarray, y: np.ndarray, metric: str) -> dict[str, object]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    score = mcc if metric == "mcc" else f1
    mean, std = x.mean(0), x.std(0) + 1e-6
    z = (x - mean) / std
    best: tuple[float, float, float] = (-1.0, 1.0, 0.5)
    for c in (0.01, 0.03, 0.1, 0.3, 1.0):
        oof = np.zeros(len(y))
        for tr, va in StratifiedKFold(5, shuffle=True, random_state=0).split(z, y):
            clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(z[tr], y[tr])
            oof[va] = clf.predict_proba(z[va])[:, 1]
        for t in np.arange(0.2, 0.85, 0.025):
            s = score(y, (oof >= t).astype(int))
            if s > best[0]:
                best = (s, c, float(t))
    cv, c, threshold = best
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(z, y)
    w = clf.coef_[0] / std
    b = float(clf.intercept_[0] - (clf.coef_[0] * mean / std).sum())
    return {"w": w.astype(np.float32), "b": b, "threshold": threshold, "C": c, "cv": round(cv, 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(ROOT / "runs" / "comment_heads"))
    args = ap.parse_args()
    data = load(Path(args.data))
    (ROOT / "runs").mkdir(exist_ok=True)
    weights: dict[str, np.ndarray] = {}
    meta: dict[str, object] = {"features": "minilm unit vector (384) + comment label logits (3) + target logits (21)"}
    for task, metric in (("antisemitism", "f1"), ("conspiracy", "mcc")):
        rows = data[task]
        x = features([t for _, t, _ in rows], ROOT / "runs" / f"comment_features_{task}.npz")
        y = np.array([lab for _, _, lab in rows])
        test = np.array([held_out(i) for i, _, _ in rows])
        head = fit_head(x[~test], y[~test], metric)
        prob = 1 / (1 + np.exp(-(x[test] @ head["w"] + head["b"])))
        pred = (prob >= head["threshold"]).astype(int)
        yt = y[test]
        scores = {"held_out_n": int(test.sum()), "held_out_positive": int(yt.sum()), "f1": round(f1(yt, pred), 4),
                  "mcc": round(mcc(yt, pred), 4), "accuracy": round(float((pred == yt).mean()), 4)}
        if task == "conspiracy":  # the PAN part alone (the bar's data)
            pan = np.array([i.startswith("pan-") for i, _, _ in rows])[test]
            scores["pan_mcc"] = round(mcc(yt[pan], pred[pan]), 4)
            scores["pan_n"] = int(pan.sum())
        print(task, {k: v for k, v in head.items() if k not in ("w",)}, scores, file=sys.stderr)
        weights[f"{task}_w"] = head["w"]
        weights[f"{task}_b"] = np.array([head["b"]], np.float32)
        meta[task] = {"threshold": head["threshold"], "C": head["C"], "cv_" + metric: head["cv"], "held_out": scores,
                      "train_n": int((~test).sum())}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "heads.npz", **weights)
    (out / "heads.json").write_text(json.dumps(meta, indent=2) + "\n")


if __name__ == "__main__":
    main()
