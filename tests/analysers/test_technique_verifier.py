"""The technique verifier and the default confidence floor."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from unspin.analysers import kept
from unspin.analysers.technique_verifier import ArticleStats, features, load_verifier
from unspin.analysers.techniques import default_floor, load_tagger
from unspin.document import Document
from unspin.models import locate
from unspin.report import ClaimFinding


def test_shipped_verifier_matches_its_features():
    verifier = load_verifier(locate("techniques") / "verifier.npz")
    assert verifier is not None
    n = len(load_tagger().labels)
    x = features(0, n, 0.5, 0.8, "the corrupt regime", False, False, ArticleStats(0.1, 0.2, 30.0))
    vec = np.zeros((1, 384), np.float32)
    p = verifier.prob(x[None, :], vec)
    assert p.shape == (1,) and 0.0 < float(p[0]) < 1.0
    assert verifier.prob(np.zeros((0, len(x)), np.float32), np.zeros((0, 384), np.float32)).shape == (0,)


def test_verifier_prefers_surer_raw_scores():
    verifier = load_verifier(locate("techniques") / "verifier.npz")
    n = len(load_tagger().labels)
    stats = ArticleStats(0.2, 0.3, 40.0)
    label = load_tagger().labels.index("Loaded_Language")
    low = features(label, n, 0.31, 0.2, "bloodthirsty", False, False, stats)
    high = features(label, n, 0.9, 0.95, "bloodthirsty", False, False, stats)
    vec = np.zeros((2, 384), np.float32)
    p = verifier.prob(np.stack([low, high]), vec)
    assert p[1] > p[0]


def test_default_floor_is_the_models_and_documented():
    cfg = json.loads((locate("techniques") / "config.json").read_text())
    assert default_floor() == cfg["min_confidence"] > 0
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "confidence.md").read_text()
    assert f"| techniques | {cfg['min_confidence']:g} |" in doc


def _claim(conf: float) -> ClaimFinding:
    return ClaimFinding.model_construct(kind="claim", label="claim", start=0, end=1, text="x", confidence=conf)


@pytest.mark.parametrize(("floor", "default", "kept_n"), [(None, 0.0, 3), (None, 0.5, 2), (0.0, 0.5, 3), (0.7, 0.0, 1)])
def test_kept_uses_the_analysers_default_only_without_an_explicit_floor(floor, default, kept_n):
    doc = Document(text="x", min_confidence=floor)
    findings = [_claim(0.1), _claim(0.6), _claim(0.9)]
    assert len(kept(doc, findings, default=default)) == kept_n


def test_of_overlapping_findings_of_one_technique_the_most_confident_stays():
    from unspin.analysers.techniques import TechniqueSpan, best_of_overlapping

    def t(label: str, start: int, end: int, conf: float) -> TechniqueSpan:
        return TechniqueSpan(label, start, end, conf, conf, 1.0, "author")

    run = t("Doubt", 0, 90, 0.21)  # a sentence-long run of warm pieces
    core = t("Name_Calling,Labeling", 4, 24, 0.35)  # its hot core, another technique: both stay
    same = t("Name_Calling,Labeling", 0, 40, 0.25)  # overlaps the core, same technique, less sure: goes
    apart = t("Name_Calling,Labeling", 60, 75, 0.22)  # same technique, elsewhere: stays
    kept_ = best_of_overlapping([run, same, core, apart])
    assert kept_ == [run, core, apart]
    assert best_of_overlapping([]) == []


def test_nested_candidates_offer_the_hot_core_of_a_long_warm_run():
    """A sentence of warm word pieces with two hot ones: the candidate threshold reads the whole run, a nested level
    its hot core, and the analyser asks at both."""
    from unspin.inference.windows import TokenStates

    tagger = load_tagger()
    levels = [float(x) for x in tagger.config.get("nested_thresholds", ())]
    assert levels and min(levels) > float(tagger.config["candidate_threshold"])
    text = "The bloodthirsty puppets in Kyiv will never stop"
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    prob = np.array([0.7 if text[a:b] in ("bloodthirsty", "puppets") else 0.25 for a, b in words], np.float32)
    enc = TokenStates(text, np.array(words), {"span_prob": prob})
    whole = tagger.find_spans(enc, threshold=float(tagger.config["candidate_threshold"]))
    core = tagger.find_spans(enc, threshold=levels[0])
    assert [text[g.start : g.end] for g in whole] == [text]
    assert [text[g.start : g.end] for g in core] == ["bloodthirsty puppets"]


def test_a_span_of_function_words_only_is_no_candidate():
    from unspin.inference.windows import TokenStates

    tagger = load_tagger()
    text = "They are here and they are loud"
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    prob = np.array([0.7 if text[a:b] in ("are", "loud") else 0.05 for a, b in words], np.float32)
    enc = TokenStates(text, np.array(words), {"span_prob": prob})
    assert [text[g.start : g.end] for g in tagger.find_spans(enc, threshold=0.3)] == ["are loud"]
