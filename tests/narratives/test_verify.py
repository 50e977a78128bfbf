"""The narrative verifier: its features, the words it shows, and how the analyser uses it."""

from __future__ import annotations

import numpy as np

import unspin
from unspin.models import locate
from unspin.narratives.verify import DIM, Pair, content_words, features, load_verifier, names, shared_terms, surface
from unspin.report import NarrativeFinding


def pair(sentence: str, title: str, sim: float = 0.7, **kw) -> Pair:  # type: ignore[no-untyped-def]
    return Pair(sentence, title, kw.get("keywords"), sim, kw.get("rank", 0), kw.get("top1", sim), kw.get("gap", 0.1),
                kw.get("year", 2016))


def test_shared_terms_keep_the_titles_words_and_order():
    s = "The Malaysian airliner MH17 was shot down by a Ukrainian fighter jet, they say."
    assert shared_terms(s, "MH17 was downed by a Ukrainian jet") == ["MH17", "Ukrainian", "jet"]
    assert shared_terms("Nothing in common here at all.", "MH17 was downed by a Ukrainian jet") == []


def test_names_skip_sentence_starts_but_keep_acronyms():
    assert names("Yesterday NATO met in Brussels.") == {"nato", "brussel"}
    assert "the" not in content_words("The war in the Donbas")


def test_features_see_negation_and_coverage():
    same = surface(pair("NATO is preparing an attack on Russia from the Baltics.", "NATO is preparing an attack on Russia"))
    denied = surface(pair("Officials denied that NATO is preparing an attack on Russia.", "NATO is preparing an attack on Russia"))
    other = surface(pair("The weather in Riga was mild this week.", "NATO is preparing an attack on Russia"))
    cov, neg_mismatch = 5, 16  # title coverage, negation in one of the two only
    assert same[cov] > other[cov]
    assert denied[neg_mismatch] == 1.0 and same[neg_mismatch] == 0.0
    assert features(pair("a b c d e f", "x y")).shape == (len(same) + 2 * DIM,)


def test_shipped_verifier_loads_and_separates_repeats_from_topic():
    v = load_verifier(locate("narratives", "meta.json") / "verifier.npz")
    assert v is not None and 0 < v.threshold < 1 and 0 < v.retrieve_floor < 1
    vec = np.zeros(DIM, np.float32)
    vec[0] = 1.0
    repeat = Pair("The Baltic states are organising provocations against Russia to get NATO's attention.",
                  "The Baltic States are organising provocations against Russia to get NATO's attention",
                  None, 0.95, 0, 0.95, 0.2, 2017, vec, vec)
    topic = Pair("Estonia hosted a NATO summit on cyber defence on Tuesday, officials said.",
                 "The Baltic States are organising provocations against Russia to get NATO's attention",
                 None, 0.5, 0, 0.5, 0.01, 2017, vec, vec * 0.5)
    p = v.prob([repeat, topic])
    assert p[0] > p[1]


def test_analyser_findings_carry_confidence_and_shared_words():
    report = unspin.analyze(
        "NATO prepares new provocation in the Baltic.\n\n"
        "The Baltic states are organising provocations against Russia to get the attention of NATO, "
        "a Russian state television presenter said on Sunday.",
        options=unspin.Options(only=["narratives"]))
    found = [f for f in report.findings if isinstance(f, NarrativeFinding)]
    v = load_verifier(locate("narratives", "meta.json") / "verifier.npz")
    assert found, "a sentence that repeats a documented case word for word is matched"
    for f in found:
        assert f.confidence >= v.threshold - 1e-4
        assert report.text[f.start : f.end] == f.text
    assert any(f.shared_terms for f in found)
    sentences = [(f.start, f.end) for f in found]
    assert len(sentences) == len(set(sentences)), "at most one match per sentence"


def test_a_sentences_match_does_not_depend_on_the_sentences_around_it():
    sentence = ("The Baltic states are organising provocations against Russia to get the attention of NATO, "
                "a Russian state television presenter said on Sunday.")
    alone = unspin.analyze(sentence, options=unspin.Options(only=["narratives"]))
    padded = unspin.analyze(
        "Local officials opened a new bridge over the river on Tuesday after two years of work.\n\n" + sentence
        + "\n\nThe weather service expects light rain and mild temperatures for the rest of the week.",
        options=unspin.Options(only=["narratives"]))
    got = {(f.text, f.case_id, f.similarity, f.confidence) for f in alone.findings if isinstance(f, NarrativeFinding)}
    assert got, "the repeat is matched on its own"
    assert got <= {(f.text, f.case_id, f.similarity, f.confidence) for f in padded.findings
                   if isinstance(f, NarrativeFinding)}


def test_the_gate_reads_its_value_lets_a_repeat_through_and_skips_plain_reporting():
    from pathlib import Path

    from unspin import api, pipeline
    from unspin.analysers.narratives import load_prefilter
    from unspin.analysers.narratives import load_verifier as shipped
    from unspin.narratives.index import load_index

    prefilter, verifier = load_prefilter(), shipped()
    assert prefilter is not None and verifier is not None
    assert 0 < prefilter.gate < verifier.threshold, "the gate only skips what the verifier could not accept"
    fixtures = Path(__file__).parents[1] / "fixtures"
    neutral = (fixtures / "neutral.txt").read_text(encoding="utf-8")
    sourcing = (fixtures / "sourcing.txt").read_text(encoding="utf-8")
    repeat = "NATO prepares new provocation in the Baltic, the states are organising provocations against Russia."
    index = load_index()
    skipped = 0
    for text, want in ((neutral, None), (sourcing, None), (neutral + "\n\n" + repeat, repeat)):
        (doc,) = pipeline.pipe([api.document_of(api.article_of(text, unspin.Options()), unspin.Options())],
                               pipeline.select(only=["encoder"]), batch_size=1)
        spans = doc.sentences_in("title", "body", min_words=6)
        assert doc.annotations.states is not None
        ridge = prefilter.worth_encoding(doc.text, doc.annotations.states, spans, index, verifier.retrieve_floor)
        gated = prefilter.worth_encoding(doc.text, doc.annotations.states, spans, index, verifier.retrieve_floor,
                                         verifier)
        assert set(gated) <= set(ridge)
        if want:
            assert any(doc.text[s:e] == want for s, e in gated)
        else:
            skipped += len(set(ridge) - set(gated))
    # plain reporting (a short neutral article, a sourced news report): some sentences the ridge map lets through
    # are not encoded
    assert skipped > 0, "plain sentences the ridge map lets through are all encoded"
