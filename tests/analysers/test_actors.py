import pytest

from unspin.analysers.actors import group_mentions, initials, link_descriptions


def _mentions(text, words_types):
    out, pos = [], 0
    for w, t in words_types:
        i = text.index(w, pos)
        out.append((i, i + len(w), t))
        pos = i + len(w)
    return out


def test_surname_joins_full_name():
    text = "Vladimir Putin met Donald Trump. Putin smiled; Trump did not. Hillary Clinton and Bill Clinton came. Clinton left."
    ms = _mentions(text, [("Vladimir Putin", "person"), ("Donald Trump", "person"), ("Putin", "person"),
                          ("Trump", "person"), ("Hillary Clinton", "person"), ("Bill Clinton", "person"), ("Clinton", "person")])
    actors = {a.name: [text[s:e] for s, e in a.mentions] for a in group_mentions(text, ms)}
    assert actors["Vladimir Putin"] == ["Vladimir Putin", "Putin"]
    assert actors["Donald Trump"] == ["Donald Trump", "Trump"]
    assert actors["Bill Clinton"] == ["Bill Clinton", "Clinton"]  # the most recent Clinton
    assert actors["Hillary Clinton"] == ["Hillary Clinton"]


def test_a_bare_surname_keeps_the_person_it_already_stands_for():
    text = ("Hillary Clinton spoke. Clinton said she would run. Lasry hired Chelsea Clinton in 2006. "
            "Donors stuck by Clinton as she rolled out proposals.")
    ms = _mentions(text, [("Hillary Clinton", "person"), ("Clinton", "person"), ("Lasry", "person"),
                          ("Chelsea Clinton", "person"), ("Clinton", "person")])
    actors = {a.name: [text[s:e] for s, e in a.mentions] for a in group_mentions(text, ms)}
    assert actors["Hillary Clinton"] == ["Hillary Clinton", "Clinton", "Clinton"]
    assert actors["Chelsea Clinton"] == ["Chelsea Clinton"]


def test_a_given_name_alone_joins_the_one_person_named_in_full_with_it():
    text = "Trump Fires A Missile At Hillary. Donald Trump said Hillary Clinton lacks stamina. Bill met Bill Gates and Bill Clinton."
    ms = _mentions(text, [("Trump", "person"), ("Hillary", "person"), ("Donald Trump", "person"),
                          ("Hillary Clinton", "person"), ("Bill", "person"), ("Bill Gates", "person"),
                          ("Bill Clinton", "person")])
    actors = {a.name: [text[s:e] for s, e in a.mentions] for a in group_mentions(text, ms)}
    assert actors["Hillary Clinton"] == ["Hillary", "Hillary Clinton"]
    assert actors["Bill"] == ["Bill"]  # two people named Bill: the bare given name stays apart


def test_acronym_joins_organisation():
    text = "The World Health Organization warned. WHO said more."
    ms = _mentions(text, [("World Health Organization", "organisation"), ("WHO", "organisation")])
    (who,) = group_mentions(text, ms)
    assert who.name == "World Health Organization" and len(who.mentions) == 2
    assert initials("World Health Organization") == "WHO"


def test_one_name_is_one_actor_whatever_type_the_tagger_gave_it():
    text = ("Bernie Sanders spoke. Sanders told MSNBC that Trump was wrong. Trump replied. Trump left. "
            "Sanders smiled. The NATO summit ended; NATO met Jens Nato.")
    ms = _mentions(text, [("Bernie Sanders", "person"), ("Sanders", "organisation"), ("MSNBC", "organisation"),
                          ("Trump", "person"), ("Trump", "organisation"), ("Trump", "person"), ("Sanders", "person"),
                          ("NATO", "organisation"), ("NATO", "organisation"), ("Jens Nato", "person")])
    actors = {(a.name, a.type): [text[s:e] for s, e in a.mentions] for a in group_mentions(text, ms)}
    assert actors[("Bernie Sanders", "person")] == ["Bernie Sanders", "Sanders", "Sanders"]
    assert actors[("Trump", "person")] == ["Trump"] * 3
    assert ("NATO", "organisation") in actors, "an acronym is not a surname"
    assert len(actors) == 5


