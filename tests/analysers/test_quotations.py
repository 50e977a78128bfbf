from unspin.analysers.actors import Actor
from unspin.analysers.quotes.rules import find_quotations


def _actor(text, name, *forms):
    a = Actor(name, "person")
    for f in forms:
        start = 0
        while (i := text.find(f, start)) >= 0:
            a.mentions.append((i, i + len(f)))
            start = i + len(f)
    a.mentions.sort()
    return a


def test_statement_list_lines_belong_to_the_leader():
    text = "From Donald Trump's statements:\n\"We will see what happens.\n\u201cIt is a very bad situation.\u201d\n\nNext paragraph."
    actors = [_actor(text, "Donald Trump", "Donald Trump")]
    qs = find_quotations(text, [(0, len(text))], actors)
    got = [(text[q.start : q.end], q.speaker) for q in qs]
    assert ("We will see what happens.", "Donald Trump") in got
    assert ("It is a very bad situation.", "Donald Trump") in got


def test_scare_quotes_are_not_quotations():
    text = 'The so-called "peace plan" is a trick.'
    assert find_quotations(text, [(0, len(text))], []) == []


def test_direct_quote_with_cue_and_speaker():
    text = "\u00abWe never refused talks,\u00bb Yuri Ushakov told reporters."
    actors = [_actor(text, "Yuri Ushakov", "Yuri Ushakov")]
    (q,) = find_quotations(text, [(0, len(text))], actors)
    assert text[q.start : q.end] == "We never refused talks,"
    assert q.speaker == "Yuri Ushakov"


def test_pronoun_speaker_resolves_to_last_person():
    text = 'Angela Merkel arrived late. "This is not the time for games," she said.'
    actors = [_actor(text, "Angela Merkel", "Angela Merkel")]
    (q,) = find_quotations(text, [(0, len(text))], actors)
    assert q.speaker == "Angela Merkel"


def test_statement_list_with_blank_lines_and_no_closing_marks():
    text = "From Donald Trump's statements:\n\n\u201cWe are very close to a deal\n\n\"I'm not happy about it\n\nOther news follows."
    actors = [_actor(text, "Donald Trump", "Donald Trump")]
    got = [(text[q.start : q.end], q.speaker) for q in find_quotations(text, [(0, len(text))], actors)]
    assert ("We are very close to a deal", "Donald Trump") in got
    assert ("I'm not happy about it", "Donald Trump") in got
    assert all("Other news" not in t for t, _ in got)


def _quotes(text, skip=("comments", "techniques", "narratives", "claims")):
    import unspin

    report = unspin.analyze(text, options=unspin.Options(only=["actors", "quotes"]))
    return [(q.content.text, q.speaker.name if q.speaker else None, q.direct, q.cue.text if q.cue else None)
            for q in report.findings if q.kind == "quote"]


def test_every_quote_style_gets_its_speaker():
    text = ("Peace talks resumed in Geneva.\n\n"
            "\u201cWe are ready to sign,\u201d Emmanuel Macron said on Monday.\n\n"
            "Olaf Scholz called the plan \u00aba serious basis for talks\u00bb.\n\n"
            "Giorgia Meloni said that \u2018nothing has been agreed yet\u2019 in Rome.\n\n"
            '"It is a historic day," Pedro Sanchez told reporters.\n')
    got = {c: s for c, s, _, _ in _quotes(text)}
    assert got["We are ready to sign,"] == "Emmanuel Macron"
    assert got["a serious basis for talks"] == "Olaf Scholz"
    assert got["nothing has been agreed yet"] == "Giorgia Meloni"
    assert got["It is a historic day,"] == "Pedro Sanchez"


def test_reported_speech_according_to_and_said_that():
    text = ("Talks Stall\n\n"
            "According to presidential aide Yuri Ushakov, Vladimir Putin told Donald Trump that Moscow remains open to talks.\n\n"
            "Emmanuel Macron said that Europe would not accept the deal. The sanctions will stay, Olaf Scholz said.\n\n"
            "Kaja Kallas told reporters the package was ready.\n")
    got = [(c, s, d) for c, s, d, _ in _quotes(text)]
    assert ("Vladimir Putin told Donald Trump that Moscow remains open to talks", "Yuri Ushakov", False) in got
    assert ("Europe would not accept the deal", "Emmanuel Macron", False) in got
    assert ("The sanctions will stay", "Olaf Scholz", False) in got
    assert any(c == "the package was ready" and s == "Kaja Kallas" for c, s, _ in got)


