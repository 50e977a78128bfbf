"""What people read first: the overview, warnings, plain-text markers, clipped cells, Label Studio round trips."""

from __future__ import annotations

import json
import subprocess
import sys

from unspin.render import render
from unspin.render.layers import clip
from unspin.render.terminal import marked_text


def test_overview_sentences_and_top_findings(partisan_report):
    ov = partisan_report.overview
    assert ov.sentences and "persuasion-technique" in ov.sentences[0]
    assert 1 <= len(ov.top) <= 3
    assert [t.confidence for t in ov.top] == sorted((t.confidence for t in ov.top), reverse=True)
    for t in ov.top:
        assert partisan_report.text[t.start : t.end] == t.text
        assert "_" not in t.title


def test_every_format_starts_with_the_overview(partisan_report):
    md = render(partisan_report, "md")
    assert md.index("## Overview") < md.index("## Techniques")
    html = render(partisan_report, "html")
    assert html.index('id="overview"') < html.index("<h2>Article</h2>")
    terminal = render(partisan_report, "terminal")
    assert terminal.index("Overview") < terminal.index(partisan_report.segments[1].text[:20])


def test_plain_terminal_marks_spans_in_the_text(partisan_report):
    from unspin.render.terminal import render as render_terminal

    plain = render_terminal(partisan_report, color=False)
    techniques = [f for f in partisan_report.findings if f.kind == "technique"]
    assert f'{techniques[0].title}' in plain and "\x1b[" not in plain
    marked = marked_text(partisan_report)
    for f in techniques:
        assert f'"{f.text}' in marked or f.text in marked
    assert marked.count("[") >= len({(f.start, f.end) for f in techniques}) // 2


def test_clip_cuts_at_words_with_an_ellipsis():
    assert clip("short", 10) == "short"
    cut = clip("we can expect some kind of asymmetric response from them", 30)
    assert cut.endswith("…") and len(cut) <= 30 and "asym…" not in cut


def test_terminal_hints_at_a_missing_date(partisan_report):
    from unspin.render.terminal import render as render_terminal

    text = render_terminal(partisan_report, color=False)
    if partisan_report.timeline and not partisan_report.meta.date:
        assert "--date" in text


def test_labelstudio_tasks_slice_the_text_exactly(partisan_report):
    tasks = json.loads(render(partisan_report, "labelstudio"))
    (task,) = tasks
    results = task["predictions"][0]["result"]
    assert results and all(r["type"] == "labels" and r["from_name"] == "technique" for r in results)
    for r in results:
        v = r["value"]
        assert task["data"]["text"][v["start"] : v["end"]] == v["text"]
        assert 0 <= r["score"] <= 1 and "_" not in v["labels"][0]


def test_labelstudio_round_trip_to_ptc_files(partisan_report, tmp_path):
    from unspin.bench.ptc import read_articles, read_labels
    from unspin.ingest.labelstudio import import_export

    tasks = json.loads(render(partisan_report, "labelstudio"))
    tasks[0]["id"] = 7
    corrected = [r for r in tasks[0]["predictions"][0]["result"][1:]]  # the annotator deleted one span ...
    text = tasks[0]["data"]["text"]
    start = text.index("Kiev regime")
    corrected.append({"from_name": "technique", "to_name": "text", "type": "labels",  # ... and added another
                      "value": {"start": start, "end": start + 11, "text": "Kiev regime", "labels": ["Name calling / labelling"]}})
    tasks[0]["annotations"] = [{"result": corrected, "was_cancelled": False, "updated_at": "2026-11-28T10:00:00Z"}]
    tasks.append({"id": 8, "data": {"text": "Nobody annotated this one."}, "predictions": []})
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks))
    got = import_export(export, tmp_path / "ptc")
    assert got.articles == 1 and any("8" in note for note in got.skipped_tasks)
    articles = read_articles(tmp_path / "ptc" / "train-articles")
    assert articles == {"7": text}
    labels = read_labels(tmp_path / "ptc" / "train-labels-task2-technique-classification")
    assert ("Name_Calling,Labeling", start, start + 11) in {(x.technique, x.start, x.end) for x in labels}
    assert len(labels) == len({(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in corrected})
    si = read_labels(tmp_path / "ptc" / "train-labels-task1-span-identification")
    assert {(x.start, x.end) for x in si} == {(x.start, x.end) for x in labels}


def test_cli_md_alias_and_labelstudio_and_import(fixtures, tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "unspin.cli", *a], capture_output=True, text=True, timeout=300)  # noqa: E731
    md = run("analyze", str(fixtures / "neutral.txt"), "-f", "md", "--only", "segments")
    assert md.returncode == 0 and md.stdout.startswith("# unspin report")
    out = tmp_path / "tasks.json"
    ls = run("analyze", str(fixtures / "partisan.txt"), "-f", "labelstudio", "-o", str(out), "--only", "techniques")
    assert ls.returncode == 0, ls.stderr
    config = run("import", "labelstudio", "--config")
    assert config.returncode == 0 and "<Labels" in config.stdout and "Loaded language" in config.stdout
    imported = run("import", "labelstudio", str(out), "-o", str(tmp_path / "ptc"), "--predictions")
    assert imported.returncode == 0 and "wrote 1 article" in imported.stderr
