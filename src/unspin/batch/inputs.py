"""Corpus readers: a folder of .txt/.html files, JSONL, CSV, or an RSS/Atom feed (file or URL).

A bad row never stops a corpus: invalid JSON, a line that is not UTF-8, a row without text, an id that is not
valid Unicode or too long: each becomes an ``Item`` with ``error`` set (and its line number), written to the
output as an error row while the rest is analysed."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from unspin.errors import InputError

FIELDS = ("id", "text", "html", "url", "source", "date", "title")
MAX_ID_CHARS = 512
_CONTROL = {c: None for c in range(32) if chr(c) not in "\t\n\r"} | {0x7F: None}


@dataclass
class Item:
    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = None
    date: str | None = None
    title: str | None = None
    error: str | None = None  # why this row cannot be analysed; it becomes an error row
    line: int | None = None  # where it was in the input (JSONL/CSV line)

    def as_dict(self) -> dict[str, str | None]:
        return {k: v for k, v in asdict(self).items() if k in FIELDS}


def _has_surrogates(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _repair(value: str) -> str:
    """Pairs of surrogate escapes joined, lone ones replaced with U+FFFD."""
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def normalise_id(raw: object) -> str:
    """An id as stored: NFC, no control characters, no surrounding blanks; ``ValueError`` says what is wrong."""
    value = str(raw)
    if _has_surrogates(value):
        raise ValueError("the id is not valid Unicode (a lone surrogate)")
    value = unicodedata.normalize("NFC", value).translate(_CONTROL).strip()
    if not value:
        raise ValueError("the id is empty")
    if len(value) > MAX_ID_CHARS:
        raise ValueError(f"the id is longer than {MAX_ID_CHARS} characters")
    return value


def bad_row(where: str, line: int | None, reason: str) -> Item:
    """An error row for input that could not even be read into an item."""
    return Item(id=f"{where}:{line}" if line is not None else where, error=f"line {line}: {reason}" if line else reason,
                line=line)


def content_hash(text: str | None, html: str | None, url: str | None) -> str:
    payload = text if text is not None else html if html is not None else url or ""
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _item(row: dict, where: str, line: int | None = None, strict_encoding: bool = False) -> Item:
    """One input row as an Item; what is wrong with it becomes the Item's ``error``, never an exception."""
    vals: dict[str, str | None] = {}
    for k in FIELDS:
        v = row.get(k)
        if v is None or v == "" or isinstance(v, (dict, list)):
            vals[k] = None
            continue
        v = str(v)
        if k != "id" and _has_surrogates(v):
            if strict_encoding:  # CSV read with surrogateescape: undecodable bytes
                return bad_row(where, line, f"the {k} field is not valid UTF-8")
            v = _repair(v)
        vals[k] = v
    raw_id = vals.pop("id")
    if raw_id is not None:
        try:
            item_id = normalise_id(raw_id)
        except ValueError as exc:
            return bad_row(where, line, str(exc))
    else:
        item_id = content_hash(vals["text"], vals["html"], vals["url"])
    if not (vals["text"] or vals["html"] or vals["url"]):
        return Item(id=item_id, error=f"line {line}: needs a text, html or url field" if line else
                    "needs a text, html or url field", line=line)
    for k in ("text", "html"):
        if vals[k] is not None and not vals[k].translate(_CONTROL).strip():  # type: ignore[union-attr]
            return Item(id=item_id, error=f"line {line}: the {k} is empty" if line else f"the {k} is empty", line=line)
    return Item(id=item_id, line=line, **vals)  # type: ignore[arg-type]


def read_folder(folder: Path) -> Iterator[Item]:
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".txt", ".html", ".htm")):
        data = path.read_bytes()
        try:
            body = data.decode("utf-8")
        except UnicodeDecodeError:
            from unspin.ingest.text import decode

            try:
                body = decode(data, max_bytes=max(len(data), 1))
            except InputError:
                body = data.decode("utf-8", "replace")
        if path.suffix.lower() == ".txt":
            yield Item(id=path.stem, text=body)
        else:
            yield Item(id=path.stem, html=body)


def read_jsonl(path: Path) -> Iterator[Item]:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield bad_row(path.name, n, "not valid UTF-8")
                continue
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except (ValueError, RecursionError):
                yield bad_row(path.name, n, "not valid JSON")
                continue
            if not isinstance(row, dict):
                yield bad_row(path.name, n, "expected a JSON object")
                continue
            yield _item(row, path.name, n)


def read_csv(path: Path) -> Iterator[Item]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", errors="surrogateescape", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            yield _item(row, path.name, reader.line_num, strict_encoding=True)


def read_feed(data: bytes, where: str) -> Iterator[Item]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise InputError(f"{where}: not a valid RSS/Atom feed") from None
    feed_title = root.findtext("channel/title") or root.findtext("{http://www.w3.org/2005/Atom}title")
    atom = "{http://www.w3.org/2005/Atom}"
    content_ns = "{http://purl.org/rss/1.0/modules/content/}encoded"
    entries = root.findall("channel/item") or root.findall(f"{atom}entry")
    for e in entries:
        if e.tag == "item":
            link, title = e.findtext("link"), e.findtext("title")
            body = e.findtext(content_ns) or e.findtext("description")
            date, guid = e.findtext("pubDate"), e.findtext("guid")
        else:
            link_el = e.find(f"{atom}link")
            link = link_el.get("href") if link_el is not None else None
            title = e.findtext(f"{atom}title")
            body = e.findtext(f"{atom}content") or e.findtext(f"{atom}summary")
            date, guid = e.findtext(f"{atom}published") or e.findtext(f"{atom}updated"), e.findtext(f"{atom}id")
        row = {"id": guid or link, "title": title, "date": date, "source": feed_title, "url": link}
        if body and len(body.split()) >= 30:
            row["html" if "<" in body else "text"] = body
        if row.get("text") or row.get("html") or link:
            yield _item(row, where)  # feeds: an entry without text is an error row too


def read_input(source: str) -> Iterator[Item]:
    """Every article of a corpus, in input order."""
    if source.startswith(("http://", "https://")):
        from unspin.ingest.url import fetch

        yield from read_feed(fetch(source, max_bytes=20_000_000).body, source)
        return
    path = Path(source)
    if path.is_dir():
        yield from read_folder(path)
    elif not path.is_file():
        raise InputError(f"no such file or folder: {source}")
    elif path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        yield from read_jsonl(path)
    elif path.suffix.lower() in (".csv", ".tsv"):
        yield from read_csv(path)
    elif path.suffix.lower() in (".xml", ".rss", ".atom"):
        yield from read_feed(path.read_bytes(), source)
    else:
        raise InputError(f"{source}: give a folder, .jsonl, .csv or an RSS/Atom feed (.xml/.rss/.atom)")
