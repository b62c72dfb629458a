"""The colliding case through the whole chain: in a förbundsordning with chapters the
revision repeals 2 kap. 3 § Ersättare, renumbers 2 kap. 4 § Presidium as the new 2 kap. 3 §
and adds a new 2 kap. 4 § Arvoden. Package, a form filled in LibreOffice (drop-down and
particulars), a letter and a PDF naming sections, receive, answers, positions, summary,
board, and a view placed by hand: every view lands under its own section, with chapter
labels, in every format. Records of earlier versions (citations, not keys) read the same."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from docx import Document
from lxml import html as lxml_html

from styrdok.answers.read import read_answer
from styrdok.answers.record import to_data
from styrdok.core.yamlfile import write_mapping
from styrdok.remiss.register import corrections_path
from styrdok.remiss.rounds import recipient_dir
from styrdok.word.package import custom_properties
from tests import word_fixtures as wf
from tests.conftest import PROJECT, Repo
from tests.libreoffice import LibreOffice
from tests.test_section_keys import CHAPTERS_NEW, CHAPTERS_OLD

Cli = Callable[..., Result]
FRONT_OLD = """---
titel: Förbundsordning för Kapitelförbundet
diarienummer: Dnr 2024/8
status: gällande
version: gällande 2019
gäller från: 2019-07-01
---
"""
FRONT_NEW = (
    FRONT_OLD.replace("status: gällande", "status: förslag")
    .replace("version: gällande 2019", "version: remissversion 2024")
    .replace("gäller från: 2019-07-01\n", "")
)
PRESIDIUM = "2 kap. 4 § → 2 kap. 3 §"
ERSATTARE = "2 kap. 3 § →"
ARVODEN = "→ 2 kap. 4 §"
SATE = "1 kap. 2 §"
STANCE, COMMENT = 2, 3  # form columns
DAY = "2024-06-01"
HEADERS = ("Avsnitt", "Ändring (utdrag)", "Ställningstagande", "Kommentar", "Förslag till lydelse")


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def chapters(repo: Repo, cli: Cli) -> Repo:
    """A repository with Itsam's settings and members, the chapter förbundsordning in two
    versions and a round r2024 (deadline 9 May 2024, Kristi himmelsfärdsdag)."""
    repo.write("styrdok.yaml", (PROJECT / "styrdok.yaml").read_text(encoding="utf-8"))
    repo.write(
        "remiss/remissinstanser.yaml",
        (PROJECT / "remiss" / "remissinstanser.yaml").read_text(encoding="utf-8"),
    )
    repo.commit("Inställningar", "2019-01-01T10:00:00+01:00")
    repo.doc("forbundsordning", FRONT_OLD + CHAPTERS_OLD, "Gällande", "2019-06-17T10:00:00+02:00")
    repo.doc(
        "forbundsordning", FRONT_NEW + CHAPTERS_NEW, "Remissversion", "2024-02-20T10:00:00+01:00"
    )
    ok(cli("remiss", "new", "r2024", "--title", "Revidering av förbundsordningen", "--sent",
           "2024-02-23", "--deadline", "2024-05-09", "--decision-date", "2024-06-13"))  # fmt: skip
    return repo


def form_rows(form: Path) -> dict[str, dict[str, str]]:
    """Return the form's rows by key: bookmark and citation."""
    listed = json.loads(custom_properties(form.read_bytes())["styrdok.avsnitt"])
    return {row["nyckel"]: row for row in listed}


def letter_from_boxholm(path: Path) -> Path:
    """A letter as a municipality writes it: sections named in headings and openings."""
    data = wf.docx(
        wf.p(wf.t("Boxholms kommun")),
        wf.heading("Yttrande över förslag till reviderad förbundsordning", 1),
        wf.p(wf.t("Kommunstyrelsen har behandlat remissen.")),
        wf.p(wf.t("Avseende 2 kap. 3 § Presidium: Kommunen tillstyrker förslaget.")),
        wf.p(wf.t("Avseende nuvarande 2 kap. 3 §: Vi avstyrker att ersättarna tas bort.")),
        wf.heading("2 kap. 4 § Arvoden", 2),
        wf.p(wf.t("Ingen erinran.")),
        wf.p(wf.t("Arvodena bör följa medlemmarnas nivåer.")),
        wf.heading("Övrigt", 2),
        wf.p(wf.t("Kommunen ser fram emot det fortsatta samarbetet.")),
    )
    path.write_bytes(data)
    return path


