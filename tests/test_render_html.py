"""The HTML redline: a self-contained, accessible, printable page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from lxml import html as lxml_html

from styrdok.render.html import render, slug
from tests.conftest import Repo
from tests.conftest import inline_diff as diff

A = "Förbundet har sitt säte i Kinda kommun och kansliet ligger där."
B = "Direktionen består av sex ledamöter och sex ersättare från medlemmarna."
C = "Förbundet är arbetsgivare för de anställda i förbundet och tillämpar avtal."
D = "Revisorerna granskar verksamheten varje år enligt kommunallagen och rapporterar."
OLD = f"""---
titel: Förbundsordning
status: gällande
---
## 1 § Säte

{A}

## 2 § Organ

{B}

## 3 § Uppgifter

1. drift av nätverk
2. servicedesk
    - telefon
    - e-post
3. upphandling

## 4 § Personal

{C}

## 5 § Revision

{D}
"""
NEW = f"""---
titel: Förbundsordning
status: förslag
---
## 1 § Säte

{A.replace("Kinda", "Åtvidabergs")}

## 2 § Organ

{B}

## 3 § Uppgifter

1. drift av nätverk
2. servicedesk
    - telefon
    - e-post och chatt
3. upphandling
4. informationssäkerhet

## 4 § Revision

{D}

## 5 § Arkiv

