"""Each attribution stage on its own (cue, content, source, resolve; merge in test_quote_merge.py), and each stage's
evaluate() on a few PolNeAR dev articles."""

import re

import pytest

from tests.conftest import shared_data
from unspin.analysers.actors import Actor
from unspin.analysers.quotes import content, cue, merge, resolve, source
from unspin.analysers.quotes.attribution import Attribution


def test_cue_patterns():
    assert cue.CUE.search("“We are ready,” Macron said on Monday.").group(0) == "said"
    m = cue.INDIRECT_CUE.search("Kaja Kallas told reporters the package was ready.")
    assert m and m.group("cue").startswith("told reporters")
    assert cue.ACCORDING.search("According to presidential aide Yuri Ushakov, talks go on.").group("src") == "presidential aide Yuri Ushakov"
    assert cue.LIST_HEAD.search("From Donald Trump's statements:").group("name") == "Donald Trump"
    assert cue.INDIRECT_CUE.search("The plan is expensive and the deal is off.") is None


def test_content_quote_pairs_and_ends():
    text = "He said ‘we don’t know’ and «nothing more»."
    got = {text[a:b] for o, c in content.PAIRS for a, b in content.curly_pairs(text, 0, len(text), o, c)}
    assert got == {"we don’t know", "nothing more"}  # the apostrophe is not a closing mark
    text = 'A "first" and a "second" quote'
    assert [text[a:b] for a, b in content.straight_pairs(text, 0, len(text))] == ["first", "second"]
    assert content.content_end("the deal was off.” ", 0, 19) == 16
    text = "the claims «a complete fabrication» today"
    assert content.balanced(text, 0, text.index("»")) == text.index("»") + 1


def test_source_before_a_cue():
    text = "Presidential aide Yuri Ushakov told reporters that talks go on."
    ushakov = Actor("Yuri Ushakov", "person", [(18, 30)])
    s, e = source.source_before(text, 0, text.index("told"), [ushakov])
    assert text[s:e] == "Yuri Ushakov"
    text = "Senior officials said the talks failed."
    s, e = source.source_before(text, 0, text.index("said"), [])
    assert text[s:e] == "Senior officials"


def test_resolve_descriptions_through_the_article():
    text = "U.S. President Donald Trump met Russian President Vladimir Putin. Later the American leader said more."
    trump = Actor("Donald Trump", "person", [(15, 27)], {"U.S. President"})
    putin = Actor("Vladimir Putin", "person", [(50, 64)], {"Russian President"})
    i = text.index("the American leader")
    assert resolve.resolve_description(text, [trump, putin], i, i + 19) is trump
    assert resolve.speaker_for(text, [trump, putin], i, i + 19)[0] == "Donald Trump"
    # no descriptions in the article and two people just named: nobody
    text = "Donald Trump met Vladimir Putin. The U.S. president said more."
    trump = Actor("Donald Trump", "person", [(0, 12)])
    putin = Actor("Vladimir Putin", "person", [(17, 31)])
    i = text.index("The U.S. president")
    assert resolve.resolve_description(text, [trump, putin], i, i + 18) is None


@pytest.mark.parametrize("stage", [cue, content, source, resolve, merge])
def test_every_stage_evaluates_on_polnear_dev(stage):
    data = shared_data("polnear")
    got = stage.evaluate(str(data), limit=3)
    assert got.stage == stage.__name__.rsplit(".", 1)[-1]
    assert got.values and all(0.0 <= v <= 1.0 for k, v in got.values.items() if k not in ("matched", "attributions"))


def test_straight_marks_pair_within_a_line():
    text = 'He said "yes" and then "no\nThe next line is "the author\'s" own.'
    got = [text[a:b] for a, b in content.straight_pairs(text, 0, len(text))]
    assert got == ["yes", "the author's"]  # the unclosed mark does not pair with the next line's


def test_a_source_phrase_names_its_person_before_their_organisation():
    text = "Phil Smith, a spokesman for the United Mine Workers of America, said so."
    smith = Actor("Phil Smith", "person", [(0, 10)])
    union = Actor("the United Mine Workers of America", "organisation", [(28, 62)])
    assert resolve.speaker_for(text, [union, smith], 0, 62) == ("Phil Smith", (0, 10))
    assert resolve.speaker_for(text, [union], 12, 62)[0] == "the United Mine Workers of America"


def test_the_head_of_a_source_phrase_and_a_surname_alone():
    text = "Roger Stone associate Jerome Corsi said so. Corsi added more."
    stone = Actor("Roger Stone", "person", [(0, 11)])
    corsi = Actor("Jerome Corsi", "person", [(22, 34)])
    assert resolve.speaker_for(text, [stone, corsi], 0, 34)[0] == "Jerome Corsi"
    i = text.index("Corsi added")
    assert resolve.speaker_for(text, [stone, corsi], i, i + 5)[0] == "Jerome Corsi"


TRANSCRIPT = (
    "Pence talks to Fox.\n\nOn Sunday Mike Pence spoke to Chris Wallace.\n\nPartial transcript as follows:\n\n"
    "\"WALLACE: Will she be there?\n\n"
    "\"PENCE: She will not. The tweet was a joke.\n\n"
    "\"But the truth is that the campaign is strong.\n\n"
    "\"(CROSSTALK.)\n\n"
    "\"WALLACE: Governor, thank you.\n\n"
    "\"PENCE: Thank you, Chris.\"\n\n"
    "UPDATE: The debate is on Monday.\n"
)


def test_transcript_turns_are_their_speakers_quotes():
    from unspin.analysers.quotes.rules import find_quotations, transcript_turns

    text = TRANSCRIPT
    start = text.index("Mike Pence")
    pence = Actor("Mike Pence", "person", [(start, start + len("Mike Pence"))])
    body = [(0, len(text))]
    turns = transcript_turns(text, body, [pence])
    said = [(q.speaker, text[q.start : q.end]) for q in turns]
    assert said == [
        ("Wallace", "Will she be there?"),
        ("Mike Pence", "She will not. The tweet was a joke."),
        ("Mike Pence", "But the truth is that the campaign is strong."),  # a paragraph opening with a mark continues
        ("Wallace", "Governor, thank you."),
        ("Mike Pence", "Thank you, Chris."),  # the closing mark ends the turn
    ]
    assert all(q.direct and q.listed and text[q.speaker_span[0] : q.speaker_span[1]].isupper() for q in turns)
    # a lone capitalised tag that names nobody is not a speaker; nothing outside the article body is read
    assert not any("debate is on Monday" in text[q.start : q.end] for q in find_quotations(text, body, [pence]))
    assert [text[q.start : q.end] for q in transcript_turns(text, [(0, text.index("\"But the truth"))], [pence])][-1] == (
        "She will not. The tweet was a joke.")  # the body ends: so does the turn


