"""Fit the quote analyser's confidence model on PolNeAR dev: how often an attribution like this one is right.

    python training/quote_confidence.py [--data ../shared/data/polnear] [--install]

Right = its content matches a gold attribution (character Jaccard ≥ 0.5, one-to-one, the `unspin bench polnear`
measure) or lies inside one (80% of its characters: a quotation that carries a speaker on inside an attribution
PolNeAR annotates over several quotations), and its source span overlaps that one's (both absent counts). Kinds:
direct or reported, speaker named or not, a source span or none. The table is fitted on the first half of dev and
its expected calibration error (10 bins) measured on the second half; the shipped table is then refitted on all
of dev. Laplace-smoothed
rates. Writes runs/quote_confidence.json (``--install``: src/unspin/models/attribution/confidence.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.analysers.quotes import CONFIDENCE_FEATURES, confidence_features, kind_of  # noqa: E402
from unspin.analysers.quotes.evaluation import Run, dev_runs  # noqa: E402
from unspin.bench.polnear import gold_for  # noqa: E402


def _same_source(p: Any, g: Any) -> bool:
    ps, gs = p.source, g.source
    return (ps is None and gs is None) or bool(ps and gs and min(ps[1], gs[1]) > max(ps[0], gs[0]))


def right_ones(run: Run) -> dict[int, int]:
    """id(reading) -> the index of the gold attribution it gets right: its content matches one (the bench's
    one-to-one match, character Jaccard >= 0.5) or lies inside one (80% of its characters or more: PolNeAR annotates
    '"A," X said. "B."' as one attribution whose content runs over both quotations, so the reading of "B" that carries
    X on is right), and its source span overlaps that one's (both absent counts)."""
    index = {id(g): k for k, g in enumerate(run.gold)}
    out = {id(p): index[id(g)] for p, g in run.matched if _same_source(p, g)}
    for p in run.merged:
        if id(p) in out or p.end <= p.start:
            continue
        for k, g in enumerate(run.gold):
            c0, c1 = g.content
            if min(p.end, c1) - max(p.start, c0) >= 0.8 * (p.end - p.start) and g.source and _same_source(p, g):
                out[id(p)] = k
                break
    return out


def fit(runs: list[Run]) -> dict[str, float]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for run in runs:
        right = right_ones(run)
        for p in run.merged:
            counts[kind_of(p)][0] += id(p) in right
            counts[kind_of(p)][1] += 1
    return {k: round((a + 1) / (n + 2), 4) for k, (a, n) in sorted(counts.items())}


def cue_prior(data: Path) -> tuple[dict[str, float], float]:
    """How often each word of PolNeAR *train* is (part of) a gold attribution cue, smoothed towards the overall rate;
    kept for words seen as a cue at least twice (any other word reads the overall rate)."""
    import re

    word = re.compile(r"[A-Za-z]+")
    seen: dict[str, int] = defaultdict(int)
    cue: dict[str, int] = defaultdict(int)
    for path in sorted((data / "train" / "text").glob("*.txt")):
        gold = gold_for(data / "train" / "attributions", path.name)
        if gold is None:
            continue
        text = path.read_text(encoding="utf-8")
        cues = [g.cue for g in gold if g.cue]
        for m in word.finditer(text):
            w = m.group().lower()
            seen[w] += 1
            if any(s <= m.start() and m.end() <= e for s, e in cues):
                cue[w] += 1
    overall = sum(cue.values()) / max(1, sum(seen.values()))
    prior = {w: round((cue[w] + 5 * overall) / (seen[w] + 5), 5) for w in seen if cue[w] >= 2}
    return prior, overall


def design(runs: list[Run], prior: dict[str, float], default: float) -> tuple[np.ndarray, np.ndarray]:
    X, y = [], []
    for run in runs:
        right = right_ones(run)
        for p in run.merged:
            X.append(confidence_features(p, run.text, prior, default))
            y.append(int(id(p) in right))
    return np.array(X), np.array(y)


def scores(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import roc_auc_score

    bins = np.minimum((p * 10).astype(int), 9)
    ece_ = float(sum(abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).mean() for b in range(10) if (bins == b).any()))
    return {"ece": round(ece_, 4), "brier": round(float(((p - y) ** 2).mean()), 4), "auc": round(float(roc_auc_score(y, p)), 4)}


