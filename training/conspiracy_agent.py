"""The blamed agent of conspiracy talk: a token tagger on the comment classifier's trunk states, and the rule that
turns the conspiracy head into a flag.

    python training/conspiracy_agent.py --data ../shared/data [--install]

PAN 2024 oppositional-thinking messages (English) carry character spans for the narrative's roles; AGENT is "the
hidden plotters". Every word piece of a message (first 128, as the comment classifier reads it) is labelled inside
an AGENT span or not; a class-balanced logistic regression on the bundled encoder's trunk states (the states the
comment classifier's tail starts from: the piece's own 384 and the means of the two pieces on either side,
``agent_features``) gives each piece's probability. Messages are split by the same hash
of their id as ``comments_v2.py`` (70% train / 10% dev / 20% held out).

The conspiracy flag: the conspiracy head's probability at least ``conspiracy_threshold`` *and* an agent span in the
comment (a piece at least ``agent_threshold``). Talk *about* conspiracies ("There is no evidence for that claim",
"Stop spreading conspiracy theories") names nobody who plots, so the head's topical false alarms need no agent to be
vetoed. EUvsDisinfo disproofs (talk about disinformation, split by case) measure those false alarms. The thresholds maximise MCC on the dev part's PAN messages (the bar's data); among ties, the pair
that flags the fewest dev-part disproofs wins. Writes ``runs/conspiracy_agent/{agent.npz,metrics.json}``; ``--install`` copies ``agent.npz`` into
``src/unspin/models/comments`` and the thresholds into its ``config.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from comments_v2 import load_euvsdisinfo, load_extra  # noqa: E402


def mcc(y: np.ndarray, p: np.ndarray) -> float:
    tp, tn = int((y & p).sum()), int((~y & ~p).sum())
    fp, fn = int((~y & p).sum()), int((y & ~p).sum())
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "conspiracy_agent")
    ap.add_argument("--install", action="store_true")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    from unspin.analysers.comment_model import agent_features, load_comment_model
    from unspin.inference.sentences import load_encoder

    model = load_comment_model()
    enc = load_encoder()
    pan = {}
    for line in (args.data / "conspiracy" / "pan2024_en.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        pan[f"pan-{r['id']}"] = [(a["start_char"], a["end_char"]) for a in r["annotations"] if a["category"] == "AGENT"]
    rows = [r for r in load_extra(args.data) if r["task"] == "conspiracy"]
    # talk *about* disinformation: EUvsDisinfo disproofs ("There is no evidence that …"), never a positive
    rows += [r for r in load_euvsdisinfo(args.data) if r["y"] == 0]
    texts = [r["text"] for r in rows]
    states = []
    for k in range(0, len(texts), 128):
        states += enc.states(texts[k : k + 128])
        print(f"  states {len(states)}/{len(texts)}", file=sys.stderr, flush=True)
    states = [(h[: model.max_tokens], e) for h, e in states]
    # token labels (PAN only: the COVID comments have no spans)
    xs, ys = [], []
    for r, (h, e) in zip(rows, states):
        if r["id"] not in pan or r["part"] != "train":
            continue
        spans = pan[r["id"]]
        offs = e.offsets[: len(h)]
        lab = np.array([any(s < oe and os_ < ee for s, ee in spans) and oe > os_ for os_, oe in offs])
        xs.append(agent_features(h))
        ys.append(lab)
    x, y = np.concatenate(xs), np.concatenate(ys)
    print(f"agent tagger: {len(x)} pieces, {y.mean():.1%} inside an AGENT span", flush=True)
    clf = LogisticRegression(C=0.1, class_weight="balanced", max_iter=2000).fit(x, y)
    coef, bias = clf.coef_[0].astype(np.float32), np.float32(clf.intercept_[0])
    agent_max = np.array([float((1 / (1 + np.exp(-(agent_features(h) @ coef + bias))))[1:-1].max(initial=0.0))
                          for h, _ in states])
    _, _, ext = model.all_logits([h for h, _ in states])
    head = 1 / (1 + np.exp(-ext[:, 1]))
    truth = np.array([bool(r["y"]) for r in rows])
    parts = np.array([r["part"] for r in rows])
    source = np.array([r["id"].split("-")[0] for r in rows])
    dev, dev_dis = (parts == "dev") & (source == "pan"), (parts == "dev") & (source == "euvs")
    grid = [(round(float(th), 2), round(float(ta), 2)) for th in np.arange(0.2, 0.81, 0.05)
            for ta in (0.0, *np.arange(0.3, 0.96, 0.05))]

    def flags(th: float, ta: float) -> np.ndarray:
        return (head >= th) & (agent_max >= ta)

    table = [(mcc(truth[dev], flags(th, ta)[dev]), float(flags(th, ta)[dev_dis].mean()), th, ta) for th, ta in grid]
    # the best dev MCC; among ties (70 dev messages give coarse values), the fewest disproofs flagged
    top = max(t[0] for t in table)
    best, _, th, ta = min((t for t in table if t[0] >= top - 1e-9), key=lambda t: (t[1], -t[2]))
    head_only = max(t for t in table if t[3] == 0.0)
    result = {
        "agent_pieces_train": int(len(x)), "conspiracy_threshold": th, "agent_threshold": ta,
        "dev": {"pan_mcc": round(best, 4), "disproofs_flagged": round(float(flags(th, ta)[dev_dis].mean()), 4)},
        "head_only_dev": {"pan_mcc": round(head_only[0], 4), "disproofs_flagged": round(head_only[1], 4), "threshold": head_only[2]},
        "held_out": {},
    }
    test = parts == "test"
    for name in ("pan", "covid", "euvs"):
        m = test & (source == name)
        key = "share_flagged" if name == "euvs" else "mcc"

        def value(f: np.ndarray, m: np.ndarray = m, key: str = key) -> float:
            return round(float(f[m].mean()), 4) if key == "share_flagged" else round(mcc(truth[m], f[m]), 4)

        result["held_out"][name] = {"n": int(m.sum()), "measure": key, "head_and_agent": value(flags(th, ta)),
                                    "head_only_at_its_dev_threshold": value(flags(head_only[2], 0.0))}
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(args.out / "agent.npz", coef=coef, bias=bias)
    (args.out / "metrics.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    if args.install:
        dest = ROOT / "src" / "unspin" / "models" / "comments"
        shutil.copy(args.out / "agent.npz", dest / "agent.npz")
        cfg = json.loads((dest / "config.json").read_text())
        cfg.update({"conspiracy_threshold": th, "agent_threshold": ta, "use_conspiracy_head": True})
        (dest / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
