"""Quoted passages and their speakers, used to give each technique span its voice.

A technique inside a quotation belongs to the quoted speaker, not the author.
Short quoted phrases with no speech cue nearby ("so-called 'peace plan'") are
scare quotes: the author's own framing, so they stay in the author's voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from unspin.analysers.actors import Actor

_PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’"))
_CUE = re.compile(
    r"\b(said|says|say|told|tells|added|adds|stated|states|declared|claimed|claims|wrote|writes|asked|noted|"
    r"stressed|insisted|warned|explained|announced|according to|quoted|tweeted|posted)\b",
    re.IGNORECASE,
)
_LIST_HEAD = re.compile(
    r"^(?:from|quotes? from|some of)\s+(?P<name>[^\n:]{2,80}?)['’]s?\s+(?:statements|remarks|words|quotes|comments)\s*[:：]?\s*$"
    r"|^(?P<name2>[^\n:]{2,80}?)['’]s?\s+(?:statements|remarks|words|quotes)\s*[:：]\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_PRONOUN = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quoted:
    start: int  # content, quote marks excluded
    end: int
    speaker: str | None  # actor name
    speaker_span: tuple[int, int] | None
    cue: tuple[int, int] | None
    direct: bool = True
    listed: bool = False  # an item of a "From X's statements:" list: X is the speaker by construction


def _straight_pairs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    marks = [m.start() for m in re.finditer('"', text[lo:hi])]
    return [(lo + marks[i] + 1, lo + marks[i + 1]) for i in range(0, len(marks) - 1, 2)]


def _curly_pairs(text: str, lo: int, hi: int, open_: str, close: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = lo
    while True:
        a = text.find(open_, pos, hi)
        if a < 0:
            return out
        if open_ == "‘" and a > 0 and text[a - 1].isalnum():
            pos = a + 1
            continue
        b = a + 1
        while True:
            b = text.find(close, b, hi)
            if b < 0 or close != "’" or b + 1 >= hi or not text[b + 1].isalpha():
                break
            b += 1  # an apostrophe inside the quote
        if b < 0:
            return out
        out.append((a + 1, b))
        pos = b + 1


def _actor_at(actors: list[Actor], start: int, end: int) -> tuple[Actor, tuple[int, int]] | None:
    for a in actors:
        for s, e in a.mentions:
            if s >= start and e <= end:
                return a, (s, e)
    return None


_BOUNDARY = re.compile(r"[.!?][\"”»’']?\s+(?=[A-Z\"“«‘])")


def last_person_before(actors: list[Actor], offset: int) -> Actor | None:
    """The person actor whose mention ends last at or before ``offset`` (antecedent of "he", "the leader")."""
    prior = [(ms, a) for a in actors if a.type == "person" for ms, me in a.mentions if me <= offset]
    return max(prior, key=lambda x: x[0])[1] if prior else None


_NATIONS = [  # nationality words and the names of their country, as articles write them
    {"american", "u.s.", "us", "united states", "america"}, {"ukrainian", "ukraine"}, {"russian", "russia"},
    {"french", "france"}, {"german", "germany"}, {"british", "uk", "u.k.", "britain"}, {"chinese", "china"},
    {"polish", "poland"}, {"italian", "italy"}, {"israeli", "israel"}, {"turkish", "turkey"}, {"iranian", "iran"},
    {"canadian", "canada"}, {"japanese", "japan"}, {"indian", "india"}, {"european", "eu", "e.u."},
]
_ROLES = {"president", "leader", "minister", "premier", "chancellor", "king", "head", "chief", "secretary",
          "spokesman", "spokeswoman", "spokesperson", "general", "senator", "governor", "mayor", "aide", "prime"}


def _nations(words: set[str]) -> set[int]:
    return {i for i, names in enumerate(_NATIONS) if words & names}


def _words(phrase: str) -> set[str]:
    low = phrase.lower()
    found = set(re.findall(r"[a-z][a-z.]*[a-z]|[a-z]", low))
    found |= {n for names in _NATIONS for n in names if " " in n and n in low}
    return {w.rstrip(".") if w.count(".") == 1 else w for w in found}


def resolve_description(text: str, actors: list[Actor], s: int, e: int) -> Actor | None:
    """The person a description such as "the American leader" or "the U.S. president" stands for.

    People whose own descriptions in the article ("U.S. President Donald Trump") share the phrase's nationality
    (American = U.S. = United States) and role are candidates; those described with another nationality are not.
    One candidate: that person. None: the only person not ruled out who is mentioned in the preceding text,
    if there is one. Otherwise the description is ambiguous and resolves to nobody."""
    phrase = text[s:e]
    if not re.match(r"^(?:the|this|that)\s", phrase.lower()):
        return None
    words = _words(phrase) - {"the", "this", "that"}
    nations, roles = _nations(words), words & _ROLES
    people = [a for a in actors if a.type == "person"]
    fits, open_ = [], []
    for a in people:
        known = set().union(*(_words(d) for d in a.descriptions)) if a.descriptions else set()
        theirs = _nations(known)
        if nations and theirs and not nations & theirs:
            continue  # described with another nationality
        open_.append(a)
        if (nations and nations & theirs) or (not nations and roles and roles & known):
            fits.append(a)
    if len(fits) == 1:
        return fits[0]
    if fits:
        open_ = fits
    before = [a for a in open_ if any(me <= s for _, me in a.mentions)]
    if len(before) == 1:
        return before[0]
    if not nations and not roles:
        return last_person_before([a for a in actors if a in before or a.type != "person"], s)
    # the sentence before (and this one up to the phrase) names exactly one of them: the antecedent is clear
    starts = [m.end() for m in _BOUNDARY.finditer(text, max(0, s - 600), s + 1) if m.end() <= s]
    lo = starts[-2] if len(starts) >= 2 else (max(0, s - 600) if not starts else max(0, starts[-1] - 300))
    near = [a for a in before if any(lo <= ms and me <= s for ms, me in a.mentions)]
    return near[0] if len(near) == 1 else None


def _speaker_near(text: str, actors: list[Actor], q_start: int, q_end: int, lo: int, hi: int) -> Quoted:
    """Find the speaker of a quote in its sentence (within paragraph ``[lo, hi)``)."""
    # the sentence around the quote: speakers in the next or previous sentence are not this quote's
    stop = _BOUNDARY.search(text, q_end, hi)
    s_end = stop.start() + 1 if stop and stop.start() > q_end else (q_end if stop and stop.start() == q_end else hi)
    s_start = lo
    for m in _BOUNDARY.finditer(text, lo, q_start):
        if m.end() <= q_start:
            s_start = m.end()
    after = text[q_end:s_end][:160]
    before = text[s_start:q_start][-200:]
    # "X added:" / "X said," right before the quote
    lead = re.search(rf"(?:\b(?:{_SPEECH})\b)(?:\s+\w+){{0,3}}\s*[:,]?\s*$", before.rstrip("\"“«„‘'"))
    if lead:
        verb = re.match(r"\w+(?: out)?", lead.group(0))
        cue = (q_start - len(before) + lead.start(), q_start - len(before) + lead.start() + (verb.end() if verb else 0))
        src = _source_before(text, s_start, cue[0], actors)
        if src is not None:
            name, span = _speaker_for(text, actors, *src)
            if name is None:
                who = resolve_description(text, actors, *src)
                name = who.name if who else None
            return Quoted(q_start, q_end, name, src, cue)
    cue_m = _CUE.search(after) or None
    cue_span = (q_end + cue_m.start(), q_end + cue_m.end()) if cue_m and cue_m.start() < 40 else None
    windows = [(q_end, min(s_end, q_end + 120)), (max(s_start, q_start - 200), q_start)]
    best: tuple[Actor, tuple[int, int]] | None = None
    for a in actors:
        if a.type == "place":
            continue
        for s, e in a.mentions:
            for w0, w1 in windows:
                if w0 <= s and e <= w1:
                    dist = s - q_end if s >= q_end else q_start - e
                    if best is None or dist < (best[1][0] - q_end if best[1][0] >= q_end else q_start - best[1][1]):
                        best = (a, (s, e))
    if cue_span is None:
        cues = list(_CUE.finditer(before))
        if cues:
            m = cues[-1]
            off = q_start - len(before)
            cue_span = (off + m.start(), off + m.end())
    if best is None and cue_span is not None:
        w0 = max(0, cue_span[0] - 30)
        pron = _PRONOUN.search(text[w0 : cue_span[1] + 30])
        if pron:
            who = last_person_before(actors, q_start)
            if who is not None:
                return Quoted(q_start, q_end, who.name, (w0 + pron.start(), w0 + pron.end()), cue_span)
    if best is None:
        return Quoted(q_start, q_end, None, None, cue_span)
    return Quoted(q_start, q_end, best[0].name, best[1], cue_span)


def statement_lists(text: str, actors: list[Actor]) -> list[Quoted]:
    """Lines under "From X's statements:" that open with a quote mark, all X's."""
    out = []
    for head in _LIST_HEAD.finditer(text):
        name_start = head.start("name") if head.group("name") else head.start("name2")
        name_end = head.end("name") if head.group("name") else head.end("name2")
        hit = _actor_at(actors, name_start, name_end)
        name = hit[0].name if hit else text[name_start:name_end]
        pos = head.end() + 1
        while pos < len(text):
            nl = text.find("\n", pos)
            line_end = len(text) if nl < 0 else nl
            line = text[pos:line_end]
            stripped = line.strip()
            if not stripped:  # a blank line between listed statements does not end the list
                nxt = text[line_end + 1 :].lstrip()
                if nxt[:1] and nxt[0] in "\"“«„'‘" and line_end < len(text):
                    pos = line_end + 1
                    continue
                break
            if stripped[0] not in "\"“«„'‘-–—•":
                break
            s = pos + len(line) - len(line.lstrip()) + 1
            e = pos + len(line.rstrip())
            if text[e - 1] in "\"”»“'’":
                e -= 1
            if e > s:
                out.append(Quoted(s, e, name, (name_start, name_end), (head.start(), head.end()), listed=True))
            pos = line_end + 1
    return out


