"""Reader comments from the comment sections of HTML pages, one post each, with author and time.

Common CMS markup is recognised: WordPress comment lists (``li.comment`` with
``.comment-author .fn``, ``time``/``.comment-metadata`` and ``.comment-content``),
Disqus-style threads (``.post`` with ``.author``, ``.post-message``) and generic
``article``/``li``/``div`` items whose class or schema.org type says "comment".
Nested replies are separate posts: a post's own text excludes its replies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_ITEM_CLASSES = {"comment", "comment-item", "c-comment", "comment-entry", "single-comment", "comment-thread-item", "reply"}
_BODY = ("comment-content", "comment-body", "comment-text", "post-message", "message", "comment__body", "comment__text",
         "comment-message", "c-comment__body", "text")
_AUTHOR = ("fn", "comment-author", "author", "username", "user-name", "comment__author", "post-byline", "commenter", "name")
_TIME = ("comment-metadata", "comment-date", "comment-meta", "post-meta", "time-ago", "date", "timestamp", "comment__date")


@dataclass(frozen=True)
class PostedComment:
    text: str
    author: str | None = None
    time: str | None = None


def _classes(el: Any) -> str:
    return (el.get("class") or "") + " " + (el.get("id") or "")


def _is_item(el: Any) -> bool:
    if el.tag not in ("li", "article", "div", "section"):
        return False
    if "Comment" in (el.get("itemtype") or ""):
        return True
    tokens = set((el.get("class") or "").split())
    if tokens & _ITEM_CLASSES:
        return True
    # Disqus-style "post" items only inside a comment thread
    return "post" in tokens and bool(re.search(r"disqus|comment|post-list", _ancestry(el), re.IGNORECASE))


def _ancestry(el: Any) -> str:
    out = []
    for a in el.iterancestors():
        out.append(_classes(a))
    return " ".join(out)


def _find(el: Any, names: tuple[str, ...], stop: set[Any]) -> Any | None:
    for name in names:
        for cand in el.iter():
            if cand is el or any(s in stop for s in [cand, *cand.iterancestors()] if s is not el and _within(s, el)):
                continue
            if name in (cand.get("class") or "").split() or (name == "fn" and cand.tag == "cite"):
                return cand
    return None


def _within(node: Any, root: Any) -> bool:
    return any(a is root for a in node.iterancestors())


def _own_text(el: Any, nested: list[Any]) -> str:
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node in nested or node.tag in ("script", "style", "form", "button", "noscript"):
            return
        if isinstance(node.tag, str) and node.tag in ("p", "br", "div", "li") and parts and not parts[-1].endswith("\n"):
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def extract_comments(html: str) -> list[PostedComment]:
    """Every post of the page's comment section, in page order (empty when the page has none)."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # lxml raises several kinds on broken markup; no comments then
        return []
    items = [el for el in root.iter() if isinstance(el.tag, str) and _is_item(el)]
    if not items:
        return []
    out = []
    for el in items:
        nested = [x for x in items if x is not el and _within(x, el)]
        stop = set(nested)
        body = _find(el, _BODY, stop)
        author_el = _find(el, _AUTHOR, stop)
        time_el = next((t for t in el.iter("time") if not any(_within(t, n) for n in nested)), None)
        if time_el is None:
            time_el = _find(el, _TIME, stop)
            if time_el is not None:  # a container: prefer the element inside that carries the exact time
                time_el = next((t for t in time_el.iter() if t.get("datetime") or t.get("title")), time_el)
        text = _own_text(body if body is not None else el, nested)
        author = " ".join(author_el.text_content().split()) if author_el is not None else None
        when = None
        if time_el is not None:
            when = time_el.get("datetime") or time_el.get("title") or " ".join(time_el.text_content().split()) or None
        if body is None:  # no body element: drop the header text (author, time, reply links) from the post
            for noise in (author, when, "Reply", "says:", "wrote:"):
                if noise:
                    text = text.replace(noise, " ", 1)
            text = "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
        if author and len(author) > 80:
            author = author[:80]
        if len(re.findall(r"\w+", text)) >= 2:
            out.append(PostedComment(text.strip(), author or None, when))
    return out
