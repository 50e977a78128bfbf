"""Fit the quote analyser's confidence table on PolNeAR dev: how often an attribution of each kind is right.

    python training/quote_confidence.py [--data ../shared/data/polnear] [--install]

Right = its content matches a gold attribution (character Jaccard ≥ 0.5, one-to-one, the `unspin bench polnear`
measure) and its source span overlaps the gold source (both absent counts). Kinds: direct or reported, speaker
named or not, a source span or none. The table is fitted on the first half of dev and its expected calibration
error (10 bins) measured on the second half; the shipped table is then refitted on all of dev. Laplace-smoothed
rates. Writes runs/quote_confidence.json (``--install``: src/unspin/models/attribution/confidence.json).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.analysers.quotes import kind_of  # noqa: E402
from unspin.analysers.quotes.evaluation import Run, dev_runs  # noqa: E402


def right_ones(run: Run) -> set[int]:
    return {id(p) for p, g in run.matched if (p.source is None and g.source is None)
            or (p.source and g.source and min(p.source[1], g.source[1]) > max(p.source[0], g.source[0]))}


def fit(runs: list[Run]) -> dict[str, float]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for run in runs:
        right = right_ones(run)
        for p in run.merged:
            counts[kind_of(p)][0] += id(p) in right
            counts[kind_of(p)][1] += 1
    return {k: round((a + 1) / (n + 2), 4) for k, (a, n) in sorted(counts.items())}


def ece(table: dict[str, float], runs: list[Run], default: float) -> float:
    conf, ok = [], []
    for run in runs:
        right = right_ones(run)
        for p in run.merged:
            conf.append(table.get(kind_of(p), default))
            ok.append(id(p) in right)
    c, y = np.array(conf), np.array(ok, float)
    bins = np.minimum((c * 10).astype(int), 9)
    return float(sum(abs(c[bins == b].mean() - y[bins == b].mean()) * (bins == b).sum() for b in range(10) if (bins == b).any()) / len(c))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    ap.add_argument("--install", action="store_true")
    args = ap.parse_args()
    runs = dev_runs(args.data)
    first, second = runs[0::2], runs[1::2]
    half = fit(first)
    out = {"table": fit(runs), "default": 0.5,
           "held_out": {"fit_on": f"first half of PolNeAR dev ({len(first)} articles)",
                        "measured_on": f"second half ({len(second)} articles)",
                        "ece_fitted": round(ece(half, second, 0.5), 4)},
           "note": "right = content matched (Jaccard >= 0.5) and source span right; keys: direct|named|span"}
    print(json.dumps(out, indent=1))
    path = ROOT / "src/unspin/models/attribution/confidence.json" if args.install else ROOT / "runs/quote_confidence.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
