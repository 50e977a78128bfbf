"""The attribution stages that need no model: the tagger's span decoding, the merge policy, and voice."""

import numpy as np

from unspin.analysers.attribution_model import MIN_WORDS, TAGS, AttributionTagger
from unspin.analysers.quotes.attribution import Attribution as Quoted
from unspin.analysers.quotes.attribution import voice_of
from unspin.analysers.quotes.merge import merge


def _decode(text: str, tags: list[tuple[str, str]]) -> list:
    """Run the tagger's decoding on one word per piece, tagged as given (word, tag)."""
    offsets, pos = [], 0
    for word, _ in tags:
        start = text.index(word, pos)
        offsets.append((start, start + len(word)))
        pos = start + len(word)
    probs = np.zeros((len(tags), len(TAGS)), np.float32)
    for i, (_, tag) in enumerate(tags):
        probs[i, TAGS.index(tag)] = 1.0
    tagger = AttributionTagger.__new__(AttributionTagger)
    return tagger.attributions(text, np.zeros((len(tags), 1)), np.array(offsets), probs)


def test_interrupted_quotation_is_one_attribution():
    text = '"We will win this," Smith said. "And we will win it soon."'
    words = [('"We', "B-CON"), ("will", "I-CON"), ("win", "I-CON"), ('this,"', "I-CON"), ("Smith", "B-SRC"),
             ("said.", "B-CUE"), ('"And', "B-CON"), ("we", "I-CON"), ("will", "I-CON"), ("win", "I-CON"),
             ("it", "I-CON"), ('soon."', "I-CON")]
    got = _decode(text, words)
    assert len(got) == 1
    assert text[got[0].content[0] : got[0].content[1]] == text
    assert text[got[0].source[0] : got[0].source[1]] == "Smith"


def test_short_fragments_are_dropped_unless_they_join_across_quote_marks():
    text = "According to an aide, Putin told Trump that talks remain open."
    words = [("According", "B-CON"), ("aide,", "B-SRC"), ("Putin", "B-SRC"), ("told", "B-CUE"), ("Trump", "B-CON"),
             ("that", "I-CON"), ("talks", "I-CON"), ("remain", "I-CON"), ("open.", "I-CON")]
    got = _decode(text, words)
    assert [text[a.content[0] : a.content[1]] for a in got] == ["Trump that talks remain open."]
    assert MIN_WORDS == 3


def test_source_is_never_inside_the_content():
    text = "He said that Smith was wrong about it."
    words = [("He", "B-SRC"), ("said", "B-CUE"), ("that", "B-CON"), ("Smith", "B-SRC"), ("was", "B-CON"),
             ("wrong", "I-CON"), ("about", "I-CON"), ("it.", "I-CON")]
    got = _decode(text, words)
    assert got and all(text[a.source[0] : a.source[1]] == "He" for a in got)


def test_merge_list_items_keep_their_speaker_and_the_tagger_wins_elsewhere():
    listed = Quoted(10, 40, "Donald Trump", (0, 5), (0, 8), listed=True)
    learned_over_list = Quoted(12, 40, "Someone Else", (45, 50), (41, 44), direct=False)
    rule_direct = Quoted(100, 130, None, None, None, direct=True)
    learned_same = Quoted(99, 131, "Vitter", (135, 141), (142, 150), direct=False)
    rule_alone = Quoted(200, 230, "Kaja Kallas", (190, 195), (196, 199), direct=False)
    got = merge([listed, rule_direct, rule_alone], [learned_over_list, learned_same])
    assert got[0] == listed  # the list item is never overridden
    assert (got[1].start, got[1].end, got[1].speaker, got[1].direct) == (100, 130, "Vitter", True)  # marks' extent
    assert got[2] == rule_alone  # rules fill what the tagger missed
    assert len(got) == 3


def test_merge_keeps_according_to_around_a_nested_attribution():
    text = "x" * 300
    outer = Quoted(50, 120, "Yuri Ushakov", (13, 40), (0, 12), direct=False)
    text = "According to" + text[12:]
    inner = Quoted(70, 120, "Vladimir Putin", (50, 64), (65, 69), direct=False)
    got = merge([outer], [inner], text)
    assert {(q.start, q.speaker) for q in got} == {(50, "Yuri Ushakov"), (70, "Vladimir Putin")}


def test_voice_of_separates_quoted_reported_and_author():
    direct = Quoted(0, 20, "A", (25, 26), (27, 31), direct=True)
    reported = Quoted(40, 80, "B", (30, 31), (32, 36), direct=False)
    quotes = [direct, reported]
    assert voice_of(5, 10, quotes) == ("quoted", direct)
    assert voice_of(50, 60, quotes) == ("reported", reported)
    assert voice_of(85, 95, quotes) == ("author", None)
    assert voice_of(75, 95, quotes)[0] == "author"  # a quotation must hold at least half of the span


def test_a_rule_quotation_without_speaker_takes_the_tagger_source_next_to_it():
    text = '"It is gutless leadership," Warren said. Much later, after the long hearing had ended: "another thing entirely."'
    q = Quoted(1, 25, None, None, None, direct=True)
    far = Quoted(text.index("another"), len(text) - 2, None, None, None, direct=True)
    got = merge([q, far], [], text, sources=[(28, 34, "Elizabeth Warren")])
    assert (got[0].speaker, got[0].speaker_span) == ("Elizabeth Warren", (28, 34))
    assert got[1].speaker_span is None  # too far from the source the tagger read


def test_tagger_spans_are_widened_to_whole_words():
    from hypothesis import given
    from hypothesis import strategies as st

    from unspin.analysers.quotes.learned import _trimmed, whole_words

    text = "donors couldn't support, like front-runners Donald Trump or Ben Carson."
    start = text.index("-runners")
    assert text[slice(*whole_words(text, start, len(text) - 1))] == "front-runners Donald Trump or Ben Carson"
    cut = text.index("Carson") + 3  # a source piece ending inside the name
    assert text[slice(*_trimmed(text, text.index("Ben"), cut))] == "Ben Carson"
    assert whole_words(text, 0, 6) == (0, 6)  # already whole: unchanged

    @given(st.text(alphabet="ab -'’.,", max_size=30), st.data())
    def never_cuts_a_word(s: str, data: st.DataObject) -> None:
        a = data.draw(st.integers(0, len(s)))
        b = data.draw(st.integers(a, len(s)))
        x, y = whole_words(s, a, b)
        assert x <= a <= b <= y
        for edge in (x, y):  # the ends of the text are word boundaries
            assert edge in (0, len(s)) or not (s[edge - 1].isalnum() and s[edge].isalnum())

    never_cuts_a_word()