def find_quotations(text: str, paragraphs: list[tuple[int, int]], actors: list[Actor],
                    sentences: list[tuple[int, int]] | None = None) -> list[Quoted]:
    """Every quotation (not scare quotes) with its speaker when the text makes it clear; with ``sentences``,
    reported speech without quote marks too."""
    listed = statement_lists(text, actors)
    found: list[Quoted] = list(listed)
    for lo, hi in paragraphs:
        pairs = _straight_pairs(text, lo, hi)
        for o, c in _PAIRS:
            pairs += _curly_pairs(text, lo, hi, o, c)
        for s, e in sorted(set(pairs)):
            if any(q.start <= s < q.end for q in found):
                continue
            q = _speaker_near(text, actors, s, e, lo, hi)
            words = len(text[s:e].split())
            if words < 4 and q.cue is None:
                continue  # scare quotes: the author's own words
            found.append(q)
    if sentences:
        found += indirect_quotations(text, sentences, actors, found)
    return sorted(found, key=lambda q: q.start)


def quotation_holding(start: int, end: int, quotes: list[Quoted], direct_only: bool = True) -> Quoted | None:
    """The direct quotation that holds at least half of ``[start, end)``, if any: the span is then in its speaker's
    voice. Reported speech ("X said that ...", "every patriot understands that ...") is the author's wording of what
    someone said or thought, so it stays in the author's voice (``direct_only=False`` finds it too, for sourcing)."""
    for q in quotes:
        if direct_only and not q.direct:
            continue
        overlap = min(end, q.end) - max(start, q.start)
        if overlap > 0 and overlap >= 0.5 * (end - start):
            return q
    return None


