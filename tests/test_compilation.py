"""A registered answer whose reading cannot be read never drops out of the reports unseen:
``remiss summary``, ``board`` and ``remiss answers`` stop with one line naming the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import Repo

Cli = Callable[..., Result]
BOXHOLM = Path("remiss/r2024/instanser/boxholm")
RECORD = BOXHOLM / "svar/01-boxholm.docx.yaml"
WHAT = "styrdok: fel: svaret svar/01-boxholm.docx från Boxholms kommun kan inte läsas: "
COMMANDS = [
    ("remiss", "summary", "r2024", "--format", "md"),
    ("board", "r2024", "--format", "md"),
    ("remiss", "answers", "r2024"),
    ("remiss", "answers", "r2024", "--json"),
]


def break_record(root: Path) -> None:
    (root / RECORD).write_text("avsnitt: [\n", encoding="utf-8")


def remove_record(root: Path) -> None:
    (root / RECORD).unlink()


def not_a_reading(root: Path) -> None:
    (root / RECORD).write_text("typ: svarsmall\n", encoding="utf-8")


def unnamed_record(root: Path) -> None:
    register = root / BOXHOLM / "svar.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("innehåll: svar/01-boxholm.docx.yaml\n", ""), "utf-8")


BREAKAGES = [
    (break_record, f"{RECORD} är inte giltig YAML på rad 2 (återställ filen ur git)"),
    (remove_record, f"{RECORD} saknas (återställ filen ur git)"),
    (not_a_reading, f"{RECORD} är inte styrdoks läsning av ett svar (återställ filen ur git)"),
    (unnamed_record, f"{BOXHOLM}/svar.yaml anger ingen innehållsfil för det"),
]


@pytest.mark.parametrize(("breakage", "problem"), BREAKAGES, ids=[b.__name__ for b, _ in BREAKAGES])
def test_an_unreadable_answer_stops_every_report_naming_the_file(
    answered: Repo, cli: Cli, breakage: Callable[[Path], None], problem: str
) -> None:
    breakage(answered.root)
    for command in COMMANDS:
        result = cli(*command, "--today", "2024-06-01")
        assert result.exit_code == 1, command
        assert result.stdout == ""
        assert result.stderr == f"{WHAT}{problem}\n"


def test_the_intact_round_reports_every_answer(answered: Repo, cli: Cli) -> None:
    result = cli("remiss", "answers", "r2024", "--today", "2024-06-01")
    assert result.exit_code == 0, result.output
    for name in ("Boxholms kommun", "Ydre kommun", "Vimmerby kommun"):
        assert name in result.stdout
