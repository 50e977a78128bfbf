"""The analysis pipeline: registered components, their order, and one batched pass over many documents.

A component (spaCy's contract) has a ``name``; ``requires``: analysers that must have run before it (``select()``
adds them, and says so); ``uses``: analysers it reads when they ran, with a result that stays valid without them;
``predict(docs)``: its results for a *batch* of documents, without side effects (model calls batch across
articles); ``set_annotations(docs, preds)``: writes them into the documents' typed ``Annotations``; and
``contribute(doc)``: its findings and summary fields for the Report. ``warm()`` loads its models up front.
Analysers that do not depend on each other form ``waves``; in a cold process a wave's members predict
concurrently, so model loading overlaps computing; annotations are always written in order.

Only ``unspin.api`` imports this module: the faces (CLI, web, batch, benchmarks) go through ``unspin.analyze``.
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from threading import Thread
from typing import Any, Protocol

from unspin.document import Document, Segment
from unspin.errors import ConfigError
from unspin.report import Contribution


class Component(Protocol):
    name: str
    requires: tuple[str, ...]
    uses: tuple[str, ...]

    def warm(self) -> None: ...

    def predict(self, docs: Sequence[Document]) -> Sequence[Any]: ...

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[Any]) -> None: ...

    def contribute(self, doc: Document) -> Contribution: ...


@dataclass(frozen=True)
class Registered:
    name: str
    factory: str  # "module:Class", imported lazily so nothing loads at import time
    description: str
    default: bool = True


REGISTRY: tuple[Registered, ...] = (
    Registered("segments", "unspin.analysers.segments:SegmentAnalyser", "title, body, boilerplate and comment segments"),
    Registered("language", "unspin.analysers.language:LanguageLayer", "sentences, tokens and named entities (spaCy)"),
    Registered("encoder", "unspin.analysers.encoder:EncoderPass", "the shared model pass: token states that techniques, quotes and claims read"),
    Registered("actors", "unspin.analysers.actors:ActorAnalyser", "people, organisations and places, mentions grouped"),
    Registered("quotes", "unspin.analysers.quotes:QuoteAnalyser", "quotations with their speakers (direct quotes, statement lists, reported speech)"),
    Registered("timeline", "unspin.analysers.timeline:TimelineAnalyser", "dates and relative time expressions, normalised and ordered"),
    Registered("claims", "unspin.analysers.claims:ClaimAnalyser", "check-worthy claims: type, actors, dates and sourcing (CheckThat!)"),
    Registered("techniques", "unspin.analysers.techniques:TechniqueAnalyser", "persuasion/propaganda technique spans (PTC)"),
    Registered("narratives", "unspin.analysers.narratives:NarrativeAnalyser", "matches to documented disinformation cases (EUvsDisinfo)"),
    Registered("consistency", "unspin.analysers.consistency:ConsistencyAnalyser", "one actor named two ways, competing place spellings, contradicting dates"),
    Registered("comments", "unspin.analysers.comments:CommentAnalyser", "reader comments: hatespeech/offensive/normal, targets, rationale, conspiracy cues"),
)
BY_NAME = {r.name: r for r in REGISTRY}

# always run: every report has its segments and sentences
CORE = ("segments", "language")


@dataclass(frozen=True)
class Selection:
    """The analysers to run, in registry order, and what ``select()`` added to satisfy requirements."""

    analysers: tuple[Registered, ...]
    added: dict[str, tuple[str, ...]] = field(default_factory=dict)  # added analyser → the analysers needing it

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.analysers]

    def notes(self) -> list[str]:
        """One line per analyser added because another needs it."""
        return [f"also running {name!r}: {', '.join(by)} need{'s' if len(by) == 1 else ''} it"
                for name, by in self.added.items()]


def names() -> list[str]:
    return [r.name for r in REGISTRY]


@cache
def instance(factory: str) -> Component:
    """One instance per analyser per process: models load once."""
    module, cls = factory.split(":")
    made: Any = getattr(importlib.import_module(module), cls)
    comp: Component = made()
    return comp


def component(name: str) -> Component:
    return instance(BY_NAME[name].factory)


def _requires(name: str) -> tuple[str, ...]:
    # read off the class without building it (no model loads)
    module, cls = BY_NAME[name].factory.split(":")
    return tuple(getattr(getattr(importlib.import_module(module), cls), "requires", ()))


def select(only: Iterable[str] | None = None, skip: Iterable[str] | None = None) -> Selection:
    """The analysers to run, in registry order: ``only`` (or every default one) less ``skip``, plus everything
    they require. Refuses, before any work starts, an unknown name or a skip that another analyser requires."""
    known = set(names())
    only_set = {n.strip() for n in only or [] if n.strip()}
    skip_set = {n.strip() for n in skip or [] if n.strip()}
    unknown = (only_set | skip_set) - known
    if unknown:
        raise ConfigError(f"unknown analyser(s): {', '.join(sorted(unknown))}; known: {', '.join(names())}")
    core_skipped = skip_set & set(CORE)
    if core_skipped:
        raise ConfigError(f"cannot skip {', '.join(sorted(core_skipped))}: every report needs segments and sentences")
    wanted = [r.name for r in REGISTRY if r.name in CORE or (r.name in only_set if only_set else r.default)]
    wanted = [n for n in wanted if n not in skip_set]
    chosen = set(wanted)
    added: dict[str, list[str]] = {}
    todo = list(wanted)
    while todo:
        name = todo.pop()
        for req in _requires(name):
            if req in skip_set:
                raise ConfigError(f"analyser {name!r} needs {req!r}, which --skip removes; skip {name!r} too")
            if req not in chosen:
                chosen.add(req)
                todo.append(req)
            if req not in wanted and req not in CORE:
                added.setdefault(req, [])
                if name not in added[req]:
                    added[req].append(name)
    order = tuple(r for r in REGISTRY if r.name in chosen)
    _check_order(order)
    return Selection(order, {k: tuple(sorted(v)) for k, v in added.items() if k in chosen})


def _check_order(order: Sequence[Registered]) -> None:
    seen: set[str] = set()
    for reg in order:
        missing = [r for r in _requires(reg.name) if r not in seen]
        if missing:
            raise ConfigError(f"analyser {reg.name!r} is registered before {', '.join(missing)}, which it requires")
        seen.add(reg.name)


def warm(selection: Selection) -> None:
    """Load the models of these analysers now (servers and batch workers, before their first document)."""
    for reg in selection.analysers:
        instance(reg.factory).warm()
        _warmed.add(reg.name)


def pipe(docs: Iterable[Document], selection: Selection, batch_size: int = 8,
         profile: dict[str, float] | None = None) -> Iterator[Document]:
    """Run every selected component over batches of documents, in order; yields each document when done.
    A batch holds at most ``batch_size`` documents and, past its first, at most ``BATCH_CHARACTERS`` characters of
    text: the working memory of a batch grows with its text (four of the longest PTC articles together took a
    worker past 700 MB), while the throughput gained from batching comes from the many short articles.
    ``profile``, when given, accumulates each component's seconds."""
    batch: list[Document] = []
    size = 0
    for doc in docs:
        if batch and size + len(doc.text) > BATCH_CHARACTERS:
            yield from _run_batch(batch, selection, profile)
            batch, size = [], 0
        batch.append(doc)
        size += len(doc.text)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, selection, profile)
            batch, size = [], 0
    if batch:
        yield from _run_batch(batch, selection, profile)


