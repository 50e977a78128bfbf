"""The reader-comment classifier: HateXplain labels and targeted groups, with word-level rationales.

It continues from the bundled sentence encoder's trunk (``SentenceEncoder.states``)
with two fine-tuned top layers (``models/comments/tail.int8.onnx``). The
rationale of a hateful or offensive decision is read by occlusion: each word's
pieces are masked out of the top layers' attention in turn and the words whose
removal lowers the decided label's probability most are the evidence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from unspin.errors import ModelError
from unspin.inference.ngrams import URL, NgramModel
from unspin.inference.sentences import load_encoder, whole_words
from unspin.inference.session import session
from unspin.models import locate

LABELS = ["hatespeech", "offensive", "normal"]
# HateXplain's target groups (the rare Buddhism/Bisexual/Asexual are left out: under 10 training posts each)
TARGETS = [
    "African", "Arab", "Asian", "Caucasian", "Christian", "Disability", "Economic", "Heterosexual", "Hindu", "Hispanic",
    "Homosexual", "Indian", "Indigenous", "Islam", "Jewish", "Men", "Minority", "Nonreligious", "Other", "Refugee", "Women",
]
# a word counts as evidence when masking it lowers the label's probability by at least this much
RATIONALE_DROP = 0.05
RATIONALE_MAX_WORDS = 6


@dataclass
class CommentVerdict:
    label: str
    confidence: float
    probabilities: dict[str, float]
    targets: dict[str, float]  # group → probability, above the tuned threshold
    rationale: list[tuple[int, int]] = field(default_factory=list)  # character spans into the comment text
    antisemitism: float | None = None  # probability from the antisemitism head (v2 models), IHRA definition
    conspiracy: float | None = None  # probability from the conspiracy-talk head (v2 models)
    # the tail's own antisemitism head (``antisemitism`` is the stack's probability when one ships, else this head's)
    antisemitism_head: float | None = None
    # the label classifier's Jewish target, and Jews named in conspiracy talk, stand only when this reaches the floor:
    # the head's, the stack's or the larger of the two, as the model's config says (``jewish_target_veto``)
    antisemitism_support: float | None = None
    agent: float | None = None  # the agent tagger's highest word-piece probability (None without a tagger)
    agents: list[tuple[int, int]] = field(default_factory=list)  # the blamed agents: character spans into the text


_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "@": "a", "$": "s", "!": "i"}
# a word, unless it is a link, a handle or a hashtag (their letters and digits are an address, not a spelling)
_TOKEN = re.compile(rf"{URL.pattern}|[\w.+-]+@[\w-]+\.[\w.]+|[@#]\w+|[A-Za-z0-9@$!]+")
_INSIDE = re.compile(r"(?<=[A-Za-z])[0134579@$!]{1,3}(?=[a-z])")


def deobfuscate(text: str) -> str:
    """Undo look-alike spelling inside words ("j3ws", "musl1ms", "k1ll", "f@g") so that the model reads the word it
    stands for; same length, so every offset into the text stays exact. Only runs of digits or symbols *between*
    letters of a word with at least two lower-case letters change: "MH17", "COVID19", "F35s", "2nd", "b4",
    "gr8", links, e-mail addresses, @handles and #hashtags stay as they are."""
    def fix(tok: re.Match[str]) -> str:
        word = tok.group(0)
        if word[0] in "@#" or word.startswith(("http", "www.")) or "." in word or sum(c.islower() for c in word) < 2:
            return word
        return _INSIDE.sub(lambda m: "".join(_LEET[c] for c in m.group(0)), word)

    return _TOKEN.sub(fix, text)


_SPACED = re.compile(r"(?<![A-Za-z])(?:[A-Za-z] ){2,}[A-Za-z](?![A-Za-z])")


