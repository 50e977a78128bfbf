"""Long texts are analysed in parts (cost linear in length) and merged into one Report."""

from __future__ import annotations

import pytest

from unspin import pipeline
from unspin.document import Document


def test_a_long_paragraph_is_cut_at_sentence_ends():
    sentence = "The committee met again on Tuesday and agreed nothing at all. "
    text = "Title line\n\n" + sentence * 200 + "\n\nA closing paragraph of the story.\n"
    parts = pipeline.parts(Document(text=text), max_words=300)
    assert len(parts) >= 8
    for offset, part in parts:
        assert text[offset : offset + len(part.text)] == part.text
        assert sum(len(part.text[s.start : s.end].split()) for s in part.segments) <= 300
        for seg in part.segments:
            body = part.text[seg.start : seg.end]
            assert body == body.strip()
            assert seg.kind != "body" or body.endswith(".")  # cut after a sentence, never mid-sentence
    covered = "".join(part.text for _, part in parts)
    assert covered == text


def test_parts_keep_the_whole_texts_segments():
    paragraphs = [f"Paragraph {i} says the council met and talked about the budget for the year." for i in range(40)]
    text = "A title\n\n" + "\n\n".join(paragraphs) + "\n\nComments:\n\nI think they are all liars!!\n"
    whole = Document(text=text)
    seg = pipeline.component("segments")
    seg.set_annotations([whole], seg.predict([whole]))
    parts = pipeline.parts(Document(text=text), max_words=60)
    again = [(s.kind, s.start + off, s.end + off) for off, p in parts for s in p.segments]
    assert again == [(s.kind, s.start, s.end) for s in whole.segments]
    assert [s.kind for _, p in parts for s in p.segments].count("title") == 1


@pytest.mark.slow
def test_a_report_in_parts_is_one_report_with_exact_spans(partisan_text):
    import unspin
    from unspin.api import Options

    text = "\n\n".join([partisan_text] * 3)
    whole = unspin.analyze(unspin.Text(text))
    merged = unspin.analyze(unspin.Text(text), options=Options(part_words=len(partisan_text.split()) + 20))
    for sp in merged.spans():
        assert text[sp.start : sp.end] == sp.text
    assert "3 parts" in merged.warnings[0] and merged.warnings[1:] == whole.warnings
    assert [s.kind for s in merged.segments] == [s.kind for s in whole.segments]
    assert merged.summary.words == whole.summary.words
    assert len({a.id for a in merged.actors}) == len(merged.actors)
    assert {a.name for a in merged.actors} == {a.name for a in whole.actors} or len(merged.actors) >= len(whole.actors) // 2
    ids = {a.id for a in merged.actors}
    for f in merged.findings:
        src = getattr(f, "source", None)
        if src is not None and src.actor:
            assert src.actor in ids
    for t in merged.timeline:
        assert t.anchor is None or 0 <= t.anchor < len(merged.timeline)
    n_whole, n_merged = whole.summary.findings.get("technique", 0), merged.summary.findings.get("technique", 0)
    assert abs(n_whole - n_merged) <= max(3, n_whole // 5)
