"""A publication date written into an article's address or file name ("/2016/09/25/", "breitbart_2016-09-25_…").

Relative dates in an article ("yesterday", "last week") need the day it was published. HTML pages usually say it in
their metadata; saved text files and many addresses say it in their name instead. Only a full year-month-day with
one separator kind between the parts counts (2016-09-25, 2016_09_25, 2016/09/25, 2016.09.25), and only a real
calendar date from 1990 on: eight bare digits ("20160925") could as well be an id, so they do not.
"""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([-_/.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?!\d)")


def date_in_name(name: str | None) -> str | None:
    """The ISO date (YYYY-MM-DD) written in ``name`` (a URL or a file name), if there is exactly one such date."""
    if not name:
        return None
    found = set()
    for m in _DATE.finditer(name):
        try:
            day = dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
        if day.year >= 1990:
            found.add(day.isoformat())
    return found.pop() if len(found) == 1 else None