def protocol_from_vimmerby(path: Path) -> Path:
    """A protokollsutdrag as a PDF with a text layer."""
    path.write_bytes(
        wf.text_pdf(
            "Protokollsutdrag, Kommunstyrelsen i Vimmerby kommun\n"
            "Yttrande över remiss om ny förbundsordning\n"
            "Kommunstyrelsen beslutar att lämna följande yttrande över förslaget.\n"
            "Avseende 1 kap. 2 §: Kommunen avstyrker att förbundets säte flyttas\n"
            "från Kinda kommun.\n"
            "Justerare: Eva Ek"
        )
    )
    return path


@pytest.fixture
def answered(chapters: Repo, cli: Cli, tmp_path: Path, libreoffice: LibreOffice) -> Repo:
    """The round with three answers registered: Ydre's form filled in LibreOffice, Boxholm's
    letter and Vimmerby's PDF."""
    ok(cli("remiss", "package", "r2024", "-o", str(tmp_path / "paket")))
    form = tmp_path / "paket" / "ydre" / "svarsmall.docx"
    rows = form_rows(form)
    assert [(k, r["avsnitt"]) for k, r in rows.items()] == [
        (SATE, "1 kap. 2 §"),
        (ERSATTARE, "2 kap. 3 §"),
        (PRESIDIUM, "2 kap. 3 §"),
        (ARVODEN, "2 kap. 4 §"),
    ]
    mark = {key: row["bokmärke"] for key, row in rows.items()}
    filled = libreoffice.fill_form(
        form,
        tmp_path / "svar-ydre.docx",
        choices=[
            {"bookmark": mark[PRESIDIUM], "column": STANCE, "item": "avstyrker"},
            {"bookmark": mark[ERSATTARE], "column": STANCE, "item": "tillstyrker"},
            {"bookmark": mark[ARVODEN], "column": STANCE, "item": "ingen erinran"},
        ],
        cells=[
            {"bookmark": mark[PRESIDIUM], "column": COMMENT,
             "text": "Presidiet bör väljas för hela mandattiden."},
        ],
        details=[
            {"row": 0, "text": "KS 2024/31"},
            {"row": 1, "text": "Kommunstyrelsen 2024-04-22 § 57"},
        ],
    )  # fmt: skip
    letter = letter_from_boxholm(tmp_path / "yttrande-boxholm.docx")
    pdf = protocol_from_vimmerby(tmp_path / "protokoll-vimmerby.pdf")
    ok(cli("remiss", "receive", "r2024", str(filled), "--received", "2024-05-10"))
    ok(cli("remiss", "receive", "r2024", str(letter), "--from", "boxholm",
           "--received", "2024-05-06"))  # fmt: skip
    ok(cli("remiss", "receive", "r2024", str(pdf), "--from", "vimmerby",
           "--received", "2024-05-08"))  # fmt: skip
    return chapters


# What every view says, by section key: (recipient, stance, words of the comment).
EXPECTED = {
    SATE: [("vimmerby", "avstyrker", "säte flyttas")],
    ERSATTARE: [
        ("boxholm", "avstyrker", "ersättarna tas bort"),
        ("ydre", "tillstyrker", ""),
    ],
    PRESIDIUM: [
        ("boxholm", "tillstyrker", "Kommunen tillstyrker"),
        ("ydre", "avstyrker", "hela mandattiden"),
    ],
    ARVODEN: [
        ("boxholm", "ingen erinran", "medlemmarnas nivåer"),
        ("ydre", "ingen erinran", ""),
    ],
}


