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


def _verdict(label="normal", conspiracy=None, antisemitism=None):  # type: ignore[no-untyped-def]
    from unspin.analysers.comment_model import CommentVerdict

    probs = {"hatespeech": 0.1, "offensive": 0.1, "normal": 0.8}
    return CommentVerdict(label, probs[label], probs, {}, antisemitism=antisemitism, conspiracy=conspiracy)


def test_the_conspiracy_head_decides_and_cues_are_only_evidence():
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    text = "Nothing here is an accident, the people in charge planned every step of it."
    seg = Segment("comment", 0, len(text))
    assert judge(0, seg, text, _verdict(conspiracy=0.9), 0.5).conspiracy  # no cue phrase, the model decides
    cue_text = "The deep state is behind this, wake up."
    seg2 = Segment("comment", 0, len(cue_text))
    quiet = judge(0, seg2, cue_text, _verdict(conspiracy=0.1), 0.5)
    assert not quiet.conspiracy and quiet.conspiracy_evidence == []  # a cue alone is not the decision
    assert judge(0, seg2, cue_text, _verdict(conspiracy=None)).conspiracy  # a v1 model: the cues decide


def test_an_antisemitic_comment_is_hate_against_jews():
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    text = "They always end up running the banks, it is in their nature."
    r = judge(0, Segment("comment", 0, len(text)), text, _verdict(antisemitism=0.9), 0.5, 0.5)
    assert r.label == "hatespeech" and "Jewish" in r.targets and r.antisemitic and "IHRA" in r.reason
    calm = judge(0, Segment("comment", 0, len(text)), text, _verdict(antisemitism=0.2), 0.5, 0.5)
    assert calm.label == "normal" and not calm.antisemitic


GLOSSARY = (
    "Dogwhistle\tSurface Forms\tPersona/In-Group\tCovert (in-group) meaning\tType\n"
    "(((echo)))\t(((\tantisemitic\tMarks a name as Jewish\tsymbol\n"
    "globalist\tglobalist;globalists\tantisemitic\tJewish people (conspiracy trope)\tword\n"
    "cosmopolitan elite\tcosmopolitan elite\tantisemitic\tJewish people\tphrase\n"
)


def _install_glossary(tmp_path, monkeypatch, tsv: str) -> int:  # type: ignore[no-untyped-def]
    """Install ``tsv`` as the user's glossary in a data directory of the test's own; the number of surface forms."""
    from unspin.analysers import dogwhistles

    monkeypatch.setenv("UNSPIN_DATA_DIR", str(tmp_path))
    path = tmp_path / "glossary-source.tsv"
    path.write_text(tsv, encoding="utf-8")
    return dogwhistles.install(path)


def test_coded_terms_from_an_installed_glossary(tmp_path, monkeypatch):
    from unspin.analysers import dogwhistles
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    assert _install_glossary(tmp_path, monkeypatch, GLOSSARY) == 4
    try:
        text = "Look who runs it: (((Soros))) and the cosmopolitan elite, the globalists as usual."
        seg = Segment("comment", 10, 10 + len(text))
        flagged = judge(0, seg, text, _verdict("hatespeech"))
        assert {t.term for _, _, t in flagged.coded_terms} == {"(((echo)))", "cosmopolitan elite", "globalist"}
        for s, e, t in flagged.coded_terms:
            assert text[s - 10 : e - 10].lower() in {t.form.lower()}
        calm = judge(0, seg, text, _verdict("normal", conspiracy=0.0))
        assert {t.term for _, _, t in calm.coded_terms} == {"(((echo)))", "cosmopolitan elite"}  # "globalists" is everyday
    finally:
        dogwhistles.load_glossary.cache_clear()


def test_a_glossary_without_its_columns_is_refused(tmp_path):
    from unspin.analysers import dogwhistles
    from unspin.errors import InputError

    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing columns"):
        dogwhistles.read_glossary(bad)