def test_description_and_pronoun_speakers(fixtures):
    got = _quotes((fixtures / "sourcing.txt").read_text(encoding="utf-8"))
    by_content = {c: (s, cue) for c, s, _, cue in got}
    # "The American leader added: ..." right after a sentence about Trump
    assert by_content["I don't like it. It's not good."] == ("Donald Trump", "added")
    assert by_content["he was very angry about the attack"][0] == "Donald Trump"
    # statement list without closing marks: every line is Trump's
    assert by_content["We are very close to a deal"][0] == "Donald Trump"
    assert by_content["Maybe closer than ever."][0] == "Donald Trump"


def test_partisan_article_speakers(partisan_text):
    """The bar of issue #4: listed statements and "According to <title> <name>, ..." carry the right speakers."""
    got = _quotes(partisan_text)
    by_content = {c: s for c, s, _, _ in got}
    assert by_content["I'm not happy about it. It's not good."] == "Donald Trump"
    assert by_content["We are very close to a deal, maybe closer than ever."] == "Donald Trump"
    assert by_content["Vladimir Putin told Donald Trump in a phone call that Moscow remains open to talks"] == "Yuri Ushakov"
    assert by_content["Russia has never refused negotiations,"] == "Yuri Ushakov"


def test_us_president_and_he_resolve_to_the_actor():
    text = ("Summit Ends\n\nU.S. President Donald Trump met Vladimir Putin in Anchorage on Friday. Putin praised the talks.\n\n"
            "The U.S. president said that the meeting had been extremely productive. He told reporters that a deal was close.\n")
    got = {c: s for c, s, _, _ in _quotes(text)}
    assert got["the meeting had been extremely productive"] == "Donald Trump"
    assert got["a deal was close"] == "Donald Trump"


def test_nationality_words_find_their_person_and_ambiguity_resolves_to_nobody():
    text = ("Summit Ends\n\nU.S. President Donald Trump met Russian President Vladimir Putin in Anchorage on Friday.\n\n"
            "The American leader said that the talks had been very productive. "
            "The Russian leader told reporters that a deal was not yet close.\n")
    got = {c: s for c, s, _, _ in _quotes(text)}
    assert got["the talks had been very productive"] == "Donald Trump"
    assert got["a deal was not yet close"] == "Vladimir Putin"
    # nothing in the article says who is American: two people just named, so "the U.S. president" is nobody
    text = ("Talks Collapse\n\nDonald Trump met Vladimir Putin on Friday. "
            "The U.S. president said that he could not imagine such actions.\n")
    assert [s for _, s, _, _ in _quotes(text)] == [None]


def test_hand_made_speakers(fixtures):
    """Titles, nationality descriptions, a role alone, organisations, a statement list with a missing closing mark
    and a person named inside a listed quote: every quote goes to the right speaker."""
    got = [(c, s) for c, s, _, _ in _quotes((fixtures / "speakers.txt").read_text(encoding="utf-8"))]
    assert got == [
        ('the talks had been "very productive"', "Donald Trump"),
        ("Europe would keep its sanctions in place", "Emmanuel Macron"),
        ("We will not lift anything before a ceasefire,", "Friedrich Merz"),
        ("the meeting was a show for the cameras", "the Kremlin"),
        ("a second round would follow next week", "The White House"),
        ("We need real security guarantees.", "Volodymyr Zelensky"),
        ("Putin says he wants peace, but his drones say otherwise.", "Volodymyr Zelensky"),
        ("Nobody should decide about Ukraine without Ukraine.", "Volodymyr Zelensky"),
        ('the plan "premature"', "Yuri Ushakov"),
        ("the American leader for his support", "Volodymyr Zelensky"),
    ]
