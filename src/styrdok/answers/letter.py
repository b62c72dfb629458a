"""Letters and PDF answers placed by section.

Most municipalities answer with a letter or a protokollsutdrag, not the form. Such an
answer is split into views by the sections it names:

- a heading that names one section (``2 kap. 3 § Presidium``, ``Synpunkter på 4 kap.
  1 §``) places the paragraphs under it, up to the next heading;
- a paragraph that opens with one (``Avseende 4 kap. 1 §: …``, ``3 § Ändamål. …``) is a
  view of its own on that section; ``nuvarande 2 kap. 3 §`` cites the version in force
  (a section the proposal repeals or renumbers), any other citation the proposal.

Each view takes the first stance word in its text. A citation names a section of ours when
the document's index knows it: in the document the letter names last (by title, as
``förbundsordningen``), else in the only document that has it, else in the only one that
changes it; what cannot be placed, or names more than one section at once, stays general.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from styrdok.answers.content import Sections, find_stances
from styrdok.answers.record import SectionView, ViewSource
from styrdok.compare.keys import Side
from styrdok.text.check import find_references
from styrdok.text.numbering import SectionNumber

_LEAD = re.compile(
    r"^(?:(?:avseende|angående|beträffande|gällande|rörande|ang\.|synpunkter\s+på|"
    r"kommentar(?:er)?\s+till|yttrande\s+över|till)\s+)?"
    r"(?:(?:den|det|de)\s+)?(?:(?P<version>nya|föreslagna|nuvarande|gällande)\s+)?",
    re.IGNORECASE,
)
_OLD_VERSION = ("nuvarande", "gällande")  # "nuvarande 2 kap. 3 §": the old version's
_PARAGRAPH_END = re.compile(r"[.!?:]\s*$")
_SHORT_LINE = 0.75  # a PDF line this much shorter than the page's longest ends a paragraph


@dataclass(frozen=True)
class Unit:
    """A paragraph of a letter, or lines of a PDF read as one, with whether it is a
    heading; ``lines`` and ``page`` keep a PDF's text as it was."""

    text: str
    heading: bool = False
    lines: tuple[str, ...] = ()
    page: int = 0


@dataclass
class Placement:
    """A letter read by section: the views in order, and the runs of units between them
    that stay general (each run one general view)."""

    views: list[SectionView] = field(default_factory=list)
    general: list[list[Unit]] = field(default_factory=list)

    def keep(self, unit: Unit, after_view: bool) -> None:
        """Add a unit that stays general: to the run before it, or to a new run after a
        view was placed."""
        if after_view or not self.general:
            self.general.append([])
        self.general[-1].append(unit)


def opening_citation(text: str) -> tuple[str, Side] | None:
    """Return the one section a text opens with, as cited (``4 kap. 1 §``, ``3 §``,
    ``2 kap.``), after a lead such as ``Avseende``, and the version it cites: the old one
    after ``nuvarande``, else the new one; None when it opens otherwise or with several
    sections."""
    stripped = text.lstrip()
    lead = _LEAD.match(stripped)
    start = lead.end() if lead else 0
    version = (lead["version"] or "").casefold() if lead else ""
    side: Side = "old" if version in _OLD_VERSION else "new"
    found = find_references(stripped[start:])
    if not found or found[0].span[0] != 0:
        return None
    first = [r for r in found if r.span == found[0].span]
    if len(first) != 1:
        return None
    reference = first[0]
    label = SectionNumber(reference.kind, reference.number).label
    if reference.chapter is not None:
        label = f"{reference.chapter} kap. {label}"
    return label, side


def _names(title: str, name: str) -> list[str]:
    """Return the words a letter names a document by: ``förbundsordning`` for
    ``Förbundsordning för …``, ``direktionens reglemente`` and ``reglemente``."""
    head = re.split(r"\s+(?:för|mellan|om)\s+", title.casefold(), maxsplit=1)[0].strip()
    words = [head, head.split()[-1] if head else ""]
    return [w for w in dict.fromkeys([*words, name.casefold()]) if len(w) > 3]


