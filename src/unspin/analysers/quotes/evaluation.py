"""What every stage's ``evaluate()`` reads: the quote analyser's three readings (rules, tagger, merged) of PolNeAR dev
articles next to the gold attributions (``unspin.bench.polnear``: the first annotator's file per article).

    python -c "from unspin.analysers.quotes import cue, content, source, resolve, merge; \
               print([m.evaluate() for m in (cue, content, source, resolve, merge)])"
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from unspin.errors import InputError


@dataclass(frozen=True)
class Scores:
    stage: str
    values: dict[str, float]


@dataclass
class Run:
    name: str
    text: str
    actors: list[Any]
    rules: list[Any]
    learned: list[Any]
    merged: list[Any]
    gold: list[Any]
    matched: list[tuple[Any, Any]] = field(default_factory=list)


def dev_runs(data: str | None = None, limit: int | None = None) -> list[Run]:
    """The readings of PolNeAR dev (``data``: the corpus folder, default ``../shared/data/polnear``), the first
    ``limit`` articles; computed once per (data, limit)."""
    return list(_runs(str(data or Path("..") / "shared" / "data" / "polnear"), limit))


@lru_cache(maxsize=4)
def _runs(data: str, limit: int | None) -> tuple[Run, ...]:
    from unspin import pipeline
    from unspin.bench.polnear import gold_for, match
    from unspin.document import Document

    folder = Path(data) / "dev"
    paths = sorted((folder / "text").glob("*.txt"))[:limit]
    if not paths:
        raise InputError(f"no PolNeAR dev articles under {folder}")
    selection = pipeline.select(only=["actors", "encoder"])
    quotes = pipeline.component("quotes")
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        gold = gold_for(folder / "attributions", path.name) or []
        if not text.strip():
            continue
        doc = next(iter(pipeline.pipe([Document(text)], selection)))
        reading = quotes.readings([doc])[0]  # type: ignore[attr-defined]
        out.append(Run(path.name, text, doc.annotations.actors or [], reading.rules, reading.learned, reading.merged,
                       gold, match(reading.merged, gold)))
    return tuple(out)
