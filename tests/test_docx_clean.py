"""The clean Word document of a version (render_docx, docx_base, docx_package) and the base
template, checked on the XML that python-docx and lxml see."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from lxml import etree

from styrdok.core.errors import TemplateError
from styrdok.core.templating import find_template
from styrdok.store.settings import Organisation, Settings
from styrdok.text.markdown import parse
from styrdok.word import package as docx_package
from styrdok.word.base import open_template
from styrdok.word.clean import FRONT_MATTER_PROPERTY, TEMPLATE, document_docx
from styrdok.word.package import (
    PackageInfo,
    custom_properties,
    decode_front_matter,
    encode_front_matter,
    finalise,
    read_parts,
    set_custom_properties,
)
from tests.conftest import Repo
from tests.processes import bytes_in_two_processes

BASE = find_template(TEMPLATE, None)
SETTINGS = Settings(Organisation("Itsam kommunalförbund"), author="Förbundskansliet")
DAY = dt.date(2024, 2, 23)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NS = {"w": W[1:-1]}
TEXT = """---
titel: Förbundsordning
diarienummer: 2024/12
gäller från: 2024-07-01
---
Inledande text.

# Förbundsordning

## 1 kap. Allmänt

### 1 § Namn

Förbundets namn är Itsam.

1. ett
2. två
    - under
        1. djupt
3. tre

Mellan listorna.

1. ny lista
    1. under en
    2. under två
2. fortsätter

#### Fjärde nivån

