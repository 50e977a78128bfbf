"""One analysed article → one ``articles`` row and its ``findings`` rows (shared by every engine)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from unspin.batch.inputs import Item, content_hash
from unspin.errors import UnspinError

ARTICLE_COLUMNS = (
    "id", "source", "date", "title", "url", "content_hash", "words", "technique_count", "quote_count",
    "claim_count", "comment_count", "techniques", "actors", "speakers", "report", "error",
)
FINDING_COLUMNS = ("article_id", "kind", "label", "start", "end", "text", "confidence", "voice", "speaker")


def analyse_item(item: Item, only: list[str], skip: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Analyse one item; an error becomes an article row with ``error`` set and no findings."""
    from unspin.api import Options, analyze_article
    from unspin.ingest.source import from_bytes, from_text

    base: dict[str, Any] = {k: None for k in ARTICLE_COLUMNS}
    base.update(id=item.id, source=item.source, date=item.date, title=item.title, url=item.url,
                content_hash=content_hash(item.text, item.html, item.url))
    try:
        opts = Options(only=only, skip=skip, title=item.title, date=item.date, source=item.source, url=item.url)
        if item.text is not None:
            article = from_text(item.text, is_html=False)
        elif item.html is not None:
            article = from_text(item.html, is_html=True, url=item.url)
        else:
            from unspin.ingest.url import fetch

            got = fetch(item.url or "", max_bytes=opts.max_bytes)
            article = from_bytes(got.body, is_html=got.content_type != "text/plain", url=got.url)
        report = analyze_article(article, opts)
    except UnspinError as exc:
        base["error"] = str(exc)
        return base, []
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
        base["error"] = f"internal error: {exc.__class__.__name__}: {exc}"
        return base, []
    data = json.loads(report.model_dump_json())
    s = data["summary"]
    base.update(
        title=item.title or data["meta"].get("title") or next((g["text"] for g in data["segments"] if g["kind"] == "title"), None),
        words=s["words"],
        technique_count=s["findings"].get("technique", 0),
        quote_count=s["findings"].get("quote", 0),
        claim_count=s["findings"].get("claim", 0),
        comment_count=s["segments"].get("comment", 0),
        techniques=json.dumps(s["techniques"]),
        actors=json.dumps({a["name"]: len(a["mentions"]) for a in data["actors"]}),
        speakers=json.dumps(s.get("quoted_speakers", {})),
        report=report.model_dump_json(),
    )
    findings = []
    for f in data["findings"]:
        speaker = f.get("speaker") or f.get("source") or f.get("author")  # claims: their source; comments: the poster
        if isinstance(speaker, dict):
            speaker = speaker.get("name") or speaker.get("text")
        findings.append({
            "article_id": item.id, "kind": f["kind"], "label": f["label"], "start": f["start"], "end": f["end"],
            "text": f["text"], "confidence": f["confidence"], "voice": f.get("voice"),
            "speaker": speaker,
        })
    return base, findings


def count_techniques(rows: list[dict[str, Any]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for r in rows:
        if r.get("techniques"):
            total.update(json.loads(r["techniques"]))
    return total
