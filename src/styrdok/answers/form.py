"""Read a filled-in response form (svarsmall.docx) into views per section.

The form, as remiss_package builds it, has one table per document with a row per changed
section (Avsnitt, Ändring (utdrag), Ställningstagande, Kommentar, Förslag till lydelse),
a bookmark ``styrdok_<n>_<ref>`` in the first cell of every row, a one-cell box for general
views with the bookmark ``styrdok_allmant``, and the custom property ``styrdok.avsnitt``
that maps each bookmark to its document and section. Respondents do not keep to the grid:

- a row they add has no bookmark; it belongs to the document of its table, and its section
  is read from what they wrote in the Avsnitt column (``3 §``, ``§ 3``, ``2 kap. 1 §``);
- merged cells are read by the grid: a cell spanning several columns (``w:gridSpan``) holds
  what those columns would, a cell merged downwards (``w:vMerge``) answers for every row it
  covers; the columns are found by their headings, so an added column is read as comment;
- the stance cell holds a drop-down content control (Word and LibreOffice keep it, though
  LibreOffice drops its tag): the item chosen is the stance, exactly; a cell whose control
  is gone is read for stance words;
- text typed outside the tables becomes a general view; the fixed lines of the form are
  recognised and left out, and the particulars (their diarienummer, the decision behind
  the answer, a contact person) are read from the table with the bookmark
  ``styrdok_uppgifter``, or, in forms of earlier versions, from the filled-in lines under
  "Uppgifter om svaret".

Each section is returned by its key (:mod:`styrdok.compare.keys`): the form's property names
it; a form of an earlier version names the citation, which the document's index resolves.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from styrdok.answers.comments import comment_views, has_comments
from styrdok.answers.content import Sections, WordAnswer, general_view, read_stance
from styrdok.answers.record import GeneralView, SectionView, ViewSource
from styrdok.answers.walk import ReadingOrder, Walk, Where
from styrdok.compare.keys import SectionIndex
from styrdok.core.vocabulary import Stance
from styrdok.remiss.form import (
    BOOKMARK_PREFIX,
    DETAILS,
    DETAILS_BOOKMARK,
    GENERAL_BOOKMARK,
    SECTIONS_PROPERTY,
    read_sections_property,
)
from styrdok.text.markdown import normalise
from styrdok.text.numbering import parse_heading
from styrdok.word.ooxml import XmlElement, int_or_none, qn
from styrdok.word.read import sdt_content, table_rows

DETAILS_HEADING = "uppgifter om svaret"
_ROLE_WORDS = [  # words in a column heading → what the column holds
    ("ställningstagande", "stance"),
    ("kommentar", "comment"),
    ("lydelse", "proposal"),
    ("förslag", "proposal"),
    ("utdrag", "excerpt"),
    ("ändring", "excerpt"),
    ("avsnitt", "section"),
]
_DEFAULT_ROLES = ("section", "excerpt", "stance", "comment", "proposal")
_OURS = frozenset({"section", "excerpt"})
_FIXED_LINES = re.compile(
    r"^(?:Svar på remiss\b|Remissinstans:|(?:Skriv|Välj) i kolumnen\b|.*\bsista svarsdag\b)",
    re.IGNORECASE,
)
_LABELLED = re.compile(r"^(?P<label>[^:]{2,60}):\s*(?P<value>.*)$")


@dataclass(slots=True)
class _Cell:
    """A table cell placed on the grid; a cell merged downwards points at the one above."""

    tc: XmlElement
    start: int
    span: int
    origin: _Cell | None = None

    @property
    def columns(self) -> range:
        return range(self.start, self.start + self.span)

    @property
    def source(self) -> _Cell:
        return self.origin or self


@dataclass
class FormReading:
    """What a form holds: views per section, general views and the filled-in details."""

    views: list[SectionView] = field(default_factory=list)
    general: list[GeneralView] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)


_TRPR, _GRID_BEFORE, _TC, _TCPR = qn("w:trPr"), qn("w:gridBefore"), qn("w:tc"), qn("w:tcPr")
_GRID_SPAN, _VMERGE, _VAL = qn("w:gridSpan"), qn("w:vMerge"), qn("w:val")


def _first_child(parent: XmlElement | None, tag: str) -> XmlElement | None:
    """Return the first child ``tag`` of ``parent`` (``parent.find(tag)``, read directly)."""
    if parent is not None:
        for child in parent:
            if child.tag == tag:
                return child
    return None


def _child_val(parent: XmlElement | None, tag: str) -> str | None:
    child = _first_child(parent, tag)
    return None if child is None else child.get(_VAL)


def _grid(tbl: XmlElement) -> list[tuple[XmlElement, list[_Cell]]]:
    """Return each row of a table with its cells placed on the grid (children read
    directly: a form has thousands of cells)."""
    if next(tbl.iter(_GRID_SPAN, _VMERGE, _GRID_BEFORE), None) is None:
        # Nothing spans or merges, nothing is shifted: a cell per column, in order.
        return [
            (tr, [_Cell(tc, column, 1) for column, tc in enumerate(tr.iterchildren(_TC))])
            for tr in table_rows(tbl)
        ]
    rows = []
    above: dict[int, _Cell] = {}
    for tr in table_rows(tbl):
        column = int_or_none(_child_val(_first_child(tr, _TRPR), _GRID_BEFORE)) or 0
        cells = []
        for tc in tr:
            if tc.tag != _TC:
                continue
            props = _first_child(tc, _TCPR)
            span = max(int_or_none(_child_val(props, _GRID_SPAN)) or 1, 1)
            cell = _Cell(tc, column, span)
            merge = _first_child(props, _VMERGE)
            if merge is not None and merge.get(_VAL, "continue") != "restart":
                origin = above.get(column)
                cell.origin = origin.source if origin is not None else None
            for c in cell.columns:
                above[c] = cell
            cells.append(cell)
            column += span
        rows.append((tr, cells))
    return rows


_BOOKMARK_START, _NAME = qn("w:bookmarkStart"), qn("w:name")


def _bookmarks(element: XmlElement) -> list[str]:
    return [
        name
        for el in element.iter(_BOOKMARK_START)
        if (name := el.get(_NAME, "")).startswith(BOOKMARK_PREFIX)
    ]


def _table_bookmarks(
    tbl: XmlElement, rows: list[tuple[XmlElement, list[_Cell]]]
) -> tuple[list[str], dict[XmlElement, list[str]]]:
    """Return our bookmarks in a table (as :func:`_bookmarks` gives them) and those in
    each of its rows (nested tables included), in one pass over the table."""
    in_rows = {tr for tr, _cells in rows}
    marks: list[str] = []
    by_row: dict[XmlElement, list[str]] = {}
    for el in tbl.iter(_BOOKMARK_START):
        name = el.get(_NAME, "")
        if not name.startswith(BOOKMARK_PREFIX):
            continue
        marks.append(name)
        node = el.getparent()
        while node is not None and node is not tbl:
            if node in in_rows:
                by_row.setdefault(node, []).append(name)
                break
            node = node.getparent()
    return marks, by_row


def _roles(rows: list[tuple[XmlElement, list[_Cell]]], answer: WordAnswer) -> dict[int, str] | None:
    """Return what each grid column holds by the header row, None without one."""
    for _tr, cells in rows:
        texts = [" ".join(answer.texts(cell.tc)).lower() for cell in cells]
        if any("ställningstagande" in text for text in texts):
            roles = {}
            for cell, text in zip(cells, texts, strict=True):
                role = next((r for word, r in _ROLE_WORDS if word in text), "other")
                roles.update({c: role for c in cell.columns})
            return roles
    return None


def _section_of(label: str, index: SectionIndex) -> str:
    """Return the key of the section a respondent wrote in an added row (``§ 3``, ``2 kap.
    1 §``), the citation when the index knows none, or ''."""
    line = label.split("\n", 1)[0].strip()
    if line in index:
        return line
    number, title = parse_heading(line)
    if number is None:
        return ""
    ref = number.label
    if number.kind == "kapitel":
        inner, _rest = parse_heading(title)
        if inner is not None and inner.kind == "paragraf":
            ref = f"{number.label} {inner.label}"
    return index.cited(ref) or ref


def _label(text: str) -> str:
    """Return a particular's label without the form's hint: ``Beslut (organ, …)`` → ``Beslut``."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", " ".join(text.split())).rstrip(":") or text