def test_every_view_is_under_its_own_section(answered: Repo, cli: Cli) -> None:
    data = json.loads(ok(cli("remiss", "answers", "r2024", "--json", "--today", DAY)).stdout)
    found = {
        s["nyckel"]: sorted((o["instans"], o["ställningstagande"], o["kommentar"])
                            for o in s["synpunkter"])
        for s in data["avsnitt"]
    }  # fmt: skip
    assert set(found) == set(EXPECTED)
    for key, expected in EXPECTED.items():
        assert [(who, stance) for who, stance, _c in found[key]] == [
            (who, stance) for who, stance, _w in expected
        ], key
        for (_who, _stance, comment), (_w, _s, words) in zip(found[key], expected, strict=True):
            assert words in comment, (key, comment)
    assert [(s["nyckel"], s["avsnitt"], s["ändring"]) for s in data["avsnitt"]] == [
        (SATE, "1 kap. 2 §", ""),
        (ERSATTARE, "2 kap. 3 §", "upphävs"),
        (PRESIDIUM, "2 kap. 3 §", "ny numrering (tidigare 2 kap. 4 §)"),
        (ARVODEN, "2 kap. 4 §", "ny"),
    ]
    # what names no section stays general: the runs of text between the views
    assert [(g["instans"], g["text"]) for g in data["allmänt"]] == [
        ("boxholm", "Boxholms kommun\nYttrande över förslag till reviderad förbundsordning\n"
         "Kommunstyrelsen har behandlat remissen."),
        ("boxholm", "Övrigt\nKommunen ser fram emot det fortsatta samarbetet."),
        ("vimmerby", "Protokollsutdrag, Kommunstyrelsen i Vimmerby kommun\n"
         "Yttrande över remiss om ny förbundsordning\n"
         "Kommunstyrelsen beslutar att lämna följande yttrande över förslaget."),
        ("vimmerby", "Justerare: Eva Ek"),
    ]  # fmt: skip
    text = ok(cli("remiss", "answers", "r2024", "--today", DAY)).stdout
    assert "forbundsordning 2 kap. 3 § Presidium – ny numrering (tidigare 2 kap. 4 §)\n" in text
    assert "forbundsordning 2 kap. 3 § Ersättare – upphävs\n" in text


def test_the_form_is_read_exactly_with_its_particulars(answered: Repo) -> None:
    folder = recipient_dir(answered.root, "r2024", "ydre") / "svar"
    (path,) = folder.glob("*svar-ydre.docx.yaml")  # named by arrival date and digest
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [(v["avsnitt"], v["ställningstagande"], v["kommentar"]) for v in record["avsnitt"]] == [
        (ERSATTARE, "tillstyrker", ""),
        (PRESIDIUM, "avstyrker", "Presidiet bör väljas för hela mandattiden."),
        (ARVODEN, "ingen erinran", ""),
    ]
    assert record["uppgifter"] == [
        {"rubrik": "Ert diarienummer", "värde": "KS 2024/31"},
        {"rubrik": "Beslut", "värde": "Kommunstyrelsen 2024-04-22 § 57"},
    ]
    assert record["allmänt"] == []  # the placeholder of an unchosen drop-down is no view


def test_positions_are_tied_to_keys(answered: Repo, cli: Cli) -> None:
    ok(cli("remiss", "positions", "r2024", "--today", DAY))
    path = answered.root / "remiss" / "r2024" / "stallningstaganden.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [(s["avsnitt"], s["rubrik"], sorted(o["instans"] for o in s["synpunkter"]))
            for s in data["avsnitt"]] == [
        (SATE, "Säte", ["Vimmerby kommun"]),
        (ERSATTARE, "Ersättare", ["Boxholms kommun", "Ydre kommun"]),
        (PRESIDIUM, "Presidium", ["Boxholms kommun", "Ydre kommun"]),
        (ARVODEN, "Arvoden", ["Boxholms kommun", "Ydre kommun"]),
    ]  # fmt: skip
    data["avsnitt"][2].update({"ställningstagande": "instämmer inte", "motivering": "Ettårigt."})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ok(cli("remiss", "positions", "r2024", "--today", DAY))  # staff's text is kept
    again = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert again["avsnitt"][2]["motivering"] == "Ettårigt."
    assert again["avsnitt"][1]["motivering"] == ""
    board = ok(cli("board", "r2024", "--format", "md", "--today", DAY)).stdout
    presidium = board.split("### 2 kap. 3 § Presidium")[1].split("###")[0]
    assert "Förbundets ställningstagande: instämmer inte – Ettårigt." in presidium


