"""The .docx package around the text: properties, relationships and a reproducible zip.

Every .docx writer ends with :func:`finalise`, which sets the core properties (title,
author, dates, revision 1) and any custom properties, and rewrites the zip with fixed
timestamps, a fixed member order and fixed compression, so that the same inputs and date
give byte-identical files.

Custom properties (``docProps/custom.xml``) are text values. Word's property dialog
keeps at most 255 characters of a text property, so a longer value is stored in pieces:
``name``, ``name.2``, ``name.3``, … which :func:`custom_properties` joins again.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped,unused-ignore]

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
CORE_PART = "docProps/core.xml"
CUSTOM_PART = "docProps/custom.xml"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
PIECE = 255  # longest text value Word keeps in a custom property

NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_DCTERMS = "http://purl.org/dc/terms/"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
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


def _xml(element: Any) -> bytes:
    return bytes(etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True))


def _parse(data: bytes) -> Any:
    return etree.fromstring(data, etree.XMLParser(remove_blank_text=True, resolve_entities=False))


def _ensure_relationship(parts: dict[str, bytes], rel_type: str, target: str) -> None:
    root = _parse(parts[PACKAGE_RELS])
    for rel in root:
        if rel.get("Type") == rel_type:
            rel.set("Target", target)
            parts[PACKAGE_RELS] = _xml(root)
            return
    taken = {rel.get("Id") for rel in root}
    number = 1
    while f"rId{number}" in taken:
        number += 1
    etree.SubElement(
        root, f"{{{NS_REL}}}Relationship", Id=f"rId{number}", Type=rel_type, Target=target
    )
    parts[PACKAGE_RELS] = _xml(root)


def _ensure_override(parts: dict[str, bytes], part: str, content_type: str) -> None:
    root = _parse(parts[CONTENT_TYPES])
    name = "/" + part
    for override in root.iter(f"{{{NS_CT}}}Override"):
        if override.get("PartName") == name:
            override.set("ContentType", content_type)
            break
    else:
        etree.SubElement(root, f"{{{NS_CT}}}Override", PartName=name, ContentType=content_type)
    parts[CONTENT_TYPES] = _xml(root)


def _w3cdtf(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def core_properties_xml(title: str, author: str, date: dt.date | None) -> bytes:
    """Return a core properties part: title, author as creator and last editor,
    revision 1, and creation and modification at midnight of ``date``."""
    root = etree.Element(
        f"{{{NS_CP}}}coreProperties",
        nsmap={"cp": NS_CP, "dc": NS_DC, "dcterms": NS_DCTERMS, "xsi": NS_XSI},
    )
    etree.SubElement(root, f"{{{NS_DC}}}title").text = title
    etree.SubElement(root, f"{{{NS_DC}}}creator").text = author
    etree.SubElement(root, f"{{{NS_CP}}}lastModifiedBy").text = author
    etree.SubElement(root, f"{{{NS_CP}}}revision").text = "1"
    if date is not None:
        for name in ("created", "modified"):
            stamp = etree.SubElement(root, f"{{{NS_DCTERMS}}}{name}")
            stamp.set(f"{{{NS_XSI}}}type", "dcterms:W3CDTF")
            stamp.text = _w3cdtf(date)
    return _xml(root)


def _pieces(name: str, value: str) -> list[tuple[str, str]]:
    if len(value) <= PIECE:
        return [(name, value)]
    chunks = [value[i : i + PIECE] for i in range(0, len(value), PIECE)]
    return [(name if n == 0 else f"{name}.{n + 1}", chunk) for n, chunk in enumerate(chunks)]


def _set_custom(parts: dict[str, bytes], values: Mapping[str, str]) -> None:
    if CUSTOM_PART in parts:
        root = _parse(parts[CUSTOM_PART])
    else:
        root = etree.Element(f"{{{NS_CUSTOM}}}Properties", nsmap={None: NS_CUSTOM, "vt": NS_VT})
    for name in values:
        piece = re.compile(rf"{re.escape(name)}(\.\d+)?")
        for prop in list(root):
            if piece.fullmatch(prop.get("name", "")):
                root.remove(prop)
    for name, value in values.items():
        if not isinstance(value, str):
            raise ValueError(f"custom property {name!r} must be text, got {value!r}")
        for piece_name, piece_value in _pieces(name, value):
            prop = etree.SubElement(root, f"{{{NS_CUSTOM}}}property", fmtid=FMTID, name=piece_name)
            etree.SubElement(prop, f"{{{NS_VT}}}lpwstr").text = piece_value
    for pid, prop in enumerate(root, start=2):
        prop.set("pid", str(pid))
    parts[CUSTOM_PART] = _xml(root)
    _ensure_relationship(parts, REL_CUSTOM, CUSTOM_PART)
    _ensure_override(parts, CUSTOM_PART, CT_CUSTOM)


def finalise(data: bytes, info: PackageInfo) -> bytes:
    """Return the package ``data`` with its core and custom properties set from ``info``,
    as a reproducible zip."""
    parts = read_parts(data)
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
    if CUSTOM_PART not in parts:
        return {}
    found: dict[str, str] = {}
    for prop in _parse(parts[CUSTOM_PART]):
        found[prop.get("name", "")] = "".join(prop.itertext())
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
