"""Generate templates/base.docx, the base of every Word file styrdok writes.

Starts from python-docx's default template and sets: A4 portrait with 2.5 cm margins,
Calibri 11 pt in Swedish, Heading 1–6 (with outline levels, so Word's navigation pane
and tables of contents find them; Swedish Word shows them as "Rubrik 1"…), Title,
Normal, List Bullet 1–5 and List Number 1–5 linked to two multi-level list definitions,
a page header (styrdok replaces its text) and a footer "Sida X av Y". The body is a
short style sample that styrdok removes. The output is byte-for-byte reproducible.

Staff may restyle the result in Word; keep the styles' names and the list styles'
numbering. Run from the repository root:

    .venv/bin/python tools/make_base_template.py [templates/base.docx]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from styrdok.word.base import add_text, save
from styrdok.word.package import PackageInfo, finalise, read_parts, write_parts

FONT = "Calibri"
LIST_LEVELS = 5
BULLET_NUM, NUMBER_NUM = 1, 2
INDENT = 425  # twips per list level (0.75 cm)
HEADINGS = {1: (32, 480, 120), 2: (26, 360, 120), 3: (24, 280, 80), 4: (22, 240, 60)}
HEADINGS |= {5: (22, 200, 40), 6: (22, 200, 40)}  # level: size (half-points), before, after
BULLETS = ("•", "–", "▪", "•", "–")
NUMBERS: tuple[tuple[str, str], ...] = (("decimal", "%{}."), ("lowerLetter", "%{})"))
NUMBERS += (("lowerRoman", "%{})"), ("decimal", "%{}."), ("lowerLetter", "%{})"))
DROP = ("docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "customXml/")
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>styrdok</Application>"
    b"<DocSecurity>0</DocSecurity></Properties>"
)
SAMPLE = [
    ("Title", "Grundmall för styrdok"),
    (
        None,
        "Den här filen är grunden för alla Word-filer som styrdok skriver. Ändra "
        "formatmallarna (Rubrik 1–6, Normal, Punktlista, Numrerad lista, Sidhuvud, Sidfot), "
        "marginalerna och sidfoten här i Word och spara filen som templates/base.docx i "
        "arkivet. Behåll formatmallarnas namn. styrdok tar bort den här texten och skriver "
        "organisation, titel, version, diarienummer och datum i sidhuvudet.",
    ),
    ("Heading 1", "1 kap. Rubrik 1"),
    ("Heading 2", "1 § Rubrik 2"),
    (None, "Brödtext i formatmallen Normal."),
    ("List Bullet", "Punktlista"),
    ("List Bullet 2", "Punktlista 2"),
    ("List Number", "Numrerad lista"),
    ("List Number 2", "Numrerad lista 2"),
    ("Heading 3", "Rubrik 3"),
    ("Heading 4", "Rubrik 4"),
]


def _child(parent: Any, tag: str, **attrs: str) -> Any:
    """Return ``parent``'s first ``tag`` child, created (last) when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    for key, value in attrs.items():
        found.set(qn(f"w:{key}"), value)
    return found


def _set_ppr(ppr: Any, tag: str, **attrs: str) -> None:
    """Replace ``tag`` in a w:pPr keeping the schema's child order."""
    order = ["w:pStyle", "w:keepNext", "w:keepLines", "w:numPr", "w:tabs", "w:spacing"]
    order += ["w:ind", "w:contextualSpacing", "w:jc", "w:outlineLvl", "w:rPr"]
    old = ppr.find(qn(tag))
    if old is not None:
        ppr.remove(old)
    new = OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})
    later = [qn(t) for t in order[order.index(tag) + 1 :]]
    for child in ppr:
        if child.tag in later:
            child.addprevious(new)
            return
    ppr.append(new)


def _fonts(rpr: Any, size: int | None = None) -> None:
    old = rpr.find(qn("w:rFonts"))
    if old is not None:
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts", {qn(f"w:{k}"): FONT for k in ("ascii", "hAnsi", "cs")})
    rpr.insert(0, fonts)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            _child(rpr, tag, val=str(size))


def setup_page(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)


def setup_defaults(document: Any) -> None:
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, 22)
    _child(rpr, "w:lang", val="sv-SE", eastAsia="sv-SE", bidi="ar-SA")
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set_ppr(ppr, "w:spacing", after="120", line="264", lineRule="auto")
    settings = document.settings.element
    _child(settings, "w:themeFontLang", val="sv-SE")
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        _child(settings, tag, val=value)
    mode = settings.xpath('./w:compat/w:compatSetting[@w:name="compatibilityMode"]')
    if mode:
        mode[0].set(qn("w:val"), "15")


def _style(document: Any, name: str) -> Any:
    try:
        style = document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=True)
        style.base_style = document.styles["Normal"]
    element = style.element
    for tag in ("w:semiHidden", "w:rsid"):
        for found in element.findall(qn(tag)):
            element.remove(found)
    return element


