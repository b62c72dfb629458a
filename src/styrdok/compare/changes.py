"""The change model: the sections of two versions, paired, with their word operations.

Every writer (terminal, HTML, Markdown, JSON, Word) reads this model; none re-diffs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from styrdok.compare.worddiff import Op
from styrdok.core.vocabulary import PREAMBLE
from styrdok.text.model import Block, ChapterBeside, Document, Heading, Section
from styrdok.text.numbering import SectionNumber


class SectionStatus(StrEnum):
    """How a section relates to the other version; the values are those of the JSON output."""

    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    UNCHANGED = "unchanged"


class BlockStatus(StrEnum):
    """How a paragraph or list item relates to the other version (it never moves alone)."""

    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class FlatSection:
    """A section on its own (subsections apart): where it stands and what it holds."""

    index: int
    ref: str
    heading: Heading | None  # None for the text before the first heading
    blocks: tuple[Block, ...]
    depth: int
    parent: int | None = None  # index of the enclosing section
    chapter: str = ""  # the heading of the chapter it stands in (or is), "" outside chapters
    # How styrdok cited it before paragraphs beside a chapter heading were cited with the
    # chapter ("1 §" for "2 kap. 1 §"), when that differs; keys of that time still find it.
    legacy_ref: str = ""

    @property
    def number(self) -> SectionNumber | None:
        return self.heading.number if self.heading else None

    @property
    def title(self) -> str:
        return self.heading.title if self.heading else ""

    @cached_property
    def body(self) -> str:
        return "\n".join([b.text for b in self.blocks])


def flatten(doc: Document) -> list[FlatSection]:
    """Return the document's sections in order, the preamble first when there is one."""
    out: list[FlatSection] = []
    if doc.preamble:
        out.append(FlatSection(0, PREAMBLE, None, tuple(doc.preamble), 0))
    _flatten(doc.sections, out, None, 0, (None, None), ChapterBeside())
    return out


def _flatten(
    sections: list[Section],
    out: list[FlatSection],
    parent: int | None,
    depth: int,
    chapters: tuple[tuple[str, str] | None, str | None],
    beside: ChapterBeside,
) -> None:
    """Append ``sections`` and their subsections to ``out`` in document order;
    ``chapters`` holds the label and heading of the innermost chapter they stand in, and
    the label of the one they stood in before chapters beside were counted. Each section's ref
    is the one ``ChapterBeside.cite`` gives, its chapter the heading of the innermost
    chapter it is or stands in (above it or beside it), with each heading's number read
    once."""
    for section in sections:
        heading = section.heading
        number = heading.number
        chapter, was = chapters
        around = beside.step(heading, number) or chapter  # the one beside it, else above
        legacy = ""
        if number is None:
            ref = heading.title or heading.text
        elif number.kind == "paragraf":
            ref = f"{around[0]} {number.label}" if around is not None else number.label
            former = f"{was} {number.label}" if was is not None else number.label
            legacy = former if former != ref else ""
        else:
            ref = number.label
        inner = around
        if number is not None and number.kind == "kapitel":
            inner, was = (number.label, heading.text), number.label
        index = len(out)
        blocks = tuple(section.blocks)
        out.append(
            FlatSection(
                index, ref, heading, blocks, depth, parent, inner[1] if inner else "", legacy
            )
        )
        if section.children:
            _flatten(section.children, out, index, depth + 1, (inner, was), beside)


@dataclass(frozen=True)
class BlockChange:
    """A paragraph or list item in the comparison, with its word operations."""

    status: BlockStatus
    old: Block | None
    new: Block | None
    ops: tuple[Op, ...]

    @property
    def kind_changed(self) -> bool:
        """Return True when the block's kind (paragraph, list type) or depth changed."""
        return (
            self.old is not None
            and self.new is not None
            and (self.old.kind, self.old.depth) != (self.new.kind, self.new.depth)
        )


@dataclass(frozen=True)
class SectionChange:
    """One section in the comparison: how it relates to the other version."""

    status: SectionStatus
    old: FlatSection | None
    new: FlatSection | None
    heading_ops: tuple[Op, ...]
    blocks: tuple[BlockChange, ...]
    split_from: str | None = None
    merged_into: str | None = None
    key: str = ""  # the section's identity in the comparison (compare.keys), unique in it

    @cached_property
    def text_changed(self) -> bool:
        """Return True when the heading's title, level or any block changed."""
        if self.old is None or self.new is None:
            return True
        return text_changed(self.old, self.new, self.blocks)

    @property
    def level_changed(self) -> bool:
        """Return True when the heading level changed."""
        return (
            self.old is not None
            and self.new is not None
            and self._level(self.old) != self._level(self.new)
        )

    @staticmethod
    def _level(section: FlatSection) -> int:
        return section.heading.level if section.heading else 0

    @property
    def ref(self) -> str:
        """Return the section's citation in the new version, else in the old: for people,
        not to tie anything to the section (a repealed and a renumbered section may share
        it); :attr:`key` does that."""
        side = self.new or self.old
        assert side is not None
        return side.ref

    @property
    def chapter(self) -> str:
        """Return the heading of the chapter the section stands in (new version, else
        old), '' outside chapters."""
        side = self.new or self.old
        assert side is not None
        return side.chapter


def text_changed(old: FlatSection, new: FlatSection, blocks: tuple[BlockChange, ...]) -> bool:
    """Return True when a section's heading title, level or any of its ``blocks``
    changed (:attr:`SectionChange.text_changed`)."""
    return (
        old.title != new.title
        or SectionChange._level(old) != SectionChange._level(new)
        or any(b.status != BlockStatus.UNCHANGED or b.kind_changed for b in blocks)
    )


@dataclass
class Comparison:
    """The change model of two versions: every section, changed or not, in reading order."""

    old: Document
    new: Document
    sections: list[SectionChange] = field(default_factory=list)

    @property
    def changes(self) -> list[SectionChange]:
        """Return the sections that are not unchanged."""
        return [s for s in self.sections if s.status != SectionStatus.UNCHANGED]

    def counts(self) -> Counter[SectionStatus]:
        """Return how many sections have each status."""
        return Counter(s.status for s in self.sections)
