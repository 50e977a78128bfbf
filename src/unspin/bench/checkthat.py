"""CheckThat! 2024 check-worthiness files: read the TSV, score the Yes class."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspin.errors import InputError


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    label: str | None  # "Yes" / "No" when the file has class_label


def read_tsv(path: Path | str) -> list[Row]:
    """``Sentence_id<TAB>Text[<TAB>class_label]`` with a header line; fields may be quoted CSV-style."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f, delimiter="\t", quotechar='"')
            header = [h.strip().lower() for h in next(reader, [])]
            if "sentence_id" not in header or "text" not in header:
                raise InputError(f"{path}: expected a header with Sentence_id and Text, got {header[:4]}")
            i_id, i_text = header.index("sentence_id"), header.index("text")
            i_label = header.index("class_label") if "class_label" in header else None
            rows = []
            for n, rec in enumerate(reader, start=2):
                if not rec or all(not x.strip() for x in rec):
                    continue
                if len(rec) <= max(i_id, i_text):
                    raise InputError(f"{path}: line {n} has {len(rec)} fields")
                label = rec[i_label].strip() if i_label is not None and i_label < len(rec) else None
                rows.append(Row(rec[i_id].strip(), rec[i_text], label or None))
            return rows
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def yes_scores(gold: Iterable[bool], pred: Iterable[bool]) -> dict[str, float]:
    g, p = np.asarray(list(gold), bool), np.asarray(list(pred), bool)
    tp, fp, fn = int((g & p).sum()), int((~g & p).sum()), int((g & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def passages(rows: list[Row], max_gap: int = 3, max_len: int = 12) -> list[list[int]]:
    """Row indices grouped into runs of near-consecutive sentence ids (the same debate, a few lines apart), at most
    ``max_len`` sentences each: the check-worthiness model reads a sentence in context, as in an article. Rows
    whose id is not a number stand alone."""
    numbered = sorted((int(r.id), i) for i, r in enumerate(rows) if r.id.isdigit())
    groups: list[list[int]] = [[i] for i, r in enumerate(rows) if not r.id.isdigit()]
    current: list[int] = []
    last = None
    for num, i in numbered:
        if current and (last is None or num - last > max_gap or len(current) >= max_len):
            groups.append(current)
            current = []
        current.append(i)
        last = num
    if current:
        groups.append(current)
    return groups


def scores_in_context(rows: list[Row], on_passage: Callable[[int], object] | None = None) -> np.ndarray:
    """Check-worthiness of every row, read in its passage (``passages``), in input order."""
    from unspin.analysers.claims import passage_scores

    out = np.zeros(len(rows), np.float32)
    groups = passages(rows)
    for k in range(0, len(groups), 16):
        chunk = groups[k : k + 16]
        for g, scores in zip(chunk, passage_scores([[rows[i].text for i in g] for g in chunk])):
            out[g] = scores
            if on_passage is not None:
                on_passage(len(g))
    return out