class _Placer:
    def __init__(
        self,
        sections: Sections,
        titles: dict[str, str],
        source: ViewSource,
        document: str | None,
    ) -> None:
        self.sections, self.source = sections, source
        self.titles = {name: _names(titles.get(name, ""), name) for name in sections}
        self.document = document if document in sections else None
        if self.document is None and len(sections) == 1:
            self.document = next(iter(sections))
        self.out = Placement()
        self.placed: list[tuple[int, SectionView]] = []  # by the place of the first unit

    def named_document(self, text: str) -> None:
        folded = text.casefold()
        named = [name for name, words in self.titles.items() if any(w in folded for w in words)]
        if len(named) == 1:
            self.document = named[0]

    def find(self, cited: str, side: Side) -> tuple[str, str] | None:
        """Return the document and key a citation (of the ``side`` version) names, None
        when it names none or several."""
        found = {
            name: key
            for name, index in self.sections.items()
            if (key := index.cited(cited, side)) is not None
        }
        if self.document in found:
            return self.document, found[self.document]
        if len(found) > 1:
            changed = {n: k for n, k in found.items() if (t := self.sections[n].target(k))
                       and t.changed}  # fmt: skip
            found = changed
        if len(found) == 1:
            return next(iter(found.items()))
        return None

    def view(self, where: tuple[str, str], units: Sequence[Unit], order: int) -> None:
        text = "\n".join(u.text for u in units)
        stance = next(iter(find_stances(text)), None)
        document, key = where
        self.placed.append((order, SectionView(document, key, stance, text, "", self.source)))

    def run(self, units: Sequence[Unit]) -> Placement:
        block: list[Unit] = []
        block_where: tuple[str, str] | None = None
        block_start = 0
        placed = False  # a view was placed since the last unit that stayed general

        def close() -> None:
            nonlocal block, block_where
            if block_where is not None and block:
                self.view(block_where, block, block_start)
            block, block_where = [], None

        for n, unit in enumerate(units):
            self.named_document(unit.text)
            cited = opening_citation(unit.text)
            where = self.find(*cited) if cited else None
            if unit.heading:
                close()
                if where is not None:
                    block, block_where, block_start, placed = [unit], where, n, True
                else:
                    self.out.keep(unit, placed)
                    placed = False
            elif where is not None:
                self.view(where, [unit], n)
                placed = True
            elif block_where is not None:
                block.append(unit)
            else:
                self.out.keep(unit, placed)
                placed = False
        close()
        self.out.views = [view for _order, view in sorted(self.placed, key=lambda p: p[0])]
        return self.out


def place(
    units: Sequence[Unit],
    sections: Sections,
    source: ViewSource,
    titles: dict[str, str] | None = None,
    document: str | None = None,
) -> Placement:
    """Return a letter's views by section and the units that stay general. ``titles``
    (document name → title) lets a letter name a document; ``document`` is the one the
    file says it answers."""
    if not sections:
        return Placement([], [list(units)] if units else [])
    return _Placer(sections, titles or {}, source, document).run(units)


def pdf_units(pages: Sequence[str]) -> list[Unit]:
    """Return the paragraphs of a PDF's text (one item per page, one line per line): a
    paragraph ends at the end of a page, before a line that opens with a section, and
    after a line that ends a sentence well short of the page's longest line."""
    units: list[Unit] = []
    for number, page in enumerate(pages):
        lines = page.split("\n") if page else []
        widest = max((len(line) for line in lines), default=0)
        paragraphs: list[list[str]] = [[]]
        for line in lines:
            if paragraphs[-1] and opening_citation(line) is not None:
                paragraphs.append([])
            paragraphs[-1].append(line)
            if _PARAGRAPH_END.search(line) and len(line) < _SHORT_LINE * widest:
                paragraphs.append([])
        units += [Unit(" ".join(p), False, tuple(p), number) for p in paragraphs if p]
    return units


def pdf_text(units: Sequence[Unit]) -> str:
    """Return the text of PDF units as the PDF reader joins it: lines by line breaks,
    pages by a blank line."""
    pages: dict[int, list[str]] = {}
    for unit in units:
        pages.setdefault(unit.page, []).extend(unit.lines or (unit.text,))
    return "\n\n".join("\n".join(lines) for _page, lines in sorted(pages.items()))
