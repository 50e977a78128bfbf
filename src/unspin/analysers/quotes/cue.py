"""Stage 1, cue: the words that introduce an attribution (speech, thought and reporting verbs, "according to",
"From X's statements:" headers). The PolNeAR tagger tags cues too (``attribution_model``); these patterns serve
the rules."""

from __future__ import annotations

import re

from unspin.analysers.quotes.evaluation import Scores, dev_runs

CUE = re.compile(
    r"\b(said|says|say|told|tells|added|adds|stated|states|declared|claimed|claims|wrote|writes|asked|noted|"
    r"stressed|insisted|warned|explained|announced|according to|quoted|tweeted|posted)\b",
    re.IGNORECASE,
)
LIST_HEAD = re.compile(
    r"^(?:from|quotes? from|some of)\s+(?P<name>[^\n:]{2,80}?)['’]s?\s+(?:statements|remarks|words|quotes|comments)\s*[:：]?\s*$"
    r"|^(?P<name2>[^\n:]{2,80}?)['’]s?\s+(?:statements|remarks|words|quotes)\s*[:：]\s*$",
    re.IGNORECASE | re.MULTILINE,
)

SPEECH = (
    r"said|says|say|told|tells|tell|stated|states|declared|declares|claimed|claims|claim|announced|announces|added|adds|"
    r"noted|notes|stressed|stresses|insisted|insists|warned|warns|explained|explains|argued|argues|believes|believe|"
    r"believed|thinks|think|thought|suggested|suggests|reported|reports|wrote|writes|admitted|admits|acknowledged|"
    r"acknowledges|confirmed|confirms|denied|denies|alleged|alleges|emphasi[sz]ed|emphasi[sz]es|assured|assures|"
    r"promised|promises|predicted|predicts|accused|accuses|recalled|recalls|pointed out|points out|maintained|"
    r"maintains|contended|contends|asserted|asserts|vowed|vows|concluded|concludes|estimated|estimates|revealed|reveals|"
    r"called|calls|asked|asks"
)
# more verbs that introduce a quotation in marks ('Jared Potts echoed: “…”', '“…,” she quipped'); not read as
# introducing reported speech without marks, where they more often mean something else ("the war continued")
QUOTING = SPEECH + (
    r"|observed|observes|echoed|echoes|remarked|remarks|replied|replies|responded|responds|answered|answers|joked|"
    r"jokes|quipped|quips|tweeted|tweets|shouted|exclaimed|testified|testifies|countered|counters|retorted|cautioned|"
    r"cautions|conceded|concedes|complained|complains|urged|urges|boasted|boasts|bragged|reiterated|reiterates|mused|"
    r"wondered|continued"
)
# whom "told" speaks to ("told reporters", "told CNN’s Jake Tapper", "told the Washington Post"): not the content;
# only after a verb of telling ("Trump said Hillary Clinton would lose": the name begins what was said)
TOLD_OBJECT = r"(?:\s+(?:reporters|journalists|the press|the media|(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}(?:(?<=[’']s)\s+[a-z]+(?=\s+that\b))?|him|her|them|us|me|\w+ (?:reporters|journalists|media|audience|crowd|outlet|newspaper|agency|channel)))?"
# "said Tuesday night", "said on Monday": when, not what
WHEN = (r"\s+(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|yesterday|last\s+week|this\s+week|"
        r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b)"
        r"(?:\s+(?:morning|afternoon|evening|night))?")
INDIRECT_CUE = re.compile(
    rf"(?P<cue>(?:\b(?:told|tells|tell|called|calls)\b{TOLD_OBJECT}|\b(?:{SPEECH})\b)(?:{WHEN})?(?:\s*,)?(?:\s+that\b|\s*:)?)",
)
ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<src>[^,.;:!?\n]{2,90}?)(?=\s*(?:,|\.|;|$|\s+who\s))")


def evaluate(data: str | None = None, limit: int | None = None) -> Scores:
    """PolNeAR dev: of the gold attributions whose content the analyser matched, the share whose predicted cue
    overlaps the gold cue (both absent counts as right)."""
    pairs = [(p.cue, g.cue) for run in dev_runs(data, limit) for p, g in run.matched]
    right = sum(1 for p, g in pairs if (p is None and g is None) or (p and g and min(p[1], g[1]) > max(p[0], g[0])))
    return Scores("cue", {"cue_accuracy": right / len(pairs) if pairs else 0.0, "matched": len(pairs)})
