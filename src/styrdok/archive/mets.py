"""METS documents following the E-ARK SIP 2.1.0 profile (on E-ARK CSIP 2.1.0).

The root ``METS.xml`` describes the package: its header with the agents, the ERMS
record as descriptive metadata, file groups for documentation, schemas and each
representation, and the CSIP structural map. Each representation has its own
``METS.xml`` listing its data files with size, creation time and SHA-256.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from styrdok.archive.formats import FileFormat

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {"mets": METS, "xlink": XLINK, "csip": CSIP, "sip": SIP, "xsi": XSI}
PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
CONTENT_CATEGORY = "Datasets"  # CITS ERMS 2.1, table 1 (vocabulary term)
CONTENT_TYPE = "citserms_v2_1"  # CITS ERMS 2.1, table 1
_LOCATIONS = (
    (METS, "mets.xsd"),
    (XLINK, "xlink.xsd"),
    (CSIP, "DILCISExtensionMETS.xsd"),
    (SIP, "DILCISExtensionSIPMETS.xsd"),
)


@dataclass(frozen=True)
class MetsFile:
    """A file listed in a METS file section, by its path from the METS document."""

    path: str
    size: int
    sha256: str
    created: dt.datetime
    file_format: FileFormat


@dataclass(frozen=True)
class Agents:
    """Who made the package: the förbund (archival creator and submitter), its contact
    person and the software."""

    organisation: str
    identification: str  # e.g. ORG:2220002584
    software: str
    version: str
    contact: str = ""
    contact_note: str = ""


def _qualified(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return f"{{{NSMAP[prefix]}}}{local}" if prefix else local


def _el(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    element = (
        etree.Element(_qualified(tag), nsmap=NSMAP)
        if parent is None
        else etree.SubElement(parent, _qualified(tag))
    )
    for key, value in attrs.items():
        element.set(_qualified(key.replace("__", ":")), value)
    if text is not None:
        element.text = text
    return element


def _when(at: dt.datetime) -> str:
    return at.isoformat(timespec="seconds")


def _link(path: str) -> dict[str, str]:
    return {"LOCTYPE": "URL", "xlink__type": "simple", "xlink__href": path}


def _root(objid: str, label: str, schemas: str) -> etree._Element:
    root = _el(
        None,
        "mets:mets",
        OBJID=objid,
        LABEL=label,
        TYPE=CONTENT_CATEGORY,
        csip__CONTENTINFORMATIONTYPE=CONTENT_TYPE,
        PROFILE=PROFILE,
    )
    locations = " ".join(f"{ns} {schemas}{name}" for ns, name in _LOCATIONS)
    root.set(f"{{{XSI}}}schemaLocation", locations)
    return root


def _header(root: etree._Element, agents: Agents, at: dt.datetime) -> None:
    header = _el(
        root,
        "mets:metsHdr",
        CREATEDATE=_when(at),
        LASTMODDATE=_when(at),
        RECORDSTATUS="NEW",
        csip__OAISPACKAGETYPE="SIP",
    )
    for role in ("ARCHIVIST", "CREATOR"):  # SIP9-14 archival creator, SIP15-20 submitter
        agent = _el(header, "mets:agent", ROLE=role, TYPE="ORGANIZATION")
        _el(agent, "mets:name", agents.organisation)
        _el(agent, "mets:note", agents.identification, csip__NOTETYPE="IDENTIFICATIONCODE")
    if agents.contact:  # SIP21-25
        agent = _el(header, "mets:agent", ROLE="CREATOR", TYPE="INDIVIDUAL")
        _el(agent, "mets:name", agents.contact)
        if agents.contact_note:
            _el(agent, "mets:note", agents.contact_note)
    agent = _el(header, "mets:agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _el(agent, "mets:name", agents.software)  # CSIP10-16
    _el(agent, "mets:note", agents.version, csip__NOTETYPE="SOFTWARE VERSION")


def _file(group: etree._Element, number: int, f: MetsFile) -> None:
    attrs = {
        "ID": f"file-{number:05d}",
        "MIMETYPE": f.file_format.mime,
        "SIZE": str(f.size),
        "CREATED": _when(f.created),
        "CHECKSUM": f.sha256.upper(),
        "CHECKSUMTYPE": "SHA-256",
        "sip__FILEFORMATNAME": f.file_format.name,
    }
    if f.file_format.version:
        attrs["sip__FILEFORMATVERSION"] = f.file_format.version
    if f.file_format.pronom:
        attrs["sip__FORMATREGISTRY"] = "PRONOM"
        attrs["sip__FORMATREGISTRYKEY"] = f.file_format.pronom
    element = _el(group, "mets:file", **attrs)
    _el(element, "mets:FLocat", **_link(f.path))


def _bytes(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def representation_mets(
    name: str, label: str, files: Sequence[MetsFile], agents: Agents, at: dt.datetime
) -> bytes:
    """Return a representation's METS.xml, listing its data files (paths from the
    representation folder)."""
    root = _root(name, label, "../../schemas/")
    _header(root, agents, at)
    group = _el(
        _el(root, "mets:fileSec", ID=f"filesec-{name}"),
        "mets:fileGrp",
        ID=f"grp-{name}-data",
        USE="Data",
        csip__CONTENTINFORMATIONTYPE=CONTENT_TYPE,
    )
    for number, f in enumerate(files, 1):
        _file(group, number, f)
    structure = _el(root, "mets:structMap", ID=f"struct-{name}", TYPE="PHYSICAL", LABEL="CSIP")
    top = _el(structure, "mets:div", ID=f"div-{name}", LABEL=name)
    data = _el(top, "mets:div", ID=f"div-{name}-data", LABEL="Data")
    _el(data, "mets:fptr", FILEID=f"grp-{name}-data")
    return _bytes(root)


@dataclass(frozen=True)
class PackageContents:
    """What the root METS.xml points to."""

    descriptive: MetsFile  # the ERMS XML in metadata/descriptive
    documentation: Sequence[MetsFile]
    schemas: Sequence[MetsFile]
    representations: Sequence[tuple[str, MetsFile]]  # (name, its METS.xml)


def package_mets(
    objid: str, label: str, contents: PackageContents, agents: Agents, at: dt.datetime
) -> bytes:
    """Return the package's root METS.xml (paths from the package root folder)."""
    root = _root(objid, label, "schemas/")
    _header(root, agents, at)
    d = contents.descriptive
    dmd = _el(root, "mets:dmdSec", ID="dmd-erms", CREATED=_when(d.created), STATUS="CURRENT")
    _el(
        dmd,
        "mets:mdRef",
        **_link(d.path),
        MDTYPE="OTHER",
        OTHERMDTYPE="ERMS",
        MIMETYPE=d.file_format.mime,
        SIZE=str(d.size),
        CREATED=_when(d.created),
        CHECKSUM=d.sha256.upper(),
        CHECKSUMTYPE="SHA-256",
    )
    section = _el(root, "mets:fileSec", ID="filesec-package")
    number = 0
    for use, files in (("Documentation", contents.documentation), ("Schemas", contents.schemas)):
        group = _el(section, "mets:fileGrp", ID=f"grp-{use.lower()}", USE=use)
        for f in files:
            number += 1
            _file(group, number, f)
    for name, f in contents.representations:
        group = _el(
            section,
            "mets:fileGrp",
            ID=f"grp-{name}",
            USE=f"Representations/{name}",
            csip__CONTENTINFORMATIONTYPE=CONTENT_TYPE,
        )
        number += 1
        _file(group, number, f)
    structure = _el(root, "mets:structMap", ID="struct-csip", TYPE="PHYSICAL", LABEL="CSIP")
    top = _el(structure, "mets:div", ID="div-package", LABEL=objid)
    _el(top, "mets:div", ID="div-metadata", LABEL="Metadata", DMDID="dmd-erms")
    for use in ("Documentation", "Schemas"):
        div = _el(top, "mets:div", ID=f"div-{use.lower()}", LABEL=use)
        _el(div, "mets:fptr", FILEID=f"grp-{use.lower()}")
    content = _el(top, "mets:div", ID="div-representations", LABEL="Representations")
    for name, _ in contents.representations:
        _el(content, "mets:fptr", FILEID=f"grp-{name}")
    for name, f in contents.representations:
        div = _el(top, "mets:div", ID=f"div-rep-{name}", LABEL=f"Representations/{name}")
        _el(div, "mets:mptr", **_link(f.path), xlink__title=f"grp-{name}")
    return _bytes(root)
