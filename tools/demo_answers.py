"""Illustrative answers to the 2024 remiss, made from the round's own packages, as
municipalities would send them; and the förbund's positions on them.

    python tools/demo_answers.py answers PAKET SVAR   # write answer files into SVAR/
    python tools/demo_answers.py positions FIL        # fill in a positions file

The texts are invented for the demo.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from docx import Document


def _form(source: Path, target: Path, rows: dict[str, tuple[str, str, str]], general: str) -> None:
    document = Document(str(source))
    for row in document.tables[0].rows[1:]:  # the förbundsordning's table
        section = row.cells[0].text.split("\n")[0]
        if section in rows:
            stance, comment, proposal = rows[section]
            row.cells[2].text = stance
            row.cells[3].text = comment
            row.cells[4].text = proposal
    document.tables[-1].rows[0].cells[0].text = general
    document.save(str(target))


def _comment_on(source: Path, target: Path, heading: str, words: str, text: str) -> None:
    """Add a Word comment on ``words`` in the first paragraph after ``heading``."""
    document = Document(str(source))
    after = False
    for paragraph in document.paragraphs:
        if heading in paragraph.text and paragraph.style.name.startswith("Heading"):
            after = True
            continue
        if after and words in paragraph.text and paragraph.runs:
            document.add_comment(paragraph.runs, text=text, author="Ödeshögs kommun", initials="ÖK")
            break
    else:
        raise SystemExit(f"hittade inte {words!r} efter {heading!r} i {source}")
    document.save(str(target))


def _letter(target: Path) -> None:
    document = Document()
    document.add_paragraph("Vimmerby kommun")
    document.add_paragraph("Yttrande över remiss om Itsams styrdokument, Dnr 2024/8")
    document.add_paragraph(
        "Kommunstyrelsen tillstyrker förslagen till förbundsordning, reglemente och "
        "Itsam-avtal. Vi har synpunkter på 19 § om budgetprocessen: tidplanen för "
        "budgetdialogen bör stämmas av med medlemmarnas egna budgetprocesser."
    )
    document.add_paragraph("Beslutat av kommunstyrelsens arbetsutskott 2024-04-30.")
    document.save(str(target))


def answers(packages: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _form(
        packages / "boxholm" / "svarsmall.docx",
        out / "boxholm-svarsmall.docx",
        {
            "2 §": ("tillstyrker", "", ""),
            "3 §": (
                "avstyrker",
                "Ändamålet blir för brett. Förbundet bör i första hand svara för IT-drift.",
                "Förbundet ska svara för gemensam IT-drift och understödja medlemmarnas "
                "digitalisering.",
            ),
            "4 §": ("synpunkter", "Krav på enhälliga beslut vid breddad verksamhet.", ""),
        },
        "Boxholms kommun välkomnar revideringen men vill att förbundets kärnuppdrag "
        "förblir IT-drift.",
    )
    _comment_on(
        packages / "odeshog" / "1-forbundsordning-andringar.docx",
        out / "odeshog-forbundsordning-kommentarer.docx",
        "Direktionens sammansättning",
        "ledamot",
        "Ödeshög föreslår att även ersättarna kallas till samtliga sammanträden.",
    )
    _form(
        packages / "ydre" / "svarsmall.docx",
        out / "ydre-svarsmall.docx",
        {"2 §": ("tillstyrker", "", ""), "3 §": ("ingen erinran", "", "")},
        "Ydre kommun har inget att erinra mot förslagen.",
    )
    _letter(out / "vimmerby-yttrande.docx")


POSITIONS = {
    "3 §": (
        "instämmer inte",
        "Förbundets ändamål ska spegla både IT-drift och stöd till digitalisering; så har "
        "direktionen beslutat hösten 2023. Formuleringen behålls.",
        "nej",
    ),
    "4 §": (
        "instämmer delvis",
        "Beslut om breddad verksamhet kräver kvalificerad majoritet enligt 12 §; "
        "enhällighet skulle ge varje medlem vetorätt.",
        "nej",
    ),
    "7 §": (
        "instämmer",
        "Ersättarna kallas till samtliga sammanträden; reglementet kompletteras.",
        "ja",
    ),
}


def positions(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["avsnitt"]:
        # the section's key names it in both versions ("6 § → 7 §"); the positions above
        # are written for the proposal's numbering
        cited = str(item["avsnitt"]).split("→")[-1].strip()
        if item["dokument"] == "forbundsordning" and cited in POSITIONS:
            position, reasoning, changed = POSITIONS[cited]
            item["ställningstagande"] = position
            item["motivering"] = reasoning
            item["förslaget ändrat"] = changed
        elif item["synpunkter"]:
            item["ställningstagande"] = "instämmer"
            item["förslaget ändrat"] = "nej"
    for item in data["allmänt"]:
        item["ställningstagande"] = "instämmer"
        item["motivering"] = "Noteras."
    lines = path.read_text(encoding="utf-8").splitlines()
    header = "".join(line + "\n" for line in lines if line.startswith("#"))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + text, encoding="utf-8")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "answers":
        answers(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "positions":
        positions(Path(sys.argv[2]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
