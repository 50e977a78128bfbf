import subprocess
import sys

import pytest

from unspin.bench.ptc import LabelLine, read_labels, score_si, score_tc


def test_si_score_is_overlap_based():
    gold = [("1", 0, 10)]
    assert score_si([("1", 0, 10)], gold).f1 == pytest.approx(1.0)
    half = score_si([("1", 0, 5)], gold)
    assert half.precision == pytest.approx(1.0) and half.recall == pytest.approx(0.5)
    assert score_si([("1", 20, 30)], gold).f1 == 0.0
    assert score_si([], gold).f1 == 0.0


def test_si_merges_overlapping_spans():
    s = score_si([("1", 0, 6), ("1", 4, 10)], [("1", 0, 10)])
    assert s.f1 == pytest.approx(1.0)


def test_tc_micro_f1_with_duplicate_spans():
    gold = [LabelLine("1", "A", 0, 5), LabelLine("1", "B", 0, 5), LabelLine("1", "C", 6, 9)]
    pred = [LabelLine("1", "B", 0, 5), LabelLine("1", "A", 0, 5), LabelLine("1", "A", 6, 9)]
    micro, per = score_tc(pred, gold)
    assert micro.f1 == pytest.approx(2 / 3)
    assert per["C"].f1 == 0.0


def test_read_labels_three_and_four_columns(tmp_path, fixtures):
    p = tmp_path / "si.labels"
    p.write_text("7\t1\t5\n")
    assert read_labels(p) == [LabelLine("7", "?", 1, 5)]
    assert read_labels(fixtures / "ptc" / "gold.labels")[0].technique == "Loaded_Language"


def _run(*args):
    return subprocess.run([sys.executable, "-m", "unspin.cli", *args], capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_ptc_si_adapter_output_format(fixtures):
    out = _run("bench", "ptc-si", str(fixtures / "ptc" / "articles"), "--gold", str(fixtures / "ptc" / "gold.labels"))
    assert out.returncode == 0, out.stderr
    for line in out.stdout.splitlines():
        aid, s, e = line.split("\t")
        assert aid in ("1001", "1002") and int(s) < int(e)
    assert "SI precision=" in out.stderr


@pytest.mark.slow
def test_ptc_tc_adapter_keeps_template_order(fixtures):
    ptc = fixtures / "ptc"
    out = _run("bench", "ptc-tc", str(ptc / "articles"), "--spans", str(ptc / "template.labels"), "--gold", str(ptc / "gold.labels"))
    assert out.returncode == 0, out.stderr
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    template = [line.split("\t") for line in (ptc / "template.labels").read_text().splitlines()]
    assert [(r[0], r[2], r[3]) for r in rows] == [(t[0], t[2], t[3]) for t in template]
    dup = [r[1] for r in rows if (r[2], r[3]) == ("72", "84")]
    assert len(dup) == 2 and dup[0] != dup[1]  # a span listed twice gets the two most likely techniques
    assert "TC micro-F1=" in out.stderr
