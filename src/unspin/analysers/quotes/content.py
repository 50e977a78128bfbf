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
