"""The attribution tagger: who said (or thought) what, read off token tags.

A small BiLSTM (weights in ``models/attribution/tagger.npz``, trained on
PolNeAR) tags each word piece of the article as Source, Cue or Content (BIO)
from the shared model pass's token states (``unspin.inference.trunk``). Tags become spans; each
content span is paired with the nearest cue, and that cue with the nearest
source. Inference is plain numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from unspin.analysers.quotes.attribution import Attribution
from unspin.models import locate

TAGS = ["O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON"]
PAIR_WITHIN = 160  # characters between a content span and its cue, and a cue and its source
MIN_WORDS = 3  # shortest content kept: chosen on the first half of PolNeAR dev (1-5 tried)
_QUOTE_MARKS = set("\"“”«»„‘’'")
PRE_STEPS = 256  # LSTM steps whose input projections are laid out at once (memory, not speed: same results)
JOIN_WITHIN = 200  # at most this many characters (no line break) between the two parts of an interrupted quotation


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def pack(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Matrices as int8 with one scale per row (``name@q``, ``name@s``), vectors as float16: the shipped form."""
    from unspin.inference.quantise import quantise_rows

    out = {}
    for k, v in weights.items():
        v = np.asarray(v, np.float32)
        if v.ndim == 2:
            out[k + "@q"], out[k + "@s"] = quantise_rows(v)
        else:
            out[k] = v.astype(np.float16)
    return out


def unpack(data: object) -> dict[str, np.ndarray]:
    files = list(getattr(data, "files", []))
    w = {}
    for k in files:
        if k.endswith("@s"):
            continue
        if k.endswith("@q"):
            name = k[:-2]
            w[name] = data[k].astype(np.float32) * data[name + "@s"][:, None]  # type: ignore[index]
        else:
            w[k] = data[k].astype(np.float32)  # type: ignore[index]
    return w


