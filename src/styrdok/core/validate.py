"""The one strict way to check short text from outside: ids, e-mail addresses, titles.

Every pattern is matched with ``re.fullmatch``, so a trailing newline never slips
through (``$`` would accept one). Values read from the command line, the registry, the
settings and the round records all pass through these functions before they become a
folder name, a mail header or a commit message.
"""

from __future__ import annotations

import re
import unicodedata

from styrdok.core.errors import StyrdokError

ROUND_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,62}")
RECIPIENT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_PART = r"[^@\s\x00-\x1f\x7f<>,;\"]+"  # no space, control character or list separator
EMAIL = re.compile(rf"{_PART}@{_PART}\.{_PART}")
MAX_LINE = 500  # a title, a name, a reason
SHOWN = 60  # how much of a refused value a message repeats


class InvalidValueError(StyrdokError):
    """A value from outside (an argument or a record) that has the wrong form."""


def shown(value: object, width: int = SHOWN) -> str:
    """Return ``repr(value)`` fit for one line of a message: control characters escaped,
    cut after ``width`` characters."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def round_id(value: str, where: str = "omgångens id") -> str:
    """Return ``value`` if it is a round id (a–z, digits, point, hyphen, dash); raise
    InvalidValueError naming ``where`` otherwise."""
    if not isinstance(value, str) or not ROUND_ID.fullmatch(value):
        raise InvalidValueError(
            f"{where} ska vara små bokstäver a–z, siffror, punkt och bindestreck, "
            f"fick {shown(value)}"
        )
    return value


def recipient_id(value: str, where: str = "remissinstansens id") -> str:
    """Return ``value`` if it is a recipient id (a–z, digits, hyphen)."""
    if not isinstance(value, str) or not RECIPIENT_ID.fullmatch(value):
        raise InvalidValueError(
            f"{where} ska vara små bokstäver a–z, siffror och bindestreck, fick {shown(value)}"
        )
    return value


def email(value: str, where: str = "e-post") -> str:
    """Return ``value`` if it is one plain e-mail address (name@domain.tld)."""
    if not isinstance(value, str) or len(value) > 254 or not EMAIL.fullmatch(value):
        raise InvalidValueError(f"{where} ska vara en e-postadress, fick {shown(value)}")
    return value


def is_email(value: str) -> bool:
    """Return True when ``value`` is one plain e-mail address."""
    return isinstance(value, str) and len(value) <= 254 and EMAIL.fullmatch(value) is not None


def _bad_character(text: str) -> str | None:
    for ch in text:
        if ch == "\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in "\u0085\u2028\u2029":
            return ch
    return None


def line(value: str, where: str, max_length: int = MAX_LINE, empty: bool = False) -> str:
    """Return ``value`` if it is one line of text (no newline or other control character,
    at most ``max_length`` characters, not blank unless ``empty``)."""
    if not isinstance(value, str):
        raise InvalidValueError(f"{where} ska vara text, fick {shown(value)}")
    bad = _bad_character(value)
    if bad is not None:
        raise InvalidValueError(
            f"{where} ska vara en rad utan radbrytningar och styrtecken, fick {shown(value)}"
        )
    if len(value) > max_length:
        raise InvalidValueError(f"{where} är längre än {max_length} tecken")
    if not empty and not value.strip():
        raise InvalidValueError(f"{where} får inte vara tomt")
    return value


def yes_no(value: object, where: str) -> bool:
    """Return a yes/no value: YAML true/false or the words ja/nej (any case)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().casefold() in ("ja", "nej", "true", "false"):
        return value.strip().casefold() in ("ja", "true")
    raise InvalidValueError(f"{where} ska vara ja eller nej, fick {shown(value)}")
