"""The main changes of a proposal in plain Swedish, from its commit messages (or, when
they only name the version, from the comparison).

Staff describe their edits in commit messages ("Säte flyttas till Linköping", with a
body of bullet points or a paragraph). The board summary lists them as short sentences:
merge commits, trailers (``Signed-off-by:``), fixup prefixes and commit-type prefixes
(``docs:``) are dropped, wrapped lines are joined, a subject that only names the version
("Remissversion 2024") is left out, duplicates are removed and ISO dates are written as
Swedish running text ("23 februari 2024").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from styrdok.compare.changeline import is_preamble
from styrdok.compare.engine import SectionChange, SectionStatus
from styrdok.core.templating import swedish_date
from styrdok.core.vocabulary import PREAMBLE, Stance
from styrdok.render.common import label

if TYPE_CHECKING:
    from styrdok.reports.compilation import DocumentEntry, SectionEntry

MAX_CHANGES = 6  # main changes listed per document; the rest are counted
MAX_TITLES = 4  # sections named in one sentence read off the comparison
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,3}[.)])\s+")
_TRAILER = re.compile(
    r"^(?:signed-off-by|co-authored-by|reviewed-by|acked-by|tested-by|reported-by|"
    r"helped-by|suggested-by|change-id|cc|refs?|see-also)\s*:",
    re.IGNORECASE,
)
_NOISE_LINE = re.compile(r"^\(cherry picked from commit [0-9a-f]+\)$|^[-=*_#]{3,}$")
_MERGE = re.compile(
    r"^merge (?:branch|pull request|remote-tracking|tag|commit)\b|^merge\b.*\binto\b",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"^(?:(?:fixup|squash|amend)!\s*)+|"
    r"^(?:feat|fix|docs|chore|refactor|style|test|build|ci|perf)(?:\([^)]*\))?!?:\s*",
    re.IGNORECASE,
)
_WIP = re.compile(r"^(?:wip|work in progress|tmp|temp)\b[.!]?$", re.IGNORECASE)


def swedish_dates(text: str) -> str:
    """Return ``text`` with ISO dates (2024-02-23) written as ``23 februari 2024``."""

    def replace(match: re.Match[str]) -> str:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return match[0]
        return swedish_date(day)

    return _ISO_DATE.sub(replace, text)


def sentence(text: str) -> str:
    """Return ``text`` on one line, starting with a capital and ending with punctuation."""
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in '.!?:…)»”"' else text + "."


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?:")


def message_items(message: str) -> list[str]:
    """Return the statements in one commit message: the subject, then each bullet or
    paragraph of the body with its wrapped lines joined; [] for a merge commit."""
    lines = message.strip().splitlines()
    if not lines or _MERGE.match(lines[0].strip()):
        return []
    items: list[str] = []
    current: list[str] = []
    bullet = False

    def flush() -> None:
        if current:
            items.append(" ".join(current))
            current.clear()

    for n, raw in enumerate(lines):
        line = raw.strip()
        if not line or _TRAILER.match(line) or _NOISE_LINE.match(line):
            flush()
            bullet = False
            continue
        found = _BULLET.match(raw)
        if n == 0 or found:
            flush()
            bullet = found is not None
            line = raw[found.end() :].strip() if found else line
        elif bullet and raw[:1] not in (" ", "\t"):
            # a flush-left line after a bullet continues it only if it starts lower case
            if not line[:1].islower():
                flush()
                bullet = False
        current.append(line)
        if n == 0:
            flush()
    flush()
    return [_PREFIX.sub("", item).strip() for item in items]


def without_label(item: str, labels: Sequence[str]) -> str:
    """Return ``item`` without a leading version label: ``Remissversion 2024: säte flyttas``
    gives ``säte flyttas``; a statement that only names a version (``Remissversion 2024``,
    ``Remissversion 2024 av förbundsordningen``) gives ''."""
    folded = item.casefold()
    for name in labels:
        if name and folded.startswith(name.casefold()):
            rest = item[len(name) :].strip()
            if rest[:1] in (":", "–", "-", "—"):
                return rest[1:].strip()
            if not rest or rest[:1] in ("(", ",", ".") or rest.casefold().startswith("av "):
                return ""
    return item


def main_changes(messages: Iterable[str], labels: Sequence[str | None] = ()) -> list[str]:
    """Return the statements of ``messages`` as Swedish sentences, oldest first, each once;
    statements that only name a version (one of ``labels``) are left out."""
    names = sorted((x for x in labels if x), key=len, reverse=True)
    seen: set[str] = set()
    out: list[str] = []
    for message in messages:
        for item in message_items(message):
            item = without_label(item, names)
            key = _key(item)
            if not key or key in seen or _WIP.match(item):
                continue
            seen.add(key)
            out.append(sentence(swedish_dates(item)))
    return out


def names(items: Sequence[str]) -> str:
    """Return ``a, b och c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} och {items[-1]}"


def _listed(titles: Sequence[str], limit: int = MAX_TITLES) -> str:
    """Return up to ``limit`` titles as running text, counting the rest (one more is
    named rather than counted: naming it takes no more room)."""
    if len(titles) <= limit + 1:
        return names(titles)
    return f"{', '.join(titles[:limit])} och {len(titles) - limit} avsnitt till"


def _disputed(section: SectionEntry) -> tuple[int, int]:
    """Return how disputed a section is, most first: those who oppose it, then the
    views with a comment or a proposal."""
    opposed = sum(o.stance == Stance.OPPOSES for o in section.opinions)
    argued = sum(bool(o.comment or o.proposal) for o in section.opinions)
    return (-opposed, -argued)


def section_name(change: SectionChange) -> str:
    """Return a section as named in running text: ``3 § Ändamål``, ``ingressen``."""
    side = change.new or change.old
    assert side is not None
    return PREAMBLE if is_preamble(side) else label(change)


def from_sections(entry: DocumentEntry) -> list[str]:
    """Return the main changes read off the comparison, for a proposal whose commit
    messages say nothing more than its version: new, changed and repealed sections, the
    most disputed of each first (so the ones counted, not named, are the least)."""
    by_kind: dict[str, list[str]] = {"new": [], "changed": [], "removed": [], "renumbered": []}
    for s in sorted(entry.sections, key=_disputed):  # stable: document order otherwise
        change = s.change
        if change.status == SectionStatus.ADDED:
            by_kind["new"].append(section_name(change))
        elif change.status == SectionStatus.REMOVED:
            by_kind["removed"].append(section_name(change))
        elif change.text_changed:
            by_kind["changed"].append(section_name(change))
        else:
            by_kind["renumbered"].append(section_name(change))
    out = []
    if by_kind["new"]:
        out.append(f"Nytt: {_listed(by_kind['new'])}.")
    if by_kind["changed"]:
        out.append(f"Ändras: {_listed(by_kind['changed'])}.")
    if by_kind["removed"]:
        out.append(f"Upphävs: {_listed(by_kind['removed'])}.")
    if by_kind["renumbered"]:
        n = len(by_kind["renumbered"])
        out.append(
            "1 avsnitt får nytt nummer eller flyttas utan att texten ändras."
            if n == 1
            else f"{n} avsnitt får nya nummer eller flyttas utan att texten ändras."
        )
    return out
