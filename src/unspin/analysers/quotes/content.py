"""Stage 2, content: what was said. Quotation-mark pairs in every style (straight, curly, guillemets, low-high),
with apostrophes inside a quote told apart from its closing mark; where reported speech ends (``content_end``);
sentence boundaries the other stages share. The tagger's content spans are shaped in ``learned``."""

from __future__ import annotations

import re

from unspin.analysers.quotes.evaluation import Scores, dev_runs

PAIRS = (("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’"))

BOUNDARY = re.compile(r"[.!?][\"”»’']?\s+(?=[A-Z\"“«‘])")


def straight_pairs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Straight quote marks paired in order, line by line: an odd mark on one line (a typo, a quote running into
    the next paragraph) must not shift every pair after it into quoting the text between two quotations."""
    out: list[tuple[int, int]] = []
    start = lo
    while start < hi:
        nl = text.find("\n", start, hi)
        end = hi if nl < 0 else nl
        marks = [m.start() for m in re.finditer('"', text[start:end])]
        out += [(start + marks[i] + 1, start + marks[i + 1]) for i in range(0, len(marks) - 1, 2)]
        start = end + 1
    return out


# a paragraph that opens a quotation: a double mark, or a single one before a capital (not an apostrophe: "'90s")
_PARAGRAPH_OPENS = re.compile(r"[ \t]*(?:[\"“]|[‘'](?=[A-Z“\"]))")
# a single mark that closes: after a letter or punctuation, before a space or punctuation (not "Britain's")
_SINGLE_CLOSES = re.compile(r"(?<=[\w.,!?;:])['’](?=[\s,.;:!?)\]\u2014\u2013]|$)")
# a double mark of the other kind closing a quotation (“… " or "… ”)
_CLOSES_STRAIGHT = re.compile(r'(?<=\S)"')
_CLOSES_CURLY = re.compile(r"(?<=\S)”")


def paragraph_quotation(text: str, lo: int, hi: int, next_opens: bool, pairs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation opening its paragraph that the mark pairs leave out: one closed inside the paragraph by a mark
    of its kind that the pairs do not know (straight single marks, a curly opening closed by a straight mark:
    "'We have a clear opportunity,' he said."), or the whole paragraph when its last character closes it or, by
    the convention for quotes running over paragraphs, when a single mark opens it, nothing closes it and the
    next paragraph opens with a quote mark too ("'It has the vast majority of things people wanted.", then "'The
    question is … we can.'"). Paragraphs that open with a double mark and never close it are left to the other
    readers: in PolNeAR they are mostly excerpts of other articles, whose own attributions are what the annotators
    marked (dev merged F1 0.6803 -> 0.6787 when they were read as one quotation). A short headline-case line in
    marks ("'All Bets Are Off.'") is a subheading, not a quotation."""
    m = _PARAGRAPH_OPENS.match(text, lo, hi)
    if m is None:
        return None
    start = m.end()
    if any(s == start for s, _ in pairs):
        return None
    single = text[start - 1] in "'‘"
    if single:
        inner = _SINGLE_CLOSES.search(text, start, hi)
    else:  # the other kind of double mark (a curly pair is found already); not the end of a quotation nested in it
        inner = (_CLOSES_STRAIGHT if text[start - 1] == "“" else _CLOSES_CURLY).search(text, start, hi)
        if inner is not None and "“" in text[start : inner.start()]:
            inner = None
    if inner is not None and text[inner.end() : hi].strip():
        return start, inner.start()  # closed inside the paragraph
    if inner is not None:
        end = inner.start()  # closed by its last character
    elif next_opens and single:
        end = len(text[:hi].rstrip(" \t"))
    else:
        return None
    words = text[start:end].split()
    if len(words) <= 6 and sum(w[:1].isupper() for w in words) >= len(words) - 1:
        return None
    return (start, end) if end > start else None


def opens_quotation(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` opens with a quote mark (``paragraph_quotation``'s sense)."""
    return _PARAGRAPH_OPENS.match(text, lo, hi) is not None


def curly_pairs(text: str, lo: int, hi: int, open_: str, close: str) -> list[tuple[int, int]]:
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


def misturned_pairs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """A line that opens with a closing mark used as an opening one ("”Mr. Trump embodies … shame.” ― Name") and
    closes it later on the same line, with no proper opening mark between: one quotation."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"(?m)^[ \t]*”(?=\w)", text[lo:hi]):
        a = lo + m.end() - 1
        nl = text.find("\n", a, hi)
        line_end = hi if nl < 0 else nl
        b = text.find("”", a + 1, line_end)
        if b > a + 1 and "“" not in text[a:b]:
            out.append((a + 1, b))
    return out


def content_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?;:,\"”»’'"):
        end -= 1
    return end


def balanced(text: str, start: int, end: int) -> int:
    """The end of a span that opens a quotation inside it and stops just before the closing mark: after the mark."""
    inner = text[start:end]
    for o, c in (("“", "”"), ("«", "»"), ("‘", "’"), ("„", "“")):
        if inner.count(o) > inner.count(c) and text[end : end + 1] == c:
            return end + 1
    if inner.count('"') % 2 and text[end : end + 1] == '"':
        return end + 1
    return end


def evaluate(data: str | None = None, limit: int | None = None) -> Scores:
    """PolNeAR dev content spans (Jaccard ≥ 0.5, one-to-one): the rules alone, the tagger alone and merged."""
    from unspin.bench.polnear import score

    runs = dev_runs(data, limit)
    out = {}
    for name in ("rules", "learned", "merged"):
        s = score([(getattr(r, name), r.gold) for r in runs])
        out.update({f"{name}_f1": s["f1"], f"{name}_precision": s["precision"], f"{name}_recall": s["recall"]})
    return Scores("content", out)
