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
  pieces, as docx_package writes it (JSON; a date is ``{"$date": "2024-05-09"}``).
"""

from __future__ import annotations

import io
import itertools
import os
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree

from styrdok.core.errors import WordFileError
from styrdok.text.markdown import check_front_matter, normalise
from styrdok.text.model import Block, BlockKind, Document, Heading, Metadata, Section
from styrdok.word.package import decode_front_matter

View = Literal["accepted", "original"]
FRONT_MATTER_PROPERTY = "styrdok.frontmatter"

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_HEADING_NAME = re.compile(r"heading ([1-9])|Heading([1-9])")
_BLOCK_CONTAINERS = frozenset(W + tag for tag in ("tbl", "tr", "tc", "customXml"))
_INLINE_CONTAINERS = frozenset(
    W + tag
    for tag in "ins del moveFrom moveTo hyperlink smartTag customXml fldSimple bdo dir".split()
)
_SPACES = frozenset(W + tag for tag in ("tab", "br", "cr", "ptab"))
_OFF = ("0", "false", "off")


def _fail(reason: str) -> WordFileError:
    return WordFileError(f"Word-filen kan inte läsas: {reason}")


def _parse_xml(data: bytes, name: str) -> etree._Element:
    """Return the root of a part; refuse DTDs, entities and network access."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise _fail(f"{name} är inte giltig XML") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise _fail(f"{name} innehåller en DOCTYPE")
    return root


class _Package:
    """The zip container: parts and the relationships between them."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
        except zipfile.BadZipFile:
            raise _fail("filen är inte ett Word-dokument (docx)") from None

    def xml(self, name: str | None) -> etree._Element | None:
        if name is None or name not in self.names:
            return None
        return _parse_xml(self.zip.read(name), name)

    def related(self, source: str, kind: str) -> str | None:
        """Return the part that ``source`` ('' for the package) relates to by type ``kind``."""
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        for rel in [] if rels is None else rels.iter(_REL):
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if rel.get("Type", "").rsplit("/", 1)[-1] == kind and not external:
                return posixpath.normpath(posixpath.join("/" + folder, target))[1:]
        return None


def _val(parent: etree._Element | None, *path: str) -> str | None:
    """Return ``w:val`` of the element at ``path`` (w: names) under ``parent``, or None."""
    child = None if parent is None else parent.find("/".join(W + name for name in path))
    return None if child is None else child.get(W + "val")


def _int(value: str | None) -> int | None:
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


class _Styles:
    """Styles (paragraph and numbering) and their ``w:basedOn`` chains."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default: str | None = None
        self._memo: dict[tuple[object, ...], object] = {}  # answers per style: reused
        for el in () if root is None else root.iterfind(W + "style"):
            self.by_id[el.get(W + "styleId", "")] = el
            if el.get(W + "type") == "paragraph" and el.get(W + "default") not in (None, *_OFF):
                self.default = el.get(W + "styleId", "")

    def chain(self, style_id: str | None) -> Iterator[tuple[str, str, etree._Element]]:
        """Return id, lower-case name and element of the style and those it is based on."""
        seen: set[str] = set()
        while style_id is not None and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            el = self.by_id[style_id]
            yield style_id, (_val(el, "name") or "").lower(), el
            style_id = _val(el, "basedOn")

    def first(self, style_id: str | None, *path: str) -> str | None:
        """Return the nearest ``w:val`` at ``path`` along the style's chain."""
        key = ("first", style_id, *path)
        if key not in self._memo:
            values = (_val(el, *path) for _sid, _name, el in self.chain(style_id))
            self._memo[key] = next((value for value in values if value is not None), None)
        return self._memo[key]  # type: ignore[return-value]

    def outline(self, style_id: str | None) -> int | None:
        key = ("outline", style_id)
        if key not in self._memo:
            self._memo[key] = self._outline(style_id)
        return self._memo[key]  # type: ignore[return-value]

    def _outline(self, style_id: str | None) -> int | None:
        for sid, name, el in self.chain(style_id):
            if (level := _int(_val(el, "pPr", "outlineLvl"))) is not None:
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


