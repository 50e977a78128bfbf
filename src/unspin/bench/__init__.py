"""Benchmark adapters: read public benchmark formats, write theirs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    """Spans as the product reports them: the technique analysis (segments, voice, verifier, confidence floor) of
    each article, every distinct span once."""
    from unspin import api
    from unspin.report import TechniqueFinding

    texts = read_articles(args.articles)
    options = api.Options(only=["techniques"], min_confidence=getattr(args, "min_confidence", None))
    pred = []
    progress = Progress(len(texts))
    for aid, got in zip(texts, api.analyze_many([api.Text(t) for t in texts.values()], options=options, batch_size=4)):
        progress.step()
        if isinstance(got, Exception):
            raise got
        spans = dict.fromkeys((f.start, f.end) for f in got.findings if isinstance(f, TechniqueFinding))
        for start, end in spans:
            pred.append((aid, start, end))
            print(f"{aid}\t{start}\t{end}")
    progress.close()
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




def run_checkthat(args: argparse.Namespace) -> int:
    """CheckThat! TSV in, ``Sentence_id<TAB>Yes|No<TAB>score`` out."""
    from unspin.analysers.claims import load_claim_model
    from unspin.bench.checkthat import read_tsv, scores_in_context, yes_scores

    rows = read_tsv(args.file)
    model = load_claim_model()
    progress = Progress(len(rows), unit="sentences")
    # sentences in their passages of the debate, as training read them
    scores = list(scores_in_context(rows, on_passage=progress.step))
    progress.close()
    for r, sc in zip(rows, scores):
        print(f"{r.id}\t{'Yes' if sc >= model.threshold else 'No'}\t{sc:.4f}")
    if args.gold:
        gold = {r.id: r.label for r in read_tsv(args.gold)}
        pairs = [(gold[r.id] == "Yes", sc >= model.threshold) for r, sc in zip(rows, scores) if gold.get(r.id)]
        s = yes_scores([g for g, _ in pairs], [p for _, p in pairs])
        print(f"Yes class: precision={s['precision']:.4f} recall={s['recall']:.4f} F1={s['f1']:.4f} (n={len(pairs)})", file=sys.stderr)
    return 0


def run_hatexplain(args: argparse.Namespace) -> int:
    """JSON lines ``{"id", "text"}`` (or HateXplain's own format) in, ``id<TAB>label`` out."""
    from unspin.analysers.comment_model import LABELS, load_comment_model
    from unspin.bench.hatexplain import macro_f1, read_gold, read_posts

    posts = read_posts(args.file)
    model = load_comment_model()
    labels: list[str] = []
    progress = Progress(len(posts), unit="posts")
    for k in range(0, len(posts), 256):
        part = posts[k : k + 256]
        labels += [v.label for v in model.classify([t for _, t in part], rationale=False)]
        progress.step(len(part))
    progress.close()
    for (pid, _), label in zip(posts, labels):
        print(f"{pid}\t{label}")
    if args.gold:
        gold = read_gold(args.gold)
        pairs = [(LABELS.index(gold[pid]), LABELS.index(lab)) for (pid, _), lab in zip(posts, labels) if pid in gold]
        if pairs:
            import numpy as np

            y, p = np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])
            print(f"accuracy={float((y == p).mean()):.4f} macro-F1={macro_f1(y, p, len(LABELS)):.4f} (n={len(pairs)})", file=sys.stderr)
    return 0


def run_polnear(args: argparse.Namespace) -> int:
    from pathlib import Path

    from unspin.bench import polnear as pn

    s = pn.run(Path(args.text_dir), Path(args.gold) if args.gold else None)
    if s is not None:
        print(f"content F1={s['f1']:.4f} (P {s['precision']:.4f} R {s['recall']:.4f}; Jaccard>=0.5) "
              f"speaker accuracy={s['speaker_accuracy']:.4f} (matched {s['matched']}, gold {s['gold']})", file=sys.stderr)
    return 0