Förbundet ansvarar för sitt arkiv.
"""


@pytest.fixture
def page(repo: Repo) -> str:
    return render(diff(repo, OLD, NEW))


def tree(text: str) -> Any:
    return lxml_html.document_fromstring(text)


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def test_page_is_swedish_and_titled(page: str) -> None:
    root = tree(page)
    assert root.get("lang") == "sv"
    assert (
        root.findtext(".//title")
        == "Förbundsordning – ändringar gällande 2019 → remissversion 2024"
    )
    assert text_of(root.find(".//h1")) == "Förbundsordning"


def test_page_is_self_contained(page: str) -> None:
    root = tree(page)
    assert root.xpath("//script | //link | //img | //iframe | //object | //embed") == []
    assert all(href.startswith("#") for href in root.xpath("//a/@href"))
    assert root.xpath("//@src") == []
    for needle in ("http:", "https:", "//", "url(", "@import"):
        assert needle not in page.replace("</", "<")


def test_changed_words_are_marked_with_ins_and_del(page: str) -> None:
    assert "säte i <del>Kinda</del><ins>Åtvidabergs</ins> kommun" in page
    assert '<li class="block-modified">e-post<ins> och chatt</ins>' in page


def test_versions_table_shows_names_iso_dates_and_status(page: str) -> None:
    rows = tree(page).xpath("//table[caption='Jämförda versioner']/tbody/tr")
    cells = [[text_of(c) for c in row.xpath("th|td")] for row in rows]
    assert cells == [
        ["Tidigare version", "gällande 2019", "2024-05-09", "–", "aaaaaaaaaa"],
        ["Ny version", "remissversion 2024", "–", "–", "arbetskopian"],
    ]


def test_change_line_and_counts(page: str) -> None:
    root = tree(page)
    assert text_of(root.xpath("//p[@class='changeline']")[0]) == (
        "Ändringar: upph. 4 §; nuvarande 5 § betecknas 4 §; ändr. 1, 3 §§; ny 5 §"
    )
    table = root.xpath("//table[caption='Antal avsnitt']")[0]
    heads = [text_of(th) for th in table.xpath(".//th")]
    numbers = [text_of(td) for td in table.xpath(".//td")]
    assert dict(zip(heads, numbers, strict=True)) == {
        "Ändrade": "2",
        "Nya": "1",
        "Upphävda": "1",
        "Omnumrerade": "1",
        "Flyttade": "0",
        "Oförändrade": "1",
    }


def test_table_of_contents_links_every_changed_section(page: str) -> None:
    root = tree(page)
    links = root.xpath("//nav//a")
    sections = root.xpath("//main/section")
    assert [a.get("href") for a in links] == [f"#{s.get('id')}" for s in sections]
    assert [text_of(a) for a in links] == [
        "1 § Säte",
        "3 § Uppgifter",
        "4 § Personal",  # the repealed section, where it stood
        "4 § Revision",
        "5 § Arkiv",
    ]
    assert len({s.get("id") for s in sections}) == len(sections)  # the two 4 § differ


@pytest.mark.parametrize(
    ("heading", "status"),
    [
        ("1 § Säte", "ändrad"),
        ("4 § Personal", "upphävd"),
        ("54 § Revision", "ny numrering: 5 § → 4 §"),  # <del>5</del><ins>4</ins> § Revision
        ("5 § Arkiv", "ny"),
    ],
)
def test_section_headings_name_their_status_in_words(page: str, heading: str, status: str) -> None:
    headings = {text_of(h) for h in tree(page).xpath("//main/section/h2")}
    assert f"{heading} {status}" in headings


def test_renumbered_heading_marks_the_number(page: str) -> None:
    assert "<del>5</del><ins>4</ins> § Revision" in page


def test_lists_are_real_nested_lists_with_numbers(page: str) -> None:
    section = tree(page).xpath("//section[h2[contains(., 'Uppgifter')]]")[0]
    items = section.xpath("./ol/li")
    assert [li.get("value") for li in items] == ["1", "2", "3", "4"]
    assert [text_of(li) for li in items[1].xpath("./ul/li")] == ["telefon", "e-post och chatt"]
    assert items[3].xpath("./ins/text()") == ["informationssäkerhet"]


def test_unchanged_sections_are_listed_by_reference(page: str) -> None:
    assert text_of(tree(page).xpath("//p[@class='unchanged']")[0]) == "Oförändrade avsnitt: 2 §"
    assert B not in page


def test_user_text_is_escaped(repo: Repo) -> None:
    evil = '<script>alert("x")</script> & <b>fet</b>'
    page = render(diff(repo, f"## 1 § Säte\n\n{A}\n", f"## 1 § Säte\n\n{A} {evil}\n"))
    root = tree(page)
    assert root.xpath("//script | //b") == []
    assert evil in text_of(root.xpath("//main//p")[0])


def test_no_changes(repo: Repo) -> None:
    page = render(diff(repo, f"## 1 § Säte\n\n{A}\n", f"## 1 § Säte\n\n{A}\n"))
    root = tree(page)
    assert root.xpath("//nav") == []
    assert "Inga avsnitt har ändrats." in page
    assert "Ändringar: inga ändringar" in text_of(root)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_colour_pair_meets_wcag_aa(page: str) -> None:
    fg = dict(re.findall(r"--([\w-]+)-fg:\s*(#[0-9a-f]{6})", page))
    bg = dict(re.findall(r"--([\w-]+)-bg:\s*(#[0-9a-f]{6})", page))
    assert {"del", "ins", "text", "link"} <= fg.keys()
    assert fg.keys() == bg.keys()
    for name in fg:
        assert contrast(fg[name], bg[name]) >= 4.5, name
    assert contrast("#8b0000", "#fde8e8") == pytest.approx(8.53, abs=0.01)


def test_changes_do_not_rely_on_colour_alone(page: str) -> None:
    css = tree(page).findtext(".//style")
    assert re.search(r"del \{[^}]*text-decoration: line-through", css)
    assert re.search(r"ins \{[^}]*text-decoration: underline", css)
    assert 'ins::before { content: "[tillagt: "; }' in css
    assert 'del::before { content: "[borttaget: "; }' in css
    assert "clip-path: inset(50%)" in css


def test_print_css(page: str) -> None:
    css = tree(page).findtext(".//style")
    assert "@page { size: A4;" in css
    printed = css[css.index("@media print") :]
    assert "background: none" in printed
    assert "section.change, table, .status { break-inside: avoid; }" in printed


@pytest.mark.parametrize(
    ("ref", "expected"),
    [("2 §", "2-paragraf"), ("2 kap. 3 §", "2-kap-3-paragraf"), ("bilaga 1", "bilaga-1"),
     ("Ändamål och år", "andamal-och-ar"), ("3.1", "3-1")],
)  # fmt: skip
def test_section_ids_are_ascii(ref: str, expected: str) -> None:
    assert slug(ref) == expected


def test_repository_template_overrides_the_builtin_one(repo: Repo) -> None:
    repo.write("templates/redline.html.j2", "<p>{{ title }} {{ summary }}</p>\n")
    page = render(diff(repo, f"## 1 § Säte\n\n{A}\n", f"## 1 § Säte\n\n{B}\n"))
    assert page == "<p>stadgar ändr. 1 §</p>\n"


def test_cli_writes_html(repo: Repo, cli: Callable[..., Result], tmp_path: Path) -> None:
    repo.doc("stadgar", OLD, "Gällande")
    repo.doc("stadgar", NEW, "Förslag")
    out = tmp_path / "redline.html"
    result = cli("diff", "stadgar", "HEAD~1", "HEAD", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    root = tree(out.read_text(encoding="utf-8"))
    assert root.xpath("//main//del/text()")[:2] == ["Kinda", "4 § Personal"]
