"""Paragraphs, runs and tables written as WordprocessingML text and parsed in one go.

python-docx builds a document element by element, checking the schema order of every
child it adds; for a table of 70,000 cells that takes longer than everything else in a
report. :class:`BodyText` collects the same XML as text instead and puts it into a
python-docx document's body in one parse (:meth:`BodyText.flush`), before the final section
properties, as ``document.add_paragraph`` and ``document.add_table`` would. The XML is what
python-docx writes for the same calls (``add_paragraph(text, style)``, ``add_run``, bold,
italic, strike-through, underline, size and typeface, ``add_table`` with fixed column widths,
a repeated header row and a caption), so a report that moves from those calls to these
gives the same bytes.

Flush before calling python-docx on the same document (a table filled through its API, a
new section), so that the parts stay in the order they were written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from styrdok.word.base import ParagraphFormat, xml_text
from styrdok.word.ooxml import NS, parse, qn

_TABLE_END = "</w:tbl>"
EMU_CM = 360_000
EMU_TWIP = 635
TABLE_LOOK = (
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
    'w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)


def twips(cm: float) -> int:
    """Return ``cm`` in twips as python-docx rounds ``Cm(cm)`` for a width."""
    return round(int(cm * EMU_CM) / EMU_TWIP)


@functools.cache
def attr(value: str) -> str:
    """Return ``value`` as a quoted attribute value, escaped as lxml writes it."""
    if _ATTR_SPECIAL.search(value) is None:
        return f'"{value}"'
    return '"' + value.translate(_ATTR_ESCAPES) + '"'


_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')
_TEXT_SPECIAL = re.compile("[&<>\r]")


def escape_text(value: str) -> str:
    """Return ``value`` escaped as lxml writes element text."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return value.translate(_TEXT_ESCAPES)


def run_xml(value: str, tag: str = "w:t") -> str:
    """Return a ``w:r`` holding ``value`` as ``base.add_text`` writes it: tabs as
    ``w:tab``, characters XML cannot hold as U+FFFD; ``tag`` is ``w:delText`` for deleted
    text."""
    text = xml_text(value)
    if "\t" not in text:  # the usual run: one text element
        if not text:
            return "<w:r></w:r>"
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f"<w:r><{tag}{space}>{escape_text(text)}</{tag}></w:r>"
    out = ["<w:r>"]
    for n, piece in enumerate(text.split("\t")):
        if n:
            out.append("<w:tab/>")
        if piece:
            space = ' xml:space="preserve"' if piece != piece.strip() else ""
            out.append(f"<{tag}{space}>{escape_text(piece)}</{tag}>")
    out.append("</w:r>")
    return "".join(out)


def paragraph_format(fmt: ParagraphFormat) -> str:
    """Return the children of the ``w:pPr`` that ``base.paragraph_properties`` makes for
    ``fmt``: its style and list numbering (empty text for neither)."""
    out = f"<w:pStyle w:val={attr(fmt.style)}/>" if fmt.style is not None else ""
    if fmt.num is not None:
        out += f'<w:numPr><w:ilvl w:val="{fmt.num[1]}"/><w:numId w:val="{fmt.num[0]}"/></w:numPr>'
    return out


