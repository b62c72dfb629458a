"""Recognise the section number in a heading, in every style Swedish texts use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

NumberKind = Literal["paragraf", "kapitel", "avsnitt", "bilaga"]

_LETTER = r"(?:\s?(?P<letter>[a-z])(?![\wåäöé]))?"
_PATTERNS: list[tuple[NumberKind, re.Pattern[str]]] = [
    # 3 §, 3 a §, 7a § Title
    ("paragraf", re.compile(r"^(?P<num>\d{1,3})" + _LETTER + r"\s?§(?!§)\s*(?P<title>.*)$")),
    # § 3, §3, §3.1, § 3 a Title
    ("paragraf", re.compile(r"^§\s?(?P<num>\d{1,3}(?:\.\d{1,3})*)" + _LETTER + r"(?P<title>.*)$")),
    # 1 kap. Title, 1 kap Title
    ("kapitel", re.compile(r"^(?P<num>\d{1,3})" + _LETTER + r"\s?kap\b\.?\s*(?P<title>.*)$")),
    # Kapitel 1 Title, KAPITEL 1: Title
    ("kapitel", re.compile(r"^(?i:kapitel)\s+(?P<num>\d{1,3})" + _LETTER + r"(?P<title>.*)$")),
    # Bilaga 1 Title
    ("bilaga", re.compile(r"^(?i:bilaga)\s+(?P<num>\d{1,3}|[A-Z])(?![\w])(?P<title>.*)$")),
    # 3 Title, 3. Title, 3.1 Title, 3.1.2
    (
        "avsnitt",
        re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3})*)(?:\.(?=\s|$))?(?:\s+(?P<title>\S.*))?$"),
    ),
]
_TITLE_LEAD = re.compile(r"^[\s.:–—-]+")


@dataclass(frozen=True, order=True)
class SectionNumber:
    """A section number: its kind and its value (``3``, ``3 a``, ``3.1``, ``A``)."""

    kind: NumberKind
    value: str

    @property
    def label(self) -> str:
        """Return the number as it is cited: ``3 §``, ``2 kap.``, ``3.1``, ``bilaga 1``."""
        if self.kind == "paragraf":
            return f"{self.value} §"
        if self.kind == "kapitel":
            return f"{self.value} kap."
        if self.kind == "bilaga":
            return f"bilaga {self.value}"
        return self.value

    @property
    def parts(self) -> tuple[int, ...]:
        """Return the numeric parts (``3.1.2`` → (3, 1, 2)); letters are ignored."""
        head = self.value.split(" ")[0]
        return tuple(int(p) for p in head.split(".") if p.isdigit())

    @property
    def letter(self) -> str:
        """Return the letter of an inserted number (``7 a`` → ``a``), else ''."""
        pieces = self.value.split(" ")
        return pieces[1] if len(pieces) > 1 else ""


@lru_cache(maxsize=65536)
def parse_heading(text: str) -> tuple[SectionNumber | None, str]:
    """Return the number found in a heading's text and the title that remains."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        value = match.group("num")
        letter = match.groupdict().get("letter")
        if letter:
            value = f"{value} {letter}"
        title = _TITLE_LEAD.sub("", match.group("title") or "")
        return SectionNumber(kind, value), title
    return None, text
