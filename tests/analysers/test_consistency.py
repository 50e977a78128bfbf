from datetime import date

from unspin.analysers.consistency import date_flags, name_flags, place_flags, same_name
from unspin.analysers.timeline import find_expressions


def test_competing_place_spellings():
    text = "Drones flew over Kiev at night. In Kyiv, officials denied it. Odesa was calm."
    flags = place_flags(text, [(0, len(text))])
    assert len(flags) == 1
    assert [text[s:e] for s, e in flags[0].evidence] == ["Kiev", "Kyiv"]


def test_one_actor_named_two_ways():
    text = "Volodymyr Zelensky spoke. Vladimir Zelensky said no. Vladimir Putin listened. John Smith met Jane Smith."
    names = [(text.index(n), text.index(n) + len(n)) for n in
             ("Volodymyr Zelensky", "Vladimir Zelensky", "Vladimir Putin", "John Smith", "Jane Smith")]
    flags = name_flags(text, names)
    assert [f.explanation for f in flags] == ["one person named two ways: 'Volodymyr Zelensky' and 'Vladimir Zelensky'"]
    assert same_name("Zelensky", "Zelenskyy") and not same_name("John", "Jane")


def test_weekday_that_contradicts_the_date():
    text = "The talks were held on Monday, December 30, 2025."
    exprs = find_expressions(text, [(0, len(text))], date(2025, 12, 31))
    flags = date_flags(text, exprs)
    assert flags and "Tuesday" in flags[0].explanation


def test_report_flags(fixtures):
    import unspin

    report = unspin.analyze((fixtures / "sourcing.txt").read_text(encoding="utf-8"),
                            options=unspin.Options(only=["actors", "timeline", "consistency"], date="2025-12-31"))
    kinds = {f.label for f in report.findings if f.kind == "inconsistency"}
    assert kinds == {"actor_name", "place_spelling"}
    assert report.summary.inconsistencies == 2


def test_names_without_letters_do_not_break_the_check():
    text = "Jean-Luc 2nd and Jean-Luc II met; 'O' and Mr. X."
    names = [(0, 12), (17, 28), (35, 38), (43, 48)]
    name_flags(text, names)  # no exception
    assert not same_name("2nd", "II") and not same_name("", "Abcde")


def test_case_and_determiner_differences_are_not_inconsistencies():
    from unspin.analysers.consistency import name_flags

    text = "The Ukrainian President spoke. Later the Ukrainian president left. Volodymyr Zelensky and Vladimir Zelensky."
    spans = [(0, 23), (37, 60), (67, 85), (90, 107)]
    assert [text[s:e] for s, e in spans][:2] == ["The Ukrainian President", "the Ukrainian president"]
    flags = name_flags(text, spans)
    assert len(flags) == 1 and "Volodymyr" in flags[0].explanation
