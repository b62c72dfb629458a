"""Section keys: what ties a view, a form row or a position to one section of a comparison.

A section's citation is no identity: in a revision that repeals ``2 kap. 3 §`` and turns
``2 kap. 4 §`` into the new ``2 kap. 3 §``, both are cited ``2 kap. 3 §``. The key names
the section in the old and in the new version, each chapter-qualified as
:func:`~styrdok.text.model.section_ref` cites it (with
:class:`~styrdok.text.model.ChapterBeside` for a chapter heading beside the paragraphs):

- ``1 kap. 2 §`` when both citations are the same,
- ``2 kap. 4 § → 2 kap. 3 §`` for a renumbered (or moved) section,
- ``→ 2 kap. 5 §`` for a new section and ``2 kap. 3 § →`` for a repealed one,

and a second section with the same key (two unnumbered headings of the same title) gets
`` (2)``, in reading order. Keys are made once, by :func:`assign_keys` when the comparison
is made, so the same two versions always give the same keys. Labels are for people; keys
are what records, bookmarks and positions store.

Records written before keys existed store the citation (``3 §``, ``ingressen``):
:meth:`SectionIndex.stored` reads a stored value as a key, else as a key of the time
before paragraphs beside a chapter heading were cited with the chapter (``1 § (2)`` for
``2 kap. 1 §``), else as the citation of the new version, else of the old.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from styrdok.compare.changes import Comparison, SectionChange, SectionStatus

ARROW = "→"
Side = Literal["old", "new"]


def section_key(old: str | None, new: str | None) -> str:
    """Return the key of a section cited ``old`` in the old version and ``new`` in the new
    one (None: not in that version)."""
    if old is None and new is None:
        raise ValueError("a section is in at least one of the versions, got neither")
    if old is None:
        return f"{ARROW} {new}"
    if new is None:
        return f"{old} {ARROW}"
    return old if old == new else f"{old} {ARROW} {new}"


def _unique(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base (2)``, ``base (3)``, … when taken, and take it."""
    key, n = base, 2
    while key in taken:
        key, n = f"{base} ({n})", n + 1
    taken.add(key)
    return key


def assign_keys(sections: Iterable[SectionChange]) -> list[SectionChange]:
    """Return the sections of a comparison, in order, each with its unique key."""
    taken: set[str] = set()
    out = []
    for change in sections:
        base = section_key(
            change.old.ref if change.old else None, change.new.ref if change.new else None
        )
        key = _unique(base, taken)
        keyed = SectionChange(
            change.status,
            change.old,
            change.new,
            change.heading_ops,
            change.blocks,
            change.split_from,
            change.merged_into,
            key,
        )
        if "text_changed" in change.__dict__:  # computed already: the same for the copy
            keyed.__dict__["text_changed"] = change.__dict__["text_changed"]
        out.append(keyed)
    return out


