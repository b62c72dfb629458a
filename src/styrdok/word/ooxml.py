"""The one OOXML layer: namespaces, qualified names, building, parsing and writing XML.

Every other module of styrdok that reads or writes the XML inside a Word package goes
through here, as python-docx keeps its raw XML in ``docx.oxml`` under its Python-shaped
objects; this is the only module that imports lxml or ``docx.oxml`` and the only one that
reaches under a python-docx object for its element.

- A qualified name is written with its prefix, ``"w:p"``, and :func:`qn` turns it into
  lxml's Clark name ``"{http://…/main}p"``. One table, :data:`NS`, holds every prefix
  styrdok uses: WordprocessingML, Word's 2010–2023 extensions, the package parts.
- An element is built in one call, :func:`el`: tag, attributes (prefixed names; a name
  without a prefix stays as it is) and children. It is made by python-docx's parser, so an
  element put into a python-docx tree gets python-docx's element class, as ``OxmlElement``
  would give it; unlike ``OxmlElement``, it knows every prefix in :data:`NS` and takes
  prefixed attribute names, so no ``qn`` call is needed at the call site.
- :func:`parse` reads a part styrdok wrote itself, :func:`parse_untrusted` one that came
  from outside (no DTD, no entities, no network); :func:`to_bytes` writes a package part.
- :func:`element_of` is the one way under a python-docx object (a header, a table row) to
  the element, for the few properties python-docx has no API for.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from typing import Any, TypeAlias

from lxml import etree

XmlElement: TypeAlias = Any  # an lxml element (lxml ships without type information here)
XmlSyntaxError = etree.XMLSyntaxError

NS: Mapping[str, str] = {
    # WordprocessingML and the Office namespaces inside a Word document
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "w16cid": "http://schemas.microsoft.com/office/word/2016/wordml/cid",
    "w16cex": "http://schemas.microsoft.com/office/word/2018/wordml/cex",
    "w16du": "http://schemas.microsoft.com/office/word/2023/wordml/word16du",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xml": "http://www.w3.org/XML/1998/namespace",
    # the package: content types, relationships and document properties
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "op": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # Strict Open XML (not read)
OFF = ("0", "false", "off")  # the values that switch a WordprocessingML on/off property off


@functools.cache
def qn(name: str) -> str:
    """Return the Clark name of a prefixed name: ``qn("w:p")`` → ``"{…/main}p"``; a name
    without a prefix is returned as it is. Raise ValueError for an unknown prefix."""
    prefix, colon, local = name.partition(":")
    if not colon:
        return name
    if prefix not in NS:
        raise ValueError(f"unknown namespace prefix {prefix!r} in {name!r}")
    return f"{{{NS[prefix]}}}{local}"


def el(
    tag: str,
    attrs: Mapping[str, str] | None = None,
    *children: XmlElement,
    text: str | None = None,
    nsmap: Mapping[str | None, str] | None = None,
) -> XmlElement:
    """Return a new element ``tag`` (``"w:p"``) with ``attrs`` (``{"w:val": "1"}``), the
    ``children`` appended and ``text``. It declares its own prefix, or ``nsmap`` (prefix,
    None for the default namespace → URI) for the root of a part; a declaration that the
    parent already makes is dropped when the element is appended to it."""
    prefix = tag.partition(":")[0]
    attrib = {qn(name): value for name, value in (attrs or {}).items()}
    element = _maker().makeelement(qn(tag), attrib=attrib, nsmap=nsmap or {prefix: NS[prefix]})
    element.extend(children)
    if text is not None:
        element.text = text
    return element


class _PartElement(etree.ElementBase):  # type: ignore[misc]
    """An element of a part read without python-docx (word.template): ``xpath`` knows the
    prefixes of :data:`NS`, as python-docx's elements do."""

    def xpath(self, path: str, **kwargs: Any) -> Any:
        kwargs.setdefault("namespaces", _XPATH_NS)
        return super().xpath(path, **kwargs)


_XPATH_NS = {prefix: uri for prefix, uri in NS.items() if prefix != "xml"}
_PART_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_PART_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(element=_PartElement))


def _maker() -> Any:
    """Return the parser that makes new elements: python-docx's, once python-docx is in
    use, so that an element put into its tree has its element class; else this module's."""
    if "docx" in sys.modules:
        from docx.oxml.parser import oxml_parser

        return oxml_parser
    return _PART_PARSER


def parse_part(data: bytes) -> XmlElement:
    """Return the root of a template's XML part read without python-docx, parsed as
    python-docx parses it (blank text dropped, no entities)."""
    return etree.fromstring(data, _PART_PARSER)


def local_name(element: XmlElement) -> str:
    """Return the tag of ``element`` without its namespace."""
    return str(etree.QName(element).localname)


def val(parent: XmlElement | None, *path: str) -> str | None:
    """Return ``w:val`` of the element at ``path`` (local names in the w: namespace) under
    ``parent``, or None when there is none."""
    child = None if parent is None else parent.find("/".join(qn(f"w:{name}") for name in path))
    return None if child is None else child.get(qn("w:val"))


def int_or_none(value: str | None) -> int | None:
    """Return ``value`` (an attribute's text) as a number, None when absent or no number."""
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def add_bookmark(paragraph: XmlElement, name: str, ident: int) -> None:
    """Put a bookmark ``name`` (Word allows 40 letters, digits and underscores) around the
    content of ``paragraph`` (a ``w:p``), with the id ``ident``, unique in the document."""
    start = el("w:bookmarkStart", {"w:id": str(ident), "w:name": name})
    properties = paragraph.find(qn("w:pPr"))
    paragraph.insert(1 if properties is not None else 0, start)
    paragraph.append(el("w:bookmarkEnd", {"w:id": str(ident)}))


def bookmark_names(element: XmlElement, prefix: str = "") -> list[str]:
    """Return the names of the bookmarks that start under ``element`` and begin with
    ``prefix``, in document order."""
    return [
        name
        for start in element.iter(qn("w:bookmarkStart"))
        if (name := start.get(qn("w:name"), "")).startswith(prefix)
    ]


# --- Parsing and writing parts ---------------------------------------------------------------


def parse(data: bytes) -> XmlElement:
    """Return the root of a part styrdok or python-docx wrote (blank text dropped, as
    python-docx reads parts). Raise :data:`XmlSyntaxError` when it is no XML."""
    return etree.fromstring(data, etree.XMLParser(remove_blank_text=True, resolve_entities=False))


def parse_untrusted(data: bytes) -> XmlElement:
    """Return the root of a part from outside; refuse DTDs, entities and network access.
    Raise :data:`XmlSyntaxError` when it is no XML and ValueError when it has a DOCTYPE."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise ValueError("expected XML without a DOCTYPE, got one")
    return root


def to_bytes(element: XmlElement) -> bytes:
    """Return a package part: UTF-8 with a standalone XML declaration, as Word writes it."""
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True))


# --- Under python-docx's objects -------------------------------------------------------------


def element_of(proxy: Any) -> XmlElement:
    """Return the element under a python-docx object (a header, table, row or paragraph),
    which python-docx keeps private."""
    return proxy._element