def test_summary_in_every_format(answered: Repo, cli: Cli, tmp_path: Path) -> None:
    md = ok(cli("remiss", "summary", "r2024", "--format", "md", "--today", DAY)).stdout
    assert "#### 1 kap. Allmänt" in md and "#### 2 kap. Direktionen" in md
    sections = re.split(r"\n(?=##### )", md.split("## Synpunkter per avsnitt")[1])
    by_label = {s.splitlines()[0]: s for s in sections if s.startswith("##### ")}
    assert list(by_label) == [
        "##### 1 kap. 2 § Säte (ändrad)",
        "##### 2 kap. 3 § Ersättare (upphävd)",
        "##### 2 kap. 3 § Presidium (ny numrering: 2 kap. 4 § → 2 kap. 3 §)",
        "##### 2 kap. 4 § Arvoden (ny)",
    ]
    presidium = by_label["##### 2 kap. 3 § Presidium (ny numrering: 2 kap. 4 § → 2 kap. 3 §)"]
    assert "**Ydre kommun**: avstyrker" in presidium and "hela mandattiden" in presidium
    assert "**Boxholms kommun**: tillstyrker" in presidium
    assert "ersättarna" not in presidium
    ersattare = by_label["##### 2 kap. 3 § Ersättare (upphävd)"]
    assert "**Ydre kommun**: tillstyrker" in ersattare and "mandattiden" not in ersattare
    assert (  # Boxholm, Kinda, Vimmerby, Ydre, Åtvidaberg, Ödeshög
        "| 2 kap. 3 § Presidium | tillstyrker | inget svar | – | avstyrker | inget svar "
        "| inget svar |\n| 2 kap. 4 § Arvoden | ingen erinran | inget svar | – | ingen erinran"
    ) in md
    assert "| 2 kap. 3 § Ersättare | avstyrker | inget svar | – | tillstyrker |" in md
    assert "Kommunstyrelsen 2024-04-22 § 57, dnr KS 2024/31" in md  # the register of answers
    assert "i tid: svarsdagen var en helgdag (lag 1930:173)" in md  # Ydre on 10 May

    page = ok(cli("remiss", "summary", "r2024", "--format", "html", "--today", DAY)).stdout
    root = lxml_html.fromstring(page)
    chapter = root.xpath("//section[@class='chapter' and h4='2 kap. Direktionen']")[0]
    headings = [h.text_content().split(" (")[0] for h in chapter.xpath("./section/h5")]
    assert headings == ["2 kap. 3 § Ersättare", "2 kap. 3 § Presidium", "2 kap. 4 § Arvoden"]
    presidium = chapter.xpath("./section")[1]
    assert [n.text_content() for n in presidium.xpath(".//ul[@class='opinions']/li/p/strong")] == [
        "Boxholms kommun", "Ydre kommun"]  # fmt: skip

    out = tmp_path / "sammanstallning.docx"
    ok(cli("remiss", "summary", "r2024", "--format", "docx", "-o", str(out), "--today", DAY))
    paragraphs = [(p.style.name, p.text) for p in Document(str(out)).paragraphs]
    texts = [text for _style, text in paragraphs]
    start = texts.index("2 kap. 3 § Presidium (ny numrering: 2 kap. 4 § → 2 kap. 3 §)")
    end = texts.index("2 kap. 4 § Arvoden (ny)")
    assert paragraphs[start][0] == "Heading 5"
    assert ("Heading 4", "2 kap. Direktionen") in paragraphs
    block = "\n".join(texts[start:end])
    assert "Ydre kommun: avstyrker" in block and "Boxholms kommun: tillstyrker" in block
    assert "ersättarna" not in block