def test_a_surname_of_several_words_joins_the_full_name_and_an_ambiguous_one_does_not():
    text = "Osama bin Laden declared war. Bin Laden judged America weak. Joe Biden met Hunter Biden. Biden smiled."
    ms = _mentions(text, [("Osama bin Laden", "person"), ("Bin Laden", "person"), ("Joe Biden", "person"),
                          ("Hunter Biden", "person"), ("Biden", "organisation")])
    actors = {(a.name, a.type): [text[s:e] for s, e in a.mentions] for a in group_mentions(text, ms)}
    assert actors[("Osama bin Laden", "person")] == ["Osama bin Laden", "Bin Laden"]
    assert actors[("Biden", "organisation")] == ["Biden"], "two people share the surname: nobody gets it"


def test_description_links_when_unambiguous():
    text = "Russian President Vladimir Putin spoke. Later the Russian president left the hall."
    ms = _mentions(text, [("Vladimir Putin", "person")])
    actors = group_mentions(text, ms)
    link_descriptions(text, actors)
    assert [text[s:e] for s, e in actors[0].mentions] == ["Vladimir Putin", "the Russian president"]


def test_pipeline_groups_putin_and_trump(partisan_report):
    names = {a.name: [m.text for m in a.mentions] for a in partisan_report.actors}
    assert set(names["Vladimir Putin"]) == {"Vladimir Putin", "Putin"}
    assert set(names["Donald Trump"]) == {"Donald Trump", "Trump"}
    assert not any(n in ("Putin", "Trump") for n in names)


def test_clean_mention_drops_a_stray_possessive_in_front():
    from unspin.analysers.actors import clean_mention

    text = "Britain’s Brexit talks"
    start, end = clean_mention(text, 7, 16)  # "’s Brexit", as a tagger may cut it
    assert text[start:end] == "Brexit"
    assert clean_mention("“Boris Johnson’s", 0, 16) == (1, 14)  # quote mark in front, possessive at the end


def test_a_nickname_and_the_name_it_stands_for_are_one_person():
    text = ("Chuck Schumer spoke first. Charles Schumer then left. Schumer was angry. "
            "Hillary Clinton and Bill Clinton came; William Clinton spoke.")
    ms = _mentions(text, [("Chuck Schumer", "person"), ("Charles Schumer", "person"), ("Schumer", "person"),
                          ("Hillary Clinton", "person"), ("Bill Clinton", "person"), ("William Clinton", "person")])
    actors = {a.name: [text[s:e] for s, e in a.mentions] for a in group_mentions(text, ms)}
    schumer = next(v for k, v in actors.items() if k.endswith("Schumer"))
    assert schumer == ["Chuck Schumer", "Charles Schumer", "Schumer"] and len(actors) == 3
    assert actors["Hillary Clinton"] == ["Hillary Clinton"]
    bill = next(v for k, v in actors.items() if k in ("Bill Clinton", "William Clinton"))
    assert bill == ["Bill Clinton", "William Clinton"]


def test_a_common_word_opening_a_sentence_is_no_actor():
    import unspin

    text = ("Halfway through the session, lawmakers left the chamber. Apple said it would appeal. "
            "Overall, Gordon Brown said the plan failed. Brown left.")
    report = unspin.analyze(text, options=unspin.Options(only=["actors"]))
    names = {a.name for a in report.actors}
    assert "Halfway" not in names and "Overall" not in names
    assert {"Apple", "Gordon Brown"} <= names  # a proper noun opening a sentence stays; so does a recurring name


def test_a_state_abbreviation_run_into_a_name_is_cut_off():
    import unspin

    text = ("This undated photo shows Dajah Harris, in Norfolk, Va. Harris, 21, a college senior, is a Democrat. "
            "Later Dajah Harris spoke.")
    report = unspin.analyze(text, options=unspin.Options(only=["actors"]))
    people = {a.name: len(a.mentions) for a in report.actors if a.type == "person"}
    assert people == {"Dajah Harris": 3}


