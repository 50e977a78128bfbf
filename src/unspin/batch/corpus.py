"""Corpus-level numbers from a batch result (DuckDB file or Parquet folder) and an offline HTML dashboard."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import escape
from pathlib import Path
from typing import Any

from unspin.catalogue import colour, title
from unspin.errors import InputError


def connect(out: str | Path) -> Any:
    """A DuckDB connection with ``articles`` and ``findings`` for either kind of output."""
    import duckdb

    path = Path(out)
    if path.is_file():
        from unspin.batch.store import open_duckdb

        return open_duckdb(path, read_only=True)
    arts = list((path / "articles").glob("*.parquet")) if path.is_dir() else []
    if not arts:
        raise InputError(f"{out} is neither a batch DuckDB file nor a folder with articles/*.parquet")
    con = duckdb.connect()
    a = str(path / "articles" / "*.parquet")
    con.execute(f"CREATE VIEW articles AS SELECT * FROM read_parquet('{a}', union_by_name=true)")
    if list((path / "findings").glob("*.parquet")):
        f = str(path / "findings" / "*.parquet")
        # a local Parquet run writes findings and articles as part-<id> pairs; ignore findings whose
        # article part never landed (a crash between the two writes), so reruns leave no duplicates
        con.execute(f"""CREATE VIEW findings AS SELECT * EXCLUDE (filename) FROM read_parquet('{f}', union_by_name=true, filename=true)
            WHERE NOT regexp_matches(filename, 'part-[0-9a-f]{{32}}') OR regexp_extract(filename, 'part-[0-9a-f]{{32}}') IN
            (SELECT regexp_extract(filename, 'part-[0-9a-f]{{32}}') FROM read_parquet('{a}', filename=true))""")
    else:
        con.execute("CREATE VIEW findings AS SELECT NULL::VARCHAR AS article_id, NULL::VARCHAR AS kind, NULL::VARCHAR AS label,"
                    " NULL::INTEGER AS start, NULL::INTEGER AS \"end\", NULL::VARCHAR AS text, NULL::DOUBLE AS confidence,"
                    " NULL::VARCHAR AS voice, NULL::VARCHAR AS speaker WHERE false")
    return con


def _month(date: str | None) -> str | None:
    if not date:
        return None
    for parse in (lambda d: datetime.fromisoformat(d.replace("Z", "+00:00")), parsedate_to_datetime):
        try:
            return parse(date.strip()).strftime("%Y-%m")
        except (ValueError, TypeError, IndexError):
            continue
    return None


def _tokens(name: str) -> list[str]:
    words = re.findall(r"[\w'’.-]+", name.lower())
    return words[1:] if words[:1] == ["the"] else words


def merge_names(counts: Counter[str]) -> Counter[str]:
    """Actors named differently across articles counted once: names that differ only in case or a leading "the"
    join, and a shorter name that ends exactly one longer name ("Trump" → "Donald Trump", "Zelensky" →
    "Volodymyr Zelensky") joins it; the group is shown under the longer name's most common spelling."""
    by_key: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for name, n in counts.items():
        key = tuple(_tokens(name))
        if key:
            by_key[key][name] += n
    target: dict[tuple[str, ...], tuple[str, ...]] = {}

    def resolve(key: tuple[str, ...]) -> tuple[str, ...]:
        while key in target:
            key = target[key]
        return key

    keys = sorted(by_key, key=len, reverse=True)
    for short in keys:
        roots = {resolve(k) for k in keys if len(k) > len(short) and k[-len(short):] == short}
        if len(roots) == 1:
            target[short] = roots.pop()
    groups: dict[tuple[str, ...], int] = defaultdict(int)
    for key, names in by_key.items():
        groups[resolve(key)] += sum(names.values())
    return Counter({by_key[root].most_common(1)[0][0]: n for root, n in groups.items()})