def run_comments(args: argparse.Namespace) -> int:
    """``{"id", "text"}`` JSON lines in, one verdict line out per input, in order."""
    import json

    from unspin.analysers.comment_model import load_comment_model
    from unspin.analysers.comments import judge
    from unspin.document import Segment
    from unspin.errors import InputError

    rows: list[tuple[str, str]] = []
    if not Path(args.file).is_file():
        raise InputError(f"no such file: {args.file}")
    with open(args.file, encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                raise InputError(f"{args.file}:{n}: not valid JSON") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise InputError(f"{args.file}:{n}: expected an object with a text field")
            text = obj["text"].encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            rows.append((str(obj.get("id", n)), text))
    model = load_comment_model()
    progress = Progress(len(rows), unit="comments")
    for k in range(0, len(rows), 64):
        chunk = rows[k : k + 64]
        verdicts = model.classify([t or " " for _, t in chunk], rationale=False)
        for (cid, text), v in zip(chunk, verdicts):
            r = judge(0, Segment("comment", 0, len(text)), text, v, model.conspiracy_threshold, model.antisemitism_threshold,
                      model.jewish_target_floor, model.agent_threshold)
            print(json.dumps({
                "id": cid, "label": r.label, "confidence": r.confidence, "targets": list(r.targets),
                "conspiracy": r.conspiracy, "conspiracy_confidence": r.conspiracy_confidence,
                "conspiracy_agents": [text[s:e] for s, e in r.conspiracy_agents],
                "antisemitic": r.antisemitic, "antisemitism_confidence": r.antisemitism_confidence,
                "coded_terms": [{"text": text[s:e], "term": t.term, "meaning": t.meaning, "in_group": t.in_group}
                                for s, e, t in r.coded_terms],
            }, ensure_ascii=False), flush=False)
        progress.step(len(chunk))
    progress.close()
    return 0


def _expand(patterns: list[str]) -> list[Path]:
    """Folders (their *.txt files) and glob patterns, as sorted distinct files."""
    import glob

    from unspin.errors import InputError

    files: set[Path] = set()
    for pat in patterns:
        p = Path(pat)
        got = sorted(p.glob("*.txt")) if p.is_dir() else [Path(x) for x in glob.glob(pat) if Path(x).is_file()]
        if not got:
            raise InputError(f"no articles at {pat}")
        files.update(got)
    return sorted(files)


def reference(args: argparse.Namespace) -> int:
    """Rebuild ``models/techniques/reference.json``: the technique analysis of every reference article, measured at
    the technique analyser's default floor."""
    import json

    from unspin import api
    from unspin.analysers.technique_reference import Mark, build, measures
    from unspin.analysers.techniques import default_floor
    from unspin.models import locate
    from unspin.report import TechniqueFinding

    floor = default_floor()
    sets: dict[str, list[dict[str, float]]] = {}
    sources = {"propaganda": " ".join(args.propaganda), "mainstream": " ".join(args.mainstream)}
    for name, patterns in (("propaganda", args.propaganda), ("mainstream", args.mainstream)):
        files = _expand(patterns)
        print(f"{name}: {len(files)} articles", file=sys.stderr)
        rows = []
        progress = Progress(len(files))
        options = api.Options(only=["techniques"], min_confidence=0.0)
        for got in api.analyze_many(files, options=options, batch_size=4):
            progress.step(error=isinstance(got, Exception))
            if isinstance(got, Exception):
                continue
            marks = [Mark(f.label, f.voice, f.confidence) for f in got.findings if isinstance(f, TechniqueFinding)]
            rows.append(measures(marks, got.summary.words, floor))
        progress.close()
        sets[name] = rows
    out = Path(args.output) if args.output else locate("techniques") / "reference.json"
    table = build(sets, floor, sources)
    out.write_text(json.dumps(table, separators=(",", ":")) + "\n")
    for name, s in table["sets"].items():
        vals = s["values"]["technique_density"]
        print(f"{name}: {s['articles']} articles, median technique density "
              f"{vals[len(vals) // 2] if vals else 0:.2f} per 1,000 words", file=sys.stderr)
    print(f"wrote {out}", file=sys.stderr)
    return 0


BENCHES = {"reference": reference, "comments": run_comments, "ptc-si": ptc_si, "ptc-tc": ptc_tc, "checkthat": run_checkthat, "hatexplain": run_hatexplain, "polnear": run_polnear}


def run_bench(args: argparse.Namespace) -> int:
    return BENCHES[args.bench](args)
