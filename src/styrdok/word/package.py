"""The .docx package around the text: properties, relationships and a reproducible zip.

Every .docx writer ends with :func:`finalise`, which sets the core properties (title,
author, dates, revision 1) and any custom properties, and rewrites the zip with fixed
timestamps, a fixed member order and fixed compression, so that the same inputs and date
give byte-identical files.

:class:`WordPackage` opens a Word file from outside for reading: its parts (parsed without
DTDs or entities) and the relationships between them.

Custom properties (``docProps/custom.xml``) are text values. Word's property dialog
keeps at most 255 characters of a text property, so a longer value is stored in pieces:
``name``, ``name.2``, ``name.3``, … which :func:`custom_properties` joins again.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from styrdok.core.errors import WordFileError
from styrdok.word.ooxml import (
    NS,
    STRICT_W,
    XmlElement,
    XmlSyntaxError,
    el,
    local_name,
    parse,
    parse_untrusted,
    qn,
    to_bytes,
)

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
CORE_PART = "docProps/core.xml"
CUSTOM_PART = "docProps/custom.xml"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PIECE = 255  # longest text value Word keeps in a custom property
FRONT_MATTER_PROPERTY = "styrdok.frontmatter"  # the document's front matter, as JSON

REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REL_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # user-defined properties


@dataclass(frozen=True)
class PackageInfo:
    """What :func:`finalise` writes into the package's properties."""

    title: str
    author: str
    date: dt.date | None
    custom: Mapping[str, str] = field(default_factory=dict)


def read_parts(data: bytes) -> dict[str, bytes]:
    """Return the members of a zip package by name, in the zip's order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_parts(parts: Mapping[str, bytes]) -> bytes:
    """Return a zip of ``parts`` that depends on nothing but their names and contents:
    the content types first, then the package relationships, then the rest sorted."""
    first = [name for name in (CONTENT_TYPES, PACKAGE_RELS) if name in parts]
    names = first + sorted(name for name in parts if name not in first)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name], compresslevel=6)
    return buffer.getvalue()


def _ensure_relationship(parts: dict[str, bytes], rel_type: str, target: str) -> None:
    root = parse(parts[PACKAGE_RELS])
    for rel in root:
        if rel.get("Type") == rel_type:
            rel.set("Target", target)
            parts[PACKAGE_RELS] = to_bytes(root)
            return
    taken = {rel.get("Id") for rel in root}
    number = 1
    while f"rId{number}" in taken:
        number += 1
    root.append(el("pr:Relationship", {"Id": f"rId{number}", "Type": rel_type, "Target": target}))
    parts[PACKAGE_RELS] = to_bytes(root)


def _ensure_override(parts: dict[str, bytes], part: str, content_type: str) -> None:
    root = parse(parts[CONTENT_TYPES])
    name = "/" + part
    for override in root.iter(qn("ct:Override")):
        if override.get("PartName") == name:
            override.set("ContentType", content_type)
            break
    else:
        root.append(el("ct:Override", {"PartName": name, "ContentType": content_type}))
    parts[CONTENT_TYPES] = to_bytes(root)


def _w3cdtf(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def core_properties_xml(title: str, author: str, date: dt.date | None) -> bytes:
    """Return a core properties part: title, author as creator and last editor,
    revision 1, and creation and modification at midnight of ``date``."""
    root = el(
        "cp:coreProperties",
        None,
        el("dc:title", text=title),
        el("dc:creator", text=author),
        el("cp:lastModifiedBy", text=author),
        el("cp:revision", text="1"),
        nsmap={prefix: NS[prefix] for prefix in ("cp", "dc", "dcterms", "xsi")},
    )
    if date is not None:
        for name in ("created", "modified"):
            stamp = {"xsi:type": "dcterms:W3CDTF"}
            root.append(el(f"dcterms:{name}", stamp, text=_w3cdtf(date)))
    return to_bytes(root)


def _pieces(name: str, value: str) -> list[tuple[str, str]]:
    if len(value) <= PIECE:
        return [(name, value)]
    chunks = [value[i : i + PIECE] for i in range(0, len(value), PIECE)]
    return [(name if n == 0 else f"{name}.{n + 1}", chunk) for n, chunk in enumerate(chunks)]


def _set_custom(parts: dict[str, bytes], values: Mapping[str, str]) -> None:
    if CUSTOM_PART in parts:
        root = parse(parts[CUSTOM_PART])
    else:
        root = el("op:Properties", nsmap={None: NS["op"], "vt": NS["vt"]})
    for name in values:
        piece = re.compile(rf"{re.escape(name)}(\.\d+)?")
        for prop in list(root):
            if piece.fullmatch(prop.get("name", "")):
                root.remove(prop)
    for name, value in values.items():
        if not isinstance(value, str):
            raise ValueError(f"custom property {name!r} must be text, got {value!r}")
        for piece_name, piece_value in _pieces(name, value):
            prop = el("op:property", {"fmtid": FMTID, "name": piece_name})
            root.append(prop)  # first, so that the value finds the vt: prefix declared
            prop.append(el("vt:lpwstr", text=piece_value))
    for pid, prop in enumerate(root, start=2):
        prop.set("pid", str(pid))
    parts[CUSTOM_PART] = to_bytes(root)
    _ensure_relationship(parts, REL_CUSTOM, CUSTOM_PART)
    _ensure_override(parts, CUSTOM_PART, CT_CUSTOM)


def finalise(data: bytes, info: PackageInfo) -> bytes:
    """Return the package ``data`` with its core and custom properties set from ``info``,
    as a reproducible zip."""
    return finalise_parts(read_parts(data), info)


def finalise_parts(parts: dict[str, bytes], info: PackageInfo) -> bytes:
    """Return the package of ``parts`` (member name → bytes, changed in place) with its
    core and custom properties set from ``info``, as a reproducible zip."""
    parts[CORE_PART] = core_properties_xml(info.title, info.author, info.date)
    _ensure_relationship(parts, REL_CORE, CORE_PART)
    _ensure_override(parts, CORE_PART, CT_CORE)
    if info.custom:
        _set_custom(parts, info.custom)
    return write_parts(parts)


def set_custom_properties(data: bytes, values: Mapping[str, str]) -> bytes:
    """Return the package ``data`` with the text properties ``values`` set (others kept)."""
    parts = read_parts(data)
    _set_custom(parts, values)
    return write_parts(parts)


def custom_properties(data: bytes) -> dict[str, str]:
    """Return the package's custom properties as text, long values joined from pieces."""
    parts = read_parts(data)
    return {} if CUSTOM_PART not in parts else property_values(parse(parts[CUSTOM_PART]))


