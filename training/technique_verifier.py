"""Technique verifier: a second stage that turns each technique finding's raw scores into a calibrated confidence.

    python training/technique_verifier.py collect   # ≈10 min on 2 cores: the shipped analysis over four sets
    python training/technique_verifier.py fit       # seconds: choose settings by grouped CV, fit, evaluate once

The technique model (span finder x span classifier) finds spans in sober reporting almost as often as in
propaganda, and its raw product ``span x label`` is not a probability of being right. The verifier is a logistic
regression over features of each finding (the two raw scores, the technique, length, repetitions, the voice, the
span's pooled hidden state reduced by PCA, and the article's overall span density) trained to predict "a gold
span of the same technique overlaps this finding" (the issue's definition of right). Data:

* PTC articles the technique model never trained on (its 37 dev-split articles, ``dev_split.json``), gold labels;
* mainstream news (PolNeAR *train*: nyt, wash-post, usa-today, politico; 480 articles) as weak negatives: a
  finding there counts as wrong (sober wire-style reporting; some true loaded words are lost, on purpose).

Settings (C, PCA size, mainstream weight) are chosen by 5-fold CV grouped by article on those two sets only.
Never tuned on, and reported once: PolNeAR *dev* mainstream articles (48) and the 90 unlabelled PTC test articles
(their author-voice density; no labels needed), for the mainstream / propaganda ratio. The fitted calibrated
verifier (``verifier.npz``, a few KB) is written to ``--out`` and, with ``--install``, into the package.
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

MAINSTREAM = ("nyt", "wash-post", "usa-today", "politico")


def sets(data: Path) -> dict[str, dict[str, str]]:
    from unspin.bench.ptc import read_articles

    ptc = read_articles(data / "ptc" / "train-articles")
    dev_ids = json.loads((ROOT / "src/unspin/models/techniques/dev_split.json").read_text())["dev_articles"]
    out = {
        "ptc_dev": {k: ptc[k] for k in dev_ids},
        "ptc_train": {k: v for k, v in ptc.items() if k not in set(dev_ids)},
        "ptc_unlabelled": read_articles(data / "ptc" / "test-articles-unlabeled"),
    }
    for split, name in (("train", "mainstream_train"), ("dev", "mainstream_dev")):
        folder = data / "polnear" / split / "text"
        out[name] = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())
                     if p.name.split("_")[0] in MAINSTREAM}
    return out


def collect(data: Path, out: Path) -> None:
    from unspin import api, pipeline
    from unspin.analysers.techniques import article_stats, span_vector
    from unspin.report import article_words

    chosen = api.selection(api.Options(only=["techniques"]))
    analyser = pipeline.component("techniques")
    rows: dict[str, list] = {}
    for name, articles in sets(data).items():
        t0 = time.time()
        docs = (api.document_of(api.article_of(api.Text(t), api.Options()), api.Options()) for t in articles.values())
        recs = []
        for n, (aid, doc) in enumerate(zip(articles, pipeline.pipe(docs, chosen, batch_size=4)), 1):
            enc = doc.annotations.states
            assert enc is not None
            found = analyser.candidates(doc)  # every candidate, before one of each overlapping technique is kept
            stats = article_stats(doc, len(found))
            spans = []
            seen_span: dict[tuple[int, int], int] = {}
            for t in found:
                key = (t.start, t.end)
                rank = seen_span.get(key, -1) + 1
                seen_span[key] = rank
                spans.append({"label": t.label, "start": t.start, "end": t.end, "span": t.span_confidence,
                              "lab": t.label_confidence, "voice": t.voice, "rank": rank,
                              "text": doc.text[t.start:t.end],
                              "vec": span_vector(enc, t.start, t.end).astype(np.float16)})
            recs.append({"id": aid, "words": article_words(doc), "mean_prob": stats.mean_prob,
                         "frac_hot": stats.frac_hot, "spans": spans})
            if n % 20 == 0 or n == len(articles):
                rate = n / (time.time() - t0)
                print(f"{name}: {n}/{len(articles)} {rate:.2f} art/s, ETA {(len(articles) - n) / rate:.0f} s", flush=True)
        rows[name] = recs
    out.mkdir(parents=True, exist_ok=True)
    import pickle

    with (out / "candidates.pkl").open("wb") as fh:
        pickle.dump(rows, fh)


# -- features -------------------------------------------------------------------------------------------------

def gold_of(data: Path) -> dict[str, list[tuple[str, int, int]]]:
    from unspin.bench.ptc import read_labels

    gold: dict[str, list[tuple[str, int, int]]] = {}
    for g in read_labels(data / "ptc" / "train-labels-task2-technique-classification"):
        gold.setdefault(g.article_id, []).append((g.technique, g.start, g.end))
    return gold


def right(span: dict, gold: list[tuple[str, int, int]]) -> int:
    return int(any(lab == span["label"] and s < span["end"] and span["start"] < e for lab, s, e in gold))


def table(recs: list[dict], labels: list[str]) -> tuple[np.ndarray, np.ndarray, list[tuple[int, dict]]]:
    """Scalar features, pooled vectors, and (article index, span) for every finding."""
    from unspin.analysers.technique_verifier import ArticleStats, features

    scal, vecs, where = [], [], []
    for a, r in enumerate(recs):
        stats = ArticleStats(r["mean_prob"], r["frac_hot"], 1000 * len(r["spans"]) / max(r["words"], 1))
        for s in r["spans"]:
            scal.append(features(labels.index(s["label"]), len(labels), s["span"], s["lab"], s["text"],
                                 s["voice"] == "quoted", s["rank"] > 0, stats))
            vecs.append(s["vec"].astype(np.float32))
            where.append((a, s))
    return np.array(scal, np.float32), np.array(vecs, np.float32), where


class Verifier:
    """Standardise -> [scalars, PCA(vector)] -> logistic regression -> Platt scaling. Pure numpy at run time."""

    def __init__(self, C: float, pca: int) -> None:
        self.C, self.pca = C, pca

    def design(self, scal: np.ndarray, vecs: np.ndarray) -> np.ndarray:
        parts = [(scal - self.s_mu) / self.s_sd]
        if self.pca:
            parts.append(((vecs - self.v_mu) @ self.v_pc) / self.v_sd)
        return np.concatenate(parts, axis=1)

    def fit(self, scal: np.ndarray, vecs: np.ndarray, y: np.ndarray, w: np.ndarray,
            cal: np.ndarray | None = None) -> Verifier:
        from sklearn.linear_model import LogisticRegression

        self.s_mu, self.s_sd = scal.mean(0), scal.std(0) + 1e-6
        if self.pca:
            self.v_mu = vecs.mean(0)
            _, _, vt = np.linalg.svd(vecs - self.v_mu, full_matrices=False)
            self.v_pc = vt[: self.pca].T.astype(np.float32)
            self.v_sd = ((vecs - self.v_mu) @ self.v_pc).std(0) + 1e-6
        X = self.design(scal, vecs)
        lr = LogisticRegression(C=self.C, max_iter=2000).fit(X, y, sample_weight=w)
        self.coef, self.bias = lr.coef_[0].astype(np.float32), float(lr.intercept_[0])
        self.a, self.b = 1.0, 0.0
        return self

    def logit(self, scal: np.ndarray, vecs: np.ndarray) -> np.ndarray:
        return self.design(scal, vecs) @ self.coef + self.bias

    def calibrate(self, z: np.ndarray, y: np.ndarray) -> None:
        """Platt scaling on held-out logits (PTC only: what the confidences must mean)."""
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=100.0).fit(z.reshape(-1, 1), y)
        self.a, self.b = float(lr.coef_[0, 0]), float(lr.intercept_[0])

    def prob(self, scal: np.ndarray, vecs: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(self.a * self.logit(scal, vecs) + self.b)))

    def save(self, path: Path, labels: list[str]) -> None:
        arrays = {"s_mu": self.s_mu, "s_sd": self.s_sd, "coef": self.coef,
                  "platt": np.array([self.a, self.b, self.bias], np.float32)}
        if self.pca:
            arrays |= {"v_mu": self.v_mu, "v_pc": self.v_pc, "v_sd": self.v_sd}
        np.savez_compressed(path, **{k: np.asarray(v, np.float32) for k, v in arrays.items()})


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for k in range(bins):
        m = (p >= edges[k]) & ((p < edges[k + 1]) if k < bins - 1 else (p <= 1))
        if m.any():
            total += m.sum() / len(p) * abs(p[m].mean() - y[m].mean())
    return float(total)


def si_score(recs: list[dict], keep: list[list[dict]], gold: dict) -> tuple[float, float, float]:
    """SemEval SI precision/recall/F1 (character overlap) of the kept spans."""
    from unspin.bench.ptc import score_si

    pred = [(r["id"], s["start"], s["end"]) for r, ks in zip(recs, keep) for s in ks]
    g = [(r["id"], s, e) for r in recs for _, s, e in gold.get(r["id"], [])]
    sc = score_si(pred, g)
    return sc.precision, sc.recall, sc.f1


def survivors(where: list[tuple[int, dict]], z: np.ndarray) -> np.ndarray:
    """Which findings the analyser keeps (``best_of_overlapping``): per article, of overlapping findings of one
    technique the one with the highest score (any increasing function of it: logits and Platt probabilities agree)."""
    keep = np.zeros(len(where), bool)
    kept: dict[int, list[dict]] = {}
    for i in sorted(range(len(where)), key=lambda i: -z[i]):
        a, s = where[i]
        if not any(k["label"] == s["label"] and k["start"] < s["end"] and s["start"] < k["end"] for k in kept.get(a, [])):
            kept.setdefault(a, []).append(s)
            keep[i] = True
    return keep


def author_density(recs: list[dict], keep: list[list[dict]]) -> float:
    """Author-voice technique findings per 1,000 words, pooled over articles (as the issue measures it)."""
    n = sum(sum(1 for s in ks if s["voice"] == "author") for ks in keep)
    return 1000 * n / max(1, sum(r["words"] for r in recs))


def fit(data: Path, out: Path, install: bool, mainstream_voices: str = "all") -> None:
    import pickle

    from unspin.analysers.techniques import load_tagger

    labels = load_tagger().labels
    rows = pickle.loads((out / "candidates.pkl").read_bytes())
    gold = gold_of(data)
    P, M = rows["ptc_dev"], rows["mainstream_train"]
    if mainstream_voices == "author":  # a quoted or reported politician's loaded words are no sign of a wrong finding
        M = [{**r, "spans": [s for s in r["spans"] if s["voice"] == "author"]} for r in M]
    sP, vP, wP = table(P, labels)
    sM, vM, wM = table(M, labels)
    yP = np.array([right(s, gold.get(P[a]["id"], [])) for a, s in wP])
    yM = np.zeros(len(wM), int)
    aP = np.array([a for a, _ in wP])
    aM = np.array([a for a, _ in wM])
    rng = np.random.default_rng(13)
    foldP = rng.permutation(len(P)) % 5
    foldM = rng.permutation(len(M)) % 5
    print(f"PTC dev-split findings {len(yP)} (right {yP.mean():.3f}); mainstream train findings {len(yM)}")
    base = np.array([s["span"] * s["lab"] for _, s in wP])
    print(f"raw confidence ECE on PTC dev split: {ece(base, yP):.4f}")

    def cv(C: float, pca: int, mw: float) -> dict:
        zP = np.zeros(len(yP))
        zM = np.zeros(len(yM))
        for f in range(5):
            trP, trM = foldP[aP] != f, foldM[aM] != f
            scal = np.concatenate([sP[trP], sM[trM]])
            vecs = np.concatenate([vP[trP], vM[trM]])
            y = np.concatenate([yP[trP], yM[trM]])
            w = np.concatenate([np.ones(trP.sum()), np.full(trM.sum(), mw)])
            v = Verifier(C, pca).fit(scal, vecs, y, w)
            zP[~trP] = v.logit(sP[~trP], vP[~trP])
            zM[~trM] = v.logit(sM[~trM], vM[~trM])
        return {"zP": zP, "zM": zM}

    def evaluate(zP: np.ndarray, zM: np.ndarray) -> dict:
        # Platt on the CV logits of PTC (what calibrated means); score ECE and SI/ratio at floors
        from sklearn.linear_model import LogisticRegression

        # only the findings the analyser keeps count (one of each overlapping technique): Platt, ECE and SI on them
        sP_, sM_ = survivors(wP, zP), survivors(wM, zM)
        lr = LogisticRegression(C=100.0).fit(zP[sP_].reshape(-1, 1), yP[sP_])
        pP = lr.predict_proba(zP.reshape(-1, 1))[:, 1]
        pM = lr.predict_proba(zM.reshape(-1, 1))[:, 1]
        res = {"ece": ece(pP[sP_], yP[sP_]), "brier": float(((pP[sP_] - yP[sP_]) ** 2).mean()), "floors": {}}
        for floor in [round(x, 2) for x in np.arange(0.0, 0.505, 0.01)]:
            kp = [[] for _ in P]
            for (a, s), p, k in zip(wP, pP, sP_):
                if k and p >= floor:
                    kp[a].append(s)
            km = [[] for _ in M]
            for (a, s), p, k in zip(wM, pM, sM_):
                if k and p >= floor:
                    km[a].append(s)
            pr, rc, f1 = si_score(P, kp, gold)
            res["floors"][floor] = {"si_p": round(pr, 4), "si_r": round(rc, 4), "si_f1": round(f1, 4),
                                    "ratio": round(author_density(M, km) / max(author_density(P, kp), 1e-9), 4),
                                    "ptc_density": round(author_density(P, kp), 2),
                                    "mainstream_density": round(author_density(M, km), 2)}
        return res

    results = []
    for C in (0.03, 0.1, 0.3, 1.0):
        for pca in (0, 16, 48):
            for mw in (0.25, 0.5, 1.0):
                r = evaluate(**cv(C, pca, mw))
                best = max(r["floors"].items(), key=lambda kv: kv[1]["si_f1"])
                results.append({"C": C, "pca": pca, "mw": mw, **{k: r[k] for k in ("ece", "brier")},
                                "best_floor": best[0], **best[1], "floors": r["floors"]})
                print(f"C={C} pca={pca} mw={mw}: ECE {r['ece']:.4f} Brier {r['brier']:.4f} | best floor {best[0]}: "
                      f"SI F1 {best[1]['si_f1']} ratio {best[1]['ratio']}", flush=True)
    # choose: lowest Brier among settings (calibration and discrimination together); the floor separately
    chosen = min(results, key=lambda r: r["brier"])
    print("chosen", {k: chosen[k] for k in ("C", "pca", "mw", "ece", "brier")})
    (out / "cv.json").write_text(json.dumps(results, indent=1))
    # final fit on all of both sets; Platt on the CV logits of the chosen setting
    zz = cv(chosen["C"], chosen["pca"], chosen["mw"])
    v = Verifier(chosen["C"], chosen["pca"]).fit(
        np.concatenate([sP, sM]), np.concatenate([vP, vM]), np.concatenate([yP, yM]),
        np.concatenate([np.ones(len(yP)), np.full(len(yM), chosen["mw"])]))
    kept = survivors(wP, zz["zP"])
    v.calibrate(zz["zP"][kept], yP[kept])
    v.save(out / "verifier.npz", labels)
    # the default floor: the lowest at which CV precision (SemEval SI) is at least recall
    floor = min(f for f, r in chosen["floors"].items() if r["si_p"] >= r["si_r"])
    print(f"default floor {floor}: {chosen['floors'][floor]}")
    summary = {"chosen": {k: chosen[k] for k in ("C", "pca", "mw")}, "default_floor": floor, "cv_ptc_dev_split": {
        "ece": round(chosen["ece"], 4), "brier": round(chosen["brier"], 4), "raw_ece": round(ece(base, yP), 4),
        "floors": chosen["floors"]}}
    # held-out: PolNeAR dev mainstream and PTC unlabelled (author-voice density only)
    held = {}
    for name in ("mainstream_dev", "ptc_unlabelled", "ptc_train"):
        recs = rows[name]
        s, vv, w = table(recs, labels)
        p = v.prob(s, vv)
        alive = survivors(w, p)
        held[name] = {}
        for f in sorted({0.0, 0.2, 0.25, 0.3, floor}):
            keep = [[] for _ in recs]
            for (a, sp), pp, k in zip(w, p, alive):
                if k and pp >= f:
                    keep[a].append(sp)
            held[name][f] = round(author_density(recs, keep), 2)
    raw_keep = {n: [r["spans"] for r in rows[n]] for n in ("mainstream_dev", "ptc_unlabelled")}
    summary["held_out_author_density"] = held
    summary["held_out_ratio"] = {
        str(f): round(held["mainstream_dev"][f] / max(held["ptc_unlabelled"][f], 1e-9), 4) for f in held["mainstream_dev"]}
    summary["held_out_ratio_raw_model"] = round(
        author_density(rows["mainstream_dev"], raw_keep["mainstream_dev"])
        / author_density(rows["ptc_unlabelled"], raw_keep["ptc_unlabelled"]), 4)
    (out / "metrics.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps({k: summary[k] for k in ("chosen", "held_out_ratio", "held_out_ratio_raw_model")}, indent=1))
    if install:
        import shutil

        shutil.copy(out / "verifier.npz", ROOT / "src/unspin/models/techniques/verifier.npz")
        cfg_path = ROOT / "src/unspin/models/techniques/config.json"
        cfg = json.loads(cfg_path.read_text())
        cfg["min_confidence"] = floor
        cfg_path.write_text(json.dumps(cfg, indent=2) + "\n")
        shutil.copy(out / "metrics.json", ROOT / "src/unspin/models/techniques/verifier_metrics.json")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["collect", "fit"])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "verifier")
    ap.add_argument("--install", action="store_true")
    ap.add_argument("--mainstream-voices", choices=["all", "author"], default="all",
                    help="which mainstream findings are weak negatives (fit)")
    args = ap.parse_args()
    if args.stage == "collect":
        collect(args.data, args.out)
    else:
        fit(args.data, args.out, args.install, args.mainstream_voices)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
