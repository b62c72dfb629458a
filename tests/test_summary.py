"""The remissammanställning (``styrdok remiss summary``) of the answered round r2024: Markdown
content, HTML in headless Chromium with axe-core, Word in LibreOffice, reproducible bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html

from styrdok.compare.engine import compare
from styrdok.compare.worddiff import Op
from styrdok.remiss.register import registered
from styrdok.remiss.rounds import recipient_dir
from styrdok.render.markdown import side_markdown
from styrdok.reports.compilation import Compilation, compile_round
from styrdok.reports.positions import load_positions, positions_path, update_positions
from styrdok.reports.summary import Format, render_summary, wording_markdown
from styrdok.reports.summary_docx import overview_layout, summary_docx
from styrdok.reports.summary_model import STANCE_ORDER, build_summary, side_wording
from styrdok.store.git import GitRepo
from styrdok.store.settings import load_settings
from styrdok.text.markdown import parse
from tests.axe import assert_no_serious, run_axe
from tests.browser import CHROMIUM, dump_dom, read_png, screenshot
from tests.conftest import Repo
from tests.libreoffice import LibreOffice, pdf_to_pngs, png_is_blank
from tests.libreoffice import read_png as read_page
from tests.processes import bytes_in_two_processes, styrdok_output

TODAY = dt.date(2024, 6, 1)
PRINTED = dt.date(2024, 6, 3)
HEADINGS = [
    "Remissammanställning: Revidering av förbundsordningen",
    "Remissen",
    "Inkomna svar",
    "Översikt",
    "Synpunkter per avsnitt",
    "Allmänna synpunkter",
    "Bilaga: Inkomna handlingar",
]
MATRIX = [
    "| Avsnitt | Boxholms kommun | Kinda kommun | Vimmerby kommun | Ydre kommun "
    "| Åtvidabergs kommun | Ödeshögs kommun |",
    "| 2 § Säte | tillstyrker | inget svar | – | tillstyrker | inget svar | inget svar |",
    "| 3 § Ändamål | avstyrker | inget svar | – | ingen erinran | inget svar | inget svar |",
]
VIMMERBY = "Vimmerby kommun ställer sig bakom revideringen men vill se en tydligare budgetprocess."
AVSTYRKER_BAR = (0x8B, 0x00, 0x00)
TILLSTYRKER_BAR = (0x0B, 0x5D, 0x1E)


def compiled(repo: Repo) -> Compilation:
    """Return the round's compilation with the positions file as it stands."""
    sections, general = load_positions(repo.root, "r2024")
    return compile_round(GitRepo.find(repo.root), "r2024", TODAY, sections, general)


def render(repo: Repo, fmt: Format, compilation: Compilation | None = None) -> bytes:
    compilation = compilation or compiled(repo)
    return render_summary(compilation, fmt, load_settings(repo.root), repo.root, PRINTED)


@pytest.fixture
def markdown(answered: Repo) -> str:
    return render(answered, "md").decode("utf-8")


