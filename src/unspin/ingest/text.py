"""Bytes to text: encoding detection and refusal of binary or undecodable input."""

from __future__ import annotations

import codecs

from unspin.errors import InputError

DEFAULT_MAX_BYTES = 1_000_000

_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\x1f\x8b", b"BZh", b"MZ")
_LATIN_LOOKALIKES = {"cp1250", "cp1257", "iso8859_2", "iso8859_4", "iso8859_10", "iso8859_13", "iso8859_15", "latin_1", "cp775"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def check_size(data: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise InputError(f"input is {size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-bytes)")


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith(_MAGIC):
        return True
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False  # UTF-16 text is full of NUL bytes
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.1


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decode bytes in any common encoding; raise ``InputError`` for binary or undecodable input."""
    check_size(data, max_bytes)
    if not data.strip():
        raise InputError("input is empty")
    if looks_binary(data):
        raise InputError("input looks binary (not text or HTML)")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return normalise(data.decode(enc))
            except UnicodeDecodeError:
                raise InputError(f"input starts with a {enc} byte-order mark but is not valid {enc}") from None
    try:
        return normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None or best.encoding is None:
        raise InputError("cannot detect the text encoding of the input")
    if best.encoding in _LATIN_LOOKALIKES:
        # Western European text in cp1252 often scores the same as cp1250/cp1257; prefer the commoner one
        for r in results:
            if r.encoding == "cp1252" and r.chaos <= best.chaos + 0.01:
                best = r
                break
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 100):
        raise InputError("input cannot be decoded as text")
    return normalise(text)


def normalise(text: str) -> str:
    """The analysed text: newlines unified, NULs and a leading BOM dropped; nothing else changes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.lstrip("\ufeff")
