"""The one attribution type every quote stage produces (rules and the PolNeAR tagger alike), and whose voice a span is in.

An attribution is *content* (what was said, thought or written), its *cue* (the speech verb, "according to", a list
header) and its *source* (the span naming the speaker) with the resolved actor name. ``content`` and ``source``
give the offsets the PolNeAR scorer (``unspin.bench.polnear``) reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Voice = Literal["author", "quoted", "reported"]


@dataclass(frozen=True)
class Attribution:
    start: int  # content, quote marks excluded
    end: int
    speaker: str | None  # actor name
    speaker_span: tuple[int, int] | None
    cue: tuple[int, int] | None
    direct: bool = True
    listed: bool = False  # an item of a "From X's statements:" list or a transcript turn: the speaker by construction

    @property
    def content(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def source(self) -> tuple[int, int] | None:
        return self.speaker_span


def quotation_holding(start: int, end: int, quotes: list[Attribution], direct_only: bool = True) -> Attribution | None:
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


def voice_of(start: int, end: int, quotes: list[Attribution]) -> tuple[Voice, Attribution | None]:
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