def test_a_run_of_quotes_is_attributed_once():
    from unspin.analysers.actors import Actor
    from unspin.analysers.quotes.attribution import Attribution
    from unspin.analysers.quotes.rules import continue_speakers

    text = ('"We will win," Sanders said, contrasting Clinton with Trump. "So look at the issues." '
            'Clinton replied: "No." "And never again."')
    sanders = Actor("Bernie Sanders", "person", [(text.index("Sanders"), text.index("Sanders") + 7)])
    clinton = Actor("Hillary Clinton", "person", [(m, m + 7) for m in (text.index("Clinton"), text.index("Clinton replied"))])
    trump = Actor("Trump", "person", [(text.index("Trump"), text.index("Trump") + 5)])

    def q(words: str, speaker: str | None = None, span: tuple[int, int] | None = None) -> Attribution:
        s = text.index(words)
        return Attribution(s, s + len(words), speaker, span, None)

    quotes = [q("We will win,", "Bernie Sanders", sanders.mentions[0]), q("So look at the issues."),
              q("No.", "Hillary Clinton", clinton.mentions[1]), q("And never again.")]
    got = continue_speakers(text, [(0, len(text))], [sanders, clinton, trump], quotes)
    assert [a.speaker for a in got] == ["Bernie Sanders", "Bernie Sanders", "Hillary Clinton", "Hillary Clinton"]
    # another actor who speaks in between takes the turn: the quote stays without a speaker
    alone = continue_speakers(text, [(0, len(text))], [sanders, clinton, trump], [quotes[0], quotes[3]])
    assert alone[1].speaker is None


def test_a_paragraph_that_ends_by_introducing_a_quote_gives_it_its_speaker():
    from unspin.analysers.actors import Actor
    from unspin.analysers.quotes.attribution import Attribution
    from unspin.analysers.quotes.rules import continue_speakers

    text = ('Pat Caddell spoke on Monday.\n\nCaddell continued:\n\n"The health issue is a partisan issue."\n\n"So is this."'
            '\n\nThe poll closed on Friday with a lead for the governor.\n\n"Nobody saw it coming."')
    paragraphs, pos = [], 0
    for para in text.split("\n\n"):
        start = text.index(para, pos)
        paragraphs.append((start, start + len(para)))
        pos = start + len(para)
    caddell = Actor("Pat Caddell", "person", [(0, 11), (text.index("Caddell cont"), text.index("Caddell cont") + 7)])
    quotes = []
    for words in ("The health issue is a partisan issue.", "So is this.", "Nobody saw it coming."):
        at = text.index(words)
        quotes.append(Attribution(at, at + len(words), None, None, None))
    got = continue_speakers(text, paragraphs, [caddell], quotes)
    assert got[0].speaker == "Pat Caddell" and text[got[0].cue[0] : got[0].cue[1]] == "continued"
    # a paragraph that is one quotation, after a paragraph that ends with Caddell's, carries his run of quotes on
    assert got[1].speaker == "Pat Caddell" and got[1].cue is None
    assert got[2].speaker is None, "the paragraph before the last quote ends with the reporter's own sentence"


def test_a_quoted_paragraph_after_an_attributed_quote_continues_its_speaker():
    text = ("Espinoza is running for Congress in Texas.\n\n"
            "“I won’t just talk like a conservative during the election season,” Espinoza said Friday.\n\n"
            '"I am a proven champion for Constitutional governance, individual liberty and the Rule of Law."\n\n'
            "“Culberson is part of the problem,” Espinoza said. Her rival did not answer calls.\n\n"
            '"We will see about that."')
    quotes = {q.text: q for q in _quotes(text)}
    champion = quotes["I am a proven champion for Constitutional governance, individual liberty and the Rule of Law."]
    assert champion.speaker is not None and champion.speaker.name == "Espinoza"
    later = quotes["We will see about that."]
    assert later.speaker is None, "the paragraph before ends with the reporter's sentence, not the attribution"


def test_a_name_after_a_dash_behind_the_closing_mark_is_the_speaker():
    from unspin.analysers.actors import Actor
    from unspin.analysers.quotes.rules import find_quotations

    text = ("“He makes simple blanket statements about people.” ― Sonya Herridge\n"
            "”I am so ashamed of this campaign and its lies.” — Carla Sanchez, 41, of Houston.\n"
            "“We will build it and they will pay for it.” — and the crowd cheered for a while\n")
    s = text.index("Sonya")
    sonya = Actor("Sonya Herridge", "person", [(s, s + len("Sonya Herridge"))])
    got = find_quotations(text, [(0, len(text))], [sonya])
    said = {text[q.start : q.end]: q for q in got}
    first = said["He makes simple blanket statements about people."]
    assert first.speaker == "Sonya Herridge" and first.listed and text[first.cue[0] : first.cue[1]] == "―"
    # a closing mark used as the opening one still opens the quote; a name the NER missed is read as written
    second = said["I am so ashamed of this campaign and its lies."]
    assert second.speaker == "Carla Sanchez" and text[second.speaker_span[0] : second.speaker_span[1]] == "Carla Sanchez"
    # a dash that goes on with the sentence names nobody
    third = said["We will build it and they will pay for it."]
    assert not third.listed and third.speaker != "Sonya Herridge"


def test_a_name_given_with_called_between_two_quotes_does_not_take_the_turn():
    from unspin.analysers.actors import Actor
    from unspin.analysers.quotes.attribution import Attribution
    from unspin.analysers.quotes.rules import continue_speakers

    text = '"They attack me," Clinton said, referencing a super PAC called Future45. "So they fear me."'
    clinton = Actor("Hillary Clinton", "person", [(text.index("Clinton"), text.index("Clinton") + 7)])
    pac = Actor("Future45", "organisation", [(text.index("Future45"), text.index("Future45") + 8)])
    first, second = text.index("They attack"), text.index("So they")
    quotes = [Attribution(first, first + len("They attack me,"), "Hillary Clinton", clinton.mentions[0], None),
              Attribution(second, second + len("So they fear me."), None, None, None)]
    got = continue_speakers(text, [(0, len(text))], [clinton, pac], quotes)
    assert got[1].speaker == "Hillary Clinton"


def test_a_quantifier_opening_a_sentence_is_not_a_name():
    from unspin.analysers.quotes.resolve import speaker_for

    text = "Few expected it would sway many opinions. Everyone said it was over. Warren said no."
    for word in ("Few", "Everyone"):
        s = text.index(word)
        assert speaker_for(text, [], s, s + len(word)) == (None, None)
    s = text.index("Warren")
    assert speaker_for(text, [], s, s + 6) == ("Warren", None)  # a name the actors analyser missed still counts


def test_an_anaphoric_description_of_a_person_resolves_to_the_last_person_named():
    from unspin.analysers.actors import Actor
    from unspin.analysers.quotes import resolve

    text = ("For Helen Jones it was a relief. For Mark Itzen, it was a frustrating reality. "
            "“We don’t know the details,” the Democrat said. “It’s over,” the 51-year-old said.")
    jones = Actor("Helen Jones", "person", [(4, 15)])
    itzen = Actor("Mark Itzen", "person", [(text.index("Mark"), text.index("Mark") + 10)])
    for phrase in ("the Democrat", "the 51-year-old"):
        i = text.index(phrase)
        assert resolve.speaker_for(text, [jones, itzen], i, i + len(phrase))[0] == "Mark Itzen"


