"""Technique and narrative output of the full product on article sets nobody tuned on.

    python benchmarks/articles_eval.py [--data ../shared/data] [--limit N]

Runs `unspin.analyze` (techniques and narratives, with what they require: segments, quotes, the shared pass) at the
default confidence floor over:
- PolNeAR *dev* mainstream news (nyt, wash-post, usa-today, politico; 48 articles): never used to fit or choose the
  technique verifier, the narrative verifier or any threshold;
- the 90 unlabelled PTC test articles (propaganda; no labels needed for densities and match counts).
Reports author-voice technique spans per 1,000 words in each set and their ratio (issue #14's measure), technique
findings per 1,000 words, and narrative matches per article (issue #15's measure), and the bundled example's matches.
Writes benchmarks/results/articles_eval.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
MAINSTREAM = ("nyt", "wash-post", "usa-today", "politico")


def run(paths: list[Path]) -> dict:
    import unspin
    from unspin.report import NarrativeFinding, TechniqueFinding

    t0 = time.time()
    words = author = techniques = narratives = 0
    per_article = []
    options = unspin.Options(only=["techniques", "narratives"])
    for n, (path, report) in enumerate(zip(paths, unspin.analyze_many(paths, options=options, batch_size=4)), 1):
        if isinstance(report, Exception):
            print(f"{path.name}: {report}", file=sys.stderr)
            continue
        tech = [f for f in report.findings if isinstance(f, TechniqueFinding)]
        narr = [f for f in report.findings if isinstance(f, NarrativeFinding)]
        words += report.summary.words
        author += sum(1 for f in tech if f.voice == "author")
        techniques += len(tech)
        narratives += len(narr)
        per_article.append({"file": path.name, "words": report.summary.words, "narratives": len(narr),
                            "author_techniques": sum(1 for f in tech if f.voice == "author")})
        if n % 10 == 0 or n == len(paths):
            rate = n / (time.time() - t0)
            print(f"{n}/{len(paths)} articles · {rate:.2f}/s · ETA {(len(paths) - n) / rate:.0f}s", file=sys.stderr)
    return {"articles": len(per_article), "words": words,
            "author_technique_spans_per_1000_words": round(1000 * author / max(words, 1), 2),
            "technique_spans_per_1000_words": round(1000 * techniques / max(words, 1), 2),
            "narrative_matches_per_article": round(narratives / max(len(per_article), 1), 3),
            "articles_with_a_narrative_match": sum(1 for a in per_article if a["narratives"]),
            "seconds": round(time.time() - t0, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--limit", type=int, default=0, help="at most this many articles per set (0: all)")
    args = ap.parse_args()
    mainstream = sorted(p for p in (args.data / "polnear" / "dev" / "text").iterdir() if p.name.split("_")[0] in MAINSTREAM)
    propaganda = sorted((args.data / "ptc" / "test-articles-unlabeled").glob("*.txt"))
    if args.limit:
        mainstream, propaganda = mainstream[: args.limit], propaganda[: args.limit]
    out = {"machine": f"{platform.machine()}, Python {platform.python_version()}",
           "mainstream_polnear_dev": run(mainstream), "propaganda_ptc_unlabelled": run(propaganda)}
    m, p = out["mainstream_polnear_dev"], out["propaganda_ptc_unlabelled"]
    out["author_voice_ratio_mainstream_over_propaganda"] = round(
        m["author_technique_spans_per_1000_words"] / max(p["author_technique_spans_per_1000_words"], 1e-9), 3)
    import unspin
    from unspin.report import NarrativeFinding

    example = Path(__file__).resolve().parents[1] / "src" / "unspin" / "examples" / "summit.txt"
    rep = unspin.analyze(example, options=unspin.Options(only=["narratives"]))
    out["example_narrative_matches"] = [
        {"sentence": f.text[:120], "case": f.case_title, "confidence": f.confidence, "shared_terms": f.shared_terms}
        for f in rep.findings if isinstance(f, NarrativeFinding)]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "articles_eval.json").write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
