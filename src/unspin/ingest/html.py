"""HTML pages to article text and metadata, with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass

from unspin.errors import InputError

_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<!--)", re.IGNORECASE)
_TAGS = re.compile(r"</?(p|div|span|a|br|body|html|head|title|article|section|h[1-6]|ul|li|script|meta)\b", re.IGNORECASE)


MIN_WORDS = 8  # fewer words than this is navigation or an error page, not an article


@dataclass
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    comments: str | None = None


def looks_like_html(text: str) -> bool:
    if _HTML_SNIFF.match(text[:2000]):
        return True
    return len(_TAGS.findall(text[:20000])) >= 5


def extract(html: str, url: str | None = None) -> Extracted:
    """Main text, title, author, date and reader comments of a page; boilerplate removed."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=True, include_tables=False, with_metadata=True, favor_recall=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(f"could not parse the HTML: {exc.__class__.__name__}") from None
    if doc is None:
        raise InputError("the HTML has no article text")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if len(re.findall(r"[^\W\d_]{2,}", text)) < MIN_WORDS:
        raise InputError("the HTML has no article text")
    return Extracted(
        text=text,
        title=(data.get("title") or None),
        author=(data.get("author") or None),
        date=(data.get("date") or None),
        comments=(data.get("comments") or "").strip() or None,
    )
