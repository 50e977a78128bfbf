"""Corpus readers: a folder of .txt/.html files, JSONL, CSV, or an RSS/Atom feed (file or URL)."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from unspin.errors import InputError

FIELDS = ("id", "text", "html", "url", "source", "date", "title")


@dataclass
class Item:
    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = None
    date: str | None = None
    title: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def content_hash(text: str | None, html: str | None, url: str | None) -> str:
    payload = text if text is not None else html if html is not None else url or ""
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _item(row: dict, where: str) -> Item:
    vals = {k: (str(row[k]) if row.get(k) not in (None, "") else None) for k in FIELDS}
    if not (vals["text"] or vals["html"] or vals["url"]):
        raise InputError(f"{where}: needs a text, html or url field")
    vals["id"] = vals["id"] or content_hash(vals["text"], vals["html"], vals["url"])
    return Item(**vals)  # type: ignore[arg-type]


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
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{path}:{n}: not valid JSON") from None
            if not isinstance(row, dict):
                raise InputError(f"{path}:{n}: expected a JSON object")
            yield _item(row, f"{path}:{n}")


def read_csv(path: Path) -> Iterator[Item]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            yield _item(row, f"{path}:{n}")


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
            yield _item(row, where)


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
