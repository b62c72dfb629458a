"""What the terminal, HTML and Markdown redlines share: Swedish status words, counts and
list items grouped into (nested) lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from styrdok.compare.changeline import chapter_prefix, cite
from styrdok.compare.diff import DiffResult
from styrdok.compare.engine import BlockChange, Comparison, SectionChange, SectionStatus
from styrdok.core.vocabulary import PREAMBLE_HEADING
from styrdok.text.model import Block, BlockKind

NO_HEADING_LABEL = "(rubrik saknas)"
TEXT_UNCHANGED = "Texten är oförändrad."
KIND_WORDS: dict[BlockKind, str] = {
    "paragraph": "stycke",
    "bullet": "punktlista",
    "ordered": "numrerad lista",
}
# Section statuses in the order the counts are shown, with their Swedish plural.
COUNT_WORDS = (
    (SectionStatus.MODIFIED, "ändrade"),
    (SectionStatus.ADDED, "nya"),
    (SectionStatus.REMOVED, "upphävda"),
    (SectionStatus.RENUMBERED, "omnumrerade"),
    (SectionStatus.MOVED, "flyttade"),
)


def status_text(change: SectionChange) -> str:
    """Return how a section changed, in Swedish words: ``ny``, ``upphävd``, ``ändrad``,
    ``ny numrering: 4 § → 5 §, ändrad``, ``flyttad från 9 §`` …"""
    old, new = change.old, change.new
    words: list[str] = []
    if change.status == SectionStatus.ADDED:
        words.append("ny")
        if change.split_from:
            words.append(f"delad från {change.split_from}")
    elif change.status == SectionStatus.REMOVED:
        words.append("upphävd")
        if change.merged_into:
            words.append(f"sammanslagen med {change.merged_into}")
    elif change.status == SectionStatus.MODIFIED:
        words.append("ändrad")
    elif change.status == SectionStatus.UNCHANGED:
        words.append("oförändrad")
    elif old is not None and new is not None:
        if change.status == SectionStatus.RENUMBERED:
            words.append(f"ny numrering: {old.ref} → {new.ref}")
        elif old.ref != new.ref:
            words.append(f"flyttad från {old.ref}")
        else:
            words.append("flyttad")
        if change.text_changed:
            words.append("ändrad")
    if change.level_changed:
        words.append("ny rubriknivå")
    return ", ".join(words)


def heading_prefix(change: SectionChange) -> str:
    """Return the chapter a paragraph's heading does not name (``2 kap.``), from the new
    version, else the old; '' for a section outside chapters or not a paragraph."""
    side = change.new or change.old
    assert side is not None
    return chapter_prefix(side)


def label(change: SectionChange) -> str:
    """Return the plain heading of a section (the new one, else the old one), with the
    chapter a paragraph stands in: ``2 kap. 3 § Presidium``."""
    side = change.new or change.old
    assert side is not None
    if side.heading is None:
        return PREAMBLE_HEADING
    text = side.heading.text or side.ref or NO_HEADING_LABEL
    prefix = heading_prefix(change)
    return f"{prefix} {text}" if prefix else text


@dataclass
class ChapterGroup:
    """Consecutive changed sections of one chapter ('' outside chapters), for a table of
    contents or a summary grouped by chapter."""

    chapter: str
    items: list[Any] = field(default_factory=list)


def by_chapter(changes: Sequence[SectionChange], items: Sequence[Any]) -> list[ChapterGroup]:
    """Return ``items`` (one per change, in the same order) grouped into runs of changes
    that stand in the same chapter."""
    groups: list[ChapterGroup] = []
    for change, item in zip(changes, items, strict=True):
        if not groups or groups[-1].chapter != change.chapter:
            groups.append(ChapterGroup(change.chapter))
        groups[-1].items.append(item)
    return groups


def shows_body(change: SectionChange) -> bool:
    """Return True when a changed section's text is worth showing: not for a section that
    was only renumbered or moved."""
    return change.text_changed


def title_changed(change: SectionChange) -> bool:
    """Return True when a section's heading title (not only its number) changed."""
    return (
        change.old is not None and change.new is not None and change.old.title != change.new.title
    )


