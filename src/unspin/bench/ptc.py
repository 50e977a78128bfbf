"""PTC (SemEval-2020 Task 11) file conventions and scores.

Articles are ``article<ID>.txt``; label lines are tab-separated:
``id<TAB>start<TAB>end`` (span identification, SI) or
``id<TAB>technique<TAB>start<TAB>end`` (technique classification, TC).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from unspin.catalogue import LABELS
from unspin.errors import InputError

TECHNIQUES = LABELS  # the catalogue's PTC ids

_ARTICLE = re.compile(r"^article(.+)\.txt$")


@dataclass(frozen=True)
class LabelLine:
    article_id: str
    technique: str  # "?" when unknown
    start: int
    end: int


def read_articles(folder: Path) -> dict[str, str]:
    """``{article_id: text}`` for every ``article*.txt`` (or ``*.txt``) in a folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"not a folder: {folder}")
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
        m = _ARTICLE.match(path.name)
        article_id = m.group(1) if m else path.stem
        out[article_id] = path.read_text(encoding="utf-8")
    if not out:
        raise InputError(f"no .txt articles in {folder}")
    return out


def read_labels(path: Path) -> list[LabelLine]:
    """Read SI lines (3 columns) or TC lines (4 columns) from a file or a folder of files."""
    path = Path(path)
    files = sorted(path.glob("*.labels")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise InputError(f"no label files at {path}")
    lines: list[LabelLine] = []
    for file in files:
        for n, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            cols = raw.rstrip("\n").split("\t")
            try:
                if len(cols) == 3:
                    lines.append(LabelLine(cols[0], "?", int(cols[1]), int(cols[2])))
                elif len(cols) == 4:
                    lines.append(LabelLine(cols[0], cols[1], int(cols[2]), int(cols[3])))
                else:
                    raise ValueError
            except ValueError:
                raise InputError(f"{file}:{n}: expected 3 or 4 tab-separated columns") from None
    return lines


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_si(pred: Iterable[tuple[str, int, int]], gold: Iterable[tuple[str, int, int]]) -> Score:
    """Overlap-based SI score of Da San Martino et al. (EMNLP 2019, SemEval-2020 Task 11).

    Overlapping spans of one article are merged first; a predicted span earns
    the share of its characters that fall in gold spans (precision), a gold span
    the share of its characters covered by predictions (recall).
    """
    by_pred: dict[str, list[tuple[int, int]]] = defaultdict(list)
    by_gold: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for a, s, e in pred:
        by_pred[a].append((s, e))
    for a, s, e in gold:
        by_gold[a].append((s, e))
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article in set(by_pred) | set(by_gold):
        ps = _merge(by_pred.get(article, []))
        gs = _merge(by_gold.get(article, []))
        n_pred += len(ps)
        n_gold += len(gs)
        for s, e in ps:
            for gs_, ge in gs:
                inter = min(e, ge) - max(s, gs_)
                if inter > 0:
                    p_sum += inter / (e - s)
                    r_sum += inter / (ge - gs_)
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return Score(p, r, _f1(p, r))


def score_tc(pred: Iterable[LabelLine], gold: Iterable[LabelLine]) -> tuple[Score, dict[str, Score]]:
    """Micro-F1 of technique labels over identical spans, and the per-technique scores."""
    gold_at: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    pred_at: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for g in gold:
        gold_at[(g.article_id, g.start, g.end)][g.technique] += 1
    for line in pred:
        pred_at[(line.article_id, line.start, line.end)][line.technique] += 1
    correct: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for key, labels in gold_at.items():
        n_gold.update(labels)
        correct.update(labels & pred_at.get(key, Counter()))
    for labels in pred_at.values():
        n_pred.update(labels)
    total_c, total_p, total_g = sum(correct.values()), sum(n_pred.values()), sum(n_gold.values())
    micro_p = total_c / total_p if total_p else 0.0
    micro_r = total_c / total_g if total_g else 0.0
    per: dict[str, Score] = {}
    for label in sorted(set(n_gold) | set(n_pred)):
        lp = correct[label] / n_pred[label] if n_pred[label] else 0.0
        lr = correct[label] / n_gold[label] if n_gold[label] else 0.0
        per[label] = Score(lp, lr, _f1(lp, lr))
    return Score(micro_p, micro_r, _f1(micro_p, micro_r)), per
