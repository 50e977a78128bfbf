"""One entry for every kind of input: a path, ``-`` for stdin, a URL, raw text or HTML."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from unspin.errors import InputError
from unspin.ingest import html as html_mod
from unspin.ingest.comments import PostedComment, extract_comments
from unspin.ingest.dates import date_in_name
from unspin.ingest.text import DEFAULT_MAX_BYTES, check_size, decode, normalise


@dataclass
class Article:
    """Text to analyse plus what is known about it."""

    text: str
    comments: str | None = None
    meta: dict[str, str | None] = field(default_factory=dict)
    posts: list[PostedComment] = field(default_factory=list)  # structured comments (author, time) from HTML


def from_text(text: str, *, max_bytes: int = DEFAULT_MAX_BYTES, is_html: bool | None = None, url: str | None = None) -> Article:
    check_size(text, max_bytes)
    text = normalise(text)
    if not text.strip():
        raise InputError("input is empty")
    if is_html or (is_html is None and html_mod.looks_like_html(text)):
        ex = html_mod.extract(text, url=url)
        posts = [PostedComment(normalise(p.text), p.author, p.time) for p in extract_comments(text)]
        return Article(
            _paragraphs(normalise(ex.text)),
            None if posts else (_paragraphs(normalise(ex.comments)) if ex.comments else None),
            {"title": ex.title, "author": ex.author, "date": ex.date, "url": url},
            posts,
        )
    return Article(text, None, {"url": url})


def _paragraphs(text: str) -> str:
    """trafilatura puts one paragraph per line; a blank line between them marks paragraphs for segmentation."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def from_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, is_html: bool | None = None, url: str | None = None) -> Article:
    return from_text(decode(data, max_bytes), max_bytes=max_bytes, is_html=is_html, url=url)


def load_source(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, allow_private_urls: bool = False) -> Article:
    """Read ``source``: ``-`` (stdin), an http(s) URL, or a file path."""
    if source == "-":
        return from_bytes(sys.stdin.buffer.read(max_bytes + 1), max_bytes=max_bytes)
    if source.startswith(("http://", "https://")):
        from unspin.ingest.url import fetch

        got = fetch(source, max_bytes=max_bytes, allow_private=allow_private_urls)
        return from_bytes(got.body, max_bytes=max_bytes, is_html=got.content_type != "text/plain", url=got.url)
    path = Path(source)
    if not path.exists():
        raise InputError(f"no such file: {source}")
    if path.is_dir():
        raise InputError(f"{source} is a folder; give a file (use `unspin bench` for folders)")
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror}") from None
    is_html = True if path.suffix.lower() in (".html", ".htm", ".xhtml") else None
    article = from_bytes(data, max_bytes=max_bytes, is_html=is_html)
    day = None if article.meta.get("date") else date_in_name(path.name)
    if day:  # the page gave no date: one written in the file name anchors relative dates (an address's: document_of)
        article.meta["date"], article.meta["date_source"] = day, "file name"
    return article
