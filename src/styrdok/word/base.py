"""Building blocks shared by styrdok's Word writers: the base template, paragraph styles,
list numbering, paragraphs, runs and the page header.

The conventions below are also what the .docx reader relies on to rebuild the model:

- A heading of level N has the built-in style "Heading N" (style id ``HeadingN`` in an
  English Word, ``RubrikN`` in a Swedish one, so look styles up by name, which Word keeps
  as ``heading N``, or by outline level). Its text is ``Heading.text`` exactly.
- A paragraph block has the default paragraph style (no ``w:pStyle``: "Normal").
- A bullet item at depth d has the style "List Bullet" (d = 0) or "List Bullet {d+1}",
  an ordered item "List Number" or "List Number {d+1}". Deeper items than the template
  has styles for use its deepest one (base.docx has 5 levels), one list level deeper
  per extra depth (base.docx's list definitions have 9 levels).
- Every list item carries ``w:numPr`` with ``w:ilvl`` = its depth (in base.docx): bullets
  the numbering of their style, ordered items a ``w:num`` of their own per list, with
  ``w:startOverride`` 1, so that every list that Markdown numbers from 1 starts at 1.
- The body holds only these paragraphs, in document order, with no title paragraph
  and no tables. A document without paragraphs is one empty Normal paragraph: an
  empty Normal paragraph stands for no block.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from styrdok.core.errors import TemplateError
from styrdok.text.model import Block, BlockKind
from styrdok.word.ooxml import XmlElement, el, element_of, qn
from styrdok.word.template import TemplateDocument, TemplateStyle

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

TIMEZONE = "Europe/Stockholm"
# The characters XML 1.0 cannot hold, named one by one: the same set as the negation of
# the allowed ranges, which Python takes 3 ms to compile (this takes 0.3 ms).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_KEEP_IN_HEADER = tuple(qn(f"w:{t}") for t in ("drawing", "pict", "object", "fldChar", "fldSimple"))


class ParagraphFormat(NamedTuple):
    """A paragraph's style id (None: Normal) and list numbering (numId, ilvl) if any."""

    style: str | None
    num: tuple[int, int] | None = None


NORMAL = ParagraphFormat(None, None)


def today() -> dt.date:
    """Return today's date in Sweden."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(TIMEZONE)).date()


def open_template(path: Path) -> WordDocument:
    """Return the Word document at ``path``; raise TemplateError if it is missing or no
    usable .docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not path.is_file():
        raise TemplateError(f"mallen {path} saknas")
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"mallen {path} är ingen Word-fil (.docx)")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile):
        raise TemplateError(
            f"mallen {path} är trasig och går inte att öppna som Word-fil"
        ) from None
    except OSError as exc:
        raise TemplateError(f"mallen {path} går inte att läsa: {exc.strerror}") from None


def save(document: WordDocument) -> bytes:
    """Return the document as .docx bytes (not yet reproducible: see word.package)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def save_parts(document: WordDocument | TemplateDocument) -> dict[str, bytes]:
    """Return the members that :func:`save` would zip (name → bytes), unzipped: what
    python-docx's package writer writes, through its own steps, so that the bytes are the
    same; :func:`styrdok.word.package.finalise_parts` zips them once."""
    if isinstance(document, TemplateDocument):
        return document.save_parts()
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(members, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(members, parts)  # type: ignore[arg-type]
    return members.parts


class _Members:
    """Takes what python-docx's package writer writes, in place of its zip writer."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}

    def write(self, pack_uri: str, blob: bytes | str) -> None:
        self.parts[pack_uri[1:]] = blob.encode("utf-8") if isinstance(blob, str) else blob


GRID_STYLE = "Table Grid"


def grid_style(document: WordDocument) -> Any:
    """Return the template's table style "Table Grid" (Tabellrutnät), which every table
    styrdok writes uses; raise TemplateError when the template lacks it."""
    try:
        return document.styles[GRID_STYLE]
    except KeyError:
        raise TemplateError(
            f"Word-mallen saknar tabellformatet {GRID_STYLE!r} (Tabellrutnät)"
        ) from None


def style_id(document: WordDocument, style: Any, kind: Literal["paragraph", "table"]) -> str | None:
    """Return the style id python-docx writes for ``style`` (a name or a style) given to a
    paragraph or table: None for the template's default style of that kind. Raise
    KeyError for a name the template lacks, ValueError for a style of another kind."""
    if isinstance(document, TemplateDocument):
        return document.styles.style_id(style, kind)
    from docx.enum.style import WD_STYLE_TYPE

    wanted = WD_STYLE_TYPE.PARAGRAPH if kind == "paragraph" else WD_STYLE_TYPE.TABLE
    found: str | None = document.part.get_style_id(style, wanted)  # type: ignore[no-untyped-call]
    return found