def test_board_in_every_format(answered: Repo, cli: Cli, tmp_path: Path) -> None:
    md = ok(cli("board", "r2024", "--format", "md", "--today", DAY)).stdout
    assert (
        "**Ändringar:** upph. 2 kap. 3 §; nuvarande 2 kap. 4 § betecknas 2 kap. 3 §; "
        "ändr. 1 kap. 2 §; ny 2 kap. 4 §" in md
    )
    opposed = re.findall(r"^### (.+)$", md.split("## Avsnitt som någon avstyrker")[1], re.M)
    assert opposed[:3] == [
        "1 kap. 2 § Säte (Förbundsordning för Kapitelförbundet)",
        "2 kap. 3 § Ersättare (Förbundsordning för Kapitelförbundet)",
        "2 kap. 3 § Presidium (Förbundsordning för Kapitelförbundet)",
    ]
    presidium = md.split("### 2 kap. 3 § Presidium")[1].split("##")[0]
    assert "**Ydre kommun avstyrker**: Presidiet bör väljas" in presidium
    assert "Boxholms kommun (tillstyrker)" in presidium
    ersattare = md.split("### 2 kap. 3 § Ersättare")[1].split("##")[0]
    assert "**Boxholms kommun avstyrker**" in ersattare and "Ydre kommun (tillstyrker)" in ersattare
    page = ok(cli("board", "r2024", "--format", "html", "--today", DAY)).stdout
    titles = [
        h.text_content() for h in lxml_html.fromstring(page).xpath("//div[@class='opposed']/h3")
    ]
    assert [t.split(" ·")[0] for t in titles] == [
        "1 kap. 2 § Säte", "2 kap. 3 § Ersättare", "2 kap. 3 § Presidium"]  # fmt: skip
    out = tmp_path / "direktionen.docx"
    ok(cli("board", "r2024", "--format", "docx", "-o", str(out), "--today", DAY))
    headings = [p.text for p in Document(str(out)).paragraphs if p.style.name == "Heading 3"]
    assert "2 kap. 3 § Presidium (Förbundsordning för Kapitelförbundet)" in headings


def test_a_view_placed_by_hand_stays_placed_when_the_answer_is_read_again(
    answered: Repo, cli: Cli
) -> None:
    text = ok(cli("remiss", "answers", "r2024", "boxholm", "--today", DAY)).stdout
    (general,) = re.findall(r"fortsatta samarbetet\.? \[synpunkt (\d\.\d+)\]", text)
    result = ok(cli("remiss", "place", "r2024", "boxholm", general,
                    "--section", "2 kap. 4 §", "--stance", "tillstyrker"))  # fmt: skip
    assert "ligger nu under forbundsordning 2 kap. 4 § (→ 2 kap. 4 §)" in result.stdout
    assert "ställningstagande tillstyrker" in result.stdout
    wrong = cli("remiss", "place", "r2024", "boxholm", general, "--section", "7 §")
    assert (wrong.exit_code, wrong.stderr) == (
        1, "styrdok: fel: avsnittet 7 § finns inte i forbundsordning\n")  # fmt: skip

    def arvoden() -> list[tuple[str, str, str]]:
        data = json.loads(ok(cli("remiss", "answers", "r2024", "--json", "--today", DAY)).stdout)
        (section,) = [s for s in data["avsnitt"] if s["nyckel"] == ARVODEN]
        return [
            (o["instans"], o["ställningstagande"], o["kommentar"]) for o in section["synpunkter"]
        ]

    placed = ("boxholm", "tillstyrker", "Övrigt\nKommunen ser fram emot det fortsatta samarbetet.")
    assert placed in arvoden()
    # the reading is made again from the original: the correction still applies
    folder = recipient_dir(answered.root, "r2024", "boxholm") / "svar"
    (original,) = folder.glob("*.docx")
    record = original.with_name(original.name + ".yaml")
    assert corrections_path(record).is_file()
    from styrdok.answers.receive import section_refs
    from styrdok.remiss.rounds import load_round
    from styrdok.store.git import GitRepo

    repo = GitRepo.find(answered.root)
    content = read_answer(original.read_bytes(), "docx", "Itsam kommunalförbund",
                          section_refs(repo, load_round(answered.root, "r2024")))  # fmt: skip
    record.unlink()
    write_mapping(record, to_data(content), "# läst igen")
    assert placed in arvoden()


# --- Records written by earlier versions ------------------------------------------------------

LEGACY_RECORD = """\
typ: svarsmall
omgång: r2024
mottagare: ydre
dokument: null
avsnitt:
- dokument: forbundsordning
  avsnitt: 2 kap. 3 §
  ställningstagande: avstyrker
  kommentar: Presidiet bör väljas för hela mandattiden.
  förslag till lydelse: ''
  källa: svarsmall
- dokument: forbundsordning
  avsnitt: 1 kap. 2 §
  ställningstagande: tillstyrker
  kommentar: ''
  förslag till lydelse: ''
  källa: svarsmall
allmänt: []
manuell läsning: false
"""