def normalise_spelling(text: str) -> tuple[str, list[int]]:
    """The comment as the model should read it: look-alike spelling undone (``deobfuscate``), words spelled out
    letter by letter ("j e w s", "k i l l") joined up, and misspelt words respelt (``respell``);
    and, for each of its characters, where it was in ``text`` (one more entry at the end: ``len(text)``), so spans
    found in it map back to exact offsets."""
    t = deobfuscate(text)
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _SPACED.finditer(t):
        out.append(t[pos : m.start()])
        where.extend(range(pos, m.start()))
        for k in range(m.start(), m.end(), 2):
            out.append(t[k])
            where.append(k)
        pos = m.end()
    out.append(t[pos:])
    where.extend(range(pos, len(t)))
    where.append(len(t))
    joined = "".join(out)
    fixed: list[str] = []
    fixed_where: list[int] = []
    pos = 0
    for m in _TOKEN.finditer(joined):
        word = m.group(0)
        if not word.isalpha():  # links, handles, hashtags, words with digits: left as written
            continue
        new = respell(word)
        if new == word:
            continue
        fixed.append(joined[pos : m.start()])
        fixed_where.extend(where[pos : m.start()])
        # each new character maps into the word it replaces, first to first and last to last
        n, k = len(new), len(word)
        fixed.append(new)
        fixed_where.extend(where[m.start() + round(i * (k - 1) / max(1, n - 1))] for i in range(n))
        pos = m.end()
    fixed.append(joined[pos:])
    fixed_where.extend(where[pos:])
    return "".join(fixed), fixed_where


# respelling: a word that neither an English word list nor the model's word pieces know, one swap of neighbouring
# letters (five letters or more) or one missing letter (seven or more) away from a common word ("dsigusting",
# "poeple", "immigants"). Shorter words and run-together words are left alone: on HateXplain validation, correcting
# four-letter words ("imma" -> "imam") and missing letters in six ("tranny" -> "tyranny") or splitting runs
# ("shithole" -> "shit hole") cost 0.3-0.6 points of accuracy; these limits cost none (see the model card)
_COMMON = 500  # occurrences in the word list (OpenSubtitles counts) a correction must have


@lru_cache(maxsize=1)
def _word_counts() -> dict[str, int]:
    """English word frequencies (pyspellchecker's list, built from OpenSubtitles; MIT)."""
    import gzip
    from importlib import resources

    data = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    counts: dict[str, int] = json.loads(gzip.decompress(data))
    return counts


def _known(low: str) -> bool:
    counts = _word_counts()
    return (low in counts or low in whole_words() or low.replace("is", "iz") in counts  # British -ise spellings
            or low.endswith("in") and low + "g" in counts)  # "fuckin", "comin"


@lru_cache(maxsize=8192)
def respell(word: str) -> str:
    """``word`` as meant: itself when it is known or short; else the most frequent common word one swap of
    neighbouring letters or (from seven letters) one missing letter after the first away; else itself. The first
    letter's case is kept."""
    low = word.lower()
    if len(low) < 5 or _known(low):
        return word
    counts = _word_counts()
    candidates = {low[:i] + low[i + 1] + low[i] + low[i + 2 :] for i in range(len(low) - 1)}
    if len(low) >= 7:
        candidates |= {low[:i] + c + low[i:] for i in range(1, len(low) + 1) for c in "abcdefghijklmnopqrstuvwxyz"}
    known = [(counts[c], c) for c in candidates if counts.get(c, 0) >= _COMMON]
    if not known:
        return word
    best = max(known)[1]
    return best[0].upper() + best[1:] if word[0].isupper() else best


def _back(spans: list[tuple[int, int]], where: list[int]) -> list[tuple[int, int]]:
    """Spans in the normalised comment, as spans of the comment itself."""
    return [(where[s], where[e - 1] + 1) for s, e in spans if e > s]


def _softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


