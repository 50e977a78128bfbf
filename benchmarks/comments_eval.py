"""Comment verdicts on held-out data, with the shipped model and the runtime rules (`unspin bench comments` logic).

    python benchmarks/comments_eval.py [--data ../shared/data]

- ISCA antisemitism tweets, the held-out 20% of the shipped train.csv (split by a hash of the id, never trained or
  tuned on): F1 of "antisemitic" = hatespeech, or offensive with a target, with Jewish among the targets.
- PAN 2024 oppositional thinking, held-out 20%: MCC of the conspiracy flag.
- The COVID-vaccine comments, held-out 20%: MCC of the conspiracy flag.
- EUvsDisinfo disproofs of held-out cases ("There is no evidence that …"): share flagged as conspiracy talk.
- The antisemitic conspiracy comment of issue #16.
Writes benchmarks/results/comments_eval.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
ISSUE_COMMENT = ("Our leaders were targeted by the zionists because they wanted war. The zionist controlled cia may "
                 "have a different ending for this war in mind.")


def part(key: str) -> str:
    x = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if x < 0.2 else "dev" if x < 0.3 else "train"


def verdicts(texts: list[str]) -> list:  # type: ignore[type-arg]
    from unspin.analysers.comment_model import load_comment_model
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    model = load_comment_model()
    out = []
    for k in range(0, len(texts), 64):
        chunk = texts[k : k + 64]
        for text, v in zip(chunk, model.classify(chunk, rationale=False)):
            out.append(judge(0, Segment("comment", 0, len(text)), text, v, model.conspiracy_threshold,
                             model.antisemitism_threshold, model.jewish_target_floor, model.agent_threshold))
        print(f"\r{len(out)}/{len(texts)}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return out


def f1(y: list[int], p: list[int]) -> float:
    tp = sum(1 for a, b in zip(y, p) if a and b)
    return 2 * tp / max(1, sum(y) + sum(p))


def mcc(y: list[int], p: list[int]) -> float:
    tp = sum(1 for a, b in zip(y, p) if a and b)
    tn = sum(1 for a, b in zip(y, p) if not a and not b)
    fp = sum(1 for a, b in zip(y, p) if not a and b)
    fn = sum(1 for a, b in zip(y, p) if a and not b)
    den = ((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)) ** 0.5
    return (tp * tn - fp * fn) / den if den else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    data = Path(ap.parse_args().data)
    out: dict[str, object] = {}
    with (data / "antisemitism" / "train.csv").open(encoding="utf-8", newline="") as fh:
        isca = [(r["text"], int(r["label"])) for r in csv.DictReader(fh) if part(f"isca-{r['id']}") == "test"]
    got = verdicts([t for t, _ in isca])
    y = [lab for _, lab in isca]
    p = [int(v.label == "hatespeech" or (v.label == "offensive" and bool(v.targets))) * int("Jewish" in v.targets)
         for v in got]
    out["isca_held_out"] = {"n": len(isca), "antisemitic": sum(y), "f1": round(f1(y, p), 4)}
    pan = []
    for line in (data / "conspiracy" / "pan2024_en.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if part(f"pan-{r['id']}") == "test":
            pan.append((r["text"], int(r["category"] == "CONSPIRACY")))
    got = verdicts([t for t, _ in pan])
    out["pan_held_out"] = {"n": len(pan), "mcc": round(mcc([lab for _, lab in pan], [int(v.conspiracy) for v in got]), 4)}
    covid = []
    with (data / "conspiracy" / "covid_vaccine_comments.csv").open(encoding="cp1252", errors="replace", newline="") as fh:
        for k, r in enumerate(csv.DictReader(fh)):
            if r.get("comments", "").strip() and part(f"covid-{k}") == "test":
                covid.append((r["comments"], int(r["label"])))
    got = verdicts([t for t, _ in covid])
    out["covid_held_out"] = {"n": len(covid), "mcc": round(mcc([lab for _, lab in covid], [int(v.conspiracy) for v in got]), 4)}
    # talk *about* disinformation, which conspiracy talk must not be confused with: the first two sentences of the
    # disproofs of held-out EUvsDisinfo cases (same split as training/comments_v2.py)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    from comments_v2 import load_euvsdisinfo

    disproofs = [r["text"] for r in load_euvsdisinfo(data) if r["y"] == 0 and r["part"] == "test"]
    got = verdicts(disproofs)
    out["disproofs_held_out"] = {"n": len(disproofs), "share_flagged_conspiracy": round(sum(v.conspiracy for v in got) / max(1, len(got)), 4)}
    (v,) = verdicts([ISSUE_COMMENT])
    out["issue_comment"] = {"label": v.label, "targets": list(v.targets), "conspiracy": v.conspiracy,
                            "antisemitic": v.antisemitic, "conspiracy_agents": [ISSUE_COMMENT[s:e] for s, e in v.conspiracy_agents]}
    print(json.dumps(out, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "comments_eval.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
