"""The rule reader: every quote style, "From X's statements:" lists and reported speech ("according to X, …", "X said
(that) …", "…, X said"), built from the cue, content, source and resolve stages. The merge stage decides what
of it to keep next to the tagger's reading."""

from __future__ import annotations

import re
from collections import Counter

from unspin.analysers.actors import Actor
from unspin.analysers.quotes.attribution import Attribution
from unspin.analysers.quotes.content import (
    PAIRS,
    content_end,
    curly_pairs,
    misturned_pairs,
    opens_quotation,
    paragraph_quotation,
    straight_pairs,
)
from unspin.analysers.quotes.cue import ACCORDING, INDIRECT_CUE, LIST_HEAD, QUOTING, SPEECH
from unspin.analysers.quotes.resolve import actor_at, speaker_for
from unspin.analysers.quotes.source import source_before, speaker_near


def statement_lists(text: str, actors: list[Actor]) -> list[Attribution]:
    """Lines under "From X's statements:" that open with a quote mark, all X's."""
    out = []
    for head in LIST_HEAD.finditer(text):
        name_start = head.start("name") if head.group("name") else head.start("name2")
        name_end = head.end("name") if head.group("name") else head.end("name2")
        hit = actor_at(actors, name_start, name_end)
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
                out.append(Attribution(s, e, name, (name_start, name_end), (head.start(), head.end()), listed=True))
            pos = line_end + 1
    return out


# a headline that ends by crediting a person after a dash: "Brexit delay request will be rejected … – France’s Le
# Drian", "‘Special place in hell’ for those who promoted Brexit with no plan - EU’s Tusk" (wire and RT style)
_CREDIT = re.compile(r"\s[-–—]\s+(?P<who>[^-–—\n]{2,60}?)[\s.]*$")


def headline_credit(text: str, title: tuple[int, int] | None, actors: list[Actor]) -> list[Attribution]:
    """What a headline says before a closing dash, reported from the person named after it (the credit may open
    with up to three capitalised or possessive words: "France’s", "EU’s", "Former Minister"). Nothing when the
    name after the dash is no person ("– Here's Why", "– Reuters")."""
    if title is None:
        return []
    lo, hi = title
    m = _CREDIT.search(text, lo, hi)
    if m is None or "\n" in text[lo : m.start()]:
        return []
    ws, we = m.start("who"), m.end("who")
    c0 = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
    if len(text[c0 : m.start()].split()) < 3:
        return []
    words = list(re.finditer(r"\S+", text[ws:we]))
    if not all(w.group()[0].isupper() for w in words):
        return []
    for k in range(min(3, len(words) - 1) + 1):  # the longest tail that names a person: after "France’s", "EU’s"
        ns = ws + words[k].start()
        named = text[ns:we]
        for a in actors:  # a mention, or the end of a person's full name ("Le Drian" of "Jean-Yves Le Drian")
            if a.type == "person" and (any(ms <= ns and we <= me for ms, me in a.mentions)
                                       or a.name == named or a.name.endswith(" " + named)):
                return [Attribution(c0, m.start(), a.name, (ns, we), None, direct=False, listed=True)]
    return []


# a transcript turn: a paragraph that opens (after an optional quote mark) with a speaker tag in capitals and a colon
TURN = re.compile(r"^[ \t]*[\"“]?(?P<tag>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,2}):[ \t]+", re.M)
OPENING_MARKS = "\"“"
CLOSING_MARKS = "\"”"
# an interview's turn tagged in the names' own case ("Earl Rasmussen: Obviously …", "Sputnik: What do we know?")
NAMED_TURN = re.compile(r"^[ \t]*(?P<tag>[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2}):[ \t]+(?=\S)", re.M)