def test_a_name_on_the_next_line_is_not_the_speaker_of_a_quote_without_a_cue():
    text = ("“It is not over,” he said.\n“This is all part of a process.”\n"
            "Shaela and Cindy Buchanan were tackling chores on Saturday.")
    shaela = Actor("Shaela", "person", [(text.index("Shaela"), text.index("Shaela") + 6)])
    q0 = text.index("This")
    q1 = text.index("process.") + len("process.")
    got = source.speaker_near(text, [shaela], q0, q1, 0, len(text))
    assert got.speaker is None
    same_line = "“This is all part of a process,” Shaela Buchanan, a manager, explained to us."
    buchanan = Actor("Shaela Buchanan", "person", [(same_line.index("Shaela"), same_line.index("Shaela") + 15)])
    got = source.speaker_near(same_line, [buchanan], 1, same_line.index(",”"), 0, len(same_line))
    assert got.speaker == "Shaela Buchanan"


def test_who_right_after_a_name_stands_for_that_person():
    text = "Patti Solis Doyle, who ran the 2008 campaign, said it was harder. Trump, who spoke later, disagreed."
    doyle = Actor("Patti Solis Doyle", "person", [(0, 17)])
    trump = Actor("Donald Trump", "person", [(text.index("Trump"), text.index("Trump") + 5)])
    first, second = text.index("who"), text.index("who", text.index("Trump"))
    assert resolve.speaker_for(text, [doyle, trump], first, first + 3)[0] == "Patti Solis Doyle"
    assert resolve.speaker_for(text, [doyle, trump], second, second + 3)[0] == "Donald Trump"
    lone = "Those in the finance world who are loyal said so."
    i = lone.index("who")
    assert resolve.speaker_for(lone, [doyle], i, i + 3)[0] is None  # no person right before: nobody


def test_reported_content_drops_the_next_clauses_conjunction_and_speech_verb():
    from unspin.analysers.quotes.learned import _DANGLING

    def trim(t: str) -> str:
        m = _DANGLING.search(t)
        return t[: m.start()] if m else t

    assert trim("the letter and said") == "the letter"
    assert trim("the letter, and added") == "the letter"
    assert trim("bread and butter") == "bread and butter"


def _quotes(text: str) -> list:
    """The quote findings of the full analysis of ``text``, every confidence shown (these tests are about who
    said what, not about the default floor)."""
    import unspin

    return [f for f in unspin.analyze(text, options=unspin.Options(min_confidence=0.0)).findings if f.kind == "quote"]


def _speaker_of(text: str, opening: str) -> str | None:
    """The speaker's name of the one quote of the full analysis of ``text`` that opens with ``opening``."""
    (quote,) = [q for q in _quotes(text) if q.text.startswith(opening)]
    return quote.speaker.name if quote.speaker is not None else None


def _person(text: str, name: str, surface: str | None = None) -> Actor:
    surface = surface or name
    spans, i = [], text.find(surface)
    while i >= 0:
        spans.append((i, i + len(surface)))
        i = text.find(surface, i + 1)
    return Actor(name, "person", spans)


def test_whom_they_told_is_not_the_speaker():
    text = "In an interview, Clinton told CNN’s Jake Tapper: “I am confident we will win.”"
    actors = [_person(text, "Hillary Clinton", "Clinton"), _person(text, "Jake Tapper")]
    q0 = text.index("I am")
    got = source.speaker_near(text, actors, q0, text.index("”", q0), 0, len(text))
    assert got.speaker == "Hillary Clinton"
    after = "“It is rigged,” he told Fox News's Sean Hannity on Tuesday."
    got = source.speaker_near(after, [_person(after, "Sean Hannity")], 1, after.index(",”"), 0, len(after))
    assert got.speaker != "Sean Hannity"


def test_reported_speech_is_what_follows_the_verb_not_its_circumstances():
    from unspin.analysers.quotes.rules import indirect_quotations

    def said(text: str, *actors: Actor) -> list[str]:
        return [text[q.start : q.end] for q in indirect_quotations(text, [(0, len(text))], list(actors), [])]

    told = "Trump told the Washington Post that the race was rigged against him."
    assert said(told, _person(told, "Donald Trump", "Trump")) == ["the race was rigged against him"]
    # the listener alone, the setting, a participle clause, an inverted speaker: nothing was reported
    assert said("Trump told the Washington Post in Ohio.", _person("Trump told", "Donald Trump", "Trump")) == []
    assert said("Clinton said in an interview on Saturday.", _person("Clinton said", "Hillary Clinton", "Clinton")) == []
    assert said("Clinton said in a statement that the plan would fail.",
                _person("Clinton said", "Hillary Clinton", "Clinton")) == ["the plan would fail"]
    assert said("The party, she said Tuesday, drawing applause from the crowd.") == []
    inverted = "He could win the state easily, said Larry Sabato, director of the center."
    assert said(inverted, _person(inverted, "Larry Sabato")) == []
    # after "said" a name begins what was said; only "told" has a listener
    named = "Trump said Hillary Clinton would lose the state by a wide margin."
    assert said(named, _person(named, "Donald Trump", "Trump"), _person(named, "Hillary Clinton")) == [
        "Hillary Clinton would lose the state by a wide margin"]


def test_a_description_of_one_person_is_that_person_not_the_body_named_in_it():
    text = "Harry M. Reid spoke in Nevada. “We will win,” the Senate Democratic leader said on Tuesday."
    reid = _person(text, "Harry M. Reid")
    senate = Actor("Senate", "organisation", [(text.index("Senate"), text.index("Senate") + 6)])
    s = text.index("the Senate")
    e = text.index(" said")
    assert resolve.speaker_for(text, [reid, senate], s, e)[0] == "Harry M. Reid"
    # an executive of a company is a person, not the company: with nobody to resolve to, the speaker is unnamed
    other = "Her days were long, a former HP executive told reporters."
    hp = Actor("HP", "organisation", [(other.index("HP"), other.index("HP") + 2)])
    s = other.index("a former")
    assert resolve.speaker_for(other, [hp], s, other.index(" told"))[0] is None


def test_a_name_in_a_relative_clause_of_the_source_does_not_speak():
    text = "“Meh,” wrote a Trump supporter who runs the Twitter account @TrumpFan."
    twitter = Actor("Twitter", "organisation", [(text.index("Twitter"), text.index("Twitter") + 7)])
    trump = _person(text, "Donald Trump", "Trump")
    s = text.index("a Trump")
    assert resolve.speaker_for(text, [twitter, trump], s, len(text) - 1)[0] is None
    named = "“No,” said Jon Ralston, who covers Nevada for Fox News."
    fox = Actor("Fox News", "organisation", [(named.index("Fox"), named.index("Fox") + 8)])
    s = named.index("Jon")
    assert resolve.speaker_for(named, [fox, _person(named, "Jon Ralston")], s, len(named) - 1)[0] == "Jon Ralston"


