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