class _Numbering:
    """numbering.xml: which list levels are bullets and which are numbers."""

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.styles = styles
        find = (lambda tag: ()) if root is None else root.iterfind
        self.abstracts = {el.get(W + "abstractNumId", ""): el for el in find(W + "abstractNum")}
        self.nums = {el.get(W + "numId", ""): el for el in find(W + "num")}

    def levels(self, num_id: str, hops: int = 0) -> list[etree._Element]:
        """Return the ``w:lvl`` elements of a numbering, its overrides first."""
        num = self.nums.get(num_id)
        if num is None:
            return []
        overrides: list[etree._Element] = num.findall(f"{W}lvlOverride/{W}lvl")
        abstract = self.abstracts.get(_val(num, "abstractNumId") or "")
        if (link := _val(abstract, "numStyleLink")) is not None:
            linked = self.styles.first(link, "pPr", "numPr", "numId")
            return overrides + (self.levels(linked, hops + 1) if linked and hops < 5 else [])
        return overrides + ([] if abstract is None else abstract.findall(W + "lvl"))

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """Return the level of the numbering that names ``style_id`` as its style."""
        levels = [el for el in self.levels(num_id) if style_id and _val(el, "pStyle") == style_id]
        return _int(levels[0].get(W + "ilvl")) if levels else None

    def kind(self, num_id: str, ilvl: int) -> BlockKind:
        """Return what a paragraph numbered ``num_id`` at level ``ilvl`` is."""
        for el in self.levels(num_id):
            if _int(el.get(W + "ilvl")) == ilvl:
                fmt = _val(el, "numFmt") or "decimal"
                return "paragraph" if fmt == "none" else "bullet" if fmt == "bullet" else "ordered"
        return "paragraph"


ParaKind = Literal["heading", "title", "paragraph", "bullet", "ordered"]
_Kind = tuple[ParaKind, int]  # what a paragraph is, and its heading level or list depth


@dataclass
class _Body:
    """Walks the body in document order and collects (kind, level, text) of paragraphs."""

    styles: _Styles
    numbering: _Numbering
    view: View
    paras: list[tuple[ParaKind, int, str]] = field(default_factory=list)
    fields: list[bool] = field(default_factory=list)  # per open field: result reached
    carry: tuple[str, _Kind | None] | None = None  # joined text, kind of its first part

    def __post_init__(self) -> None:
        accepted = self.view == "accepted"
        dropped = ("del", "moveFrom") if accepted else ("ins", "moveTo")
        self.dropped = frozenset(W + tag for tag in dropped)
        self.texts = frozenset(W + tag for tag in (("t",) if accepted else ("t", "delText")))

    def blocks(self, parent: etree._Element) -> None:
        for child in parent:
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "sdt":
                if (content := _sdt_content(child)) is not None:
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

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(W + "pPr")
        props = ppr
        if self.view == "original" and ppr is not None:
            old = ppr.find(f"{W}pPrChange/{W}pPr")
            props = ppr if old is None else old
        parts: list[str] = []
        self.inline(p, parts)
        text = "".join(parts)
        joined, first = self.carry or ("", None)
        kind = first or (self.classify(props) if normalise(text) else None)
        mark = None if ppr is None else ppr.find(W + "rPr")
        if mark is not None and any(mark.find(tag) is not None for tag in self.dropped):
            self.carry = (joined + text, kind)
        else:
            self.emit(joined + text, kind)

    def classify(self, props: etree._Element | None) -> _Kind:
        """Return what a paragraph with these properties is."""
        style_id = _val(props, "pStyle") or self.styles.default
        outline = _int(_val(props, "outlineLvl"))
        outline = self.styles.outline(style_id) if outline is None else outline
        if outline is not None and 0 <= outline < 9:
            return "heading", min(outline + 1, 6)
        if self.styles.is_title(style_id):
            return "title", 1
        num_id, ilvl_text = (
            _val(props, "numPr", name) or self.styles.first(style_id, "pPr", "numPr", name)
            for name in ("numId", "ilvl")
        )
        if num_id is None or num_id == "0":
            return "paragraph", 0
        ilvl = _int(ilvl_text)
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id) or 0
        ilvl = min(max(ilvl, 0), 8)
        return self.numbering.kind(num_id, ilvl), ilvl

    def inline(self, parent: etree._Element, out: list[str]) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "r":
                self.run(child, out)
            elif tag in self.dropped:
                continue
            elif tag == W + "sdt":
                if (content := _sdt_content(child)) is not None:
                    self.inline(content, out)
            elif tag in _INLINE_CONTAINERS:
                self.inline(child, out)

    def run(self, r: etree._Element, out: list[str]) -> None:
        for child in r:
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
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
            elif tag == W + "noBreakHyphen":
                out.append("-")