def test_bench_comments_prints_one_verdict_per_line(tmp_path):
    import json
    import subprocess
    import sys

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "thanks for the great recipe"}) + "\n"
                    + json.dumps({"id": "b", "text": "those filthy muslims are vermin"}) + "\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "unspin.cli", "bench", "comments", str(path)], capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    for r in rows:
        assert {"id", "label", "confidence", "targets", "conspiracy", "conspiracy_confidence", "coded_terms"} <= set(r)
    assert rows[0]["label"] == "normal" and rows[1]["label"] in ("hatespeech", "offensive")


def test_conspiracy_talk_needs_someone_who_plots():
    """The head reads the topic; the agent tagger vetoes talk about conspiracies that blames nobody."""
    from unspin.analysers.comment_model import CommentVerdict
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    text = "Nothing here is an accident, the people in charge planned every step of it."
    seg = Segment("comment", 0, len(text))
    probs = {"hatespeech": 0.1, "offensive": 0.1, "normal": 0.8}
    blamed = CommentVerdict("normal", 0.8, probs, {}, conspiracy=0.9, agent=0.95, agents=[(29, 49)])
    r = judge(0, seg, text, blamed, 0.5, agent_threshold=0.7)
    assert r.conspiracy and [text[s:e] for s, e in r.conspiracy_agents] == ["the people in charge"]
    nobody = CommentVerdict("normal", 0.8, probs, {}, conspiracy=0.9, agent=0.3, agents=[])
    quiet = judge(0, seg, text, nobody, 0.5, agent_threshold=0.7)
    assert not quiet.conspiracy and quiet.conspiracy_agents == []


def test_hate_against_a_named_group_in_a_comment_that_blames_a_plotter_is_conspiracy_talk():
    from unspin.analysers.comment_model import CommentVerdict
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    text = "The bank is run by the Jews and they planned the crash."
    seg = Segment("comment", 0, len(text))
    probs = {"hatespeech": 0.2, "offensive": 0.7, "normal": 0.1}

    def verdict(agent: float, targets: dict) -> CommentVerdict:
        return CommentVerdict("offensive", 0.7, probs, targets, conspiracy=0.2, agent=agent, agents=[(0, 8)])

    r = judge(0, seg, text, verdict(0.9, {"Jewish": 0.8}), 0.5, agent_threshold=0.7)
    assert r.conspiracy and [text[s:e] for s, e in r.conspiracy_agents] == ["Jews"] and "plotter" in r.reason
    assert r.antisemitic
    assert not judge(0, seg, text, verdict(0.3, {"Jewish": 0.8}), 0.5, agent_threshold=0.7).conspiracy  # nobody plots
    assert not judge(0, seg, text, verdict(0.9, {"Women": 0.8}), 0.5, agent_threshold=0.7).conspiracy  # not that group


def test_shipped_agent_tagger_on_comments():
    from unspin.analysers.comment_model import load_comment_model
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    model = load_comment_model()
    texts = ["Our leaders were targeted by the zionists because they wanted war. The zionist controlled cia may have "
             "a different ending for this war in mind.",
             "There is no evidence for that claim.", "Stop spreading conspiracy theories please."]
    results = [judge(0, Segment("comment", 0, len(t)), t, v, model.conspiracy_threshold, model.antisemitism_threshold,
                     model.jewish_target_floor, model.agent_threshold)
               for t, v in zip(texts, model.classify(texts, rationale=False))]
    assert results[0].conspiracy and results[0].antisemitic
    assert any("zionist" in texts[0][s:e] for s, e in results[0].conspiracy_agents)
    assert not results[1].conspiracy and not results[2].conspiracy
    for t, v in zip(texts, model.classify(texts, rationale=False)):
        assert all(t[s:e] == t[s:e].strip() and t[s:e] for s, e in v.agents)


