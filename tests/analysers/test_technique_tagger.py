import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.analysers.technique_tagger import TechniqueTagger, token_range
from unspin.inference.windows import TokenStates, windows


def Encoded(text, offsets, hidden, span_prob):  # noqa: N802 - the shared pass's states, as the heads read them
    return TokenStates(text, np.asarray(offsets), {"hidden": np.asarray(hidden), "span_prob": np.asarray(span_prob)})


@given(st.integers(0, 3000), st.integers(2, 300), st.integers(1, 300))
def test_windows_cover_every_token(n, size, step):
    step = min(step, size)
    ws = windows(n, size, step)
    covered = set()
    for a, b in ws:
        assert 0 <= a < b <= n and b - a <= size
        covered.update(range(a, b))
    assert covered == set(range(n))


def _fake_tagger(threshold=0.5, max_gap=1):
    t = TechniqueTagger.__new__(TechniqueTagger)
    t.threshold, t.max_gap = threshold, max_gap
    t.snap_words, t.has_none, t.reject_above, t.split_sentences = False, False, 1.01, False
    return t


def _encoded(text):
    import re

    offs = np.array([(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)])
    return offs


def test_decode_runs_to_character_spans():
    text = "They are corrupt thugs and liars , said nobody ."
    offs = _encoded(text)
    probs = np.array([0.1, 0.2, 0.9, 0.8, 0.3, 0.9, 0.1, 0.1, 0.1, 0.1])
    enc = Encoded(text, offs, np.zeros((len(offs), 4)), probs)
    spans = _fake_tagger().find_spans(enc)
    assert [(text[s.start : s.end]) for s in spans] == ["corrupt thugs and liars"]  # one-token gap bridged
    assert all(text[s.start : s.end] == text[s.start : s.end].strip() for s in spans)
    assert spans[0].confidence == pytest.approx(np.mean([0.9, 0.8, 0.3, 0.9]))


def test_decode_keeps_separate_runs_and_trims_punctuation():
    text = 'He said "traitors" and then , later , "cowards" .'
    offs = _encoded(text)
    probs = np.zeros(len(offs))
    probs[2:5] = 0.9   # "traitors" with its quote marks
    probs[10:13] = 0.9  # "cowards"
    enc = Encoded(text, offs, np.zeros((len(offs), 4)), probs)
    spans = _fake_tagger(max_gap=0).find_spans(enc)
    assert [text[s.start : s.end] for s in spans] == ["traitors", "cowards"]


def test_snap_widens_to_whole_words():
    text = "They are corrupt thugs ."
    offs = np.array([[0, 4], [5, 8], [9, 13], [13, 16], [17, 22], [23, 24]])  # "corr" + "upt" pieces
    probs = np.array([0.1, 0.1, 0.1, 0.9, 0.9, 0.1])
    t = _fake_tagger()
    t.snap_words = True
    (span,) = t.find_spans(Encoded(text, offs, np.zeros((6, 4)), probs))
    assert text[span.start : span.end] == "corrupt thugs"


def test_token_range_overlap_and_nearest():
    offs = np.array([[0, 4], [5, 8], [9, 14]])
    assert token_range(offs, 5, 14) == (1, 2)
    assert token_range(offs, 4, 5) == (1, 1)  # whitespace between: nearest piece


def test_runs_are_cut_at_sentence_ends_and_hyphens_kept():
    text = "They lie. The so-called peace plan is a trick."
    import re

    offs = np.array([(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+|[^\w\s]", text)])
    probs = np.array([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1])
    t = _fake_tagger()
    t.snap_words, t.split_sentences = True, True
    spans = [text[s.start : s.end] for s in t.find_spans(Encoded(text, offs, np.zeros((len(offs), 4)), probs))]
    assert spans == ["They lie", "The so-called peace plan"]


def test_the_lexical_second_opinion_is_read_and_mixed_into_the_labels():
    from unspin.analysers.technique_tagger import lexical_counts, lexical_dense
    from unspin.analysers.techniques import load_tagger

    tagger = load_tagger()
    assert tagger.lexical is not None and 0 < tagger.lexical_weight < 1  # shipped, with its weight in config.json
    text = "They call it a peace plan. It is a cynical trick by the globalist elites, a cynical trick!"
    spans = [(text.index("cynical"), text.index("cynical") + len("cynical trick")), (0, 4)]
    counts = [lexical_counts(text, s, e) for s, e in spans]
    # the span's words; the words of the 40 characters on either side (as cut, the same in training)
    assert counts[0]["word"]["cynical trick"] == 1 and counts[0]["left"]["is"] == 1
    assert {"by", "the", "globalist", "elites"} <= set(counts[0]["right"]) and "peace" not in counts[0]["right"]
    assert lexical_dense(text, *spans[0])[1] == pytest.approx(np.log1p(2))  # the exact text recurs once more
    lex = tagger.lexical.probabilities(counts, np.array([lexical_dense(text, s, e) for s, e in spans]))
    head = np.full((2, len(tagger.labels)), 1.0 / len(tagger.labels))
    mixed = tagger.mix_lexical(head, text, spans)
    assert np.allclose(mixed.sum(axis=1), 1.0, atol=1e-5)
    # against a uniform head, the geometric mean ranks the labels as the lexical model does
    assert (mixed.argmax(axis=1) == lex.argmax(axis=1)).all()
    assert tagger.labels[int(lex[0].argmax())] in ("Loaded_Language", "Name_Calling,Labeling", "Repetition")


def test_a_span_does_not_end_with_a_function_word():
    from unspin.analysers.technique_tagger import _trim

    text = "propped up by NATO warmongers, will never stop"
    s, e = _trim(text, text.index("NATO"), text.index(" never"))
    assert text[s:e] == "NATO warmongers"
    text = "the corrupt elite of this city"
    assert text[slice(*_trim(text, 0, text.index(" this")))] == "the corrupt elite"
    assert _trim("will", 0, 4) == (0, 4)  # a lone word stays: the span finder decides about it
    text = "they will destroy it"  # "it" ends 44 training spans: kept
    assert _trim(text, 0, len(text)) == (0, len(text))


def test_a_span_stopping_inside_a_scare_quoted_phrase_runs_to_its_end():
    from unspin.analysers.technique_tagger import _quoted_phrase

    text = 'The so-called "war party" in European capitals ignores the suffering of ordinary people.'
    a, b = text.index("so-called"), text.index("war") + 3
    assert text[slice(*_quoted_phrase(text, a, b))] == 'so-called "war party'
    curly = "They called it a “peace plan” again."
    a = curly.index("a “")
    assert curly[slice(*_quoted_phrase(curly, a, curly.index("plan")))] == "a “peace plan"
    assert _quoted_phrase(curly, a, curly.index("peace") + 5) == (a, curly.index("”"))
    # spans that hold no opening mark, or close what they open, stay as they are
    assert _quoted_phrase(text, 0, 3) == (0, 3)
    assert _quoted_phrase(curly, 0, len(curly)) == (0, len(curly))
