"""The ERMS writer on its own: a case with every kind of record, including the decision
and an adoption that later issues will record, is valid against ERMS.xsd."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from styrdok.archive.erms import erms_xml
from styrdok.archive.formats import DOCX, PDFA_2B
from styrdok.archive.layout import package_id, rendition_path
from styrdok.archive.model import (
    Action,
    AgentType,
    Attachment,
    Case,
    CaseRecord,
    Dated,
    DateKind,
    Direction,
    Party,
    RecordKind,
    Relation,
    with_renditions,
)
from styrdok.core.dates import STOCKHOLM
from styrdok.store.settings import Organisation
from tests.eark import require_eark

NS = {"e": "https://DILCIS.eu/XML/ERMS"}
AT = dt.datetime(2024, 6, 13, 14, 0, tzinfo=STOCKHOLM)
ORG = Organisation("Itsam kommunalförbund", "222000-2584", "Box 0000, 581 00 Linköping")
FORBUND = Party(AgentType.CREATOR, ORG.name, ORG.org_number)
ORIGINAL = "representations/original/data/beslut/protokoll.docx"


def _case() -> Case:
    decision = CaseRecord(
        key="2220002584/remiss/r/beslut",
        kind=RecordKind.DECISION,
        title="Direktionens beslut om förbundsordningen",
        direction=Direction.INTERNAL,
        parties=(FORBUND,),
        dates=(Dated(DateKind.DECISION, AT),),
        attachments=(Attachment(ORIGINAL, "protokoll.docx", "ab" * 32, DOCX, "Protokollsutdrag"),),
        relations=(Relation("reference", "2220002584/remiss/r/sammanstallning"),),
        actions=(
            Action(
                "Direktionen föreslår medlemmarna att anta förbundsordningen",
                "beslut",
                AT,
                motivation="Remissvaren har beaktats",
                agents=(Party(AgentType.AUTHORISING, "Direktionen"),),
            ),
        ),
    )
    adoption = CaseRecord(
        key="2220002584/remiss/r/antagande/ydre",
        kind=RecordKind.ADOPTION,
        title="Ydre kommun antar förbundsordningen",
        direction=Direction.INCOMING,
        parties=(Party(AgentType.SENDER, "Ydre kommun"),),
        dates=(Dated(DateKind.RECEIVED, AT + dt.timedelta(days=60)),),
        notes=("Kommunfullmäktige § 12",),
    )
    return Case(
        key="2220002584/remiss/r",
        system_id="styrdok:remiss/r",
        title="Revidering av förbundsordningen",
        dnr=("Dnr 2024/8",),
        parties=(
            FORBUND,
            Party(
                AgentType.RESPONSIBLE,
                "Anna Andersson",
                email="anna@itsam.example",
                phone="013-00 00 00",
                address=ORG.address,
            ),
        ),
        opened=AT - dt.timedelta(days=110),
        closed=AT + dt.timedelta(days=60),
        description="Remiss och beslut",
        records=(decision, adoption),
    )


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(require_eark() / "ERMS.xsd")))


def test_a_decision_and_an_adoption_are_valid_erms(schema: etree.XMLSchema) -> None:
    software = Party(AgentType.CREATOR, "styrdok 0.1.0")
    rendition = Attachment(
        rendition_path(ORIGINAL), "protokoll.pdf", "cd" * 32, PDFA_2B, rendition_of=DOCX
    )
    case = with_renditions(_case(), {ORIGINAL: rendition})
    document = etree.fromstring(erms_xml(case, ORG, software, AT))
    assert schema.validate(document), schema.error_log
    action = document.find(".//e:record[@recordType='beslut']/e:action", NS)
    assert action.findtext("e:actionType", namespaces=NS) == "beslut"
    assert action.find("e:dates/e:actionDate", NS).get("dateType") == "decision"
    paths = document.xpath(".//e:record[@recordType='beslut']//e:appendix/@path", namespaces=NS)
    assert paths == [ORIGINAL, "representations/pdfa/data/beslut/protokoll.pdf"]
    contact = document.find(
        ".//e:aggregation/e:agents/e:agent[@agentType='responsible_person']", NS
    )
    lines = contact.xpath("e:addressContactInformation/e:contactLine/text()", namespaces=NS)
    assert lines == ["anna@itsam.example", "013-00 00 00"]


def test_the_same_case_gives_the_same_bytes() -> None:
    software = Party(AgentType.CREATOR, "styrdok 0.1.0")
    assert erms_xml(_case(), ORG, software, AT) == erms_xml(_case(), ORG, software, AT)


@pytest.mark.parametrize(
    ("org_number", "round_id"), [("222000-2584", "r2024"), ("2220002584", "r2024")]
)
def test_the_package_id_is_derived_from_the_forbund_and_the_round(
    org_number: str, round_id: str
) -> None:
    assert package_id(org_number, round_id) == package_id("222000-2584", "r2024")
    assert package_id(org_number, round_id) != package_id("222000-2584", "r2025")
    assert package_id(org_number, round_id).startswith("uuid-")