def interview_turns(text: str, paragraphs: list[tuple[int, int]], actors: list[Actor],
                    title: tuple[int, int] | None = None) -> list[Attribution]:
    """An interview written as questions and answers under name tags in ordinary case ("Sputnik: What do we know?" /
    "Earl Rasmussen: Obviously there are …"): each turn, and every body line after it up to the next tag or a blank
    line, is a quotation of the tagged speaker (lines outside the body between them, a photo credit, are skipped).
    A tag counts when it is an actor's name (a person's surname too), the turn says something (three words:
    "Hillary Clinton: 1,769." is a tally), and someone answers: speaks after a turn that ends with a question, or again after another
    spoke (one "Update:", an "Issa: …" headline or a subhead per candidate is no interview). A line that names the
    speaker ("The views expressed by Mr. Rasmussen …") is the outlet's again, and ends the turn."""
    def in_body(pos: int) -> bool:
        return any(lo <= pos < hi for lo, hi in paragraphs) and not (title and title[0] <= pos < title[1])

    names: dict[str, Actor] = {}
    for a in actors:
        if a.type == "place":
            continue
        names.setdefault(a.name.lower(), a)
        if a.type == "person" and len(a.name.split()) > 1:
            names.setdefault(a.name.split()[-1].lower(), a)

    def line(m: re.Match[str]) -> str:
        nl = text.find("\n", m.end())
        return text[m.end() : len(text) if nl < 0 else nl].strip()

    turns = [(m, names[m.group("tag").lower()]) for m in NAMED_TURN.finditer(text)
             if not m.group("tag").isupper() and m.group("tag").lower() in names and in_body(m.start())
             and len(re.findall(r"[A-Za-z]{2,}", line(m))) >= 3]
    order = [a.name for _, a in turns]
    answered = any(order[i] != order[i - 1] and (order[i] in order[:i]
                                                 or text[turns[i - 1][0].end() : turns[i][0].start()].rstrip().endswith("?"))
                   for i in range(1, len(order)))
    if not answered:
        return []  # "Sanders: Win in a walk." … "Trump: Move past Iowa.": a subhead per person, nobody answers
    out: list[Attribution] = []
    for k, (m, who) in enumerate(turns):
        stop = turns[k + 1][0].start() if k + 1 < len(turns) else len(text)
        surname = who.name.split()[-1]
        pos = m.end()
        while pos < stop:
            nl = text.find("\n", pos)
            s, e = pos, min(stop, len(text) if nl < 0 else nl)
            if pos > m.end() and in_body(pos) and re.search(rf"\b{re.escape(surname)}\b", text[s:e]):
                break
            while e > s and text[e - 1] in " \t\r":
                e -= 1
            if e > s and in_body(s) and any(ch.isalnum() for ch in text[s:e]):  # a photo credit between: skipped
                out.append(Attribution(s, e, who.name, (m.start("tag"), m.end("tag")), (m.end("tag"), m.end("tag") + 1),
                                       listed=True))
            pos = e
            gap = re.match(r"[ \t\r]*\n[ \t\r]*", text[pos:stop])
            if gap is None or text.startswith("\n", pos + gap.end()):
                break  # a blank line ends the turn: the article's own paragraphs may follow the last answer
            pos += gap.end()
    return out


def transcript_turns(text: str, paragraphs: list[tuple[int, int]], actors: list[Actor]) -> list[Attribution]:
    """Interview transcripts ("WALLACE: … / PENCE: …"): each turn is a direct quotation of its tagged speaker, and
    the paragraphs after it that open with a quote mark (the convention for a quotation running over paragraphs)
    continue it until the next tag, a paragraph without that mark, a closing mark, or the end of the article body.
    A tag counts when it opens at least two turns or names a person among the article's actors ("PENCE" -> Mike
    Pence), so a lone "UPDATE:" is not a speaker. Stage directions ("(CROSSTALK.)") belong to nobody."""
    def in_body(pos: int) -> bool:
        return any(lo <= pos < hi for lo, hi in paragraphs)

    turns = [m for m in TURN.finditer(text) if in_body(m.start("tag"))]
    counts = Counter(m.group("tag") for m in turns)
    people = {a.name.split()[-1].lower(): a for a in actors if a.type == "person" and a.name.split()}
    out: list[Attribution] = []
    for k, m in enumerate(turns):
        tag = m.group("tag")
        person = people.get(tag.split()[-1].lower().strip(".’'"))
        if counts[tag] < 2 and person is None:
            continue
        name = person.name if person else tag.title()
        stop = turns[k + 1].start() if k + 1 < len(turns) else len(text)
        pos = m.end()
        while pos < stop:
            nl = text.find("\n", pos)
            line_end = min(stop, len(text) if nl < 0 else nl)
            s, e = pos, line_end
            while s < e and text[s] in " \t" + OPENING_MARKS:
                s += 1
            while e > s and text[e - 1] in " \t\r":
                e -= 1
            closed = e > s and text[e - 1] in CLOSING_MARKS
            if closed:
                e -= 1
            body = re.sub(r"\([^)]*\)", "", text[s:e])
            if e > s and any(ch.isalnum() for ch in body):
                out.append(Attribution(s, e, name, (m.start("tag"), m.end("tag")), (m.end("tag"), m.end("tag") + 1),
                                       listed=True))
            if closed:
                break
            # the next paragraph continues the turn only when it opens with a quote mark, inside the article body
            nxt = line_end
            while nxt < stop and text[nxt] in "\r\n \t":
                nxt += 1
            if nxt >= stop or text[nxt] not in OPENING_MARKS or not in_body(nxt) or text[nxt + 1 : nxt + 2] == "(":
                break
            pos = nxt
    return out