def test_single_quotation_marks_are_told_apart_from_apostrophes():
    def inside(text: str) -> bool:  # whether the end of ``text`` lies inside single marks
        return bool(resolve.single_quote_depth(text + " x", 0, len(text)))

    assert inside("‘Robert Mueller") and inside("'The California Democrat") and inside("said ‘real")
    assert not inside("‘Robert Mueller found nothing,’ he") and not inside("He said ‘real progress’ was")
    # apostrophes: inside a word, elisions, decades
    assert not inside("Trump’s aides") and not inside("rock ‘n’ roll and") and not inside("'em and 'em")
    assert not inside("the ‘90s")
    text = "‘Robert Mueller found nothing,’ he added."
    assert resolve.in_quotation(text, text.index("Robert"), text.index("he added"))


@pytest.mark.slow
def test_tabloid_single_quotes_keep_their_speakers():
    text = ("Jordan slams Schiff over impeachment 'lies'\n\n"
            "Republican Jim Jordan launched a furious attack on Adam Schiff on Tuesday.\n\n"
            "'The California Democrat has misled the American people for years, and Nancy Pelosi let him do it,' "
            "Jordan told reporters outside the Capitol.\n\n"
            "'Robert Mueller found nothing. Nothing at all,' he added.\n\n"
            "Schiff hit back within hours. 'Jim Jordan is doing Donald Trump's bidding, as he always does,' the "
            "congressman said in a statement.")
    quotes = {f.text.split()[0]: f for f in _quotes(text)}
    assert quotes["Robert"].speaker.name == "Jim Jordan"  # "he", not the name inside the quotation
    assert quotes["Jim"].speaker.name == "Adam Schiff"  # "the congressman": the bare "Schiff" before it
    assert "outside" not in quotes  # "told reporters outside the Capitol": where, not what


def test_a_bare_surname_the_tagger_missed_is_a_mention_of_its_person():
    from unspin.analysers.actors import add_surname_mentions

    text = "Adam Schiff spoke first. Schiff hit back. Rice prices rose. The Schiff Foundation paid. Sen. Schiff left."
    schiff = Actor("Adam Schiff", "person", [(0, 11)])
    rice = Actor("Susan Rice", "person", [])
    add_surname_mentions(text, [schiff, rice])
    got = [text[s:e] for s, e in schiff.mentions]
    assert got == ["Adam Schiff", "Schiff", "Schiff"]  # not inside "The Schiff Foundation"
    assert schiff.mentions[-1][0] == text.index("Sen. Schiff") + 5
    assert rice.mentions == []  # "Rice" opening a sentence is the grain
    # two people of one surname: neither takes it
    bill, hillary = Actor("Bill Clinton", "person", [(0, 12)]), Actor("Hillary Clinton", "person", [(17, 32)])
    add_surname_mentions("Bill Clinton and Hillary Clinton. Clinton said.", [bill, hillary])
    assert bill.mentions == [(0, 12)] and hillary.mentions == [(17, 32)]


def test_a_source_cut_inside_a_name_grows_to_the_whole_name():
    from unspin.analysers.quotes.learned import whole_mentions

    text = "The World Food Programme said it had stocks. CLEVELAND - Donald Trump spoke."
    wfp = Actor("The World Food Programme", "organisation", [(0, 24)])
    trump = Actor("Donald Trump", "person", [(45, 69)])  # a mention the tagger ran into a dateline
    assert whole_mentions(text, [wfp, trump], (0, 9)) == (0, 24)
    assert whole_mentions(text, [wfp, trump], (57, 69)) == (57, 69)  # never into a dateline


@pytest.mark.slow
def test_a_relative_clause_between_source_and_verb_and_anonymity_terms():
    text = ("Aid convoys stall\n\nThe World Food Programme said it had enough stocks for only ten more days. A "
            "spokesperson for the group, who asked not to be named, said trucks were being turned back for lack of "
            "paperwork.")
    quotes = _quotes(text)
    by_text = {q.text.split()[0]: q for q in quotes}
    assert by_text["it"].speaker.name == "The World Food Programme"
    assert by_text["trucks"].speaker.text == "A spokesperson for the group"
    assert not any("named" in q.text for q in quotes)  # "asked not to be named": the terms, not what was said


def test_a_description_with_another_role_is_not_the_one_person_named_before():
    text = ("\"We are running out of time,\" said Martin Griffiths, the UN's humanitarian chief. Local officials "
            "denied it. \"There is no blockade,\" the regional governor told state television.")
    griffiths = Actor("Martin Griffiths", "person", [(text.index("Martin"), text.index("Martin") + 16)])
    s = text.index("the regional governor")
    assert resolve.appositive_roles(text, griffiths, s) == {"chief"}
    assert resolve.resolve_description(text, [griffiths], s, s + len("the regional governor")) is None
    s = text.index("the regional")
    same = text.replace("the regional governor", "the humanitarian chief")
    assert resolve.resolve_description(same, [griffiths], s, s + len("the humanitarian chief")) is griffiths


@pytest.mark.slow
def test_a_legislators_party_and_state_tag_is_not_the_speaker():
    text = ("Senate passes stopgap bill\n\nSen. Rand Paul, R-Ky., who voted against the bill, called it \"another "
            "blank check.\" He said Congress had failed to pass a single budget on time in years.")
    assert resolve.PARTY_STATE.fullmatch("R-Ky.") and resolve.PARTY_STATE.fullmatch("(D-N.Y.)")
    quotes = _quotes(text)
    assert quotes and all(q.speaker is not None and q.speaker.name == "Rand Paul" for q in quotes), quotes
    assert all(q.speaker.text != "R-Ky." for q in quotes)


def test_a_group_described_by_where_it_belongs_does_not_speak_as_that_body():
    text = "In this view, voters within and outside the Democratic Party are craving a radical change."
    party = Actor("the Democratic Party", "organisation", [(text.index("the Democratic"), text.index(" are"))])
    s = text.index("voters")
    assert resolve.speaker_for(text, [party], s, text.index(" are"))[0] is None
    text = "Supporters of Bernie Sanders would argue that he can win. Bernie Sanders said so."
    sanders = Actor("Bernie Sanders", "person", [(15, 29), (text.index("Bernie Sanders said"), text.index(" said so"))])
    assert resolve.speaker_for(text, [sanders], 0, 29)[0] is None
    assert resolve.speaker_for(text, [sanders], *sanders.mentions[1])[0] == "Bernie Sanders"


def test_a_name_with_two_asides_before_the_cue_is_the_source_and_a_relative_clause_is_not_part_of_it():
    text = 'Sen. Rand Paul, R-Ky., who voted against the bill, called it "another blank check."'
    paul = Actor("Rand Paul", "person", [(text.index("Rand"), text.index("Rand") + 9)])
    s, e = source.source_before(text, 0, text.index("called"), [paul])
    assert text[s:e].endswith("Rand Paul")
    aside = "Adam Schiff, the committee's top Democrat, said"
    schiff = Actor("Adam Schiff", "person", [(0, 11)])
    s, e = source.source_before(aside, 0, aside.index("said"), [schiff])
    assert aside[s:e] == "Adam Schiff, the committee's top Democrat,"
    three = "Trump, who met Putin, Xi, and others, said"
    trump = Actor("Donald Trump", "person", [(0, 5)])
    assert source.source_before(three, 0, three.index("said"), [trump]) is None