def test_look_alike_spelling_is_read_as_the_word_it_stands_for():
    from hypothesis import given
    from hypothesis import strategies as st

    from unspin.analysers.comment_model import deobfuscate

    assert deobfuscate("I hate j3ws, k1ll all musl1ms, f@ggots, a$$hole, h!tler") == \
        "I hate jews, kill all muslims, faggots, asshole, hitler"
    kept = "MH17 COVID19 F35s 2nd b4 gr8 A380 5G mp3 x86 $5 100%! @user1name #ab3de https://t.co/ab3dEf bob@mail1x.com"
    assert deobfuscate(kept) == kept

    @given(st.text())
    def same_length_and_stable(text: str) -> None:
        once = deobfuscate(text)
        assert len(once) == len(text)  # offsets into the comment stay exact
        assert deobfuscate(once) == once

    same_length_and_stable()


def test_spelled_out_words_are_joined_and_every_character_maps_back():
    from hypothesis import given
    from hypothesis import strategies as st

    from unspin.analysers.comment_model import _back, deobfuscate, normalise_spelling

    text = "I hate j e w s, k1ll them all. U S A. I a"
    norm, where = normalise_spelling(text)
    assert norm == "I hate jews, kill them all. USA. I a"
    start = norm.index("jews")
    assert _back([(start, start + 4)], where) == [(text.index("j e w s"), text.index("j e w s") + 7)]

    @given(st.text(alphabet=st.sampled_from(list("ab jw3 1.")), max_size=40))
    def maps_back(text: str) -> None:
        norm, where = normalise_spelling(text)
        assert len(where) == len(norm) + 1 and where[-1] == len(text)
        assert all(a < b for a, b in zip(where, where[1:]))
        plain = deobfuscate(text)
        assert all(norm[k] == plain[where[k]] for k in range(len(norm)))

    maps_back()


def test_a_leet_spelled_comment_gets_the_verdict_of_its_plain_spelling():
    from unspin.analysers.comment_model import load_comment_model

    model = load_comment_model()
    leet, plain = model.classify(["Bl4cks are subhuman animals, every one of them.",
                                  "Blacks are subhuman animals, every one of them."])
    assert (leet.label, leet.targets) == (plain.label, plain.targets)
    assert leet.label != "normal" and "African" in leet.targets
    spaced_text = "B l a c k s are subhuman animals, every one of them."
    (spaced,) = model.classify([spaced_text])
    assert (spaced.label, spaced.targets) == (plain.label, plain.targets)
    assert all(spaced_text[s:e].strip() == spaced_text[s:e] and e <= len(spaced_text) for s, e in spaced.rationale)


@pytest.mark.slow
def test_an_abusive_comment_with_its_target_spread_over_groups_still_targets_one(tmp_path):
    """No single target reaches the threshold for "Trans people are disgusting." (the HateXplain taxonomy has no
    transgender group), but the chance that some group is targeted does: the likeliest one is listed."""
    import json
    import shutil

    from unspin.analysers.comment_model import CommentModel
    from unspin.models import locate

    text = "Trans people are disgusting."
    shipped = CommentModel(locate("comments")).classify([text], rationale=False)[0]
    assert shipped.label != "normal" and len(shipped.targets) == 1
    folder = tmp_path / "comments"
    shutil.copytree(locate("comments"), folder)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, "target_fallback": None}))
    off = CommentModel(folder).classify([text], rationale=False)[0]
    assert off.label == shipped.label and off.targets == {}
    assert max(shipped.targets.values()) < config["target_threshold"]


