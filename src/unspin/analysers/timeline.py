"""The timeline: date and time expressions, normalised against the publication date, in order.

Full dates ("December 29, 2025") are ``absolute``. Partial ones ("December 29",
"on the night of the 29th", "on Tuesday", "yesterday", "three days ago") are
completed from the publication date (``inferred``, most recent past reading).
Expressions relative to another event ("a few hours before", "shortly after",
"the next day") take the date of the nearest dated expression before them
(``relative``). What cannot be resolved (no publication date, no earlier event,
a numeric date that reads two ways) is ``ambiguous``: flagged, never guessed.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, cast

from unspin.analysers import Analyser
from unspin.document import Document
from unspin.report import Contribution, TimelineEntry, span

NAME = "timeline"

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MON = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART = r"(?:(?:on |in |during |by )?the (?P<part>night|morning|evening|afternoon|eve|early hours|small hours) of )?"
_WD = r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "several": None, "a few": None, "few": None, "some": None}

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("numeric", re.compile(r"\b(?P<a>[0-3]?\d)[./](?P<b>[0-3]?\d)[./](?P<year>(?:19|20)\d\d)\b")),
    ("mdy", re.compile(_PART + _WD + r"\b" + _MON + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?\b")),
    ("dmy", re.compile(_PART + _WD + r"\b" + _DAY + r"\s+(?:of\s+)?" + _MON + r"(?:,?\s+" + _YEAR + r")?\b")),
    ("month_year", re.compile(r"\b(?:in\s+)?" + _MON + r"\s+" + _YEAR + r"\b")),
    ("ordinal", re.compile(_PART + r"\b(?:on\s+)?the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|time|floor|round|day|of\s+(?:them|those)))")),
    ("weekday", re.compile(r"\b(?P<rel>last|this|next|on|since)?\s*(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?:\s+(?P<part2>night|morning|evening|afternoon))?")),
    ("deictic", re.compile(r"\b(?P<word>the day before yesterday|yesterday|today|tonight|tomorrow|last night|this morning|this evening|this afternoon)\b", re.IGNORECASE)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.IGNORECASE)),
    ("period", re.compile(r"\b(?P<rel>last|next|this|earlier this|later this)\s+(?P<unit>week|month|year)\b", re.IGNORECASE)),
    ("year", re.compile(r"\b(?:in|since|by|until|of|from)\s+" + _YEAR + r"\b")),
    ("relative", re.compile(
        r"\b(?P<rel>(?:a few|several|some|two|three|\d+)\s+(?:hours|minutes|days|weeks)\s+(?:before|after|later|earlier)|"
        r"(?:an|one)\s+(?:hour|day|week)\s+(?:before|after|later|earlier)|(?:shortly|soon|immediately|just|moments|hours|minutes)\s+"
        r"(?:before|after|later|afterwards)|the (?:next|following|previous) (?:day|morning|night|evening|week)|"
        r"the day (?:before|after)|a day (?:earlier|later)|later that (?:day|night|evening|week)|the same (?:day|night))\b",
        re.IGNORECASE)),
]


Granularity = Literal["day", "week", "month", "year"]
Status = Literal["absolute", "inferred", "relative", "ambiguous"]


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    date: str | None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    granularity: Granularity
    status: Status
    part_of_day: str | None
    sentence: tuple[int, int]
    anchor: int | None  # index (in text order) of the expression a relative one depends on
    note: str


def parse_pub_date(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _past_md(pub: date, month: int, day: int) -> date | None:
    """The most recent ``month/day`` on or before ``pub`` (a week's grace for scheduled events)."""
    d = _safe(pub.year, month, day)
    if d and d > pub + timedelta(days=7):
        d = _safe(pub.year - 1, month, day)
    return d


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _gran(unit: str) -> Granularity:
    """A unit word the patterns only match as day, week, month or year."""
    return cast(Granularity, unit)


def _resolve(kind: str, m: re.Match[str], pub: date | None, future: bool) -> tuple[str | None, Granularity, Status, str]:
    """(ISO date, granularity, status, note) for one match."""
    g = m.groupdict()
    if kind == "iso":
        d = _safe(int(g["year"]), int(g["m"]), int(g["day"]))
        return (d.isoformat() if d else None), "day", "absolute" if d else "ambiguous", "" if d else "not a calendar date"
    if kind == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["year"])
        readings = {x for x in (_safe(y, a, b), _safe(y, b, a)) if x}
        if len(readings) == 1:
            return readings.pop().isoformat(), "day", "absolute", ""
        return None, "day", "ambiguous", "day and month can be read either way" if readings else "not a calendar date"
    if kind in ("mdy", "dmy"):
        month, day = MONTHS[g["mon"].lower().rstrip(".")], int(g["day"])
        if g.get("year"):
            d = _safe(int(g["year"]), month, day)
            return (d.isoformat() if d else None), "day", "absolute" if d else "ambiguous", "" if d else "not a calendar date"
        if pub is None:
            return None, "day", "ambiguous", "no year and no publication date"
        d = _past_md(pub, month, day) if not future else _safe(pub.year + (month < pub.month), month, day)
        return (d.isoformat() if d else None), "day", "inferred" if d else "ambiguous", "year from the publication date"
    if kind == "month_year":
        return f"{int(g['year']):04d}-{MONTHS[g['mon'].lower().rstrip('.')]:02d}", "month", "absolute", ""
    if kind == "year":
        return g["year"], "year", "absolute", ""
    if kind == "ordinal":
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None, "day", "ambiguous", "not a day of the month"
        if pub is None:
            return None, "day", "ambiguous", "day of the month only, no publication date"
        month_first = pub.replace(day=1)
        d = _safe(pub.year, pub.month, day)
        if d is None or d > pub + timedelta(days=1):
            prev = month_first - timedelta(days=1)
            d = _safe(prev.year, prev.month, day)
        return (d.isoformat() if d else None), "day", "inferred" if d else "ambiguous", "month from the publication date"
    if kind == "weekday":
        if pub is None:
            return None, "day", "ambiguous", "weekday only, no publication date"
        target = WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel == "next" or (future and rel != "last"):
            delta = (target - pub.weekday()) % 7 or 7
            return (pub + timedelta(days=delta)).isoformat(), "day", "inferred", "the coming " + g["wd"]
        delta = (pub.weekday() - target) % 7
        if rel == "last" and delta == 0:
            delta = 7
        return (pub - timedelta(days=delta)).isoformat(), "day", "inferred", "the most recent " + g["wd"]
    if kind == "deictic":
        if pub is None:
            return None, "day", "ambiguous", "relative to an unknown publication date"
        word = g["word"].lower()
        shift = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        return (pub + timedelta(days=shift)).isoformat(), "day", "inferred", f"{word}, from the publication date"
    if kind == "ago":
        n = _count(g["n"])
        if pub is None or n is None:
            return None, _gran(g["unit"].lower().rstrip("s")), "ambiguous", "vague or unanchored amount of time"
        unit = g["unit"].lower().rstrip("s")
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        d = pub - timedelta(days=days)
        iso = d.isoformat() if unit in ("day", "week") else (d.strftime("%Y-%m") if unit == "month" else str(d.year))
        return iso, _gran(unit), "inferred", "counted back from the publication date"
    if kind == "period":
        if pub is None:
            return None, _gran(g["unit"].lower()), "ambiguous", "relative to an unknown publication date"
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = -1 if rel == "last" else 1 if rel == "next" else 0
        if unit == "year":
            return str(pub.year + step), "year", "inferred", f"{rel} {unit}"
        if unit == "month":
            y, mth = divmod(pub.month - 1 + step, 12)
            return f"{pub.year + y:04d}-{mth + 1:02d}", "month", "inferred", f"{rel} {unit}"
        monday = pub - timedelta(days=pub.weekday()) + timedelta(days=7 * step)
        return monday.isoformat(), "week", "inferred", f"{rel} {unit} (week starting)"
    return None, "day", "ambiguous", ""


