from unspin.analysers.actors import Actor
from unspin.analysers.quotations import find_quotations


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