- punkt
"""


def render(text: str = TEXT, template: Path = BASE, label: str | None = "remiss 2024") -> bytes:
    return document_docx(parse(text), SETTINGS, label, DAY, template)


def xml(data: bytes, part: str) -> etree._Element:
    return etree.fromstring(read_parts(data)[part])


def body(data: bytes) -> list[etree._Element]:
    return list(xml(data, "word/document.xml").iterfind(f"{W}body/{W}p"))


def style(p: etree._Element) -> str | None:
    found = p.find(f"{W}pPr/{W}pStyle")
    return None if found is None else found.get(f"{W}val")


def numpr(p: etree._Element) -> tuple[int, int] | None:
    found = p.find(f"{W}pPr/{W}numPr")
    if found is None:
        return None
    return int(found.find(f"{W}numId").get(f"{W}val")), int(found.find(f"{W}ilvl").get(f"{W}val"))


def text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


# --- the base template ----------------------------------------------------------------------


def test_base_template_is_a4_with_margins_and_swedish_defaults() -> None:
    document = open_template(BASE)
    section = document.sections[0]
    size = (section.page_width, section.page_height)
    assert [round(length.cm, 1) for length in size if length is not None] == [21.0, 29.7]
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert {round(m.cm, 2) for m in margins if m is not None} == {2.5}
    styles = xml(BASE.read_bytes(), "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "sv-SE"


@pytest.mark.parametrize("level", range(1, 7))
def test_heading_styles_have_outline_levels(level: int) -> None:
    styles = xml(BASE.read_bytes(), "word/styles.xml")
    (found,) = styles.xpath(f'w:style[w:name/@w:val="heading {level}"]', namespaces=_NS)
    assert found.get(f"{W}styleId") == f"Heading{level}"
    assert found.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == str(level - 1)


@pytest.mark.parametrize(
    ("name", "ilvl"),
    [("List Bullet", 0), ("List Bullet 2", 1), ("List Bullet 3", 2)]
    + [("List Number", 0), ("List Number 2", 1), ("List Number 3", 2)],
)
def test_list_styles_are_linked_to_numbering(name: str, ilvl: int) -> None:
    data = BASE.read_bytes()
    styles = xml(data, "word/styles.xml")
    (found,) = styles.xpath(f'w:style[w:name/@w:val="{name}"]', namespaces=_NS)
    num_id = found.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    assert found.find(f"{W}pPr/{W}numPr/{W}ilvl").get(f"{W}val") == str(ilvl)
    numbering = xml(data, "word/numbering.xml")
    (abstract,) = numbering.xpath(
        f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val', namespaces=_NS
    )
    (level,) = numbering.xpath(
        f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="{ilvl}"]', namespaces=_NS
    )
    fmt = level.find(f"{W}numFmt").get(f"{W}val")
    assert (fmt == "bullet") == name.startswith("List Bullet")
    assert level.find(f"{W}pStyle").get(f"{W}val") == found.get(f"{W}styleId")


def test_base_template_is_reproducible() -> None:
    from tools.make_base_template import build

    assert build() == BASE.read_bytes()


# --- the clean document ---------------------------------------------------------------------


def test_headings_and_blocks_get_their_styles_and_exact_text() -> None:
    paragraphs = [(style(p), text(p)) for p in body(render())]
    assert paragraphs == [
        (None, "Inledande text."),
        ("Heading1", "Förbundsordning"),
        ("Heading2", "1 kap. Allmänt"),
        ("Heading3", "1 § Namn"),
        (None, "Förbundets namn är Itsam."),
        ("ListNumber", "ett"),
        ("ListNumber", "två"),
        ("ListBullet2", "under"),
        ("ListNumber3", "djupt"),
        ("ListNumber", "tre"),
        (None, "Mellan listorna."),
        ("ListNumber", "ny lista"),
        ("ListNumber2", "under en"),
        ("ListNumber2", "under två"),
        ("ListNumber", "fortsätter"),
        ("Heading4", "Fjärde nivån"),
        ("ListBullet", "punkt"),
    ]


def test_every_separate_ordered_list_restarts_at_one() -> None:
    data = render()
    nums = {text(p): num for p in body(data) if (num := numpr(p)) is not None}
    assert nums["ett"] == nums["två"] == nums["tre"]  # one list, interrupted by a sublist
    assert nums["ny lista"] == nums["fortsätter"]
    assert len({nums["ett"], nums["djupt"], nums["ny lista"], nums["under en"]}) == 4
    assert nums["under en"] == nums["under två"]
    assert [nums[t][1] for t in ("ett", "under", "djupt", "under en")] == [0, 1, 2, 1]
    numbering = xml(data, "word/numbering.xml")
    for item in ("ett", "djupt", "ny lista", "under en"):
        num_id, ilvl = nums[item]
        (num,) = numbering.xpath(f'w:num[@w:numId="{num_id}"]', namespaces=_NS)
        (start,) = num.xpath(
            f'w:lvlOverride[@w:ilvl="{ilvl}"]/w:startOverride/@w:val', namespaces=_NS
        )
        assert start == "1"


def test_lists_deeper_than_the_styles_go_one_numbering_level_deeper() -> None:
    deep = (
        "- 0\n    - 1\n        - 2\n            - 3\n                - 4\n                    - 5\n"
    )
    paragraphs = body(render(deep))
    assert [style(p) for p in paragraphs][-2:] == ["ListBullet5", "ListBullet5"]
    assert [numpr(p)[1] for p in paragraphs] == [0, 1, 2, 3, 4, 5]  # type: ignore[index]


def test_header_names_organisation_title_version_dnr_and_date() -> None:
    header = xml(render(), "word/header1.xml")
    lines = ["".join(t.text or "\t" for t in p.iterfind(f"{W}r/*")) for p in header]
    assert lines == [
        "Itsam kommunalförbund\tDnr 2024/12",
        "Förbundsordning\tremiss 2024 · 2024-02-23",
    ]
    for p in header:  # the tab goes to the right margin (16 cm), not to the style's stops
        tabs = [(t.get(f"{W}val"), t.get(f"{W}pos")) for t in p.iterfind(f"{W}pPr/{W}tabs/{W}tab")]
        assert tabs == [("clear", "4536"), ("right", "9072")]


def test_footer_has_page_and_number_of_pages_fields() -> None:
    footer = xml(render(), "word/footer1.xml")
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in footer.iter(f"{W}t")) == "Sida 1 av 1"


def test_front_matter_is_a_custom_property_with_restorable_dates() -> None:
    data = render()
    stored = custom_properties(data)[FRONT_MATTER_PROPERTY]
    assert json.loads(stored)["gäller från"] == {"$date": "2024-07-01"}
    assert decode_front_matter(stored) == parse(TEXT).meta.values
    rels = read_parts(data)["_rels/.rels"].decode()
    assert 'Target="docProps/custom.xml"' in rels
    types = read_parts(data)["[Content_Types].xml"].decode()
    assert 'PartName="/docProps/custom.xml"' in types


def test_core_properties_come_from_title_settings_and_date() -> None:
    properties = docx.Document(io.BytesIO(render())).core_properties
    assert properties.title == "Förbundsordning"
    assert properties.author == properties.last_modified_by == "Förbundskansliet"
    assert properties.revision == 1
    midnight = dt.datetime(2024, 2, 23, 0, 0, tzinfo=dt.UTC)
    assert properties.created == properties.modified == midnight


def test_same_inputs_give_byte_identical_files() -> None:
    data = bytes_in_two_processes(render)
    assert data == render()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert [info.filename for info in infos][:2] == ["[Content_Types].xml", "_rels/.rels"]


def test_an_empty_document_is_one_empty_normal_paragraph() -> None:
    paragraphs = body(render(""))
    assert [(style(p), text(p)) for p in paragraphs] == [(None, "")]


def test_swedish_style_ids_are_found_by_name(tmp_path: Path) -> None:
    parts = read_parts(BASE.read_bytes())
    for name in ("word/styles.xml", "word/numbering.xml", "word/document.xml"):
        parts[name] = parts[name].replace(b'"Heading1"', b'"Rubrik1"')
        parts[name] = parts[name].replace(b'"ListBullet"', b'"Punktlista"')
    swedish = tmp_path / "base.docx"
    swedish.write_bytes(docx_package.write_parts(parts))
    paragraphs = body(render("# Rubrik\n\n- punkt\n", template=swedish))
    assert [style(p) for p in paragraphs] == ["Rubrik1", "Punktlista"]


# --- custom properties and front matter -----------------------------------------------------


def test_long_custom_properties_are_stored_in_pieces_and_joined() -> None:
    value = "å" * 600
    data = set_custom_properties(render(), {"styrdok.runda": value, "styrdok.mottagare": "7"})
    stored = xml(data, "docProps/custom.xml")
    names = [p.get("name") for p in stored]
    assert names[-4:] == [
        "styrdok.runda",
        "styrdok.runda.2",
        "styrdok.runda.3",
        "styrdok.mottagare",
    ]
    assert [p.get("pid") for p in stored] == [str(n) for n in range(2, 2 + len(names))]
    properties = custom_properties(data)
    assert properties["styrdok.runda"] == value
    shorter = set_custom_properties(data, {"styrdok.runda": "kort"})
    assert custom_properties(shorter)["styrdok.runda"] == "kort"
    assert "styrdok.runda.2" not in custom_properties(shorter)


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"titel": "Reglemente", "version": 3, "utkast": True, "tom": None},
        {"beslut": dt.date(2024, 5, 9), "tid": dt.datetime(2024, 5, 9, 13, 30)},
        {"lista": [dt.date(2024, 1, 1), "text", 1.5], "karta": {"a": {"$date": "x"}}},
        {"nummer": {1: "ett", 2: "två"}},
    ],
)
def test_front_matter_json_round_trip(values: dict[str, object]) -> None:
    assert decode_front_matter(encode_front_matter(values)) == values


def test_finalise_adds_core_properties_to_a_package_without_them() -> None:
    parts = read_parts(BASE.read_bytes())
    del parts["docProps/core.xml"]
    data = finalise(docx_package.write_parts(parts), PackageInfo("T", "A", None))
    assert b"<dc:creator>A</dc:creator>" in read_parts(data)["docProps/core.xml"]
    assert b"dcterms:created" not in read_parts(data)["docProps/core.xml"]


# --- a broken template ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "mallen {path} saknas"),
        (b"inte en zip-fil", "mallen {path} är ingen Word-fil (.docx)"),
        ("zip", "mallen {path} är trasig och går inte att öppna som Word-fil"),
    ],
)
def test_a_missing_or_broken_template_is_a_template_error(
    tmp_path: Path, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / "base.docx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<inte-word/>")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        render(template=path)
    assert str(caught.value) == message.format(path=path)


def test_a_template_without_a_needed_style_is_a_template_error(tmp_path: Path) -> None:
    parts = read_parts(BASE.read_bytes())
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b'"heading 2"', b'"Rubrik X"')
    path = tmp_path / "base.docx"
    path.write_bytes(docx_package.write_parts(parts))
    assert body(render("# Ett\n", template=path))  # Heading 1 is still there
    with pytest.raises(TemplateError) as caught:
        render("## Två\n", template=path)
    assert str(caught.value) == f"mallen {path} saknar formatmallen 'Heading 2'"


# --- the command ----------------------------------------------------------------------------


def test_cli_show_writes_a_word_file(
    repo: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    repo.doc("forbundsordning", TEXT.replace("titel:", "version: gällande 2024\ntitel:"), "v1")
    out = tmp_path / "ut.docx"
    result = cli("show", "forbundsordning", "HEAD", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Skrev {out}\n"
    data = out.read_bytes()
    assert [text(p) for p in body(data)][:3] == [
        "Inledande text.",
        "Förbundsordning",
        "1 kap. Allmänt",
    ]
    header = "".join(t.text or "" for t in xml(data, "word/header1.xml").iter(f"{W}t"))
    assert "gällande 2024 · 2024-02-23" in header  # the version label and the commit's date


def test_cli_show_docx_needs_an_output_file(repo: Repo, cli: Callable[..., Result]) -> None:
    repo.doc("forbundsordning", TEXT, "v1")
    result = cli("show", "forbundsordning", "--format", "docx")
    assert result.exit_code == 2
    assert (
        "fel: --format docx kräver -o FIL (en Word-fil skrivs inte i terminalen)" in result.output
    )


def test_cli_show_reports_a_broken_template_in_the_repository(
    repo: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    repo.doc("forbundsordning", TEXT, "v1")
    repo.write("templates/base.docx", "trasig")
    result = cli("show", "forbundsordning", "--format", "docx", "-o", str(tmp_path / "ut.docx"))
    assert result.exit_code == 1
    broken = repo.root / "templates" / "base.docx"
    assert result.stderr == f"styrdok: fel: mallen {broken} är ingen Word-fil (.docx)\n"
    assert not (tmp_path / "ut.docx").exists()


@pytest.mark.parametrize(
    ("name", "renamed", "expected"),
    [
        (b'"Table Grid"', b'"Rutor"', "tabellformatet 'Table Grid' (Tabellrutnät)"),
        (b'"heading 1"', b'"Rubrik A"', "formatmallen 'Heading 1' (Rubrik 1)"),
    ],
)
def test_cli_table_reports_a_template_without_a_style_it_needs(
    repo: Repo,
    cli: Callable[..., Result],
    tmp_path: Path,
    name: bytes,
    renamed: bytes,
    expected: str,
) -> None:
    repo.doc("forbundsordning", TEXT, "v1")
    repo.doc(
        "forbundsordning", TEXT.replace("namn är Itsam", "namn är Itsam kommunalförbund"), "v2"
    )
    parts = read_parts(BASE.read_bytes())
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(name, renamed)
    assert renamed in parts["word/styles.xml"]
    (repo.root / "templates").mkdir()
    (repo.root / "templates" / "base.docx").write_bytes(docx_package.write_parts(parts))
    out = tmp_path / "ut.docx"
    args = ("diff", "forbundsordning", "HEAD~1", "HEAD", "--format", "table", "-o", str(out))
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr == f"styrdok: fel: Word-mallen saknar {expected}\n"
    assert not out.exists()
