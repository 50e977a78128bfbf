"""A publication date written into an address or a file name anchors the timeline's relative dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import unspin
from unspin.ingest.dates import date_in_name


def test_dates_in_addresses_and_file_names():
    assert date_in_name("breitbart_2016-09-25_pence-gennifer-flowers.txt") == "2016-09-25"
    assert date_in_name("https://www.example.com/news/2019/01/22/may-plan-b/") == "2019-01-22"
    assert date_in_name("report_2021_3_7.txt") == "2021-03-07"
    assert date_in_name("article765982381.txt") is None  # an id, not a date
    assert date_in_name("20160925-story.txt") is None  # eight bare digits could be an id
    assert date_in_name("2016-02-30-story.txt") is None  # no such day
    assert date_in_name("1850-01-01.txt") is None
    assert date_in_name("diff-2016-09-25-vs-2016-10-01.txt") is None  # two dates: which one?
    assert date_in_name(None) is None


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)), st.sampled_from("-_/."))
def test_every_written_day_reads_back(day, sep):
    assert date_in_name(f"x{day.year}{sep}{day.month:02d}{sep}{day.day:02d}y") == day.isoformat()


def test_a_saved_articles_file_name_resolves_yesterday(tmp_path):
    path = tmp_path / "wire_2019-01-22_brexit.txt"
    path.write_text("Brexit plan\n\nThe prime minister unveiled her new plan yesterday in London.\n", encoding="utf-8")
    report = unspin.analyze(path, options=unspin.Options(only=["timeline"]))
    assert (report.meta.date, report.meta.date_source) == ("2019-01-22", "file name")
    assert [(t.text, t.date, t.status) for t in report.timeline] == [("yesterday", "2019-01-21", "inferred")]
    given_date = unspin.analyze(path, options=unspin.Options(only=["timeline"], date="2019-02-01"))
    assert (given_date.meta.date, given_date.meta.date_source) == ("2019-02-01", "given")
    plain = unspin.analyze("The prime minister unveiled her new plan yesterday in London.",
                           options=unspin.Options(only=["timeline"]))
    assert (plain.meta.date, plain.meta.date_source) == (None, None)
    addressed = unspin.analyze("The prime minister unveiled her new plan yesterday in London.",
                               options=unspin.Options(only=["timeline"], url="https://example.com/2019/01/22/plan"))
    assert (addressed.meta.date, addressed.meta.date_source) == ("2019-01-22", "address")
