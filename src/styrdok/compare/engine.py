"""Compare two versions of a document: align sections, then diff them word by word.

Sections are aligned by content and by number, so that a renumbered, moved, split or
merged section is reported as such, not as a deletion and an insertion.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from styrdok.compare.align import CONTAINED, SAME_NUMBER, Aligner, longest_increasing
from styrdok.compare.changes import (
    BlockChange,
    BlockStatus,
    Comparison,
    FlatSection,
    SectionChange,
    SectionStatus,
    flatten,
    text_changed,
)
from styrdok.compare.keys import assign_keys
from styrdok.compare.similarity import Words, contained, dice
from styrdok.compare.worddiff import Op, TokenTable, diff_sequences, word_diff
from styrdok.core.gcpause import gc_paused
from styrdok.text.markdown import normalise
from styrdok.text.model import Block, Document

_WORD = re.compile(r"\w+")


def _block_changes(
    old: tuple[Block, ...], new: tuple[Block, ...], table: TokenTable
) -> tuple[BlockChange, ...]:
    if old == new:
        return tuple(BlockChange(BlockStatus.UNCHANGED, b, b, (Op("equal", b.text),)) for b in old)
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
                        BlockStatus.UNCHANGED,
                        old[i + k],
                        new[j + k],
                        (Op("equal", old[i + k].text),),
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
        return [
            BlockChange(BlockStatus.MODIFIED, old, new, tuple(word_diff(old.text, new.text, table)))
        ]
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
            out.append(BlockChange(BlockStatus.REMOVED, old, None, (Op("delete", old.text),)))
            continue
        for k in range(j, match):
            out.append(
                BlockChange(BlockStatus.ADDED, None, inserted[k], (Op("insert", inserted[k].text),))
            )
        new = inserted[match]
        ops = tuple(word_diff(old.text, new.text, table))
        status = BlockStatus.UNCHANGED if old.text == new.text else BlockStatus.MODIFIED
        out.append(BlockChange(status, old, new, ops))
        j = match + 1
    for k in range(j, len(inserted)):
        out.append(
            BlockChange(BlockStatus.ADDED, None, inserted[k], (Op("insert", inserted[k].text),))
        )
    return out


def _heading_text(section: FlatSection | None) -> str:
    return section.heading.text if section and section.heading else ""


def compare(old: Document, new: Document) -> Comparison:
    """Return the change model that turns ``old`` into ``new``."""
    with gc_paused():
        return _compare(old, new)


def _compare(old: Document, new: Document) -> Comparison:
    old_flat, new_flat = flatten(old), flatten(new)
    aligner = Aligner(old_flat, new_flat)
    pairs = aligner.run()
    in_order = longest_increasing(sorted(pairs.items()))
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
                (
                    (s.index, 0, 0),
                    _one_sided(SectionStatus.ADDED, None, s, split_from=split_from.get(s.index)),
                )
            )
    anchor = -1
    for o in old_flat:
        if o.index in pairs:
            if o.index in in_order:
                anchor = pairs[o.index]
            continue
        change = _one_sided(SectionStatus.REMOVED, o, None, merged_into=merged_into.get(o.index))
        entries.append(((anchor, 1, o.index), change))
    entries.sort(key=lambda e: e[0])
    return Comparison(old, new, assign_keys(change for _key, change in entries))


def _splits_and_merges(
    aligner: Aligner,
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
    # Each index is looked up only with the words of the lone sections on the other side.
    if lone_new:
        vocabulary = frozenset().union(*(aligner.words("new", s).counts for s in lone_new))
        old_index = aligner.index("old", [old_flat[i] for i in sorted(pairs)], vocabulary)
    for s in lone_new:
        words = aligner.words("new", s)
        for i in sorted(old_index.candidates(words)):
            whole = aligner.words("old", old_flat[i])
            kept = aligner.words("new", new_flat[pairs[i]])
            if contained(words, whole) >= CONTAINED and contained(words, kept) < CONTAINED:
                split_from[s.index] = old_flat[i].ref
                break
    if lone_old:
        vocabulary = frozenset().union(*(aligner.words("old", s).counts for s in lone_old))
        new_index = aligner.index("new", [new_flat[j] for j in sorted(new_to_old)], vocabulary)
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
    changed: bool | None = None  # text_changed, when the status needs it
    same_heading = o.heading is n.heading or o.heading == n.heading
    if not in_order:
        status = SectionStatus.MOVED
    elif o.ref != n.ref or (not same_heading and o.number != n.number):
        status = SectionStatus.RENUMBERED
    elif same_heading and o.blocks == n.blocks:
        # The same heading and blocks: every block unchanged and of the same kind, so
        # text_changed is False without looking at them again.
        changed = False
        status = SectionStatus.UNCHANGED
    elif _heading_text(o) != _heading_text(n):
        status = SectionStatus.MODIFIED
    else:
        changed = text_changed(o, n, blocks)
        status = SectionStatus.MODIFIED if changed else SectionStatus.UNCHANGED
    change = SectionChange(status, o, n, heading_ops, blocks)
    if changed is not None:
        # What the cached property would compute from the same sections and blocks,
        # kept where it keeps its value, so that a writer does not compute it again.
        change.__dict__["text_changed"] = changed
    return change


def _one_sided(
    status: Literal[SectionStatus.ADDED, SectionStatus.REMOVED],
    old: FlatSection | None,
    new: FlatSection | None,
    split_from: str | None = None,
    merged_into: str | None = None,
) -> SectionChange:
    side = old or new
    assert side is not None
    added = status == SectionStatus.ADDED
    kind: Literal["insert", "delete"] = "insert" if added else "delete"
    block_status = BlockStatus.ADDED if added else BlockStatus.REMOVED
    heading = (Op(kind, side.heading.text),) if side.heading and side.heading.text else ()
    blocks = tuple(
        BlockChange(
            block_status,
            None if added else b,
            b if added else None,
            (Op(kind, b.text),),
        )
        for b in side.blocks
    )
    return SectionChange(status, old, new, heading, blocks, split_from, merged_into)


__all__ = [
    "BlockChange",
    "BlockStatus",
    "Comparison",
    "FlatSection",
    "SectionChange",
    "SectionStatus",
    "compare",
    "flatten",
    "normalise",
]
