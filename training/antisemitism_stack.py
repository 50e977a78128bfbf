"""Antisemitism stack: a logistic regression over the comment classifier's outputs and word/character n-grams.

    python training/antisemitism_stack.py --data ../shared/data --out runs/antisemitism_stack [--install]

The tail's antisemitism head (training/comments_v2.py) reaches F1 0.60 on held-out ISCA tweets; a fully fine-tuned
MiniLM trained on ISCA alone reaches about 0.65 (the ceiling of this encoder size here), so the words themselves
carry what the pooled states lose. Inputs per comment (``CommentModel`` computes them the same way at run time):
the tail's raw label, target and extra-head logits, the agent tagger's top piece probability
(``stack_features``), and TF-IDF over word uni/bigrams and in-word character 3-5-grams (``unspin.inference.ngrams``).

Data: ISCA tweets (Jikeli et al. 2023; CC BY 4.0), split by a hash of the id as in training/comments_v2.py: 70% train
(the regression), 10% dev (C, the vocabulary size, then the runtime thresholds), 20% held out (scored once). With
``--hatexplain`` HateXplain train posts (hateful or offensive with a Jewish target = antisemitic) are added to the
regression's training rows; dev decides whether they stay.

The runtime thresholds (``antisemitism_threshold``: the stack alone makes a comment antisemitic; ``jewish_target_floor``:
the label classifier's own Jewish target stands only when the tail's own head reaches it) are chosen on the dev part with the runtime's own
verdicts (``analysers.comments.judge``), and the held-out F1 uses the definition of issue #16: hatespeech, or
offensive with a target, with Jewish among the targets.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from comments_v2 import f1_bin, load_extra  # noqa: E402

from unspin.inference.ngrams import ngram_counts  # noqa: E402


def runtime_inputs(texts: list[str], model_dir: Path, vectors: bool = False) -> np.ndarray:
    """The dense stack features of each text, computed as ``CommentModel.classify`` does (with ``vectors``: the
    frozen encoder's sentence vector appended, from the same pass)."""
    from unspin.analysers.comment_model import CommentModel, normalise_spelling, stack_features
    from unspin.inference.sentences import load_encoder

    model = CommentModel(model_dir, use_stack=False)
    enc = load_encoder()
    out = []
    t0 = time.time()
    step = 64
    for k in range(0, len(texts), step):
        chunk = [normalise_spelling(t)[0] for t in texts[k : k + step]] if vectors else texts[k : k + step]
        if vectors:  # one comment a call, as the runtime reads them
            states, vecs = enc.states_and_vectors([t[: model.max_tokens * 12] for t in chunk], batch_size=1)
        else:
            states, vecs = enc.states([t[: model.max_tokens * 12] for t in chunk]), None
        states = [(h[: model.max_tokens], e) for h, e in states]
        lab, tgt, ext = model.all_logits([h for h, _ in states], batch_size=1 if vectors else 64)
        top = np.array([model._agents(h, e, t)[0] for (h, e), t in zip(states, chunk)])
        out.append(stack_features(lab, tgt, ext, top, vecs))
        done = k + len(chunk)
        rate = done / max(time.time() - t0, 1e-6)
        print(f"\rfeatures {done}/{len(texts)} ({rate:.0f}/s, ETA {(len(texts) - done) / rate:.0f} s)", end="",
              file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return np.concatenate(out)


def vocabulary(counts: list, min_df: int, cap: int) -> list[str]:
    df: dict[str, int] = {}
    for c in counts:
        for t in c:
            df[t] = df.get(t, 0) + 1
    terms = [t for t, n in df.items() if n >= min_df]
    return sorted(terms, key=lambda t: (-df[t], t))[:cap]


def tfidf(counts: list, terms: list[str], n_docs: int, df_counts: list) -> tuple:  # type: ignore[type-arg]
    """Sparse TF-IDF (sublinear, smooth IDF from ``df_counts``, unit rows) over ``terms``, and the IDF vector."""
    from scipy.sparse import csr_matrix

    index = {t: i for i, t in enumerate(terms)}
    df = np.zeros(len(terms))
    for c in df_counts:
        for t in c:
            if t in index:
                df[index[t]] += 1
    idf = np.log((1 + n_docs) / (1 + df)) + 1.0
    rows, cols, vals = [], [], []
    for r, c in enumerate(counts):
        items = [(index[t], (1.0 + np.log(n)) * idf[index[t]]) for t, n in c.items() if t in index]
        if not items:
            continue
        norm = float(np.sqrt(sum(v * v for _, v in items)))
        for i, v in items:
            rows.append(r)
            cols.append(i)
            vals.append(v / norm)
    return csr_matrix((vals, (rows, cols)), shape=(len(counts), len(terms))), idf


def design(dense: np.ndarray, word: list, char: list, vocab: tuple, train_idx: np.ndarray) -> tuple:  # type: ignore[type-arg]
    from scipy.sparse import csr_matrix, hstack

    wm, widf = tfidf(word, vocab[0], len(train_idx), [word[i] for i in train_idx])
    cm, cidf = tfidf(char, vocab[1], len(train_idx), [char[i] for i in train_idx])
    return hstack([csr_matrix(dense), wm, cm]).tocsr(), widf, cidf


def save_stack(path: Path, lr: object, dense_width: int, vocab: tuple, idf: tuple, platt: tuple[float, float],  # type: ignore[type-arg]
               reads_vectors: bool) -> None:
    """Write a fitted stack as ``unspin.inference.ngrams.NgramModel`` reads it: the regression's coefficients split
    into the dense inputs and the word and character blocks (with their terms and IDF), its bias and the Platt
    scaling."""
    coef = lr.coef_[0]  # type: ignore[attr-defined]
    nd, nw = dense_width, len(vocab[0])
    np.savez_compressed(
        path,
        word_terms=np.array("\n".join(vocab[0])), word_idf=idf[0].astype(np.float32),
        word_coef=coef[nd : nd + nw].astype(np.float32),
        char_terms=np.array("\n".join(vocab[1])), char_idf=idf[1].astype(np.float32),
        char_coef=coef[nd + nw :].astype(np.float32),
        dense_coef=coef[:nd].astype(np.float32), bias=np.float32(lr.intercept_[0]),  # type: ignore[attr-defined]
        platt=np.array(platt, np.float32), reads_vectors=np.array(reads_vectors),
    )


def best_f1(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    ts = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = [f1_bin(y, (p >= t).astype(int)) for t in ts]
    k = int(np.argmax(scores))
    return float(ts[k]), float(scores[k])


def classified(texts: list[str], model_dir: Path) -> tuple[list, object]:  # type: ignore[type-arg]
    from unspin.analysers.comment_model import CommentModel

    model = CommentModel(model_dir)
    model.jewish_target_floor = 0.0  # applied per threshold pair in ``antisemitic``, as ``classify`` would
    out = []
    for k in range(0, len(texts), 64):
        out += model.classify(texts[k : k + 64], rationale=False)
    return out, model


def antisemitic(texts: list[str], verdicts: list, model: object, thr: float, floor: float) -> np.ndarray:  # type: ignore[type-arg]
    """The runtime's verdicts (``judge``) at these thresholds: 1 where the comment comes out antisemitic."""
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    m = model
    out = []
    for t, v in zip(texts, verdicts):
        if "Jewish" in v.targets and v.antisemitism_support is not None and v.antisemitism_support < floor:
            v = replace(v, targets={k: p for k, p in v.targets.items() if k != "Jewish"})
        out.append(int(judge(0, Segment("comment", 0, len(t)), t, v, m.conspiracy_threshold, thr, floor,  # type: ignore[attr-defined]
                             m.agent_threshold).antisemitic))  # type: ignore[attr-defined]
    return np.array(out)


def glossary_rows(path: Path) -> list[dict]:
    """The dogwhistle glossary's covert meanings as training rows: each meaning of an antisemitic term that states a
    trope ("Jewish people control all the money") is antisemitic; the meanings of terms aimed at other groups are not
    (they teach that "control" or "elite" alone is not the signal). Meanings that only name a group ("Jewish people")
    or describe the signal ("Antisemitic signal that ...") are left out: neither is a comment anyone writes."""
    import csv

    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for k, r in enumerate(csv.DictReader(fh, delimiter="\t")):
            meaning = " ".join(r["Covert (in-group) meaning"].split())
            words = meaning.split()
            if len(words) < 4 or words[0].lower() in {"antisemitic", "symbol", "signal", "self-referential"}:
                continue
            if meaning.lower().startswith(("the person", "person who", "notices")):
                continue  # says who is meant, not what is claimed
            y = int("antisemit" in r["Persona/In-Group"].lower() or "jew" in meaning.lower())
            rows.append({"id": f"dogwhistle-{k}", "text": meaning, "y": y, "part": "train", "task": "glossary"})
    return rows


def glossary_examples(path: Path) -> list[dict]:
    """The glossary's example of each term in use ("Linguistic Context": a post, a speech, an ad): an example of an
    antisemitic term is antisemitic, an example of a term aimed at another group is not. They teach the codes
    themselves in context ("ZOG", "Rothschilds", "(((…)))"), which ISCA's tweets seldom use."""
    import csv

    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for k, r in enumerate(csv.DictReader(fh, delimiter="\t")):
            text = " ".join((r["Linguistic Context"] or "").split())
            if len(text.split()) < 5 or text.startswith("["):  # "[Trump closing campaign ad that shows …]": a description
                continue
            y = int(r["Persona/In-Group"].strip().lower() == "antisemitic")
            rows.append({"id": f"dogwhistle-example-{k}", "text": text, "y": y, "part": "train", "task": "examples"})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "antisemitism_stack")
    ap.add_argument("--hatexplain", action="store_true", help="add HateXplain train posts to the regression's rows")
    ap.add_argument("--hx-weight", type=float, default=1.0, help="sample weight of the HateXplain rows")
    ap.add_argument("--glossary", action="store_true",
                    help="add the dogwhistle glossary's covert meanings to the regression's training rows")
    ap.add_argument("--glossary-weight", type=float, default=3.0, help="sample weight of the glossary rows")
    ap.add_argument("--examples", action="store_true",
                    help="add the glossary's examples of each term in use (antisemitic terms' examples are antisemitic)")
    ap.add_argument("--example-weight", type=float, default=1.0, help="sample weight of the example rows")
    ap.add_argument("--caps", type=int, nargs="+", default=[4000, 10000, 40000],
                    help="vocabulary sizes (word and character n-grams each) to try on dev")
    ap.add_argument("--veto", choices=("head", "stack", "either"), default="head",
                    help="which detector's probability keeps the label classifier's Jewish target (jewish_target_veto)")
    ap.add_argument("--vectors", action="store_true",
                    help="add the frozen sentence encoder's vector of each comment to the dense inputs (read as the "
                         "runtime reads them: respelt, one comment a call)")
    ap.add_argument("--install", action="store_true", help="copy the stack and thresholds into src/unspin/models/comments")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    shipped = ROOT / "src" / "unspin" / "models" / "comments"
    rows = [r for r in load_extra(args.data) if r["task"] == "antisemitism"]
    if args.hatexplain:
        from comments import load as load_hatexplain

        from unspin.analysers.comment_model import LABELS

        hx_train, _ = load_hatexplain(args.data / "hatexplain")
        normal = LABELS.index("normal")
        rows += [{"id": f"hx-{k}", "text": p["text"], "y": int(p["label"] != normal and "Jewish" in p["targets"]),
                  "part": "train", "task": "hatexplain"} for k, p in enumerate(hx_train)]
    if args.glossary:
        rows += glossary_rows(args.data / "dogwhistles" / "glossary.tsv")
    if args.examples:
        rows += glossary_examples(args.data / "dogwhistles" / "glossary.tsv")
    texts = [r["text"] for r in rows]
    parts = []  # the dense inputs, cached per source (the trunk pass is the slow part)
    for task in dict.fromkeys(r["task"] for r in rows):
        idx = [k for k, r in enumerate(rows) if r["task"] == task]
        cache = out / f"dense_{task}_{len(idx)}{'_vectors' if args.vectors else ''}.npy"
        if not cache.exists():
            np.save(cache, runtime_inputs([texts[k] for k in idx], shipped, args.vectors))
        parts.append(np.load(cache))
    dense = np.concatenate(parts)
    y = np.array([r["y"] for r in rows])
    part = np.array([r["part"] for r in rows])
    weight = {"hatexplain": args.hx_weight, "glossary": args.glossary_weight, "examples": args.example_weight}
    w = np.array([weight.get(r["task"], 1.0) for r in rows])
    tr, dv, te = np.where(part == "train")[0], np.where(part == "dev")[0], np.where(part == "test")[0]
    counts = [ngram_counts(t) for t in texts]
    word, char = [c[0] for c in counts], [c[1] for c in counts]
    log: dict = {"rows": {"train": len(tr), "dev": len(dv), "held_out": len(te)}, "grid": []}
    best: dict = {"f1": -1.0}
    for cap in args.caps:
        vocab = (vocabulary([word[i] for i in tr], 2, cap), vocabulary([char[i] for i in tr], 3, cap))
        X, widf, cidf = design(dense, word, char, vocab, tr)
        for C in (0.3, 1.0, 3.0):
            lr = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X[tr], y[tr], sample_weight=w[tr])
            p = lr.predict_proba(X[dv])[:, 1]
            thr, f1 = best_f1(y[dv], p)
            log["grid"].append({"vocabulary_cap": cap, "C": C, "dev_f1": round(f1, 4), "threshold": thr})
            print(f"cap {cap} C {C}: dev F1 {f1:.3f} at {thr}", flush=True)
            if f1 > best["f1"]:
                best = {"f1": f1, "cap": cap, "C": C, "lr": lr, "vocab": vocab, "idf": (widf, cidf)}
    lr, vocab, (widf, cidf) = best["lr"], best["vocab"], best["idf"]
    # Platt scaling on the dev part (class-balanced training inflates the probabilities); the runtime thresholds
    # below are chosen on the calibrated scale
    X, _, _ = design(dense, word, char, vocab, tr)
    z = lr.decision_function(X[dv]).reshape(-1, 1)
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(z, y[dv])
    slope, intercept = float(platt.coef_[0][0]), float(platt.intercept_[0])
    p_cal = 1 / (1 + np.exp(-(slope * z[:, 0] + intercept)))
    bins = np.minimum((p_cal * 10).astype(int), 9)
    ece = sum(abs(p_cal[bins == b].mean() - y[dv][bins == b].mean()) * (bins == b).mean() for b in range(10) if (bins == b).any())
    save_stack(out / "antisemitism.npz", lr, dense.shape[1], vocab, (widf, cidf), (slope, intercept), bool(args.vectors))
    # the runtime with this stack: thresholds on dev, then the held-out part once
    model_dir = out / "model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    shutil.copytree(shipped, model_dir)
    shutil.copy(out / "antisemitism.npz", model_dir / "antisemitism.npz")
    run_config = json.loads((model_dir / "config.json").read_text())
    run_config["jewish_target_veto"] = args.veto
    (model_dir / "config.json").write_text(json.dumps(run_config, indent=2) + "\n")
    isca = [r for r in rows if r["task"] == "antisemitism"]
    dev_rows = [r for r in isca if r["part"] == "dev"]
    test_rows = [r for r in isca if r["part"] == "test"]
    dev_texts, test_texts = [r["text"] for r in dev_rows], [r["text"] for r in test_rows]
    dev_v, model = classified(dev_texts, model_dir)
    y_dev = np.array([r["y"] for r in dev_rows])
    # every (threshold, floor) pair on a 0.025 grid, scored by the mean dev F1 of its 3 x 3 neighbourhood: 574 dev
    # tweets (about 100 antisemitic) make single grid points noisy
    steps = np.round(np.arange(0.05, 0.901, 0.025), 3)
    f1s = np.full((len(steps), len(steps)), np.nan)
    for a, thr in enumerate(steps):
        for b, floor in enumerate(steps[: a + 1]):
            f1s[a, b] = f1_bin(y_dev, antisemitic(dev_texts, dev_v, model, float(thr), float(floor)))
    smooth = np.full_like(f1s, np.nan)
    for a in range(len(steps)):
        for b in range(a + 1):
            smooth[a, b] = np.nanmean(f1s[max(0, a - 1) : a + 2, max(0, b - 1) : b + 2])
    a, b = np.unravel_index(np.nanargmax(smooth), smooth.shape)
    thr, floor, dev_f1 = float(steps[a]), float(steps[b]), float(f1s[a, b])
    test_v, _ = classified(test_texts, model_dir)
    y_test = np.array([r["y"] for r in test_rows])
    held_f1 = f1_bin(y_test, antisemitic(test_texts, test_v, model, thr, floor))
    p_test = np.array([v.antisemitism for v in test_v])
    tb = np.minimum((p_test * 10).astype(int), 9)
    held_ece = sum(abs(p_test[tb == b].mean() - y_test[tb == b].mean()) * (tb == b).mean() for b in range(10) if (tb == b).any())
    metrics = {
        "sentence_vectors": bool(args.vectors),
        "glossary_rows": sum(r["task"] == "glossary" for r in rows) if args.glossary else 0,
        "glossary_weight": args.glossary_weight if args.glossary else None,
        "example_rows": sum(r["task"] == "examples" for r in rows), "example_weight": args.example_weight if args.examples else None,
        "jewish_target_veto": args.veto, "hatexplain_rows": bool(args.hatexplain), "hatexplain_weight": args.hx_weight if args.hatexplain else None, "vocabulary_cap": best["cap"], "C": best["C"],
        "word_terms": len(vocab[0]), "char_terms": len(vocab[1]), "stack_dev_f1": round(best["f1"], 4),
        "platt": [round(slope, 4), round(intercept, 4)], "dev_ece_after_platt": round(float(ece), 4),
        "antisemitism_threshold": thr, "jewish_target_floor": floor, "runtime_dev_f1": round(dev_f1, 4),
        "runtime_held_out_f1": round(held_f1, 4), "held_out_ece": round(float(held_ece), 4), "held_out_n": len(test_rows),
        "held_out_antisemitic": int(sum(r["y"] for r in test_rows)), **log,
    }
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(json.dumps({k: v for k, v in metrics.items() if k != "grid"}, indent=2))
    if args.install:
        shutil.copy(out / "antisemitism.npz", shipped / "antisemitism.npz")
        config = json.loads((shipped / "config.json").read_text())
        config.update({"antisemitism_threshold": thr, "jewish_target_floor": floor, "jewish_target_veto": args.veto})
        (shipped / "config.json").write_text(json.dumps(config, indent=2) + "\n")
        (shipped / "antisemitism_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