def stats(out: str | Path) -> dict[str, Any]:
    con = connect(out)
    rows = con.execute(
        "SELECT id, source, date, words, technique_count, actors, speakers, error FROM articles"
    ).fetchall()
    total = len(rows)
    ok = [r for r in rows if r[7] is None]
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    by_source_month: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    actors: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    for _id, source, date, words, techs, act, spk, _err in ok:
        month = _month(date)
        cells = [(source or "(unknown)", by_source), (month or "(undated)", by_month)]
        if month:
            cells.append((f"{source or '(unknown)'}\t{month}", by_source_month))
        for key, table in cells:
            table[key][0] += 1
            table[key][1] += words or 0
            table[key][2] += techs or 0
        actors.update(json.loads(act or "{}"))
        speakers.update(json.loads(spk or "{}"))

    def rates(table: dict[str, list[int]]) -> list[dict[str, Any]]:
        return [{"key": k, "articles": v[0], "words": v[1], "techniques": v[2],
                 "per_1000_words": round(1000 * v[2] / v[1], 2) if v[1] else 0.0} for k, v in sorted(table.items())]

    techniques = dict(con.execute(
        "SELECT label, count(*) FROM findings WHERE kind = 'technique' GROUP BY label ORDER BY 2 DESC").fetchall())
    voice = dict(con.execute("SELECT voice, count(*) FROM findings WHERE kind = 'technique' GROUP BY voice").fetchall())
    claims = con.execute("SELECT count(*) FROM findings WHERE kind = 'claim'").fetchone()[0]
    comments = con.execute("SELECT label, count(*) FROM findings WHERE kind = 'comment' GROUP BY label").fetchall()
    # sourcing lives in each article's Report summary
    asserted, counted = con.execute(
        "SELECT sum(CAST(json_extract(report, '$.summary.claims.asserted') AS INTEGER)), "
        "sum(CAST(json_extract(report, '$.summary.claims.count') AS INTEGER)) FROM articles WHERE error IS NULL"
    ).fetchone()
    con.close()
    return {
        "articles": total,
        "errors": total - len(ok),
        "technique_rate_by_source": rates(by_source),
        "technique_rate_by_month": rates(by_month),
        "technique_rate_by_source_and_month": [
            {**row, "source": row["key"].split("\t")[0], "month": row["key"].split("\t")[1]}
            for row in rates(by_source_month)],
        "techniques": techniques,
        "techniques_by_voice": {str(k): v for k, v in voice.items()},
        "top_actors": merge_names(actors).most_common(20),
        "top_quoted_speakers": merge_names(speakers).most_common(20),
        "claims": claims,
        "share_of_claims_unsourced": round(asserted / counted, 3) if counted else None,
        "comment_labels": dict(comments),
    }


def format_tables(s: dict[str, Any]) -> str:
    lines = [f"articles: {s['articles']} ({s['errors']} errors)", "", "technique rate by source (per 1,000 words)"]
    lines += [f"  {r['key'][:40]:<40} {r['articles']:>6} articles {r['per_1000_words']:>8.2f}" for r in s["technique_rate_by_source"]]
    lines += ["", "technique rate by month (per 1,000 words)"]
    lines += [f"  {r['key']:<40} {r['articles']:>6} articles {r['per_1000_words']:>8.2f}" for r in s["technique_rate_by_month"]]
    lines += ["", "techniques"] + [f"  {title(k):<40} {v:>8}" for k, v in s["techniques"].items()]
    lines += ["", "top actors"] + [f"  {k[:40]:<40} {v:>8}" for k, v in s["top_actors"]]
    lines += ["", "most-quoted speakers"] + [f"  {k[:40]:<40} {v:>8}" for k, v in s["top_quoted_speakers"]]
    lines += ["", f"claims: {s['claims']}; share asserted without source: "
              + ("n/a (no claim analyser ran)" if s["share_of_claims_unsourced"] is None else f"{s['share_of_claims_unsourced']:.0%}")]
    lines += ["comment labels: " + (", ".join(f"{k} {v}" for k, v in s["comment_labels"].items()) or "n/a (no comment analyser ran)")]
    return "\n".join(lines) + "\n"


def _bars(rows: list[tuple[str, float]], unit: str = "", colours: list[str] | None = None) -> str:
    """Horizontal bars; the label column is as wide as the longest label, so nothing is clipped."""
    if not rows:
        return '<p class="muted">No data.</p>'
    top = max(v for _, v in rows) or 1
    h, bar_w = 22, 320
    label_w = 12 + int(7.2 * max(len(label) for label, _ in rows))
    width = label_w + bar_w + 70
    parts = []
    for i, (label, v) in enumerate(rows):
        w = max(2, int(bar_w * v / top))
        fill = colours[i] if colours else "#3b5bc4"
        parts.append(f'<text x="{label_w - 6}" y="{i * h + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{i * h + 3}" width="{w}" height="16" fill="{fill}"/>'
                     f'<text x="{label_w + w + 6}" y="{i * h + 15}" font-size="12">{v:g}{unit}</text>')
    height = h * len(rows)
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" style="max-width:100%" height="{height}" '
            f'role="img" aria-label="{escape(", ".join(f"{label} {v:g}" for label, v in rows), quote=True)}">'
            f'{"".join(parts)}</svg>')


DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "12 2")
LINE_COLOURS = ("#1b4f9c", "#c0392b", "#1e8449", "#7d3c98", "#b9770e", "#117a65", "#5d6d7e", "#a93226")


def _lines(rows: list[dict[str, Any]], max_sources: int = 8) -> str:
    """Technique density per outlet over months: one line per outlet, each with its own dash pattern and a label
    at its end (colour is never the only way to tell them apart)."""
    if not rows:
        return '<p class="muted">No dated articles.</p>'
    months = sorted({r["month"] for r in rows})
    volume: Counter[str] = Counter()
    for r in rows:
        volume[r["source"]] += r["articles"]
    sources = [src for src, _ in volume.most_common(max_sources)]
    top = max(r["per_1000_words"] for r in rows if r["source"] in sources) or 1.0
    left, right, plot_w, plot_h = 50, 12 + int(7.2 * max(len(s) for s in sources)), max(240, 60 * len(months)), 220
    width, height = left + plot_w + right, plot_h + 50

    def x(m: str) -> float:
        return left + (plot_w * months.index(m) / max(1, len(months) - 1) if len(months) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return 10 + plot_h - plot_h * v / top

    parts = [f'<line x1="{left}" y1="{y(0)}" x2="{left + plot_w}" y2="{y(0)}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{y(top) + 4}" text-anchor="end" font-size="11">{top:g}</text>',
             f'<text x="{left - 6}" y="{y(0) + 4}" text-anchor="end" font-size="11">0</text>']
    for m in months:
        parts.append(f'<text x="{x(m)}" y="{y(0) + 18}" text-anchor="middle" font-size="11">{escape(m)}</text>')
    for k, src in enumerate(sources):
        pts = sorted((r["month"], r["per_1000_words"]) for r in rows if r["source"] == src)
        colour, dash = LINE_COLOURS[k % len(LINE_COLOURS)], DASHES[k % len(DASHES)]
        path = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2" '
                     f'stroke-dasharray="{dash}"/>')
        parts += [f'<circle cx="{x(m):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>' for m, v in pts]
        last_m, last_v = pts[-1]
        parts.append(f'<text x="{x(last_m) + 6:.1f}" y="{y(last_v) + 4:.1f}" font-size="11" fill="{colour}">'
                     f'{escape(src)}</text>')
    label = "technique spans per 1,000 words by outlet and month"
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%" role="img" '
            f'aria-label="{label}">{"".join(parts)}</svg>')


def dashboard(out: str | Path) -> str:
    s = stats(out)
    def table(rows: list[tuple[str, Any]], head: tuple[str, str]) -> str:
        body = "".join(f"<tr><td>{escape(str(a))}</td><td>{escape(str(b))}</td></tr>" for a, b in rows)
        return f"<table><tr><th>{head[0]}</th><th>{head[1]}</th></tr>{body}</table>"
    src = [(r["key"], r["per_1000_words"]) for r in s["technique_rate_by_source"]]
    mon = [(r["key"], r["per_1000_words"]) for r in s["technique_rate_by_month"]]
    comments = s["comment_labels"]
    techniques = [(title(label), n) for label, n in s["techniques"].items()]
    technique_colours = [colour(label) for label in s["techniques"]]
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>unspin corpus report</title><style>
body{{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ddd;padding:3px 8px}}.muted{{color:#595959}}
</style></head><body>
<h1>unspin corpus report</h1>
<p>{s['articles']} articles ({s['errors']} failed) · {sum(s['techniques'].values())} technique spans ·
{s['claims']} claims</p>
<h2>Technique spans per 1,000 words, by source</h2>{_bars(src)}
<h2>Technique spans per 1,000 words, by month</h2>{_bars(mon)}
<h2>Technique spans per 1,000 words, by outlet over time</h2>{_lines(s['technique_rate_by_source_and_month'])}
<h2>Techniques</h2>{_bars(techniques, colours=technique_colours)}
<h2>Voice</h2>{table(list(s['techniques_by_voice'].items()), ('voice', 'spans'))}
<h2>Top actors</h2>{table(s['top_actors'], ('actor', 'mentions'))}
<h2>Most-quoted speakers</h2>{table(s['top_quoted_speakers'], ('speaker', 'quotes'))}
<h2>Claims asserted without a source</h2>
<p>{'n/a: no claim analyser ran on this corpus' if s['share_of_claims_unsourced'] is None else f"{s['share_of_claims_unsourced']:.0%}"}</p>
<h2>Reader comments</h2>
{_bars(list(comments.items())) if comments else '<p class="muted">n/a: no comment analyser ran on this corpus</p>'}
</body></html>
"""