def dropdown_stance(cell: XmlElement) -> tuple[bool, Stance | None, str]:
    """Return whether a table cell holds a stance drop-down, the stance chosen in it (None:
    nothing chosen) and the text chosen. The item chosen is read from the control's text,
    as Word and LibreOffice write it, else from Word's ``w:lastValue``."""
    for sdt in cell.iter(qn("w:sdt")):
        props = sdt.find(qn("w:sdtPr"))
        choices = None if props is None else props.find(qn("w:dropDownList"))
        if choices is None:
            continue
        if props.find(qn("w:showingPlcHdr")) is not None:
            return True, None, ""
        content = sdt.find(qn("w:sdtContent"))
        shown = (
            ""
            if content is None
            else normalise("".join(t.text or "" for t in content.iter(qn("w:t"))))
        )
        picked = "" if shown else choices.get(qn("w:lastValue"), "")
        for item in choices.iterfind(qn("w:listItem")):
            display, value = item.get(qn("w:displayText"), ""), item.get(qn("w:value"), "")
            if shown and shown.casefold() in (display.casefold(), value.casefold()):
                picked = value or display
                break
        value = picked or shown
        try:
            return True, Stance(value.casefold()), shown
        except ValueError:
            return True, read_stance(shown)[0], shown
    return False, None, ""


