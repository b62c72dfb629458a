"""Compare two versions of a document: align sections, then diff them word by word.

Sections are aligned by content and by number, so that a renumbered, moved, split or
merged section is reported as such, not as a deletion and an insertion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from styrdok.markdown_io import normalise
from styrdok.model import Block, Document, Heading, section_ref
from styrdok.numbering import SectionNumber
from styrdok.similarity import WordIndex, Words, contained, dice
from styrdok.worddiff import Op, TokenTable, diff_sequences, word_diff

Status = Literal["added", "removed", "modified", "renumbered", "moved", "unchanged"]
BlockStatus = Literal["added", "removed", "modified", "unchanged"]
PREAMBLE_REF = "ingressen"
_WORD = re.compile(r"\w+")
SIMILAR = 0.5  # word overlap (Dice) above which two unmatched sections are the same one
SAME_NUMBER = 0.25  # lower bar for sections that keep their number
TITLE_MATCH = 0.2  # lower bar still for sections that keep their title
REPLACED = 0.1  # below this, a section under an old number is a new section
CONTAINED = 0.7  # share of a section's words found in another: split or merged
CONFIDENT = 0.6  # a section this alike under the same number is the same section
CLEARLY_BETTER = 0.2  # another section this much more alike takes precedence over a number


@dataclass(frozen=True)
class FlatSection:
    """A section on its own (subsections apart): where it stands and what it holds."""

    index: int
    ref: str
    heading: Heading | None  # None for the text before the first heading
    blocks: tuple[Block, ...]
    depth: int
    parent: int | None = None  # index of the enclosing section

    @property
    def number(self) -> SectionNumber | None:
        return self.heading.number if self.heading else None

    @property
    def title(self) -> str:
        return self.heading.title if self.heading else ""

    @property
    def body(self) -> str:
        return "\n".join(b.text for b in self.blocks)


def flatten(doc: Document) -> list[FlatSection]:
    """Return the document's sections in order, the preamble first when there is one."""
    out: list[FlatSection] = []
    if doc.preamble:
        out.append(FlatSection(0, PREAMBLE_REF, None, tuple(doc.preamble), 0))
    index_of: dict[int, int] = {}
    for section, parents in doc.walk():
        ref = section_ref(section, parents)
        parent = index_of[id(parents[-1])] if parents else None
        index_of[id(section)] = len(out)
        blocks = tuple(section.blocks)
        out.append(FlatSection(len(out), ref, section.heading, blocks, len(parents), parent))
    return out


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

    status: Status
    old: FlatSection | None
    new: FlatSection | None
    heading_ops: tuple[Op, ...]
    blocks: tuple[BlockChange, ...]
    split_from: str | None = None
    merged_into: str | None = None

    @property
    def text_changed(self) -> bool:
        """Return True when the heading's title, level or any block changed."""
        if self.old is None or self.new is None:
            return True
        return (
            self.old.title != self.new.title
            or self._level(self.old) != self._level(self.new)
            or any(b.status != "unchanged" or b.kind_changed for b in self.blocks)
        )

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
        """Return the section's citation in the new version, else in the old."""
        side = self.new or self.old
        assert side is not None
        return side.ref


@dataclass
class Comparison:
    """The change model of two versions: every section, changed or not, in reading order."""

    old: Document
    new: Document
    sections: list[SectionChange] = field(default_factory=list)

    @property
    def changes(self) -> list[SectionChange]:
        """Return the sections that are not unchanged."""
        return [s for s in self.sections if s.status != "unchanged"]

    def counts(self) -> Counter[str]:
        """Return how many sections have each status."""
        return Counter(s.status for s in self.sections)

    @property
    def summary(self) -> str:
        """Return the SFS-style change line, e.g. ``ändr. 3, 7 §§; ny 7 a §``."""
        from styrdok.changeline import change_line

        return change_line(self)


def _words(section: FlatSection) -> Words:
    return Words(f"{section.title} {section.body}")


