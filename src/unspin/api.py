"""``analyze()``: the one entry point every interface (library, CLI, web, batch) uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unspin import pipeline
from unspin.document import Document
from unspin.errors import InputError
from unspin.ingest.source import Article, from_bytes, from_text, load_source
from unspin.ingest.text import DEFAULT_MAX_BYTES
from unspin.report import Report, build


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


def _document(article: Article, options: Options) -> Document:
    text = article.text
    meta: dict[str, Any] = dict(article.meta)
    for key in ("title", "date", "source", "url"):
        if getattr(options, key):
            meta[key] = getattr(options, key)
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
    return Document(text=text, meta=meta)


def analyze_article(article: Article, options: Options | None = None) -> Report:
    options = options or Options()
    chosen = pipeline.select(options.only, options.skip)
    doc = _document(article, options)
    pipeline.run(doc, chosen)
    return build(doc)


def analyze(source: str | bytes, *, options: Options | None = None) -> Report:
    """Analyse an article given as text, HTML or bytes, and return its Report.

    >>> report = analyze("Article text ...")          # doctest: +SKIP
    >>> report.summary.techniques                      # doctest: +SKIP
    """
    options = options or Options()
    if isinstance(source, bytes):
        article = from_bytes(source, max_bytes=options.max_bytes, is_html=options.is_html, url=options.url)
    else:
        article = from_text(source, max_bytes=options.max_bytes, is_html=options.is_html, url=options.url)
    return analyze_article(article, options)


def analyze_source(source: str, *, options: Options | None = None) -> Report:
    """Analyse a file path, ``-`` (stdin) or an http(s) URL."""
    options = options or Options()
    article = load_source(source, max_bytes=options.max_bytes, allow_private_urls=options.allow_private_urls)
    return analyze_article(article, options)
