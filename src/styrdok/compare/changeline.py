"""The SFS-style change line: ``ändr. 3, 7 §§; ny 7 a §; upph. 12 §; nuvarande 8–11 §§
betecknas 9–12 §§``."""

from __future__ import annotations

from itertools import groupby

from styrdok.compare.changes import Comparison, FlatSection, SectionStatus
from styrdok.core.vocabulary import PREAMBLE
from styrdok.text.numbering import SectionNumber

NO_CHANGES = "inga ändringar"


def _prefix(section: FlatSection) -> str:
    """Return the chapter part of a paragraph's citation (``2 kap.``), else ''."""
    number = section.number
    if number is not None and number.kind == "paragraf" and section.ref != number.label:
        return section.ref[: -len(number.label)].strip()
    return ""


def _unit(kind: str, plural: bool) -> tuple[str, str]:
    """Return the words before and after the numbers for a kind of section."""
    if kind == "paragraf":
        return "", "§§" if plural else "§"
    if kind == "kapitel":
        return "", "kap."
    if kind == "bilaga":
        return ("bilagorna" if plural else "bilaga"), ""
    return "avsn.", ""


def _next(a: SectionNumber, b: SectionNumber) -> bool:
    """Return True when ``b`` follows ``a`` directly: 3 → 4, 3.1 → 3.2 (no letters)."""
    if a.letter or b.letter or len(a.parts) != len(b.parts) or not a.parts:
        return False
    return a.parts[:-1] == b.parts[:-1] and b.parts[-1] == a.parts[-1] + 1


def _runs(numbers: list[SectionNumber]) -> list[str]:
    """Return the numbers with runs of three or more consecutive numbers joined: 8–11."""
    out: list[str] = []
    k = 0
    while k < len(numbers):
        end = k
        while end + 1 < len(numbers) and _next(numbers[end], numbers[end + 1]):
            end += 1
        if end - k >= 2:
            out.append(f"{numbers[k].value}–{numbers[end].value}")
            k = end + 1
        else:
            out.append(numbers[k].value)
            k += 1
    return out


def is_preamble(section: FlatSection) -> bool:
    """Return True for the text before the first heading and the document's title."""
    heading = section.heading
    return heading is None or (section.depth == 0 and heading.level == 1 and not section.number)


def cite(sections: list[FlatSection]) -> str:
    """Return a compact citation of sections: ``3, 7 §§, 2 kap. 1 §, ”Inledning”``."""
    parts: list[str] = []
    for (prefix, kind), group in groupby(
        sections, key=lambda s: (_prefix(s), s.number.kind if s.number else "")
    ):
        items = list(group)
        if not kind:
            parts.extend(PREAMBLE if is_preamble(s) else f"”{s.title or s.ref}”" for s in items)
            continue
        numbers = [s.number for s in items if s.number is not None]
        before, after = _unit(kind, len(numbers) > 1)
        text = ", ".join(_runs(numbers))
        parts.append(" ".join(p for p in (prefix, before, text, after) if p))
    return ", ".join(parts)


def _renumbering(pairs: list[tuple[FlatSection, FlatSection]]) -> str:
    """Return ``nuvarande 8–11 §§ betecknas 9–12 §§`` for runs of renumbered sections."""
    out: list[str] = []
    k = 0
    while k < len(pairs):
        end = k
        while end + 1 < len(pairs) and _follows(pairs[end], pairs[end + 1]):
            end += 1
        olds = [p[0] for p in pairs[k : end + 1]]
        news = [p[1] for p in pairs[k : end + 1]]
        out.append(f"nuvarande {cite(olds)} betecknas {cite(news)}")
        k = end + 1
    return ", ".join(out)


def _follows(a: tuple[FlatSection, FlatSection], b: tuple[FlatSection, FlatSection]) -> bool:
    for x, y in ((a[0], b[0]), (a[1], b[1])):
        if x.number is None or y.number is None or x.number.kind != y.number.kind:
            return False
        if _prefix(x) != _prefix(y) or not _next(x.number, y.number):
            return False
    return True


def change_line(comparison: Comparison) -> str:
    """Return the change line of a comparison, or 'inga ändringar'."""
    amended: list[FlatSection] = []
    added: list[FlatSection] = []
    removed: list[FlatSection] = []
    renumbered: list[tuple[FlatSection, FlatSection]] = []
    for change in comparison.sections:
        if change.status == SectionStatus.ADDED and change.new is not None:
            added.append(change.new)
        elif change.status == SectionStatus.REMOVED and change.old is not None:
            removed.append(change.old)
        elif change.old is not None and change.new is not None:
            if (
                change.status in (SectionStatus.RENUMBERED, SectionStatus.MOVED)
                and change.old.ref != change.new.ref
            ):
                renumbered.append((change.old, change.new))
            if change.status != SectionStatus.UNCHANGED and change.text_changed:
                amended.append(change.new)
            elif change.status == SectionStatus.MODIFIED:
                amended.append(change.new)
    parts = []
    if amended:
        parts.append(f"ändr. {cite(amended)}")
    if added:
        parts.append(f"{'nya' if len(added) > 1 else 'ny'} {cite(added)}")
    if removed:
        parts.append(f"upph. {cite(removed)}")
    if renumbered:
        renumbered.sort(key=lambda p: p[0].index)
        parts.append(_renumbering(renumbered))
    return "; ".join(parts) or NO_CHANGES
