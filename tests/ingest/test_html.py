import pytest

from unspin.errors import InputError
from unspin.ingest.html import extract, looks_like_html
from unspin.ingest.source import from_text


def test_extracts_main_text_and_metadata(fixtures):
    ex = extract((fixtures / "script_article.html").read_text())
    assert "third round of talks" in ex.text
    assert "Home" not in ex.text.split()  # navigation removed
    assert "alert('head')" not in ex.text
    assert ex.title == "Officials Meet in Geneva"


def test_html_without_article_text(fixtures):
    with pytest.raises(InputError, match="no article text"):
        extract((fixtures / "empty_article.html").read_text())


def test_malformed_html_is_an_input_error():
    with pytest.raises(InputError):
        from_text("<html><body><div><p><<<>>></div>", is_html=True)


def test_sniffing():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert not looks_like_html("A plain article about x < y and y > z.")


TAGGY_TEXT = (
    "How browsers read pages\n\nA page starts with <html> and the visible part sits in <body>. Put paragraphs in <p> "
    "and never trust <script> from strangers, the trainer said. Templates often use placeholders such as <name> or "
    "<date> that the mail merge fills in. " + "Readers asked many more questions about the course and its costs. " * 12
)


def test_text_with_a_few_tag_like_strings_is_text():
    from unspin.ingest.source import from_text

    assert not looks_like_html(TAGGY_TEXT)
    article = from_text(TAGGY_TEXT)
    assert article.text == TAGGY_TEXT


def test_fragments_dense_with_markup_are_html():
    frag = "<div><h1>Title</h1>" + "<p>A short paragraph of the story goes here today.</p>" * 6 + "</div>"
    assert looks_like_html(frag)
    assert looks_like_html("\ufeff<!-- saved page -->\n<!DOCTYPE html><p>x</p>")
    assert not looks_like_html("<!-- a note --> and then plain text about a < b.")


@pytest.mark.parametrize("depth", [300, 3000])
def test_deeply_nested_html_is_read(depth):
    body = " ".join(["The minister said the plan would cut costs for every family in the region."] * 20)
    html = "<html><head><title>Deep</title></head><body>" + "<div>" * depth + f"<p>{body}</p>" + "</div>" * depth
    got = extract(html + "</body></html>")
    assert got.text.count("minister") == 20
