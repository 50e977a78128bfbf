"""The user's own cases: add from CSV/JSONL or ClaimReview JSON/JSON-LD, list, remove."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from unspin.errors import InputError
from unspin.narratives.index import Case, case_id, load_part, save_part, user_dir


def _claimreviews(node: Any) -> Iterator[dict[str, Any]]:
    """Every ClaimReview object in a JSON-LD document, a list, an @graph or a DataFeed."""
    if isinstance(node, list):
        for x in node:
            yield from _claimreviews(x)
    elif isinstance(node, dict):
        kind = node.get("@type")
        if kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind):
            yield node
        for key in ("@graph", "dataFeedElement", "item", "itemListElement"):
            if key in node:
                yield from _claimreviews(node[key])


def read_cases(path: Path) -> list[Case]:
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    rows: list[dict[str, Any]] = []
    suffix = path.suffix.lower()
    if suffix == ".csv":
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    elif suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError:
                        raise InputError(f"{path}:{n}: not valid JSON") from None
    elif suffix in (".json", ".jsonld"):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            raise InputError(f"{path}: not valid JSON") from None
        for cr in _claimreviews(doc):
            rating = cr.get("reviewRating") or {}
            rows.append({"text": cr.get("claimReviewed"), "url": cr.get("url"), "date": cr.get("datePublished"),
                         "title": cr.get("claimReviewed"),
                         "label": rating.get("alternateName") if isinstance(rating, dict) else None})
        if not rows:
            raise InputError(f"{path}: no ClaimReview objects found")
    else:
        raise InputError(f"{path}: give a .csv, .jsonl or ClaimReview .json/.jsonld file")
    cases = []
    for n, row in enumerate(rows, 1):
        text = " ".join(str(row.get("text") or "").split())
        if not text:
            raise InputError(f"{path}: case {n} has no text")
        url = row.get("url") or None
        cases.append(Case(id=case_id(text, url), title=str(row.get("title") or text)[:300], url=url,
                          date=row.get("date") or None, label=row.get("label") or None, keywords=text[:500], origin="user"))
    return cases


def add(path: Path) -> int:
    """Embed and store the cases of ``path``; returns how many were new."""
    from unspin.inference.sentences import load_encoder

    new = read_cases(path)
    cases, vectors = load_part(user_dir())
    known = {c.id for c in cases}
    fresh = [c for c in new if c.id not in known]
    if fresh:
        import numpy as np

        emb = load_encoder().encode([c.keywords or c.title for c in fresh])
        save_part(user_dir(), [*cases, *fresh], np.concatenate([vectors, emb]) if len(cases) else emb)
    return len(fresh)


def remove(ids: list[str], everything: bool = False) -> int:
    cases, vectors = load_part(user_dir())
    keep = [i for i, c in enumerate(cases) if not everything and c.id not in ids]
    save_part(user_dir(), [cases[i] for i in keep], vectors[keep] if keep else vectors[:0])
    return len(cases) - len(keep)


def listing() -> list[Case]:
    return list(load_part(user_dir())[0])
