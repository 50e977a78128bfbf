"""HateXplain files: posts to classify and majority gold labels."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from unspin.errors import InputError

HF_LABELS = {0: "hatespeech", 1: "normal", 2: "offensive"}  # the Hugging Face export's integer encoding


def _lines(path: Path | str) -> list[dict]:
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}: line {n} is not JSON ({exc.msg})") from None
                if not isinstance(obj, dict):
                    raise InputError(f"{path}: line {n} is not a JSON object")
                out.append(obj)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    return out


def read_posts(path: Path | str) -> list[tuple[str, str]]:
    """``(id, text)`` from ``{"id", "text"}`` lines, or HateXplain's own lines (``post_id``/``id`` and ``post_tokens``)."""
    posts = []
    for n, obj in enumerate(_lines(path), start=1):
        pid = obj.get("id", obj.get("post_id"))
        text = obj.get("text")
        if text is None and isinstance(obj.get("post_tokens"), list):
            text = " ".join(str(t) for t in obj["post_tokens"])
        if pid is None or not isinstance(text, str):
            raise InputError(f"{path}: line {n} needs an id and a text")
        posts.append((str(pid), text))
    return posts


def _label(value: object) -> str:
    if isinstance(value, int):
        return HF_LABELS[value]
    return str(value).lower().replace(" ", "")


def read_gold(path: Path | str) -> dict[str, str]:
    """Majority labels (two of three annotators) by post id; posts without a majority are left out."""
    gold = {}
    for obj in _lines(path):
        pid = obj.get("id", obj.get("post_id"))
        ann = obj.get("annotators")
        if isinstance(ann, dict):  # Hugging Face export: {"label": [..], ...}
            labels = [_label(x) for x in ann.get("label", [])]
        elif isinstance(ann, list):  # dataset.json: [{"label": "hatespeech", ...}, ...]
            labels = [_label(a.get("label")) for a in ann if isinstance(a, dict)]
        elif "label" in obj:
            labels = [_label(obj["label"])] * 2
        else:
            continue
        if not labels:
            continue
        top, count = Counter(labels).most_common(1)[0]
        if count >= 2 and top in ("hatespeech", "offensive", "normal"):
            gold[str(pid)] = top
    return gold


def macro_f1(y: np.ndarray, pred: np.ndarray, n: int, only: int | None = None) -> float:
    y, pred = np.asarray(y).astype(int), np.asarray(pred).astype(int)
    scores = []
    for c in [only] if only is not None else range(n):
        tp = int(((pred == c) & (y == c)).sum())
        fp = int(((pred == c) & (y != c)).sum())
        fn = int(((pred != c) & (y == c)).sum())
        scores.append(2 * tp / max(1, 2 * tp + fp + fn))
    return float(np.mean(scores))