def property_values(root: XmlElement | None) -> dict[str, str]:
    """Return the text values of a custom properties part (``op:Properties``), values
    split at 255 characters (``name``, ``name.2``, ``name.3``, …) joined again."""
    found = {
        str(prop.get("name")): "".join(prop.itertext())
        for prop in ([] if root is None else root)
        if prop.get("name") is not None and local_name(prop) == "property"
    }
    out: dict[str, str] = {}
    for name, value in found.items():
        match = re.fullmatch(r"(.+)\.(\d+)", name)
        if match and match.group(1) in found:
            continue
        number = 2
        while f"{name}.{number}" in found:
            value += found[f"{name}.{number}"]
            number += 1
        out[name] = value
    return out


# --- a Word file from outside --------------------------------------------------------------


def unreadable(reason: str) -> WordFileError:
    """Return the error for a Word file that cannot be read, saying why."""
    return WordFileError(f"Word-filen kan inte läsas: {reason}")


class WordPackage:
    """A Word file from outside: its parts and the relationships between them.

    Each part is unpacked and parsed once, when first asked for; ``parts`` may hold the
    bytes of parts already unpacked (by the intake gate), so they are not unpacked again.
    Callers only read the trees they get: the same tree is returned every time.
    """

    def __init__(self, data: bytes, parts: Mapping[str, bytes] | None = None) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
        except zipfile.BadZipFile:
            raise unreadable("filen är inte ett Word-dokument (docx)") from None
        self._bytes: dict[str, bytes] = dict(parts or {})
        self._trees: dict[str, XmlElement] = {}
        self._related: dict[tuple[str, str], str | None] = {}
        self.main = self.related("", "officeDocument") or "word/document.xml"

    def part_bytes(self, name: str | None) -> bytes | None:
        """Return the bytes of part ``name``, None when there is none."""
        if name is None or name not in self.names:
            return None
        found = self._bytes.get(name)
        if found is None:
            try:
                found = self._bytes[name] = self.zip.read(name)
            except (zipfile.BadZipFile, zlib.error, OSError):
                raise unreadable(f"{name} är inte giltig XML") from None
        return found

    def xml(self, name: str | None) -> XmlElement | None:
        """Return the root of part ``name``, None when there is none; refuse a part that
        is no XML or has a DOCTYPE (and so entities)."""
        if name is None or name not in self.names:
            return None
        if (tree := self._trees.get(name)) is not None:
            return tree
        data = self.part_bytes(name)
        try:
            tree = self._trees[name] = parse_untrusted(data or b"")
        except XmlSyntaxError:
            raise unreadable(f"{name} är inte giltig XML") from None
        except ValueError:
            raise unreadable(f"{name} innehåller en DOCTYPE") from None
        return tree

    def related(self, source: str, kind: str) -> str | None:
        """Return the part that ``source`` ('' for the package) relates to by type ``kind``."""
        key = (source, kind)
        if key not in self._related:
            self._related[key] = self._find_related(source, kind)
        return self._related[key]

    def _find_related(self, source: str, kind: str) -> str | None:
        folder, base = posixpath.split(source)
        rels = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        for rel in [] if rels is None else rels.iter(qn("pr:Relationship")):
            target, external = rel.get("Target", ""), rel.get("TargetMode") == "External"
            if rel.get("Type", "").rsplit("/", 1)[-1] == kind and not external:
                return posixpath.normpath(posixpath.join("/" + folder, target))[1:]
        return None

    def main_part(self, kind: str) -> XmlElement | None:
        """Return the part the main document relates to by type ``kind`` (``styles``)."""
        return self.xml(self.related(self.main, kind))

    def body(self) -> XmlElement:
        """Return the main document's ``w:body``; raise WordFileError without one."""
        root = self.xml(self.main)
        if (
            root is None
            or root.tag != qn("w:document")
            or (body := root.find(qn("w:body"))) is None
        ):
            strict = root is not None and STRICT_W in str(root.tag)
            hint = " (Strict Open XML stöds inte)" if strict else ""
            raise unreadable(f"{self.main} saknas eller är inte ett Word-dokument{hint}")
        return body

    def properties(self) -> dict[str, str]:
        """Return the custom properties, values that word.package split at 255 characters
        joined again."""
        return property_values(self.xml(self.related("", "custom-properties") or CUSTOM_PART))


