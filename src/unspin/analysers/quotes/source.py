"""Stage 3, source: the phrase that names who is speaking, found around a quotation's cue: "X added:", "…," X said,
"presidential aide Yuri Ushakov", a pronoun, or a source noun phrase ("officials", "the ministry"). Never a span
inside another quotation."""

from __future__ import annotations

import re

from unspin.analysers.actors import Actor
from unspin.analysers.quotes.attribution import Attribution
from unspin.analysers.quotes.content import BOUNDARY
from unspin.analysers.quotes.cue import CUE, QUOTING
from unspin.analysers.quotes.evaluation import Scores, dev_runs
from unspin.analysers.quotes.resolve import antecedent, last_person_before, resolve_description, speaker_for

PRONOUN = re.compile(r"\b(he|she|they)\b", re.IGNORECASE)
SOURCE_WORDS = re.compile(
    r"^(?:(?:the|a|an|one|two|three|several|some|many|other|senior|top|unnamed|anonymous|western|russian|ukrainian|"
    r"american|u\.s\.|us|european|british|french|german|chinese|israeli|local|military|government|kremlin|"
    r"white house|state department|his|her|their|its)\s+)*"
    r"(?:officials?|sources?|spokes(?:man|woman|person)|aides?|experts?|analysts?|observers?|diplomats?|ministry|"
    r"minister|president|leader|government|authorities|police|army|military|statement|report|reports|documents?|"
    r"insiders?|critics|residents|witnesses|media|agency|kremlin|pentagon|white house|department|office|commission|"
    r"investigators|prosecutors|lawmakers|senators?|scientists|researchers|people familiar with[\w\s]*?)$",
    re.IGNORECASE,
)
PRONOUNS = {"he", "she", "they", "we", "i", "it"}
# a quotation whose words end with a full stop, its closing mark, then a capital: a new sentence starts after it
# (an attribution after a quotation follows a comma, "?" or "!": "…," he said; "…?" Trump asked) ...
CLOSED = re.compile(r"\.[\"”»’']+[ \t\u00a0]+(?=[A-Z])")
# ... when that sentence opens with an attribution of its own words ("He said Congress had failed"), whose source is
# not the quotation's speaker (a sentence such as "Trump holds investments in Apple" still may name it)
NEW_ATTRIBUTION = re.compile(rf"(?:[\w.’'-]+\s+){{1,3}}(?:{CUE.pattern})\s+(?:that\s+)?\w")
RELATIVE_ASIDE = re.compile(r",\s*(?:who|whom|whose|which)\b")  # an aside that is a relative clause: not part of the name
# a name right after "told", "asked", "tells" (a possessive between allowed) is the one spoken to, not the speaker
LISTENER = re.compile(r"\b(?:told|tells|tell|asked|asks|ask)\s+(?:the\s+)?(?:(?:[\w.]+\s+){0,2}[\w.]+[’']s\s+)?$",
                      re.IGNORECASE)


# "“…” ― Sonya Herridge" / "“…” — Carla Sanchez, 41, of Houston": a name after a dash that follows the closing
# mark, alone on the rest of its line (a description after a comma allowed): the speaker, by the convention of
# vox-pop and epigraph layouts
DASH_SOURCE = re.compile(
    r"[\"”»’']?[ \t\u00a0]*(?P<dash>[―—–]|--?)[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w'’.-]*(?:[ \t\u00a0]+(?:[A-Z][\w'’.-]*|de|da|del|van|von|la|le|bin|ibn)){0,4})"
    r"(?P<rest>[ \t\u00a0]*(?:[.,;][^\n]{0,80})?)(?=\n|$)")


def dash_source(text: str, actors: list[Actor], q_end: int) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """The speaker named after a dash right behind a quotation's closing mark (``DASH_SOURCE``): the name (the
    actor's, when an actor is mentioned there), its span and the dash's span; None when there is none."""
    m = DASH_SOURCE.match(text, q_end)
    if m is None:
        return None
    s, e = m.span("name")
    while e > s and text[e - 1] in ".’'":
        e -= 1
    name = next((a.name for a in actors if a.type != "place" and any(ms == s and me <= e for ms, me in a.mentions)),
                text[s:e])
    return name, (s, e), m.span("dash")


