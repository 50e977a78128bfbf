"""Quoted passages and their speakers, used to give each technique span its voice.

A technique inside a quotation belongs to the quoted speaker, not the author.
Short quoted phrases with no speech cue nearby ("so-called 'peace plan'") are
scare quotes: the author's own framing, so they stay in the author's voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def _speaker_near(text: str, actors: list[Actor], q_start: int, q_end: int, lo: int, hi: int) -> Quoted:
    """Find the speaker of a quote in its paragraph ``[lo, hi)``."""
    after = text[q_end:hi][:160]
    before = text[lo:q_start][-200:]
    cue_m = _CUE.search(after) or None
    cue_span = (q_end + cue_m.start(), q_end + cue_m.end()) if cue_m and cue_m.start() < 40 else None
    windows = [(q_end, min(hi, q_end + 120)), (max(lo, q_start - 200), q_start)]
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
        pron = _PRONOUN.search(text[cue_span[0] - 30 if cue_span[0] >= 30 else 0 : cue_span[1] + 30])
        if pron:
            prior = [(s, a) for a in actors if a.type == "person" for s, _ in a.mentions if s < q_start]
            if prior:
                a = max(prior, key=lambda x: x[0])[1]
                return Quoted(q_start, q_end, a.name, None, cue_span)
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
                out.append(Quoted(s, e, name, (name_start, name_end), (head.start(), head.end())))
            pos = line_end + 1
    return out


def find_quotations(text: str, paragraphs: list[tuple[int, int]], actors: list[Actor]) -> list[Quoted]:
    """Every quotation (not scare quotes) with its speaker when the text makes it clear."""
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
    return sorted(found, key=lambda q: q.start)


def quotation_holding(start: int, end: int, quotes: list[Quoted]) -> Quoted | None:
    """The quotation that holds at least half of ``[start, end)``, if any: the span is then in its speaker's voice."""
    for q in quotes:
        overlap = min(end, q.end) - max(start, q.start)
        if overlap > 0 and overlap >= 0.5 * (end - start):
            return q
    return None
