"""Who a source phrase names (quotes stage `resolve`): pronouns by gender and antecedent, names that only modify a
noun, contractions, capitalised common nouns, months."""

from unspin.analysers.actors import Actor
from unspin.analysers.gender import person_gender
from unspin.analysers.quotes.resolve import last_person_before


def test_common_given_names_take_their_pronoun_and_others_stay_unknown():
    assert person_gender("Helen Jones") == "f" and person_gender("Nancy Pelosi") == "f"
    assert person_gender("Donald Trump") == "m" and person_gender("Sen. Bernie Sanders") == "m"
    assert person_gender("Dajah Harris") is None  # not one word piece: unknown
    assert person_gender("Trump") is None  # a surname alone says nothing


def test_she_skips_the_last_man_named_and_an_unknown_name_stays_a_candidate():
    text = "Dajah Harris is no fan of Donald Trump. But she saw the inquiry as a distraction."
    harris = Actor("Dajah Harris", "person", [(0, 12)])
    trump = Actor("Donald Trump", "person", [(26, 38)])
    at = text.index("she")
    assert last_person_before([harris, trump], at) is trump  # no pronoun given: the last person
    assert last_person_before([harris, trump], at, "she") is harris
    assert last_person_before([harris, trump], at, "he") is trump
    jones = Actor("Helen Jones", "person", [(0, 11)])
    assert last_person_before([jones], 20, "he") is None  # nobody of that pronoun named before


def test_a_name_that_only_modifies_a_noun_is_no_antecedent():
    from unspin.analysers.quotes.resolve import modifies_a_noun

    text = ("Stanley Twardy worked to protect the Mueller investigation from interference. "
            "“This is all part of a process,” he said.")
    twardy = Actor("Stanley Twardy", "person", [(0, 14)])
    i = text.index("Mueller")
    mueller = Actor("Robert Mueller", "person", [(i, i + 7)])
    assert modifies_a_noun(text, i, i + 7)
    assert last_person_before([twardy, mueller], text.index("he said"), "he", text) is twardy
    said = "Bozell notes that Trump picked the fight."
    assert not modifies_a_noun(said, 0, 6)  # a speech verb after the name, whatever the tagger calls it


def test_a_name_that_modifies_a_noun_for_people_is_not_the_speaker():
    from unspin.analysers.quotes.resolve import speaker_for

    text = "Senate aides said the remark was wrong. The Clinton campaign said it would respond."
    senate = Actor("Senate", "organisation", [(0, 6)])
    c = text.index("Clinton")
    clinton = Actor("Hillary Clinton", "person", [(c, c + 7)])
    actors = [senate, clinton]
    aides = (0, len("Senate aides"))
    assert speaker_for(text, actors, *aides)[0] is None  # the aides speak, not the Senate
    campaign = (text.index("The Clinton"), text.index(" said it"))
    assert speaker_for(text, actors, *campaign)[0] == "Hillary Clinton"  # a campaign speaks for its candidate
    survey = "a Reuters survey of voters"
    reuters = Actor("Reuters", "organisation", [(2, 9)])
    assert speaker_for(survey, [reuters], 0, len(survey))[0] == "Reuters"  # "voters" is not what Reuters modifies


def test_a_contracted_pronoun_is_read_as_the_pronoun_not_a_name():
    from unspin.analysers.quotes.resolve import speaker_for, uncontracted

    assert uncontracted("he's") == "he" and uncontracted("she\u2019d") == "she" and uncontracted("hess") == "hess"
    text = "Barack Obama picked a judge. He's telling allies that he hopes this works."
    obama = Actor("Barack Obama", "person", [(0, 12)])
    he = text.index("He's")
    assert speaker_for(text, [obama], he, he + 4)[0] == "Barack Obama"  # was "He's", taken for a name


