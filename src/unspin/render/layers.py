"""Cut the text into pieces at every span boundary, so overlapping highlights can be drawn."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")


def pieces(text: str, spans: Sequence[tuple[int, int, T]], lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, int, list[T]]]:
    """Yield ``(start, end, items covering it)`` for consecutive pieces of ``text[lo:hi]``."""
    hi = len(text) if hi is None else hi
    cuts = {lo, hi}
    for s, e, _ in spans:
        if e > lo and s < hi:
            cuts.add(max(s, lo))
            cuts.add(min(e, hi))
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        yield a, b, [item for s, e, item in spans if s <= a and b <= e]


def clip(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters, cut at a word boundary with an ellipsis when shortened."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: max(1, width - 1)]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def narrative_why(shared_terms: list[str], confidence: float, similarity: float) -> str:
    """Why a sentence was matched to a documented case, in plain words (every renderer shows the same line)."""
    tie = f"repeats the case's words {', '.join(shared_terms)}" if shared_terms else "paraphrases the case (no shared words)"
    return f"It {tie}; verifier confidence that it repeats this very case: {confidence:.0%} (similarity {similarity:.2f})."


def voice_label(voice: str, speaker: str | None, unknown: str = "unattributed") -> str:
    """Whose words a span is, for a table cell: 'author', 'quoted: X' or 'reported: X'."""
    if voice in ("quoted", "reported"):
        return f"{voice}: {speaker or unknown}"
    return "author"


def speaker_label(speaker_name: str | None, speaker_text: str | None) -> str:
    """A quote's speaker for a table cell: the resolved name, else the source phrase in quotes, else '?'."""
    if speaker_name:
        return speaker_name
    return f"? ('{speaker_text}')" if speaker_text else "?"
