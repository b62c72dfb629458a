"""The case as CITS ERMS 2.1 XML (FGS Ärendehantering 2.0), valid against ERMS.xsd 2.1.2.

One aggregation of type ``caseFile`` is the ärende; each record in it carries its
direction, parties, dates, actions and files (``appendix``), with the files' SHA-256 in
an ``ownElement`` group. Element order follows the schema's sequences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lxml import etree

from styrdok.archive.layout import SCHEMAS_DIR
from styrdok.archive.model import (
    Action,
    Attachment,
    Case,
    CaseRecord,
    Dated,
    DateKind,
    Party,
    Relation,
)
from styrdok.store.settings import Organisation

NS = "https://DILCIS.eu/XML/ERMS"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} ../../{SCHEMAS_DIR}/ERMS.xsd"
ORG_NUMBER = "organisationsnummer"


def _el(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    element = (
        etree.Element(f"{{{NS}}}{tag}", nsmap={None: NS, "xsi": XSI})
        if parent is None
        else etree.SubElement(parent, f"{{{NS}}}{tag}")
    )
    for key, value in attrs.items():
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def _when(at: dt.datetime) -> str:
    return at.isoformat(timespec="seconds")


def _agent(parent: etree._Element, party: Party, tag: str = "agent") -> None:
    agent = _el(parent, tag, agentType=party.role.value)
    _el(agent, "name", party.name)
    if party.id_number:
        _el(agent, "idNumber", party.id_number, idNumberType=ORG_NUMBER)
    contacts = [
        (kind, value)
        for kind, value in (("email", party.email), ("phonenumber", party.phone))
        if value
    ]
    if party.address and contacts:  # the schema wants both an address and a contact line
        info = _el(agent, "addressContactInformation")
        _el(info, "addressLine", party.address, adressType="postal_address")
        for kind, value in contacts:
            _el(info, "contactLine", value, contactType=kind)


def _agents(parent: etree._Element, parties: Iterable[Party]) -> None:
    chosen = list(parties)
    if chosen:
        group = _el(parent, "agents")
        for party in chosen:
            _agent(group, party)


def _dates(parent: etree._Element, dates: Iterable[Dated]) -> None:
    chosen = list(dates)
    if chosen:
        group = _el(parent, "dates")
        for d in chosen:
            _el(group, "date", _when(d.at), dateType=d.kind.value)


def _notes(parent: etree._Element, notes: Iterable[str]) -> None:
    chosen = [n for n in notes if n]
    if chosen:
        group = _el(parent, "notes")
        for note in chosen:
            _el(group, "note", note)


def _relation(parent: etree._Element, relation: Relation) -> None:
    attrs = {"relationType": relation.kind}
    if relation.other:
        attrs["otherRelationType"] = relation.other
    _el(parent, "relation", relation.target, **attrs)


def _attachments(parent: etree._Element, attachments: Iterable[Attachment]) -> None:
    chosen = list(attachments)
    if not chosen:
        return
    info = _el(parent, "additionalInformation")
    for a in chosen:
        attrs = {"name": a.name}
        if a.description:
            attrs["description"] = a.description
        attrs["fileFormat"] = a.file_format.label
        if a.rendition_of is not None:
            attrs["originalFileFormat"] = a.rendition_of.label
        attrs["path"] = a.path
        _el(info, "appendix", **attrs)
    sums = _el(info, "ownElement")
    _el(sums, "ownElementDescription", "SHA-256 för varje bilaga ovan, med bilagans sökväg")
    for a in chosen:
        item = _el(sums, "ownElement", name="sha256", dataType="hexBinary")
        _el(item, "value", a.sha256)
        path = _el(_el(item, "property"), "attribute", name="sökväg")
        _el(path, "value", a.path)


def _action(parent: etree._Element, action: Action) -> None:
    element = _el(parent, "action")
    _el(element, "actionText", action.text)
    if action.motivation:
        _el(element, "actionMotivation", action.motivation)
    _el(element, "actionType", action.kind)
    dates = _el(element, "dates")
    _el(dates, "actionDate", _when(action.at), dateType=action.date_kind.value)
    if action.agents:
        agents = _el(element, "agents")
        for party in action.agents:
            _agent(agents, party)


def _record(parent: etree._Element, record: CaseRecord, number: int) -> None:
    element = _el(parent, "record", systemIdentifier=record.key, recordType=record.kind.value)
    _el(element, "objectId", record.key)
    _el(element, "title", record.title)
    _el(element, "runningNumber", str(number))
    for relation in record.relations:
        _relation(element, relation)
    _el(element, "direction", directionDefinition=record.direction.value)
    _agents(element, record.parties)
    if record.description:
        _el(element, "description", record.description)
    _dates(element, record.dates)
    for action in record.actions:
        _action(element, action)
    if record.dispatch_mode:
        _el(element, "dispatchMode", record.dispatch_mode)
    _notes(element, record.notes)
    _attachments(element, record.attachments)


def _control(
    root: etree._Element, case: Case, org: Organisation, software: Party, at: dt.datetime
) -> None:
    control = _el(root, "control")
    _el(
        control,
        "identification",
        f"{org.name} ({org.org_number})",
        identificationType="arkivbildare",
    )
    _el(control, "identification", case.system_id, identificationType="styrdok")
    maintenance = _el(control, "maintenanceInformation")
    _el(maintenance, "maintenanceStatus", value="new")
    agency = _el(maintenance, "maintenanceAgency")
    if org.org_number:
        _el(agency, "agencyCode", org.org_number, type=ORG_NUMBER)
    _el(agency, "agencyName", org.name)
    history = _el(maintenance, "maintenanceHistory")
    event = _el(history, "maintenanceEvent")
    _el(event, "eventType", value="created")
    _el(event, "eventDateTime", _when(at))
    _agent(event, software)


def erms_xml(case: Case, org: Organisation, software: Party, at: dt.datetime) -> bytes:
    """Return the case as ERMS XML (UTF-8); ``software`` is the program that made it and
    ``at`` the time written into the maintenance history."""
    root = _el(None, "erms")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    _control(root, case, org, software, at)
    aggregation = _el(
        _el(root, "aggregations"),
        "aggregation",
        systemIdentifier=case.system_id,
        aggregationType="caseFile",
    )
    _el(aggregation, "objectId", case.key)
    for dnr in case.dnr:
        _el(aggregation, "extraId", dnr, extraIdType="diarienummer")
    _el(aggregation, "levelName", "ärende")
    _el(aggregation, "title", case.title)
    _el(aggregation, "status", value="closed")
    _attachments(aggregation, case.attachments)
    _agents(aggregation, case.parties)
    _el(aggregation, "description", case.description)
    _dates(aggregation, (Dated(DateKind.OPENED, case.opened), Dated(DateKind.CLOSED, case.closed)))
    _notes(aggregation, case.notes)
    for number, record in enumerate(case.records, 1):
        _record(aggregation, record, number)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data