def test_the_next_sentences_own_attribution_does_not_speak_a_quotation_closed_by_a_full_stop():
    text = 'The senator called it "another blank check." He said Congress had failed to pass a budget.'
    congress = Actor("Congress", "organisation", [(text.index("Congress"), text.index("Congress") + 8)])
    q0, q1 = text.index("another"), text.index('."') + 1
    got = source.speaker_near(text, [congress], q0, q1, 0, len(text))
    assert got.speaker != "Congress"
    # a comma keeps the sentence going: the name after the quotation is its speaker
    said = 'It was "another blank check," Congress said in a statement.'
    congress = Actor("Congress", "organisation", [(said.index("Congress"), said.index("Congress") + 8)])
    got = source.speaker_near(said, [congress], said.index("another"), said.index(',"'), 0, len(said))
    assert got.speaker == "Congress"


def test_a_rule_quotation_whose_cue_comes_first_takes_no_source_after_it_nor_one_inside_other_words():
    text = 'Paul called it "a blank check." He said Congress had failed.'
    r = Attribution(text.index("a blank"), text.index('."') + 1, None, None, (5, 11))
    congress = (text.index("Congress"), text.index("Congress") + 8, "Congress")
    assert merge._nearby_source(r, [congress], text).speaker is None
    said = Attribution(text.index("Congress"), len(text) - 1, "Rand Paul", (text.index("He"), text.index("He") + 2), None)
    nocue = Attribution(r.start, r.end, None, None, None)
    assert merge._nearby_source(nocue, [congress], text, [said]).speaker is None
    assert merge._nearby_source(nocue, [congress], text).speaker == "Congress"


@pytest.mark.slow
def test_one_according_to_read_by_both_stages_is_one_quote():
    text = ("Media silence\n\nThe network said it would treat the campaign as news. However, that news will come "
            "with a strong bias, according to a post from Arianna Huffington, the founder.")
    quotes = _quotes(text)
    bias = [q for q in quotes if "strong bias" in q.text]
    assert len(bias) == 1, [q.text for q in bias]  # the rules' and the tagger's reading share a cue: not nested
    assert bias[0].speaker.name == "Arianna Huffington"
    assert all(a.end <= b.start for a, b in zip(quotes, quotes[1:]))


def test_a_description_with_a_name_in_a_prepositional_phrase_gives_way_to_the_appositive():
    from unspin.analysers.quotes.resolve import speaker_for

    text = "One delegate not on the Cruz slate, Kelly Armstrong, said she was leaning toward Cruz."
    cruz = Actor("Ted Cruz", "person", [(24, 28), (81, 85)])
    kelly = Actor("Kelly Armstrong", "person", [(36, 51)])
    assert speaker_for(text, [cruz, kelly], 0, 51)[0] == "Kelly Armstrong"
    # a name that heads the phrase still speaks, whatever the description after it names
    text2 = "Ted Cruz, a senator from Texas, said it was over."
    assert speaker_for(text2, [Actor("Ted Cruz", "person", [(0, 8)])], 0, 30)[0] == "Ted Cruz"


@pytest.mark.slow
def test_a_name_quoted_in_one_quotation_does_not_speak_the_next():
    text = ("Trump camp upbeat\n\n“We came in with zero expectations,” said Brian Jack, a Trump delegate strategist.\n\n"
            "Jack noted that “many of those elected from [Cruz’s] list are firmly undecided” and that, “We’re "
            "confident that we will receive strong support from this delegation.”")
    quotes = _quotes(text)
    confident = next(q for q in quotes if "confident" in q.text)
    assert confident.speaker is not None and confident.speaker.name == "Brian Jack"


def test_the_summary_ranks_speakers_by_quotes_then_by_the_confidence_of_their_quotes():
    import unspin

    text = ("Congress is on the brink of a delay. The Republican Congress has enacted a variety of changes to the law. "
            "In the last few days, Senate Minority Leader Harry Reid insisted that any package include a two-year "
            "delay. “We will not wait,” Reid said. And on Tuesday, Kevin Brady said that Republicans might include it.")
    report = unspin.analyze(text)
    weight: dict[str, list[float]] = {}
    for f in report.findings:
        if f.kind == "quote" and f.speaker and f.speaker.name:
            weight.setdefault(f.speaker.name, []).append(f.confidence)
    assert "Harry Reid" in weight and len(weight["Harry Reid"]) == 2
    ranked = list(report.summary.quoted_speakers)
    assert ranked == sorted(weight, key=lambda k: (-len(weight[k]), -sum(weight[k])))
    assert ranked[0] == "Harry Reid"


def test_british_single_quotes_running_over_lines_keep_their_speaker():
    text = ("Hunt speaks in Singapore\n\n"
            "Speaking on a visit to Singapore, Jeremy Hunt told the BBC that MPs could get 'absolutely everything'.\n"
            "'We have a clear opportunity to leave the EU on 29th March,' he said.\n"
            "'It has the vast majority of things that people wanted, not absolutely everything.\n"
            "'The question is, can we turn this into something that gives us everything we wanted?'\n"
            "The bloc insists there cannot be a time limit on the backstop.")
    quotes = {q.text: q for q in _quotes(text)}
    first = quotes["We have a clear opportunity to leave the EU on 29th March,"]
    assert first.speaker is not None and first.speaker.name == "Jeremy Hunt"
    for words in ("It has the vast majority of things that people wanted, not absolutely everything.",
                  "The question is, can we turn this into something that gives us everything we wanted?"):
        assert words in quotes, sorted(quotes)
        assert quotes[words].speaker is not None and quotes[words].speaker.name == "Jeremy Hunt"
    assert "absolutely everything" not in quotes or quotes["absolutely everything"].speaker is None


def test_a_name_in_the_question_after_a_quote_is_not_its_speaker():
    text = ("Poll finds voters split\n\nAn average of 10 percent of registered voters reported \"no opinion\" when asked "
            "whether they would vote for Hillary Clinton or Donald Trump.")
    (quote,) = [q for q in _quotes(text) if q.text == "no opinion"]
    assert quote.speaker is None or quote.speaker.name not in ("Hillary Clinton", "Donald Trump")
    # a name after the quote that is not inside a question still speaks
    said = _quotes('Officials met on Monday.\n\n"We will not wait for the courts," said Hillary Clinton.')
    assert said[0].speaker is not None and said[0].speaker.name == "Hillary Clinton"


