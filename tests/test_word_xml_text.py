"""Characters XML 1.0 cannot hold become U+FFFD in Word files, and only those."""

from __future__ import annotations

from styrdok.word.base import xml_text


def _allowed(code: int) -> bool:
    """XML 1.0's Char production."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def test_every_code_point_is_kept_or_replaced_as_xml_allows() -> None:
    text = "".join(map(chr, range(0x110000)))
    expected = "".join(c if _allowed(ord(c)) else "\ufffd" for c in text)
    assert xml_text(text) == expected
