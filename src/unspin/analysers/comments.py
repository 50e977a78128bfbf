"""Reader comments: hate speech, abuse and conspiracy talk, and the groups they target.

Every comment segment gets one verdict from the bundled HateXplain classifier
(``comment_model``): hatespeech / offensive / normal with a calibrated
confidence, the targeted groups (HateXplain's taxonomy) and, for hateful or
offensive ones, the words that drove the decision.

Conspiracy talk is flagged separately from cue phrases, each an evidence span:
a group or agency "controlled by" a hidden power, secret plans and cabals,
"false flag", "planned attacks", "they want war". A conspiratorial comment that
names an ethnic or religious group is also assessed for hate against that
group: blaming a named group for a hidden plot is a classic antisemitic (or
other group-hating) trope, so the group becomes a target and a "normal" verdict
is raised to hatespeech, with the reason given.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unspin.analysers import Analyser, dogwhistles, kept
from unspin.analysers.dogwhistles import Term
from unspin.document import Document, Segment
from unspin.report import AnyFinding, CodedTerm, CommentFinding, CommentSummary, Contribution, in_report_order, span

if TYPE_CHECKING:
    from unspin.analysers.comment_model import CommentVerdict

NAME = "comments"

# strong cues: one is enough; weak cues need company
STRONG_CUES = re.compile(
    r"\b(?:(?:is|are|was|were|being|been|all|totally|secretly|fully)\s+)?(?:controlled|run|owned|infiltrated|puppeteered)\s+by\b|"
    r"\b(?:control|controls|run|runs|own|owns)\s+(?:the|our|all|every)\s+(?:\w+\s+){0,2}(?:government|media|banks?|state|"
    r"department|agency|fbi|cia|congress|parliament|elections?|world|press|courts?|police|army|un|eu|nato|white house|kremlin)\b|"
    r"\bpuppet\s*masters?\b|\bpulling the strings\b|\bbehind the scenes\b|\bsecret\s+(?:plans?|plots?|agenda|cabal|society|"
    r"government|deal|war|elite)\b|\bcabals?\b|\bshadow government\b|\bdeep state\b|\bnew world order\b|\bfalse[- ]flag\b|"
    r"\bplanned attacks?\b|\battacks? (?:was|were) planned\b|\binside job\b|\b(?:they|globalists|elites?|zionists|bankers)\s+"
    r"(?:want|wants|need|planned|are planning)\s+(?:a\s+|this\s+|another\s+)?war\b|\bhidden (?:hand|power|agenda|rulers?)\b|"
    r"\bgreat replacement\b|\bplandemic\b|\bdepopulation\b|\bchemtrails\b|\borchestrated by\b|\bmasterminded by\b|"
    r"\bthey don'?t want you to know\b|\bworld government\b|\billuminati\b",
    re.IGNORECASE,
)
WEAK_CUES = re.compile(
    r"\bglobalists?\b|\bthe elites?\b|\bwake up\b|\bsheeple\b|\bhoax\b|\bstaged\b|\bcover[- ]?up\b|\bagenda\b|"
    r"\bthey (?:control|own|run)\b|\bpuppets?\b|\bopen your eyes\b|\bdo your (?:own )?research\b|\bmainstream media lies\b",
    re.IGNORECASE,
)
# group words → HateXplain target
GROUPS: dict[str, str] = {}
for target, words in {
    "Jewish": "jews jew jewish zionists zionist zionism rabbis judaism",
    "Islam": "muslims muslim islam islamic islamists islamist moslems moslem mosques",
    "Christian": "christians christian catholics catholic evangelicals",
    "Hindu": "hindus hindu",
    "African": "blacks africans african negroes",
    "Arab": "arabs arab",
    "Asian": "asians asian chinks",
    "Hispanic": "hispanics hispanic latinos latino mexicans",
    "Refugee": "refugees refugee migrants migrant immigrants immigrant asylum-seekers",
    "Women": "women woman feminists females",
    "Homosexual": "gays gay homosexuals homosexual lesbians lesbian lgbt queers",
    "Caucasian": "whites",
}.items():
    for w in words.split():
        GROUPS[w] = target
_GROUP_RE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, GROUPS), key=len, reverse=True)) + r")\b", re.IGNORECASE)


@dataclass
class CommentResult:
    segment: int
    start: int
    end: int
    label: str
    confidence: float
    probabilities: dict[str, float]
    targets: dict[str, float]
    rationale: list[tuple[int, int]]
    conspiracy: bool
    conspiracy_evidence: list[tuple[int, int]] = field(default_factory=list)
    conspiracy_agents: list[tuple[int, int]] = field(default_factory=list)
    conspiracy_confidence: float = 0.0
    reason: str = ""
    author: str | None = None
    time: str | None = None
    antisemitic: bool = False
    antisemitism_confidence: float = 0.0
    coded_terms: list[tuple[int, int, Term]] = field(default_factory=list)


def conspiracy_cues(text: str) -> tuple[list[tuple[int, int]], float]:
    """Evidence spans of conspiratorial framing and a confidence (0 when there is none)."""
    strong = [(m.start(), m.end()) for m in STRONG_CUES.finditer(text)]
    weak = [(m.start(), m.end()) for m in WEAK_CUES.finditer(text)
            if not any(s < m.end() and m.start() < e for s, e in strong)]
    if not strong and len(weak) < 2:
        return [], 0.0
    confidence = min(0.95, 0.55 + 0.2 * len(strong) + 0.1 * len(weak))
    return sorted(strong + weak), round(confidence, 2)


def groups_named(text: str) -> list[tuple[str, int, int]]:
    return [(GROUPS[m.group(0).lower()], m.start(), m.end()) for m in _GROUP_RE.finditer(text)]


# the group a coded term is aimed at (the glossary's Persona/In-Group), in HateXplain's taxonomy; in-groups whose
# terms aim at several groups ("racist", "white supremacist", "transphobic" has no HateXplain group) name none
CODED_TARGETS = {"antisemitic": "Jewish", "Islamophobic": "Islam", "anti-Latino": "Hispanic", "anti-Asian": "Asian",
                 "homophobic": "Homosexual", "misogynistic": "Women"}


def groups_coded(found: list[tuple[int, int, Term]]) -> list[tuple[str, int, int, bool]]:
    """Groups a comment names covertly, through the coded terms found in it (``dogwhistles.find``: "ZOG",
    "Rothschilds", "(((…)))" for Jews): (target, start, end, whether the term also has everyday uses)."""
    return [(CODED_TARGETS[t.in_group], s, e, t.ambiguous) for s, e, t in found if t.in_group in CODED_TARGETS]


class CommentAnalyser(Analyser):
    name = NAME
    requires = ("segments",)

    def warm(self) -> None:
        from unspin.analysers.comment_model import load_comment_model

        load_comment_model()

    def predict(self, docs: Sequence[Document]) -> list[list[CommentResult]]:
        from unspin.analysers.comment_model import load_comment_model

        out: list[list[CommentResult]] = []
        for doc in docs:
            segs = doc.segments_of("comment")
            texts = [doc.text[seg.start : seg.end] for _, seg in segs]
            if not texts:  # no comment section: the model is not even loaded (a cold start is ~0.4 s shorter)
                out.append([])
                continue
            # every comment of an article in one call; one call per article keeps a report independent of its batch
            model = load_comment_model()
            verdicts = model.classify(texts)
            out.append([judge(i, seg, text, v, model.conspiracy_threshold, model.antisemitism_threshold,
                               model.jewish_target_floor, model.agent_threshold)
                         for (i, seg), text, v in zip(segs, texts, verdicts)])
        return out

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[CommentResult]]) -> None:
        for doc, results in zip(docs, preds):
            doc.annotations.comments = results

    def contribute(self, doc: Document) -> Contribution:
        text = doc.text
        findings: list[AnyFinding] = [CommentFinding(
            label=cm.label, start=cm.start, end=cm.end, text=text[cm.start : cm.end], confidence=cm.confidence,
            analyser=NAME, segment=cm.segment, probabilities=cm.probabilities, targets=list(cm.targets),
            target_scores=cm.targets, rationale=[span(text, s, e) for s, e in cm.rationale], conspiracy=cm.conspiracy,
            conspiracy_evidence=[span(text, s, e) for s, e in cm.conspiracy_evidence],
            conspiracy_agents=[span(text, s, e) for s, e in cm.conspiracy_agents],
            conspiracy_confidence=cm.conspiracy_confidence, reason=cm.reason or None, author=cm.author, time=cm.time,
            antisemitic=cm.antisemitic, antisemitism_confidence=cm.antisemitism_confidence,
            coded_terms=[CodedTerm(start=s, end=e, text=text[s:e], term=t.term, meaning=t.meaning, in_group=t.in_group)
                         for s, e, t in cm.coded_terms],
        ) for cm in doc.annotations.comments or []]
        findings = kept(doc, findings)
        comments = [f for f in in_report_order(findings) if isinstance(f, CommentFinding)]
        return Contribution(findings=findings, summary={"comments": CommentSummary(
            count=len(comments), by_label=dict(Counter(f.label for f in comments).most_common()),
            by_target=dict(Counter(t for f in comments if f.label != "normal" for t in f.targets).most_common()),
            conspiracy=sum(1 for f in comments if f.conspiracy),
        )})


def judge(index: int, seg: Segment, text: str, v: CommentVerdict, conspiracy_threshold: float = 0.5,
          antisemitism_threshold: float = 0.5, jewish_floor: float = 0.0, agent_threshold: float = 0.0) -> CommentResult:
    """The verdict on one comment: the classifier's label and targets; conspiracy talk from the conspiracy head and
    the agent tagger (the head must reach ``conspiracy_threshold`` and the comment must name someone who plots, an
    agent at ``agent_threshold``: talk *about* conspiracy theories names nobody); the cue list only points at the
    evidence; antisemitism from its head; then three reasoned rules: an antisemitic comment (IHRA) is hate against
    Jews; conspiracy talk that blames a named group is hate against that group; and hate against a group the comment
    names, in a comment where the agent tagger finds a plotter ("the FBI is controlled by the Jews"), is conspiracy
    talk blaming that group, whatever the conspiracy head says."""
    cues, cue_conf = conspiracy_cues(text)
    label, confidence, targets, reason = v.label, v.confidence, dict(v.targets), ""
    rationale = list(v.rationale)
    # a coded term names its group as plainly as the word for it does; one with everyday uses ("globalists",
    # "bankers") only once the models flag the comment (the glossary's own rule)
    found_terms = dogwhistles.find(text)
    coded_groups = groups_coded(found_terms)
    flagged_by_models = v.label != "normal" or (v.conspiracy is not None and v.conspiracy >= conspiracy_threshold)
    named = groups_named(text) + [(t, s, e) for t, s, e, everyday in coded_groups if flagged_by_models or not everyday]
    agents: list[tuple[int, int]] = []
    if v.conspiracy is not None:  # a v2 model decides; cues are evidence
        has_agent = v.agent is None or v.agent >= agent_threshold
        conspiracy, cconf = v.conspiracy >= conspiracy_threshold and has_agent, v.conspiracy
        agents = list(v.agents) if conspiracy else []
    else:  # a model without the head: the cue list decides (v1 behaviour)
        conspiracy, cconf = bool(cues), cue_conf
    if (not conspiracy and v.label != "normal" and v.agent is not None and v.agent >= agent_threshold
            and any(t in v.targets for t, _, _ in named)):
        # hate against a group the comment names, in a comment that casts someone as the plotter: the attacked group
        # is the one blamed ("the FBI is controlled by the Jews")
        agents = [(gs, ge) for t, gs, ge in named if t in v.targets]
        conspiracy, cconf = True, round(min(v.agent, 1.0 - v.probabilities["normal"]), 3)
        reason = f"{v.label} against a group it names, in a comment that blames a plotter: assessed as conspiracy talk"
    evidence = cues if conspiracy else []
    if conspiracy and not evidence and not agents:  # no cue, no tagged agent: the named groups are the blamed agents
        evidence = [(s, e) for _, s, e in named]
    antisemitic_p = v.antisemitism or 0.0
    if v.antisemitism is not None and antisemitic_p >= antisemitism_threshold:
        targets["Jewish"] = max(targets.get("Jewish", 0.0), round(antisemitic_p, 3))
        rationale += [(s, e) for t, s, e in named if t == "Jewish"]
        if label == "normal":
            label, confidence = "hatespeech", round(antisemitic_p, 3)
            reason = f"the antisemitism detector (IHRA definition) fires at {antisemitic_p:.0%}: assessed as hate against Jews"
    support = v.antisemitism_support if v.antisemitism_support is not None else v.antisemitism
    if support is not None and support < jewish_floor:
        # a model with an antisemitism head judges Jewish targets itself: naming Jews in a conspiracy comment that
        # head does not find antisemitic (e.g. one that calls a conspiracy theory out) is not blaming them, whether
        # it names them openly or in code ("Things not to blame for coronavirus: 1) The Rothschilds (aka Jews)")
        named = [(t, s, e) for t, s, e in named if t != "Jewish"]
    if label != "normal":  # hate or offence in a comment that names a group in code is aimed at that group
        for target, s, e in named:
            if (s, e) in {(cs, ce) for _, cs, ce, _ in coded_groups}:
                targets[target] = max(targets.get(target, 0.0), round(1.0 - v.probabilities["normal"], 3))
                rationale.append((s, e))
    if conspiracy and named:
        for target, s, e in named:
            targets[target] = max(targets.get(target, 0.0), round(cconf, 3))
            rationale.append((s, e))
        if label == "normal":
            label = "hatespeech"
            confidence = round(max(cconf, 1.0 - v.probabilities["normal"]), 3)
            reason = ("conspiracy talk that blames a named group (" + ", ".join(sorted({t for t, _, _ in named}))
                      + "): assessed as hate against that group")
    if conspiracy:
        rationale += evidence
    flagged = label != "normal" or conspiracy
    coded = [(s, e, t) for s, e, t in found_terms if flagged or not t.ambiguous]
    antisemitic = label in ("hatespeech", "offensive") and "Jewish" in targets
    return CommentResult(
        segment=index, start=seg.start, end=seg.end, label=label, confidence=confidence,
        probabilities=v.probabilities, targets=dict(sorted(targets.items(), key=lambda kv: -kv[1])),
        rationale=[(seg.start + s, seg.start + e) for s, e in sorted(set(rationale))] if label != "normal" else [],
        conspiracy=conspiracy, conspiracy_evidence=[(seg.start + s, seg.start + e) for s, e in sorted(set(evidence))],
        conspiracy_agents=[(seg.start + s, seg.start + e) for s, e in agents],
        conspiracy_confidence=round(cconf, 3), reason=reason, author=seg.author, time=seg.time,
        antisemitic=antisemitic, antisemitism_confidence=round(antisemitic_p, 3),
        coded_terms=[(seg.start + s, seg.start + e, t) for s, e, t in coded],
    )
