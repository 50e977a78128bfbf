"""Pseudo-labels for self-training the technique model on unlabelled PTC articles (issue #14).

    python training/technique_pseudo.py --data ../shared/data/ptc --out runs/pseudo.json

The shipped technique model reads the 90 unlabelled PTC test articles; its spans at the tagger's threshold become
silver spans (labelled with the model's most likely technique), the word pieces it is unsure of (span probability
between ``--low`` and the threshold) are left out of the token loss, and the rest are silver negatives.
``training/techniques.py --pseudo runs/pseudo.json`` trains on them beside the gold articles.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--low", type=float, default=0.1, help="pieces between this and the threshold are not trained on")
    ap.add_argument("--min-label", type=float, default=0.0,
                    help="a silver span teaches the span head only when its label probability reaches this")
    args = ap.parse_args(argv)

    from unspin.analysers.techniques import load_tagger
    from unspin.bench.ptc import read_articles
    from unspin.progress import Progress

    tagger = load_tagger()
    texts = read_articles(args.data / "test-articles-unlabeled")
    out = {}
    progress = Progress(len(texts))
    for aid, text in texts.items():
        enc = tagger.encode_many([text])[0]
        found = tagger.find_spans(enc)
        spans = []
        if found:
            probs = tagger.classify(enc, [(g.start, g.end) for g in found])
            for g, p in zip(found, probs):
                k = int(np.argmax(p))
                spans.append([tagger.labels[k], g.start, g.end, round(float(p[k]), 4)])
        prob = enc["span_prob"]
        unsure = np.nonzero((prob >= args.low) & (prob < tagger.threshold))[0]
        ignore = [[int(enc.offsets[i][0]), int(enc.offsets[i][1])] for i in unsure.tolist()]
        out[aid] = {"spans": spans, "ignore": ignore}
        progress.step()
    progress.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"threshold": tagger.threshold, "low": args.low, "min_label": args.min_label,
                                    "articles": out}))
    n = sum(len(v["spans"]) for v in out.values())
    print(f"{len(out)} articles, {n} silver spans -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
