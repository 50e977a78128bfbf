"""Corrected Label Studio annotations back into PTC files that ``unspin train techniques --data DIR`` reads.

A Label Studio JSON export is a list of tasks, each with ``data.text`` and the people's ``annotations`` (and the
``predictions`` unspin made, see ``render/labelstudio.py``). For every task with a completed annotation this
writes ``DIR/train-articles/article<ID>.txt`` (the text, exactly), and the span labels in both PTC formats:
``train-labels-task2-technique-classification/article<ID>.task2-TC.labels`` (``id, technique, start, end``) and
``train-labels-task1-span-identification/article<ID>.task1-SI.labels`` (``id, start, end``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.catalogue import TECHNIQUES
from unspin.errors import InputError

_BY_NAME = {**{t.title.lower(): label for label, t in TECHNIQUES.items()}, **{label.lower(): label for label in TECHNIQUES}}


@dataclass
class Imported:
    articles: int = 0
    spans: int = 0
    skipped_tasks: list[str] = field(default_factory=list)  # "task 12: no completed annotation"
    skipped_spans: list[str] = field(default_factory=list)


def technique_of(name: str) -> str | None:
    """A PTC technique id from a label as Label Studio shows it (readable name) or as PTC writes it."""
    return _BY_NAME.get(name.strip().lower())


def _article_id(task: dict[str, Any], k: int) -> str:
    raw = str(task.get("id") if task.get("id") is not None else k + 1)
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", raw)[:80]
    return safe or str(k + 1)


def _result(task: dict[str, Any], use_predictions: bool) -> list[dict[str, Any]] | None:
    done = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if done:
        latest = max(done, key=lambda a: str(a.get("updated_at") or a.get("created_at") or ""))
        return list(latest.get("result") or [])
    if use_predictions and task.get("predictions"):
        return list(task["predictions"][-1].get("result") or [])
    return None


def import_export(export: Path, out: Path, use_predictions: bool = False) -> Imported:
    try:
        tasks = json.loads(Path(export).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{export}: not a Label Studio JSON export ({exc.__class__.__name__})") from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise InputError(f"{export}: expected a list of tasks")
    got = Imported()
    dirs = {k: out / k for k in ("train-articles", "train-labels-task2-technique-classification",
                                 "train-labels-task1-span-identification")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    for k, task in enumerate(tasks):
        if not isinstance(task, dict) or not isinstance((task.get("data") or {}).get("text"), str):
            got.skipped_tasks.append(f"task {k + 1}: no data.text")
            continue
        text: str = task["data"]["text"]
        article = _article_id(task, k)
        result = _result(task, use_predictions)
        if result is None:
            got.skipped_tasks.append(f"task {article}: no completed annotation (use --predictions to take unspin's)")
            continue
        rows: set[tuple[str, int, int]] = set()
        for r in result:
            value = r.get("value") or {} if isinstance(r, dict) else {}
            start, end, labels = value.get("start"), value.get("end"), value.get("labels") or []
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                got.skipped_spans.append(f"task {article}: span without valid start/end")
                continue
            if isinstance(value.get("text"), str) and text[start:end] != value["text"]:
                got.skipped_spans.append(f"task {article}: {start}-{end} does not slice to its text")
                continue
            for name in labels:
                technique = technique_of(str(name))
                if technique is None:
                    got.skipped_spans.append(f"task {article}: unknown technique {name!r}")
                    continue
                rows.add((technique, start, end))
        (dirs["train-articles"] / f"article{article}.txt").write_text(text, encoding="utf-8", newline="")
        ordered = sorted(rows, key=lambda r: (r[1], r[2], r[0]))
        (dirs["train-labels-task2-technique-classification"] / f"article{article}.task2-TC.labels").write_text(
            "".join(f"{article}\t{t}\t{s}\t{e}\n" for t, s, e in ordered), encoding="utf-8")
        spans = sorted({(s, e) for _, s, e in ordered})
        (dirs["train-labels-task1-span-identification"] / f"article{article}.task1-SI.labels").write_text(
            "".join(f"{article}\t{s}\t{e}\n" for s, e in spans), encoding="utf-8")
        got.articles += 1
        got.spans += len(ordered)
    return got
