import codecs

import pytest

from unspin.errors import InputError
from unspin.ingest.text import decode


def test_utf8_and_newlines():
    assert decode("caf\u00e9\r\nline".encode()) == "caf\u00e9\nline"


def test_legacy_encoding_detected():
    text = "Le président a déclaré que la réunion était très importante pour l'économie française. " * 3
    assert decode(text.encode("cp1252")) == text


def test_utf16_with_bom():
    assert decode(codecs.BOM_UTF16_LE + "Kyiv and Kiev".encode("utf-16-le")) == "Kyiv and Kiev"


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
    (bytes(range(256)) * 4, "binary"),
])
def test_bad_bytes(data, message):
    with pytest.raises(InputError, match=message):
        decode(data)


def test_oversized():
    with pytest.raises(InputError, match="over the limit"):
        decode(b"a" * 101, max_bytes=100)
