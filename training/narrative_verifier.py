"""Narrative verifier: train the second stage that keeps a retrieved case only when the sentence repeats its claim.

    python training/narrative_verifier.py            # ≈5 min on 2 cores (sentence encoding, cached in runs/)
    python training/narrative_verifier.py --install  # also writes models/narratives/verifier.npz

Pairs (sentence, retrieved case), the five nearest cases of each sentence with similarity >= RETRIEVE_FLOOR:

* EUvsDisinfo full cases 2015-2017 (kalkun scrape) joined to the shipped index by title (2,292 cases): each
  summary sentence (up to three per case) with its own case is a positive. With another retrieved case it is left
  out (weight 0, ``--other-weight``): many cases repeat one narrative, so such a pair is often a true match.
  Weight 0.3 was tried: held-out own-case recall 0.664 (vs 0.681) and it taught the verifier to refuse
  same-narrative matches.
* Sentences of mainstream news, PolNeAR *train* (nyt, wash-post, usa-today, politico) and CheckThat! *train* debate
  sentences: every retrieved case is a negative (nobody there repeats Kremlin disinformation as fact; a few
  sentences that report on it are negatives too, on purpose: reporting a claim is not repeating it).

* Optional hard negatives (tried, not shipped; see the data card): the first two sentences of each training case's
  *disproof* ("There is no evidence that …": the same people and topic, not the claim; ``--disproof-weight``) and,
  as weak negatives, the sentences of PTC *train* propaganda articles (``--ptc-weight``, with ``--ptc-rate``
  bounding their CV matches per article). On unseen PTC articles the shipped verifier accepts 1.5 matches per
  article and by hand most are topical (a Brexit sentence matched "Brexit might lead to the dissolution of the EU
  and…"); these negatives halve the matches but keep no more of the real repeats.

Cases are split 70/30 by a hash of their URL; the 30% are held out. C and the acceptance threshold are chosen by
5-fold CV on the training side only: the threshold is the lowest whose CV false matches stay at or below 0.2 per
article on mainstream train (and at or below ``--ptc-rate`` per article on PTC train). Reported once, never tuned on: held-out cases (own case accepted as the sentence's
match), PolNeAR *dev* mainstream articles (matches per article) and CheckThat! *dev* sentences.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.narratives.verify import Pair, features, year_of  # noqa: E402

MAINSTREAM = ("nyt", "wash-post", "usa-today", "politico")
RETRIEVE_FLOOR = 0.45
K = 5


def split_sentences(text: str) -> list[str]:
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘]?[A-Z0-9])", para.strip()):
            if len(s.split()) >= 6:
                out.append(s.strip())
    return out


def held(url: str) -> bool:
    return int(hashlib.sha256(url.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < 0.3


def norm(s: str) -> str:
    return re.sub(r"\W+", " ", s.lower().replace("…", "")).strip()


def load_queries(data: Path) -> dict[str, list[dict]]:
    """Query sentences per source: {"text", "group" (article or case), "own" (case url or None), "held"}."""
    from unspin.narratives.build import read_cases, read_full_cases

    cases = read_cases(data / "euvsdisinfo")
    exact = {norm(c.title): c for c in cases}
    truncated = [(norm(c.title), c) for c in cases if c.title.endswith("…")]
    out: dict[str, list[dict]] = {"cases": [], "mainstream_train": [], "mainstream_dev": [], "debates_train": [],
                                  "debates_dev": [], "disproofs": [], "propaganda_train": []}
    joined = 0
    for row in read_full_cases(data / "euvsdisinfo"):
        t = norm(row["title"])
        case = exact.get(t) or next((c for p, c in truncated if len(p) > 20 and t.startswith(p)), None)
        if case is None or not case.url:
            continue
        joined += 1
        sents = split_sentences(" ".join(row["summary"].split()))[:3]
        for s in sents:
            out["cases"].append({"text": s[:400], "group": case.url, "own": case.url, "held": held(case.url)})
        if not held(case.url):
            disproof = " ".join(row.get("disproof", "").split())
            for d in split_sentences(disproof)[:2]:
                out["disproofs"].append({"text": d[:400], "group": case.url, "own": None, "held": False})
    print(f"full cases joined to the index: {joined}", flush=True)
    ptc = sorted((data / "ptc" / "train-articles").glob("*.txt"))
    for p in ptc:
        for s in split_sentences(p.read_text(encoding="utf-8")):
            out["propaganda_train"].append({"text": s[:400], "group": p.stem, "own": None, "held": False})
    for split, name in (("train", "mainstream_train"), ("dev", "mainstream_dev")):
        for p in sorted((data / "polnear" / split / "text").iterdir()):
            if p.name.split("_")[0] in MAINSTREAM:
                for s in split_sentences(p.read_text(encoding="utf-8")):
                    out[name].append({"text": s, "group": p.stem, "own": None, "held": split == "dev"})
    for split, name, limit in (("train", "debates_train", 6000), ("dev", "debates_dev", 2000)):
        with (data / "checkworthiness" / f"{split}.tsv").open(encoding="utf-8", newline="") as fh:
            rows = [r["Text"] for r in csv.DictReader(fh, delimiter="\t") if len(r.get("Text", "").split()) >= 6]
        for k, s in enumerate(rows[:limit]):
            out[name].append({"text": s, "group": f"{name}-{k // 40}", "own": None, "held": split == "dev"})
    return out


def retrieve(queries: dict[str, list[dict]], cache: Path) -> tuple[dict[str, list[list[tuple[int, float]]]], dict[str, np.ndarray]]:
    from unspin.inference.sentences import load_encoder
    from unspin.narratives.index import NarrativeIndex, shipped_dir

    index = NarrativeIndex([shipped_dir()])
    vec_cache = cache.with_suffix(".npz")
    got: dict[str, list[list[tuple[int, float]]]] = {}
    vectors: dict[str, np.ndarray] = {}
    if cache.exists() and vec_cache.exists():
        z = np.load(vec_cache)
        old = json.loads(cache.read_text())
        for k in z.files:
            if k in queries and len(z[k]) == len(queries[k]):
                got[k], vectors[k] = old[k], z[k]
    enc = load_encoder()
    for name, qs in queries.items():
        if name in got:
            continue
        t0 = time.time()
        res = []
        vecs = []
        for k in range(0, len(qs), 64):
            vec = enc.encode([q["text"] for q in qs[k : k + 64]], batch_size=1)
            vecs.append(vec.astype(np.float16))
            sims = vec @ index.vectors.T
            top = np.argpartition(-sims, K, axis=1)[:, :K]
            for row, idx in zip(sims, top):
                order = idx[np.argsort(-row[idx])]
                res.append([(int(i), float(row[i])) for i in order])
            done = min(k + 64, len(qs))
            rate = done / (time.time() - t0)
            if done % 1024 == 0 or done == len(qs):
                print(f"{name}: {done}/{len(qs)} {rate:.0f}/s ETA {(len(qs) - done) / rate:.0f} s", flush=True)
        got[name] = res
        vectors[name] = np.concatenate(vecs)
        cache.write_text(json.dumps(got))  # after each source: an interrupted run keeps what it encoded
        np.savez(vec_cache, **vectors)
    return got, vectors


OTHER_WEIGHT = 0.0


def pairs_of(queries: list[dict], hits: list[list[tuple[int, float]]], cases: list, qvec: np.ndarray,
             cvec: np.ndarray) -> tuple[list[Pair], np.ndarray, np.ndarray, list[int]]:
    """Pairs above the floor, their labels (1 own case), weights, and the query index of each."""
    P, y, w, qi = [], [], [], []
    for n, (q, h) in enumerate(zip(queries, hits)):
        top1 = h[0][1]
        gap = h[0][1] - h[1][1] if len(h) > 1 else 0.0
        for rank, (i, sim) in enumerate(h):
            if sim < RETRIEVE_FLOOR:
                continue
            c = cases[i]
            P.append(Pair(q["text"], c.title, c.keywords, sim, rank, top1, gap, year_of(c.date),
                          qvec[n].astype(np.float32), cvec[i]))
            own = q["own"] is not None and c.url == q["own"]
            y.append(int(own))
            w.append(1.0 if own or q["own"] is None else OTHER_WEIGHT)
            qi.append(n)
    return P, np.array(y), np.array(w), qi


def accepted(probs: np.ndarray, qi: list[int], thr: float) -> dict[int, int]:
    """Per query, the index (into its pairs) of the accepted match: the most probable pair at or above thr."""
    best: dict[int, tuple[float, int]] = {}
    for k, (p, q) in enumerate(zip(probs, qi)):
        if p >= thr and (q not in best or p > best[q][0]):
            best[q] = (float(p), k)
    return {q: k for q, (_, k) in best.items()}


def main() -> int:
    from sklearn.linear_model import LogisticRegression

    from unspin.narratives.index import NarrativeIndex, shipped_dir

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "narrative_verifier")
    ap.add_argument("--install", action="store_true")
    ap.add_argument("--other-weight", type=float, default=OTHER_WEIGHT,
                    help="weight of a case summary sentence paired with another retrieved case, as a negative")
    ap.add_argument("--ptc-weight", type=float, default=0.0,
                    help="weight of a PTC train sentence's retrieved cases, as negatives (propaganda repeats some; "
                         "0.3 tried, not shipped)")
    ap.add_argument("--ptc-rate", type=float, default=float("inf"),
                    help="most CV matches per PTC train article the threshold may leave (0.5 tried)")
    ap.add_argument("--disproof-weight", type=float, default=0.0, help="weight of the disproof negatives (1 tried)")
    args = ap.parse_args()
    globals()["OTHER_WEIGHT"] = args.other_weight
    args.out.mkdir(parents=True, exist_ok=True)
    queries = load_queries(args.data)
    hits, qvecs = retrieve(queries, args.out / "retrieved.json")
    index = NarrativeIndex([shipped_dir()])
    cases = index.cases

    def table(name: str, want_held: bool) -> dict:
        keep = [k for k, q in enumerate(queries[name]) if q["held"] == want_held]
        qs = [queries[name][k] for k in keep]
        hs = [hits[name][k] for k in keep]
        P, y, w, qi = pairs_of(qs, hs, cases, qvecs[name][keep], index.vectors)
        X = np.stack([features(p) for p in P])
        return {"q": qs, "P": P, "X": X, "y": y, "w": w, "qi": qi, "groups": [qs[i]["group"] for i in qi]}

    tr = {n: table(n, False) for n in ("cases", "mainstream_train", "debates_train", "disproofs", "propaganda_train")}
    tr["disproofs"]["w"] = tr["disproofs"]["w"] * args.disproof_weight
    tr["propaganda_train"]["w"] = tr["propaganda_train"]["w"] * args.ptc_weight
    te = {"cases": table("cases", True), "mainstream_dev": table("mainstream_dev", True),
          "debates_dev": table("debates_dev", True)}
    X = np.concatenate([tr[n]["X"] for n in tr])
    y = np.concatenate([tr[n]["y"] for n in tr])
    w = np.concatenate([tr[n]["w"] for n in tr])
    groups = [g for n in tr for g in tr[n]["groups"]]
    src = np.concatenate([np.full(len(tr[n]["y"]), k) for k, n in enumerate(tr)])
    fold = np.array([int(hashlib.md5(g.encode()).hexdigest()[:6], 16) % 5 for g in groups])
    mu, sd = X.mean(0), X.std(0) + 1e-6
    Xs = (X - mu) / sd
    print(f"training pairs {len(y)} (positives {int(y.sum())}); by source "
          + ", ".join(f"{n} {len(tr[n]['y'])}" for n in tr), flush=True)

    def cv(C: float) -> np.ndarray:
        z = np.zeros(len(y))
        for f in range(5):
            m = fold != f
            lr = LogisticRegression(C=C, max_iter=3000).fit(Xs[m], y[m], sample_weight=w[m])
            z[~m] = lr.decision_function(Xs[~m])
        return z

    n_articles = len({q["group"] for q in queries["mainstream_train"] if not q["held"]})
    n_ptc = len({q["group"] for q in queries["propaganda_train"]})
    n_case_queries = len(tr["cases"]["q"])

    def rates(prob: np.ndarray, thr: float) -> tuple[float, float, float]:
        """(own case accepted share of case queries, mainstream train false matches per article, PTC train matches
        per article)."""
        acc_c = accepted(prob[src == 0], tr["cases"]["qi"], thr)
        own = sum(1 for q, k in acc_c.items() if tr["cases"]["y"][k] == 1)
        acc_m = accepted(prob[src == 1], tr["mainstream_train"]["qi"], thr)
        acc_p = accepted(prob[src == 4], tr["propaganda_train"]["qi"], thr)
        return own / max(n_case_queries, 1), len(acc_m) / max(n_articles, 1), len(acc_p) / max(n_ptc, 1)

    results = []
    for C in (0.01, 0.1, 1.0):
        z = cv(C)
        platt = LogisticRegression(C=100.0).fit(z.reshape(-1, 1), y, sample_weight=w)
        prob = platt.predict_proba(z.reshape(-1, 1))[:, 1]
        curve = []
        for thr in np.arange(0.01, 0.96, 0.01):
            r, fm, fp = rates(prob, float(thr))
            curve.append((round(float(thr), 2), round(r, 4), round(fm, 3), round(fp, 3)))
        ok = [c for c in curve if c[2] <= 0.2 and c[3] <= args.ptc_rate]
        pick = ok[0] if ok else curve[-1]
        results.append({"C": C, "threshold": pick[0], "recall": pick[1], "mainstream_per_article": pick[2],
                        "ptc_per_article": pick[3], "curve": curve})
        print(f"C={C}: threshold {pick[0]} own-case recall {pick[1]} mainstream false matches/article {pick[2]} "
              f"PTC train matches/article {pick[3]}", flush=True)
    best = max(results, key=lambda r: r["recall"])
    C, thr = best["C"], best["threshold"]
    z = cv(C)
    platt = LogisticRegression(C=100.0).fit(z.reshape(-1, 1), y, sample_weight=w)
    lr = LogisticRegression(C=C, max_iter=3000).fit(Xs, y, sample_weight=w)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    np.savez_compressed(args.out / "verifier.npz", mu=mu.astype(np.float32), sd=sd.astype(np.float32),
                        coef=lr.coef_[0].astype(np.float32),
                        scalars=np.array([lr.intercept_[0], a, b, thr, RETRIEVE_FLOOR], np.float32))

    # held out, scored once
    from unspin.narratives.verify import Verifier

    v = Verifier(args.out / "verifier.npz")
    report: dict = {"C": C, "threshold": thr, "retrieve_floor": RETRIEVE_FLOOR, "ptc_weight": args.ptc_weight,
                    "ptc_rate": args.ptc_rate, "disproof_weight": args.disproof_weight,
                    "cv": {k: best[k] for k in ("recall", "mainstream_per_article", "ptc_per_article")}, "held_out": {}}
    for name, t in te.items():
        prob = v.prob(t["P"])
        acc = accepted(prob, t["qi"], thr)
        if name == "cases":
            own = sum(1 for q, k in acc.items() if t["y"][k] == 1)
            # the old rule: the top case at similarity >= 0.58, and it is the own case
            base_hits = [h for q, h in zip(queries["cases"], hits["cases"]) if q["held"]]
            base = sum(1 for q, h in zip(t["q"], base_hits) if h[0][1] >= 0.58 and cases[h[0][0]].url == q["own"])
            report["held_out"][name] = {"queries": len(t["q"]), "own_case_accepted": round(own / len(t["q"]), 4),
                                        "wrong_case_accepted": round((len(acc) - own) / len(t["q"]), 4),
                                        "old_rule_own_case": round(base / len(t["q"]), 4)}
        else:
            groups = {q["group"] for q in t["q"]}
            base_hits = [h for q, h in zip(queries[name], hits[name]) if q["held"]]
            base = sum(1 for h in base_hits if h[0][1] >= 0.58)
            report["held_out"][name] = {"groups": len(groups), "sentences": len(t["q"]),
                                        "matches_per_group": round(len(acc) / len(groups), 3),
                                        "old_rule_matches_per_group": round(base / len(groups), 3)}
    names = ["sim", "sim2", "rank0", "below_top1", "gap", "title_cov", "sent_cov", "title_cov_x_sim", "name_cov",
             "title_has_names", "name_cov_x_sim", "extra_names", "number_cov", "keyword_cov", "neg_sentence",
             "neg_title", "neg_mismatch", "len_sentence", "len_title", "truncated_title", "year"]
    report["coefficients"] = {n: round(float(c), 3) for n, c in zip(names, lr.coef_[0])}
    (args.out / "metrics.json").write_text(json.dumps(report, indent=1))
    (args.out / "cv.json").write_text(json.dumps(results))
    print(json.dumps({k: report[k] for k in ("C", "threshold", "cv", "held_out")}, indent=1))
    if args.install:
        import shutil

        dest = ROOT / "src" / "unspin" / "models" / "narratives"
        shutil.copy(args.out / "verifier.npz", dest / "verifier.npz")
        shutil.copy(args.out / "metrics.json", dest / "verifier_metrics.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