def _relative_offset(phrase: str) -> int | None:
    p = phrase.lower()
    if any(w in p for w in ("next day", "following day", "day after", "day later", "next morning", "next night",
                            "next evening", "following morning")):
        return 1
    if any(w in p for w in ("previous day", "day before", "day earlier", "previous night", "previous evening")):
        return -1
    m = re.match(r"(\d+|two|three)\s+days\s+(before|after|later|earlier)", p)
    if m:
        n = _count(m.group(1)) or 0
        return n if m.group(2) in ("after", "later") else -n
    if any(w in p for w in ("hour", "minute", "shortly", "soon", "immediately", "just", "moments", "same", "later that")):
        return 0
    return None


_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|plans? to|scheduled|is expected|are expected|due to meet)\b", re.IGNORECASE)


def present_tense_at(sentence: str, offset: int) -> bool:
    """Whether the finite verb nearest ``offset`` in ``sentence`` is in the present tense (VBZ/VBP): in a body
    sentence with a bare weekday and no marker of the future, "Democrats vote on Tuesday" schedules the coming
    Tuesday while "Democrats voted on Tuesday" reports the last one. Tags from the spaCy pipeline's tagger."""
    from unspin.analysers.language import verb_tags

    finite = [(min(abs(s - offset), abs(e - offset)), tag) for s, e, tag in verb_tags(sentence)
              if tag in ("VBD", "VBZ", "VBP", "MD")]
    return bool(finite) and min(finite)[1] in ("VBZ", "VBP")