def setup_headings(document: Any) -> None:
    for level, (size, before, after) in HEADINGS.items():
        element = _style(document, f"Heading {level}")
        ppr = element.get_or_add_pPr()
        _child(ppr, "w:keepNext")
        _set_ppr(ppr, "w:spacing", before=str(before), after=str(after))
        _set_ppr(ppr, "w:outlineLvl", val=str(level - 1))
        rpr = element.get_or_add_rPr()
        _fonts(rpr, size)
        if rpr.find(qn("w:b")) is None:
            rpr.insert(1, OxmlElement("w:b"))
        color = rpr.find(qn("w:color"))
        if color is not None:
            rpr.remove(color)
    title = document.styles["Title"].element
    _fonts(title.get_or_add_rPr(), 40)
    for found in title.get_or_add_rPr().findall(qn("w:color")):
        found.getparent().remove(found)


def _abstract(number: int, kind: str) -> Any:
    xml = f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{number}">'
    xml += f'<w:nsid w:val="5D1E00{number:02X}"/><w:multiLevelType w:val="multilevel"/>'
    for level in range(9):
        if kind == "bullet":
            fmt, text = "bullet", BULLETS[level % len(BULLETS)]
        else:
            fmt, pattern = NUMBERS[level % len(NUMBERS)]
            text = pattern.format(level + 1)
        style = "ListBullet" if kind == "bullet" else "ListNumber"
        link = f'<w:pStyle w:val="{style}{level + 1 if level else ""}"/>'
        xml += f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        xml += link if level < LIST_LEVELS else ""
        xml += f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        xml += f'<w:pPr><w:ind w:left="{INDENT * (level + 1)}" w:hanging="{INDENT}"/></w:pPr>'
        xml += "</w:lvl>"
    return parse_xml(xml + "</w:abstractNum>")


def setup_lists(document: Any) -> None:
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for number, kind in ((BULLET_NUM, "bullet"), (NUMBER_NUM, "number")):
        numbering.append(_abstract(number, kind))
    for number in (BULLET_NUM, NUMBER_NUM):
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{number}">'
                f'<w:abstractNumId w:val="{number}"/></w:num>'
            )
        )
    for base, num in (("List Bullet", BULLET_NUM), ("List Number", NUMBER_NUM)):
        for level in range(LIST_LEVELS):
            element = _style(document, f"{base} {level + 1}" if level else base)
            ppr = element.get_or_add_pPr()
            for tag in ("w:ind", "w:tabs"):
                for found in ppr.findall(qn(tag)):
                    ppr.remove(found)
            _set_ppr(ppr, "w:numPr")
            numpr = ppr.find(qn("w:numPr"))
            numpr.append(OxmlElement("w:ilvl", {qn("w:val"): str(level)}))
            numpr.append(OxmlElement("w:numId", {qn("w:val"): str(num)}))
            _set_ppr(ppr, "w:contextualSpacing")


def _field(paragraph: Any, instruction: str) -> None:
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = OxmlElement("w:r")
        if kind == "instr":
            text = OxmlElement("w:instrText")
            text.text = f" {instruction} "
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(text)
        elif kind == "result":
            text = OxmlElement("w:t")
            text.text = "1"
            run.append(text)
        else:
            run.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        paragraph.append(run)


def setup_header_footer(document: Any) -> None:
    for name in ("Header", "Footer"):
        ppr = _style(document, name).get_or_add_pPr()
        _set_ppr(ppr, "w:tabs")
        tabs = ppr.find(qn("w:tabs"))
        for kind, pos in (("center", "4536"), ("right", "9072")):
            tabs.append(OxmlElement("w:tab", {qn("w:val"): kind, qn("w:pos"): pos}))
        _fonts(_style(document, name).get_or_add_rPr(), 18)
    section = document.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = document.styles["Header"]
    paragraph.text = "Organisationens namn\t\tDnr"
    header.add_paragraph("Dokumentets titel\t\tversion · datum", style="Header")
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = document.styles["Footer"]
    element = p._p
    _set_ppr(element.get_or_add_pPr(), "w:jc", val="center")
    add_text(element, "Sida ")
    _field(element, "PAGE")
    add_text(element, " av ")
    _field(element, "NUMPAGES")


def sample_body(document: Any) -> None:
    for style, text in SAMPLE:
        document.add_paragraph(text, style=style)


def drop_parts(parts: dict[str, bytes]) -> None:
    """Remove python-docx's thumbnail, Word 2010 style copy and custom XML item."""
    for name in list(parts):
        if name.startswith(DROP):
            del parts[name]
    for rels in ("_rels/.rels", "word/_rels/document.xml.rels"):
        root = etree.fromstring(parts[rels])
        for rel in list(root):
            if any(part.split("/")[-1] in rel.get("Target") for part in DROP if part[-1] != "/"):
                root.remove(rel)
            elif "customXml" in rel.get("Target"):
                root.remove(rel)
        parts[rels] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    root = etree.fromstring(parts["[Content_Types].xml"])
    for override in list(root):
        name = override.get("PartName", "")
        if name and name[1:] not in parts:
            root.remove(override)
    parts["[Content_Types].xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    parts["docProps/app.xml"] = APP_XML


def build() -> bytes:
    """Return the bytes of base.docx."""
    document = docx.Document()
    setup_page(document)
    setup_defaults(document)
    setup_headings(document)
    setup_lists(document)
    setup_header_footer(document)
    sample_body(document)
    parts = read_parts(save(document))
    drop_parts(parts)
    info = PackageInfo("styrdok grundmall", "styrdok", dt.date(2024, 1, 1))
    return finalise(write_parts(parts), info)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path("templates/base.docx")
    target.write_bytes(build())
    print(f"Skrev {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