class _Aligner:
    """Pairs old sections with new ones, in passes from the surest to the loosest."""

    def __init__(self, old: list[FlatSection], new: list[FlatSection]) -> None:
        self.old, self.new = old, new
        self.pairs: dict[int, int] = {}  # old index -> new index
        self.taken: set[int] = set()  # new indexes paired
        self._new_index: WordIndex | None = None
        self._words: dict[tuple[str, int], Words] = {}

    def words(self, side: str, section: FlatSection) -> Words:
        key = (side, section.index)
        if key not in self._words:
            self._words[key] = _words(section)
        return self._words[key]

    def index(self, side: str, sections: list[FlatSection]) -> WordIndex:
        """Return an index of ``sections``' words, keyed by section index."""
        return WordIndex((s.index, self.words(side, s)) for s in sections)

    def pair(self, i: int, j: int) -> None:
        self.pairs[i] = j
        self.taken.add(j)

    def free_old(self) -> list[FlatSection]:
        return [s for s in self.old if s.index not in self.pairs]

    def free_new(self) -> list[FlatSection]:
        return [s for s in self.new if s.index not in self.taken]

    def by_key(
        self,
        key: Callable[[FlatSection], Hashable | None],
        accept: Callable[[FlatSection, FlatSection], bool] | None = None,
    ) -> None:
        """Pair free sections whose key is equal and unique on both sides."""
        olds: dict[Hashable, list[FlatSection]] = {}
        for s in self.free_old():
            k = key(s)
            if k is not None:
                olds.setdefault(k, []).append(s)
        news: dict[Hashable, list[FlatSection]] = {}
        for s in self.free_new():
            k = key(s)
            if k is not None:
                news.setdefault(k, []).append(s)
        for k, found in news.items():
            if len(found) == 1 and len(olds.get(k, ())) == 1:
                a, b = olds[k][0], found[0]
                if accept is None or accept(a, b):
                    self.pair(a.index, b.index)

    def still_the_same(self, a: FlatSection, b: FlatSection) -> bool:
        """Return True when a section under the same number is the same section changed:
        it keeps its title, some of its words, or (a bare chapter heading) its subsections."""
        if a.title == b.title or dice(self.words("old", a), self.words("new", b)) >= REPLACED:
            return True
        if a.body or b.body:
            return False
        return any(
            self.old[i].parent == a.index and self.new[j].parent == b.index
            for i, j in self.pairs.items()
        )

    def by_similarity(self) -> None:
        """Pair the remaining sections whose words overlap most, best pairs first. Only
        sections that share one of their rarest words are compared."""
        olds, news = self.free_old(), self.free_new()
        if not olds or not news:
            return
        index = self.index("new", news)
        scored: list[tuple[float, int, int]] = []
        for a in olds:
            wa = self.words("old", a)
            for j in index.candidates(wa):
                b = self.new[j]
                score = dice(wa, self.words("new", b))
                if a.title and a.title == b.title:
                    score += 0.25
                if score >= SIMILAR:
                    scored.append((score, a.index, b.index))
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        for _score, i, j in scored:
            if i not in self.pairs and j not in self.taken:
                self.pair(i, j)

    def same_number(self, a: FlatSection, b: FlatSection) -> bool:
        """Return True when two sections with the same number are the same section: their
        text is alike, and no other free section is clearly more like it."""
        score = dice(self.words("old", a), self.words("new", b))
        if score < SAME_NUMBER and a.title != b.title:
            return False
        if score >= CONFIDENT:
            return True
        wa = self.words("old", a)
        for j in self._free_index().candidates(wa):
            if j != b.index and j not in self.taken:
                if dice(wa, self.words("new", self.new[j])) > score + CLEARLY_BETTER:
                    return False
        return True

    def _free_index(self) -> WordIndex:
        if self._new_index is None:
            self._new_index = self.index("new", self.free_new())
        return self._new_index

    def run(self) -> dict[int, int]:
        old_pre = [s for s in self.old if s.heading is None]
        new_pre = [s for s in self.new if s.heading is None]
        if old_pre and new_pre:
            self.pair(old_pre[0].index, new_pre[0].index)
        # 1. identical sections, wherever they stand
        self.by_key(lambda s: (s.heading.level if s.heading else 0, s.title, s.body))
        # 2. identical body text of some length under a new heading
        self.by_key(lambda s: s.body if len(s.body) >= 40 else None)
        # 3. the same title at the same level, unless the text has nothing in common
        self.by_key(
            lambda s: (
                (s.heading.level, s.number.kind if s.number else "", s.title)
                if s.heading and s.title
                else None
            ),
            lambda a, b: (
                not a.body
                or not b.body
                or not set(a.blocks).isdisjoint(b.blocks)
                or dice(self.words("old", a), self.words("new", b)) >= TITLE_MATCH
            ),
        )
        # 4. same number (and chapter), if the text is still recognisably the same
        self.by_key(lambda s: s.ref if s.number else None, self.same_number)
        # 5. the same unnumbered heading
        self.by_key(lambda s: None if s.number or s.heading is None else s.heading.text)
        # 6. the most similar of the rest
        self.by_similarity()
        # 7. same number, however changed, as long as title or some text remains
        self.by_key(
            lambda s: s.ref if s.number else None,
            self.still_the_same,
        )
        return self.pairs