class StyleSet:
    """Finds the template's style ids for headings and list items, by built-in name."""

    def __init__(self, document: WordDocument, template_name: str = "mallen") -> None:
        self._document = document
        self._template = template_name
        self._ids: dict[str, str | None] = {}

    def style_id(self, name: str) -> str | None:
        """Return the style id of the paragraph style called ``name``, or None if absent."""
        if name not in self._ids:
            try:
                style = self._document.styles[name]
            except KeyError:
                self._ids[name] = None
            else:
                if isinstance(style, TemplateStyle):
                    ok = style.kind == "paragraph"
                else:
                    from docx.enum.style import WD_STYLE_TYPE

                    ok = style.type == WD_STYLE_TYPE.PARAGRAPH
                self._ids[name] = style.style_id if ok else None
        return self._ids[name]

    def required(self, name: str) -> str:
        """Return the style id of ``name``; raise TemplateError when the template lacks it."""
        found = self.style_id(name)
        if found is None:
            raise TemplateError(f"{self._template} saknar formatmallen {name!r}")
        return found

    def heading(self, level: int) -> str:
        """Return the style id for a heading of ``level`` (1–9)."""
        if not 1 <= level <= 9:
            raise ValueError(f"heading level must be 1–9, got {level}")
        return self.required(f"Heading {level}")

    def list_item(self, kind: BlockKind, depth: int) -> tuple[str, int]:
        """Return the style id for a list item of ``kind`` at ``depth`` (0 = outermost)
        and the depth that style is for (less when the template has no deeper style)."""
        if kind == "paragraph":
            raise ValueError("a paragraph is not a list item")
        base = "List Bullet" if kind == "bullet" else "List Number"
        found, found_depth = self.required(base), 0
        for level in range(2, depth + 2):
            deeper = self.style_id(f"{base} {level}")
            if deeper is None:
                break
            found, found_depth = deeper, level - 1
        return found, found_depth


class ListNumbering:
    """The document's numbering part: the numbering of list styles and fresh lists."""

    def __init__(self, document: WordDocument) -> None:
        self._styles: XmlElement = document.styles.element
        self._numbering: XmlElement = document.part.numbering_part.element
        self._style_nums: dict[str, tuple[int, int] | None] = {}
        self._abstracts: dict[int, XmlElement | None] = {}  # numId → its list definition
        self._deeper: dict[tuple[tuple[int, int], int], tuple[int, int]] = {}
        self._next = 1 + max(map(int, self._numbering.xpath("./w:num/@w:numId")), default=0)
        abstract_ids = self._numbering.xpath("./w:abstractNum/@w:abstractNumId")
        self._next_abstract = 1 + max(map(int, abstract_ids), default=0)

    def style_num(
        self, style_id: str, seen: frozenset[str] = frozenset()
    ) -> tuple[int, int] | None:
        """Return (numId, ilvl) that the style applies, following its base styles."""
        if style_id not in self._style_nums:
            found = self._styles.xpath(f'./w:style[@w:styleId="{style_id}"]')
            num = None
            if found and style_id not in seen:
                num_id = found[0].xpath("./w:pPr/w:numPr/w:numId/@w:val")
                ilvl = found[0].xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
                based_on = found[0].xpath("./w:basedOn/@w:val")
                if num_id:
                    num = int(num_id[0]), int(ilvl[0]) if ilvl else 0
                elif based_on:
                    num = self.style_num(based_on[0], seen | {style_id})
            self._style_nums[style_id] = num
        return self._style_nums[style_id]

    def _abstract(self, num_id: int) -> XmlElement | None:
        if num_id not in self._abstracts:  # a numId keeps its definition once it exists
            ref = f'../w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val'
            found = self._numbering.xpath(f"./w:abstractNum[@w:abstractNumId={ref}]")
            if not found:
                return None
            self._abstracts[num_id] = found[0]
        return self._abstracts[num_id]

    def deeper(self, num: tuple[int, int], extra: int) -> tuple[int, int]:
        """Return ``num`` ``extra`` levels deeper, if its list definition has that level."""
        if (num, extra) not in self._deeper:
            self._deeper[num, extra] = self._deeper_level(num, extra)
        return self._deeper[num, extra]

    def _deeper_level(self, num: tuple[int, int], extra: int) -> tuple[int, int]:
        ilvl = min(num[1] + extra, 8)
        abstract = self._abstract(num[0])
        level = f"{qn('w:lvl')}[@{qn('w:ilvl')}='{ilvl}']"
        if extra and abstract is not None and abstract.find(level) is not None:
            return num[0], ilvl
        return num

    def restart(self, style_id: str, extra: int = 0) -> tuple[int, int] | None:
        """Return (numId, ilvl) of a new list numbered from 1 like the style's list,
        ``extra`` levels deeper than the style's own level when the definition has them.

        The list gets a copy of the style's list definition (without its links to the
        styles), so that no reader continues it from another list of the same style."""
        base = self.style_num(style_id)
        original = None if base is None else self._abstract(base[0])
        if base is None or original is None:
            return None
        ilvl = self.deeper(base, extra)[1]
        abstract, abstract_id = copy.deepcopy(original), self._next_abstract
        abstract.set(qn("w:abstractNumId"), str(abstract_id))
        for tag in ("w:lvl/w:pStyle", "w:styleLink", "w:numStyleLink"):
            for link in abstract.findall("/".join(qn(t) for t in tag.split("/"))):
                link.getparent().remove(link)
        if (nsid := abstract.find(qn("w:nsid"))) is not None:
            nsid.set(qn("w:val"), f"{0x5D1E0000 + abstract_id:08X}")
        self._numbering.xpath("./w:abstractNum")[-1].addnext(abstract)
        num = el(
            "w:num",
            {"w:numId": str(self._next)},
            el("w:abstractNumId", {"w:val": str(abstract_id)}),
            el("w:lvlOverride", {"w:ilvl": str(ilvl)}, el("w:startOverride", {"w:val": "1"})),
        )
        cleanup = self._numbering.find(qn("w:numIdMacAtCleanup"))  # the one later child
        if cleanup is None:
            self._numbering.append(num)
        else:
            cleanup.addprevious(num)
        self._next, self._next_abstract = self._next + 1, abstract_id + 1
        return self._next - 1, ilvl