def colon_source(text: str, actors: list[Actor], q_start: int) -> tuple[str, tuple[int, int]] | None:
    """'Issa: Hillary Clinton’s ‘Honesty Is In Question’', 'Dr. Ben Carson: Hillary ‘Not Fit To Serve’': a line that
    opens with a person's name and a colon gives the quotation on it to that person (headline style; the colon is
    no cue of its own: PolNeAR reads none there)."""
    line = text.rfind("\n", 0, q_start) + 1
    m = re.match(r"\s*(?P<who>[^:\n]{2,60}?)\s*:\s", text[line:q_start])
    if m is None:
        return None
    s, e = line + m.start("who"), line + m.end("who")
    for a in actors:
        if a.type != "person":
            continue
        for ms, me in a.mentions:
            if s <= ms and me == e and re.fullmatch(r"(?:(?:[A-Z][\w.’'-]*)\s+){0,3}", text[s:ms]):
                return a.name, (ms, me)
    return None


# a question or topic clause after a quotation: the names in it are what was asked about, not who spoke
_QUESTION = re.compile(r"\b(?:whether|if|why|how|what|which|about)\b", re.IGNORECASE)


_PARTICIPLE = re.compile(r",\s*(?P<verb>saying|adding|telling|tweeting|writing|noting|arguing|declaring|insisting|warning|"
                         r"explaining|stating|claiming|quipping|joking|replying|responding|recalling|vowing|promising|calling|"
                         r"describing|dubbing|labell?ing|branding)"
                         r"(?:\s+[\w’'.]+){0,3}?\s*[:,]?\s*$")


_SPEECH_IN = re.compile(rf"\b(?P<verb>{QUOTING})\b(?!.*\b(?:{QUOTING})\b)")
# a speech verb right before a quotation, a listener or a few words between ("X added:", "told CNN’s Jake Tapper:")
_VERB_BEFORE = re.compile(rf"\b(?:{QUOTING})\b(?:\s+\w+(?:[’']s)?){{0,3}}\s*[:,]?\s*$")


def _subject(text: str, actors: list[Actor], lo: int, hi: int) -> tuple[str | None, tuple[int, int]] | None:
    """The subject of the main clause of ``text[lo:hi]``, when it is a person or a body: a pronoun that opens it
    (resolved), or an actor named at its start (after any adverbial opener and titles: "Former Democratic candidate
    Bernie Sanders, …"). None when the clause opens with anything else ("The report said …")."""
    opener = re.match(r"\s*[\"“‘']?(?:(?:with|after|before|like|unlike|as|despite|among|following|since|during|in|on|at|"
                      r"when|while|later|meanwhile|earlier|now|then|but|and|yet|so)\b[^,\n]*,\s*|(?:but|and|yet|so)\s+)*",
                      text[lo:hi], re.IGNORECASE)
    start = lo + (opener.end() if opener else 0)
    pron = re.match(r"(he|she)\b", text[start:hi], re.IGNORECASE)
    if pron:
        if last_person_before(actors, start) is None:
            return None
        who = antecedent(actors, start, pron.group(1), text)
        return (who.name if who else None), (start, start + len(pron.group(1)))
    opening = [(ms, me, a) for a in actors if a.type != "place" for ms, me in a.mentions
               if start <= ms < hi and re.fullmatch(r"(?:(?:the|a|former|[A-Z][\w.’'-]*|\([A-Z]+\)|[–—-])\s+){0,6}",
                                                    text[start:ms])
               and not re.match(r"[’']s?\b", text[me : me + 2])]
    if not opening:
        return None
    # a person before a body named in their title ("former UN Ambassador John Bolton", "House Speaker Paul Ryan")
    ms, me, a = min(opening, key=lambda x: (x[2].type != "person", x[0]))
    return a.name, (ms, me)


