"""The tagger's reading: attributions from the PolNeAR-trained tagger (``attribution_model``) on the shared model
pass, shaped for the report (one line, one sentence unless quoted, no "that", no stray quote marks) with their
sources resolved to actors like the rules' ones."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from unspin.analysers.quotes.attribution import Attribution
from unspin.analysers.quotes.content import balanced
from unspin.analysers.quotes.cue import SPEECH
from unspin.analysers.quotes.resolve import PARTY_STATE, speaker_for
from unspin.analysers.quotes.source import RELATIVE_ASIDE, source_before
from unspin.document import Document

_MARKS = "\"“”«»„‘’'"
# verbs whose object follows them: "accused ISIS of …", "urged Congress to …", "told reporters …" (the one spoken
# to or about, never the one speaking)
_OBJECT_VERB = re.compile(r"(?:accus|urg|told|ask|blam|warn|press|remind|assur|inform|prais|thank|criticiz|criticis|"
                          r"condemn|call(?:ed|ing|s)?\s+on|call(?:ed|ing|s)?\s+upon)\w*\s*$", re.IGNORECASE)


Region = tuple[int, np.ndarray, np.ndarray, int]  # start, the tagger's features, piece offsets (from start), end


def regions(doc: Document) -> list[Region]:
    """What the attribution tagger reads, each on its own: the headline ("Flynn says Trump 'absolutely right' …" is an
    attribution) and the body (from its first paragraph to its last). Read as one sequence, the headline ran into
    the lede and the lede's own attribution was lost (PolNeAR dev merged F1 0.6805 -> 0.6847 against not reading
    headlines, 0.6818 when headlines in title case are skipped)."""
    from unspin.inference.trunk import piece_features

    states = doc.annotations.states
    if states is None:
        return []
    out = []
    for kind in ("title", "body"):
        zones = [s for s in doc.segments if s.kind == kind]
        if not zones:
            continue
        lo, hi = zones[0].start, zones[-1].end
        idx = states.pieces(lo, hi)
        if len(idx):
            out.append((lo, piece_features(states)[idx], states.offsets[idx] - lo, hi))
    return out


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch in "-'’_"


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` widened to whole words. The tagger reads word pieces, so a span can begin or end inside a
    word ("-runners Donald Trump" for "front-runners …"); a span never cuts a word (hyphenated and apostrophised
    words count as one)."""
    while 0 < start < len(text) and _wordish(text[start - 1]) and _wordish(text[start]):
        start -= 1
    while 0 < end < len(text) and _wordish(text[end - 1]) and _wordish(text[end]):
        end += 1
    return start, end


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A cue or source span without the punctuation the tagger sometimes takes along ("added:", "Trump,")."""
    start, end = whole_words(text, start, end)
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return (start, end) if end > start else None


# "who asked not to be named", "requested anonymity": the terms of speaking, not what was said
_ANONYMITY = re.compile(r"(?:not\s+)?to\s+be\s+(?:named|identified|quoted)\b|(?:for\s+)?anonymity\b", re.IGNORECASE)
# a conjunction (and a speech verb) that ends a reported content belongs to the next clause
_DANGLING = re.compile(r"(?:,?\s+(?:and|or|but))(?:\s+(?:" + SPEECH + r"))?\s*$", re.IGNORECASE)


def learned_quotations(doc: Document, actors: list, features: Region | None,
                       probs: np.ndarray | None = None, found: dict | None = None) -> list[Attribution]:
    """The tagger's attributions in body paragraphs, each kept to one sentence unless it is in quote marks, with its
    cue and source only when they are in that sentence. The tagger reads the shared encoder pass's states."""
    from unspin.analysers.attribution_model import load_attribution_tagger

    if features is None:
        return []
    lo, feats, offsets, hi = features
    part = doc.text[lo:hi]
    out = []
    for a in load_attribution_tagger().attributions(part, feats, offsets, probs, found):
        c0, c1 = whole_words(doc.text, a.content[0] + lo, a.content[1] + lo)
        nl = doc.text.find("\n", c0, c1)
        if nl >= 0:  # content never runs across lines (list items, paragraphs)
            c1 = nl
        direct = doc.text[c0] in _MARKS
        sent = doc.sentence_at(c0)
        if sent and not direct and c1 > sent[1]:
            c1 = sent[1]
        while c0 < c1 and doc.text[c0] in _MARKS + " ,;:":  # no content opens with the comma before it
            c0 += 1
        while c1 > c0 and doc.text[c1 - 1] in _MARKS + " ,.":
            c1 -= 1
        if doc.text[c0 : c0 + 5].lower() == "that ":  # the complementiser is not part of what was said
            c0 += 5
        if not direct:  # "expressed concern about [the letter and said] it could hurt": the next clause's opening
            tail = _DANGLING.search(doc.text, c0, c1)
            if tail:
                c1 = tail.start()
        c1 = balanced(doc.text, c0, c1)
        if not direct and _ANONYMITY.match(doc.text, c0):
            continue
        seg = doc.segment_at(c0)
        if len(doc.text[c0:c1].split()) < 2 or seg is None or seg.kind not in ("title", "body"):
            continue
        near = {x for x in (doc.sentence_at(c0), doc.sentence_at(max(c0, c1 - 1))) if x}
        cue = _trimmed(doc.text, a.cue[0] + lo, a.cue[1] + lo) if a.cue else None
        if cue and not any(s0 <= cue[0] < s1 for s0, s1 in near):
            cue = None
        name, source = None, None
        if a.source and cue:
            cs = doc.sentence_at(cue[0])
            source = _trimmed(doc.text, a.source[0] + lo, a.source[1] + lo)
            if source and cs and not cs[0] <= source[0] < cs[1]:
                source = None
        if cue is None and source is None:
            continue  # content without anyone saying it
        if (source and cue and source[0] >= cue[1] and _OBJECT_VERB.match(doc.text, cue[0], source[0])
                and not re.match(r"\s*(?:[,.;:!?]|$)", doc.text[source[1] : source[1] + 3])):  # not '"…?" asked Smith.'
            cs = doc.sentence_at(cue[0])  # "… and also accused ISIS of carrying out …": the subject speaks
            source = source_before(doc.text, cs[0], cue[0], actors) if cs else None
        if source:
            source = party_tag_owner(doc.text, actors, whole_mentions(doc.text, actors, source))
            if cue is not None:
                source = relative_antecedent(doc, source, cue)
            aside = RELATIVE_ASIDE.search(doc.text, source[0], source[1])
            if aside and aside.start() > source[0]:  # "A spokesperson for the group, who asked not to be named"
                source = (source[0], aside.start())
            name, _ = speaker_for(doc.text, actors, *source)
        out.append(Attribution(c0, c1, name, source, cue, direct=direct))
    return _joined(doc.text, out)


