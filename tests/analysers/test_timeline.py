import re
from datetime import date

from unspin.analysers.timeline import find_expressions, order, parse_pub_date


def _run(text, pub):
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    return {text[e.start : e.end]: e for e in find_expressions(text, sentences, pub)}


def test_partial_and_relative_dates_against_the_publication_date():
    text = ("On December 29, drones attacked. On the night of the 29th, dozens of drones were seen. "
            "A few hours before, Putin called Trump. Shortly after, the Kremlin reacted. Yesterday the minister spoke. "
            "It happened three days ago. The summit will take place on Friday. The next day, talks resumed.")
    got = _run(text, date(2025, 12, 31))
    assert got["December 29"].date == "2025-12-29" and got["December 29"].status == "inferred"
    night = got["the night of the 29th"]
    assert (night.date, night.part_of_day) == ("2025-12-29", "night")
    assert got["A few hours before"].status == "relative" and got["A few hours before"].date == "2025-12-29"
    assert got["Shortly after"].date == "2025-12-29"
    assert got["Yesterday"].date == "2025-12-30"
    assert got["three days ago"].date == "2025-12-28"
    assert got["on Friday"].date == "2026-01-02"  # future tense: the coming Friday
    assert got["The next day"].status == "relative"


def test_without_a_publication_date_partial_dates_are_flagged_not_guessed():
    got = _run("On December 29, drones attacked. Yesterday the minister spoke. On March 3, 2024, talks began.", None)
    assert got["December 29"].status == "ambiguous" and got["December 29"].date is None
    assert got["Yesterday"].status == "ambiguous"
    assert got["March 3, 2024"].date == "2024-03-03" and got["March 3, 2024"].status == "absolute"


def test_numeric_dates_that_read_two_ways_are_ambiguous():
    got = _run("The deal was signed on 03/04/2025. It was ratified on 25/04/2025.", date(2025, 6, 1))
    assert got["03/04/2025"].status == "ambiguous"
    assert got["25/04/2025"].date == "2025-04-25"


def test_relative_expression_without_anchor_is_ambiguous():
    got = _run("Shortly after, the Kremlin reacted.", date(2025, 12, 31))
    assert got["Shortly after"].status == "ambiguous"


def test_timeline_order_and_report(fixtures):
    import unspin

    report = unspin.analyze((fixtures / "sourcing.txt").read_text(encoding="utf-8"),
                            options=unspin.Options(only=["timeline"], date="2025-12-31"))
    dated = [t.date for t in report.timeline if t.date]
    assert dated == sorted(dated)
    assert all(report.text[t.start : t.end] == t.text and t.sentence.start <= t.start for t in report.timeline)
    assert parse_pub_date("2025-12-31T10:00:00Z") == date(2025, 12, 31)
    assert order([]) == []


def test_a_bare_weekday_follows_the_tense_of_its_verb():
    # published on a Wednesday: a present-tense body sentence schedules the coming day, a past one reports the last
    text = "Senate Votes on Tuesday. On Tuesday, Democrats vote on the bill. Democrats voted on the bill on Monday. The summit is on Friday."
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    got = find_expressions(text, sentences, date(2025, 12, 10), titles={sentences[0]})
    dates = [(text[e.start : e.end], e.date) for e in got]
    assert dates == [("on Tuesday", "2025-12-09"),  # a headline's present tense reports the past
                     ("Tuesday", "2025-12-16"), ("on Monday", "2025-12-08"), ("on Friday", "2025-12-12")]


def test_an_amount_of_time_in_capitals_without_a_publication_date():
    text = "IT HAPPENED SEVERAL YEARS AGO. It happened two WEEKS ago."
    got = _run(text, None)
    assert {e.granularity for e in got.values()} == {"year", "week"}
    assert all(e.status == "ambiguous" for e in got.values())