Voice = Literal["author", "quoted", "reported"]


def voice_of(start: int, end: int, quotes: list[Quoted]) -> tuple[Voice, Quoted | None]:
    """Whose words ``[start, end)`` are: ``quoted`` inside a direct quotation (the speaker's own words), ``reported``
    inside indirect speech ("the president said he could not imagine such insane actions": the author's wording
    of the speaker's view), else ``author``. A quotation holds a span when it covers at least half of it."""
    q = quotation_holding(start, end, quotes)
    if q is not None:
        return "quoted", q
    r = quotation_holding(start, end, [x for x in quotes if not x.direct], direct_only=False)
    if r is not None:
        return "reported", r
    return "author", None


# ---- indirect speech ------------------------------------------------------------------------------------------
_SPEECH = (
    r"said|says|say|told|tells|tell|stated|states|declared|declares|claimed|claims|claim|announced|announces|added|adds|"
    r"noted|notes|stressed|stresses|insisted|insists|warned|warns|explained|explains|argued|argues|believes|believe|"
    r"believed|thinks|think|thought|suggested|suggests|reported|reports|wrote|writes|admitted|admits|acknowledged|"
    r"acknowledges|confirmed|confirms|denied|denies|alleged|alleges|emphasi[sz]ed|emphasi[sz]es|assured|assures|"
    r"promised|promises|predicted|predicts|accused|accuses|recalled|recalls|pointed out|points out|maintained|"
    r"maintains|contended|contends|asserted|asserts|vowed|vows|concluded|concludes|estimated|estimates|revealed|reveals|"
    r"called|calls"
)
_TOLD_OBJECT = r"(?:\s+(?:reporters|journalists|the press|the media|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}|him|her|them|us|me|\w+ (?:reporters|journalists|media|audience|crowd|outlet|newspaper|agency|channel)))?"
_INDIRECT_CUE = re.compile(
    rf"(?P<cue>\b(?:{_SPEECH})\b(?:{_TOLD_OBJECT})?(?:\s+on\s+\w+day)?(?:\s*,)?(?:\s+that\b|\s*:)?)",
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<src>[^,.;:!?\n]{2,90}?)(?=\s*(?:,|\.|;|$|\s+who\s))")
_SOURCE_WORDS = re.compile(
    r"^(?:(?:the|a|an|one|two|three|several|some|many|other|senior|top|unnamed|anonymous|western|russian|ukrainian|"
    r"american|u\.s\.|us|european|british|french|german|chinese|israeli|local|military|government|kremlin|"
    r"white house|state department|his|her|their|its)\s+)*"
    r"(?:officials?|sources?|spokes(?:man|woman|person)|aides?|experts?|analysts?|observers?|diplomats?|ministry|"
    r"minister|president|leader|government|authorities|police|army|military|statement|report|reports|documents?|"
    r"insiders?|critics|residents|witnesses|media|agency|kremlin|pentagon|white house|department|office|commission|"
    r"investigators|prosecutors|lawmakers|senators?|scientists|researchers|people familiar with[\w\s]*?)$",
    re.IGNORECASE,
)
_PRONOUNS = {"he", "she", "they", "we", "i", "it"}


