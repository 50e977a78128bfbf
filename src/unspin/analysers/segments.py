"""Split the analysed text into title, body paragraphs, boilerplate and reader comments.

News pages pasted as text end in furniture: "MORE ON THE TOPIC:" blocks,
"Read also" links, share/subscribe lines, and then reader comments. The rules:

* the first block is a ``title`` when it is one short line followed by more text
  (or when it equals the known title);
* a block that starts with a boilerplate marker opens the *tail*: it and the
  headline-like lines after it are ``boilerplate``;
* in the tail, text that reads like a post (sentences, first person,
  informal punctuation) is a ``comment``, one segment per post; blank lines
  alone never start comments (they are layout, not evidence);
* share/subscribe/advertising lines anywhere are ``boilerplate``;
* everything else is ``body``, one segment per paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.analysers import Analyser
from unspin.document import Document, Segment
from unspin.report import Contribution

NAME = "segments"
WARN_SHARE = 0.25  # at least this share of the words outside title and body is worth a warning
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")

_MARKER = re.compile(
    r"^\s*(more on (the|this) topic|read (also|more)|also read|see also|related( articles| stories| news| posts)?|"
    r"recommended( for you)?|you (may|might) also like|more from|most (read|popular)|trending|latest news|"
    r"more stories|further reading|comments?( \(\d+\))?|\d+ comments?|reader comments|leave a (reply|comment)|"
    r"what readers say|discussion)\s*[:：]?\s*($|\n)",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    # an author's sign-off ("Follow Pam Key on Twitter @pamkeyNEN"), even inside a page-long quotation mark
    r"^\s*[\"“]?\s*follow\s+([\w.'’@-]+\s+){0,4}on\s+(twitter|x|facebook|instagram|telegram|threads|bluesky|mastodon)\b|"
    r"^\s*(share( this( article| story)?)?( on)?|subscribe\b|follow us\b|sign up\b|click here\b|advertisement|"
    r"tags?\s*:|print\b|email\b|tweet\b|like us on\b|all rights reserved|©|copyright\b|"
    r"(facebook|twitter|telegram|whatsapp|vk)(\s*[|,/·]\s*(facebook|twitter|telegram|whatsapp|vk|email))+|"
    # a related-link label with its headline on the same line ("RELATED: House leaders schedule vote")
    r"(related( articles?| stories| coverage)?|read more|read also|also read|see also|more on this|"
    r"recommended)\s*[:：|]\s*\S|"
    # a link to another story of the site, named by its domain or alone with a colon ("Also on rt.com We must be
    # ready …", "Also on WorldPost:")
    r"also on\s+(?:[\w-]+\.)+[a-z]{2,}\s+\S|also on\s+[\w.-]+\s*:\s*$|"
    # a link on to the rest of the piece, alone on its line ("Read the Whole Article", "Continue reading")
    r"(continue reading|read more|read (the )?(whole|full|entire|complete|rest of the) (article|story|post|piece))"
    r"\s*[.…»›>]*\s*$|"
    # where the piece first ran ("This article originally appeared on The Hill.")
    r"this (article|story|piece|report|post) (was )?(originally |first )?(appeared|published|ran)\b|"
    r"(reprinted|republished|reposted) (with permission )?(from|by|with)\b|"
    # a call to action addressed to the reader: an imperative opening the line, and "our", "us" or "your" in it
    # ("Get the latest news delivered to your inbox.", "Support independent journalism. Donate today and help us …")
    r"(get|sign up|subscribe|download|support|donate|join|click|tap|register|install|contribute|become a|"
    r"don'?t miss|never miss|stay (informed|up to date))\b(?=.*\b(our|us|your|newsletter|app|inbox)\b))",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*([-–—•*·▪►»]|\d+[.)])\s+")
_POSTISH = re.compile(
    r"(\bI\b|\bI'm\b|\bme\b|\bmy\b|\bwe\b|\byou\b|\blol\b|!!|\?\?|\.\.\.|[!?]\s*$|\b(they|these people|idiots?)\b)", re.IGNORECASE
)
_HEADER = re.compile(r"^\s*(\S+( \S+){0,3})\s*(\||·|—|-|wrote:?|says:?|said:?)?\s*(\d{1,2}[:.]\d{2}|\d+ (min|hour|day)s? ago|\d{4}-\d{2}-\d{2})", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    start: int
    end: int


def blocks(text: str) -> list[Block]:
    """Blank-line separated blocks, trimmed of surrounding whitespace."""
    out = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append(Block(start, end))
    return out


def lines_of(text: str, block: Block) -> list[Block]:
    out = []
    pos = block.start
    for line in text[block.start : block.end].split("\n"):
        s = pos + (len(line) - len(line.lstrip()))
        e = pos + len(line.rstrip())
        if e > s:
            out.append(Block(s, e))
        pos += len(line) + 1
    return out


# a line that ends a sentence, a caption or a quotation
_LINE_END = re.compile(r"[.!?:;…)\]\"”’']\s*$")


def lines_are_units(text: str, start: int, end: int) -> bool:
    """Whether the single line breaks in ``text[start:end]`` end sentences or paragraphs (text saved a sentence or
    a paragraph a line, as the PTC articles are) rather than wrap them. Of three lines or more, at least half (the
    last aside) end a sentence: in 200 PTC articles' blocks the 5th percentile of that share is 0.86, and in the
    same text wrapped at 72 characters the 95th is 0.20. Sentences never run across such breaks; a quotation may
    (PTC puts each sentence of a quoted paragraph on a line of its own)."""
    lines = lines_of(text, Block(start, end))
    if len(lines) < 3:
        return False
    ends = sum(bool(_LINE_END.search(text[ln.start : ln.end])) for ln in lines[:-1])
    return ends >= 0.5 * (len(lines) - 1)


def is_headline(line: str) -> bool:
    """A related-link line: short, no closing sentence punctuation, or a bullet/title-case line."""
    words = line.split()
    if not words or len(words) > 20:
        return False
    if _BULLET.match(line):
        return True
    if _POSTISH.search(line) and not line.istitle():
        return False
    if line.rstrip().endswith((".", "!", "?", "…")):
        return False
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return caps / len(words) >= 0.5 or len(words) <= 12


def is_post(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 250 and not is_headline(text)


def _first_block_is_title(text: str, bl: list[Block], known_title: str | None) -> bool:
    if len(bl) < 2:
        return False
    first = text[bl[0].start : bl[0].end]
    if known_title and " ".join(first.split()) == " ".join(known_title.split()):
        return True
    if "\n" in first or len(first) > 200:
        return False
    if not first.rstrip().endswith((".", ":", ";", ",")):
        return True
    if not first.rstrip().endswith("."):
        return False
    return headline_case(first.rstrip()[:-1]) or short_headline(first, text[bl[1].start : bl[1].end])


# a sentence boundary inside a line, and a dateline opening a news story ("WASHINGTON (AP) —", "FARGO, N.D. —")
_INNER_BOUNDARY = re.compile(r"[.!?][\"”’']?\s+[A-Z“\"]")
_DATELINE_OPENING = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:\([^)]{1,20}\))?\s*[—–-]")


def short_headline(first: str, second: str) -> bool:
    """A sentence-case headline that ends with a period (as PolNeAR's texts give them: "Former DNC chairman calls
    for Clinton contingency plan."): one sentence of at most 12 words, no dateline, before a longer paragraph. On
    PolNeAR's 668 first blocks of that shape 559 are caught; of its 790 second blocks (ledes) of that shape, 181 would
    be, but only an article pasted without its headline puts a lede first."""
    words = first.split()
    if len(words) > 12 or len(second.split()) <= len(words):
        return False
    return not _INNER_BOUNDARY.search(first.rstrip()[:-1]) and not _DATELINE_OPENING.match(first)


def headline_case(line: str) -> bool:
    """Headline capitalisation ("Clinton Campaign Reportedly Scrambling For Black Voters."): a short line whose longer
    words nearly all start with a capital, so a closing period does not make it a sentence."""
    words = line.split()
    longer = [w for w in words if len(w.strip("\"'‘’“”()")) > 3]
    if not 3 <= len(words) <= 20 or len(longer) < 2:
        return False
    return sum(1 for w in longer if w.strip("\"'‘’“”(")[:1].isupper()) / len(longer) >= 0.8


def segment(text: str, known_title: str | None = None) -> list[Segment]:
    bl = blocks(text)
    if not bl:
        return []
    segs: list[Segment] = []
    i = 0
    if _first_block_is_title(text, bl, known_title):
        segs.append(Segment("title", bl[0].start, bl[0].end))
        i = 1
    tail_start = _tail_start(text, bl, i)
    for b in bl[i:tail_start]:
        segs.extend(_body_block(text, b))
    segs.extend(_tail(text, bl[tail_start:]))
    return segs


FURNITURE_MAX_WORDS = 30  # a credit or share line is short; a long line that starts like one is prose


def _body_block(text: str, b: Block) -> list[Segment]:
    """A block of the article: its furniture *lines* (a photo credit, a subscribe prompt) are boilerplate and the
    lines around them stay body; a whole paragraph is never lost because its first line is a credit."""
    out: list[Segment] = []
    run: list[Block] = []

    def flush() -> None:
        if run:
            out.append(Segment("body", run[0].start, run[-1].end))
            run.clear()

    for ln in lines_of(text, b):
        line = text[ln.start : ln.end]
        ad = _AD_WIDGET.match(line)
        if ad:  # a shop widget, sometimes run into the paragraph after it on the same line
            start = ln.start
            if run and _CUT_TITLE.fullmatch(text[run[-1].start : run[-1].end]):
                start = run.pop().start  # its product title, cut off on the line before ("Amazon.com $50 Gift Ca...")
            flush()
            out.append(Segment("boilerplate", start, ln.start + ad.end()))
            rest = len(line) - len(line[ad.end() :].lstrip())
            if ln.start + rest < ln.end:
                run.append(Block(ln.start + rest, ln.end))
        elif _FURNITURE.match(line) and len(line.split()) <= FURNITURE_MAX_WORDS:
            flush()
            out.append(Segment("boilerplate", ln.start, ln.end))
        else:
            run.append(ln)
    flush()
    return out


# a bookshop widget ("Secret Empires: How th... Peter Schweizer Best Price: $5.19 Buy New $8.24 (as of 12:00 EDT -
# Details)"): a cut-off title, an author, prices and the time they were read
# or, without a price, a short title and author then "Check Amazon for Pricing." (longer lines run prose into the
# widget: "… Johnson would The Man Who Killed Ken... Roger Stone Check Amazon for Pricing." stays body)
_AD_WIDGET = re.compile(r"[^\n]{0,120}?\bBest Price:\s*\$[\d.,]+(?:\s+Buy New\s*\$[\d.,]+)?\s*"
                        r"(?:\(as of [^)\n]{0,40}Details\))?|[^\n]{0,70}?\bCheck Amazon for Pricing\.?", re.IGNORECASE)
# a product title cut off with an ellipsis, alone on its line (a few words)
_CUT_TITLE = re.compile(r"\s*\S+(?:\s+\S+){0,7}?(?:\.\.\.|…)\s*")


def _tail_start(text: str, bl: list[Block], first_body: int) -> int:
    """Index of the first block after the article proper (len(bl) when there is none)."""
    # only a marker ("Comments:", "MORE ON THE TOPIC:", ...) opens the tail: blank lines alone are layout, and
    # reading them as the start of reader comments silently dropped article text from the analysis
    for k in range(first_body + 1, len(bl)):
        if _MARKER.match(text[bl[k].start : bl[k].end]):
            return k
    return len(bl)


def _tail(text: str, tail: list[Block]) -> list[Segment]:
    """Boilerplate lines until the first post; then one comment per post."""
    segs: list[Segment] = []
    in_comments = False
    pending_header: Block | None = None
    for b in tail:
        block_text = text[b.start : b.end]
        if not in_comments and (_MARKER.match(block_text) or _FURNITURE.match(block_text)):
            lines = lines_of(text, b)
            k = 1
            while k < len(lines) and is_headline(text[lines[k].start : lines[k].end]):
                k += 1
            segs.append(Segment("boilerplate", b.start, lines[k - 1].end))
            rest = lines[k:]
            if not rest:
                continue
            in_comments = True
            lines_iter = rest
        elif not in_comments and is_headline(block_text) and all(
            is_headline(text[ln.start : ln.end]) for ln in lines_of(text, b)
        ):
            segs.append(Segment("boilerplate", b.start, b.end))
            continue
        else:
            in_comments = True
            lines_iter = [b] if not _looks_like_list_of_posts(text, b) else lines_of(text, b)
        for ln in lines_iter:
            line_text = text[ln.start : ln.end]
            if _FURNITURE.match(line_text):
                segs.append(Segment("boilerplate", ln.start, ln.end))
                continue
            header = _HEADER.match(line_text)
            if header and len(line_text.split()) <= 8:
                pending_header = ln
                continue
            start = pending_header.start if pending_header else ln.start
            author = _author_of(text, pending_header) if pending_header else None
            segs.append(Segment("comment", start, ln.end, author=author))
            pending_header = None
    if pending_header is not None:
        segs.append(Segment("boilerplate", pending_header.start, pending_header.end))
    return segs


def _looks_like_list_of_posts(text: str, b: Block) -> bool:
    lines = lines_of(text, b)
    return len(lines) > 1 and all(is_post(text[ln.start : ln.end]) or _HEADER.match(text[ln.start : ln.end]) for ln in lines)


def _author_of(text: str, header: Block) -> str | None:
    m = _HEADER.match(text[header.start : header.end])
    return m.group(1).strip() if m else None


class SegmentAnalyser(Analyser):
    """Pipeline component: writes ``Document.segments``."""

    name = NAME

    def predict(self, docs: Sequence[Document]) -> list[list[Segment]]:
        return [segments_of(doc) for doc in docs]

    def set_annotations(self, docs: Sequence[Document], preds: Sequence[list[Segment]]) -> None:
        for doc, segs in zip(docs, preds):
            doc.segments = segs

    def contribute(self, doc: Document) -> Contribution:
        """Words per segment kind, and a warning when much of the text was not read as the article."""
        words: dict[str, int] = {}
        for seg in doc.segments:
            words[seg.kind] = words.get(seg.kind, 0) + len(_WORD.findall(doc.text[seg.start : seg.end]))
        total = sum(words.values())
        warnings = []
        for kind, what in (("comment", "reader comments"), ("boilerplate", "page furniture (boilerplate)")):
            share = words.get(kind, 0) / total if total else 0.0
            if share >= WARN_SHARE:
                warnings.append(f"{share:.0%} of the words were read as {what}, not as the article: they are not "
                                "checked for techniques, claims or narratives.")
        return Contribution(summary={"segment_words": words}, warnings=warnings)


def segments_of(doc: Document) -> list[Segment]:
    posts = doc.meta.get("comment_posts")
    if not posts:
        return segment(doc.text, doc.meta.get("title"))
    # comments came structured from the page: the article part is segmented, the posts are taken as given
    head = posts[0][0]
    marker = doc.text.rfind("Comments:", 0, head)
    cut = marker if marker >= 0 else head
    segs = [s for s in segment(doc.text[:cut], doc.meta.get("title")) if s.end <= cut]
    if marker >= 0:
        segs.append(Segment("boilerplate", marker, marker + len("Comments:")))
    segs += [Segment("comment", s, e, author=a, time=t) for s, e, a, t in posts]
    return segs