def _joined(text: str, found: list[Attribution]) -> list[Attribution]:
    """Pieces of one reported content that the tagger cut at a comma ("As Trump prepared to speak …, | a girl … was
    pepper-sprayed …, police said"): neighbours with the same cue and nothing but a comma between them are one."""
    out: list[Attribution] = []
    for a in sorted(found, key=lambda q: q.start):
        prev = out[-1] if out else None
        if (prev is not None and not prev.direct and not a.direct and prev.cue is not None and prev.cue == a.cue
                and prev.speaker_span == a.speaker_span and re.fullmatch(r"\s*[,;]?\s*", text[prev.end : a.start])):
            out[-1] = replace(prev, end=a.end)
        else:
            out.append(a)
    return out


def relative_antecedent(doc: Document, span: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int]:
    """"A spokesperson for the group, who asked not to be named, said …": a source the tagger found inside a
    relative clause that sits between a noun phrase and the speech verb (often "who", sometimes a piece of the clause)
    stands for that noun phrase (from the clause's start, at most 8 words). When the verb is the relative clause's
    own ("Donald Trump Jr., who suggested that …"), the span stays: ``speaker_for`` reads "who" as the person right
    before."""
    text = doc.text
    before_cue = text[: cue[0]].rstrip()
    if not before_cue.endswith(","):
        return span
    rel = None
    for m in re.finditer(r",\s+(?:who|which)\b[^,]*,$", text[max(0, len(before_cue) - 160) : len(before_cue)]):
        rel = max(0, len(before_cue) - 160) + m.start()
    if rel is None or not rel < span[0] < cue[0]:
        return span
    sent = doc.sentence_at(rel)
    lo = sent[0] if sent else max(0, rel - 120)
    opener = max(text.rfind(c, lo, rel) for c in ",;:(\n")
    start = max(lo, opener + 1)
    while start < rel and text[start].isspace():
        start += 1
    phrase = text[start:rel]
    if not phrase or len(phrase.split()) > 8 or phrase[:1] in _MARKS:
        return span
    return party_tag_owner(text, doc.annotations.actors or [], (start, rel))  # "Sen. Rand Paul, R-Ky., who …"


def party_tag_owner(text: str, actors: list, span: tuple[int, int]) -> tuple[int, int]:
    """A source that is only a legislator's party and state ("R-Ky." of "Sen. Rand Paul, R-Ky., … called it") takes
    in the person named right before it."""
    s, e = span
    if not PARTY_STATE.fullmatch(text[s:e].strip()):
        return span
    named = [ms for a in actors if a.type == "person" for ms, me in a.mentions
             if me <= s and not text[me:s].strip(" ,(\u00a0")]
    return (min(named), e) if named else span


def whole_mentions(text: str, actors: list, span: tuple[int, int]) -> tuple[int, int]:
    """A source span the tagger cut inside a name ("The World" of "The World Food Programme said", "Nations" of
    "the United Nations") grows to the whole mention of that actor, on the same line; one cut at an honorific's
    period ("Mr" of "Mr. Obama's announcement") takes the name after it."""
    s, e = span
    honorific = re.match(r"\.\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)", text[e : e + 40])
    if honorific and re.fullmatch(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof|St)", text[s:e].split()[-1] if text[s:e].split() else ""):
        e += honorific.end(1)
        while e > s and text[e - 2 : e] in ("’s", "'s"):
            e -= 2
    for a in actors:
        if a.type == "place":
            continue
        for ms, me in a.mentions:
            if (ms < e and s < me and (ms < s or me > e) and "\n" not in text[min(ms, s) : max(me, e)]
                    and not re.search(r"\d|\s[-\u2013\u2014]\s|\b[A-Z]{3,}\b", text[ms:me])):  # datelines, figures
                s, e = min(s, ms), max(e, me)
    return s, e


def learned_sources(doc: Document, features: Region | None,
                    found: dict, actors: list | None = None) -> list[tuple[int, int]]:
    """Every span the tagger reads as a source ("Warren", "Rep. Gwen Moore (D-Wis.)", "the New York businessman"),
    paired with content or not (``found``: the tagger's decoded spans, shared with ``learned_quotations``): the
    merge stage gives one to a rule quotation that has no speaker of its own."""
    if features is None:
        return []
    lo = features[0]
    actors = actors if actors is not None else []
    out = []
    for s, e, _ in found["SRC"]:
        got = _trimmed(doc.text, s + lo, e + lo)
        if got is not None:
            out.append(party_tag_owner(doc.text, actors, whole_mentions(doc.text, actors, got)))
    return out
