import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import unspin
from unspin.report import SCHEMA_VERSION, Report

TOP_KEYS = {"schema_version", "unspin_version", "text", "meta", "segments", "sentences", "actors", "findings", "summary", "analysers"}


def _check_spans(report: Report):
    for span in report.spans():
        assert report.text[span.start : span.end] == span.text
        assert 0 <= span.start <= span.end <= len(report.text)


def test_top_level_keys(partisan_report):
    data = json.loads(partisan_report.model_dump_json())
    assert TOP_KEYS <= set(data)
    assert data["schema_version"] == SCHEMA_VERSION
    for f in data["findings"]:
        assert {"kind", "label", "start", "end", "text", "confidence"} <= set(f)


def test_spans_exact_on_fixture(partisan_report):
    _check_spans(partisan_report)


words = st.sampled_from([
    "Putin", "Trump", "said", "the", "Kyiv", "Kiev", "\u201c", "\u201d", '"', "\u00ab", "\u00bb", "MORE ON THE TOPIC:",
    "bloodthirsty", "regime", "\n", "\n\n", "\n\n\n", "caf\u00e9", "\u00e9", "!", "?", "NATO", "WHO", "From Donald Trump's statements:",
    "\t", "  ", "emoji\U0001f600", "\u0416\u0443\u043a", "\r\n", "'", "\u2019s", "<script>",
])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, min_size=1, max_size=60).map(" ".join))
def test_every_span_is_exact_for_arbitrary_text(text):
    try:
        report = unspin.analyze(text)
    except unspin.InputError:
        assert not text.strip()
        return
    _check_spans(report)


def test_snapshot_of_report_format(fixtures, partisan_text):
    """The Report's shape on a fixture, techniques left out (their model is pinned elsewhere)."""
    report = unspin.analyze(partisan_text, options=unspin.Options(skip=["techniques"]))
    shape = {
        "keys": sorted(json.loads(report.model_dump_json())),
        "segments": [(s.kind, s.text[:30]) for s in report.segments],
        "actors": [(a.name, a.type, len(a.mentions)) for a in report.actors],
        "summary_keys": sorted(report.summary.model_dump()),
        "analysers": report.analysers,
    }
    snap = fixtures / "partisan.shape.json"
    expected = json.loads(snap.read_text())
    assert json.loads(json.dumps(shape)) == expected, "Report format changed: update docs/report-format.md and the snapshot"


def test_schema_is_valid_json_schema():
    schema = Report.model_json_schema()
    assert schema["type"] == "object" and "findings" in schema["properties"]