def _sdt_content(sdt: etree._Element) -> etree._Element | None:
    """Return a content control's content, or None while it shows its placeholder."""
    shows = sdt.find(f"{W}sdtPr/{W}showingPlcHdr")
    if shows is not None and shows.get(W + "val", "true") not in _OFF:
        return None
    return sdt.find(W + "sdtContent")


def _tree(paras: list[tuple[ParaKind, int, str]]) -> tuple[list[Block], list[Section]]:
    """Return the preamble and the section tree, built as markdown_io builds it."""
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
        raise _fail(f"egenskapen {FRONT_MATTER_PROPERTY} är ingen giltig front matter") from None
    check_front_matter(values)
    return Metadata(values)


def _custom_properties(package: _Package) -> dict[str, str]:
    """Return the custom properties, values that docx_package split at 255 characters
    (``name``, ``name.2``, ``name.3``, …) joined again."""
    root = package.xml(package.related("", "custom-properties") or "docProps/custom.xml")
    found = {
        str(prop.get("name")): "".join(prop.itertext())
        for prop in ([] if root is None else root)
        if prop.get("name") is not None and etree.QName(prop).localname == "property"
    }
    joined: dict[str, str] = {}
    for name, value in found.items():
        if (m := re.fullmatch(r"(.+)\.(\d+)", name)) and m[1] in found:
            continue
        for n in itertools.count(2):
            if f"{name}.{n}" not in found:
                break
            value += found[f"{name}.{n}"]
        joined[name] = value
    return joined


def custom_properties(source: bytes | str | os.PathLike[str]) -> dict[str, str]:
    """Return the custom document properties of a Word file (name → value as text)."""
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise _fail(f"{source}: {exc.strerror}") from None
    return _custom_properties(_Package(data))


def read_docx(data: bytes, view: View = "accepted") -> Document:
    """Return the document model of a Word file, with tracked changes accepted or rejected."""
    if view not in ("accepted", "original"):
        raise ValueError(f"view must be 'accepted' or 'original', got {view!r}")
    package = _Package(data)
    main = package.related("", "officeDocument") or "word/document.xml"
    root = package.xml(main)
    if root is None or root.tag != W + "document" or (body := root.find(W + "body")) is None:
        strict = root is not None and _STRICT_NS in str(root.tag)
        hint = " (Strict Open XML stöds inte)" if strict else ""
        raise _fail(f"{main} saknas eller är inte ett Word-dokument{hint}")
    styles = _Styles(package.xml(package.related(main, "styles")))
    numbering = _Numbering(package.xml(package.related(main, "numbering")), styles)
    reader = _Body(styles, numbering, view)
    reader.blocks(body)
    reader.flush()
    preamble, sections = _tree(reader.paras)
    return Document(_metadata(_custom_properties(package)), preamble, sections)