class CommentModel:
    def __init__(self, model_dir: Path, use_stack: bool = True) -> None:
        self.dir = Path(model_dir)
        self.config = json.loads((self.dir / "config.json").read_text())
        self.session = session(self.dir / self.config["onnx"])  # shipped gzipped: smaller wheel
        self.offsets = np.asarray(self.config.get("offsets", [0.0] * len(LABELS)), np.float32)
        self.temperature = float(self.config.get("temperature", 1.0))
        self.target_threshold = float(self.config.get("target_threshold", 0.5))
        # a hateful or offensive comment whose target probabilities are spread over several groups, none reaching the
        # threshold ("Trans people are disgusting": Women 0.32, Other 0.24, Homosexual 0.22), still targets a group:
        # when the chance that at least one applies, 1 - prod(1 - p), reaches this, the likeliest one is listed
        # (chosen on HateXplain validation, see the model card); None: off
        fallback = self.config.get("target_fallback")
        self.target_fallback = None if fallback is None else float(fallback)
        self.max_tokens = int(self.config.get("max_tokens", 128))
        self.antisemitism_threshold = float(self.config.get("antisemitism_threshold", 0.5))
        self.conspiracy_threshold = float(self.config.get("conspiracy_threshold", 0.5))
        # with an antisemitism detector, the label classifier's "Jewish" target stands only when it gives at least
        # this much (chosen on the ISCA dev part: it removes tweets that name Jews to call antisemitism out)
        self.jewish_target_floor = float(self.config.get("jewish_target_floor", 0.0))
        # which detector applies that floor: the tail's own head ("head"), the antisemitism stack when one ships
        # ("stack"), or whichever gives more ("either")
        self.jewish_target_veto = str(self.config.get("jewish_target_veto", "head"))
        if self.jewish_target_veto not in ("head", "stack", "either"):
            raise ModelError(f"{self.dir / 'config.json'}: jewish_target_veto must be head, stack or either, "
                             f"not {self.jewish_target_veto!r}")
        self.has_extra = len(self.session.get_outputs()) >= 3
        # a head can ship trained but switched off when it is not yet trustworthy (see the model card)
        self.use_conspiracy_head = bool(self.config.get("use_conspiracy_head", True))
        self.use_antisemitism_head = bool(self.config.get("use_antisemitism_head", True))
        # the blamed agent of conspiracy talk (training/conspiracy_agent.py): a logistic regression per word piece
        self.agent_threshold = float(self.config.get("agent_threshold", 0.5))
        agent = self.dir / "agent.npz"
        self.agent_weights = None
        if agent.is_file():
            data = np.load(agent)
            self.agent_weights = (data["coef"].astype(np.float32), float(data["bias"]))
        # antisemitism (training/antisemitism_stack.py): a logistic regression over the tail's logits, the agent
        # tagger's top score and word and character n-grams; without it the tail's own head decides
        stack = self.dir / "antisemitism.npz"
        self.antisemitism_stack = NgramModel(stack) if stack.is_file() and use_stack else None
        # conspiracy talk (training/conspiracy_stack.py): the same kind of stack over the whole comment's words;
        # without it the tail's own head (which reads the first 128 word pieces) decides
        conspiracy = self.dir / "conspiracy.npz"
        self.conspiracy_stack = NgramModel(conspiracy) if conspiracy.is_file() and use_stack else None

    def _run(self, states: Sequence[np.ndarray], masks: Sequence[np.ndarray] | None = None
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        width = max(len(s) for s in states)
        h = np.zeros((len(states), width, 384), np.float32)
        m = np.zeros((len(states), width), np.int64)
        for r, s in enumerate(states):
            h[r, : len(s)] = s
            m[r, : len(s)] = 1 if masks is None else masks[r]
        outs = self.session.run(None, {"hidden": h, "attention_mask": m})
        return outs[0], outs[1], (outs[2] if len(outs) > 2 else None)

    def logits_from_states(self, states: Sequence[np.ndarray], batch_size: int = 64) -> tuple[np.ndarray, np.ndarray]:
        """Raw label and target logits (no offsets, no temperature), in input order."""
        lab, tgt, _ = self.all_logits(states, batch_size)
        return lab, tgt

    def all_logits(self, states: Sequence[np.ndarray], batch_size: int = 64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Label, target and (v2) antisemitism/conspiracy logits; the last are NaN for a model without those heads."""
        lab = np.zeros((len(states), len(LABELS)), np.float32)
        tgt = np.zeros((len(states), len(TARGETS)), np.float32)
        ext = np.full((len(states), 2), np.nan, np.float32)
        order = sorted(range(len(states)), key=lambda i: len(states[i]))
        for k in range(0, len(order), batch_size):
            idx = order[k : k + batch_size]
            a, b, c = self._run([states[i] for i in idx])
            lab[idx], tgt[idx] = a, b
            if c is not None:
                ext[idx] = c
        return lab, tgt, ext

    def classify(self, texts: Sequence[str], rationale: bool = True) -> list[CommentVerdict]:
        if not texts:
            return []
        enc = load_encoder()
        # read as meant ("j3ws", "j e w s"); spans found in the normalised text are mapped back to the comment's
        normalised = [normalise_spelling(t) for t in texts]
        texts = [n for n, _ in normalised]
        # one comment a call: int8 activations are quantised per call, so batched comments would move each other's
        # scores; a comment's verdict must not depend on the other comments on the page
        # the sentence vector needs the encoder's last layers: asked for only by a stack trained on it
        cut = [t[: self.max_tokens * 12] for t in texts]
        reads_vectors = self.antisemitism_stack is not None and self.antisemitism_stack.reads_vectors
        states, vectors = enc.states_and_vectors(cut, batch_size=1) if reads_vectors else (enc.states(cut, batch_size=1), None)
        states = [(h[: self.max_tokens], e) for h, e in states]
        lab, tgt, ext = self.all_logits([h for h, _ in states], batch_size=1)
        extra = 1 / (1 + np.exp(-ext))
        agents = [self._agents(h, e, text) for (h, e), text in zip(states, texts)] if self.agent_weights is not None else None
        head = extra[:, 0].copy()
        top = np.array([a[0] for a in agents]) if agents is not None else np.zeros(len(texts))
        if self.antisemitism_stack is not None:
            extra[:, 0] = self.antisemitism_stack.probabilities(texts, stack_features(lab, tgt, ext, top, vectors))
        if self.conspiracy_stack is not None:
            extra[:, 1] = self.conspiracy_stack.probabilities(texts, stack_features(lab, tgt, ext, top, None))
        support = {"stack": extra[:, 0], "either": np.fmax(extra[:, 0], head)}.get(self.jewish_target_veto, head)
        out = []
        for i, text in enumerate(texts):
            decided = int(np.argmax(lab[i] + self.offsets))
            probs = _softmax(lab[i] / self.temperature)
            tprobs = 1 / (1 + np.exp(-tgt[i]))
            targets = {} if LABELS[decided] == "normal" else {
                TARGETS[j]: round(float(tprobs[j]), 3) for j in np.argsort(-tprobs) if tprobs[j] >= self.target_threshold
            }
            if (LABELS[decided] != "normal" and not targets and self.target_fallback is not None
                    and 1.0 - float(np.prod(1.0 - tprobs)) >= self.target_fallback):
                likeliest = int(np.argmax(tprobs))
                targets = {TARGETS[likeliest]: round(float(tprobs[likeliest]), 3)}
            if "Jewish" in targets and not np.isnan(support[i]) and support[i] < self.jewish_target_floor:
                del targets["Jewish"]
            verdict = CommentVerdict(LABELS[decided], round(float(probs[decided]), 3),
                                     {lab_: round(float(p), 3) for lab_, p in zip(LABELS, probs)}, targets,
                                     antisemitism=None if np.isnan(extra[i, 0]) or not self.use_antisemitism_head
                                     else round(float(extra[i, 0]), 3),
                                     antisemitism_head=None if np.isnan(head[i]) or not self.use_antisemitism_head
                                     else round(float(head[i]), 3),
                                     antisemitism_support=None if np.isnan(support[i]) or not self.use_antisemitism_head
                                     else round(float(support[i]), 3),
                                     conspiracy=None if np.isnan(extra[i, 1]) or not self.use_conspiracy_head
                                     else round(float(extra[i, 1]), 3))
            if agents is not None:
                verdict.agent, verdict.agents = agents[i][0], _back(agents[i][1], normalised[i][1])
            if rationale and LABELS[decided] != "normal":
                verdict.rationale = _back(self._rationale(states[i][0], states[i][1], decided, float(probs[decided]),
                                                          text), normalised[i][1])
            out.append(verdict)
        return out

    def _agents(self, hidden: np.ndarray, encoding: object, text: str) -> tuple[float, list[tuple[int, int]]]:
        """The agent tagger's highest piece probability, and its spans: runs of word pieces at or above the
        threshold (a space apart at most), widened to whole words."""
        assert self.agent_weights is not None
        coef, bias = self.agent_weights
        probs = 1 / (1 + np.exp(-(agent_features(hidden) @ coef + bias)))
        offsets = list(encoding.offsets[: len(hidden)])  # type: ignore[attr-defined]
        real = [k for k, (s, e) in enumerate(offsets) if e > s]  # [CLS], [SEP] have empty offsets
        if not real:
            return 0.0, []
        top = float(probs[real].max())
        spans: list[tuple[int, int]] = []
        for k in real:
            if probs[k] < self.agent_threshold:
                continue
            s, e = offsets[k]
            if spans and not text[spans[-1][1] : s].strip():  # next to the previous run, or a space apart
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
        return round(top, 3), [_whole_words(text, s, e) for s, e in spans]

    def _rationale(self, hidden: np.ndarray, encoding: object, label: int, base: float, text: str) -> list[tuple[int, int]]:
        words = _word_pieces(encoding, len(hidden), text)
        if not words:
            return []
        masks = []
        for _, _, pieces in words:
            m = np.ones(len(hidden), np.int64)
            m[pieces] = 0
            masks.append(m)
        drops = []
        for k in range(0, len(masks), 64):
            a, _, _ = self._run([hidden] * len(masks[k : k + 64]), masks[k : k + 64])
            drops += list(base - _softmax(a / self.temperature)[:, label])
        ranked = sorted(range(len(words)), key=lambda w: -drops[w])
        keep = [w for w in ranked[:RATIONALE_MAX_WORDS] if drops[w] >= RATIONALE_DROP]
        if not keep and ranked:
            keep = ranked[:1]
        return sorted((words[w][0], words[w][1]) for w in keep)


def stack_features(lab: np.ndarray, tgt: np.ndarray, ext: np.ndarray, agent_top: np.ndarray,
                   vectors: np.ndarray | None = None) -> np.ndarray:
    """The dense inputs of the antisemitism stack: raw label, target and extra-head logits and the agent tagger's
    top piece probability (texts × 27), then, for a stack trained with them, the frozen sentence encoder's unit
    vectors (texts × 384: what the comment says, before any fine-tuning)."""
    parts = [lab, tgt, np.nan_to_num(ext), agent_top.reshape(-1, 1)] + ([] if vectors is None else [vectors])
    return np.concatenate(parts, axis=1).astype(np.float32)


def agent_features(hidden: np.ndarray) -> np.ndarray:
    """What the agent tagger reads of each word piece: its own state and the mean states of the two pieces before and
    the two after ("controlled by the Jews": the words around a name say whether it acts or is acted on)."""
    n, d = hidden.shape
    padded = np.concatenate([np.zeros((2, d), hidden.dtype), hidden, np.zeros((2, d), hidden.dtype)])
    before = (padded[0:n] + padded[1 : n + 1]) / 2
    after = (padded[3 : n + 3] + padded[4 : n + 4]) / 2
    return np.concatenate([hidden, before, after], axis=1).astype(np.float32)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to the word boundaries around it."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in "'’-"):
        end += 1
    return start, end


def _word_pieces(encoding: object, n: int, text: str) -> list[tuple[int, int, list[int]]]:
    """Whole words of the comment as (start, end, piece indices), from the tokenizer's offsets."""
    offsets = getattr(encoding, "offsets", [])[:n]
    word_ids = getattr(encoding, "word_ids", [])[:n]
    words: dict[int, list[int]] = {}
    for p, w in enumerate(word_ids):
        if w is None or offsets[p][1] <= offsets[p][0]:
            continue
        words.setdefault(w, []).append(p)
    out = []
    for pieces in words.values():
        start, end = offsets[pieces[0]][0], offsets[pieces[-1]][1]
        if text[start:end].strip() and any(c.isalnum() for c in text[start:end]):
            out.append((start, end, pieces))
    return out


@lru_cache(maxsize=1)
def load_comment_model() -> CommentModel:
    return CommentModel(locate("comments"))