@functools.cache
def run_properties(
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
    underline: bool = False,
    size: float | None = None,
    font: str | None = None,
) -> str:
    """Return the ``w:rPr`` of a run (empty text for none): bold, italic, struck through,
    underlined (single), ``size`` in points, typeface ``font``."""
    parts = [f"<w:rFonts w:ascii={attr(font)} w:hAnsi={attr(font)}/>"] if font else []
    parts += [tag for on, tag in ((bold, "<w:b/>"), (italic, "<w:i/>"), (strike, "<w:strike/>"))
              if on]  # fmt: skip
    if size is not None:
        parts.append(f'<w:sz w:val="{round(size * 2)}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _content(text: str) -> str:
    """Return the run content of ``text``: ``w:t`` pieces, a ``w:tab`` for a tab and a
    ``w:br`` for a line break, as python-docx's ``Run.text`` writes them."""
    out: list[str] = []
    piece: list[str] = []

    def flush() -> None:
        joined = "".join(piece)
        if joined:
            space = ' xml:space="preserve"' if len(joined.strip()) < len(joined) else ""
            out.append(f"<w:t{space}>{escape_text(xml_text(joined))}</w:t>")
            piece.clear()

    if "\t" not in text and "\n" not in text and "\r" not in text:
        piece.append(text)
    else:
        for char in text:
            if char == "\t":
                flush()
                out.append("<w:tab/>")
            elif char in "\r\n":
                flush()
                out.append("<w:br/>")
            else:
                piece.append(char)
    flush()
    return "".join(out)


def run(text: str, properties: str = "") -> str:
    """Return a ``w:r`` with ``text`` and ``properties`` (from :func:`run_properties`)."""
    inner = properties + _content(text)
    return f"<w:r>{inner}</w:r>" if inner else "<w:r/>"


def paragraph(runs: str = "", style: str | None = None) -> str:
    """Return a ``w:p`` with the ``runs`` (XML text) in the paragraph style ``style`` (a
    style id; None for the default style)."""
    ppr = f"<w:pPr><w:pStyle w:val={attr(style)}/></w:pPr>" if style else ""
    return f"<w:p>{ppr}{runs}</w:p>" if ppr or runs else "<w:p/>"


def cell(width: int, runs: str) -> str:
    """Return a ``w:tc`` ``width`` twips wide with one paragraph holding ``runs``."""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>{paragraph(runs)}</w:tc>'


def row(cells: Iterable[str], header: bool = False) -> str:
    """Return a ``w:tr`` of ``cells``; a ``header`` row repeats at the top of every page."""
    trpr = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def table(widths: Sequence[int], style: str | None, caption: str) -> str:
    """Return a ``w:tbl`` without rows: fixed column ``widths`` (twips), the table style
    ``style`` (a style id) and the ``caption`` screen readers announce. Add it with its
    rows through :meth:`BodyText.add_table`."""
    tbl_style = f"<w:tblStyle w:val={attr(style)}/>" if style else ""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        f'<w:tbl><w:tblPr>{tbl_style}<w:tblW w:type="auto" w:w="0"/>'
        f'<w:tblLayout w:type="fixed"/>{TABLE_LOOK}'
        f"<w:tblCaption w:val={attr(xml_text(caption))}/></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid></w:tbl>"
    )


class BodyText:
    """WordprocessingML collected as text for the body of one python-docx document."""

    def __init__(self, document: Any) -> None:
        self._body = document.element.body
        self._parts: list[str | tuple[str, list[str]]] = []  # text; a table and its rows

    def add(self, xml: str) -> None:
        """Append body content (paragraphs, tables) written as XML text."""
        self._parts.append(xml)

    def add_table(self, start: str, rows: Iterable[str]) -> None:
        """Append a table: ``start`` from :func:`table` and its ``rows`` from :func:`row`."""
        if not start.endswith(_TABLE_END):
            raise ValueError(f"expected a table from xmltext.table(), got {start[:40]!r}")
        self._parts.append((start, list(rows)))

    def save(self, document: Any) -> dict[str, bytes]:
        """Return the document's package parts (``base.save_parts``) with what was added
        as the body's content. When the body holds nothing but its section properties,
        the text goes into the saved main part as it is, without being parsed (it is
        written as lxml writes it); otherwise it is put in with :meth:`flush` first."""
        from styrdok.word.base import save_parts

        body, root = self._body, self._body.getparent()
        plain = len(body) == 0 or (len(body) == 1 and body[0].tag == qn("w:sectPr"))
        if not plain or root.nsmap.get("w") != NS["w"] or root.prefix != "w":
            self.flush()
            return save_parts(document)
        text = "".join(
            part
            if isinstance(part, str)
            else part[0][: -len(_TABLE_END)] + "".join(part[1]) + _TABLE_END
            for part in self._parts
        ).encode()
        self._parts.clear()
        parts = save_parts(document)
        name = document.main[1:] if hasattr(document, "main") else document.part.partname[1:]
        data = parts[name]
        if b"<w:body/>" in data and data.count(b"<w:body/>") == 1 and b"<w:body>" not in data:
            parts[name] = data.replace(b"<w:body/>", b"<w:body>" + text + b"</w:body>")
        elif data.count(b"<w:body>") == 1:
            parts[name] = data.replace(b"<w:body>", b"<w:body>" + text)
        else:
            raise ValueError(f"expected one w:body in {name}, got another form")
        return parts

    def flush(self) -> None:
        """Put what was added into the document's body, before its section properties.

        The rows of a table are parsed beside it and moved into it one by one once it is
        in the body: lxml takes time that grows with the square of the size of a subtree
        moved between documents (a table of 70,000 cells: minutes), and only linearly
        for many small ones."""
        if not self._parts:
            return
        text = "".join(
            part if isinstance(part, str) else part[0] + "".join(part[1]) for part in self._parts
        )
        self._parts.clear()
        root = parse(f'<w:body xmlns:w="{NS["w"]}">{text}</w:body>'.encode())
        sect = self._body[-1] if len(self._body) else None
        if sect is not None and sect.tag != qn("w:sectPr"):
            sect = None
        tr, tbl, current = qn("w:tr"), qn("w:tbl"), None
        for child in list(root):
            if child.tag == tr and current is not None:
                current.append(child)
                continue
            if sect is None:
                self._body.append(child)
            else:
                sect.addprevious(child)
            current = child if child.tag == tbl else None
