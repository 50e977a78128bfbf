"""Consistency flags: one actor named two ways, competing place spellings, dates that contradict each other.

Spelling choices such as "Kiev" (Russian transliteration) against "Kyiv"
(Ukrainian) signal whose framing a text borrows; mixing them, or
"Vladimir" and "Volodymyr" Zelensky, in one article suggests pasted-together
sources. Each flag points at every variant's first mention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from unspin.analysers import Analyser, kept
from unspin.document import Document
from unspin.report import AnyFinding, Contribution, InconsistencyFinding, span

NAME = "consistency"

PLACE_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Kiev", "Kyiv"), ("Kharkov", "Kharkiv"), ("Odessa", "Odesa"), ("Lvov", "Lviv"), ("Donbass", "Donbas"),
    ("Lugansk", "Luhansk"), ("Zaporozhye", "Zaporizhzhia", "Zaporizhia"), ("Artemovsk", "Artemivsk", "Bakhmut"),
    ("Nikolaev", "Nikolayev", "Mykolaiv"), ("Chernigov", "Chernihiv"), ("Dnepropetrovsk", "Dnipropetrovsk", "Dnipro"),
    ("Byelorussia", "Belorussia", "Belarus"), ("Moldavia", "Moldova"), ("Rovno", "Rivne"), ("Vinnitsa", "Vinnytsia"),
    ("Krivoy Rog", "Kryvyi Rih"), ("Chernobyl", "Chornobyl"), ("Gorlovka", "Horlivka"), ("Lisichansk", "Lysychansk"),
    ("Severodonetsk", "Sievierodonetsk", "Syeverodonetsk"), ("Nikolayevka", "Mykolaivka"), ("Kirovograd", "Kropyvnytskyi"),
    ("Bombay", "Mumbai"), ("Burma", "Myanmar"), ("Peking", "Beijing"), ("Turkey", "Türkiye"),
)
# first names that are one name in two transliterations (Russian / Ukrainian and similar)
NAME_PAIRS = {frozenset(p) for p in (
    ("vladimir", "volodymyr"), ("alexander", "oleksandr"), ("aleksandr", "oleksandr"), ("alexei", "oleksiy"),
    ("alexey", "oleksii"), ("sergei", "serhiy"), ("sergey", "serhii"), ("nikolai", "mykola"), ("andrei", "andriy"),
    ("andrey", "andrii"), ("dmitry", "dmytro"), ("dmitri", "dmytro"), ("mikhail", "mykhailo"), ("grigory", "hryhoriy"),
    ("vitaly", "vitaliy"), ("pyotr", "petro"), ("yevgeny", "yevhen"), ("evgeny", "yevhen"), ("yuri", "yuriy"),
    ("vasily", "vasyl"), ("pavel", "pavlo"), ("oleg", "oleh"), ("igor", "ihor"), ("anatoly", "anatoliy"),
    ("valery", "valeriy"), ("valery", "valerii"), ("arseny", "arseniy"), ("denis", "denys"), ("kirill", "kyrylo"),
)}
WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


@dataclass(frozen=True)
class Inconsistency:
    label: str  # actor_name | place_spelling | date
    start: int
    end: int
    evidence: tuple[tuple[int, int], ...]
    explanation: str
    confidence: float


def fold(name: str) -> str:
    """A transliteration-blind key: lower case, letters only, common Slavic spelling differences merged."""
    s = re.sub(r"[^a-z]", "", name.lower())
    for a, b in (("kh", "h"), ("yy", "i"), ("iy", "i"), ("ii", "i"), ("y", "i"), ("ie", "e"), ("ye", "e"), ("j", "i"), ("w", "v")):
        s = s.replace(a, b)
    return s


def _edit(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def same_name(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.lower() == b.lower() or frozenset((a.lower(), b.lower())) in NAME_PAIRS:
        return True
    fa, fb = fold(a), fold(b)
    return len(fa) >= 4 and len(fb) >= 4 and fa[0] == fb[0] and (fa == fb or (min(len(fa), len(fb)) >= 5 and _edit(fa, fb) <= 1))


def place_flags(text: str, zones: list[tuple[int, int]]) -> list[Inconsistency]:
    out = []
    for group in PLACE_VARIANTS:
        first: dict[str, tuple[int, int]] = {}
        for variant in group:
            for lo, hi in zones:
                m = re.search(rf"\b{re.escape(variant)}\b", text[lo:hi])
                if m and (variant not in first or lo + m.start() < first[variant][0]):
                    first[variant] = (lo + m.start(), lo + m.end())
        if len(first) >= 2:
            spans = sorted(first.values())
            names = [text[s:e] for s, e in spans]
            out.append(Inconsistency("place_spelling", spans[1][0], spans[1][1], tuple(spans),
                                     f"the same place is spelled {' and '.join(repr(n) for n in names)}", 0.9))
    return out


def name_flags(text: str, names: list[tuple[int, int]]) -> list[Inconsistency]:
    """Person names (two or more words) whose parts are the same name spelled two ways."""
    forms: dict[str, tuple[int, int]] = {}
    for s, e in sorted(names):
        m = re.search(r"(?:'s|’s|'|’)$", text[s:e])
        if m:
            e -= len(m.group(0))
        det = re.match(r"(?:the|a|an)\s+", text[s:e], re.IGNORECASE)  # "the Ukrainian president" = "The Ukrainian …"
        if det:
            s += det.end()
        form = " ".join(text[s:e].split())
        if len(form.split()) >= 2 and form not in forms:
            forms[form] = (s, e)
    out = []
    done: set[frozenset[str]] = set()
    items = list(forms.items())
    for i, (a, sa) in enumerate(items):
        for b, sb in items[i + 1 :]:
            pa, pb = a.split(), b.split()
            if len(pa) != len(pb) or a == b or frozenset((a, b)) in done:
                continue
            # a difference of case alone ("President" / "president") is style, not two names
            if all(same_name(x, y) for x, y in zip(pa, pb)) and any(x.lower() != y.lower() for x, y in zip(pa, pb)):
                done.add(frozenset((a, b)))
                spans = sorted((sa, sb))
                out.append(Inconsistency("actor_name", spans[1][0], spans[1][1], tuple(spans),
                                         f"one person named two ways: {a!r} and {b!r}", 0.8))
    # a surname alone spelled two ways ("Zelensky" / "Zelenskyy")
    flagged_words = {w for pair in done for form in pair for w in form.split()}
    singles: dict[str, tuple[int, int]] = {}
    for s, e in sorted(names):
        for m in re.finditer(r"[A-Z][\w-]+", text[s:e]):
            singles.setdefault(m.group(0), (s + m.start(), s + m.end()))
    words = list(singles.items())
    for i, (a, sa) in enumerate(words):
        for b, sb in words[i + 1 :]:
            if a != b and len(a) >= 5 and len(b) >= 5 and a[:4] == b[:4] and fold(a) == fold(b) and frozenset((a, b)) not in done:
                if a in flagged_words and b in flagged_words:
                    continue  # already part of a full-name flag
                done.add(frozenset((a, b)))
                spans = sorted((sa, sb))
                out.append(Inconsistency("actor_name", spans[1][0], spans[1][1], tuple(spans),
                                         f"one name spelled two ways: {a!r} and {b!r}", 0.7))
    return out


def date_flags(text: str, timeline: list) -> list[Inconsistency]:
    out = []
    for t in timeline:
        if not t.date or len(t.date) != 10:
            continue
        expr = text[t.start : t.end]
        d = date.fromisoformat(t.date)
        m = WEEKDAY.search(expr)
        if m and t.status in ("absolute", "inferred") and d.strftime("%A") != m.group(1) and re.search(r"\d", expr):
            out.append(Inconsistency("date", t.start, t.end, ((t.start, t.end),),
                                     f"{expr!r}: {t.date} is a {d.strftime('%A')}, not a {m.group(1)}", 0.9))
    # a relative day and an explicit date side by side that disagree ("yesterday, December 20")
    for a in timeline:
        for b in timeline:
            if a is b or not (a.date and b.date) or len(a.date) != 10 or len(b.date) != 10:
                continue
            if a.end <= b.start <= a.end + 4 and a.sentence == b.sentence and a.date != b.date and {a.status, b.status} == {"inferred", "absolute"}:
                out.append(Inconsistency("date", a.start, b.end, ((a.start, a.end), (b.start, b.end)),
                                         f"{text[a.start:a.end]!r} is {a.date} but {text[b.start:b.end]!r} is {b.date}", 0.8))
    return out


class ConsistencyAnalyser(Analyser):
    name = NAME
    requires = ("language", "actors", "timeline")

    def predict(self, docs: Sequence[Document]) -> list[list[Inconsistency]]:
        return [self._flags(doc) for doc in docs]

    def _flags(self, doc: Document) -> list[Inconsistency]:
        zones = doc.zones("title", "body")
        names = [(e.start, e.end) for e in doc.entities if e.label == "PERSON" and doc.segments[e.segment].kind in ("title", "body")]
        for a in doc.annotations.actors or []:
            if a.type == "person":
                names += a.mentions
        flags = place_flags(doc.text, zones) + name_flags(doc.text, names) + date_flags(doc.text, doc.annotations.timeline or [])
        return sorted(flags, key=lambda f: f.start)

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[Inconsistency]]) -> None:
        for doc, flags in zip(docs, preds):
            doc.annotations.inconsistencies = flags

    def contribute(self, doc: Document) -> Contribution:
        text = doc.text
        findings: list[AnyFinding] = [InconsistencyFinding(
            label=x.label, start=x.start, end=x.end, text=text[x.start : x.end], confidence=x.confidence,
            analyser=NAME, evidence=[span(text, s, e) for s, e in x.evidence], explanation=x.explanation,
        ) for x in doc.annotations.inconsistencies or []]
        findings = kept(doc, findings)
        return Contribution(findings=findings, summary={"inconsistencies": len(findings)})