def _clause_speaker(text: str, actors: list[Actor], s_start: int, q_start: int, q_end: int) -> Attribution | None:
    """The speaker a quotation's own clause names before it, when a speech verb does not stand right before it:
    "Trump attacked Clinton for …, saying, “…”" (a participle of speech after a comma), "Hunter told Politico that
    he favours Trump because “…”" (a verb earlier in the sentence whose report holds the quote; no cue of its own),
    "Sanders was asked by host Bill Maher, “…”" (a passive verb's agent). None: the nearest-name rules decide.
    Read from the last sentence end or line break before the quote (the sentence finder may run a quote that opens a
    line into the sentence before it)."""
    ends = [m.end() for m in re.finditer(r"\n|[.!?][\"”’']?\s+(?=[A-Z\"“‘'])", text[s_start:q_start])]
    l_start = s_start + (ends[-1] if ends else 0)
    lead_in = text[l_start:q_start].rstrip("\"“«„‘' ")
    verb = _PARTICIPLE.search(lead_in)
    far = False
    if verb is None and not _VERB_BEFORE.search(lead_in):
        verb, far = _SPEECH_IN.search(lead_in), True
    if not verb:
        return None
    cue = (l_start + verb.start("verb"), l_start + verb.end("verb"))
    by = re.match(r"\s+by\s+", text[cue[1] : cue[1] + 6])
    agent = [(ms, me, a) for a in actors if a.type != "place" for ms, me in a.mentions
             if by and ms >= cue[1] + by.end() and re.fullmatch(r"(?:[\w.’'-]+\s+){0,3}", text[cue[1] + by.end() : ms])]
    if re.search(r"\b(?:was|were|is|are|been|being)\s+$", text[l_start : cue[0]]) and agent:
        ms, me, a = min(agent, key=lambda x: (x[2].type != "person", x[0]))
        return Attribution(q_start, q_end, a.name, (ms, me), None if far else cue)
    main = _subject(text, actors, l_start, cue[0])
    if main is None:
        return None
    return Attribution(q_start, q_end, main[0], main[1], None if far else cue)


def speaker_near(text: str, actors: list[Actor], q_start: int, q_end: int, lo: int, hi: int) -> Attribution:
    """Find the speaker of a quote in its sentence (within paragraph ``[lo, hi)``)."""
    dashed = dash_source(text, actors, q_end)
    if dashed is not None:
        return Attribution(q_start, q_end, dashed[0], dashed[1], dashed[2], listed=True)
    headed = colon_source(text, actors, q_start)
    if headed is not None:
        return Attribution(q_start, q_end, headed[0], headed[1], None)
    # the sentence around the quote: speakers in the next or previous sentence are not this quote's
    stop = BOUNDARY.search(text, q_end, hi)
    s_end = stop.start() + 1 if stop and stop.start() > q_end else (q_end if stop and stop.start() == q_end else hi)
    closed = CLOSED.match(text, max(0, q_end - 1))
    if closed and NEW_ATTRIBUTION.match(text, closed.end()):  # "… a blank check." He said Congress …: not its speaker
        s_end = q_end
    s_start = lo
    for m in BOUNDARY.finditer(text, lo, q_start):
        if m.end() <= q_start:
            s_start = m.end()
    after = text[q_end:s_end][:160]
    before = text[s_start:q_start][-200:]
    clause = _clause_speaker(text, actors, s_start, q_start, q_end)
    if clause is not None:
        return clause
    # "X added:" / "X said," right before the quote
    # (the words between may be a listener with a possessive: "Clinton told CNN’s Jake Tapper:")
    lead = _VERB_BEFORE.search(before.rstrip("\"“«„‘'"))
    if lead:
        verb = re.match(r"\w+(?: out)?", lead.group(0))
        cue = (q_start - len(before) + lead.start(), q_start - len(before) + lead.start() + (verb.end() if verb else 0))
        src = source_before(text, s_start, cue[0], actors)
        if src is not None:
            name, span = speaker_for(text, actors, *src)
            if name is None:
                who = resolve_description(text, actors, *src)
                name = who.name if who else None
            return Attribution(q_start, q_end, name, src, cue)
    cue_m = CUE.search(after) or None
    cue_span = (q_end + cue_m.start(), q_end + cue_m.end()) if cue_m and cue_m.start() < 40 else None
    # '“…,” he said of Trump’s desire …': the pronoun between the quote and its verb is the speaker; names after the
    # verb are what or whom it was said of
    subject = re.match(r"[\s,.!?\"”’']*\b(he|she)\s+$", after[: cue_m.start()], re.IGNORECASE) if cue_span and cue_m else None
    if subject and last_person_before(actors, q_start) is not None:
        at = q_end + subject.start(1)
        who = antecedent(actors, at, subject.group(1), text)
        return Attribution(q_start, q_end, who.name if who else None, (at, at + len(subject.group(1))), cue_span)
    # a name on another line (the next paragraph) is not this quote's speaker
    line_end = text.find("\n", q_end)
    line_start = text.rfind("\n", 0, q_start) + 1
    windows = [(q_end, min(s_end, q_end + 120, line_end if line_end >= 0 else len(text))),
               (max(s_start, q_start - 200, line_start), q_start)]
    best: tuple[Actor, tuple[int, int]] | None = None
    for a in actors:
        if a.type == "place":
            continue
        for s, e in a.mentions:
            if LISTENER.search(text, max(0, s - 40), s):  # "told CNN’s Jake Tapper": whom they spoke to
                continue
            if s >= q_end and _QUESTION.search(text, q_end, s):  # "… when asked whether they would vote for Clinton"
                continue
            for w0, w1 in windows:
                if w0 <= s and e <= w1 and not (e <= q_start and _quoted(text, lo, s)):
                    dist = s - q_end if s >= q_end else q_start - e
                    if best is None or dist < (best[1][0] - q_end if best[1][0] >= q_end else q_start - best[1][1]):
                        best = (a, (s, e))
    if cue_span is None:
        cues = list(CUE.finditer(before))
        if cues:
            m = cues[-1]
            off = q_start - len(before)
            cue_span = (off + m.start(), off + m.end())
    if best is None and cue_span is not None:
        # searched in place, so that a window starting inside "she" does not find "he"
        pron = PRONOUN.search(text, max(0, cue_span[0] - 30), cue_span[1] + 30)
        if pron:
            if last_person_before(actors, q_start) is not None:  # someone to refer to; of the pronoun's gender?
                who = antecedent(actors, pron.start(), pron.group(0), text)
                return Attribution(q_start, q_end, who.name if who else None, pron.span(), cue_span)
    if best is None:
        return Attribution(q_start, q_end, None, None, cue_span)
    if best[0].type != "person":  # "Senate Majority Leader Mitch McConnell": the body names the person who holds the title
        holder = next(((a, (s, e)) for a in actors if a.type == "person" for s, e in a.mentions
                       if best[1][1] < s <= best[1][1] + 40 and re.fullmatch(r"(?:\s+[\w.’'-]+){0,4}\s+", text[best[1][1] : s])
                       and not re.search(r"[,;:]", text[best[1][1] : s])), None)
        if holder is not None:
            best = holder
    return Attribution(q_start, q_end, best[0].name, best[1], cue_span)