def test_a_name_the_tagger_calls_an_organisation_is_a_person_when_it_reads_as_one():
    from unspin.analysers.actors import person_shaped

    for name in ("Amanda Pritchard", "Carly Fiorina", "Victoria Atkins"):
        assert person_shaped(name), name
    # organisations named after people, or with a word organisations are named with, stay organisations
    for name in ("John Lewis", "Morgan Stanley", "Goldman Sachs", "Henry Jackson Society", "Field Poll",
                 "Phil Waldrep Ministries", "NHS England", "Amanda", "AMANDA PRITCHARD"):
        assert not person_shaped(name), name


@pytest.mark.slow
def test_an_appositive_name_after_a_role_speaks_not_the_body_in_the_role():
    import unspin

    text = ("Hospitals under pressure\n\nThe chief executive of NHS England, Amanda Pritchard, said the service was "
            "under enormous pressure but insisted that real progress was being made.")
    report = unspin.analyze(text)
    quotes = [f for f in report.findings if f.kind == "quote"]
    assert quotes and all(q.speaker is not None and q.speaker.name == "Amanda Pritchard" for q in quotes), quotes
    assert any(a.name == "Amanda Pritchard" and a.type == "person" for a in report.actors)


@pytest.mark.slow
def test_the_city_of_a_dateline_is_a_place():
    import unspin

    text = ("Cruz tops Trump in delegate fight\n\nFARGO, N.D. — Ted Cruz's preferred candidates won most of the "
            "delegate slots on Saturday, party officials said.")
    types = {a.name: a.type for a in unspin.analyze(text).actors}
    assert types.get("FARGO", "place") == "place"
    assert types["Ted Cruz"] == "person"


def test_a_name_without_a_capital_is_no_actor():
    from unspin.analysers.actors import find_actors
    from unspin.document import Document, Entity

    text = "Workers won’t end up seeing the money, Harry Reid said."
    wont = text.index("n’t")
    reid = text.index("Harry Reid")
    doc = Document(text=text)
    doc.entities = [Entity(wont, wont + 3, "GPE", 0), Entity(reid, reid + 10, "PERSON", 0)]
    assert [(a.name, a.type) for a in find_actors(doc)] == [("Harry Reid", "person")]


def test_a_surname_the_tagger_calls_a_place_joins_the_person_unless_it_is_used_as_a_place():
    text = ("John Kasich won Ohio. Kasich said he would stay in the race. Later Kasich spoke in Columbus. "
            "Paris Hilton flew to Paris.")
    ms = _mentions(text, [("John Kasich", "person"), ("Ohio", "place"), ("Kasich", "place"), ("Kasich", "place"),
                          ("Columbus", "place"), ("Paris Hilton", "person"), ("Paris", "place")])
    actors = {a.name: (a.type, len(a.mentions)) for a in group_mentions(text, ms)}
    assert actors["John Kasich"] == ("person", 3) and "Kasich" not in actors
    assert actors["Paris"] == ("place", 1) and actors["Paris Hilton"] == ("person", 1)
    assert actors["Ohio"] == ("place", 1)


def test_a_surname_of_two_words_tagged_an_organisation_joins_its_person():
    from unspin.analysers.actors import Actor, merge_types

    text = "Jean-Yves Le Drian spoke. Le Drian said so. The White House agreed with Obama White House staff."
    people = [Actor("Jean-Yves Le Drian", "person", [(0, 18)]), Actor("Le Drian", "organisation", [(26, 34)]),
              Actor("Obama White House", "person", [(text.find("Obama"), text.find("Obama") + 17)]),
              Actor("White House", "organisation", [(text.find("White"), text.find("White") + 11)])]
    merged = {a.name: a for a in merge_types(people, text)}
    assert "Le Drian" not in merged and (26, 34) in merged["Jean-Yves Le Drian"].mentions
    assert "White House" in merged  # a two-word name that opens with no particle stays an organisation
