"""Conspiracy stack: a logistic regression over the comment classifier's outputs and word/character n-grams.

    python training/conspiracy_stack.py --data ../shared/data --out runs/conspiracy_stack [--install]

The tail's conspiracy head reads the first 128 word pieces of a comment through a frozen trunk; PAN's Telegram
messages run to several hundred words, and the words of a conspiracy frame ("the deep state", "plandemic", "they
knew") are where the head's pooled states are weakest. The stack reads the same dense inputs as the antisemitism stack
(the tail's raw label, target and extra-head logits and the agent tagger's top piece probability, computed exactly
as ``CommentModel.classify`` computes them: respelt, one comment a call) plus TF-IDF of word uni/bigrams and in-word
character 3-5-grams of the whole comment (``unspin.inference.ngrams``), and gives the probability of conspiracy talk.
At run time it replaces the head's probability; the agent condition of ``analysers.comments.judge`` stays.

Data: PAN 2024 oppositional thinking, English (Korenčić et al.; CC BY-SA 4.0; 696 messages here) and the
COVID-vaccine conspiracy comments (Amin et al. 2022; MIT), split by a hash of the id as in training/comments_v2.py
(70% train, 10% dev, 20% held out). The dev part alone (about 70 PAN messages) is too small to choose on, so the
vocabulary size, C, whether the COVID comments stay among the rows, the Platt scaling and the runtime threshold are all
chosen by 5-fold cross-validation over train + dev (out-of-fold probabilities, MCC on the PAN rows with the runtime's
agent condition). The held-out part is scored once, with the runtime itself.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from antisemitism_stack import design, save_stack, vocabulary  # noqa: E402
from comments_v2 import load_extra  # noqa: E402

from unspin.inference.ngrams import ngram_counts  # noqa: E402

AGENT_COLUMN = 26  # stack_features: 3 label + 21 target + 2 extra logits, then the agent tagger's top probability


def mcc(y: np.ndarray, p: np.ndarray) -> float:
    tp = float(((y == 1) & (p == 1)).sum())
    tn = float(((y == 0) & (p == 0)).sum())
    fp = float(((y == 0) & (p == 1)).sum())
    fn = float(((y == 1) & (p == 0)).sum())
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


def dense_inputs(texts: list[str], model_dir: Path) -> np.ndarray:
    """The dense stack inputs of each text, as ``CommentModel.classify`` computes them (respelt, one comment a call)."""
    from unspin.analysers.comment_model import CommentModel, normalise_spelling, stack_features
    from unspin.inference.sentences import load_encoder

    model = CommentModel(model_dir, use_stack=False)
    enc = load_encoder()
    out = []
    t0 = time.time()
    for k, text in enumerate(texts):
        norm = normalise_spelling(text)[0]
        cut = norm[: model.max_tokens * 12]
        h, e = enc.states([cut], batch_size=1)[0]
        h = h[: model.max_tokens]
        lab, tgt, ext = model.all_logits([h], batch_size=1)
        top = np.array([model._agents(h, e, norm)[0]])
        out.append(stack_features(lab, tgt, ext, top, None))
        if (k + 1) % 50 == 0 or k + 1 == len(texts):
            rate = (k + 1) / max(time.time() - t0, 1e-6)
            print(f"\rfeatures {k + 1}/{len(texts)} ({rate:.1f}/s, ETA {(len(texts) - k - 1) / rate:.0f} s)", end="",
                  file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return np.concatenate(out)


def folds(ids: list[str], k: int = 5) -> np.ndarray:
    return np.array([int(hashlib.sha1(f"fold-{i}".encode()).hexdigest(), 16) % k for i in ids])


def best_threshold(y: np.ndarray, p: np.ndarray, agent_ok: np.ndarray) -> tuple[float, float]:
    """The threshold with the highest MCC of the runtime's decision (probability and the agent condition), taken as
    the middle of the widest run of thresholds within 0.01 of the best (a single best point on a few hundred
    messages is noise)."""
    ts = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = np.array([mcc(y, ((p >= t) & agent_ok).astype(int)) for t in ts])
    good = scores >= scores.max() - 0.01
    runs, start = [], None
    for i, g in enumerate(list(good) + [False]):
        if g and start is None:
            start = i
        if not g and start is not None:
            runs.append((start, i - 1))
            start = None
    a, b = max(runs, key=lambda r: (r[1] - r[0], scores[r[0] : r[1] + 1].max()))
    mid = (a + b) // 2
    return float(ts[mid]), float(scores[mid])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "conspiracy_stack")
    ap.add_argument("--caps", type=int, nargs="+", default=[2000, 5000, 10000])
    ap.add_argument("--install", action="store_true", help="copy the stack and threshold into src/unspin/models/comments")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    shipped = ROOT / "src" / "unspin" / "models" / "comments"
    config = json.loads((shipped / "config.json").read_text())
    agent_threshold = float(config.get("agent_threshold", 0.0))
    rows = [r for r in load_extra(args.data) if r["task"] == "conspiracy"]
    texts = [r["text"] for r in rows]
    cache = out / f"dense_{len(rows)}.npy"
    if not cache.exists():
        np.save(cache, dense_inputs(texts, shipped))
    dense = np.load(cache)
    y = np.array([r["y"] for r in rows])
    part = np.array([r["part"] for r in rows])
    pan = np.array([r["id"].startswith("pan-") for r in rows])
    agent_ok = dense[:, AGENT_COLUMN] >= agent_threshold
    from unspin.analysers.comment_model import normalise_spelling

    counts = [ngram_counts(normalise_spelling(t)[0]) for t in texts]  # the words as the runtime reads them
    word, char = [c[0] for c in counts], [c[1] for c in counts]
    fit_idx = np.where(part != "test")[0]
    fold = folds([rows[i]["id"] for i in fit_idx])
    log: dict = {"rows": {"fit": len(fit_idx), "fit_pan": int(pan[fit_idx].sum()), "held_out": int((part == "test").sum()),
                          "held_out_pan": int((pan & (part == "test")).sum())}, "grid": []}
    # the head alone, read the runtime's way, on the same out-of-fold rows (no fitting: the baseline)
    head = 1 / (1 + np.exp(-dense[:, 25]))
    sel = fit_idx[pan[fit_idx]]
    thr0, m0 = best_threshold(y[sel], head[sel], agent_ok[sel])
    log["head_alone_cv_pan_mcc"] = round(m0, 4)
    log["head_alone_threshold"] = thr0
    print(f"head alone: PAN MCC {m0:.3f} at {thr0}", flush=True)
    best: dict = {"mcc": -1.0}
    for covid in (True, False):
        for cap in args.caps:
            for C in (0.1, 0.3, 1.0, 3.0):
                oof = np.zeros(len(fit_idx))
                for f in range(5):
                    tr = fit_idx[(fold != f) & (covid | pan[fit_idx])]
                    te = fit_idx[fold == f]
                    vocab = (vocabulary([word[i] for i in tr], 2, cap), vocabulary([char[i] for i in tr], 3, cap))
                    X, _, _ = design(dense, word, char, vocab, tr)
                    lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X[tr], y[tr])
                    oof[fold == f] = lr.decision_function(X[te])
                on = pan[fit_idx]
                prob = 1 / (1 + np.exp(-oof))
                thr, m = best_threshold(y[fit_idx][on], prob[on], agent_ok[fit_idx][on])
                log["grid"].append({"covid_rows": covid, "vocabulary_cap": cap, "C": C, "cv_pan_mcc": round(m, 4)})
                print(f"covid {covid} cap {cap} C {C}: CV PAN MCC {m:.3f}", flush=True)
                if m > best["mcc"]:
                    best = {"mcc": m, "covid": covid, "cap": cap, "C": C, "oof": oof}
    # Platt scaling on the out-of-fold decision values (PAN and COVID rows), then the runtime threshold on them
    z = best["oof"].reshape(-1, 1)
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(z, y[fit_idx])
    slope, intercept = float(platt.coef_[0][0]), float(platt.intercept_[0])
    p_cal = 1 / (1 + np.exp(-(slope * z[:, 0] + intercept)))
    on = pan[fit_idx]
    thr, cv_mcc = best_threshold(y[fit_idx][on], p_cal[on], agent_ok[fit_idx][on])
    bins = np.minimum((p_cal * 10).astype(int), 9)
    yf = y[fit_idx]
    ece = sum(abs(p_cal[bins == b].mean() - yf[bins == b].mean()) * (bins == b).mean() for b in range(10) if (bins == b).any())
    # the final stack on every fitting row
    tr = fit_idx if best["covid"] else fit_idx[pan[fit_idx]]
    vocab = (vocabulary([word[i] for i in tr], 2, best["cap"]), vocabulary([char[i] for i in tr], 3, best["cap"]))
    X, widf, cidf = design(dense, word, char, vocab, tr)
    lr = LogisticRegression(C=best["C"], max_iter=5000, class_weight="balanced").fit(X[tr], y[tr])
    save_stack(out / "conspiracy.npz", lr, dense.shape[1], vocab, (widf, cidf), (slope, intercept), False)
    # the runtime with this stack, on the held-out part, once
    model_dir = out / "model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    shutil.copytree(shipped, model_dir)
    shutil.copy(out / "conspiracy.npz", model_dir / "conspiracy.npz")
    run_config = json.loads((model_dir / "config.json").read_text())
    run_config["conspiracy_threshold"] = thr
    (model_dir / "config.json").write_text(json.dumps(run_config, indent=2) + "\n")
    from unspin.analysers.comment_model import CommentModel
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    def flags(model: CommentModel, idx: np.ndarray) -> np.ndarray:
        got = []
        for i in idx:
            v = model.classify([texts[i]], rationale=False)[0]
            r = judge(0, Segment("comment", 0, len(texts[i])), texts[i], v, model.conspiracy_threshold,
                      model.antisemitism_threshold, model.jewish_target_floor, model.agent_threshold)
            got.append(int(r.conspiracy))
        return np.array(got)

    held = np.where(part == "test")[0]
    new, old = CommentModel(model_dir), CommentModel(shipped)
    held_new, held_old = flags(new, held), flags(old, held)
    hp, hc = pan[held], ~pan[held]
    metrics = {
        "covid_rows": best["covid"], "vocabulary_cap": best["cap"], "C": best["C"], "word_terms": len(vocab[0]),
        "char_terms": len(vocab[1]), "cv_pan_mcc_raw": round(best["mcc"], 4), "platt": [round(slope, 4), round(intercept, 4)],
        "cv_ece_after_platt": round(float(ece), 4), "conspiracy_threshold": thr, "cv_pan_mcc_at_threshold": round(cv_mcc, 4),
        "held_out_pan_mcc": round(mcc(y[held][hp], held_new[hp]), 4),
        "held_out_pan_mcc_shipped_before": round(mcc(y[held][hp], held_old[hp]), 4),
        "held_out_covid_mcc": round(mcc(y[held][hc], held_new[hc]), 4),
        "held_out_covid_mcc_shipped_before": round(mcc(y[held][hc], held_old[hc]), 4),
        **log,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(json.dumps({k: v for k, v in metrics.items() if k != "grid"}, indent=2))
    if args.install:
        shutil.copy(out / "conspiracy.npz", shipped / "conspiracy.npz")
        config["conspiracy_threshold"] = thr
        (shipped / "config.json").write_text(json.dumps(config, indent=2) + "\n")
        (shipped / "conspiracy_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
