"""Read a Word file (.docx) back into the document model.

Only the body is read (no headers, footers, comments, footnotes, drawings, text boxes).

- A heading has an outline level 0–8 (``w:outlineLvl`` of the paragraph, else the nearest
  along its style's ``w:basedOn`` chain) or a built-in heading style (name ``heading N``, id
  ``HeadingN``) in any display language; levels past 6 count as 6, level 9 is body text.
- A Title-style paragraph before the first heading is a level-1 heading (Word users title
  documents that way); after a heading it is a paragraph, so the section tree stays whole.
- A list item has numbering (``w:numPr`` on the paragraph or its styles, ``numId`` 0 = none);
  its level's ``numFmt`` decides: ``bullet`` → bullet, ``none`` → paragraph (nothing is
  shown), anything else → ordered. Depth is ``ilvl``, else the level linked to the style
  (``w:lvl/w:pStyle``), else 0, as LibreOffice counts (a single-level ``List Bullet 2``: 0).
- Tracked changes are read as accepted (``view="accepted"``) or as before them
  (``"original"``). A paragraph whose mark is removed joins the next one, as Word does; the
  joined paragraph keeps the kind of its first part that has text, so a deleted heading
  does not turn the paragraph after it into a heading. In the original view, paragraph
  properties come from ``w:pPrChange``.
- Fields give their result text; content controls their content (not placeholder text);
  table cells their paragraphs in order. Empty paragraphs are skipped.
- Front matter comes from the custom property ``styrdok.frontmatter``, maybe in 255-character
  pieces, as word.package writes it (JSON; a date is ``{"$date": "2024-05-09"}``).

The pieces are public for the readers of answers, which walk the same bodies:
:class:`StyleTable`, :class:`NumberingTable`, :class:`BodyReader` (paragraphs in document
order), :func:`sdt_content` and :func:`table_rows`; the file itself is a
:class:`styrdok.word.package.WordPackage`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from styrdok.text.markdown import check_front_matter, normalise
from styrdok.text.model import Block, BlockKind, Document, Heading, Metadata, Section
from styrdok.word.ooxml import OFF, XmlElement, int_or_none, qn, val
from styrdok.word.package import (
    FRONT_MATTER_PROPERTY,
    WordPackage,
    decode_front_matter,
    unreadable,
)

View = Literal["accepted", "original"]

_HEADING_NAME = re.compile(r"heading ([1-9])|Heading([1-9])")
_BLOCK_CONTAINERS = frozenset(qn(f"w:{tag}") for tag in ("tbl", "tr", "tc", "customXml"))
_INLINE_CONTAINERS = frozenset(
    qn(f"w:{tag}")
    for tag in "ins del moveFrom moveTo hyperlink smartTag customXml fldSimple bdo dir".split()
)
_SPACES = frozenset(qn(f"w:{tag}") for tag in ("tab", "br", "cr", "ptab"))
_P, _R, _SDT, _PPR, _RPR = (qn(f"w:{tag}") for tag in ("p", "r", "sdt", "pPr", "rPr"))
_FLDCHAR, _FLDCHARTYPE, _NOBREAKHYPHEN = qn("w:fldChar"), qn("w:fldCharType"), qn("w:noBreakHyphen")
_OLD_PPR = f"{qn('w:pPrChange')}/{qn('w:pPr')}"
_DROPPED = {  # per view: the changes whose content is left out, and the text elements read
    "accepted": frozenset(qn(f"w:{tag}") for tag in ("del", "moveFrom")),
    "original": frozenset(qn(f"w:{tag}") for tag in ("ins", "moveTo")),
}
_TEXTS = {
    "accepted": frozenset((qn("w:t"),)),
    "original": frozenset((qn("w:t"), qn("w:delText"))),
}


class StyleTable:
    """Styles (paragraph and numbering) and their ``w:basedOn`` chains."""

    def __init__(self, root: XmlElement | None) -> None:
        self.by_id: dict[str, XmlElement] = {}
        self.default: str | None = None
        self._memo: dict[tuple[object, ...], object] = {}  # answers per style: reused
        for el in () if root is None else root.iterfind(qn("w:style")):
            self.by_id[el.get(qn("w:styleId"), "")] = el
            if el.get(qn("w:type")) == "paragraph" and el.get(qn("w:default")) not in (None, *OFF):
                self.default = el.get(qn("w:styleId"), "")

    def chain(self, style_id: str | None) -> Iterator[tuple[str, str, XmlElement]]:
        """Return id, lower-case name and element of the style and those it is based on."""
        seen: set[str] = set()
        while style_id is not None and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            el = self.by_id[style_id]
            yield style_id, (val(el, "name") or "").lower(), el
            style_id = val(el, "basedOn")

    def first(self, style_id: str | None, *path: str) -> str | None:
        """Return the nearest ``w:val`` at ``path`` along the style's chain."""
        key = ("first", style_id, *path)
        if key not in self._memo:
            values = (val(el, *path) for _sid, _name, el in self.chain(style_id))
            self._memo[key] = next((value for value in values if value is not None), None)
        return self._memo[key]  # type: ignore[return-value]

    def outline(self, style_id: str | None) -> int | None:
        key = ("outline", style_id)
        if key not in self._memo:
            self._memo[key] = self._outline(style_id)
        return self._memo[key]  # type: ignore[return-value]

    def _outline(self, style_id: str | None) -> int | None:
        for sid, name, el in self.chain(style_id):
            if (level := int_or_none(val(el, "pPr", "outlineLvl"))) is not None:
                return level
            if m := _HEADING_NAME.fullmatch(name) or _HEADING_NAME.fullmatch(sid):
                return int(m[1] or m[2]) - 1
        return None

    def is_title(self, style_id: str | None) -> bool:
        key = ("title", style_id)
        if key not in self._memo:
            chain = self.chain(style_id)
            self._memo[key] = any(name == "title" or sid == "Title" for sid, name, _ in chain)
        return bool(self._memo[key])