def _speaker_for(text: str, actors: list[Actor], s: int, e: int) -> tuple[str | None, tuple[int, int] | None]:
    """Resolve a source phrase ``text[s:e]`` to an actor name: a mention inside it, or a pronoun's antecedent."""
    inside = [(ms, me, a) for a in actors if a.type != "place" for ms, me in a.mentions if ms >= s and me <= e]
    if inside:
        ms, me, a = max(inside, key=lambda x: x[1] - x[0])
        return a.name, (ms, me)
    phrase = text[s:e].strip().lower()
    who = resolve_description(text, actors, s, e)
    if who is not None and re.search(r"\b(?:president|leader|minister|premier|chancellor|king|head|chief|"
                                     r"secretary|spokes\w+|general|senator|governor|mayor)\b", phrase):
        return who.name, None
    if phrase in ("he", "she"):
        who = last_person_before(actors, s)
        if who is not None:
            return who.name, None
    return None, None


def _source_before(text: str, lo: int, cue_start: int, actors: list[Actor]) -> tuple[int, int] | None:
    """The source phrase right before a speech verb: an actor mention, a pronoun or a source noun phrase."""
    left = text[lo:cue_start]
    stripped = left.rstrip()
    end = lo + len(stripped)
    if end <= lo:
        return None
    # an actor mention ending right before the cue (allow ", the Kremlin spokesman," apposition in between)
    for a in actors:
        if a.type == "place":
            continue
        for ms, me in a.mentions:
            if lo <= ms and me <= end and (me == end or re.fullmatch(r",[^,]{2,60},", text[me:end].strip() or "x")):
                start = ms
                # take titles such as "presidential aide" in front of the name
                pre = re.search(r"(?:\b[A-Za-z.]+\s+){0,3}$", text[max(lo, ms - 40) : ms])
                if pre and _SOURCE_WORDS.match(pre.group(0).strip() + " official") and pre.group(0).strip():
                    start = ms - len(pre.group(0))
                return start, end
    m = re.search(r"(?:^|[,;(]\s*|\b(?:and|but|while|as|because|since|when)\s+)(?P<np>[^,;()]{1,60})$", stripped)
    if not m:
        return None
    np_start = lo + m.start("np")
    phrase = text[np_start:end].strip()
    if phrase.lower() in _PRONOUNS or _SOURCE_WORDS.match(phrase):
        return np_start + (len(text[np_start:end]) - len(text[np_start:end].lstrip())), end
    return None