def test_a_pronoun_repeating_its_sentences_subject_pronoun_is_that_person():
    from unspin.analysers.quotes.resolve import antecedent

    text = ("John Kasich entered the race as an underdog. He avoided criticism of Donald Trump until recent days, "
            "when he expressed concern that Trump was encouraging violence.")
    kasich = _person(text, "John Kasich")
    trump = _person(text, "Donald Trump")
    second = text.index("when he") + 5
    assert antecedent([kasich, trump], second, "he", text) is kasich
    # no pronoun before it in its sentence: the people named in it come first, as before
    other = "John Kasich spoke first. Donald Trump arrived late, and he left early."
    k, t = _person(other, "John Kasich"), _person(other, "Donald Trump")
    assert antecedent([k, t], other.index("he left"), "he", other) is t


def test_the_headline_and_the_body_are_read_apart():
    text = ("Flynn says Trump absolutely right on generals.\n\n"
            "The city council voted seven to two on Monday to approve a budget of 4.2 million dollars for the "
            "central library, the council's press office said.")
    quotes = {q.text: q for q in _quotes(text)}
    lede = [t for t in quotes if t.startswith("The city council voted seven to two")]
    assert lede, sorted(quotes)
    assert quotes[lede[0]].cue is not None and quotes[lede[0]].cue.text == "said"


def test_most_of_a_title_case_headline_is_no_actor():
    import unspin

    text = ("Schlafly’s Final Column Explains Why She Sees Reagan In Trump\n\n"
            "Conservative icon Phyllis Schlafly used her final column to link Reagan with Trump, she wrote on Monday.")
    names = [a.name for a in unspin.analyze(text, options=unspin.Options(only=["actors"])).actors]
    assert not any(len(n.split()) >= 4 for n in names), names
    assert "Phyllis Schlafly" in names


def test_she_after_a_quotation_of_two_sentences_is_the_subject_before_it():
    from unspin.analysers.quotes.resolve import antecedent

    text = ("Noting that both Reagan and Trump battled the media, Phyllis Schlafly put the campaign in terms that "
            "invoke Reagan.\n\n“Trump is the first candidate since Reagan who speaks of winning. Trump has pledged "
            "to make America win again,” she wrote.")
    people = [_person(text, "Reagan"), _person(text, "Phyllis Schlafly"), _person(text, "Trump")]
    assert antecedent(people, text.index("she wrote"), "she", text).name == "Phyllis Schlafly"


def test_he_between_a_quote_and_its_verb_speaks_not_the_name_said_of():
    text = ("Debate night\n\nMoments later, Marco Rubio made sure his critique of Donald Trump’s policy was as polite "
            "as it was pointed. “I don’t know if Donald realizes this, but that is not a pro-Israel policy,” he said "
            "of Trump’s desire to force both sides to the negotiating table.")
    assert _speaker_of(text, "I don’t know") == "Marco Rubio"


def test_words_after_the_verb_of_a_direct_quote_are_not_a_second_quote():
    text = ("Debate night\n\n“I cannot believe how civil it’s been up here,” Donald Trump said 30 minutes into the "
            "debate.\n\n“That is not who I am,” Marco Rubio said to Fox News’ Megyn Kelly.\n\n"
            "“We will win,” Ted Cruz said, adding that the race was far from over.")
    texts = [q.text for q in _quotes(text)]
    assert not any("30 minutes" in t or "Megyn Kelly" in t for t in texts), texts
    assert any(t.startswith("I cannot believe") for t in texts) and any(t.startswith("That is not") for t in texts)


def test_the_one_accused_is_not_the_speaker():
    text = ("Syria report\n\nThe investigation by a United Nations panel said the Syrian army carried out two chemical "
            "weapons attacks in 2014 and 2015, and also accused ISIS of carrying out a mustard gas attack on the town "
            "of Marea in August 2015.")
    accused = [q for q in _quotes(text) if "mustard gas" in q.text]
    assert all(q.speaker is None or q.speaker.name != "ISIS" for q in accused), [(q.text, q.speaker) for q in accused]


def test_a_title_before_a_name_makes_the_description_that_person():
    text = ("Report delivered\n\nThe report went to the office of Deputy Attorney General Rod Rosenstein, and then to "
            "Attorney General William Barr.\n\nThe attorney general said the department had not denied any request "
            "from the special counsel.")
    assert _speaker_of(text, "the department had not denied") == "William Barr"


def test_sources_close_to_a_name_are_not_that_name():
    from unspin.analysers.quotes.resolve import speaker_for

    text = "The president was glad it was over, according to sources close to ABC News."
    abc = _person(text, "ABC News")
    s = text.index("sources")
    assert speaker_for(text, [abc], s, len(text) - 1)[0] is None
    plain = "The president was glad it was over, ABC News reported."
    assert speaker_for(plain, [_person(plain, "ABC News")], plain.index("ABC"), plain.index(" reported"))[0] == "ABC News"


def test_a_headline_name_stops_before_words_the_article_writes_in_lower_case():
    import unspin

    text = ("Trump Advisers Upbeat: Mueller ‘Doesn’t Have the Goods’\n\n"
            "President Donald Trump’s advisers feel upbeat that special counsel Robert Mueller has no case, "
            "the Washington Post reported.")
    report = unspin.analyze(text, options=unspin.Options(min_confidence=0.0))
    assert not any("Upbeat" in a.name for a in report.actors), [a.name for a in report.actors]
    headline = [q for q in report.findings if q.kind == "quote" and q.text.startswith("Doesn’t Have")]
    assert all(q.speaker is None or q.speaker.name != "Donald Trump" for q in headline)


def test_a_name_with_a_verb_inside_is_no_actor():
    from unspin.analysers.actors import _VERB_INSIDE

    assert _VERB_INSIDE.search("Todd asked Pence") and _VERB_INSIDE.search("Clinton said Trump")
    assert not any(_VERB_INSIDE.search(n) for n in ("Bank of America", "Meet the Press", "Doctors without Borders",
                                                   "Ted Cruz", "United States of America"))


def test_pieces_of_one_reported_content_cut_at_a_comma_are_one():
    from unspin.analysers.quotes.learned import _joined

    text = "As Trump prepared to speak on Tuesday, a girl outside the venue was pepper-sprayed, police said."
    cue = (text.index("said"), text.index("said") + 4)
    src = (text.index("police"), text.index("police") + 6)
    first = Attribution(0, text.index(","), None, src, cue, direct=False)
    second = Attribution(text.index("a girl"), text.index(", police"), None, src, cue, direct=False)
    (one,) = _joined(text, [second, first])
    assert text[one.start : one.end].startswith("As Trump") and text[one.start : one.end].endswith("pepper-sprayed")
    other = Attribution(text.index("a girl"), text.index(", police"), None, src, (0, 2), direct=False)
    assert len(_joined(text, [first, other])) == 2  # another cue: two attributions


