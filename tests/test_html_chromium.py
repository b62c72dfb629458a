"""The HTML redline in a real browser: headless Chromium loads it, shows it and prints it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from lxml import html as lxml_html

from tests.browser import dump_dom, print_pdf, read_png, requires_chromium, screenshot
from tests.conftest import Repo

pytestmark = requires_chromium

OLD = """---
titel: Förbundsordning för Exempelförbundet
version: gällande 2019
---
## 1 § Namn

Förbundets namn är Exempelförbundet.

## 2 § Säte

Förbundet har sitt säte i Kinda kommun.

## 3 § Ändamål

Förbundet ska svara för

1. drift av nätverk,
2. servicedesk,
3. upphandling.

## 4 § Personal

Förbundet är arbetsgivare för de anställda i förbundet.
"""
NEW = """---
titel: Förbundsordning för Exempelförbundet
version: remissversion 2024
---
## 1 § Namn

Förbundets namn är Exempelförbundet.

## 2 § Säte

Förbundet har sitt säte i Åtvidabergs kommun.

## 3 § Ändamål

Förbundet ska svara för

1. drift av nätverk,
2. servicedesk och användarstöd,
3. upphandling,
4. informationssäkerhet.
"""
DEL_BACKGROUND = (0xFD, 0xE8, 0xE8)
INS_BACKGROUND = (0xE6, 0xF4, 0xEA)


@pytest.fixture
def page(repo: Repo, cli: Callable[..., Result], tmp_path: Path) -> Path:
    """Return an HTML redline written by ``styrdok diff --format html`` in a real repo."""
    repo.doc("forbundsordning", OLD, "Gällande 2019")
    repo.doc("forbundsordning", NEW, "Remissversion 2024", date="2024-05-09T10:00:00+02:00")
    out = tmp_path / "redline.html"
    result = cli("diff", "forbundsordning", "gällande 2019", "remissversion 2024",
                 "--format", "html", "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def rendered(page: Path) -> Any:
    return lxml_html.document_fromstring(dump_dom(page))


def test_browser_dom_has_headings_ins_and_del(page: Path) -> None:
    root = rendered(page)
    assert root.get("lang") == "sv"
    assert root.findtext(".//h1") == "Förbundsordning för Exempelförbundet"
    headings = [" ".join(h.text_content().split()) for h in root.xpath("//main//h2")]
    assert headings == ["2 § Säte ändrad", "3 § Ändamål ändrad", "4 § Personal upphävd"]
    assert root.xpath("//section[@id='avsnitt-2-paragraf']//del/text()") == ["Kinda"]
    assert root.xpath("//section[@id='avsnitt-2-paragraf']//ins/text()") == ["Åtvidabergs"]
    assert root.xpath("//section[@id='avsnitt-3-paragraf']/ol/li[4]/ins/text()") == [
        "informationssäkerhet."
    ]
    assert root.xpath("//script") == []


def test_browser_dom_links_contents_to_sections(page: Path) -> None:
    root = rendered(page)
    targets = [href[1:] for href in root.xpath("//nav//a/@href")]
    assert targets == ["avsnitt-2-paragraf", "avsnitt-3-paragraf", "avsnitt-4-paragraf-upphavd"]
    assert all(root.xpath(f"//section[@id='{t}']/h2") for t in targets)
    assert re.search(r"\b2024-05-09\b", " ".join(root.xpath("//table//time/text()")))


def test_screenshot_shows_the_page_with_marked_changes(page: Path, tmp_path: Path) -> None:
    png = read_png(screenshot(page, tmp_path / "x.png", 1200, 1600))
    assert (png.width, png.height) == (1200, 1600)
    colours = png.colours()
    assert len(colours) > 50  # text, not a blank page
    for wanted in (DEL_BACKGROUND, INS_BACKGROUND):  # the <del>/<ins> styles applied
        assert any(max(abs(a - b) for a, b in zip(c, wanted, strict=True)) <= 2 for c in colours)


def test_prints_on_a4(page: Path, tmp_path: Path) -> None:
    pdf = print_pdf(page, tmp_path / "x.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes
    for width, height in boxes:  # A4 is 595 x 842 points
        assert (round(float(width)), round(float(height))) == (595, 842)
