"""unspin.analyze: every kind of source, lists, and errors as values in analyze_many."""

from __future__ import annotations

from pathlib import Path

import pytest

import unspin
from unspin.api import article_of


def test_sources_are_read_by_kind(tmp_path: Path) -> None:
    opts = unspin.Options()
    page = "<html><head><title>T</title></head><body><article><p>" + "Words here. " * 30 + "</p></article></body></html>"
    assert "<p>" not in article_of(page, opts).text  # a str that looks like HTML is extracted
    assert article_of(unspin.Text(page), opts).text.startswith("<html>")  # Text is never read as HTML
    assert "<p>" not in article_of(unspin.HTML(page), opts).text
    f = tmp_path / "a.txt"
    f.write_text("Title\n\nBody text.", encoding="utf-8")
    assert article_of(f, opts).text == "Title\n\nBody text."
    assert article_of(f.read_bytes(), opts).text == "Title\n\nBody text."


@pytest.mark.parametrize("bad", [123, "", b"\x00\x01\x02binary", Path("/no/such/file.txt")])
def test_bad_sources_raise_input_errors(bad: object) -> None:
    with pytest.raises(unspin.InputError):
        unspin.analyze(bad)  # type: ignore[arg-type]


def test_private_urls_are_refused_without_fetching() -> None:
    with pytest.raises(unspin.FetchError):
        unspin.analyze(unspin.URL("http://127.0.0.1:9/article"))
    with pytest.raises(unspin.FetchError):
        unspin.analyze("http://169.254.169.254/latest")  # a str that is only a URL is fetched


@pytest.mark.slow
def test_lists_and_errors_as_values() -> None:
    texts = ["First story\n\nThe council met on Monday and approved the budget.", ""]
    got = list(unspin.analyze_many(texts, options=unspin.Options(only=["timeline"])))
    assert isinstance(got[0], unspin.Report) and isinstance(got[1], unspin.InputError)
    with pytest.raises(unspin.InputError):
        unspin.analyze(texts, options=unspin.Options(only=["timeline"]))
    (one,) = unspin.analyze(texts[:1], options=unspin.Options(only=["timeline"]))
    assert one.model_dump_json() == got[0].model_dump_json()
    assert unspin.analyze([]) == []