def _legacy_keys(sections: Sequence[SectionChange]) -> dict[str, str]:
    """Return, by key, the key each section had when a paragraph beside a chapter heading
    was cited without the chapter (``1 §``, ``1 § (2)`` for ``2 kap. 1 §``), where that
    differs: made as :func:`assign_keys` made keys then."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for change in sections:
        old = (change.old.legacy_ref or change.old.ref) if change.old else None
        new = (change.new.legacy_ref or change.new.ref) if change.new else None
        key = _unique(section_key(old, new), taken)
        if key != change.key:
            out[change.key] = key
    return out


def match_ref(ref: str, known: Sequence[str]) -> str | None:
    """Return the known citation that ``ref`` (as a reader wrote it) means: itself, ``3``
    for ``3 §`` in a document numbered ``3``, ``2 kap. 1 §`` for ``1 §`` when only one
    chapter has one; None when none does."""
    if ref in known:
        return ref
    bare = ref.removesuffix(" §").removeprefix("§ ")
    for candidate in (bare, f"{bare} §"):
        if candidate in known:
            return candidate
    cited = f"{bare} §" if ref.startswith("§ ") else ref
    tails = [k for k in known if k.endswith(f" {cited}")]
    return tails[0] if len(tails) == 1 else None


@dataclass(frozen=True)
class SectionTarget:
    """A section of a comparison as answers can name it: its key and its citations."""

    key: str
    old: str | None  # citation in the old version, None for a new section
    new: str | None  # citation in the new version, None for a repealed one
    changed: bool = True  # one of the comparison's changes (what the remiss is about)
    legacy: str | None = None  # its key before paragraphs beside a chapter heading were
    # cited with the chapter, when that differs: forms and records of that time store it

    def cited(self, side: Side) -> str | None:
        return self.old if side == "old" else self.new


class SectionIndex:
    """The sections of one document's comparison, to turn what an answer says (a stored
    key, a citation read in a heading or written by a respondent) into a key."""

    def __init__(self, targets: Iterable[SectionTarget], title: str = "") -> None:
        self.targets = tuple(targets)
        self.title = title  # the document's title, by which a letter may name it
        self._by_key = {t.key: t for t in self.targets}
        self._by_legacy = {
            t.legacy: t.key for t in self.targets if t.legacy and t.legacy not in self._by_key
        }

    @classmethod
    def of(cls, comparison: Comparison, title: str = "") -> SectionIndex:
        """Return the index of a comparison (every section, changed or not)."""
        legacy = _legacy_keys(comparison.sections)
        targets = (
            SectionTarget(
                s.key,
                s.old.ref if s.old else None,
                s.new.ref if s.new else None,
                s.status != SectionStatus.UNCHANGED,
                legacy.get(s.key),
            )
            for s in comparison.sections
        )
        return cls(targets, title or comparison.new.display_title)

    @classmethod
    def of_refs(cls, refs: Iterable[str]) -> SectionIndex:
        """Return an index of sections known only by citation, each its own key (a
        document read without its comparison)."""
        return cls(SectionTarget(r, r, r) for r in dict.fromkeys(refs))

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def target(self, key: str) -> SectionTarget | None:
        """Return the section with ``key``, None when there is none."""
        return self._by_key.get(key)

    @property
    def refs(self) -> list[str]:
        """Return every citation, the new version's first, each once."""
        news = [t.new for t in self.targets if t.new]
        olds = [t.old for t in self.targets if t.old]
        return list(dict.fromkeys([*news, *olds]))

    def _on(self, side: Side, ref: str, exact: bool = False) -> str | None:
        """Return the key of the one section cited ``ref`` on ``side``; None when none is,
        or when several are (two ``1 §`` under chapter headings beside them, two
        headings ``Övrigt``): a view is better left for the kansli to place than tied to
        the wrong section."""
        known = [c for t in self.targets if (c := t.cited(side))]
        found = ref if ref in known else None if exact else match_ref(ref, known)
        if found is None:
            return None
        keys = [t.key for t in self.targets if t.cited(side) == found]
        return keys[0] if len(keys) == 1 else None

    def stored(self, value: str) -> str | None:
        """Return the key a stored value means: the value itself when it is a key, else
        (a record written before keys) the section the new version cites so, else the one
        the old version cites so; None when no section does."""
        if value in self._by_key:
            return value
        if value in self._by_legacy:
            return self._by_legacy[value]
        return self._on("new", value, exact=True) or self._on("old", value, exact=True)

    def cited(self, ref: str, side: Side = "new", other: str | None = None) -> str | None:
        """Return the key of the section a reader cites ``ref`` on ``side`` (a heading in
        the proposal: new; one our redline repeals: old), trying ``other`` on the other
        side, then ``ref`` there; None when no section is cited so."""
        flip: Side = "old" if side == "new" else "new"
        exact = self._pair(ref, other, side)
        if exact is not None:
            return exact
        for where, what in ((side, ref), (flip, other), (flip, ref)):
            if what and (key := self._on(where, what)) is not None:
                return key
        return None

    def _pair(self, ref: str, other: str | None, side: Side) -> str | None:
        """Return the key of the section cited ``ref`` on ``side`` and ``other`` on the
        other side, when exactly one such section exists."""
        if other is None:
            return None
        flip: Side = "old" if side == "new" else "new"
        keys = [t.key for t in self.targets if t.cited(side) == ref and t.cited(flip) == other]
        return keys[0] if len(keys) == 1 else None