class Formatter:
    """Gives headings and blocks their paragraph format in one Word document."""

    def __init__(self, document: WordDocument, template_name: str = "mallen") -> None:
        self.styles = StyleSet(document, template_name)
        self.numbering = ListNumbering(document)
        self._lists: dict[int, tuple[int, int] | None] = {}

    def heading(self, level: int) -> ParagraphFormat:
        """Return the format of a heading of ``level``."""
        return ParagraphFormat(self.styles.heading(level))

    def block(self, kind: BlockKind, depth: int, list_id: int | None) -> ParagraphFormat:
        """Return the format of a block; ordered items with the same ``list_id`` (from a
        :class:`ListTracker`) share one numbering that starts at 1."""
        if kind == "paragraph":
            return NORMAL
        style, style_depth = self.styles.list_item(kind, depth)
        extra = depth - style_depth  # items deeper than the template's deepest style
        if kind == "bullet" or list_id is None:
            num = self.numbering.style_num(style)
            return ParagraphFormat(style, num and self.numbering.deeper(num, extra))
        if list_id not in self._lists:
            self._lists[list_id] = self.numbering.restart(style, extra)
        return ParagraphFormat(style, self._lists[list_id])


class ListTracker:
    """Tells which ordered list each block under one heading belongs to, as Markdown
    numbers them: a list restarts after a paragraph, after a shallower item and when
    the list type at its depth changes. List ids come from ``ids``, shared by all
    trackers of a document so that they are unique."""

    def __init__(self, ids: Iterator[int]) -> None:
        self._ids = ids
        self._levels: list[tuple[BlockKind, int | None]] = []

    def list_id(self, block: Block) -> int | None:
        """Return the id of the ordered list ``block`` is in (None if it is not one)."""
        if block.kind == "paragraph":
            self._levels.clear()
            return None
        depth = block.depth
        del self._levels[depth + 1 :]
        while len(self._levels) <= depth:
            self._levels.append(("paragraph", None))
        previous_kind, list_id = self._levels[depth]
        if block.kind == "bullet":
            list_id = None
        elif previous_kind != "ordered":
            list_id = next(self._ids)
        self._levels[depth] = (block.kind, list_id)
        return list_id


# --- XML ------------------------------------------------------------------------------------


def xml_text(text: str) -> str:
    """Return ``text`` without characters that XML cannot hold (they become U+FFFD)."""
    return _NOT_XML.sub("\ufffd", text)


