"""The n-gram logistic regression (antisemitism stack) computes what its training script fits on."""

from __future__ import annotations

import math
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

from unspin.inference.ngrams import NgramModel, ngram_counts, normalise


def _model(tmp_path, word_terms, char_terms, word_coef, char_coef, dense_coef, bias):  # type: ignore[no-untyped-def]
    path = tmp_path / "m.npz"
    np.savez(path, word_terms=np.array("\n".join(word_terms)), word_idf=np.ones(len(word_terms), np.float32),
             word_coef=np.array(word_coef, np.float32), char_terms=np.array("\n".join(char_terms)),
             char_idf=np.ones(len(char_terms), np.float32), char_coef=np.array(char_coef, np.float32),
             dense_coef=np.array(dense_coef, np.float32), bias=np.float32(bias))
    return NgramModel(path)


def test_links_and_handles_are_placeholders():
    assert normalise("See https://t.co/x @SomeOne NOW") == "see  http   @user  now"


def test_word_bigrams_and_in_word_character_ngrams():
    word, char = ngram_counts("Globalists control the banks")
    assert word["globalists"] == 1 and word["the banks"] == 1 and word["control the"] == 1
    assert char[" th"] == 1 and char["he "] == 1 and char["the"] == 1 and "s c" not in char  # never across words


def test_a_block_is_unit_length_tfidf_times_its_coefficients(tmp_path):
    m = _model(tmp_path, ["zionist", "controlled"], [], [2.0, 1.0], [], [0.5], -1.0)
    # both words once: tf-idf (1, 1) / sqrt(2); logit = (2 + 1) / sqrt(2) + 0.5 * 2 - 1
    p = m.probabilities(["zionist controlled"], np.array([[2.0]]))[0]
    assert math.isclose(p, 1 / (1 + math.exp(-(3 / math.sqrt(2) + 1.0 - 1.0))), rel_tol=1e-6)


@lru_cache(maxsize=1)
def _one_term_model() -> NgramModel:
    return _model(Path(tempfile.mkdtemp()), ["qqqzzz"], [], [5.0], [], [0.3], -0.2)


@given(st.text(max_size=200))
def test_text_without_known_terms_scores_its_dense_features_only(text):
    assume("qqqzzz" not in ngram_counts(text)[0])
    p = _one_term_model().probabilities([text], np.array([[1.0]]))[0]
    assert math.isclose(p, 1 / (1 + math.exp(-(0.3 - 0.2))), rel_tol=1e-6)


def test_comment_model_reads_an_installed_stack(tmp_path):
    """With ``antisemitism.npz`` in its folder the stack's probability is the comment's antisemitism score, and the
    tail's own head stays available for the Jewish-target floor."""
    import shutil

    from unspin.analysers.comment_model import CommentModel
    from unspin.models import locate

    folder = tmp_path / "comments"
    shutil.copytree(locate("comments"), folder)
    texts = ["The zionists run everything.", "I hope the talks resume soon."]
    (folder / "antisemitism.npz").unlink(missing_ok=True)  # the shipped stack, if any: this test installs its own
    plain = CommentModel(folder).classify(texts, rationale=False)
    _model(tmp_path, ["zionists"], [], [40.0], [], [0.0] * 27, -20.0)
    shutil.copy(tmp_path / "m.npz", folder / "antisemitism.npz")
    stacked = CommentModel(folder).classify(texts, rationale=False)
    assert stacked[0].antisemitism > 0.99 and stacked[1].antisemitism < 0.01
    assert [v.antisemitism_head for v in stacked] == [v.antisemitism for v in plain]


def test_the_jewish_target_floor_reads_the_detector_the_config_names(tmp_path):
    """``jewish_target_veto``: the head's probability, the stack's, or the larger; anything else is refused."""
    import json
    import shutil

    import pytest

    from unspin.analysers.comment_model import CommentModel
    from unspin.errors import ModelError
    from unspin.models import locate

    folder = tmp_path / "comments"
    shutil.copytree(locate("comments"), folder)
    _model(tmp_path, ["zionists"], [], [40.0], [], [0.0] * 27, -20.0)
    shutil.copy(tmp_path / "m.npz", folder / "antisemitism.npz")
    texts = ["The zionists run everything.", "I hope the talks resume soon."]
    config = json.loads((folder / "config.json").read_text())
    got = {}
    for veto in ("head", "stack", "either"):
        (folder / "config.json").write_text(json.dumps({**config, "jewish_target_veto": veto}))
        got[veto] = CommentModel(folder).classify(texts, rationale=False)
    for k in range(2):
        head, stack = got["head"][k].antisemitism_head, got["stack"][k].antisemitism
        assert got["head"][k].antisemitism_support == head and got["stack"][k].antisemitism_support == stack
        assert got["either"][k].antisemitism_support == max(head, stack)
    (folder / "config.json").write_text(json.dumps({**config, "jewish_target_veto": "stacks"}))
    with pytest.raises(ModelError, match="jewish_target_veto"):
        CommentModel(folder)