def test_a_participle_of_speech_speaks_for_the_main_clauses_subject():
    text = ("Forum\n\nDuring a speech earlier in the day, Donald Trump attacked Hillary Clinton for her support of "
            "military action in Iraq and Libya, saying, \"She's trigger-happy and very unstable.\"\n\n"
            "Howard Dean, a former party chairman, poked at Trump's persistent sniffing during the debate, tweeting, "
            "“Notice Trump sniffing all the time.”")
    quotes = {q.text: q for q in _quotes(text)}
    assert quotes["She's trigger-happy and very unstable."].speaker.name == "Donald Trump"
    assert quotes["Notice Trump sniffing all the time."].speaker.name == "Howard Dean"


def test_the_person_who_holds_a_title_speaks_not_the_body_named_in_it():
    text = ("Veto\n\nRepublicans seem confident they have the votes.\n\n“Our assumption is that the veto will be "
            "overridden,” Senate Majority Leader Mitch McConnell said Tuesday.")
    quotes = {q.text: q for q in _quotes(text)}
    (q,) = [v for k, v in quotes.items() if k.startswith("Our assumption")]
    assert q.speaker is not None and q.speaker.name == "Mitch McConnell"


def test_a_colon_quote_after_a_far_speech_verb_is_the_subjects():
    text = ("Forum\n\nHillary Clinton, the former secretary of State, stressed her support of the raid during a forum "
            "sponsored by NBC News and said she has the essential quality for the job: \"Steadiness, an absolute rock "
            "steadiness.\"")
    assert _speaker_of(text, "Steadiness") == "Hillary Clinton"


def test_a_quote_inside_reported_speech_is_the_reporters_subjects():
    text = ("Endorsement\n\nDuncan Hunter, meanwhile, told Politico on Wednesday that he is in favor of Donald Trump "
            "because “we don’t need a policy wonk as president.”\n\nThe report said Donald Trump had “no plan at all.”")
    quotes = {q.text: q for q in _quotes(text)}
    wonk = next(v for k, v in quotes.items() if k.startswith("we don’t need"))
    assert wonk.speaker is not None and wonk.speaker.name == "Duncan Hunter"
    plan = next(v for k, v in quotes.items() if "no plan" in k)
    assert plan.speaker is None or plan.speaker.name is None  # "The report": not Hunter, nor the last person named


def test_a_name_and_a_colon_opening_a_headline_speak_its_quotation():
    text = ("Issa: Hillary Clinton’s ‘Honesty Is In Question.’\n\nSunday on Fox News, Rep. Darrell Issa said the "
            "former secretary of state had misled the public.")
    assert _speaker_of(text, "Honesty") == "Darrell Issa"


def test_asks_is_a_speech_verb():
    text = ("Caucus day\n\nBernie Sanders spent the morning with voters.\n\nSanders asks at Western High School, "
            "“Any questions I can answer?”")
    assert _speaker_of(text, "Any questions") == "Bernie Sanders"


def test_calling_someone_a_name_is_the_subjects_label():
    text = ("Campaign trail\n\nWashington (AFP) – Jeb Bush, Florida’s former governor, also attacked Donald Trump, "
            "with whom he clashed at Saturday’s debate, calling him a “loser.”")
    loser = [q for q in _quotes(text) if "loser" in q.text]
    assert loser and all(q.speaker is not None and q.speaker.name == "Jeb Bush" for q in loser)


def test_titles_are_read_within_one_line_and_not_from_a_sentence_opening_word():
    from unspin.analysers.actors import _TITLE_BEFORE

    def title(before: str) -> str | None:
        m = _TITLE_BEFORE.search(before)
        return m.group("title") if m else None

    assert title("Charles Schumer\nWith Attorney General ") == "Attorney General"
    assert title("in a joint statement.\n'Attorney General ") == "Attorney General"
    assert title("Eric Swalwell of California\nSpecial Counsel ") == "Special Counsel"


def test_a_description_after_a_quote_is_the_person_the_story_follows():
    from unspin.analysers.quotes.resolve import resolve_description

    text = ("Adam Schiff has said that he believes there will be further indictments from Robert Mueller.\n"
            "Schiff suggested he would call the special counsel before a House panel if necessary.\n"
            "'If necessary, we will call Bob Mueller before our committee,' the California Democrat said.")
    schiff = _person(text, "Adam Schiff", "Schiff")
    mueller = _person(text, "Robert Mueller", "Mueller")
    mueller.mentions.append((text.index("the special counsel"), text.index("the special counsel") + 19))
    s = text.index("the California Democrat")
    assert resolve_description(text, [schiff, mueller], s, s + len("the California Democrat")) is schiff


def test_a_source_cut_at_an_honorifics_period_takes_the_name():
    from unspin.analysers.quotes.learned import whole_mentions

    text = "The Chinese were also swayed by Mr. Obama's announcement in 2014 of his regulations."
    s = text.index("Mr")
    got = whole_mentions(text, [], (s, s + 2))
    assert text[got[0] : got[1]] == "Mr. Obama"


def test_the_agent_of_a_passive_speech_verb_speaks():
    text = ("Real Time\n\nBernie Sanders was asked by host Bill Maher, who is supporting Sanders, “Now, you famously "
            "said you were tired of hearing about the emails. Do you still feel that way?”\n\nLater in the show, after "
            "the interview concluded, Bill Maher stated of the scandal that the inspector general’s report “wasn’t "
            "good.”")
    quotes = {q.text: q for q in _quotes(text)}
    asked = next(v for k, v in quotes.items() if k.startswith("Now, you famously"))
    assert asked.speaker is not None and asked.speaker.name == "Bill Maher"
    report = [v for k, v in quotes.items() if "wasn’t good" in k]
    assert report and all(q.speaker is not None and q.speaker.name == "Bill Maher" for q in report)


def test_the_rules_read_a_passive_speech_verbs_agent_and_several_openers():
    text = ("Bernie Sanders was asked by host Bill Maher, who is supporting Sanders, “Do you still feel that way?” "
            "Later in the show, after the interview concluded, Bill Maher stated of the scandal that the inspector "
            "general’s report “wasn’t good.”")
    people = [_person(text, "Bernie Sanders", "Sanders"), _person(text, "Bill Maher")]
    for quote in ("Do you still feel that way?", "wasn’t good."):
        q0 = text.index(quote)
        got = source.speaker_near(text, people, q0, q0 + len(quote), 0, len(text))
        assert got.speaker == "Bill Maher", (quote, got)


def test_more_verbs_introduce_a_quotation_in_marks_but_not_reported_speech():
    from unspin.analysers.quotes.cue import INDIRECT_CUE

    text = "Rally\n\nMost voters cheered.\n\n17-year-old Jared Potts echoed:\n\n“He speaks his mind, and the country needs that.”"
    quotes = [q for q in _quotes(text) if q.text.startswith("He speaks his mind")]
    assert quotes and quotes[0].speaker is not None and quotes[0].speaker.name == "Jared Potts"
    assert INDIRECT_CUE.search("The war continued for years.") is None


def test_a_name_written_with_a_slip_of_the_shift_key_gives_way_to_the_name_as_meant():
    import unspin

    text = "Campaign\n\nHIllary Clinton spoke on Monday. Later, Hillary Clinton met donors in Ohio with the DNC chair."
    names = [a.name for a in unspin.analyze(text, options=unspin.Options(only=["actors"])).actors]
    assert "Hillary Clinton" in names and "HIllary Clinton" not in names


