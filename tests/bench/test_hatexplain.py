from tests.conftest import shared_data
from unspin.bench.hatexplain import read_gold, read_posts
from unspin.cli import main


def test_read_posts_and_gold(fixtures):
    assert [p for p, _ in read_posts(fixtures / "hatexplain_small.jsonl")] == ["p1", "p2", "p3"]
    assert read_posts(fixtures / "hatexplain_small_gold.jsonl")[2][1].startswith("those filthy muslims")
    assert read_gold(fixtures / "hatexplain_small_gold.jsonl") == {"p1": "normal", "p2": "normal", "p3": "hatespeech"}


def test_cli_prints_labels_and_scores(fixtures, capsys):
    assert main(["bench", "hatexplain", str(fixtures / "hatexplain_small.jsonl"),
                 "--gold", str(fixtures / "hatexplain_small_gold.jsonl")]) == 0
    out = capsys.readouterr()
    rows = [line.split("\t") for line in out.out.strip().splitlines()]
    assert [r[0] for r in rows] == ["p1", "p2", "p3"]
    assert all(r[1] in ("hatespeech", "offensive", "normal") for r in rows)
    assert "macro-F1=" in out.err


def test_malformed_lines_are_one_line_errors(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "ok"}\nnot json\n')
    assert main(["bench", "hatexplain", str(bad)]) == 2
    assert "line 2" in capsys.readouterr().err


def test_validation_split_scores():
    """Issue #5 bar is accuracy >= 0.66 and macro-F1 >= 0.64 on the unseen test split."""
    import numpy as np

    from unspin.analysers.comment_model import LABELS, load_comment_model
    from unspin.bench.hatexplain import macro_f1

    data = shared_data("hatexplain")
    gold = read_gold(data / "validation.jsonl")
    posts = [(p, t) for p, t in read_posts(data / "validation.jsonl") if p in gold]
    labels = [v.label for v in load_comment_model().classify([t for _, t in posts], rationale=False)]
    y = np.array([LABELS.index(gold[p]) for p, _ in posts])
    pred = np.array([LABELS.index(lab) for lab in labels])
    assert float((y == pred).mean()) >= 0.66 and macro_f1(y, pred, 3) >= 0.64
