from tests.conftest import shared_data
from unspin.bench.checkthat import read_tsv, yes_scores
from unspin.cli import main


def test_read_tsv_with_csv_quoting(fixtures):
    rows = read_tsv(fixtures / "checkthat_small.tsv")
    assert [r.id for r in rows] == ["1", "2", "3", "4"]
    assert rows[0].text == "Unemployment fell to 3.5 percent last year, the lowest in fifty years."
    assert rows[2].text.endswith('passed with "bipartisan" support.')
    assert [r.label for r in rows] == ["Yes", "No", "Yes", "No"]


def test_yes_scores():
    s = yes_scores([True, True, False, False], [True, False, True, False])
    assert s == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_cli_prints_one_row_per_sentence(fixtures, capsys):
    assert main(["bench", "checkthat", str(fixtures / "checkthat_small.tsv"), "--gold", str(fixtures / "checkthat_small.tsv")]) == 0
    out = capsys.readouterr()
    rows = [line.split("\t") for line in out.out.strip().splitlines()]
    assert [r[0] for r in rows] == ["1", "2", "3", "4"]
    assert all(r[1] in ("Yes", "No") and 0 <= float(r[2]) <= 1 for r in rows)
    assert rows[0][1] == "Yes" and rows[1][1] == "No"
    assert "F1=" in out.err


def test_bad_header_is_a_one_line_error(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\tx\n")
    assert main(["bench", "checkthat", str(bad)]) == 2
    assert "Sentence_id" in capsys.readouterr().err


def test_dev_test_f1_of_yes():
    """Issue #4 bar is >= 0.75 on an unseen set; the shipped head scores 0.828 on dev-test (refit on train + dev)."""
    data = shared_data("checkworthiness")
    import numpy as np

    from unspin.analysers.claims import load_claim_model
    from unspin.bench.checkthat import scores_in_context

    rows = read_tsv(data / "dev-test.tsv")
    model = load_claim_model()
    scores = scores_in_context(rows)
    s = yes_scores(np.array([r.label == "Yes" for r in rows]), scores >= model.threshold)
    assert s["f1"] >= 0.78