def find_quotations(text: str, paragraphs: list[tuple[int, int]], actors: list[Actor],
                    sentences: list[tuple[int, int]] | None = None, title: tuple[int, int] | None = None) -> list[Attribution]:
    """Every quotation (not scare quotes) with its speaker when the text makes it clear; with ``sentences``,
    reported speech without quote marks too; with ``title``, a headline's closing credit ("… – France’s Le Drian")."""
    listed = statement_lists(text, actors) + headline_credit(text, title, actors)
    found: list[Attribution] = list(listed)
    found += [t for t in transcript_turns(text, paragraphs, actors) if not any(q.start <= t.start < q.end for q in found)]
    found += [t for t in interview_turns(text, paragraphs, actors, title) if not any(q.start <= t.start < q.end for q in found)]
    for k, (lo, hi) in enumerate(paragraphs):
        pairs = straight_pairs(text, lo, hi)
        for o, c in PAIRS:
            pairs += curly_pairs(text, lo, hi, o, c)
        pairs += misturned_pairs(text, lo, hi)
        units = _units(text, lo, hi)
        following = [*units[1:], paragraphs[k + 1] if k + 1 < len(paragraphs) else None]
        for unit, after in zip(units, following):
            whole = paragraph_quotation(text, *unit, after is not None and opens_quotation(text, *after), pairs)
            if whole is not None:
                pairs.append(whole)
        for s, e in sorted(set(pairs)):
            if any(q.start <= s < q.end for q in found):
                continue
            q = speaker_near(text, actors, s, e, lo, hi)
            words = len(text[s:e].split())
            if not any(ch.isalnum() for ch in text[s:e]):
                continue  # marks around nothing (a list whose closing marks are missing pairs across lines)
            if words < 4 and q.cue is None:
                continue  # scare quotes: the author's own words
            found.append(q)
    if sentences:
        found += indirect_quotations(text, sentences, actors, found)
    return sorted(found, key=lambda q: q.start)