def test_misspelt_words_are_read_as_the_common_word_they_are_one_slip_from():
    from unspin.analysers.comment_model import normalise_spelling, respell

    assert respell("Dsigusting") == "Disgusting" and respell("poeple") == "people"  # two letters swapped
    assert respell("immigants") == "immigrants"  # a letter missing, in a longer word
    # known words, the model's own word pieces, slang and short words stay as written
    for word in ("gays", "scum", "trans", "Kyiv", "maga", "imma", "tranny", "shithole", "realised", "fuckin"):
        assert respell(word) == word
    text = "Msulims are dsigusting, see https://t.co/Abcde @poeple #poeple"
    normal, where = normalise_spelling(text)
    assert normal == "Muslims are disgusting, see https://t.co/Abcde @poeple #poeple"
    assert len(where) == len(normal) + 1 and where[-1] == len(text)
    s = normal.index("disgusting")
    assert (where[s], where[s + len("disgusting") - 1] + 1) == (text.index("dsigusting"), text.index("dsigusting") + 10)


CODES = (
    "Dogwhistle\tSurface Forms\tPersona/In-Group\tCovert (in-group) meaning\tType\n"
    "triple parentheses\ttriple parentheses; ((())); (((echo)))\tantisemitic\tMarks a name as Jewish\tsymbol\n"
    "ZOG\tZOG\tantisemitic\tZionist Occupation Government\tacronym\n"
    "invaders\tinvaders\tIslamophobic\tMuslim immigrants\tword\n"
)


def test_a_coded_term_names_its_group_once_the_models_flag_the_comment(tmp_path, monkeypatch):
    from unspin.analysers import dogwhistles
    from unspin.analysers.comments import judge
    from unspin.document import Segment

    _install_glossary(tmp_path, monkeypatch, CODES)
    try:
        echo = "The (((globalists))) are behind every war."
        (found,) = judge(0, Segment("comment", 0, len(echo)), echo, _verdict("offensive")).coded_terms
        assert echo[found[0] : found[1]] == "(((globalists)))" and found[2].term == "triple parentheses"
        # a code with everyday uses names the group only in a comment the models flag
        text = "The invaders must go back where they came from."
        seg = Segment("comment", 0, len(text))
        assert "Islam" in judge(0, seg, text, _verdict("offensive")).targets
        calm = judge(0, seg, text, _verdict("normal", conspiracy=0.0))
        assert "Islam" not in calm.targets and calm.coded_terms == []
        # Jews named in code stand as a target only where the antisemitism stack agrees (as when named openly)
        zog = "ZOG will never let us have a say in our own country."
        zseg = Segment("comment", 0, len(zog))
        low = judge(0, zseg, zog, _verdict("offensive", antisemitism=0.1), 0.5, 0.5, 0.3)
        high = judge(0, zseg, zog, _verdict("offensive", antisemitism=0.35), 0.5, 0.5, 0.3)
        assert "Jewish" not in low.targets and "Jewish" in high.targets and high.antisemitic
    finally:
        dogwhistles.load_glossary.cache_clear()


def test_an_installed_conspiracy_stack_gives_the_conspiracy_probability(tmp_path):
    """training/conspiracy_stack.py can install a stack (none ships: it did not beat the head held out); the model
    then reads conspiracy talk from it, not from the tail's head."""
    import shutil

    import numpy as np

    from unspin.analysers.comment_model import CommentModel
    from unspin.models import locate

    text = "They planned the pandemic to control us all."
    folder = tmp_path / "comments"
    shutil.copytree(locate("comments"), folder)
    assert not (folder / "conspiracy.npz").exists()
    head = CommentModel(folder).classify([text], rationale=False)[0].conspiracy
    empty = np.array("")
    np.savez(folder / "conspiracy.npz", word_terms=empty, word_idf=np.zeros(0, np.float32), word_coef=np.zeros(0, np.float32),
             char_terms=empty, char_idf=np.zeros(0, np.float32), char_coef=np.zeros(0, np.float32),
             dense_coef=np.zeros(27, np.float32), bias=np.float32(-2.0), platt=np.array([1.0, 0.0], np.float32))
    stacked = CommentModel(folder).classify([text], rationale=False)[0].conspiracy
    assert stacked == round(1 / (1 + np.exp(2.0)), 3) and stacked != head