class NumberingTable:
    """numbering.xml: which list levels are bullets and which are numbers."""

    def __init__(self, root: XmlElement | None, styles: StyleTable) -> None:
        self.styles = styles
        find = (lambda tag: ()) if root is None else root.iterfind
        self.abstracts = {el.get(qn("w:abstractNumId"), ""): el for el in find(qn("w:abstractNum"))}
        self.nums = {el.get(qn("w:numId"), ""): el for el in find(qn("w:num"))}

    def levels(self, num_id: str, hops: int = 0) -> list[XmlElement]:
        """Return the ``w:lvl`` elements of a numbering, its overrides first."""
        num = self.nums.get(num_id)
        if num is None:
            return []
        overrides: list[XmlElement] = num.findall(f"{qn('w:lvlOverride')}/{qn('w:lvl')}")
        abstract = self.abstracts.get(val(num, "abstractNumId") or "")
        if (link := val(abstract, "numStyleLink")) is not None:
            linked = self.styles.first(link, "pPr", "numPr", "numId")
            return overrides + (self.levels(linked, hops + 1) if linked and hops < 5 else [])
        return overrides + ([] if abstract is None else abstract.findall(qn("w:lvl")))

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """Return the level of the numbering that names ``style_id`` as its style."""
        levels = [el for el in self.levels(num_id) if style_id and val(el, "pStyle") == style_id]
        return int_or_none(levels[0].get(qn("w:ilvl"))) if levels else None

    def kind(self, num_id: str, ilvl: int) -> BlockKind:
        """Return what a paragraph numbered ``num_id`` at level ``ilvl`` is."""
        for el in self.levels(num_id):
            if int_or_none(el.get(qn("w:ilvl"))) == ilvl:
                fmt = val(el, "numFmt") or "decimal"
                return "paragraph" if fmt == "none" else "bullet" if fmt == "bullet" else "ordered"
        return "paragraph"


