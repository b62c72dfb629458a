"""The text after the remiss: the diff from the remiss version, and the summary and the
board flagging where "förslaget ändrat: ja/nej" disagrees with the text; after the
decision the board shows the decision and each member's adoption."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from docx import Document

from tests.conftest import SMALL_NEW, Repo
from tests.extracts import adoption_lines, extract_pdf

Cli = Callable[..., Result]
FINAL = "direktionens förslag juni 2024"
FINAL_TEXT = SMALL_NEW.replace(
    "version: remissversion 2024", f"version: {FINAL}\ngäller från: 2025-01-01"
).replace("gemensam IT-verksamhet och", "gemensam IT-drift och")


@pytest.fixture
def revised(answered: Repo, cli: Cli) -> Repo:
    """The answered round with positions (2 §: ändrat ja; 3 §: ändrat nej) and the
    direktion's proposal, which changes 3 § and leaves 2 § as it was."""
    assert cli("remiss", "positions", "r2024", "--today", "2024-06-01").exit_code == 0
    path = answered.root / "remiss" / "r2024" / "stallningstaganden.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = {"2 §": "ja", "3 §": "nej"}
    for item in data["avsnitt"]:
        item["ställningstagande"] = "instämmer"
        item["förslaget ändrat"] = changed[item["avsnitt"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    answered.commit("Ställningstaganden")
    answered.doc("forbundsordning", FINAL_TEXT, "Direktionens förslag", "2024-06-03T10:00:00+02:00")
    return answered


FLAGS = [
    "Avvikelse – 2 § (Säte): ställningstagandet säger att förslaget har ändrats, men texten "
    f"i {FINAL} är densamma som i remissversion 2024.",
    "Avvikelse – 3 § (Ändamål): ställningstagandet säger att förslaget inte har ändrats, men "
    f"3 § skiljer sig i {FINAL} från remissversion 2024.",
]


def test_diff_from_the_remiss_version_shows_what_the_answers_changed(
    revised: Repo, cli: Cli
) -> None:
    result = cli("diff", "forbundsordning", "remissversion 2024", FINAL, "--format", "md")
    assert result.exit_code == 0
    assert "ändr. 3 §" in result.stdout
    assert "IT-~~verksamhet~~**drift**" in result.stdout


def test_the_summary_flags_each_disagreement(revised: Repo, cli: Cli) -> None:
    md = cli("remiss", "summary", "r2024", "--today", "2024-06-03").stdout
    after = md.split("\n## Förslaget efter remissen\n", 1)[1].split("\n## ", 1)[0]
    assert after.strip().splitlines() == [
        f"- Förbundsordning för Testförbundet: remissversion 2024 → {FINAL} (senast sparade "
        "version): ändr. 3 §.",
        *(f"- {flag}" for flag in FLAGS),
    ]
    html = cli("remiss", "summary", "r2024", "--today", "2024-06-03", "--format", "html").stdout
    assert '<h2 id="efter-remissen">Förslaget efter remissen</h2>' in html
    assert "3 § skiljer sig i" in html


def test_the_board_flags_each_disagreement(revised: Repo, cli: Cli, tmp_path: Path) -> None:
    md = cli("board", "r2024", "--today", "2024-06-03", "--format", "md").stdout
    after = md.split("\n## Förslaget efter remissen\n", 1)[1].split("\n## ", 1)[0]
    assert [line[2:] for line in after.strip().splitlines()][1:] == FLAGS
    out = tmp_path / "direktionen.docx"
    result = cli("board", "r2024", "--today", "2024-06-03", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Förslaget efter remissen" in text and FLAGS[1] in text


def test_no_final_text_no_section(answered: Repo, cli: Cli) -> None:
    md = cli("board", "r2024", "--today", "2024-06-03", "--format", "md").stdout
    assert "Förslaget efter remissen" not in md


def test_the_board_shows_the_decision_and_each_member(
    revised: Repo, cli: Cli, tmp_path: Path
) -> None:
    decision = tmp_path / "beslut.pdf"
    decision.write_bytes(
        extract_pdf([f"Direktionen föreslår Förbundsordning för Testförbundet, {FINAL}."])
    )
    result = cli("adoption", "decide", "r2024", "--date", "2024-06-13", "--paragraph", "§ 45",
                 "--extract", str(decision), "--adopt-by", "2024-11-30")  # fmt: skip
    assert result.exit_code == 0, result.output
    boxholm = tmp_path / "boxholm.pdf"
    boxholm.write_bytes(extract_pdf(adoption_lines("Boxholms kommun", FINAL)))
    result = cli("adoption", "adopt", "r2024", "boxholm", "--date", "2024-09-16",
                 "--paragraph", "§ 87", "--extract", str(boxholm))  # fmt: skip
    assert result.exit_code == 0, result.output
    md = cli("board", "r2024", "--today", "2024-10-01", "--format", "md").stdout
    part = md.split("\n## Beslut och antagande\n", 1)[1].split("\n## ", 1)[0]
    lines = part.strip().splitlines()
    assert lines[0] == (
        "Direktionens beslut 13 juni 2024 § 45, sista dag för antagande 30 november 2024."
    )
    assert "| Boxholms kommun | antagen 2024-09-16 § 87 |" in lines
    assert "| Kinda kommun | berörs inte (medlemskapet upphörde 2024-03-31) |" in lines
    assert "| Ydre kommun | saknas |" in lines
    assert lines[-1].startswith(
        "- Förbundsordning för Testförbundet har inte trätt i kraft: väntar på antagande av "
        "samma text: Vimmerby kommun (saknas)"
    )
    steps = md.split("\n## Vad händer nu\n", 1)[1]
    assert "Direktionens beslut 13 juni 2024 § 45" in steps
    assert "kansliet påminner Vimmerby kommun, Ydre kommun" in steps
    html = cli("board", "r2024", "--today", "2024-10-01", "--format", "html").stdout
    assert '<h2 id="beslut-och-antagande">Beslut och antagande</h2>' in html
    assert "<td>antagen 2024-09-16 § 87</td>" in html


def test_the_board_after_the_decision_passes_axe(revised: Repo, cli: Cli, tmp_path: Path) -> None:
    from tests.axe import assert_no_serious, run_axe

    decision = tmp_path / "beslut.pdf"
    decision.write_bytes(extract_pdf([f"Förbundsordning för Testförbundet, {FINAL}."]))
    result = cli("adoption", "decide", "r2024", "--date", "2024-06-13", "--paragraph", "§ 45",
                 "--extract", str(decision), "--adopt-by", "2024-11-30")  # fmt: skip
    assert result.exit_code == 0, result.output
    page = tmp_path / "direktionen.html"
    result = cli("board", "r2024", "--today", "2024-10-01", "--format", "html", "-o", str(page))
    assert result.exit_code == 0
    assert_no_serious(run_axe(page, tmp_path / "axe"))