def main() -> int:
    from sklearn.linear_model import LogisticRegression

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--install", action="store_true")
    args = ap.parse_args()
    data = Path(args.data)
    runs = dev_runs(args.data)
    first, second = runs[0::2], runs[1::2]
    prior, overall = cue_prior(data)
    # held out: fit on the first half of dev, measure on the second (the table by kind is measured the same way)
    half = fit(first)
    X1, y1 = design(first, prior, overall)
    X2, y2 = design(second, prior, overall)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(X1, y1)
    table2 = np.array([half.get(kind_of(p), 0.5) for run in second for p in run.merged])
    held = {"fit_on": f"first half of PolNeAR dev ({len(first)} articles, {len(y1)} attributions)",
            "measured_on": f"second half ({len(second)} articles, {len(y2)} attributions)",
            "model": scores(lr.predict_proba(X2)[:, 1], y2), "table_by_kind": scores(table2, y2)}
    # and the other way round (second half fits, first half measures)
    back = LogisticRegression(C=1.0, max_iter=2000).fit(X2, y2)
    table_back = fit(second)
    table1 = np.array([table_back.get(kind_of(p), 0.5) for run in first for p in run.merged])
    held["reversed"] = {"model": scores(back.predict_proba(X1)[:, 1], y1), "table_by_kind": scores(table1, y1)}
    # the default floor: the lowest within 0.002 of the best mean held-out F1 over both directions, a quote counting
    # as right only when its source is right too (a quote shown with the wrong speaker misleads more than a missing
    # one helps); the curve of `unspin bench polnear`'s measure (content matched) is kept for the record: it is flat
    # up to about 0.35 and would show everything
    floors = [round(f, 2) for f in np.arange(0.0, 0.51, 0.05)]
    curves: dict[str, dict[float, list[float]]] = {"content": {f: [] for f in floors}, "content_and_source": {f: [] for f in floors}}
    for p_held, y_held, part in ((lr.predict_proba(X2)[:, 1], y2, second), (back.predict_proba(X1)[:, 1], y1, first)):
        gold = sum(len(run.gold) for run in part)
        matched = np.array([int(any(q is m for m, _ in run.matched)) for run in part for q in run.merged])
        # which gold attribution each reading gets right (-1: none), numbered across the articles: recall counts
        # each gold attribution once however many readings fall inside it
        offsets = np.cumsum([0] + [len(run.gold) for run in part])
        which = np.array([offsets[i] + right.get(id(q), -offsets[i] - 1) for i, run in enumerate(part)
                          for right in (right_ones(run),) for q in run.merged])
        for f in floors:
            keep = p_held >= f
            tp = float(matched[keep].sum())
            prec, rec = tp / max(1, int(keep.sum())), tp / max(1, gold)
            curves["content"][f].append(2 * prec * rec / max(1e-9, prec + rec))
            prec = float(y_held[keep].sum()) / max(1, int(keep.sum()))
            rec = len(set(which[keep & (which >= 0)].tolist())) / max(1, gold)
            curves["content_and_source"][f].append(2 * prec * rec / max(1e-9, prec + rec))
    mean = {f: float(np.mean(v)) for f, v in curves["content_and_source"].items()}
    floor = min(f for f in floors if mean[f] >= max(mean.values()) - 0.002)  # a plateau: hide the fewest
    held["floors_mean_f1"] = {name: {str(f): round(float(np.mean(v)), 4) for f, v in c.items()} for name, c in curves.items()}
    X, y = np.concatenate([X1, X2]), np.concatenate([y1, y2])
    final = LogisticRegression(C=1.0, max_iter=2000).fit(X, y)
    out = {"table": fit(runs), "default": 0.5, "min_confidence": floor,
           "model": {"features": list(CONFIDENCE_FEATURES), "coef": [round(float(c), 5) for c in final.coef_[0]],
                     "bias": round(float(final.intercept_[0]), 5), "cue_default": round(overall, 5),
                     "cue_prior": dict(sorted(prior.items()))},
           "held_out": held,
           "note": "right = content matched (Jaccard >= 0.5) or inside a gold content (80%), and source span right; the table (keys direct|named|span) "
                   "is what a model without 'model' reads; cue_prior from PolNeAR train gold cues"}
    print(json.dumps({k: v for k, v in out.items() if k != "model"} | {"coef": out["model"]["coef"],
                                                                         "cue_words": len(prior)}, indent=1))
    path = ROOT / "src/unspin/models/attribution/confidence.json" if args.install else ROOT / "runs/quote_confidence.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