ParaKind = Literal["heading", "title", "paragraph", "bullet", "ordered"]
_Kind = tuple[ParaKind, int]  # what a paragraph is, and its heading level or list depth
_TEXT_ONLY: _Kind = ("paragraph", 0)


@dataclass
class BodyReader:
    """Walks the body in document order and collects (kind, level, text) of paragraphs."""

    styles: StyleTable
    numbering: NumberingTable
    view: View
    kinds: bool = True  # False: text only, every paragraph read as "paragraph", level 0
    paras: list[tuple[ParaKind, int, str]] = field(default_factory=list)
    fields: list[bool] = field(default_factory=list)  # per open field: result reached
    carry: tuple[str, _Kind | None] | None = None  # joined text, kind of its first part

    def __post_init__(self) -> None:
        view = "accepted" if self.view == "accepted" else "original"
        self.dropped = _DROPPED[view]
        self.texts = _TEXTS[view]

    def blocks(self, parent: XmlElement) -> None:
        for child in parent:
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _SDT:
                if (content := sdt_content(child)) is not None:
                    self.blocks(content)
            elif child.tag in _BLOCK_CONTAINERS:
                self.flush()
                self.blocks(child)
                self.flush()

    def flush(self) -> None:
        """Emit a paragraph whose mark was removed but that has nothing to join."""
        if self.carry is not None:
            self.emit(*self.carry)

    def emit(self, text: str, kind: _Kind | None) -> None:
        self.carry = None
        if kind is not None and (cleaned := normalise(text)):
            self.paras.append((*kind, cleaned))

    def paragraph(self, p: XmlElement) -> None:
        ppr = p.find(_PPR)
        props = ppr
        if self.view == "original" and ppr is not None:
            old = ppr.find(_OLD_PPR)
            props = ppr if old is None else old
        parts: list[str] = []
        self.inline(p, parts)
        text = "".join(parts)
        joined, first = self.carry or ("", None)
        kind = first or (
            (self.classify(props) if self.kinds else _TEXT_ONLY) if normalise(text) else None
        )
        mark = None if ppr is None else ppr.find(_RPR)
        if mark is not None and any(mark.find(tag) is not None for tag in self.dropped):
            self.carry = (joined + text, kind)
        else:
            self.emit(joined + text, kind)

    def classify(self, props: XmlElement | None) -> _Kind:
        """Return what a paragraph with these properties is."""
        style_id = val(props, "pStyle") or self.styles.default
        outline = int_or_none(val(props, "outlineLvl"))
        outline = self.styles.outline(style_id) if outline is None else outline
        if outline is not None and 0 <= outline < 9:
            return "heading", min(outline + 1, 6)
        if self.styles.is_title(style_id):
            return "title", 1
        num_id, ilvl_text = (
            val(props, "numPr", name) or self.styles.first(style_id, "pPr", "numPr", name)
            for name in ("numId", "ilvl")
        )
        if num_id is None or num_id == "0":
            return "paragraph", 0
        ilvl = int_or_none(ilvl_text)
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id) or 0
        ilvl = min(max(ilvl, 0), 8)
        return self.numbering.kind(num_id, ilvl), ilvl

    def inline(self, parent: XmlElement, out: list[str]) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self.run(child, out)
            elif tag in self.dropped:
                continue
            elif tag == _SDT:
                if (content := sdt_content(child)) is not None:
                    self.inline(content, out)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child, out)

    def run(self, r: XmlElement, out: list[str]) -> None:
        for child in r:
            tag = child.tag
            if tag == _FLDCHAR:
                kind = child.get(_FLDCHARTYPE)
                if kind == "begin":
                    self.fields.append(False)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif self.fields and not all(self.fields):
                continue  # the field's instruction, not its result
            elif tag in self.texts:
                out.append(child.text or "")
            elif tag in _SPACES:
                out.append(" ")
            elif tag == _NOBREAKHYPHEN:
                out.append("-")


