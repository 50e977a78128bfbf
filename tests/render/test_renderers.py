import json
import re

import pytest

import unspin
from unspin.render import RENDERERS, render

HOSTILE = (
    "Officials Meet\n\n"
    'The council said <script>alert("x")</script> was found and <img src=x onerror=alert(1)> too. '
    "The bloodthirsty thugs lied again & again.\n"
)


@pytest.fixture(scope="module")
def hostile_report():
    return unspin.analyze(HOSTILE)


def test_every_format_renders(partisan_report):
    for fmt in RENDERERS:
        assert render(partisan_report, fmt)


def test_json_is_the_report(partisan_report):
    assert json.loads(render(partisan_report, "json")) == json.loads(partisan_report.model_dump_json())


def test_html_escapes_article_markup(hostile_report):
    page = render(hostile_report, "html")
    assert "<script>" not in page and "<img" not in page
    shown = re.sub(r"</?mark[^>]*>", "", page)  # highlights may cut the text into pieces
    assert "&lt;script&gt;" in shown and "onerror=alert(1)&gt;" in shown
    assert re.search(r"<[^>]+\son\w+=", page) is None  # no live event-handler attribute anywhere
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import""", page)  # no external assets


def test_html_highlights_and_legend(partisan_report):
    page = render(partisan_report, "html")
    assert 'class="legend"' in page
    if partisan_report.summary.techniques:
        assert "<svg" in page and 'class="hl"' in page


def test_markdown_lists_quotes_and_actors(partisan_report):
    md = render(partisan_report, "markdown")
    assert "## Quotes" in md and "Donald Trump" in md and "| actor | type | mentions |" in md


def test_terminal_has_tables(partisan_report):
    from unspin.render.terminal import render as term

    out = term(partisan_report, color=False)
    assert "Actors" in out and "Vladimir Putin" in out


def test_overlap_pieces():
    from unspin.render.layers import pieces

    got = list(pieces("abcdefgh", [(1, 5, "x"), (3, 7, "y")]))
    assert got == [(0, 1, []), (1, 3, ["x"]), (3, 5, ["x", "y"]), (5, 7, ["y"]), (7, 8, [])]


HOSTILE_COMMENTS = (
    "Officials Meet\n\n"
    "The council met on Monday and said the budget would grow by 4 percent next year, officials said.\n\n"
    "Comments:\n\n"
    "<script>alert(1)</script> the FBI is controlled by the Jews, wake up people!!!\n\n"
    "I think the council did a good job this time.\n"
)


@pytest.fixture(scope="module")
def comment_report():
    return unspin.analyze(HOSTILE_COMMENTS, options=unspin.Options(date="2025-12-31"))


def test_every_renderer_shows_claims_timeline_and_comments(comment_report):
    comment = next(f for f in comment_report.findings if f.kind == "comment" and f.conspiracy)
    assert comment.rationale
    md = render(comment_report, "markdown")
    assert "## Check-worthy claims" in md and "## Timeline" in md and "## Reader comments" in md
    assert f"**{comment.label}**" in md and "conspiracy talk" in md
    term = render(comment_report, "terminal")
    assert "Reader comments" in term and "Timeline" in term
    page = render(comment_report, "html")
    assert '<mark class="rationale"' in page and "Check-worthy claims" in page and "conspiracy" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in re.sub(r"</?(mark|span)[^>]*>", "", page)
