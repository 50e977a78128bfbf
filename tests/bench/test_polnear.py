import json

from tests.conftest import shared_data
from unspin.bench.polnear import Attribution, gold_for, jaccard, match, read_ann, score
from unspin.cli import main


def test_read_ann_and_perfect_score(fixtures):
    d = fixtures / "polnear_small"
    gold = gold_for(d / "attributions", "budget.txt")
    text = (d / "text" / "budget.txt").read_text()
    assert len(gold) == 4
    assert text[gold[0].content[0] : gold[0].content[1]] == "the budget would pass next week"
    assert text[gold[0].source[0] : gold[0].source[1]] == "Senator Jane Doe"
    s = score([(gold, gold)])
    assert s["f1"] == 1.0 and s["speaker_accuracy"] == 1.0
    assert read_ann(d / "attributions" / "budget_0001.ann") == gold


def test_jaccard_matching_is_one_to_one():
    assert jaccard((0, 10), (5, 15)) == 5 / 15
    gold = [Attribution((0, 10), None, None)]
    pred = [Attribution((0, 9), None, None), Attribution((1, 10), None, None)]
    assert len(match(pred, gold)) == 1
    assert score([(pred, gold)])["precision"] == 0.5


def test_cli_writes_json_lines_with_offsets(fixtures, capsys):
    d = fixtures / "polnear_small"
    assert main(["bench", "polnear", str(d / "text"), "--gold", str(d / "attributions")]) == 0
    out = capsys.readouterr()
    text = (d / "text" / "budget.txt").read_text()
    rows = [json.loads(line) for line in out.out.strip().splitlines()]
    assert rows and all(r["file"] == "budget.txt" for r in rows)
    for r in rows:
        a, b = r["content"]
        assert 0 <= a < b <= len(text)
    contents = {text[r["content"][0] : r["content"][1]] for r in rows}
    assert "the budget would pass next week" in contents
    assert "content F1=" in out.err


def test_dev_articles_score():
    """A floor on 12 PolNeAR dev articles (the issue's bar, F1 >= 0.55 and speaker >= 0.70, is on the test split)."""
    import io
    import shutil
    import tempfile
    from pathlib import Path

    from unspin.bench import polnear

    data = shared_data("polnear")
    tmp = Path(tempfile.mkdtemp())
    for f in sorted((data / "dev" / "text").glob("*.txt"))[:12]:
        shutil.copy(f, tmp)
    s = polnear.run(tmp, data / "dev" / "attributions", out=io.StringIO())
    assert s["f1"] >= 0.45 and s["speaker_accuracy"] >= 0.6
