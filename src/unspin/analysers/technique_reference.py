"""Where an article stands against reference articles: technique density and the author's share, as percentiles.

Two reference sets ship with the package (``models/techniques/reference.json``, rebuilt by ``unspin bench
reference``): propaganda (the PTC training articles) and mainstream hard news (PolNeAR train: nyt, wash-post,
usa-today, politico). Each set holds, per measure, the sorted values of its articles, all measured as the product
reports them (full technique analysis, the default confidence floor), so an article's value can be placed in both.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MEASURES: dict[str, str] = {
    "technique_density": "technique spans per 1,000 words",
    "author_density": "technique spans in the author's own voice per 1,000 words",
    "loaded_language_density": "loaded language and name calling per 1,000 words",
    "author_share": "share of technique spans in the author's own voice",
}
SETS = {"mainstream": "mainstream news articles", "propaganda": "articles of the propaganda reference set"}


@dataclass(frozen=True)
class Mark:
    label: str
    voice: str
    confidence: float


def measures(marks: Iterable[Mark], words: int, floor: float) -> dict[str, float]:
    """The article's value of every measure, counting technique findings at or above ``floor``."""
    kept = [m for m in marks if m.confidence >= floor]
    per_k = 1000.0 / max(words, 1)
    author = sum(1 for m in kept if m.voice == "author")
    out = {
        "technique_density": len(kept) * per_k,
        "author_density": author * per_k,
        "loaded_language_density": sum(1 for m in kept if m.label in ("Loaded_Language", "Name_Calling,Labeling")) * per_k,
    }
    if kept:
        out["author_share"] = author / len(kept)
    return out


def percentile(sorted_values: list[float], value: float) -> int:
    """Share (0-100) of reference articles below ``value``, ties counted half."""
    if not sorted_values:
        return 0
    below = bisect.bisect_left(sorted_values, value)
    ties = bisect.bisect_right(sorted_values, value) - below
    return round(100 * (below + ties / 2) / len(sorted_values))


@lru_cache(maxsize=4)
def load_reference(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text()) if path.is_file() else None


def place(values: dict[str, float], reference: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per measure the article has: its value and its percentile in each reference set, with a sentence."""
    rows = []
    for key, name in MEASURES.items():
        if key not in values:
            continue
        pct = {s: percentile(reference["sets"][s]["values"].get(key, []), values[key]) for s in SETS}
        if values[key] == 0:  # a tie with every article that has none: say so, not "lower than"
            none = {s: _share_zero(reference["sets"][s]["values"].get(key, [])) for s in SETS}
            text = (f"{name[0].upper() + name[1:]}: none, like {none['mainstream']}% of mainstream news articles and "
                    f"{none['propaganda']}% of the propaganda reference set.")
        else:
            text = sentence(name, pct["mainstream"], pct["propaganda"])
        rows.append({"measure": key, "description": name, "value": round(values[key], 3),
                     "mainstream_percentile": pct["mainstream"], "propaganda_percentile": pct["propaganda"],
                     "text": text})
    return rows


def _share_zero(sorted_values: list[float]) -> int:
    return round(100 * sum(1 for v in sorted_values if v == 0) / len(sorted_values)) if sorted_values else 0


def ordinal(n: int) -> str:
    """31 -> "31st", 52 -> "52nd", 43 -> "43rd", 12 -> "12th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def sentence(name: str, mainstream: int, propaganda: int) -> str:
    """E.g. "Technique spans per 1,000 words: higher than in 94% of mainstream news articles; typical of the
    propaganda reference set (54th percentile)."."""
    first = name[0].upper() + name[1:]
    m = f"higher than in {mainstream}% of mainstream news articles" if mainstream >= 50 else \
        f"lower than in {100 - mainstream}% of mainstream news articles"
    if 25 <= propaganda <= 75:
        p = f"typical of the propaganda reference set ({ordinal(propaganda)} percentile)"
    elif propaganda > 75:
        p = f"higher than in {propaganda}% of the propaganda reference set"
    else:
        p = f"lower than in {100 - propaganda}% of the propaganda reference set"
    return f"{first}: {m}; {p}."


def build(sets: dict[str, list[dict[str, float]]], floor: float, sources: dict[str, str]) -> dict[str, Any]:
    """The reference tables from per-article measure values (``sets``: mainstream / propaganda -> rows)."""
    out: dict[str, Any] = {"floor": floor, "sources": sources, "sets": {}}
    for name, rows in sets.items():
        out["sets"][name] = {"articles": len(rows), "values": {
            key: sorted(round(r[key], 4) for r in rows if key in r) for key in MEASURES}}
    return out
