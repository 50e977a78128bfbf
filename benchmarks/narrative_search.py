"""Narrative search (`unspin narratives search`): is the documented case in the top 5?

    python benchmarks/narrative_search.py [--data ../shared/data]

Two query sets:
- held-out EUvsDisinfo summary sentences (up to three per full case 2015-2017, cases the narrative verifier never
  trained on: the 30% side of its split by URL), each expecting its own case;
- ``benchmarks/narrative_paraphrases.jsonl``: twelve paraphrases written for this benchmark that name the case's
  subject in other words ("the Malaysian airliner", "the billionaire financier"), each expecting a case whose title
  or keywords match a pattern. They were used once, to choose rank fusion over the verifier's order.
For three orderings of the 20 nearest cases: similarity, the verifier's probability, and their reciprocal-rank fusion
(what ``NarrativeIndex.search_verified`` ships). Writes benchmarks/results/narrative_search.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "training"))
    from narrative_verifier import load_queries

    from unspin.inference.sentences import load_encoder
    from unspin.narratives.index import fused_order, load_index, shipped_dir
    from unspin.narratives.verify import load_verifier, score

    held = [q for q in load_queries(args.data)["cases"] if q["held"]]
    paraphrases = [json.loads(line) for line in (Path(__file__).parent / "narrative_paraphrases.jsonl").read_text().splitlines() if line.strip()]
    index, encoder = load_index(), load_encoder()
    verifier = load_verifier(shipped_dir() / "verifier.npz")
    row_of: dict[str | None, int] = {}
    for i in range(len(index.cases)):
        row_of.setdefault(index.cases[i].url, i)

    def orders(texts: list[str]) -> list[dict[str, list[int]]]:
        vectors = encoder.encode(texts)
        out = []
        for text, vec, near in zip(texts, vectors, index.search_vectors(vectors, 20)):
            probs = score(verifier, text, vec, near, index.vectors)
            rows = [m.row for m in near]
            out.append({"similarity": rows[:5], "verifier": [rows[i] for i in sorted(range(len(rows)), key=lambda i: -probs[i])[:5]],
                        "fusion (shipped)": [rows[i] for i in fused_order(probs)[:5]]})
        return out

    result: dict[str, object] = {"held_out_summary_sentences": len(held), "paraphrases": len(paraphrases)}
    got_held, got_para = orders([q["text"] for q in held]), orders([p["q"] for p in paraphrases])
    for name in ("similarity", "verifier", "fusion (shipped)"):
        own = sum(row_of.get(q["own"]) in o[name] for q, o in zip(held, got_held)) / len(held)
        para = sum(any(re.search(p["want"], index.cases[i].title + " " + (index.cases[i].keywords or "")) for i in o[name])
                   for p, o in zip(paraphrases, got_para))
        result[name] = {"own_case_in_top5": round(own, 4), "paraphrases_in_top5": para}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "narrative_search.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
