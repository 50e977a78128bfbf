"""select() and pipe(): requirements added and said, bad skips refused up front, batches in order."""

from __future__ import annotations

import pytest

from unspin import pipeline
from unspin.document import Document
from unspin.errors import ConfigError

TEXTS = [
    "Summit ends\n\nOn Monday, Vladimir Putin met Donald Trump in Anchorage. \"It was a good meeting,\" Trump said.",
    "A short note\n\nThe European Union said on 3 March 2024 that talks would resume in Brussels next week.",
    "Third\n\nNothing happened yesterday in Kyiv, officials said. Kiev was quiet.",
]


def test_every_requirement_is_registered_and_earlier() -> None:
    seen: set[str] = set()
    for reg in pipeline.REGISTRY:
        for req in pipeline._requires(reg.name):
            assert req in seen, f"{reg.name} requires {req}, which is not registered before it"
        seen.add(reg.name)


def test_only_adds_what_it_requires_and_says_so() -> None:
    chosen = pipeline.select(only=["techniques"])
    assert chosen.names == ["segments", "language", "encoder", "actors", "quotes", "techniques"]
    assert set(chosen.added) == {"encoder", "actors", "quotes"}
    assert any("'quotes'" in n and "techniques" in n for n in chosen.notes())


def test_default_selection_is_registry_order_and_adds_nothing() -> None:
    chosen = pipeline.select()
    assert chosen.names == pipeline.names()
    assert chosen.notes() == []


def test_skipping_a_requirement_is_refused_before_any_work() -> None:
    with pytest.raises(ConfigError, match="needs 'quotes'"):
        pipeline.select(skip=["quotes"])
    with pytest.raises(ConfigError, match="cannot skip"):
        pipeline.select(skip=["language"])
    with pytest.raises(ConfigError, match="unknown analyser"):
        pipeline.select(only=["bogus"])


def test_skipping_a_leaf_changes_nothing_else() -> None:
    chosen = pipeline.select(skip=["narratives", "consistency", "comments"])
    assert "narratives" not in chosen.names and "techniques" in chosen.names and chosen.notes() == []


def test_predict_has_no_side_effects() -> None:
    chosen = pipeline.select(only=["timeline"])
    doc = pipeline.run(Document(text=TEXTS[1]), pipeline.Selection(chosen.analysers[:2]))
    comp = pipeline.component("timeline")
    preds = comp.predict([doc])
    assert doc.annotations.timeline is None and "timeline" not in doc.ran
    comp.set_annotations([doc], preds)
    assert doc.annotations.timeline == preds[0]


def test_pipe_in_batches_matches_one_at_a_time_and_keeps_order() -> None:
    chosen = pipeline.select(only=["actors", "timeline"])
    batched = list(pipeline.pipe([Document(text=t) for t in TEXTS], chosen, batch_size=2))
    single = [pipeline.run(Document(text=t), chosen) for t in TEXTS]
    assert [d.text for d in batched] == TEXTS
    for a, b in zip(batched, single):
        assert a.ran == b.ran == chosen.names
        assert a.segments == b.segments and a.sentences == b.sentences and a.entities == b.entities
        assert [x.name for x in a.annotations.actors or []] == [x.name for x in b.annotations.actors or []]
        assert a.annotations.timeline == b.annotations.timeline


def test_profile_counts_every_component() -> None:
    chosen = pipeline.select(only=["timeline"])
    profile: dict[str, float] = {}
    list(pipeline.pipe([Document(text=TEXTS[0])], chosen, profile=profile))
    assert set(profile) == set(chosen.names) and all(v >= 0 for v in profile.values())
