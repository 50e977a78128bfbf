"""HTML pages to article text and metadata, with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from unspin.errors import InputError

# a document: optional BOM, XML declaration and comments, then a doctype or a root element
_DOCUMENT = re.compile(
    r"^\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<(?:html|head|body)[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?>")
_BLOCK = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 article section table tr td th blockquote header footer "
                   "nav main aside figure figcaption form pre".split())
_ELEMENTS = _BLOCK | frozenset("a span b i em strong u small sub sup img script style meta link title time "
                               "abbr cite code q s mark label button input select option iframe svg".split())
TAG_DENSITY = 0.03  # markup tags per word of text, above which a fragment is HTML (real pages: 0.1-1)


MIN_WORDS = 8  # fewer words than this is navigation or an error page, not an article


@dataclass
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    comments: str | None = None


def looks_like_html(text: str) -> bool:
    """A document (doctype or root element), or a fragment dense with HTML tags, among them block tags: never
    because a text mentions a few tag-like strings ("<script>", "<name>", "x <b> y")."""
    if _DOCUMENT.match(text[:5000]):
        return True
    sample = text[:50_000]
    tags = [m.group(1).lower() for m in _TAG.finditer(sample)]
    known = [t for t in tags if t in _ELEMENTS]
    if len(known) < 4 or not any(t in _BLOCK for t in known):
        return False
    words = len(re.findall(r"\w+", _TAG.sub(" ", sample)))
    return len(known) >= TAG_DENSITY * max(words, 1)


_DROP = frozenset(("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"))


def _deep_tree(html: str) -> Any:
    """The page parsed without libxml2's depth limit (pages nested hundreds of levels deep)."""
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None


class _TextOnly(HTMLParser):
    """Visible text with a line break at every block tag; streaming, so any nesting depth is fine."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _DROP:
            self.skipping += 1
        elif tag == "title":
            self.in_title = True
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def _plain_text(html: str) -> tuple[str, str | None]:
    """Text and title of a page trafilatura cannot read."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.title).split()) or None
    return "\n".join(line for line in lines if line), title


def extract(html: str, url: str | None = None) -> Extracted:
    """Main text, title, author, date and reader comments of a page; boilerplate removed."""
    import trafilatura

    def run(page: Any) -> dict[str, Any] | None:
        try:
            doc = trafilatura.bare_extraction(
                page, url=url, include_comments=True, include_tables=False, with_metadata=True, favor_recall=True
            )
        except Exception as exc:  # trafilatura raises many kinds on broken markup
            raise InputError(f"could not parse the HTML: {exc.__class__.__name__}") from None
        if doc is None:
            return None
        return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)

    def enough(data: dict[str, Any] | None) -> bool:
        return data is not None and len(re.findall(r"[^\W\d_]{2,}", data.get("text") or "")) >= MIN_WORDS

    data = run(html)
    if not enough(data):  # maybe nested past libxml2's depth limit: parse without it, then plain text
        tree = _deep_tree(html)
        if tree is not None:
            data = run(tree)
        if not enough(data):
            text, title = _plain_text(html)
            data = {"text": text, "title": title}
    if data is None or not enough(data):
        raise InputError("the HTML has no article text")
    text = (data.get("text") or "").strip()
    return Extracted(
        text=text,
        title=(data.get("title") or None),
        author=(data.get("author") or None),
        date=(data.get("date") or None),
        comments=(data.get("comments") or "").strip() or None,
    )