def side(change: BlockChange) -> Block:
    """Return the block as it stands in the new version, else as it stood in the old."""
    block = change.new or change.old
    assert block is not None
    return block


def form_note(change: BlockChange) -> str:
    """Return a note when a block's kind or list level changed, e.g. ``tidigare stycke``."""
    if not change.kind_changed or change.old is None or change.new is None:
        return ""
    old, new = change.old, change.new
    if old.kind != new.kind:
        return f"tidigare {KIND_WORDS[old.kind]}"
    return f"tidigare listnivå {old.depth + 1}"


def counts(comparison: Comparison) -> list[tuple[str, int]]:
    """Return the number of sections per status, as Swedish words and counts."""
    found = comparison.counts()
    return [(word, found.get(status, 0)) for status, word in COUNT_WORDS]


def unchanged_sections(result: DiffResult) -> str:
    """Return a compact citation of the unchanged sections, e.g. ``1, 2 §§, bilaga 1``."""
    kept = [
        s.new for s in result.comparison.sections if s.status == SectionStatus.UNCHANGED and s.new
    ]
    return cite(kept)


def unchanged_count(result: DiffResult) -> str:
    """Return ``N avsnitt oförändrade`` (``1 avsnitt oförändrat``), or '' for none."""
    n = result.comparison.counts().get(SectionStatus.UNCHANGED, 0)
    if n == 0:
        return ""
    return "1 avsnitt oförändrat" if n == 1 else f"{n} avsnitt oförändrade"


@dataclass
class Paragraph:
    """A paragraph block in a section."""

    change: BlockChange


@dataclass
class ListItem:
    """A list item with its number (ordered lists) and the lists nested under it."""

    change: BlockChange
    number: int
    children: list[BlockList] = field(default_factory=list)


@dataclass
class BlockList:
    """Consecutive list items of one kind at one level."""

    kind: BlockKind
    items: list[ListItem] = field(default_factory=list)
    _new_seen: int = 0
    _old_seen: int = 0

    @property
    def ordered(self) -> bool:
        return self.kind == "ordered"

    def add(self, change: BlockChange) -> ListItem:
        """Append an item numbered as in its own version: removed items keep their old
        number, every other item gets its number in the new version."""
        self._new_seen += change.new is not None
        self._old_seen += change.old is not None
        item = ListItem(change, self._new_seen if change.new is not None else self._old_seen)
        self.items.append(item)
        return item


def group_blocks(blocks: Sequence[BlockChange]) -> list[Paragraph | BlockList]:
    """Return a section's blocks with consecutive list items grouped into nested lists.

    An item nests under the last item one level up *in its own version* (the new one when
    it is in both): a new sub-item that the comparison lists after a removed item still
    goes under its parent in the new version. An item without a parent nests less deep."""
    out: list[Paragraph | BlockList] = []
    # the last item at each level in the old and in the new version, with its list
    last: dict[str, list[tuple[BlockList, ListItem]]] = {"old": [], "new": []}
    for change in blocks:
        block = side(change)
        if block.kind == "paragraph":
            last = {"old": [], "new": []}
            out.append(Paragraph(change))
            continue
        versions = [v for v, b in (("old", change.old), ("new", change.new)) if b is not None]
        chain = last[versions[-1]][: block.depth]  # the new version's parents, if it has one
        if chain:
            siblings = chain[-1][1].children
        else:
            siblings = [g for g in out[-1:] if isinstance(g, BlockList)]
        if not siblings or siblings[-1].kind != block.kind:
            new_list = BlockList(block.kind)
            (chain[-1][1].children if chain else out).append(new_list)
            siblings = [new_list]
        group = siblings[-1]
        item = group.add(change)
        for v in versions:
            last[v] = [*last[v][: len(chain)], (group, item)]
    return out


def marker(group: BlockList, item: ListItem) -> str:
    """Return the plain-text marker of a list item: ``- `` or ``3. ``."""
    return f"{item.number}. " if group.ordered else "- "