def _content_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?;:,\"”»’'"):
        end -= 1
    return end


def indirect_quotations(text: str, sentences: list[tuple[int, int]], actors: list[Actor], taken: list[Quoted]) -> list[Quoted]:
    """Reported speech without quote marks: "according to X, …", "X said (that) …", "…, X said"."""
    out: list[Quoted] = []

    def free(s: int, e: int) -> bool:
        return not any(q.start < e and s < q.end for q in taken + out)

    for lo, hi in sentences:
        sent = text[lo:hi]
        acc = _ACCORDING.search(sent)
        if acc:
            src = (lo + acc.start("src"), lo + acc.end("src"))
            if acc.start() <= 3:  # "According to X, content."
                comma = sent.find(",", acc.end("src") - 0)
                c0 = lo + comma + 1 if comma >= 0 else lo + acc.end()
                c1 = _content_end(text, c0, hi)
            else:  # "content, according to X."
                c0, c1 = lo, _content_end(text, lo, lo + acc.start())
            while c0 < c1 and text[c0].isspace():
                c0 += 1
            if c1 - c0 > 10 and free(c0, c1):
                name, _ = _speaker_for(text, actors, *src)
                out.append(Quoted(c0, c1, name, src, (lo + acc.start(), lo + acc.start() + len("according to")), direct=False))
            continue
        for cue in _INDIRECT_CUE.finditer(sent):
            cs, ce = lo + cue.start(), lo + cue.end()
            found = _source_before(text, lo, cs, actors)
            tail = text[ce:hi]
            if found is not None and len(tail.split()) >= 3:
                src = found
                c0 = ce + len(tail) - len(tail.lstrip())
                c1 = _content_end(text, c0, hi)
                if text[c0 : c0 + 1] in "\"“«„" or not free(c0, c1):
                    break  # a direct quote follows: already found
                if c1 - c0 > 10:
                    name, _ = _speaker_for(text, actors, *src)
                    verb = re.match(r"\w+(?: out)?", text[cs:ce])
                    out.append(Quoted(c0, c1, name, src, (cs, cs + (verb.end() if verb else ce - cs)), direct=False))
                break
            # "content, X said." at the end of the sentence
            after = text[ce:hi].strip(" .\"”")
            if found is not None and not after and cs - lo > 15:
                comma = text.rfind(",", lo, found[0])
                if comma > lo:
                    c0, c1 = lo, _content_end(text, lo, comma)
                    if c1 - c0 > 10 and free(c0, c1):
                        name, _ = _speaker_for(text, actors, *found)
                        verb = re.match(r"\w+", text[cs:ce])
                        out.append(Quoted(c0, c1, name, found, (cs, cs + (verb.end() if verb else ce - cs)), direct=False))
                break
    return out