@pytest.fixture
def positioned(answered: Repo) -> Repo:
    """The answered round after ``styrdok remiss positions`` and staff's editing of the file."""
    path, sections, general = update_positions(GitRepo.find(answered.root), "r2024", TODAY)
    assert (sections, general) == (2, 1)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["avsnitt"][1].update(
        {
            "ställningstagande": "instämmer inte",
            "motivering": "Ändamålet ska omfatta digitaliseringen; det är förbundets uppdrag.",
            "förslaget ändrat": "nej",
        }
    )
    data["allmänt"][0].update(
        {"ställningstagande": "instämmer delvis", "motivering": "Budgetprocessen ses över 2025."}
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return answered


def section_of(markdown: str, heading: str) -> str:
    """Return the Markdown from ``heading`` to the next heading of the same or higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = markdown.index(f"\n{heading}\n")
    after = re.search(rf"\n#{{1,{level}}} ", markdown[start + 1 :])
    return markdown[start : start + 1 + after.start()] if after else markdown[start:]


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_has_the_parts_in_order(markdown: str) -> None:
    headings = re.findall(r"^#{1,2} (.+)$", markdown, re.MULTILINE)
    assert headings == HEADINGS
    assert markdown.splitlines()[2] == "Itsam kommunalförbund · Dnr 2024/8 · 3 juni 2024"


def test_introduction_names_round_documents_dates_and_who_answered(markdown: str) -> None:
    intro = section_of(markdown, "## Remissen") + section_of(markdown, "## Inkomna svar")
    for expected in (
        "skickade remissen ”Revidering av förbundsordningen” den 23 februari 2024 till "
        "6 remissinstanser med sista svarsdag den 9 maj 2024.",
        "Diarienummer: Dnr 2024/8.",
        "Remitterade dokument: Förbundsordning för Testförbundet (Dnr 2024/8).",
        "Förlängd svarstid: Ydre kommun (förlängd till 23 maj 2024: KS 21 maj).",
        "Direktionen ska fatta beslut i ärendet den 13 juni 2024.",
        "3 av 6 remissinstanser har svarat.",
        "Svar har kommit från Boxholms kommun (6 maj 2024), Vimmerby kommun (8 maj 2024) och "
        "Ydre kommun (24 maj 2024, inkom efter svarsdagen).",
        "Inget svar har kommit från Kinda kommun, Åtvidabergs kommun och Ödeshögs kommun.",
        "| Boxholms kommun | 2024-02-23 | 2024-05-09 | 2024-05-06 |   |",
        "| Ydre kommun | 2024-02-23 | 2024-05-23 | 2024-05-24 | inkom efter svarsdagen; "
        "förlängd till 23 maj 2024: KS 21 maj |",
        "| Kinda kommun | 2024-02-23 | 2024-05-09 | – | inget svar; "
        "medlemskapet upphörde 31 mars 2024 |",
    ):
        assert expected in intro


def test_overview_matrix_has_a_row_per_section_and_a_column_per_recipient(markdown: str) -> None:
    overview = section_of(markdown, "## Översikt").splitlines()
    start = overview.index(MATRIX[0])
    assert overview[start + 2 : start + 4] == MATRIX[1:]
    assert "– betyder att remissinstansen svarade men inte tog ställning" in "\n".join(overview)


def test_sections_show_old_and_new_wording_in_document_order(markdown: str) -> None:
    sections = section_of(markdown, "## Synpunkter per avsnitt")
    assert sections.index("#### 2 § Säte (ändrad)") < sections.index("#### 3 § Ändamål (ändrad)")
    seat = section_of(markdown, "#### 2 § Säte (ändrad)")
    assert "Nuvarande lydelse:\n\n> Förbundet har sitt säte i ~~Kinda~~ kommun." in seat
    assert "Föreslagen lydelse:\n\n> Förbundet har sitt säte i **Åtvidabergs** kommun." in seat
    purpose = section_of(markdown, "#### 3 § Ändamål (ändrad)")
    assert "> Förbundet ska svara för gemensam IT-verksamhet.\n" in purpose
    assert (
        "> Förbundet ska svara för gemensam IT-verksamhet "
        "**och understödja medlemmarnas digitalisering**." in purpose
    )


def test_views_are_quoted_as_received_with_stance_and_origin(markdown: str) -> None:
    purpose = section_of(markdown, "#### 3 § Ändamål (ändrad)")
    assert "- **Boxholms kommun**: avstyrker (svarsmallen, inkom 2024-05-06)" in purpose
    assert "  > Ändamålet blir för brett." in purpose
    assert "- **Ydre kommun**: ingen erinran (svarsmallen, inkom 2024-05-24)" in purpose
    assert "Utan synpunkt på avsnittet: Vimmerby kommun." in purpose
    assert "Inget svar: Kinda kommun, Åtvidabergs kommun och Ödeshögs kommun." in purpose
    general = section_of(markdown, "## Allmänna synpunkter")
    assert f"### Vimmerby kommun\n\n*svarsmallen, inkom 2024-05-08*\n\n> {VIMMERBY}\n" in general


def test_positions_come_from_the_positions_file(positioned: Repo) -> None:
    text = render(positioned, "md").decode("utf-8")
    purpose = section_of(text, "#### 3 § Ändamål (ändrad)")
    assert purpose.endswith(
        "##### Förbundets ställningstagande\n\n"
        "Ställningstagande: instämmer inte  \n"
        "Motivering: Ändamålet ska omfatta digitaliseringen; det är förbundets uppdrag.  \n"
        "Förslaget ändrat med anledning av synpunkterna: nej\n"
    )
    seat = section_of(text, "#### 2 § Säte (ändrad)")
    assert seat.endswith(
        "Förbundets ställningstagande\n\nFörbundet har ännu inte tagit ställning.\n"
    )
    general = section_of(text, "## Allmänna synpunkter")
    assert "Ställningstagande: instämmer delvis  \nMotivering: Budgetprocessen ses över 2025." in (
        general
    )
    assert positions_path(positioned.root, "r2024").is_file()


def test_appendix_lists_every_answer_as_registered(answered: Repo, markdown: str) -> None:
    appendix = section_of(markdown, "## Bilaga: Inkomna handlingar")
    rows = [line for line in appendix.splitlines() if line.startswith("| ") and "kommun" in line]
    expected = []
    for rid, name, day in (
        ("boxholm", "Boxholms kommun", "2024-05-06"),
        ("vimmerby", "Vimmerby kommun", "2024-05-08"),
        ("ydre", "Ydre kommun", "2024-05-24"),
    ):
        (stored,) = registered(answered.root, "r2024", rid)
        path = recipient_dir(answered.root, "r2024", rid) / stored.file
        assert path.name.startswith(f"{day}-") and path.name.endswith(f"-{rid}.docx")
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        relative = path.relative_to(answered.root).as_posix()
        expected.append(f"| {name} | {relative} | {rid}.docx | {day} | {sha} |")
    assert rows == expected


def test_text_from_answers_is_escaped(answered: Repo) -> None:
    compilation = compiled(answered)
    section = compilation.documents[0].sections[1]
    hostile = "<script>alert(1)</script> & **fet** | # rubrik"
    section.opinions[0] = dataclasses.replace(section.opinions[0], comment=hostile)
    text = render(answered, "md", compilation).decode("utf-8")
    assert r"  > \<script\>alert(1)\</script\> \& \*\*fet\*\* \| # rubrik" in text
    page = render(answered, "html", compilation).decode("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; **fet** | # rubrik" in page


@pytest.mark.parametrize(
    ("ops", "expected"),
    [
        (
            [("equal", "säte i "), ("delete", "Kinda"), ("equal", " kommun.")],
            "säte i ~~Kinda~~ kommun.",
        ),
        ([("equal", "IT"), ("insert", " och stöd"), ("equal", ".")], "IT **och stöd**."),
        ([("equal", "ord"), ("insert", ", och"), ("equal", " mer")], "**ord, och** mer"),
        ([("equal", "a (b"), ("delete", "c)"), ("equal", "d e")], "a (b~~c)d~~ e"),
        # a change of spaces alone takes in the words beside it, as in the redline
        ([("equal", "x"), ("insert", "  "), ("equal", "y")], "**x  y**"),
        # punctuation after a letter takes in the letters only, as in the redline
        ([("equal", "a.b"), ("delete", ",c")], "a.~~b,c~~"),
        ([("insert", "Ny text.")], "**Ny text.**"),
        ([("equal", "a*b "), ("delete", "[c]")], r"a\*b ~~\[c\]~~"),
    ],
)
def test_marked_words(ops: list[tuple[str, str]], expected: str) -> None:
    side = "old" if any(kind == "delete" for kind, _ in ops) else "new"
    assert side_markdown([Op(kind, text) for kind, text in ops], side) == expected  # type: ignore[arg-type]


@given(
    st.sampled_from(["insert", "delete"]),
    st.lists(
        st.tuples(st.booleans(), st.text("ab .,()", min_size=1, max_size=6)),
        max_size=8,
    ),
)
def test_marked_reads_back_as_the_same_text_with_every_change_emphasised(
    kind: str, pieces: list[tuple[bool, str]]
) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    ops = [Op(kind if changed else "equal", piece) for changed, piece in pieces]  # type: ignore[arg-type]
    side = "old" if kind == "delete" else "new"
    marked = side_markdown(ops, side)
    rendered = markdown_it.MarkdownIt("commonmark").enable("strikethrough").render(marked)
    tree = lxml_html.fragment_fromstring(rendered or "<p></p>", create_parent="div")
    assert tree.text_content().split() == "".join(piece for _, piece in pieces).split()
    emphasised = " ".join(
        e.text_content() for e in tree.iter("strong" if kind == "insert" else "s")
    )
    for changed, piece in pieces:
        for word in piece.split() if changed else ():
            assert word in emphasised


LISTS_OLD = """## 3 § Ändamål

Förbundet ska svara för

1. drift av nätverk,
2. servicedesk.

## 4 § Personal

Förbundet är arbetsgivare.
"""
LISTS_NEW = """## 3 § Ändamål

Förbundet ska svara för

1. drift av nätverk,
2. servicedesk och användarstöd,
   - telefon
3. upphandling.

## 5 § Arkiv

Förbundet ansvarar för sitt arkiv.
"""


@pytest.mark.parametrize(
    ("ref", "old", "new"),
    [
        (
            "3 §",
            ["> Förbundet ska svara för", ">", "> 1. drift av nätverk,", "> 2. ~~servicedesk.~~"],
            [
                "> Förbundet ska svara för",
                ">",
                "> 1. drift av nätverk,",
                "> 2. servicedesk **och användarstöd,**",
                ">    - **telefon**",
                "> 3. **upphandling.**",
            ],
        ),
        (
            "4 §",
            ["> Rubrik: ~~4 § Personal~~", ">", "> ~~Förbundet är arbetsgivare.~~"],
            ["> *Avsnittet upphävs.*"],
        ),
        (
            "5 §",
            ["> *Avsnittet finns inte i nuvarande lydelse.*"],
            ["> Rubrik: **5 § Arkiv**", ">", "> **Förbundet ansvarar för sitt arkiv.**"],
        ),
    ],
)
def test_wording_sides_keep_lists_and_mark_only_their_own_changes(
    ref: str, old: list[str], new: list[str]
) -> None:
    change = {c.ref: c for c in compare(parse(LISTS_OLD), parse(LISTS_NEW)).changes}[ref]
    assert wording_markdown(side_wording(change, "old"), "old")[2:] == old
    assert wording_markdown(side_wording(change, "new"), "new")[2:] == new


def test_unknown_format_is_refused(answered: Repo) -> None:
    with pytest.raises(ValueError, match="format must be docx, html or md, got 'pdf'"):
        render(answered, "pdf")  # type: ignore[arg-type]


# --- reproducible and CLI ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_same_inputs_give_the_same_bytes(answered: Repo, fmt: Format) -> None:
    args = ("remiss", "summary", "r2024", "--format", fmt, "--today", PRINTED.isoformat())
    assert bytes_in_two_processes(styrdok_output, str(answered.root), *args)


def test_cli_writes_what_the_library_renders(
    answered: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "sammanstallning.html"
    result = cli("remiss", "summary", "r2024", "--format", "html", "-o", str(out),
                 "--today", PRINTED.isoformat())  # fmt: skip
    assert result.exit_code == 0, result.output
    sections, general = load_positions(answered.root, "r2024")
    compilation = compile_round(GitRepo.find(answered.root), "r2024", PRINTED, sections, general)
    assert out.read_bytes() == render_summary(
        compilation, "html", load_settings(answered.root), answered.root, PRINTED
    )


# --- HTML -------------------------------------------------------------------------------------


@pytest.fixture
def page(answered: Repo, tmp_path: Path) -> Path:
    out = tmp_path / "sammanstallning.html"
    out.write_bytes(render(answered, "html"))
    return out


def test_html_is_one_self_contained_swedish_page(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(text)
    assert tree.get("lang") == "sv"
    assert tree.findtext(".//title") == HEADINGS[0]
    for needle in ("http:", "https:", "url(", "@import", "<script", "<link", "<img"):
        assert needle not in text


def test_html_matrix_is_a_real_table_with_caption_and_scoped_headers(page: Path) -> None:
    tree = lxml_html.fromstring(page.read_bytes())
    (matrix,) = tree.xpath('//table[@class="matrix"]')
    caption = matrix.findtext("caption")
    assert caption == "Remissinstansernas ställningstaganden: Förbundsordning för Testförbundet"
    columns = [th.text_content() for th in matrix.xpath("./thead/tr/th[@scope='col']")]
    assert columns[0] == "Avsnitt" and len(columns) == 7
    rows = [
        [row.xpath("./th[@scope='row']")[0].text_content(), *row.xpath("./td/text()")]
        for row in matrix.xpath("./tbody/tr")
    ]
    assert rows == [cells.strip("| ").split(" | ") for cells in MATRIX[1:]]
    links = matrix.xpath(".//th[@scope='row']/a/@href")
    assert all(tree.xpath(f"//*[@id='{href[1:]}']") for href in links)


def require_chromium() -> None:
    """Skip without Chromium; fail when CI is set, as the LibreOffice and axe tests do."""
    if CHROMIUM is None:
        reason = "headless Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def test_chromium_shows_the_headings_and_the_chart(page: Path, tmp_path: Path) -> None:
    require_chromium()
    tree = lxml_html.fromstring(dump_dom(page))
    assert [h.text_content() for h in tree.iter("h1", "h2") if h.text_content() != "Innehåll"] == (
        HEADINGS
    )
    h5 = [h.text_content() for h in tree.iter("h5")]
    assert h5 == ["Synpunkter", "Förbundets ställningstagande"] * 2
    bars = tree.xpath("//figure[@class='chart']//*[@role='img']/@aria-label")
    assert bars == [
        "2 § Säte: 2 tillstyrker, 1 svar utan ställningstagande (–), 3 inget svar",
        "3 § Ändamål: 1 ingen erinran, 1 avstyrker, 1 svar utan ställningstagande (–), "
        "3 inget svar",
    ]
    shot = read_png(screenshot(page, tmp_path / "sammanstallning.png", 1200, 2400))
    colours = shot.colours()
    assert len(colours) > 2, "the screenshot is blank"
    assert AVSTYRKER_BAR in colours and TILLSTYRKER_BAR in colours, "the chart is not shown"


def test_axe_finds_no_serious_accessibility_problems(page: Path, tmp_path: Path) -> None:
    assert_no_serious(run_axe(page, tmp_path / "axe"))


# --- Word -------------------------------------------------------------------------------------


@pytest.fixture
def word(answered: Repo, tmp_path: Path) -> Path:
    out = tmp_path / "sammanstallning.docx"
    out.write_bytes(render(answered, "docx"))
    return out


def test_docx_has_headings_header_matrix_and_a_landscape_matrix_section(word: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT

    document: Any = docx.Document(str(word))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert headings == HEADINGS
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header == [
        "Itsam kommunalförbund\t\tDnr 2024/8 · 2024-06-03",
        "Remissammanställning: Revidering av förbundsordningen",
    ]
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    matrix = document.tables[1]
    assert [c.text for c in matrix.rows[2].cells] == MATRIX[2].strip("| ").split(" | ")
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer


def test_docx_counts_the_stances_when_the_matrix_would_take_many_landscape_parts(
    answered: Repo,
) -> None:
    import docx
    from docx.enum.section import WD_ORIENT

    settings = load_settings(answered.root)
    summary = build_summary(compiled(answered), settings, PRINTED)
    assert overview_layout(summary) == "landscape"
    copies = 12  # 72 recipients: a matrix in more parts than can be read
    summary.recipients = [f"{name} {n}" for n in range(copies) for name in summary.recipients]
    for d in summary.documents:
        for s in d.sections:
            s.cells = s.cells * copies
    assert overview_layout(summary) == "counts"
    document: Any = docx.Document(io.BytesIO(summary_docx(summary, settings, answered.root)))
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT]
    counts = document.tables[1]
    assert [c.text for c in counts.rows[0].cells] == ["Avsnitt", *STANCE_ORDER]
    sections = summary.documents[0].sections
    assert len(counts.rows) == 1 + len(sections)
    for s, row in zip(sections, counts.rows[1:], strict=True):
        texts = [c.text for c in row.cells]
        assert texts[0] == s.label
        shown = {stance: int(n) for stance, n in zip(STANCE_ORDER, texts[1:], strict=True)}
        assert {k: n for k, n in shown.items() if n} == dict(s.counts())  # as the chart
        assert sum(shown.values()) == len(summary.recipients)
    paragraphs = [p.text for p in document.paragraphs]
    assert "Tabellerna räknar remissinstanserna per ställningstagande." in " ".join(paragraphs)


def test_docx_opens_in_libreoffice_and_renders_pages(
    libreoffice: LibreOffice, word: Path, tmp_path: Path
) -> None:
    text = libreoffice.text(word)
    headings = [p.text for p in text.paragraphs if p.outline_level in (1, 2)]
    assert headings == HEADINGS
    assert "avstyrker" in [p.text for p in text.paragraphs if p.where == "table"]
    assert "Ändamålet blir för brett." in text.body
    pdf = libreoffice.convert_pdf(word, tmp_path / "sammanstallning.pdf")
    pages = pdf_to_pngs(pdf, tmp_path / "sidor")
    assert len(pages) >= 3
    assert not [page.name for page in pages if png_is_blank(page)]
    sizes = [read_page(page) for page in pages]
    assert any(image.width > image.height for image in sizes), "no landscape page"