def test_records_of_earlier_versions_read_by_citation(chapters: Repo, cli: Cli) -> None:
    """A record and a positions file written before keys (citations: ``2 kap. 3 §``) read as
    the section the proposal cites so: Presidium, not the repealed Ersättare."""
    folder = recipient_dir(chapters.root, "r2024", "ydre")
    (folder / "svar").mkdir(parents=True)
    (folder / "svar" / "01-ydre.docx").write_bytes(b"PK")
    (folder / "svar" / "01-ydre.docx.yaml").write_text(LEGACY_RECORD, encoding="utf-8")
    (folder / "svar.yaml").write_text(
        "svar:\n- fil: svar/01-ydre.docx\n  originalnamn: ydre.docx\n  sha256: ab\n"
        "  inkom: 2024-05-06\n  sent inkommen: false\n  komplettering: false\n"
        "  typ: svarsmall\n  innehåll: svar/01-ydre.docx.yaml\n",
        encoding="utf-8",
    )
    positions = chapters.root / "remiss" / "r2024" / "stallningstaganden.yaml"
    positions.write_text(
        "omgång: r2024\navsnitt:\n- dokument: forbundsordning\n  avsnitt: 2 kap. 3 §\n"
        "  rubrik: Presidium\n  synpunkter: []\n  ställningstagande: instämmer delvis\n"
        "  motivering: Ses över.\n  förslaget ändrat: nej\nallmänt: []\n",
        encoding="utf-8",
    )
    chapters.commit("Poster från en tidigare version")
    data = json.loads(ok(cli("remiss", "answers", "r2024", "--json", "--today", DAY)).stdout)
    found = [(s["nyckel"], [o["ställningstagande"] for o in s["synpunkter"]])
             for s in data["avsnitt"]]  # fmt: skip
    assert found == [(SATE, ["tillstyrker"]), (PRESIDIUM, ["avstyrker"])]
    md = ok(cli("remiss", "summary", "r2024", "--format", "md", "--today", DAY)).stdout
    presidium = md.split("##### 2 kap. 3 § Presidium")[1].split("\n##### 2 kap. 4 §")[0]
    assert "Ställningstagande: instämmer delvis" in presidium
    ok(cli("remiss", "positions", "r2024", "--today", DAY))  # rewritten by key, text kept
    rewritten = yaml.safe_load(positions.read_text(encoding="utf-8"))
    (kept,) = [s for s in rewritten["avsnitt"] if s["motivering"]]
    assert (kept["avsnitt"], kept["ställningstagande"]) == (PRESIDIUM, "instämmer delvis")


def test_a_form_of_an_earlier_version_reads_by_citation(chapters: Repo, tmp_path: Path) -> None:
    """A form sent before keys: its property maps bookmarks to citations only."""
    from styrdok.answers.receive import section_refs
    from styrdok.remiss.rounds import load_round
    from styrdok.store.git import GitRepo

    header = wf.row(*(wf.cell(wf.p(wf.t(text))) for text in HEADERS))
    row = wf.row(
        wf.cell(wf.p(wf.bookmark(1, "styrdok_1_2_k_3_p", wf.t("2 kap. 3 §")))),
        wf.cell(wf.p(wf.t("Endast ny numrering"))),
        wf.cell(wf.p(wf.t("Avstyrker"))),
        wf.cell(wf.p(wf.t("För kort mandat."))),
        wf.cell(wf.p()),
    )
    sections = json.dumps([{"bokmärke": "styrdok_1_2_k_3_p", "dokument": "forbundsordning",
                            "avsnitt": "2 kap. 3 §"}], ensure_ascii=False)  # fmt: skip
    data = wf.docx(
        wf.table(5, header, row),
        properties=wf.ours("svarsmall", **{"styrdok.avsnitt": sections}),
    )
    refs = section_refs(GitRepo.find(chapters.root), load_round(chapters.root, "r2024"))
    (view,) = read_answer(data, "docx", "Itsam kommunalförbund", refs).views
    assert (view.section, view.stance) == (PRESIDIUM, "avstyrker")


