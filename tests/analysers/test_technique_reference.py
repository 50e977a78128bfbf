"""Reference percentiles: the measures, the percentile rule and the sentence a reader sees."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.analysers.technique_reference import MEASURES, Mark, build, measures, percentile, place, sentence


def test_measures_count_only_findings_at_the_floor():
    marks = [Mark("Loaded_Language", "author", 0.9), Mark("Doubt", "quoted", 0.6), Mark("Slogans", "author", 0.1)]
    got = measures(marks, words=500, floor=0.3)
    assert got["technique_density"] == pytest.approx(4.0)  # 2 kept findings in 500 words
    assert got["author_density"] == pytest.approx(2.0)
    assert got["loaded_language_density"] == pytest.approx(2.0)
    assert got["author_share"] == pytest.approx(0.5)
    assert "author_share" not in measures([], words=500, floor=0.3)  # no findings: no share, not a made-up 0


def test_percentile_counts_ties_half():
    ref = [1.0, 2.0, 2.0, 3.0]
    assert percentile(ref, 0.5) == 0
    assert percentile(ref, 2.0) == 50  # one below, two ties counted half: (1 + 1) / 4
    assert percentile(ref, 9.0) == 100
    assert percentile([], 1.0) == 0


@given(st.lists(st.floats(0, 100), min_size=1, max_size=50).map(sorted), st.floats(0, 100), st.floats(0, 100))
def test_percentile_is_monotone(ref, a, b):
    lo, hi = min(a, b), max(a, b)
    assert 0 <= percentile(ref, lo) <= percentile(ref, hi) <= 100


def test_sentence_says_where_the_article_stands():
    text = sentence("technique spans per 1,000 words", 94, 54)
    assert text == ("Technique spans per 1,000 words: higher than in 94% of mainstream news articles; "
                    "typical of the propaganda reference set (54th percentile).")
    assert "lower than in 80% of mainstream" in sentence("x", 20, 5)
    assert "lower than in 95% of the propaganda reference set" in sentence("x", 20, 5)
    assert "(31st percentile)" in sentence("x", 60, 31) and "(52nd percentile)" in sentence("x", 60, 52)
    assert "(43rd percentile)" in sentence("x", 60, 43) and "(70th percentile)" in sentence("x", 60, 70)


def test_place_and_build_round_trip():
    sets = {"mainstream": [{"technique_density": v, "author_density": v / 2, "loaded_language_density": 0.0}
                           for v in (1.0, 2.0, 3.0, 4.0)],
            "propaganda": [{"technique_density": v, "author_density": v, "loaded_language_density": v,
                            "author_share": 0.8} for v in (10.0, 20.0)]}
    table = json.loads(json.dumps(build(sets, 0.3, {"mainstream": "m", "propaganda": "p"})))
    assert table["sets"]["mainstream"]["articles"] == 4
    rows = place({"technique_density": 5.0, "author_share": 0.8}, table)
    assert [r["measure"] for r in rows] == ["technique_density", "author_share"]  # catalogue order, only measured
    assert rows[0]["mainstream_percentile"] == 100 and rows[0]["propaganda_percentile"] == 0
    assert set(MEASURES) >= {r["measure"] for r in rows}
    zero = place({"technique_density": 0.0}, table)[0]["text"]
    assert zero == ("Technique spans per 1,000 words: none, like 0% of mainstream news articles and 0% of the "
                    "propaganda reference set.")