def test_a_capitalised_common_noun_opening_a_sentence_is_no_name_and_a_possessive_is_its_person():
    from unspin.analysers.quotes.resolve import speaker_for

    text = "Trump spoke on Friday. Investigations have revealed that requests were made."
    i = text.index("Investigations")
    assert speaker_for(text, [], i, i + len("Investigations")) == (None, None)  # was a speaker "Investigations"
    named = "The plan failed. Warren said it would."
    w = named.index("Warren")
    assert speaker_for(named, [], w, w + 6)[0] == "Warren"  # a name the actors missed still names its speaker
    text = "Hillary Clinton spoke after Donald Trump. Her plan to build roads is popular, aides said."
    clinton, trump = Actor("Hillary Clinton", "person", [(0, 15)]), Actor("Donald Trump", "person", [(28, 40)])
    her = text.index("Her")
    assert speaker_for(text, [clinton, trump], her, her + 3)[0] == "Hillary Clinton"


def test_a_month_is_no_speaker_but_a_surname_that_is_one_still_is():
    from unspin.analysers.quotes.resolve import speaker_for

    text = "A YouGov poll in December found that support fell."
    d = text.index("December")
    assert speaker_for(text, [], d, d + 8) == (None, None)
    text = "Theresa May spoke. May has pledged not to run again."
    m = text.index("May has")
    assert speaker_for(text, [Actor("Theresa May", "person", [(0, 11)])], m, m + 3)[0] == "Theresa May"


def test_a_pronoun_takes_the_speaker_or_subject_before_it_not_the_last_name():
    from unspin.analysers.quotes.resolve import antecedent

    def actors_in(text: str, *names: str) -> list[Actor]:
        return [Actor(n, "person", [(text.index(n.split()[-1]), text.index(n.split()[-1]) + len(n.split()[-1]))])
                for n in names]

    text = ("Rashad Robinson said his group will press companies to protest Donald Trump's rhetoric. "
            "He noted that the party had changed.")
    people = [Actor("Rashad Robinson", "person", [(0, 15)]), Actor("Donald Trump", "person", [(text.index("Donald"), text.index("'s"))])]
    assert antecedent(people, text.index("He noted"), "he", text).name == "Rashad Robinson"  # was Trump, the last named
    text = "Even McCain is in trouble, Tester said. He said Grassley could lose."
    people = actors_in(text, "John McCain", "Jon Tester")
    assert antecedent(people, text.index("He said"), "he", text).name == "Jon Tester"  # the one who speaks
    text = "Trump told Ingraham he likes her show. While Trump affirmed that he likes Cruz, he said more."
    people = actors_in(text, "Donald Trump", "Laura Ingraham")
    assert antecedent(people, text.index("he likes Cruz"), "he", text).name == "Donald Trump"  # whom Trump told is no speaker
    text = "With Merrick Garland, President Obama made the safe choice. He's trying to call the bluff."
    people = actors_in(text, "Merrick Garland", "Barack Obama")
    assert antecedent(people, text.index("He's"), "he", text).name == "Barack Obama"  # not the opener's Garland
    text = "While Clinton has voiced concern over the case, she has not called for him to resign."
    assert antecedent(actors_in(text, "Hillary Clinton"), text.index("she"), "she", text).name == "Hillary Clinton"


def test_a_name_inside_a_quotation_is_not_who_the_pronoun_after_it_is():
    from unspin.analysers.quotes.resolve import antecedent, in_quotation

    text = ("Liz Cheney won.\n\u201cNo state has been hurt more by Barack Obama\u2019s agenda. Hillary Clinton "
            "represents the same failed policies,\u201d she said.")
    people = [Actor(n, "person", [(text.index(n), text.index(n) + len(n))])
              for n in ("Liz Cheney", "Barack Obama", "Hillary Clinton")]
    she = text.index("she said")
    assert in_quotation(text, text.index("Hillary"), she) and not in_quotation(text, 0, she)
    assert antecedent(people, she, "she", text).name == "Liz Cheney"  # was Hillary Clinton, named in the quote
