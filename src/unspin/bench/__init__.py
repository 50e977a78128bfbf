"""Benchmark adapters: read public benchmark formats, write theirs."""

from __future__ import annotations

import argparse
import sys

from unspin.bench.ptc import LabelLine, read_articles, read_labels, score_si, score_tc
from unspin.progress import Progress


def _encode_all(tagger, texts: dict[str, str], chunk: int = 8) -> dict:
    ids = list(texts)
    out = {}
    progress = Progress(len(ids))
    for k in range(0, len(ids), chunk):
        part = ids[k : k + chunk]
        for aid, enc in zip(part, tagger.encode_many([texts[a] for a in part])):
            out[aid] = enc
        progress.step(len(part))
    progress.close()
    return out


def ptc_si(args: argparse.Namespace) -> int:
    from unspin.analysers.techniques import load_tagger

    tagger = load_tagger()
    texts = read_articles(args.articles)
    encs = _encode_all(tagger, texts)
    pred = []
    for aid, enc in encs.items():
        for g in tagger.find_spans(enc):
            pred.append((aid, g.start, g.end))
            print(f"{aid}\t{g.start}\t{g.end}")
    if args.gold:
        gold = [(g.article_id, g.start, g.end) for g in read_labels(args.gold) if g.article_id in texts]
        s = score_si(pred, gold)
        print(f"SI precision={s.precision:.4f} recall={s.recall:.4f} F1={s.f1:.4f}", file=sys.stderr)
    return 0


def ptc_tc(args: argparse.Namespace) -> int:
    from unspin.analysers.techniques import load_tagger
    from unspin.errors import InputError

    tagger = load_tagger()
    texts = read_articles(args.articles)
    template = read_labels(args.spans)
    missing = sorted({t.article_id for t in template} - set(texts))
    if missing:
        raise InputError(f"template names articles not in {args.articles}: {', '.join(missing[:5])}")
    encs = _encode_all(tagger, {a: texts[a] for a in dict.fromkeys(t.article_id for t in template)})
    by_article: dict[str, list[int]] = {}
    for i, t in enumerate(template):
        by_article.setdefault(t.article_id, []).append(i)
    labels: list[str] = [""] * len(template)
    for aid, rows in by_article.items():
        probs = tagger.classify(encs[aid], [(template[i].start, template[i].end) for i in rows])
        seen: dict[tuple[int, int], int] = {}
        for i, p in zip(rows, probs):
            key = (template[i].start, template[i].end)
            rank = seen.get(key, 0)  # a span listed twice gets the next most likely technique
            seen[key] = rank + 1
            order = p.argsort()[::-1]
            labels[i] = tagger.labels[int(order[min(rank, len(order) - 1)])]
    pred = [LabelLine(t.article_id, lab, t.start, t.end) for t, lab in zip(template, labels)]
    for p in pred:
        print(f"{p.article_id}\t{p.technique}\t{p.start}\t{p.end}")
    if args.gold:
        micro, per = score_tc(pred, [g for g in read_labels(args.gold) if g.article_id in texts])
        print(f"TC micro-F1={micro.f1:.4f}", file=sys.stderr)
        for label, s in per.items():
            print(f"  {label:<36} F1={s.f1:.4f}", file=sys.stderr)
    return 0


def run_bench(args: argparse.Namespace) -> int:
    return {"ptc-si": ptc_si, "ptc-tc": ptc_tc}[args.bench](args)