def test_words_after_the_speaker_and_verb_of_an_uncued_direct_quote_are_no_quote():
    from unspin.analysers.quotes.rules import _attributes_quote

    text = '"Europe must defend itself," French President François Hollande said Friday as he entered the talks.'
    said = text.index("said")
    name = (text.index("François"), text.index(" said"))
    quote = Attribution(1, text.index(',"'), "François Hollande", name, None)
    assert _attributes_quote(text, [quote], 0, said)
    other = Attribution(1, text.index(',"'), "François Hollande", name, None, direct=False)
    assert not _attributes_quote(text, [other], 0, said)  # a reported content attributes nothing


def test_a_run_in_subhead_is_no_actor():
    import unspin

    text = ("Examining the record\n\nVeto Power Impedes Peace Efforts: Eliminating war is one of the original goals "
            "of the United Nations.\nSecretary Kerry: We will not stop.\n")
    names = [a.name for a in unspin.analyze(text, options=unspin.Options(only=["actors"])).actors]
    assert not any(n.startswith("Veto Power") for n in names), names


def test_a_headline_credit_after_a_dash_is_the_persons_reported_speech():
    text = ("Brexit delay request will be rejected if no guarantees of deal success – France’s Le Drian\n\n"
            "French Foreign Minister Jean-Yves Le Drian said on Wednesday the request would be turned down.")
    quotes = _quotes(text)
    headline = [q for q in quotes if q.start == 0]
    assert len(headline) == 1 and headline[0].speaker is not None
    assert headline[0].text == "Brexit delay request will be rejected if no guarantees of deal success"
    assert headline[0].speaker.name == "Jean-Yves Le Drian" and headline[0].speaker.text == "Le Drian"


def test_a_headline_dash_before_no_person_credits_nobody():
    from unspin.analysers.quotes.rules import headline_credit

    for title in ("Being Skeptical Of Liars Is A Good Thing - Here's Why", "Markets fall as rates rise – Reuters",
                  "EU Profits From Trading With UK While London Loses Money – Political Campaigner"):
        actors = [Actor("Reuters", "organisation", [(title.find("Reuters"), title.find("Reuters") + 7)])] if "Reuters" in title else []
        assert headline_credit(title, (0, len(title)), actors) == []


def test_a_bare_office_is_not_a_prime_minister_or_vice_president():
    text = ("Britain’s request will be turned down if Prime Minister Theresa May cannot provide guarantees, French "
            "Foreign Minister Jean-Yves Le Drian said on Wednesday. The minister told France’s parliament that May "
            "would need to make her case in Brussels.")
    (q,) = [q for q in _quotes(text) if q.text.startswith("May would need")]
    assert q.speaker is not None and q.speaker.name == "Jean-Yves Le Drian"


def test_known_roles_drop_an_office_only_held_under_a_modifier():
    assert "minister" not in resolve._known_roles(["the prime minister"], {"minister"})
    assert "minister" in resolve._known_roles(["the prime minister"], {"prime", "minister"})
    assert "president" not in resolve._known_roles(["vice president"], {"president"})
    assert "minister" in resolve._known_roles(["the prime minister", "the finance minister"], {"minister"})


def test_told_a_possessive_listener_that_reports_what_follows_that():
    assert cue.INDIRECT_CUE.search("The minister told France’s parliament that May would go").group("cue").endswith("that")


def test_the_man_said_is_the_person_the_article_follows():
    text = ("Defence speech\n\nGavin Williamson spoke in London on Monday about the armed forces.\n"
            "“Provocations,” the man said.")
    assert _speaker_of(text, "Provocations") == "Gavin Williamson"


def test_an_interview_under_name_tags_is_its_speakers_quotes():
    from unspin.analysers.quotes.rules import interview_turns

    text = ("Mueller Report: 'No Proof'\n\nEurasia Centre researcher Earl Rasmussen spoke to Sputnik about the report.\n"
            "Sputnik: What do we know so far?\n"
            "Earl Rasmussen: Obviously there are certain elements stoking this.\n"
            "And the Russians that are indicted are questionable.\n"
            "© AP Photo / Alex Brandon\n"
            "There's really no evidence at all.\n"
            "The views expressed by Mr. Rasmussen do not necessarily reflect those of Sputnik.")
    people = [_person(text, "Earl Rasmussen"), Actor("Sputnik", "organisation",
                                                     [(m.start(), m.end()) for m in re.finditer("Sputnik", text)])]
    title = (0, text.index("\n"))
    body = [(title[1] + 2, text.index("© AP")), (text.index("There's"), len(text))]
    turns = {text[q.start : q.end]: q.speaker for q in interview_turns(text, [title, *body], people, title)}
    assert turns == {"What do we know so far?": "Sputnik",
                     "Obviously there are certain elements stoking this.": "Earl Rasmussen",
                     "And the Russians that are indicted are questionable.": "Earl Rasmussen",
                     "There's really no evidence at all.": "Earl Rasmussen"}


def test_a_tally_under_names_or_one_speaker_is_no_interview():
    from unspin.analysers.quotes.rules import interview_turns

    tally = "Delegates\n\nHillary Clinton: 1,769.\nBernie Sanders: 1,501.\nThe count goes on."
    people = [_person(tally, "Hillary Clinton"), _person(tally, "Bernie Sanders")]
    assert interview_turns(tally, [(0, len(tally))], people) == []
    one = "Update\n\nBernie Sanders: I am staying in this race until the end.\nHe said so twice."
    assert interview_turns(one, [(0, len(one))], [_person(one, "Bernie Sanders")]) == []


def test_a_blank_line_ends_an_interview_turn():
    from unspin.analysers.quotes.rules import interview_turns

    text = ("Panel\n\nMatthews: Well, speculation is bad for everyone.\n\nLopez: Well, no one is like that at all.\n\n"
            "Matthews: Here is the irony of our time.\n\nThe panel is right to note the tax would fall on smaller "
            "investors.")
    people = [_person(text, "Luciana Lopez", "Lopez"), _person(text, "Chris Matthews", "Matthews")]
    said = [text[q.start : q.end] for q in interview_turns(text, [(0, len(text))], people)]
    assert said == ["Well, speculation is bad for everyone.", "Well, no one is like that at all.",
                    "Here is the irony of our time."]


def test_a_subhead_per_person_is_no_interview():
    from unspin.analysers.quotes.rules import interview_turns

    text = ("Game on\n\nSanders: Win in a walk. The senator leads every poll in the state by twenty points.\n"
            "Trump: Move past Iowa and his second place there, with a big lead in the polls.\n"
            "Rubio: Finish second after a debate performance that drew ridicule.")
    people = [_person(text, "Bernie Sanders", "Sanders"), _person(text, "Donald Trump", "Trump"),
              _person(text, "Marco Rubio", "Rubio")]
    assert interview_turns(text, [(0, len(text))], people) == []