BATCH_CHARACTERS = 40_000  # about 6,500 words


def waves(selection: Selection) -> list[list[Registered]]:
    """The selected analysers in waves: each wave needs only earlier waves, so its members can predict at the same
    time (the language layer's spaCy pass runs while the model pass runs, for instance)."""
    level: dict[str, int] = {}
    out: list[list[Registered]] = []
    for reg in selection.analysers:
        lv = 1 + max((level[r] for r in _requires(reg.name) if r in level), default=-1)
        level[reg.name] = lv
        while len(out) <= lv:
            out.append([])
        out[lv].append(reg)
    return out


_warmed: set[str] = set()


def _prefetch(later: list[Registered]) -> Thread | None:
    """Load the models of later waves on a thread while the first waves run (a cold process: the spaCy import
    holds the interpreter while the model pass computes without it, and loading fills the gap)."""
    todo = [r for r in later if r.name not in _warmed]
    if not todo:
        return None

    def load() -> None:
        for reg in todo:
            try:
                instance(reg.factory).warm()
            except Exception:  # noqa: BLE001 - the analyser's own call raises it again, as a one-line error
                return
            _warmed.add(reg.name)

    thread = Thread(target=load, name="unspin-warm", daemon=True)
    thread.start()
    return thread


def _run_batch(batch: list[Document], selection: Selection, profile: dict[str, float] | None) -> list[Document]:
    stages = waves(selection)
    loading = _prefetch([reg for wave in stages[2:] for reg in wave])
    for k, wave in enumerate(stages):
        if k == 2 and loading is not None:
            loading.join()  # one loader per model: never two threads building the same session
        comps = [instance(reg.factory) for reg in wave]
        # a wave's members overlap only while their models still load (a cold process: the spaCy import holds the
        # interpreter while the model pass computes without it); warm, they run one after the other, so their
        # working memory never peaks at the same time (a batch worker stays ~150 MB smaller, no slower)
        cold = len(comps) > 1 and any(reg.name not in _warmed for reg in wave)
        timed = _concurrently(comps, batch) if cold else [_timed(comp.predict, batch) for comp in comps]
        for reg, comp, (preds, seconds) in zip(wave, comps, timed):
            comp.set_annotations(batch, preds)  # writes stay sequential, in registry order
            _warmed.add(reg.name)
            if profile is not None:
                profile[reg.name] = profile.get(reg.name, 0.0) + seconds
    for doc in batch:
        doc.ran.extend(selection.names)
    return batch


