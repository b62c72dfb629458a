"""The change line as the SFS register writes it: ``upph. 12 §; nuvarande 13–15 §§
betecknas 12–14 §§; ändr. 3, 7 §§, den nya 13 §; ny 7 a §``.

The order is the register's: what is repealed first, then what is renumbered, so that
every number after that is a number of the new text; then what is amended, a renumbered
section by its new number as ``den nya 13 §`` (``de nya 12, 13 §§``), so that ``ändr. 13 §``
is never ambiguous; then what is new. A paragraph in a chapter is cited with it (``2 kap.
3 §``), and a document that writes ``§ 3`` is cited so (``upph. § 12``, ``ändr. §§ 3, 7``).
"""

from __future__ import annotations

from itertools import groupby

from styrdok.compare.changes import Comparison, FlatSection, SectionStatus
from styrdok.core.vocabulary import PREAMBLE
from styrdok.text.numbering import SectionNumber

NO_CHANGES = "inga ändringar"


def chapter_prefix(section: FlatSection) -> str:
    """Return the chapter part of a paragraph's citation (``2 kap.``), else ''."""
    number = section.number
    if number is not None and number.kind == "paragraf" and section.ref != number.label:
        return section.ref[: -len(number.label)].strip()
    return ""


def _unit(kind: str, plural: bool, front: bool = False) -> tuple[str, str]:
    """Return the words before and after the numbers for a kind of section; ``front`` for
    paragraphs numbered ``§ 3``."""
    if kind == "paragraf":
        sign = "§§" if plural else "§"
        return (sign, "") if front else ("", sign)
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


def _front(section: FlatSection) -> bool:
    """Return True for a paragraph whose heading puts the sign first: ``§ 3 Kallelse``."""
    return section.heading is not None and section.heading.text.lstrip().startswith("§")


def cite(sections: list[FlatSection], lead: str = "") -> str:
    """Return a compact citation of sections: ``3, 7 §§, 2 kap. 1 §, ”Inledning”``;
    ``lead`` (``den nya``) stands before the first number, in the plural (``de nya``)
    when more than one section is cited."""
    parts: list[str] = []
    for (prefix, kind), group in groupby(
        sections, key=lambda s: (chapter_prefix(s), s.number.kind if s.number else "")
    ):
        items = list(group)
        if not kind:
            parts.extend(PREAMBLE if is_preamble(s) else f"”{s.title or s.ref}”" for s in items)
            continue
        numbers = [s.number for s in items if s.number is not None]
        before, after = _unit(kind, len(numbers) > 1, all(_front(s) for s in items))
        text = ", ".join(_runs(numbers))
        parts.append(" ".join(p for p in (prefix, before, text, after) if p))
    if lead and parts:
        plural = lead.replace("den ", "de ", 1) if lead.startswith("den ") else lead
        parts[0] = f"{plural if len(sections) > 1 else lead} {parts[0]}"
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
        if chapter_prefix(x) != chapter_prefix(y) or not _next(x.number, y.number):
            return False
    return True


def change_line(comparison: Comparison) -> str:
    """Return the change line of a comparison, or 'inga ändringar'."""
    amended: list[FlatSection] = []
    amended_renumbered: list[FlatSection] = []
    added: list[FlatSection] = []
    removed: list[FlatSection] = []
    renumbered: list[tuple[FlatSection, FlatSection]] = []
    for change in comparison.sections:
        if change.status == SectionStatus.ADDED and change.new is not None:
            added.append(change.new)
        elif change.status == SectionStatus.REMOVED and change.old is not None:
            removed.append(change.old)
        elif change.old is not None and change.new is not None:
            new_number = change.old.ref != change.new.ref and change.status in (
                SectionStatus.RENUMBERED,
                SectionStatus.MOVED,
            )
            if new_number:
                renumbered.append((change.old, change.new))
            if change.status == SectionStatus.MODIFIED or (
                change.status != SectionStatus.UNCHANGED and change.text_changed
            ):
                (amended_renumbered if new_number else amended).append(change.new)
    parts = []
    if removed:
        parts.append(f"upph. {cite(removed)}")
    if renumbered:
        renumbered.sort(key=lambda p: p[0].index)
        parts.append(_renumbering(renumbered))
    if amended or amended_renumbered:
        cited = [c for c in (cite(amended), cite(amended_renumbered, "den nya")) if c]
        parts.append(f"ändr. {', '.join(cited)}")
    if added:
        parts.append(f"{'nya' if len(added) > 1 else 'ny'} {cite(added)}")
    return "; ".join(parts) or NO_CHANGES