def _particulars(rows: list[tuple[XmlElement, list[_Cell]]], answer: WordAnswer) -> bool:
    """Return True for the table of particulars whose bookmark a respondent's program
    lost: two columns, each row labelled as the form labels them."""
    labels = tuple(label.casefold() for label, _hint in DETAILS)
    if not all(len(cells) == 2 for _tr, cells in rows):
        return False
    firsts = [" ".join(answer.texts(cells[0].tc)).casefold() for _tr, cells in rows if cells]
    return bool(firsts) and all(text.startswith(labels) for text in firsts)


class _FormReader:
    def __init__(self, answer: WordAnswer, sections: Sections | None) -> None:
        self.answer = answer
        self.indexes = dict(sections or {})
        self.sections: dict[str, Where] = {}
        listed = read_sections_property(answer.properties.get(SECTIONS_PROPERTY, "[]"))
        for bookmark, (document, section) in listed.items():
            index = self.indexes.get(document)
            key = index.stored(section) if index is not None else None
            self.sections[bookmark] = Where(document, key or section)
        self.row_where: dict[XmlElement, list[Where]] = {}
        self.result = FormReading()
        self.typed: list[str] = []
        self.in_details = False

    def index(self, document: str) -> SectionIndex:
        """Return the document's index, or one of the sections the form itself lists."""
        if document in self.indexes:
            return self.indexes[document]
        return SectionIndex.of_refs(
            w.section for w in self.sections.values() if w.document == document
        )

    def read(self) -> FormReading:
        self.blocks(self.answer.body)
        self.flush_typed()
        return self.result

    def blocks(self, parent: XmlElement) -> None:
        for child in parent:
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.flush_typed()
                self.table(child)
            elif child.tag == qn("w:sdt") and (content := sdt_content(child)) is not None:
                self.blocks(content)

    def paragraph(self, p: XmlElement) -> None:
        reader = self.answer.reader()
        reader.paragraph(p)
        reader.flush()
        for kind, _level, text in reader.paras:
            if kind in ("heading", "title"):
                self.flush_typed()
                self.in_details = text.strip().lower() == DETAILS_HEADING
            elif _FIXED_LINES.match(text):
                self.flush_typed()
            elif self.in_details and (m := _LABELLED.match(text)):
                self.flush_typed()
                if m["value"].strip():
                    self.result.details.append((m["label"].strip(), m["value"].strip()))
            else:
                self.typed.append(text)

    def flush_typed(self) -> None:
        if self.typed:
            text = "\n".join(self.typed)
            self.result.general.append(general_view(text, ViewSource.FORM, self.indexes))
            self.typed = []

    def table(self, tbl: XmlElement) -> None:
        rows = _grid(tbl)
        marks, row_marks = _table_bookmarks(tbl, rows)
        if DETAILS_BOOKMARK in marks or _particulars(rows, self.answer):
            self.details_table(rows)
            return
        if GENERAL_BOOKMARK in marks or len({c.start for _tr, cells in rows for c in cells}) == 1:
            self.text_box(tbl)
            return
        roles = _roles(rows, self.answer)
        if roles is None:
            if not marks:
                self.text_box(tbl)  # a table of the respondent's own
                return
            roles = dict(enumerate(_DEFAULT_ROLES))  # they deleted the header row
        counts = Counter(self.sections[m].document for m in marks if m in self.sections)
        document = counts.most_common(1)[0][0] if counts else ""
        previous: dict[int, list[Where]] = {}
        kinds: dict[tuple[int, int], frozenset[str]] = {}
        for tr, cells in rows:
            in_row = row_marks.get(tr, [])
            if not in_row and any(
                "ställningstagande" in " ".join(self.answer.texts(c.tc)).lower() for c in cells
            ):
                continue  # the header row (a row of ours, with its bookmark, never is)
            self.row(tr, cells, roles, document, previous, in_row, kinds)

    def text_box(self, tbl: XmlElement) -> None:
        if text := "\n".join(self.answer.texts(tbl)):
            self.result.general.append(general_view(text, ViewSource.FORM, self.indexes))

    def details_table(self, rows: list[tuple[XmlElement, list[_Cell]]]) -> None:
        """Read the particulars: a label cell, then what the respondent wrote."""
        for _tr, cells in rows:
            if len(cells) < 2:
                continue
            label = " ".join(self.answer.texts(cells[0].tc))
            value = " ".join(t for c in cells[1:] for t in self.answer.texts(c.source.tc))
            if label and value.strip():
                self.result.details.append((_label(label), " ".join(value.split())))

    def row(
        self,
        tr: XmlElement,
        cells: list[_Cell],
        roles: dict[int, str],
        document: str,
        previous: dict[int, list[Where]],
        marks: list[str],
        kinds: dict[tuple[int, int], frozenset[str]],
    ) -> None:
        """Read one row; ``marks``: our bookmarks in it, ``kinds``: what the columns of a
        cell hold, by its place on the grid (shared by the rows of a table)."""
        label = ""
        first = next((c for c in cells if roles.get(c.start) == "section"), None)
        places = [self.sections[m] for m in marks if m in self.sections]
        if not places and first is not None and first.origin is not None:
            places = previous.get(id(first.origin), [])  # merged with the row above
        added = not marks and not places
        if not places:
            label = "\n".join(self.answer.texts(first.tc)) if first is not None else ""
            places = [Where(document, _section_of(label, self.index(document)))]
            wide = first is not None and first.span > 1
            label = label if not places[0].section and not wide else ""
        if first is not None:
            previous[id(first)] = places
        self.row_where[tr] = places
        stance, comments, proposals = self.cells(cells, roles, added, kinds)
        if stance is None and not comments and not proposals:
            return
        comment = "\n".join(comments)
        if stance is None:
            stance = read_stance(comment)[0]
        for where in places:
            view = SectionView(
                document=where.document,
                section=where.section,
                stance=stance,
                comment=comment,
                proposal="\n".join(proposals),
                source=ViewSource.FORM,
                anchor=label,
            )
            self.result.views.append(view)

    def cells(
        self,
        cells: list[_Cell],
        roles: dict[int, str],
        added: bool,
        known: dict[tuple[int, int], frozenset[str]],
    ) -> tuple[Stance | None, list[str], list[str]]:
        """Return the stance, comments and proposed wordings in one row's cells. In a row
        of ours the section and excerpt columns are ours; a cell merged from ours and
        theirs is kept whole, as comment."""
        stance: Stance | None = None
        comments: list[str] = []
        proposals: list[str] = []
        for cell in cells:
            kinds = known.get((cell.start, cell.span))
            if kinds is None:
                kinds = frozenset(roles.get(c, "other") for c in cell.columns)
                known[cell.start, cell.span] = kinds
            if kinds == {"section"} or (kinds <= _OURS and not added):
                continue  # the row's label, or our own text in our row
            text = "\n".join(self.answer.texts(cell.source.tc))
            if not text:
                continue
            if "stance" in kinds:
                _listed, chosen, shown = dropdown_stance(cell.source.tc)
                rest = text.replace(shown, "", 1).strip() if shown else text
                if chosen is not None:  # picked in the drop-down: exactly that stance
                    stance = stance or chosen
                    if rest:
                        comments.append(rest)
                    continue
                found, more = read_stance(rest)  # typed, beside the control or without it
                stance = stance or found
                if more or kinds - {"stance"}:
                    comments.append(rest)
            elif kinds == {"proposal"}:
                proposals.append(text)
            else:
                comments.append(text)
        return stance, comments, proposals


def read_form(
    answer: WordAnswer, our_author: str, section_refs: Sections | None = None
) -> tuple[FormReading, list[tuple[ReadingOrder, SectionView]]]:
    """Return what a filled-in form holds, and the Word comments made on it (each tied to
    the section of the row it stands in) with their positions."""
    reader = _FormReader(answer, section_refs)
    reading = reader.read()

    def where(tr: XmlElement) -> Where | None:
        places = reader.row_where.get(tr)
        return places[0] if places else Where("", "")

    if not has_comments(answer):
        return reading, []  # the walk would find no comment to place
    walk = Walk(answer, "", our_author, row_where=where, headings=False)
    comments = comment_views(walk, walk.run())
    return reading, comments
