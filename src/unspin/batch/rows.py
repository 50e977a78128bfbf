"""One analysed article → one ``articles`` row and its ``findings`` rows (shared by every engine)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from unspin.batch.inputs import Item, content_hash
from unspin.errors import UnspinError

ARTICLE_COLUMNS = (
    "id", "source", "date", "title", "url", "content_hash", "words", "technique_count", "quote_count",
    "claim_count", "comment_count", "techniques", "actors", "speakers", "report", "error",
)
FINDING_COLUMNS = ("article_id", "kind", "label", "start", "end", "text", "confidence", "voice", "speaker")


def _article(item: Item) -> Any:
    """The item read into an Article, its metadata from the input taking precedence."""
    from unspin import api

    source: api.Source = (api.Text(item.text) if item.text is not None else
                          api.HTML(item.html, url=item.url) if item.html is not None else api.URL(item.url or ""))
    article = api.article_of(source, api.Options(url=item.url))
    for key in ("title", "date", "source", "url"):
        if getattr(item, key):
            article.meta[key] = getattr(item, key)
    return article


def analyse_items(items: Sequence[Item], only: list[str], skip: list[str],
                  min_confidence: float | None = None) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Analyse a batch of items together (model calls batch across them); an item's error becomes its article row
    with ``error`` set and no findings, and never stops the others."""
    from unspin import api

    sources: list[Any] = []
    for item in items:
        try:
            sources.append(_article(item))
        except UnspinError as exc:
            sources.append(exc)
        except Exception as exc:  # noqa: BLE001 - one bad article must not stop a batch
            sources.append(UnspinError(f"internal error: {exc.__class__.__name__}: {exc}"))
    good = [s for s in sources if not isinstance(s, UnspinError)]
    try:
        options = api.Options(only=only, skip=skip, min_confidence=min_confidence)
        results = iter(list(api.analyze_many(good, options=options, batch_size=max(1, len(good)))))
    except Exception as exc:  # noqa: BLE001 - a batch that fails as a whole: each article on its own
        if len(items) == 1:
            return [_rows(items[0], UnspinError(f"internal error: {exc.__class__.__name__}: {exc}"))]
        return [row for item in items for row in analyse_items([item], only, skip, min_confidence)]
    return [_rows(item, s if isinstance(s, UnspinError) else next(results)) for item, s in zip(items, sources)]


def error_rows(items: Sequence[Item]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Article rows for items that could not be read, with their ``error``."""
    return [_rows(item, UnspinError(item.error or "could not be read")) for item in items]


def analyse_item(item: Item, only: list[str], skip: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Analyse one item; an error becomes an article row with ``error`` set and no findings."""
    return analyse_items([item], only, skip)[0]


def _rows(item: Item, report: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    base: dict[str, Any] = {k: None for k in ARTICLE_COLUMNS}
    base.update(id=item.id, source=item.source, date=item.date, title=item.title, url=item.url,
                content_hash=content_hash(item.text, item.html, item.url))
    if isinstance(report, UnspinError):
        base["error"] = str(report)
        return base, []
    data = json.loads(report.model_dump_json())
    s = data["summary"]
    base.update(
        title=item.title or data["meta"].get("title"),
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
