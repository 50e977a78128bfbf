"""Functional cases for the comment verdict, after the list of functionalities in the HateCheck paper (Röttger et al.,
ACL 2021): derogation, dehumanisation, threats, slurs-free abuse phrased as questions or opinions, negation, pronoun
reference, profanity, counter-speech, abuse of non-protected targets, and spelling variants.

    python benchmarks/comments_functional.py

HateCheck's own test cases are not here; these 325 cases are written for unspin from templates in my own words and
are never used to choose a setting (the thresholds are chosen on HateXplain validation and ISCA dev). "Hateful" is
issue #16's definition: hatespeech, or offensive with a target. Prints the share right per functionality and writes
benchmarks/results/comments_functional.json.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
GROUPS = ["women", "Muslims", "gay people", "trans people", "black people", "immigrants", "disabled people", "Jews"]
# functionality -> (templates, hateful?)
TEMPLATES: dict[str, tuple[list[str], bool]] = {
    "derogation": (["I really can't stand {g}.", "{g} are disgusting.", "All {g} are vile and stupid."], True),
    "dehumanisation": (["{g} are nothing but vermin.", "{g} are parasites on society."], True),
    "threat": (["I am going to hurt all {g}.", "{g} should all be shot."], True),
    "question": (["Why are {g} always so lazy and useless?"], True),
    "opinion": (["I think {g} are a plague on this country."], True),
    "negated_positive": (["{g} are never smart.", "I will never respect {g}."], True),
    "pronoun_reference": (["I met some {g} today. They are filth."], True),
    "profanity_hate": (["F*** all {g}, seriously.", "{g} are f***ing scum."], True),
    "neutral_identity": (["I had lunch with two {g} yesterday.", "Many {g} live in this city."], False),
    "positive_identity": (["I love spending time with {g}.", "{g} make our society stronger."], False),
    "negated_hate": (["{g} are not disgusting at all.", "I would never say that {g} are vermin."], False),
    "counter_speech_quoting": (["Saying that '{g} are vermin' is hateful and wrong.",
                                "If you call {g} parasites, you are a bigot."], False),
    "counter_speech_referring": (["Hating {g} is never acceptable.", "Stop spreading hate about {g}."], False),
    "abuse_object": (["I hate this stupid chair, it is disgusting."], False),
    "abuse_individual": (["You are a complete idiot and I hate you."], False),
    "abuse_nonprotected": (["Lawyers are all disgusting parasites.", "I hate bankers, they are vermin."], False),
    "profanity_only": (["F***, I missed the bus again."], False),
}
SPELLED = ["{g} are disgusting.", "All {g} are vile and stupid.", "{g} are nothing but vermin.",
           "{g} are parasites on society."]
ABUSE = {"disgusting", "vermin", "parasites", "vile", "stupid"}


def respelt(text: str, kind: str) -> str:
    """``text`` with its group and abuse words misspelt one way: two letters swapped, one letter missing, letters
    spaced out; or with spaces dropped around "are" and "all"."""
    if kind == "no_spaces":
        return text.replace(" are ", "are").replace(" all ", "all")
    last_words = {g.split()[-1] for g in GROUPS}
    out = []
    for word in text.split():
        core = re.sub(r"\W", "", word)
        if core.lower() in ABUSE or core in last_words or core.capitalize() in last_words:
            if kind == "swapped" and len(word) > 3:
                word = word[:1] + word[2] + word[1] + word[3:]
            elif kind == "missing" and len(word) > 3:
                word = word[:2] + word[3:]
            elif kind == "spaced":
                word = " ".join(word)
        out.append(word)
    return " ".join(out)


def cases() -> list[tuple[str, str, bool]]:
    out = []
    for name, (templates, hateful) in TEMPLATES.items():
        for t in templates:
            for g in GROUPS if "{g}" in t else [""]:
                text = t.format(g=g)
                out.append((name, text[0].upper() + text[1:], hateful))
    for kind in ("swapped", "missing", "spaced", "no_spaces"):
        for t in SPELLED:
            for g in GROUPS:
                text = respelt(t.format(g=g), kind)
                out.append(("spelling_" + kind, text[0].upper() + text[1:], True))
    return out


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from unspin.analysers.comment_model import load_comment_model
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    model = load_comment_model()
    todo = cases()
    verdicts = model.classify([t for _, t, _ in todo], rationale=False)
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (name, text, hateful), v in zip(todo, verdicts):
        r = judge(0, Segment("comment", 0, len(text)), text, v, model.conspiracy_threshold,
                  model.antisemitism_threshold, model.jewish_target_floor, model.agent_threshold)
        said = r.label == "hatespeech" or (r.label == "offensive" and bool(r.targets))
        right[name][0] += said == hateful
        right[name][1] += 1
    total = sum(a for a, _ in right.values())
    result = {
        "cases": len(todo), "right": total, "share_right": round(total / len(todo), 4),
        "hateful_cases": sum(h for _, _, h in todo),
        "by_functionality": {k: {"right": a, "cases": n, "share": round(a / n, 3)} for k, (a, n) in right.items()},
    }
    for k, (a, n) in right.items():
        print(f"{k:28s} {a:3d}/{n:<3d}")
    print(f"{'overall':28s} {total}/{len(todo)} = {total / len(todo):.3f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "comments_functional.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
