"""The direktion's summary (``render_board``): Markdown content, HTML in headless Chromium
(tablet screenshot, DOM, print, axe-core), Word in LibreOffice, and reproducible bytes."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from styrdok.cli import main
from styrdok.reports.board import HEADINGS, TITLE, Format, render_board
from styrdok.reports.board_chart import BACKGROUND, COLOURS, ON_FILL, contrast
from styrdok.reports.board_notes import main_changes, message_items, swedish_dates, without_label
from styrdok.reports.compilation import Agreement, ForbundPosition, compile_round
from styrdok.store.git import GitRepo
from styrdok.store.settings import Settings, load_settings
from tests.browser import dump_dom, print_pdf, read_png, requires_chromium, screenshot
from tests.conftest import PROJECT, SMALL_NEW, SMALL_OLD, Repo, git
from tests.libreoffice import LibreOffice, pdf_to_pngs, png_is_blank
from tests.processes import bytes_in_two_processes, styrdok_output

BOARD_DAY = dt.date(2024, 6, 13)
TEMPLATE = PROJECT / "templates" / "direktion.html.j2"


def board(repo: Repo, fmt: Format, round_id: str = "r2024", day: dt.date = BOARD_DAY) -> bytes:
    git_repo = GitRepo.find(repo.root)
    compilation = compile_round(git_repo, round_id, day)
    return render_board(compilation, fmt, load_settings(repo.root), git_repo, day)


def keep(path: Path) -> Path:
    """Copy an artefact into $STYRDOK_ARTEFACTS, when set, to look at by hand."""
    folder = os.environ.get("STYRDOK_ARTEFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)
    return path


@pytest.fixture
def md(answered: Repo) -> str:
    return board(answered, "md").decode("utf-8")


@pytest.fixture
def page(answered: Repo, tmp_path: Path) -> Path:
    out = tmp_path / "direktion.html"
    out.write_bytes(board(answered, "html"))
    return keep(out)


# --- the main changes from commit messages ----------------------------------------------


@pytest.mark.parametrize(
    ("message", "items"),
    [
        ("Säte flyttas till Linköping", ["Säte flyttas till Linköping"]),
        ("Merge branch 'sate' into main", []),
        ("Merge pull request #4 from kansli/sate", []),
        ("fixup! Säte flyttas", ["Säte flyttas"]),
        ("docs(forbundsordning): Ny 7 a §", ["Ny 7 a §"]),
        (
            "Ändamål\n\n- utvidgas med\n  digitalisering\n- ny punkt om\ninformationssäkerhet",
            ["Ändamål", "utvidgas med digitalisering", "ny punkt om informationssäkerhet"],
        ),
        (
            "Säte\n\nKansliet ligger i Linköping sedan 2019,\nså sätet följer med.\n\n"
            "Signed-off-by: Kansliet <kansli@itsam.example>",
            ["Säte", "Kansliet ligger i Linköping sedan 2019, så sätet följer med."],
        ),
        ("Rubrik\n\n(cherry picked from commit 0123abc)", ["Rubrik"]),
    ],
)
def test_message_items(message: str, items: list[str]) -> None:
    assert message_items(message) == items


def test_main_changes_are_sentences_once_each_without_version_labels() -> None:
    messages = [
        "Remissversion 2024",
        "säte flyttas till Linköping den 2024-02-23",
        "Merge branch 'x'",
        "Säte flyttas till Linköping den 2024-02-23.",
        "WIP",
    ]
    assert main_changes(messages, ("remissversion 2024", None)) == [
        "Säte flyttas till Linköping den 23 februari 2024."
    ]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Remissversion 2024", ""),
        ("remissversion 2024 av förbundsordning och reglemente", ""),
        ("Remissversion 2024 (illustrativ text)", ""),
        ("Remissversion 2024: sätet flyttas", "sätet flyttas"),
        ("Remissversion 2024 – sätet flyttas", "sätet flyttas"),
        ("Remissversionen ses över", "Remissversionen ses över"),
        ("Sätet flyttas", "Sätet flyttas"),
    ],
)
def test_without_label(item: str, expected: str) -> None:
    assert without_label(item, ["remissversion 2024", "gällande 2019"]) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Remiss 2024-02-23, beslut juni 2024", "Remiss 23 februari 2024, beslut juni 2024"),
        ("senast 2019-06-17.", "senast 17 juni 2019."),
        ("2024-02-30 finns inte", "2024-02-30 finns inte"),
    ],
)
def test_swedish_dates(text: str, expected: str) -> None:
    assert swedish_dates(text) == expected


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_has_the_four_parts_in_order(md: str) -> None:
    assert md.startswith(f"# {TITLE}\n")
    found = re.findall(r"^## (.+)$", md, re.MULTILINE)
    assert found == list(HEADINGS)
    assert "Underlag daterat 13 juni 2024." in md
    assert "2024-06-13" not in md  # dates in running text are Swedish words


def test_markdown_says_what_changes(md: str) -> None:
    assert "| Förbundsordning för Testförbundet | 2 | 0 | 0 | 0 |" in md
    assert "| Dokument | Ändrade | Nya | Upphävda | Omnumrerade |" in md
    assert "**Ändringar:** ändr. 2, 3 §§" in md
    assert "gällande 2019 → remissversion 2024 · Dnr 2024/8" in md
    # the only commit message names the version, so the sections are named instead,
    # the most disputed first (Boxholm opposes 3 §)
    assert "- Ändras: 3 § Ändamål och 2 § Säte." in md


def test_markdown_says_where_the_members_stand(md: str) -> None:
    assert (
        "Förslaget skickades på remiss den 23 februari 2024 till 6 remissinstanser med sista "
        "svarsdag 9 maj 2024. Kinda kommun har lämnat förbundet under remisstiden (medlemskapet "
        "upphörde 31 mars 2024) och räknas inte med. Av de 5 övriga har 3 svarat, varav 1 "
        "efter sista svarsdag."
    ) in md
    assert "| Svarade i tid | 2 | Boxholms kommun, Vimmerby kommun |" in md
    assert "| Svarade efter sista svarsdag | 1 | Ydre kommun |" in md
    assert "| Svar saknas | 2 | Åtvidabergs kommun, Ödeshögs kommun |" in md
    assert "| Förbundsordning för Testförbundet | 2 | 1 | 0 | 1 |" in md
    assert "Allmänna synpunkter, utan koppling till ett avsnitt, från Vimmerby kommun." in md


def test_markdown_lists_opposed_sections_and_next_steps(md: str) -> None:
    opposed = md.split("## Avsnitt som någon avstyrker")[1].split("## Vad händer nu")[0]
    assert "### 3 § Ändamål (Förbundsordning för Testförbundet)" in opposed
    assert "- **Boxholms kommun avstyrker**: Ändamålet blir för brett." in opposed
    assert "- Övriga: Ydre kommun (ingen erinran)." in opposed
    assert "2 § Säte" not in opposed
    steps = md.split("## Vad händer nu")[1]
    assert "- Direktionen beslutar om förslaget den 13 juni 2024." in steps
    assert "fullmäktige i varje medlemskommun (Boxholms kommun, Vimmerby kommun" in steps
    assert "Kinda" not in steps
    assert "anta exakt samma text" in steps


def test_the_forbunds_position_is_shown_with_the_opposed_section(answered: Repo) -> None:
    git_repo = GitRepo.find(answered.root)
    position = ForbundPosition(
        Agreement.DISAGREES, "Digitaliseringen hör till grunduppdraget.", False
    )
    compilation = compile_round(
        git_repo, "r2024", BOARD_DAY, positions={("forbundsordning", "3 §"): position}
    )
    text = render_board(
        compilation, "md", load_settings(answered.root), git_repo, BOARD_DAY
    ).decode()
    assert (
        "- Förbundets ställningstagande: instämmer inte – Digitaliseringen hör till "
        "grunduppdraget." in text
    )


@pytest.fixture
def history(repo: Repo, tmp_path: Path) -> Repo:
    """A round whose proposal was written in several commits on a branch, merged back."""
    repo.write("styrdok.yaml", (PROJECT / "styrdok.yaml").read_text(encoding="utf-8"))
    repo.write(
        "remiss/remissinstanser.yaml",
        (PROJECT / "remiss" / "remissinstanser.yaml").read_text(encoding="utf-8"),
    )
    repo.commit("Inställningar", "2019-01-01T10:00:00+01:00")
    repo.doc("forbundsordning", SMALL_OLD, "Gällande 2019", "2019-06-17T10:00:00+02:00")
    git(repo.root, "checkout", "--quiet", "-b", "revidering")
    middle = (
        SMALL_OLD.replace("Kinda kommun", "Åtvidabergs kommun")
        .replace("status: gällande", "status: utkast")
        .replace("version: gällande 2019", "version: utkast 1")
    )
    repo.doc(
        "forbundsordning",
        middle,
        "Sätet flyttas från Kinda till Åtvidaberg\n\nKinda lämnar förbundet den 2024-03-31.\n\n"
        "Signed-off-by: Kansliet <kansli@itsam.example>",
        "2024-02-01T10:00:00+01:00",
    )
    repo.doc(
        "forbundsordning",
        SMALL_NEW,
        "Ändamålet vidgas\n\n- digitalisering läggs till\n- <script>alert(1)</script> & mer",
        "2024-02-02T10:00:00+01:00",
    )
    git(repo.root, "checkout", "--quiet", "main")
    git(repo.root, "merge", "--quiet", "--no-ff", "-m", "Merge branch 'revidering'", "revidering")
    result = CliRunner().invoke(
        main,
        ["--repo", str(repo.root), "remiss", "new", "r2024", "--title", "Revidering",
         "--sent", "2024-02-23", "--deadline", "2024-05-09", "--decision-date", "2024-06-13"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return repo


def test_main_changes_come_from_the_commit_messages(history: Repo, tmp_path: Path) -> None:
    text = board(history, "md").decode("utf-8")
    changes = text.split("**Ändringar:**")[1].split("## ")[0]
    bullets = re.findall(r"^- (.+)$", changes, re.MULTILINE)
    assert bullets == [
        "Sätet flyttas från Kinda till Åtvidaberg.",
        "Kinda lämnar förbundet den 31 mars 2024.",
        "Ändamålet vidgas.",
        "Digitalisering läggs till.",
        r"\<script\>alert(1)\</script\> \& mer.",
    ]
    assert "Merge" not in text and "Signed-off-by" not in text
    assert "Inga" not in text.split("## Var medlemmarna står")[0]
    page = board(history, "html").decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer." in page
    assert "<script" not in page


# --- reproducible bytes and arguments ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_same_inputs_give_the_same_bytes(answered: Repo, fmt: Format) -> None:
    args = ("board", "r2024", "--format", fmt, "--today", BOARD_DAY.isoformat())
    data = bytes_in_two_processes(styrdok_output, str(answered.root), *args)
    assert data == board(answered, fmt)


def test_unknown_format_is_refused(answered: Repo) -> None:
    git_repo = GitRepo.find(answered.root)
    compilation = compile_round(git_repo, "r2024", BOARD_DAY)
    with pytest.raises(ValueError, match="'pdf'"):
        render_board(compilation, "pdf", Settings.default(), git_repo, BOARD_DAY)  # type: ignore[arg-type]


def test_chart_colours_meet_contrast() -> None:
    for word, colour in COLOURS.items():
        assert contrast(colour, BACKGROUND) >= 3, word  # graphics against the page
        assert contrast(colour, ON_FILL) >= 4.5, word  # the numbers written on the bars


def test_page_colour_pairs_meet_contrast() -> None:
    css = TEMPLATE.read_text(encoding="utf-8")
    fg = dict(re.findall(r"--([\w-]+)-fg:\s*(#[0-9a-f]{6})", css))
    bg = dict(re.findall(r"--([\w-]+)-bg:\s*(#[0-9a-f]{6})", css))
    assert fg and fg.keys() == bg.keys()
    for name in fg:
        assert contrast(fg[name], bg[name]) >= 4.5, name


def test_no_opposition_and_no_answers_are_said_plainly(history: Repo) -> None:
    text = board(history, "md").decode("utf-8")
    assert "Ingen remissinstans avstyrker något av de ändrade avsnitten." in text
    assert "Av de 5 övriga har ingen svarat." in text


# --- HTML in headless Chromium -------------------------------------------------------------


def rendered(page: Path) -> Any:
    return lxml_html.document_fromstring(dump_dom(page))


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


@requires_chromium
def test_browser_shows_the_headings_and_the_chart(page: Path) -> None:
    root = rendered(page)
    assert root.get("lang") == "sv"
    assert [text_of(h) for h in root.xpath("//h1")] == [TITLE]
    assert [text_of(h) for h in root.xpath("//main//h2")] == list(HEADINGS)
    assert [text_of(h) for h in root.xpath("//main//h3")] == [
        "Förbundsordning för Testförbundet",
        "3 § Ändamål · Förbundsordning för Testförbundet",
    ]
    svgs = root.xpath("//svg")
    assert len(svgs) == 1
    svg = svgs[0]
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert text_of(svg.xpath(f".//*[@id='{title_id}']")[0]).startswith("Svar och ställning")
    desc = text_of(svg.xpath(f".//*[@id='{desc_id}']")[0])
    assert "Svar: i tid 2, sent 1, saknas 2." in desc
    assert "tillstyrker 2, avstyrker 1, synpunkter 0, ingen erinran 1" in desc
    labels = [text_of(t) for t in svg.xpath(".//text")]
    assert {"I tid", "Sent", "Saknas", "2", "1"} <= set(labels)
    assert "tillstyrker 2 · avstyrker 1 · synpunkter 0 · ingen erinran 1" in labels
    assert root.xpath("//script | //link | //img | //iframe") == []


@requires_chromium
def test_tablet_screenshot_shows_the_page_and_the_bars(page: Path, tmp_path: Path) -> None:
    shot = keep(screenshot(page, tmp_path / "direktion-768.png", 768, 1600))
    png = read_png(shot)
    assert (png.width, png.height) == (768, 1600)
    colours = png.colours()
    assert len(colours) > 50  # text, not a blank page
    for word in ("i tid", "avstyrker", "synpunkter"):
        wanted = tuple(int(COLOURS[word][i : i + 2], 16) for i in (1, 3, 5))
        assert any(max(abs(a - b) for a, b in zip(c, wanted, strict=True)) <= 2 for c in colours)
    # nothing wider than the tablet: the right-most column is page background
    right = {png.pixel(png.width - 1, y)[:3] for y in range(png.height)}
    assert right == {(255, 255, 255)}


@requires_chromium
def test_prints_on_a4_in_at_most_two_pages(page: Path, tmp_path: Path) -> None:
    pdf = keep(print_pdf(page, tmp_path / "direktion-print.pdf")).read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert 1 <= len(boxes) <= 2
    for width, height in boxes:
        assert (round(float(width)), round(float(height))) == (595, 842)


def test_html_passes_axe(page: Path, tmp_path: Path) -> None:
    from tests.axe import assert_no_serious, run_axe

    violations = run_axe(page, tmp_path / "axe")
    assert_no_serious(violations)


# --- Word in LibreOffice ----------------------------------------------------------------------


def test_docx_opens_in_libreoffice_and_renders(
    answered: Repo, libreoffice: LibreOffice, tmp_path: Path
) -> None:
    docx = tmp_path / "direktion.docx"
    docx.write_bytes(board(answered, "docx"))
    keep(docx)
    shown = libreoffice.text(docx)
    headings = [(p.outline_level, p.text) for p in shown.paragraphs if p.outline_level]
    assert headings[0] == (1, TITLE)
    assert [t for level, t in headings if level == 2] == list(HEADINGS)
    joined = "\n".join(shown.texts)
    assert "Svarade efter sista svarsdag" in joined and "Ydre kommun" in joined
    assert "Boxholms kommun avstyrker: Ändamålet blir för brett." in joined
    pdf = libreoffice.convert_pdf(docx, tmp_path / "direktion-docx.pdf")
    pages = [keep(p) for p in pdf_to_pngs(keep(pdf), tmp_path / "sidor")]
    assert 1 <= len(pages) <= 2
    assert not any(png_is_blank(p) for p in pages)