def test_a_drop_down_filled_in_word_is_read_exactly() -> None:
    """Word writes the item chosen as the control's text and its value as w:lastValue."""
    items = "".join(
        f'<w:listItem w:displayText="{s}" w:value="{s}"/>'
        for s in ("tillstyrker", "avstyrker", "synpunkter", "ingen erinran")
    )

    def stance(chosen: str, shown: str, placeholder: bool = False) -> str:
        flag = "<w:showingPlcHdr/>" if placeholder else ""
        return wf.p(
            f'<w:sdt><w:sdtPr><w:alias w:val="Ställningstagande"/><w:tag w:val="styrdok_stance"/>'
            f'<w:id w:val="12"/>{flag}<w:dropDownList w:lastValue="{chosen}">{items}'
            f"</w:dropDownList></w:sdtPr><w:sdtContent>{wf.t(shown)}</w:sdtContent></w:sdt>"
        )

    header = wf.row(*(wf.cell(wf.p(wf.t(text))) for text in HEADERS))

    def row(mark: str, ref: str, cell: str) -> str:
        return wf.row(wf.cell(wf.p(wf.bookmark(1, mark, wf.t(ref)))), wf.cell(wf.p()),
                      wf.cell(cell), wf.cell(wf.p()), wf.cell(wf.p()))  # fmt: skip

    sections = wf.form_sections(("styrdok_1_a", "forbundsordning", "3 §"),
                                ("styrdok_1_b", "forbundsordning", "4 §"),
                                ("styrdok_1_c", "forbundsordning", "5 §"),
                                ("styrdok_1_d", "forbundsordning", "6 §"))  # fmt: skip
    typed = stance("", "Välj ställningstagande", placeholder=True).replace(
        "</w:p>", wf.t(" Avstyrks.") + "</w:p>"
    )  # typed beside a control left unchosen
    data = wf.docx(
        wf.table(5, header,
                 row("styrdok_1_a", "3 §", stance("ingen erinran", "ingen erinran")),
                 row("styrdok_1_b", "4 §", stance("", "Välj ställningstagande", placeholder=True)),
                 row("styrdok_1_c", "5 §", stance("avstyrker", "avstyrker")),
                 row("styrdok_1_d", "6 §", typed)),
        properties=wf.ours("svarsmall", **{"styrdok.avsnitt": sections}),
    )  # fmt: skip
    content = read_answer(data, "docx", "Itsam kommunalförbund")
    assert [(v.section, v.stance, v.comment) for v in content.views] == [
        ("3 §", "ingen erinran", ""),
        ("5 §", "avstyrker", ""),
        ("6 §", "avstyrker", ""),
    ]


def test_embedded_round_folder_is_untouched(tmp_path: Path) -> None:
    """The embedded repository's remiss/ folder holds no answers to convert: nothing of
    it is rewritten by reading."""
    shutil.copytree(PROJECT / "remiss", tmp_path / "remiss")
    before = {p: p.read_bytes() for p in (tmp_path / "remiss").rglob("*") if p.is_file()}
    from styrdok.remiss.rounds import load_round

    load_round(tmp_path, "styrdokument-2024")
    assert before == {p: p.read_bytes() for p in (tmp_path / "remiss").rglob("*") if p.is_file()}


# --- Comments and tracked changes in our documents ---------------------------------------------

OURS = "Itsam kommunalförbund"
THEM = "Ydre kommun"
DATE = "2024-04-12T14:03:00Z"


def indexes(repo: Repo) -> dict[str, Any]:
    from styrdok.answers.receive import section_refs
    from styrdok.remiss.rounds import load_round
    from styrdok.store.git import GitRepo

    return section_refs(GitRepo.find(repo.root), load_round(repo.root, "r2024"))


def test_comments_on_our_redline_find_the_repealed_and_the_renumbered_section(
    chapters: Repo,
) -> None:
    """A comment under the heading our redline repeals (``2 kap. 3 §`` before) and one under
    the heading it renumbers (``2 kap. 4 §`` → ``2 kap. 3 §``) are two sections."""
    gone = wf.mark("del", 90, OURS, wf.OUR_DATE)
    data = wf.docx(
        wf.heading("Förbundsordning för Kapitelförbundet", 1),
        wf.heading("2 kap. Direktionen", 1),
        wf.p(wf.delete(1, "3 § Ersättare"), style="Rubrik2", mark=gone),
        wf.p(wf.start(0), wf.delete(2, "För varje ledamot finns en ersättare."), wf.end(0),
             mark=gone),
        wf.p(wf.delete(3, "4"), wf.ins(4, "3"), wf.t(" § Presidium"), style="Rubrik2"),
        wf.p(wf.start(1), wf.t("Direktionen väljer ordförande."), wf.end(1)),
        wf.p(wf.ins(5, "4 § Arvoden"), style="Rubrik2"),
        wf.p(wf.start(2), wf.ins(6, "Arvoden beslutas av förbundsfullmäktige."), wf.end(2)),
        properties=wf.ours("andringar", "forbundsordning"),
        parts={"comments.xml": wf.comments_part(
            wf.comment(0, THEM, DATE, "Vi avstyrker."),
            wf.comment(1, THEM, DATE, "Tillstyrks."),
            wf.comment(2, THEM, DATE, "Ingen erinran."),
        )},
    )  # fmt: skip
    content = read_answer(data, "docx", OURS, indexes(chapters))
    assert [(v.section, v.stance) for v in content.views] == [
        (ERSATTARE, "avstyrker"),
        (PRESIDIUM, "tillstyrker"),
        (ARVODEN, "ingen erinran"),
    ]


