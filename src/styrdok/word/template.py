"""A Word template opened without python-docx, for the writers that only need its parts.

Importing python-docx and building its objects for a template takes longer than writing
a redline of thirty pages. :class:`TemplateDocument` reads the template's package as
python-docx reads it (the parts reached from the package's relationships, the XML parts of
the kinds python-docx parses parsed the same way) and writes the parts as python-docx's
package writer writes them (:meth:`TemplateDocument.save_parts`: the same content types,
relationships and serialisation), so a writer that uses it gives the same bytes as one
that goes through ``docx.Document``.

It offers the little of python-docx's document that the comparison writers use: the body,
the styles by name, the numbering and settings parts, the sections with their page size,
margins and page header. Whenever python-docx would do more than read (create a missing
part or header, warn, convert a measure with a unit) or the package is unusual,
:class:`NeedsPythonDocx` is raised, and the writer starts again with python-docx.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Literal

from lxml import etree

from styrdok.word.ooxml import NS, XmlElement, XmlSyntaxError, parse, parse_part, qn

_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
MAIN_TYPE = f"{_CT}.document.main+xml"
# The content types python-docx parses into XML parts (docx/__init__.py); others stay bytes.
XML_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-package.core-properties+xml",
        f"{_CT}.comments+xml",
        MAIN_TYPE,
        f"{_CT}.footer+xml",
        f"{_CT}.header+xml",
        f"{_CT}.numbering+xml",
        f"{_CT}.settings+xml",
        f"{_CT}.styles+xml",
    }
)
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_IMAGE = f"{_RT}/image"
RT_OFFICE_DOCUMENT = f"{_RT}/officeDocument"
RT = {kind: f"{_RT}/{kind}" for kind in ("styles", "numbering", "settings")}
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
# The extensions python-docx writes as a Default content type (docx/opc/spec.py).
_DEFAULT_TYPES = frozenset(
    {
        ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
        ("bin", f"{_CT}.printerSettings"),
        ("bmp", "image/bmp"),
        ("emf", "image/x-emf"),
        ("fntdata", "application/x-fontdata"),
        ("gif", "image/gif"),
        ("jpe", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpeg"),
        ("png", "image/png"),
        ("rels", _RELS_TYPE),
        ("tif", "image/tiff"),
        ("tiff", "image/tiff"),
        ("wdp", "image/vnd.ms-photo"),
        ("wmf", "image/x-wmf"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("xml", "application/xml"),
    }
)
_ALIASES = {"Caption": "caption", "Footer": "footer", "Header": "header"} | {
    f"Heading {n}": f"heading {n}" for n in range(1, 10)
}  # python-docx's BabelFish: the names Word keeps in lower case
_TWIPS = re.compile(r"\d+")
_SIGNED_TWIPS = re.compile(r"-?\d+")


class NeedsPythonDocx(Exception):
    """The template needs python-docx: it would create, convert or warn, or is unusual."""


class _Rel:
    """A relationship as python-docx keeps it: id, type, target part or URI, mode."""

    def __init__(self, rid: str, reltype: str, target: str, external: bool) -> None:
        self.rid, self.reltype, self.target, self.external = rid, reltype, target, external


class TemplateStyle:
    """A style of the template: its element, id and kind (python-docx's ``style.type``)."""

    def __init__(self, element: XmlElement) -> None:
        self.element = element
        self.style_id: str | None = element.get(qn("w:styleId"))
        self.kind = element.get(qn("w:type")) or "paragraph"


class TemplateStyles:
    """The styles part, looked up by name as python-docx's ``document.styles[name]``."""

    def __init__(self, element: XmlElement) -> None:
        self.element = element
        self._by_name: dict[str, TemplateStyle] = {}
        self._ids: set[str] = set()
        for style in element.iterchildren(qn("w:style")):
            name = style.find(qn("w:name"))
            value = None if name is None else name.get(qn("w:val"))
            if value is not None and value not in self._by_name:
                self._by_name[value] = TemplateStyle(style)
            if (ident := style.get(qn("w:styleId"))) is not None:
                self._ids.add(ident)

    def __getitem__(self, name: str) -> TemplateStyle:
        found = self._by_name.get(_ALIASES.get(name, name))
        if found is not None:
            return found
        if name in self._ids:
            raise NeedsPythonDocx(f"style {name!r} found by id only (python-docx warns)")
        raise KeyError(f"no style with name '{name}'")

    def style_id(
        self, style: str | TemplateStyle, kind: Literal["paragraph", "table"]
    ) -> str | None:
        """Return what python-docx's ``part.get_style_id(style, kind)`` returns: the style
        id, None for the default style of that kind; ValueError for another kind."""
        found = self[style] if isinstance(style, str) else style
        if found.kind != kind:
            raise ValueError(f"Assigned style is type {found.kind}, need type {kind}")
        defaults = [
            s
            for s in self.element.iterchildren(qn("w:style"))
            if s.get(qn("w:type")) == kind and s.get(qn("w:default")) in ("1", "true", "on")
        ]
        return None if defaults and defaults[-1] is found.element else found.style_id


class TemplateSection:
    """A section of the body: its properties, page size, margins and page header."""

    def __init__(self, document: TemplateDocument, sect_pr: XmlElement, first: bool) -> None:
        self._document, self._sect_pr, self._first = document, sect_pr, first

    def _measure(self, tag: str, name: str, pattern: re.Pattern[str]) -> int:
        element = self._sect_pr.find(qn(tag))
        value = None if element is None else element.get(qn(name))
        if value is None or not pattern.fullmatch(value):
            raise NeedsPythonDocx(f"{tag}/@{name} is {value!r}")
        return int(value) * 635  # twips to EMU, as python-docx's lengths

    @property
    def page_width(self) -> int:
        return self._measure("w:pgSz", "w:w", _TWIPS)

    @property
    def page_height(self) -> int:
        return self._measure("w:pgSz", "w:h", _TWIPS)

    @property
    def left_margin(self) -> int:
        return self._measure("w:pgMar", "w:left", _SIGNED_TWIPS)

    @property
    def right_margin(self) -> int:
        return self._measure("w:pgMar", "w:right", _SIGNED_TWIPS)

    def landscape(self) -> None:
        """Turn the page to landscape as python-docx's ``section.orientation`` does, with
        width and height swapped."""
        size = self._sect_pr.find(qn("w:pgSz"))
        orient = None if size is None else size.get(qn("w:orient"))
        if orient == "landscape":
            return
        if orient not in (None, "portrait"):
            raise NeedsPythonDocx(f"w:pgSz/@w:orient is {orient!r}")
        width, height = self.page_width // 635, self.page_height // 635
        size.set(qn("w:orient"), "landscape")
        size.set(qn("w:w"), str(height))
        size.set(qn("w:h"), str(width))

    @property
    def header(self) -> SimpleNamespace:
        """Return the page header as set_header uses it (``is_linked_to_previous`` and the
        element); the first section must have one of its own."""
        refs = self._sect_pr.xpath("./w:headerReference[@w:type='default']", namespaces=NS)
        if not refs:
            if self._first:
                raise NeedsPythonDocx("the first section has no page header")
            return SimpleNamespace(is_linked_to_previous=True, _element=None)
        root = self._document.related_xml(self._document.main, refs[0].get(qn("r:id")))
        return SimpleNamespace(is_linked_to_previous=False, _element=root)


class TemplateDocument:
    """A Word template's package, read and written as python-docx reads and writes it."""

    def __init__(self, data: bytes, needs: tuple[str, ...] = ()) -> None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            self._zip = {info.filename: archive.read(info) for info in archive.infolist()}
            self._load(needs)
        except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, XmlSyntaxError) as exc:
            raise NeedsPythonDocx(f"unusual package: {exc}") from None

    @classmethod
    def open(cls, path: Path, needs: tuple[str, ...] = ()) -> TemplateDocument:
        """Return the template at ``path``; raise NeedsPythonDocx when python-docx must open
        it (to report a missing or broken file too), or when a part of ``needs``
        (``styles``, ``numbering``, ``settings``) is missing."""
        try:
            data = path.read_bytes()
        except OSError:
            raise NeedsPythonDocx(f"{path} cannot be read") from None
        return cls(data, needs)

    # --- reading, as docx.opc.pkgreader --------------------------------------------------

    def _load(self, needs: tuple[str, ...]) -> None:
        types = parse(self._zip["[Content_Types].xml"])
        defaults = {
            d.get("Extension", "").lower(): d.get("ContentType")
            for d in types.iterchildren(qn("ct:Default"))
        }
        overrides = {
            o.get("PartName", "").lower(): o.get("ContentType")
            for o in types.iterchildren(qn("ct:Override"))
        }
        self.types: dict[str, str] = {}
        self.parts: dict[str, bytes | XmlElement] = {}
        self.rels: dict[str, dict[str, _Rel]] = {"/": self._rels_of("/")}
        for partname, reltype in self._walk("/", []):
            found = overrides.get(partname.lower()) or defaults.get(_ext(partname).lower())
            if found is None:
                raise NeedsPythonDocx(f"no content type for {partname}")
            self.types[partname] = found
            blob = self._zip[partname[1:]]
            xml = reltype != RT_IMAGE and found in XML_TYPES
            self.parts[partname] = parse_part(blob) if xml else blob
        mains = [r for r in self.rels["/"].values() if r.reltype == RT_OFFICE_DOCUMENT]
        if len(mains) != 1 or self.types[mains[0].target] != MAIN_TYPE:
            raise NeedsPythonDocx("no single main document of Word's kind")
        self.main = mains[0].target
        root = self.parts[self.main]
        if isinstance(root, bytes):
            raise NeedsPythonDocx("the main document is no XML part")
        self.root: XmlElement = root
        body = self.root.find(qn("w:body"))
        if body is None or self.root.prefix != "w" or self.root.nsmap.get("w") != NS["w"]:
            raise NeedsPythonDocx("main document without w:body")
        self.element = SimpleNamespace(body=body)
        self._related = {kind: self._related_part(RT[kind]) for kind in RT}
        for kind in ("styles", *needs):
            if self._related[kind] is None:
                raise NeedsPythonDocx(f"no {kind} part (python-docx would make one)")
        self.styles = TemplateStyles(self.parts[str(self._related["styles"])])

    def _rels_of(self, source: str) -> dict[str, _Rel]:
        base, name = posixpath.split(source)
        member = posixpath.join(base, "_rels", f"{name}.rels")[1:]
        if member not in self._zip:
            return {}
        rels: dict[str, _Rel] = {}
        for rel in parse(self._zip[member]).iterchildren(qn("pr:Relationship")):
            if rel.get("Id") in rels or None in (rel.get("Id"), rel.get("Type"), rel.get("Target")):
                raise NeedsPythonDocx(f"relationship {rel.get('Id')!r} twice or incomplete")
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target")
            if not external:
                target = posixpath.normpath(posixpath.join(base, target))
            rels[rel.get("Id")] = _Rel(rel.get("Id"), rel.get("Type"), target, external)
        return rels

    def _walk(self, source: str, visited: list[str]) -> Iterator[tuple[str, str]]:
        for rel in list(self.rels[source].values()):
            if rel.external or rel.target in visited:
                continue
            visited.append(rel.target)
            self.rels[rel.target] = self._rels_of(rel.target)
            yield rel.target, rel.reltype
            yield from self._walk(rel.target, visited)

    def _related_part(self, reltype: str) -> str | None:
        found = [r.target for r in self.rels[self.main].values() if r.reltype == reltype]
        if len(found) > 1:
            raise NeedsPythonDocx(f"more than one part of type {reltype}")
        return found[0] if found else None

    def related_xml(self, source: str, rid: str | None) -> XmlElement:
        """Return the XML part that ``source`` relates to by the id ``rid``."""
        rel = self.rels[source].get(rid or "")
        part = None if rel is None or rel.external else self.parts.get(rel.target)
        if part is None or isinstance(part, bytes):
            raise NeedsPythonDocx(f"{source} has no XML part {rid}")
        return part

    # --- what the writers use -----------------------------------------------------------

    @property
    def part(self) -> SimpleNamespace:
        """Return the numbering part as ``document.part.numbering_part`` gives it."""
        numbering = self._related["numbering"]
        if numbering is None:
            raise NeedsPythonDocx("no numbering part")
        return SimpleNamespace(numbering_part=SimpleNamespace(element=self.parts[numbering]))

    @property
    def settings(self) -> SimpleNamespace:
        settings = self._related["settings"]
        if settings is None:
            raise NeedsPythonDocx("no settings part")
        return SimpleNamespace(element=self.parts[settings])

    @property
    def sections(self) -> list[TemplateSection]:
        found = self.root.xpath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces=NS)
        return [TemplateSection(self, s, n == 0) for n, s in enumerate(found)]

    # --- writing, as docx.opc.pkgwriter -------------------------------------------------

    def save_parts(self) -> dict[str, bytes]:
        """Return the zip members python-docx's package writer would write (name → bytes)."""
        defaults = {"rels": _RELS_TYPE, "xml": "application/xml"}
        overrides: dict[str, str] = {}
        out: dict[str, bytes] = {"_rels/.rels": _rels_xml("/", self.rels["/"])}
        for partname, part in self.parts.items():
            kind = self.types[partname]
            ext = _ext(partname)
            if (ext.lower(), kind) in _DEFAULT_TYPES:
                defaults[ext.lower()] = kind
            else:
                overrides[partname] = kind
            out[partname[1:]] = part if isinstance(part, bytes) else _serialise(part)
            if self.rels[partname]:
                base, name = posixpath.split(partname)
                member = posixpath.join(base, "_rels", f"{name}.rels")[1:]
                out[member] = _rels_xml(partname, self.rels[partname])
        root = etree.Element(qn("ct:Types"), nsmap={None: NS["ct"]})
        for ext in sorted(defaults):
            etree.SubElement(
                root, qn("ct:Default"), {"Extension": ext, "ContentType": defaults[ext]}
            )
        for partname in sorted(overrides):
            attrs = {"PartName": partname, "ContentType": overrides[partname]}
            etree.SubElement(root, qn("ct:Override"), attrs)
        out["[Content_Types].xml"] = _serialise(root)
        return out


def _ext(partname: str) -> str:
    raw = posixpath.splitext(partname)[1]
    return raw[1:] if raw.startswith(".") else raw


def _serialise(element: XmlElement) -> bytes:
    return bytes(etree.tostring(element, encoding="UTF-8", standalone=True))


def _rels_xml(source: str, rels: dict[str, _Rel]) -> bytes:
    base = posixpath.split(source)[0]
    root = etree.Element(qn("pr:Relationships"), nsmap={None: NS["pr"]})
    for rel in rels.values():
        if rel.external:
            target = rel.target
        else:
            target = rel.target[1:] if base == "/" else posixpath.relpath(rel.target, base)
        attrs: dict[str, Any] = {"Id": rel.rid, "Type": rel.reltype, "Target": target}
        if rel.external:
            attrs["TargetMode"] = "External"
        etree.SubElement(root, qn("pr:Relationship"), attrs)
    return _serialise(root)