def _longest_increasing(pairs: list[tuple[int, int]]) -> set[int]:
    """Return the old indexes of a longest run of pairs whose new indexes increase."""
    import bisect

    tails: list[int] = []
    tail_at: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        previous[k] = tail_at[pos - 1] if pos else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(pairs[k][0])
        k = previous[k]
    return keep


def _block_changes(
    old: tuple[Block, ...], new: tuple[Block, ...], table: TokenTable
) -> tuple[BlockChange, ...]:
    if old == new:
        return tuple(BlockChange("unchanged", b, b, (Op("equal", b.text),)) for b in old)
    codes: dict[Block, str] = {}

    def encode(blocks: Iterable[Block]) -> str:
        return "".join(codes.setdefault(b, chr(0x100 + len(codes))) for b in blocks)

    out: list[BlockChange] = []
    i = j = 0
    deleted: list[Block] = []
    inserted: list[Block] = []

    def flush() -> None:
        out.extend(_pair_blocks(deleted, inserted, table))
        deleted.clear()
        inserted.clear()

    for kind, chars in diff_sequences(encode(old), encode(new)):
        n = len(chars)
        if kind == 0:
            flush()
            for k in range(n):
                out.append(
                    BlockChange(
                        "unchanged", old[i + k], new[j + k], (Op("equal", old[i + k].text),)
                    )
                )
            i += n
            j += n
        elif kind == -1:
            deleted.extend(old[i : i + n])
            i += n
        else:
            inserted.extend(new[j : j + n])
            j += n
    flush()
    return tuple(out)


def _pair_blocks(
    deleted: list[Block], inserted: list[Block], table: TokenTable
) -> list[BlockChange]:
    """Return changes for a replaced run of blocks: similar ones paired in order."""
    if (
        len(deleted) == 1
        and len(inserted) == 1
        and deleted[0].kind == inserted[0].kind == "paragraph"
    ):
        # One paragraph in place of another: the same paragraph, rewritten.
        old, new = deleted[0], inserted[0]
        return [BlockChange("modified", old, new, tuple(word_diff(old.text, new.text, table)))]
    out: list[BlockChange] = []
    j = 0
    inserted_words = [Words(b.text) for b in inserted]
    for old in deleted:
        words_old = Words(old.text)
        match = None
        for k in range(j, len(inserted)):
            if dice(words_old, inserted_words[k]) >= SAME_NUMBER:
                match = k
                break
        if match is None:
            out.append(BlockChange("removed", old, None, (Op("delete", old.text),)))
            continue
        for k in range(j, match):
            out.append(BlockChange("added", None, inserted[k], (Op("insert", inserted[k].text),)))
        new = inserted[match]
        ops = tuple(word_diff(old.text, new.text, table))
        status: BlockStatus = "unchanged" if old.text == new.text else "modified"
        out.append(BlockChange(status, old, new, ops))
        j = match + 1
    for k in range(j, len(inserted)):
        out.append(BlockChange("added", None, inserted[k], (Op("insert", inserted[k].text),)))
    return out


def _heading_text(section: FlatSection | None) -> str:
    return section.heading.text if section and section.heading else ""