# --- front matter as JSON -------------------------------------------------------------------


def encode_front_matter(values: Mapping[str, Any]) -> str:
    """Return the front matter as JSON; dates become ``{"$date": "2024-02-23"}`` (and
    ``$datetime``), mappings with keys that are not text ``{"$map": [[key, value], ...]}``."""

    def encode(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return {"$datetime": value.isoformat()}
        if isinstance(value, dt.date):
            return {"$date": value.isoformat()}
        if isinstance(value, Mapping):
            keys = list(value)
            if all(isinstance(k, str) for k in keys) and not (
                len(keys) == 1 and keys[0].startswith("$")
            ):
                return {k: encode(v) for k, v in value.items()}
            return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
        if isinstance(value, list | tuple):
            return [encode(v) for v in value]
        if value is None or isinstance(value, str | int | float | bool):
            return value
        return str(value)

    return json.dumps(encode(dict(values)), ensure_ascii=False, separators=(",", ":"))


def decode_front_matter(text: str) -> dict[str, Any]:
    """Return the front matter that :func:`encode_front_matter` stored in ``text``."""

    def decode(value: Any) -> Any:
        if isinstance(value, dict):
            if len(value) == 1:
                ((key, inner),) = value.items()
                if key == "$date":
                    return dt.date.fromisoformat(inner)
                if key == "$datetime":
                    return dt.datetime.fromisoformat(inner)
                if key == "$map":
                    return {_hashable(decode(k)): decode(v) for k, v in inner}
            return {k: decode(v) for k, v in value.items()}
        if isinstance(value, list):
            return [decode(v) for v in value]
        return value

    decoded = decode(json.loads(text))
    if not isinstance(decoded, dict):
        raise ValueError(f"front matter must be a JSON object, got {text[:40]!r}")
    return decoded


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value