def _timed(fn: Any, batch: list[Document]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    return fn(batch), time.perf_counter() - t0


def _concurrently(comps: list[Component], batch: list[Document]) -> list[tuple[Any, float]]:
    # predict() has no side effects and the model runtimes release the GIL, so a wave's members overlap on the cores
    with ThreadPoolExecutor(max_workers=len(comps)) as pool:
        futures = [pool.submit(_timed, comp.predict, batch) for comp in comps]
        return [f.result() for f in futures]


def run(doc: Document, selection: Selection) -> Document:
    """One document through the pipeline."""
    return next(iter(pipe([doc], selection, batch_size=1)))


def contributions(doc: Document, selection: Selection) -> list[Contribution]:
    """What each analyser that ran adds to the Report, in pipeline order."""
    return [instance(reg.factory).contribute(doc) for reg in selection.analysers]


def parts(doc: Document, max_words: int) -> list[tuple[int, Document]]:
    """A long document cut into parts of at most ``max_words`` words, at segment (paragraph) boundaries, each
    with its offset into ``doc.text``. The segments are found once over the whole text, so every part keeps its
    real titles, boilerplate and comments; a paragraph longer than ``max_words`` is cut at sentence ends."""
    segmenter = component("segments")
    segmenter.set_annotations([doc], segmenter.predict([doc]))
    pieces: list[Segment] = []
    for seg in doc.segments:
        pieces.extend(_cut(doc.text, seg, max_words))
    groups: list[list[Segment]] = [[]]
    words = 0
    for seg in pieces:
        n = len(doc.text[seg.start : seg.end].split())
        if groups[-1] and words + n > max_words:
            groups.append([])
            words = 0
        groups[-1].append(seg)
        words += n
    out: list[tuple[int, Document]] = []
    for k, group in enumerate(groups):
        start = 0 if k == 0 else group[0].start
        end = groups[k + 1][0].start if k + 1 < len(groups) else len(doc.text)
        meta = {key: value for key, value in doc.meta.items() if key != "comment_posts"}
        if k:
            meta.pop("title", None)  # the known title belongs to the first part
        part = Document(text=doc.text[start:end], meta=meta, min_confidence=doc.min_confidence, segments=[
            Segment(s.kind, s.start - start, s.end - start, s.author, s.time) for s in group])
        out.append((start, part))
    return out


def _cut(text: str, seg: Segment, max_words: int) -> list[Segment]:
    """``seg`` as one or more segments of at most ``max_words`` words, cut after sentence ends (or anywhere)."""
    body = text[seg.start : seg.end]
    if len(body.split()) <= max_words:
        return [seg]
    out: list[Segment] = []
    start, words, last_end = seg.start, 0, None
    for m in re.finditer(r"\S+", body):
        words += 1
        at = seg.start + m.end()
        if m.group().endswith((".", "!", "?", "\u201d", '"')):
            last_end = at
        if words >= max_words:
            cut = last_end if last_end is not None and last_end > start else at
            out.append(Segment(seg.kind, start, cut, seg.author, seg.time))
            nxt = re.compile(r"\S").search(text, cut, seg.end)
            start = nxt.start() if nxt else seg.end
            words, last_end = len(text[start:at].split()), None
    if start < seg.end:
        out.append(Segment(seg.kind, start, seg.end, seg.author, seg.time))
    return out


def run_parts(doc_parts: list[tuple[int, Document]], selection: Selection) -> list[tuple[int, Document]]:
    """Every part through the pipeline, one at a time (memory stays that of one part); segments are already set."""
    rest = Selection(tuple(r for r in selection.analysers if r.name != "segments"), selection.added)
    for _, part in doc_parts:
        _run_batch([part], rest, None)
        part.ran[:] = selection.names
    return doc_parts