def test_a_comment_in_the_comparison_table_is_tied_to_its_row(
    chapters: Repo, cli: Cli, tmp_path: Path
) -> None:
    """The comparison table's rows carry bookmarks that the property maps to keys: a
    comment on the Presidium row is not filed under the repealed 2 kap. 3 §."""
    ok(cli("remiss", "package", "r2024", "-o", str(tmp_path / "paket"), "--only", "ydre"))
    table = tmp_path / "paket" / "ydre" / "1-forbundsordning-jamforelse.docx"
    rows = json.loads(custom_properties(table.read_bytes())["styrdok.rader"])
    assert [r["nyckel"] for r in rows] == [SATE, ERSATTARE, PRESIDIUM, ARVODEN]
    document = Document(str(table))
    texts = [row.cells[0].text.split("\n")[0] for row in document.tables[0].rows]
    assert texts[:3] == ["Nuvarande lydelse", "1 kap. Allmänt", "2 § Säte"]  # chapter rows
    assert "2 kap. Direktionen" in texts
    presidium = next(
        row for row in document.tables[0].rows if row.cells[1].text.startswith("3 § Presidium")
    )
    assert "Nuvarande 2 kap. 4 § betecknas 2 kap. 3 §." in presidium.cells[1].text
    mark = next(name for name in re.findall(r'w:name="(styrdok_rad_\d+)"', presidium._tr.xml))
    assert {r["bokmärke"]: r["nyckel"] for r in rows}[mark] == PRESIDIUM
    comment_row = wf.row(
        wf.cell(wf.p(wf.bookmark(7, mark, wf.t("4 § Presidium")))),
        wf.cell(wf.p(wf.t("3 § Presidium")), wf.p(wf.start(0), wf.t("Direktionen"), wf.end(0))),
    )
    data = wf.docx(
        wf.table(2, comment_row),
        properties=wf.ours("jamforelse", "forbundsordning", **{"styrdok.rader": json.dumps(rows)}),
        parts={"comments.xml": wf.comments_part(wf.comment(0, THEM, DATE, "Avstyrks."))},
    )
    (view,) = read_answer(data, "docx", OURS, indexes(chapters)).views
    assert (view.section, view.stance) == (PRESIDIUM, "avstyrker")


def test_a_form_filled_by_a_script_keeps_the_general_box_last(
    chapters: Repo, cli: Cli, tmp_path: Path
) -> None:
    """Scripts written for earlier forms put the general views in the last table; the
    particulars stand before it, and a table of particulars whose bookmark a program lost
    is still read as particulars, not as a general view."""
    from tests.conftest import fill_form

    ok(cli("remiss", "package", "r2024", "-o", str(tmp_path / "paket"), "--only", "ydre"))
    answer = tmp_path / "ydre.docx"
    fill_form(tmp_path / "paket" / "ydre" / "svarsmall.docx", answer, {}, general="Bra förslag.")
    document = Document(str(answer))
    details = document.tables[-2]
    details.rows[0].cells[0].text = "Ert diarienummer"  # the bookmark is gone with the text
    details.rows[0].cells[1].text = "KS 2024/31"
    document.save(str(answer))
    content = read_answer(answer.read_bytes(), "docx", OURS, indexes(chapters))
    assert [g.text for g in content.general] == ["Bra förslag."]
    assert content.details == (("Ert diarienummer", "KS 2024/31"),)
