import pytest

from unspin.analysers.comments import conspiracy_cues, groups_named


@pytest.mark.parametrize("text", [
    "The FBI is controlled by the Jews.",
    "This was a false flag, wake up.",
    "They want war and the attacks were planned long ago.",
    "A secret plan of the cabal, the globalists run the world government.",
])
def test_conspiracy_cues(text):
    spans, confidence = conspiracy_cues(text)
    assert spans and confidence >= 0.55
    assert all(text[s:e].strip() for s, e in spans)


def test_no_conspiracy_in_ordinary_comments():
    assert conspiracy_cues("I hope the talks resume soon, both countries need peace.") == ([], 0.0)
    assert conspiracy_cues("The agenda of the meeting was published.") == ([], 0.0)  # one weak cue is not enough


def test_group_words_map_to_hatexplain_targets():
    assert [g for g, _, _ in groups_named("Jews and Muslims, refugees and women")] == ["Jewish", "Islam", "Refugee", "Women"]


def _comment_report(fixtures, name):
    import unspin
    from unspin.api import analyze_article
    from unspin.ingest.source import from_text

    return analyze_article(from_text((fixtures / name).read_text(), is_html=True), unspin.Options(only=["comments"]))


def test_agency_controlled_by_religious_group(fixtures):
    """Issue #5 bar: the comment is hatespeech or offensive, targets the group, and carries the conspiracy flag."""
    report = _comment_report(fixtures, "comments_wordpress.html")
    found = [f for f in report.findings if f.kind == "comment"]
    assert len(found) == 3
    first = found[0]
    assert first.label in ("hatespeech", "offensive")
    assert "Jewish" in first.targets and first.conspiracy
    assert any("controlled by" in e.text.lower() for e in first.conspiracy_evidence)
    assert first.rationale and all(report.text[r.start : r.end] == r.text for r in first.rationale)
    assert first.author == "truthseeker77" and first.time == "2025-12-31T09:12:00+00:00"
    assert abs(sum(first.probabilities.values()) - 1) < 0.01
    assert found[2].label == "normal" and not found[2].conspiracy and found[2].rationale == []
    summary = report.summary.comments
    assert summary.count == 3 and summary.conspiracy == 1 and summary.by_target.get("Jewish") == 1


def test_plain_text_comment_segments(partisan_text):
    import unspin

    report = unspin.analyze(partisan_text, options=unspin.Options(only=["comments"]))
    found = {f.text: f for f in report.findings if f.kind == "comment"}
    assert found["The globalists want war and they control the State Department, wake up people!!!"].conspiracy
    assert not found["I think both sides should just sit down and talk. Enough dead already."].conspiracy
    assert found["I think both sides should just sit down and talk. Enough dead already."].label == "normal"


def test_classifier_separates_hate_from_normal():
    from unspin.analysers.comment_model import load_comment_model

    got = load_comment_model().classify([
        "those filthy muslims are invaders and should all be deported, they are vermin",
        "thanks for the great recipe, my kids loved it",
    ])
    assert got[0].label in ("hatespeech", "offensive") and "Islam" in got[0].targets
    assert got[0].rationale  # spans into the comment
    assert got[1].label == "normal" and got[1].targets == {} and got[1].rationale == []
