"""``analyze()``: the one entry point every interface (library, CLI, web, batch, benchmarks) uses.

A source is plain text or HTML (``str``; HTML when it looks like a page), ``bytes`` (decoded, then the same), a
file path (``pathlib.Path``), an http(s) URL (a ``str`` that is only a URL, or ``URL(...)``), or one of the
explicit wrappers ``Text``, ``HTML``, ``URL``; or a list of them. Lists and ``analyze_many`` run the articles
through the pipeline in batches, so model calls batch across articles.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from unspin import pipeline
from unspin.document import Document
from unspin.errors import ConfigError, InputError, UnspinError
from unspin.ingest.dates import date_in_name
from unspin.ingest.source import Article, from_bytes, from_text, load_source
from unspin.ingest.text import DEFAULT_MAX_BYTES
from unspin.report import Report, build, merge

_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Text:
    """Plain text, never read as HTML or as a URL."""

    value: str


@dataclass(frozen=True)
class HTML:
    """An HTML page (``url``: where it came from, for relative links and the report's meta)."""

    value: str
    url: str | None = None


@dataclass(frozen=True)
class URL:
    """An http(s) address to fetch (private addresses only with ``Options(allow_private_urls=True)``)."""

    value: str


Source = str | bytes | os.PathLike[str] | Text | HTML | URL | Article
PART_WORDS = 20_000  # texts longer than this are analysed in parts (cost linear in length)


@dataclass
class Options:
    """How to analyse: which analysers, what metadata, which limits."""

    only: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private_urls: bool = False
    is_html: bool | None = None
    fetch_timeout: float = 15.0
    part_words: int = PART_WORDS  # longer texts are analysed in parts of at most this many words
    min_confidence: float | None = None  # leave out findings below this (and out of the counts); None: each analyser's floor


def article_of(source: Source, options: Options) -> Article:
    """Read one source into an ``Article`` (fetching URLs, decoding bytes, extracting HTML)."""
    if isinstance(source, Article):
        return source
    if isinstance(source, Text):
        return from_text(source.value, max_bytes=options.max_bytes, is_html=False, url=options.url)
    if isinstance(source, HTML):
        return from_text(source.value, max_bytes=options.max_bytes, is_html=True, url=source.url or options.url)
    if isinstance(source, URL) or (isinstance(source, str) and _URL.match(source)):
        from unspin.ingest.url import fetch

        address = source.value if isinstance(source, URL) else source
        got = fetch(address, max_bytes=options.max_bytes, allow_private=options.allow_private_urls,
                    timeout=options.fetch_timeout)
        return from_bytes(got.body, max_bytes=options.max_bytes, is_html=got.content_type != "text/plain", url=got.url)
    if isinstance(source, os.PathLike):
        return load_source(os.fspath(source), max_bytes=options.max_bytes)
    if isinstance(source, bytes):
        return from_bytes(source, max_bytes=options.max_bytes, is_html=options.is_html, url=options.url)
    if isinstance(source, str):
        return from_text(source, max_bytes=options.max_bytes, is_html=options.is_html, url=options.url)
    raise InputError(f"cannot analyse a {type(source).__name__}: give text, bytes, a path or a URL")


def document_of(article: Article, options: Options) -> Document:
    text = article.text
    meta: dict[str, Any] = dict(article.meta)
    for key in ("title", "date", "source", "url"):
        if getattr(options, key):
            meta[key] = getattr(options, key)
    if options.date:
        from unspin.analysers.timeline import parse_pub_date

        if parse_pub_date(options.date) is None:
            raise ConfigError(f"not a date: {options.date!r} (give YYYY-MM-DD)")
        meta["date_source"] = "given"
    elif not meta.get("date") and meta.get("url"):
        day = date_in_name(meta["url"])  # a fetched page, or text or HTML given with its address
        if day:
            meta["date"], meta["date_source"] = day, "address"
    elif meta.get("date"):
        meta.setdefault("date_source", "page")
    title = meta.get("title")
    if title and not text.lstrip().startswith(title.strip()):
        text = f"{title.strip()}\n\n{text}"  # the title is analysed too, as its own segment
    if article.posts:  # structured comments: exact spans with author and time, not guessed by the segmenter
        text = f"{text.rstrip()}\n\n\nComments:\n\n"
        spans = []
        for post in article.posts:
            spans.append((len(text), len(text) + len(post.text), post.author, post.time))
            text += post.text + "\n\n"
        text = text.rstrip("\n") + "\n"
        meta["comment_posts"] = spans
    elif article.comments:
        text = f"{text.rstrip()}\n\n\nComments:\n\n{article.comments}"
    if not text.strip():
        raise InputError("input has no text")
    if options.min_confidence is not None and not 0.0 <= options.min_confidence <= 1.0:
        raise ConfigError("min_confidence must be between 0 and 1")
    return Document(text=text, meta=meta, min_confidence=options.min_confidence)


def selection(options: Options | None = None) -> pipeline.Selection:
    """The analysers these options run (requirements added); raises ``ConfigError`` before any work."""
    options = options or Options()
    return pipeline.select(options.only, options.skip)


def _report(doc: Document, chosen: pipeline.Selection) -> Report:
    return build(doc, pipeline.contributions(doc, chosen))


def _is_long(doc: Document, options: Options) -> bool:
    return options.part_words > 0 and len(doc.text.split()) > options.part_words


def _report_in_parts(doc: Document, chosen: pipeline.Selection, options: Options) -> Report:
    """A long text analysed part by part (time and memory grow linearly with length), then merged."""
    pieces = pipeline.run_parts(pipeline.parts(doc, options.part_words), chosen)
    note = (f"This text of {len(doc.text.split()):,} words was analysed in {len(pieces)} parts of at most "
            f"{options.part_words:,} words: quotes, coreference and consistency checks do not reach across parts.")
    whole = pipeline.component("segments").contribute(doc).warnings  # segments were found over the whole text
    return merge(doc.text, [(offset, _report(part, chosen)) for offset, part in pieces], [note, *whole])


def analyze_many(sources: Iterable[Source], *, options: Options | None = None, batch_size: int = 8,
                 profile: dict[str, float] | None = None) -> Iterator[Report | UnspinError]:
    """Analyse many sources in batches; yields, in input order, each one's Report or the error that stopped it
    (one bad article never stops the others). ``profile``, when given, accumulates each analyser's seconds."""
    options = options or Options()
    chosen = selection(options)
    pending: list[tuple[int, Document | UnspinError]] = []

    def flush() -> Iterator[Report | UnspinError]:
        docs = [d for _, d in pending if isinstance(d, Document) and not _is_long(d, options)]
        done = {id(d): _report(d, chosen) for d in pipeline.pipe(docs, chosen, max(1, len(docs)), profile)} if docs else {}
        for _, d in pending:
            if isinstance(d, Document) and _is_long(d, options):
                done[id(d)] = _report_in_parts(d, chosen, options)
        for _, d in pending:
            yield done[id(d)] if isinstance(d, Document) else d
        pending.clear()

    for i, source in enumerate(sources):
        try:
            pending.append((i, document_of(article_of(source, options), options)))
        except UnspinError as exc:
            pending.append((i, exc))
        if len(pending) >= batch_size:
            yield from flush()
    if pending:
        yield from flush()


@overload
def analyze(source: Source, *, options: Options | None = None) -> Report: ...


@overload
def analyze(source: list[Source] | tuple[Source, ...], *, options: Options | None = None) -> list[Report]: ...


def analyze(source: Source | list[Source] | tuple[Source, ...], *, options: Options | None = None) -> Report | list[Report]:
    """Analyse an article (text, HTML, bytes, a path or a URL), or a list of them, and return the Report(s).

    >>> report = analyze("Article text ...")          # doctest: +SKIP
    >>> report.summary.techniques                      # doctest: +SKIP
    """
    options = options or Options()
    if isinstance(source, list | tuple):
        reports = []
        for got in analyze_many(source, options=options):
            if isinstance(got, UnspinError):
                raise got
            reports.append(got)
        return reports
    chosen = selection(options)
    doc = document_of(article_of(source, options), options)
    if _is_long(doc, options):
        return _report_in_parts(doc, chosen, options)
    return _report(pipeline.run(doc, chosen), chosen)


def analyze_article(article: Article, options: Options | None = None) -> Report:
    return analyze(article, options=options)


def analyze_source(source: str, *, options: Options | None = None) -> Report:
    """Analyse what a command line names: a file path, ``-`` (stdin) or an http(s) URL."""
    options = options or Options()
    if source == "-":
        return analyze(sys.stdin.buffer.read(options.max_bytes + 1), options=options)
    if _URL.match(source):
        return analyze(URL(source), options=options)
    path = Path(source)
    if not path.exists():
        raise InputError(f"no such file: {source}")
    return analyze(path, options=options)


def warm(options: Options | None = None) -> None:
    """Load every model these options need now (servers and batch workers, before their first article)."""
    pipeline.warm(selection(options))


def configure(*, threads: int | None = None) -> None:
    """Process-wide runtime settings: ``threads`` caps the CPU threads of every model session."""
    from unspin.inference.session import configure as configure_sessions

    configure_sessions(threads)


def analysers() -> list[tuple[str, str, bool]]:
    """Every analyser's name, description and whether it always runs, in pipeline order."""
    return [(r.name, r.description, r.name in pipeline.CORE) for r in pipeline.REGISTRY]


def install_glossary(path: str | os.PathLike[str]) -> int:
    """Install a coded-term (dogwhistle) glossary TSV for the comment analyser; returns its number of surface forms."""
    from unspin.analysers import dogwhistles

    return dogwhistles.install(Path(path))


def glossary() -> list[tuple[str, str, str, bool, str]]:
    """The installed glossary: (surface form, term, in-group, ambiguous, covert meaning) per form."""
    from unspin.analysers import dogwhistles

    return [(t.form, t.term, t.in_group, t.ambiguous, t.meaning) for t in dogwhistles.load_glossary()]


def glossary_path() -> Path:
    from unspin.analysers import dogwhistles

    return dogwhistles.glossary_path()