def _quoted(text: str, lo: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation that opens after ``lo``: a name there is quoted words ("… from
    [Cruz's] list …" and that, "…"), not the speaker of a later quotation."""
    depth, straight = 0, False
    for ch in text[lo:pos]:
        if ch in "“«„":
            depth += 1
        elif ch in "”»" and depth:
            depth -= 1
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def source_before(text: str, lo: int, cue_start: int, actors: list[Actor]) -> tuple[int, int] | None:
    """The source phrase right before a speech verb: an actor mention, a pronoun or a source noun phrase."""
    left = text[lo:cue_start]
    stripped = left.rstrip()
    end = lo + len(stripped)
    if end <= lo:
        return None
    # an actor mention ending right before the cue (one or two asides between: ", the Kremlin spokesman," or
    # ", R-Ky., who voted against the bill,")
    for a in actors:
        if a.type == "place":
            continue
        for ms, me in a.mentions:
            if lo <= ms and me <= end and (me == end or re.fullmatch(r"(?:,[^,]{2,60}){1,2},", text[me:end].strip() or "x")):
                start = ms
                # take titles such as "presidential aide" in front of the name
                pre = re.search(r"(?:\b[A-Za-z.]+\s+){0,3}$", text[max(lo, ms - 40) : ms])
                if pre and SOURCE_WORDS.match(pre.group(0).strip() + " official") and pre.group(0).strip():
                    start = ms - len(pre.group(0))
                return start, me if RELATIVE_ASIDE.search(text, me, end) else end
    m = re.search(r"(?:^|[,;(]\s*|\b(?:and|but|while|as|because|since|when)\s+)(?P<np>[^,;()]{1,60})$", stripped)
    if not m:
        return None
    np_start = lo + m.start("np")
    phrase = text[np_start:end].strip()
    if phrase.lower() in PRONOUNS or SOURCE_WORDS.match(phrase):
        return np_start + (len(text[np_start:end]) - len(text[np_start:end].lstrip())), end
    return None


def evaluate(data: str | None = None, limit: int | None = None) -> Scores:
    """PolNeAR dev (the ``unspin bench polnear`` measure): of the matched attributions, the share whose source span
    overlaps the gold source (both absent counts as right); also for the rules and the tagger alone."""
    from unspin.bench.polnear import score

    runs = dev_runs(data, limit)
    return Scores("source", {f"{name}_speaker_accuracy": score([(getattr(r, name), r.gold) for r in runs])["speaker_accuracy"]
                             for name in ("rules", "learned", "merged")})