_SDT_PR, _SHOWING_PLACEHOLDER = qn("w:sdtPr"), qn("w:showingPlcHdr")
_VAL, _SDT_CONTENT = qn("w:val"), qn("w:sdtContent")
_TR, _CUSTOM_XML = qn("w:tr"), qn("w:customXml")


def sdt_content(sdt: XmlElement) -> XmlElement | None:
    """Return a content control's content, or None while it shows its placeholder."""
    for props in sdt.iterchildren(_SDT_PR):  # the first w:sdtPr/w:showingPlcHdr
        for shows in props.iterchildren(_SHOWING_PLACEHOLDER):
            if shows.get(_VAL, "true") not in OFF:
                return None
            return next(sdt.iterchildren(_SDT_CONTENT), None)
    return next(sdt.iterchildren(_SDT_CONTENT), None)


_TEXT_BEARING = (qn("w:t"), qn("w:noBreakHyphen"))  # all that reads as more than a space


def has_text(element: XmlElement) -> bool:
    """Return False when :class:`BodyReader` (changes accepted) can find no text under
    ``element``: no ``w:t`` or ``w:noBreakHyphen`` in it, but in content controls that
    show their placeholder; True when it may."""
    for found in element.iter(*_TEXT_BEARING):
        node = found.getparent()
        while node is not None and node is not element:
            if node.tag == _SDT and sdt_content(node) is None:
                break  # a placeholder, never read
            node = node.getparent()
        else:
            return True
    return False


def table_rows(tbl: XmlElement) -> Iterator[XmlElement]:
    """Return the rows of a table, also those inside content controls and custom XML."""
    for child in tbl:
        tag = child.tag
        if tag == _TR:
            yield child
        elif tag == _SDT or tag == _CUSTOM_XML:
            content = sdt_content(child) if tag == _SDT else child
            if content is not None:
                yield from table_rows(content)


def _tree(paras: list[tuple[ParaKind, int, str]]) -> tuple[list[Block], list[Section]]:
    """Return the preamble and the section tree, built as text.markdown builds it."""
    preamble: list[Block] = []
    sections: list[Section] = []
    open_sections: list[Section] = []
    for kind, level, text in paras:
        blocks = open_sections[-1].blocks if open_sections else preamble
        if kind == "heading" or (kind == "title" and not sections):
            while open_sections and open_sections[-1].heading.level >= level:
                open_sections.pop()
            section = Section(Heading(level, text))
            (open_sections[-1].children if open_sections else sections).append(section)
            open_sections.append(section)
        elif kind == "bullet" or kind == "ordered":
            blocks.append(Block(kind, text, level))
        else:
            blocks.append(Block("paragraph", text))
    return preamble, sections


def _metadata(properties: dict[str, str]) -> Metadata:
    text = properties.get(FRONT_MATTER_PROPERTY)
    if text is None:
        return Metadata()
    try:
        values = decode_front_matter(text)
    except (ValueError, TypeError):
        raise unreadable(
            f"egenskapen {FRONT_MATTER_PROPERTY} är ingen giltig front matter"
        ) from None
    check_front_matter(values)
    return Metadata(values)


def custom_properties(source: bytes | str | os.PathLike[str]) -> dict[str, str]:
    """Return the custom document properties of a Word file (name → value as text)."""
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise unreadable(f"{source}: {exc.strerror}") from None
    return WordPackage(data).properties()


def read_docx(data: bytes, view: View = "accepted") -> Document:
    """Return the document model of a Word file, with tracked changes accepted or rejected."""
    if view not in ("accepted", "original"):
        raise ValueError(f"view must be 'accepted' or 'original', got {view!r}")
    package = WordPackage(data)
    body = package.body()
    styles = StyleTable(package.main_part("styles"))
    numbering = NumberingTable(package.main_part("numbering"), styles)
    reader = BodyReader(styles, numbering, view)
    reader.blocks(body)
    reader.flush()
    preamble, sections = _tree(reader.paras)
    return Document(_metadata(package.properties()), preamble, sections)
