"""The document model: front matter, headings, sections and text blocks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from styrdok.text.numbering import SectionNumber, parse_heading

BlockKind = Literal["paragraph", "bullet", "ordered"]

# Front matter keys, as staff write them (Swedish), and their meaning.
KEY_TITLE = "titel"
KEY_KIND = "typ"
KEY_ADOPTED_BY = "antas av"
KEY_DNR = "diarienummer"
KEY_STATUS = "status"
KEY_VERSION = "version"
KEY_DECISION = "beslut"
KEY_VALID_FROM = "gäller från"
KEY_NOTE = "anmärkning"
STATUSES = ("gällande", "förslag", "utkast", "upphävd")
STATUTES = "förbundsordning"  # the kind (typ) of the statutes


@dataclass(frozen=True)
class Block:
    """A paragraph or a list item; ``text`` is reflowed onto one line."""

    kind: BlockKind
    text: str
    depth: int = 0


@dataclass(frozen=True)
class Heading:
    """A heading as written, with its level (1–6) and the number found in it."""

    level: int
    text: str

    @property
    def number(self) -> SectionNumber | None:
        """Return the section number in the heading, or None for an unnumbered one."""
        return parse_heading(self.text)[0]

    @property
    def title(self) -> str:
        """Return the heading text without its number."""
        return parse_heading(self.text)[1]


@dataclass
class Section:
    """A heading, the blocks under it and its subsections."""

    heading: Heading
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Metadata:
    """The front matter of a document, kept as written (a mapping of Swedish keys)."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def text(self, key: str) -> str | None:
        """Return the value of ``key`` as a string, or None when it is absent."""
        value = self.values.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    @property
    def title(self) -> str | None:
        return self.text(KEY_TITLE)

    @property
    def label(self) -> str | None:
        return self.text(KEY_VERSION)

    @property
    def status(self) -> str | None:
        return self.text(KEY_STATUS)

    @property
    def dnr(self) -> str | None:
        return self.text(KEY_DNR)

    @property
    def decision(self) -> str | None:
        return self.text(KEY_DECISION)

    @property
    def valid_from(self) -> dt.date | None:
        value = self.values.get(KEY_VALID_FROM)
        return value if isinstance(value, dt.date) else None


def is_statutes(meta: Metadata, name: str = "") -> bool:
    """Return whether a document is the förbund's förbundsordning, which every member's
    fullmäktige must adopt in the same wording before it enters into force.

    The front matter's kind (``typ``) decides; without one, the title or the file name
    ``name`` (``forbundsordning``) saying förbundsordning does."""
    kind = (meta.text(KEY_KIND) or "").casefold()
    if kind:
        return kind == STATUTES
    said = f"{name} {meta.title or ''}".casefold()
    return STATUTES in said or STATUTES.replace("ö", "o") in said


@dataclass
class Document:
    """A governance document: front matter, text before the first heading, sections."""

    meta: Metadata = field(default_factory=Metadata)
    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    @property
    def display_title(self) -> str:
        """Return the title to show: the front matter's, else the first level-1 heading's."""
        if self.meta.title:
            return self.meta.title
        for section in self.sections:
            if section.heading.level == 1:
                return section.heading.text
        return ""

    def walk(self) -> Iterator[tuple[Section, tuple[Section, ...]]]:
        """Return every section in document order with its chain of ancestors."""

        def visit(
            sections: list[Section], parents: tuple[Section, ...]
        ) -> Iterator[tuple[Section, tuple[Section, ...]]]:
            for section in sections:
                yield section, parents
                yield from visit(section.children, (*parents, section))

        return visit(self.sections, ())


def section_ref(section: Section, parents: tuple[Section, ...]) -> str:
    """Return how a section is cited: ``2 kap. 3 §``, ``3.1``, ``bilaga 1`` or its title."""
    number = section.heading.number
    if number is None:
        return section.heading.title or section.heading.text
    prefix = [
        p.heading.number.label
        for p in parents
        if p.heading.number is not None and p.heading.number.kind == "kapitel"
    ]
    if number.kind == "paragraf" and prefix:
        return f"{prefix[-1]} {number.label}"
    return number.label


class ChapterBeside:
    """Follows the headings of one document in reading order to find the chapter a
    paragraph stands in when the chapter headings stand beside the paragraphs (``## 2
    kap.`` then ``## 1 §``, one level) instead of above them, as in texts converted from
    Word where both are Heading 2. :func:`section_ref` sees only a section's ancestors;
    such a paragraph is cited with the chapter beside it too: ``2 kap. 1 §``."""

    def __init__(self) -> None:
        self._chapter: tuple[int, str, str] | None = None  # level, label, heading text

    def step(self, heading: Heading, number: SectionNumber | None) -> tuple[str, str] | None:
        """Read the next heading (``number``: its number); return the label and heading
        of the chapter beside it when it is a paragraph at that chapter's level."""
        level = heading.level
        paragraph = number is not None and number.kind == "paragraf"
        chapter = self._chapter
        if chapter is not None and (level < chapter[0] or (level == chapter[0] and not paragraph)):
            chapter = self._chapter = None  # a heading above the chapter, or beside it
        if number is not None and number.kind == "kapitel":
            self._chapter = (level, number.label, heading.text)
            return None
        if paragraph and chapter is not None and chapter[0] == level:
            return chapter[1], chapter[2]
        return None

    def cite(self, section: Section, parents: tuple[Section, ...]) -> str:
        """Return how the next section in reading order is cited: as :func:`section_ref`
        cites it, with the chapter beside it when there is one."""
        number = section.heading.number
        beside = self.step(section.heading, number)
        if beside is not None and number is not None:
            return f"{beside[0]} {number.label}"
        return section_ref(section, parents)
