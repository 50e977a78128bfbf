"""PolNeAR (attribution relations, brat standoff): predict content/cue/source spans and score them.

A prediction matches a gold attribution when their content spans overlap with
character Jaccard ≥ 0.5 (one-to-one, best overlap first). Speaker accuracy is
over matched pairs: the predicted source span overlaps the gold source span
(or both have none).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.errors import InputError

Span = tuple[int, int]


@dataclass(frozen=True)
class Attribution:
    content: Span
    cue: Span | None
    source: Span | None


def _bounds(frag: str) -> Span:
    nums = [int(x) for x in re.findall(r"\d+", frag)]
    return min(nums), max(nums)


def read_ann(path: Path) -> list[Attribution]:
    spans: dict[str, tuple[str, Span]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, frag = parts[1].partition(" ")
            spans[parts[0]] = (kind, _bounds(frag))
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(x.split(":", 1) for x in parts[1].split() if ":" in x))
    out = []
    for rel in relations:
        content = spans.get(rel.get("Content", ""))
        if not content:
            continue
        cue = spans.get(rel.get("Cue", ""))
        source = spans.get(rel.get("Source", ""))
        out.append(Attribution(content[1], cue[1] if cue else None, source[1] if source else None))
    return out


def gold_for(attr_dir: Path, name: str) -> list[Attribution] | None:
    """One annotator's attributions for ``NAME.txt`` (the first ``NAME_xxxx.ann`` in sorted order)."""
    files = sorted(attr_dir.glob(f"{Path(name).stem}_*.ann")) or sorted(attr_dir.glob(f"{Path(name).stem}.ann"))
    return read_ann(files[0]) if files else None


def jaccard(a: Span, b: Span) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def match(pred: list[Attribution], gold: list[Attribution]) -> list[tuple[Attribution, Attribution]]:
    pairs = sorted(((jaccard(p.content, g.content), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for score, i, j in pairs:
        if score < 0.5:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((pred[i], gold[j]))
    return out


def score(results: list[tuple[list[Attribution], list[Attribution]]]) -> dict[str, float]:
    n_pred = sum(len(p) for p, _ in results)
    n_gold = sum(len(g) for _, g in results)
    matched = [m for p, g in results for m in match(p, g)]
    right = sum(1 for p, g in matched if (p.source is None and g.source is None)
                or (p.source is not None and g.source is not None and min(p.source[1], g.source[1]) > max(p.source[0], g.source[0])))
    precision = len(matched) / n_pred if n_pred else 0.0
    recall = len(matched) / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "speaker_accuracy": right / len(matched) if matched else 0.0,
            "predicted": n_pred, "gold": n_gold, "matched": len(matched)}


def predict(text: str) -> list[Attribution]:
    from unspin.api import Options, analyze

    report = analyze(text, options=Options(only=["actors", "quotes"]))
    return [Attribution((f.content.start, f.content.end), (f.cue.start, f.cue.end) if f.cue else None,
                        (f.speaker.start, f.speaker.end) if f.speaker else None)
            for f in report.findings if f.kind == "quote"]


def run(text_dir: Path, gold_dir: Path | None, out: Any = None) -> dict[str, float] | None:
    from unspin.progress import Progress

    out = out or sys.stdout
    files = sorted(Path(text_dir).glob("*.txt"))
    if not files:
        raise InputError(f"no *.txt files in {text_dir}")
    results = []
    progress = Progress(len(files))
    for path in files:
        text = path.read_text(encoding="utf-8")
        pred = predict(text) if text.strip() else []
        for a in pred:
            out.write(json.dumps({"file": path.name, "content": list(a.content), "cue": list(a.cue) if a.cue else None,
                                  "source": list(a.source) if a.source else None}) + "\n")
        if gold_dir is not None:
            gold = gold_for(Path(gold_dir), path.name)
            if gold is not None:
                results.append((pred, gold))
        progress.step()
    progress.close()
    if gold_dir is None:
        return None
    return score(results)