class AttributionTagger:
    def __init__(self, path: Path) -> None:
        self.w = unpack(np.load(path))

    def tag_probs(self, feats: np.ndarray) -> np.ndarray:
        return self.tag_probs_many([feats])[0]

    def tag_probs_many(self, feats: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Tag probabilities of several articles at once: both LSTM directions of every article step together,
        so the per-piece loop runs once per batch instead of twice per article."""
        w = self.w
        hs = [np.maximum(f @ w["proj.weight"].T + w["proj.bias"], 0.0) for f in feats]
        lengths = [len(h) for h in hs]
        n, steps = len(hs), max(lengths, default=0)
        outs: list[np.ndarray] = []
        if steps == 0:
            return [np.zeros((0, len(TAGS)), np.float32) for _ in hs]
        hid = w["lstm.weight_hh_l0"].shape[1]
        # input projections of every piece, per article and direction (each article's whole matmul, as trained)
        fwd = [x @ w["lstm.weight_ih_l0"].T + w["lstm.bias_ih_l0"] + w["lstm.bias_hh_l0"] for x in hs]
        bwd = [x[::-1] @ w["lstm.weight_ih_l0_reverse"].T + w["lstm.bias_ih_l0_reverse"] + w["lstm.bias_hh_l0_reverse"]
               for x in hs]
        del hs

        def inputs(t0: int) -> np.ndarray:
            """Steps ``t0`` … ``t0 + PRE_STEPS`` of those projections as one block: forward rows, then each article
            reversed (padding always trails). A block at a time, so that one long article in a batch does not pad
            every other one to its length (2 × articles × 9,500 pieces × 4 × hidden floats: 120 MB)."""
            pre = np.zeros((2 * n, PRE_STEPS, 4 * hid), np.float32)
            for k, (f, b) in enumerate(zip(fwd, bwd)):
                m = min(PRE_STEPS, len(f) - t0)
                if m > 0:
                    pre[k, :m] = f[t0 : t0 + m]
                    pre[n + k, :m] = b[t0 : t0 + m]
            return pre

        w_f, w_r = w["lstm.weight_hh_l0"].T, w["lstm.weight_hh_l0_reverse"].T
        h = np.zeros((2 * n, hid), np.float32)
        c = np.zeros((2 * n, hid), np.float32)
        out = np.zeros((2 * n, steps, hid), np.float32)
        z = np.empty((2 * n, 4 * hid), np.float32)
        pre = inputs(0)
        for t in range(steps):
            if t % PRE_STEPS == 0 and t:
                pre = inputs(t)
            np.matmul(h[:n], w_f, out=z[:n])
            np.matmul(h[n:], w_r, out=z[n:])
            z += pre[:, t % PRE_STEPS]
            gates = _sigmoid(z)
            c = gates[:, hid : 2 * hid] * c + gates[:, :hid] * np.tanh(z[:, 2 * hid : 3 * hid])
            h = gates[:, 3 * hid :] * np.tanh(c)
            out[:, t] = h
        for k, m in enumerate(lengths):
            both = np.concatenate([out[k, :m], out[n + k, :m][::-1]], axis=1)
            logits = both @ w["out.weight"].T + w["out.bias"]
            e = np.exp(logits - logits.max(1, keepdims=True))
            outs.append(e / e.sum(1, keepdims=True))
        return outs

    def spans(self, feats: np.ndarray, offsets: np.ndarray, probs: np.ndarray | None = None) -> dict[str, list[tuple[int, int, float]]]:
        """Source, cue and content spans (character offsets) with their mean tag probability."""
        if probs is None:
            probs = self.tag_probs(feats)
        tags = probs.argmax(1)
        out: dict[str, list[tuple[int, int, float]]] = {"SRC": [], "CUE": [], "CON": []}
        cur: list = []  # [kind, first piece, last piece, probs]
        for i, t in enumerate(tags):
            name = TAGS[t]
            if name == "O":
                cur = self._close(cur, out, offsets)
                continue
            bio, kind = name.split("-")
            if cur and bio == "I" and cur[0] == kind:
                cur[2] = i
                cur[3].append(float(probs[i, t]))
            else:
                cur = self._close(cur, out, offsets)
                cur = [kind, i, i, [float(probs[i, t])]]
        self._close(cur, out, offsets)
        return out

    @staticmethod
    def _close(cur: list, out: dict, offsets: np.ndarray) -> list:
        if cur:
            kind, a, b, ps = cur
            out[kind].append((int(offsets[a][0]), int(offsets[b][1]), float(np.mean(ps))))
        return []

    def attributions(self, text: str, feats: np.ndarray, offsets: np.ndarray, probs: np.ndarray | None = None,
                     found: dict[str, list[tuple[int, int, float]]] | None = None) -> list[Attribution]:
        """Content spans paired with the nearest cue, and that cue with the nearest source outside the content.

        A quotation interrupted by its cue and source ("A," she said. "B.") is one attribution, as PolNeAR
        annotates it: consecutive contents that share a cue lying between them, on one line, join (a fragment
        shorter than ``MIN_WORDS`` only across quote marks). Contents still shorter than ``MIN_WORDS`` words are
        dropped: on PolNeAR dev (first half) they are almost all tagging debris ("According", "his ob")."""
        found = found if found is not None else self.spans(feats, offsets, probs)
        out: list[Attribution] = []
        for c0, c1, _ in found["CON"]:
            if not any(ch.isalnum() for ch in text[c0:c1]):
                continue
            cue = _nearest(found["CUE"], c0, c1)
            cue_span = (cue[0], cue[1]) if cue else None
            if out:
                prev = out[-1]
                between = text[prev.content[1] : c0]
                short = min(_words(text, *prev.content), _words(text, c0, c1)) < MIN_WORDS
                if (cue_span is not None and prev.cue == cue_span and prev.content[1] <= cue_span[0] < c0
                        and len(between) <= JOIN_WITHIN and "\n" not in between
                        and (not short or (_QUOTE_MARKS & set(text[prev.content[1] - 1 : prev.content[1] + 1])
                                           and _QUOTE_MARKS & set(text[c0 - 1 : c0 + 1])))):
                    out[-1] = Attribution(prev.start, c1, None, prev.speaker_span, prev.cue, direct=False)
                    continue
            anchor = cue_span or (c0, c1)
            outside = [s for s in found["SRC"] if not (c0 <= s[0] and s[1] <= c1)]
            src = _nearest(outside, *anchor)
            out.append(Attribution(c0, c1, None, (src[0], src[1]) if src else None, cue_span, direct=False))
        return [a for a in out if _words(text, *a.content) >= MIN_WORDS]


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _nearest(spans: list[tuple[int, int, float]], start: int, end: int) -> tuple[int, int, float] | None:
    best = None
    for s in spans:
        dist = 0 if s[0] < end and start < s[1] else (start - s[1] if s[1] <= start else s[0] - end)
        if dist <= PAIR_WITHIN and (best is None or dist < best[0]):
            best = (dist, s)
    return best[1] if best else None


@lru_cache(maxsize=1)
def load_attribution_tagger() -> AttributionTagger:
    return AttributionTagger(locate("attribution", "tagger.npz") / "tagger.npz")