def _units(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The paragraph, or its lines when they are sentences or paragraphs of their own (``lines_are_units``): the
    units a quotation may open."""
    from unspin.analysers.segments import Block, lines_are_units, lines_of

    if lines_are_units(text, lo, hi):
        return [(ln.start, ln.end) for ln in lines_of(text, Block(lo, hi))]
    return [(lo, hi)]


# who takes a turn in between: a speech verb next to an actor, but not "called" (a name, not a turn: "a super PAC
# called Future45 funded by Paul Singer")
_TURN = "|".join(v for v in SPEECH.split("|") if v not in ("called", "calls"))
SPOKE_AFTER = re.compile(rf"\s+(?:also\s+)?(?:{_TURN}|replied|responded|countered)\b", re.IGNORECASE)
SPOKE_BEFORE = re.compile(rf"\b(?:{_TURN}|replied|responded|countered)\s+$", re.IGNORECASE)


def continue_speakers(text: str, paragraphs: list[tuple[int, int]], actors: list[Actor],
                      quotes: list[Attribution]) -> list[Attribution]:
    """The last stage, after merge: a direct quotation that no reading gave a source and that opens its paragraph
    takes the speaker of a lead-in ending the paragraph before it (``introduced``); otherwise it continues the
    speaker of the quotation before it in its paragraph (``continued``)."""
    out: list[Attribution] = []
    for q in quotes:
        if q.direct and q.speaker is None and q.speaker_span is None:
            k = next((k for k, (lo, hi) in enumerate(paragraphs) if lo <= q.start < hi), None)
            if k is not None:
                lo = paragraphs[k][0]
                led = introduced(text, actors, q, paragraphs[k - 1]) if k > 0 and not text[lo : q.start].strip(
                    " \t" + OPENING_MARKS) else None
                q = (led or continued(text, actors, q, [f for f in out if lo <= f.start < q.start])
                     or (carried_over(text, q, paragraphs[k], paragraphs[k - 1], out) if k > 0 else None) or q)
        out.append(q)
    return out


def carried_over(text: str, q: Attribution, paragraph: tuple[int, int], before: tuple[int, int],
                 earlier: list[Attribution]) -> Attribution | None:
    """A paragraph that is one quotation and nothing else, right after a paragraph that ends with a direct
    quotation and its attribution ("'…,' Espinoza said Friday." / '"I am a proven champion …"'), continues that
    speaker: news style names the speaker once for a run of quoted paragraphs."""
    lo, hi = paragraph
    if text[lo : q.start].strip(" \t‘'" + OPENING_MARKS) or text[q.end : hi].strip(" \t.,!?’'" + CLOSING_MARKS):
        return None
    prev = max((f for f in earlier if before[0] <= f.start < before[1]), key=lambda f: f.end, default=None)
    if prev is None or not prev.direct or prev.speaker is None:
        return None
    said = max(prev.end, *(span[1] for span in (prev.speaker_span, prev.cue) if span is not None))
    rest = text[said : before[1]]
    # the paragraph ends with the attribution's sentence ("Friday", "while stopping for a haircut"), no other
    if re.search(r"[.!?][\"”’']?\s+\S", rest):
        return None
    return Attribution(q.start, q.end, prev.speaker, prev.speaker_span, None)


LEAD_IN = re.compile(rf"\b(?:{QUOTING})\b[^.!?\n]{{0,40}}:\s*$", re.IGNORECASE)


def introduced(text: str, actors: list[Actor], q: Attribution, before: tuple[int, int]) -> Attribution | None:
    """A quotation that opens its paragraph, after a paragraph that ends by introducing it ("Caddell continued:",
    "He said:"), is spoken by the source of that lead-in."""
    lo, hi = before
    m = LEAD_IN.search(text, lo, hi)
    if m is None or text[m.end() : hi].strip():
        return None
    src = source_before(text, lo, m.start(), actors)
    if src is None:
        return None
    name, _ = speaker_for(text, actors, *src)
    verb = re.match(r"\w+", text[m.start() : m.end()])
    return Attribution(q.start, q.end, name, src, (m.start(), m.start() + (verb.end() if verb else 0)))


def continued(text: str, actors: list[Actor], q: Attribution, earlier: list[Attribution]) -> Attribution | None:
    """A quotation with no speaker of its own that follows, in the same paragraph, a quotation someone was given,
    with no other actor speaking between them (named next to a speech verb), continues that speaker ("'…,' Sanders
    said, going on to contrast Clinton's proposals with Trump's. 'So I would just say …'"): news style attributes a
    run of quotes once."""
    prev = max((f for f in earlier if f.direct and f.speaker is not None and f.end <= q.start), key=lambda f: f.end,
               default=None)
    if prev is None:
        return None
    gap_lo = max(prev.end, prev.speaker_span[1] if prev.speaker_span else prev.end)
    for a in actors:
        if a.type == "place" or a.name == prev.speaker:
            continue
        for ms, me in a.mentions:
            if not gap_lo <= ms or me > q.start:
                continue
            # another actor who speaks in between ("Clinton replied", "said Clinton") takes the turn
            if SPOKE_AFTER.match(text, me) or SPOKE_BEFORE.search(text[max(gap_lo, ms - 20) : ms]):
                return None
    return Attribution(q.start, q.end, prev.speaker, prev.speaker_span, None)


CIRCUMSTANCE = re.compile(r"(?:on|in|at|during|after|before|while|from|via|through|outside|inside|near|aboard|amid|"
                          r"following|alongside|behind|upon)\s", re.IGNORECASE)


def _inverted(text: str, actors: list[Actor], at: int) -> bool:
    """A person named right after a speech verb and followed by a comma or the sentence's end ("said Larry Sabato,
    director of …"): the inverted speaker, not the start of what was said."""
    return any(a.type == "person" and ms == at and re.match(r"\s*(?:[,.;]|$)", text[me : me + 2])
               for a in actors for ms, me in a.mentions)


def _attributes_quote(text: str, taken: list[Attribution], lo: int, cue_start: int) -> bool:
    """A direct quotation of the sentence (from ``lo``) ends before this speech verb and has it as its cue, or has no
    cue and its speaker stands right before the verb ('"…," French President François Hollande said Friday …')."""
    return any(q.direct and lo <= q.end <= cue_start
               and (q.cue is not None and q.cue[0] == cue_start
                    or q.cue is None and q.speaker_span is not None and q.end <= q.speaker_span[0]
                    and not text[q.speaker_span[1] : cue_start].strip())
               for q in taken)


def indirect_quotations(text: str, sentences: list[tuple[int, int]], actors: list[Actor], taken: list[Attribution]) -> list[Attribution]:
    """Reported speech without quote marks: "according to X, …", "X said (that) …", "…, X said"."""
    out: list[Attribution] = []

    def free(s: int, e: int) -> bool:
        return not any(q.start < e and s < q.end for q in taken + out)

    for lo, hi in sentences:
        sent = text[lo:hi]
        acc = ACCORDING.search(sent)
        if acc:
            src = (lo + acc.start("src"), lo + acc.end("src"))
            if acc.start() <= 3:  # "According to X, content."
                comma = sent.find(",", acc.end("src") - 0)
                c0 = lo + comma + 1 if comma >= 0 else lo + acc.end()
                c1 = content_end(text, c0, hi)
            else:  # "content, according to X."
                c0, c1 = lo, content_end(text, lo, lo + acc.start())
            while c0 < c1 and text[c0].isspace():
                c0 += 1
            if c1 - c0 > 10 and free(c0, c1):
                name, _ = speaker_for(text, actors, *src)
                out.append(Attribution(c0, c1, name, src, (lo + acc.start(), lo + acc.start() + len("according to")), direct=False))
            continue
        for cue in INDIRECT_CUE.finditer(sent):
            cs, ce = lo + cue.start(), lo + cue.end()
            found = source_before(text, lo, cs, actors)
            tail = text[ce:hi]
            if found is not None and len(tail.split()) >= 3:
                src = found
                c0 = ce + len(tail) - len(tail.lstrip())
                if _attributes_quote(text, taken, lo, cs) and not re.match(r"that\s", text[c0 : c0 + 5]):
                    break  # '"…," Trump said 30 minutes into the debate': the verb is the quote's, what follows is how
                if _inverted(text, actors, c0):
                    break  # "…, said Larry Sabato, director of …": the speaker after the verb, not what was said
                if CIRCUMSTANCE.match(text, c0):  # "said on Fox News", "said in a statement that …": how, not what
                    that = re.search(r"\bthat\s+", text[c0:hi])
                    if that is None:
                        break
                    c0 += that.end()
                elif text[cs:ce].rstrip().endswith(",") and re.match(r"[a-z]+ing\b", text[c0 : c0 + 20]):
                    break  # "…," she said Tuesday, drawing applause: a participle clause, not what was said
                c1 = content_end(text, c0, hi)
                if text[c0 : c0 + 1] in "\"“«„" or not free(c0, c1):
                    break  # a direct quote follows: already found
                if c1 - c0 > 10:
                    name, _ = speaker_for(text, actors, *src)
                    verb = re.match(r"\w+(?: out)?", text[cs:ce])
                    out.append(Attribution(c0, c1, name, src, (cs, cs + (verb.end() if verb else ce - cs)), direct=False))
                break
            # "content, X said." at the end of the sentence
            after = text[ce:hi].strip(" .\"”")
            if found is not None and not after and cs - lo > 15:
                comma = text.rfind(",", lo, found[0])
                if comma > lo:
                    c0, c1 = lo, content_end(text, lo, comma)
                    if c1 - c0 > 10 and free(c0, c1):
                        name, _ = speaker_for(text, actors, *found)
                        verb = re.match(r"\w+", text[cs:ce])
                        out.append(Attribution(c0, c1, name, found, (cs, cs + (verb.end() if verb else ce - cs)), direct=False))
                break
    return out