def paragraph_properties(fmt: ParagraphFormat) -> XmlElement:
    """Return a ``w:pPr`` holding the style and numbering of ``fmt`` (maybe empty)."""
    ppr = el("w:pPr")
    if fmt.style is not None:
        ppr.append(el("w:pStyle", {"w:val": fmt.style}))
    if fmt.num is not None:
        num_id, ilvl = fmt.num
        ilvl_el, num_el = el("w:ilvl", {"w:val": str(ilvl)}), el("w:numId", {"w:val": str(num_id)})
        ppr.append(el("w:numPr", None, ilvl_el, num_el))
    return ppr


def new_paragraph(fmt: ParagraphFormat) -> XmlElement:
    """Return an empty ``w:p`` with the format ``fmt``."""
    p = el("w:p")
    ppr = paragraph_properties(fmt)
    if len(ppr):
        p.append(ppr)
    return p


def add_text(parent: XmlElement, text: str, tag: str = "w:t") -> XmlElement:
    """Append to ``parent`` a ``w:r`` with ``text`` (tabs as ``w:tab``) and return it;
    ``tag`` is ``w:delText`` for deleted text."""
    run = el("w:r")
    for n, piece in enumerate(xml_text(text).split("\t")):
        if n:
            run.append(el("w:tab"))
        if piece:
            space = {"xml:space": "preserve"} if piece != piece.strip() else None
            run.append(el(tag, space, text=piece))
    parent.append(run)
    return run


def clear_body(document: WordDocument) -> XmlElement:
    """Remove the template's sample content, keeping the page setup; return the body."""
    body: XmlElement = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return body


def append_to_body(body: XmlElement, element: XmlElement) -> None:
    """Append ``element`` to ``body``, before the final section properties."""
    sect = body.find(qn("w:sectPr"))
    if sect is None:
        body.append(element)
    else:
        sect.addprevious(element)


def header_lines(
    organisation: str, title: str, label: str | None, dnr: str | None, date: dt.date | None
) -> list[str]:
    """Return the page header's two lines: organisation and diarienummer, title and
    version and date (one tab: :func:`set_header` puts the second half at the margin)."""
    if dnr and not dnr.casefold().startswith("dnr"):
        dnr = f"Dnr {dnr}"
    first = organisation + (f"\t{dnr}" if dnr else "")
    detail = " · ".join(x for x in (label, date.isoformat() if date else None) if x)
    second = title + (f"\t{detail}" if detail else "")
    return [first, second]


def set_header(document: WordDocument, lines: Sequence[str]) -> None:
    """Replace the text paragraphs of every section's page header with ``lines``, in the
    style of the first of them; pictures and fields in the header stay. A template
    without a header gets one. In a line with one tab, the text after it stands at the
    right margin, whatever tab stops the header style has."""
    for n, section in enumerate(document.sections):
        if section.header.is_linked_to_previous:
            if n:
                continue  # a later section shows the header before it
            section.header.is_linked_to_previous = False  # the template had no header
        header = element_of(section.header)
        old = header.findall(qn("w:p"))
        text_only = [p for p in old if not any(p.iter(*_KEEP_IN_HEADER))]
        style = None
        if text_only:
            found = text_only[0].xpath("./w:pPr/w:pStyle/@w:val")
            style = found[0] if found else None
        anchor = text_only[0] if text_only else None
        style = style or _header_style(document)
        for line in lines:
            p = new_paragraph(ParagraphFormat(style))
            if line.count("\t") == 1:
                p.find(qn("w:pPr")).append(_right_tab(document, section, style))
            add_text(p, line)
            if anchor is not None:
                anchor.addprevious(p)
            else:
                header.append(p)
        for p in text_only:
            header.remove(p)


def _header_style(document: WordDocument) -> str | None:
    return StyleSet(document).style_id("Header")


def _right_tab(document: WordDocument, section: Any, style: str | None) -> XmlElement:
    """Return ``w:tabs`` that clear the style's tab stops and set one at the right margin."""
    width = section.page_width - section.left_margin - section.right_margin
    right = str(round(width / 635))  # EMU to twips
    tabs = el("w:tabs")
    styles: XmlElement = document.styles.element
    chain, seen = style, set()
    while chain and chain not in seen:
        seen.add(chain)
        for pos in styles.xpath(f'./w:style[@w:styleId="{chain}"]/w:pPr/w:tabs/w:tab/@w:pos'):
            if pos != right:
                tabs.append(el("w:tab", {"w:val": "clear", "w:pos": pos}))
        based = styles.xpath(f'./w:style[@w:styleId="{chain}"]/w:basedOn/@w:val')
        chain = based[0] if based else None
    tabs.append(el("w:tab", {"w:val": "right", "w:pos": right}))
    return tabs