def compare(old: Document, new: Document) -> Comparison:
    """Return the change model that turns ``old`` into ``new``."""
    old_flat, new_flat = flatten(old), flatten(new)
    aligner = _Aligner(old_flat, new_flat)
    pairs = aligner.run()
    in_order = _longest_increasing(sorted(pairs.items()))
    table = TokenTable()
    new_to_old = {j: i for i, j in pairs.items()}

    split_from, merged_into = _splits_and_merges(aligner, old_flat, new_flat, pairs)

    entries: list[tuple[tuple[int, int, int], SectionChange]] = []
    for s in new_flat:
        if s.index in new_to_old:
            o = old_flat[new_to_old[s.index]]
            entries.append(((s.index, 0, 0), _paired(o, s, o.index in in_order, table)))
        else:
            entries.append(
                ((s.index, 0, 0), _one_sided("added", None, s, split_from=split_from.get(s.index)))
            )
    anchor = -1
    for o in old_flat:
        if o.index in pairs:
            if o.index in in_order:
                anchor = pairs[o.index]
            continue
        change = _one_sided("removed", o, None, merged_into=merged_into.get(o.index))
        entries.append(((anchor, 1, o.index), change))
    entries.sort(key=lambda e: e[0])
    return Comparison(old, new, [change for _key, change in entries])


def _splits_and_merges(
    aligner: _Aligner,
    old_flat: list[FlatSection],
    new_flat: list[FlatSection],
    pairs: dict[int, int],
) -> tuple[dict[int, str], dict[int, str]]:
    """Return, for unpaired new sections, the old section they were split from, and for
    unpaired old sections, the new section they were merged into (by index)."""
    new_to_old = {j: i for i, j in pairs.items()}
    split_from: dict[int, str] = {}
    merged_into: dict[int, str] = {}
    lone_new = [s for s in new_flat if s.index not in new_to_old and s.body]
    lone_old = [s for s in old_flat if s.index not in pairs and s.body]
    if not lone_new and not lone_old:
        return split_from, merged_into
    old_index = aligner.index("old", [old_flat[i] for i in sorted(pairs)])
    new_index = aligner.index("new", [new_flat[j] for j in sorted(new_to_old)])
    for s in lone_new:
        words = aligner.words("new", s)
        for i in sorted(old_index.candidates(words)):
            whole = aligner.words("old", old_flat[i])
            kept = aligner.words("new", new_flat[pairs[i]])
            if contained(words, whole) >= CONTAINED and contained(words, kept) < CONTAINED:
                split_from[s.index] = old_flat[i].ref
                break
    for s in lone_old:
        words = aligner.words("old", s)
        for j in sorted(new_index.candidates(words)):
            whole = aligner.words("new", new_flat[j])
            kept = aligner.words("old", old_flat[new_to_old[j]])
            if contained(words, whole) >= CONTAINED and contained(words, kept) < CONTAINED:
                merged_into[s.index] = new_flat[j].ref
                break
    return split_from, merged_into


def _paired(o: FlatSection, n: FlatSection, in_order: bool, table: TokenTable) -> SectionChange:
    heading_ops = tuple(word_diff(_heading_text(o), _heading_text(n), table))
    blocks = _block_changes(o.blocks, n.blocks, table)
    change = SectionChange("unchanged", o, n, heading_ops, blocks)
    status: Status
    if not in_order:
        status = "moved"
    elif o.ref != n.ref or o.number != n.number:
        status = "renumbered"
    elif _heading_text(o) != _heading_text(n) or change.text_changed:
        status = "modified"
    else:
        status = "unchanged"
    return SectionChange(status, o, n, heading_ops, blocks)


def _one_sided(
    status: Literal["added", "removed"],
    old: FlatSection | None,
    new: FlatSection | None,
    split_from: str | None = None,
    merged_into: str | None = None,
) -> SectionChange:
    side = old or new
    assert side is not None
    kind: Literal["insert", "delete"] = "insert" if status == "added" else "delete"
    block_status: BlockStatus = status
    heading = (Op(kind, side.heading.text),) if side.heading and side.heading.text else ()
    blocks = tuple(
        BlockChange(
            block_status,
            b if status == "removed" else None,
            b if status == "added" else None,
            (Op(kind, b.text),),
        )
        for b in side.blocks
    )
    return SectionChange(status, old, new, heading, blocks, split_from, merged_into)


__all__ = [
    "BlockChange",
    "Comparison",
    "FlatSection",
    "SectionChange",
    "compare",
    "flatten",
    "normalise",
]