def find_expressions(text: str, sentences: list[tuple[int, int]], pub: date | None,
                     titles: Collection[tuple[int, int]] = ()) -> list[TimeExpression]:
    """``titles``: the sentences that are titles (headlines put past events in the present tense)."""
    out: list[TimeExpression] = []
    for lo, hi in sentences:
        sent = text[lo:hi]
        future = bool(_FUTURE.search(sent))
        taken: list[tuple[int, int]] = []
        found = []
        for kind, pat in PATTERNS:
            for m in pat.finditer(sent):
                s, e = lo + m.start(), lo + m.end()
                while s < e and text[s].isspace():
                    s += 1
                if e <= s or any(a < e and s < b for a, b in taken):
                    continue
                taken.append((s, e))
                found.append((s, e, kind, m))
        for s, e, kind, m in found:
            part = (m.groupdict().get("part") or m.groupdict().get("part2") or "").lower() or None
            if kind == "relative":
                out.append(TimeExpression(s, e, None, "day", "relative", part, (lo, hi), None, m.group("rel").lower()))
                continue
            ahead = future
            if (kind == "weekday" and not future and pub is not None and (lo, hi) not in titles
                    and (m.group("rel") or "").lower() in ("", "on", "this")):
                ahead = present_tense_at(sent, s - lo)
            iso, gran, status, note = _resolve(kind, m, pub, ahead)
            out.append(TimeExpression(s, e, iso, gran, status, part, (lo, hi), None, note))
    out.sort(key=lambda t: t.start)
    # relative expressions: anchored to the nearest earlier expression with a date
    for i, t in enumerate(out):
        if t.status != "relative":
            continue
        anchor = next((j for j in range(i - 1, -1, -1) if out[j].date and out[j].status != "ambiguous"), None)
        offset = _relative_offset(t.note)
        if anchor is None or offset is None:
            out[i] = replace(t, status="ambiguous", note=f"{t.note}: no earlier dated event to anchor it")
            continue
        base = out[anchor]
        iso = base.date
        if base.granularity == "day" and base.date and len(base.date) == 10:
            iso = (date.fromisoformat(base.date) + timedelta(days=offset)).isoformat()
        out[i] = replace(t, date=iso, granularity=base.granularity, anchor=anchor,
                         note=f"{t.note} {text[base.start : base.end]!r}")
    return out


def order(expressions: list[TimeExpression]) -> list[int]:
    """Indices in timeline order: dated ones by date (then text order), ambiguous ones last in text order."""
    dated = [i for i, t in enumerate(expressions) if t.date]
    rest = [i for i, t in enumerate(expressions) if not t.date]
    return sorted(dated, key=lambda i: (expressions[i].date or "", expressions[i].start)) + rest


class TimelineAnalyser(Analyser):
    name = NAME
    requires = ("language",)

    def predict(self, docs: Sequence[Document]) -> list[list[TimeExpression]]:
        return [find_expressions(doc.text, doc.sentences_in("title", "body"), parse_pub_date(doc.meta.get("date")),
                                 set(doc.sentences_in("title"))) for doc in docs]

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[TimeExpression]]) -> None:
        for doc, exprs in zip(docs, preds):
            doc.annotations.timeline = exprs

    def contribute(self, doc: Document) -> Contribution:
        exprs = doc.annotations.timeline or []
        idx = order(exprs)
        position = {old: new for new, old in enumerate(idx)}
        text = doc.text
        return Contribution(timeline=[TimelineEntry(
            start=t.start, end=t.end, text=text[t.start : t.end], date=t.date, granularity=t.granularity,
            status=t.status, part_of_day=t.part_of_day, anchor=position.get(t.anchor) if t.anchor is not None else None,
            note=t.note, sentence=span(text, *t.sentence),
        ) for t in (exprs[i] for i in idx)])
