"""A registered answer whose reading cannot be read never drops out of the reports unseen:
``remiss summary``, ``board`` and ``remiss answers`` stop with one line naming the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from styrdok.remiss.register import Answer, registered
from tests.conftest import Repo

Cli = Callable[..., Result]
BOXHOLM = Path("remiss/r2024/instanser/boxholm")
WHAT = "styrdok: fel: svaret {file} från Boxholms kommun kan inte läsas: "
COMMANDS = [
    ("remiss", "summary", "r2024", "--format", "md"),
    ("board", "r2024", "--format", "md"),
    ("remiss", "answers", "r2024"),
    ("remiss", "answers", "r2024", "--json"),
]


def boxholm(root: Path) -> Answer:
    (answer,) = registered(root, "r2024", "boxholm")
    return answer


def break_record(root: Path, answer: Answer) -> None:
    (root / BOXHOLM / answer.record).write_text("avsnitt: [\n", encoding="utf-8")


def remove_record(root: Path, answer: Answer) -> None:
    (root / BOXHOLM / answer.record).unlink()


def not_a_reading(root: Path, answer: Answer) -> None:
    (root / BOXHOLM / answer.record).write_text("typ: svarsmall\n", encoding="utf-8")


def unnamed_record(root: Path, answer: Answer) -> None:
    entry = root / BOXHOLM / answer.entry
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace(f"innehåll: {answer.record}\n", ""), "utf-8")


BREAKAGES = [
    (break_record, "{record} är inte giltig YAML på rad 2 (återställ filen ur git)"),
    (remove_record, "{record} saknas (återställ filen ur git)"),
    (not_a_reading, "{record} är inte styrdoks läsning av ett svar (återställ filen ur git)"),
    (unnamed_record, "{entry} anger ingen innehållsfil för det"),
]


@pytest.mark.parametrize(("breakage", "problem"), BREAKAGES, ids=[b.__name__ for b, _ in BREAKAGES])
def test_an_unreadable_answer_stops_every_report_naming_the_file(
    answered: Repo, cli: Cli, breakage: Callable[[Path, Answer], None], problem: str
) -> None:
    answer = boxholm(answered.root)
    breakage(answered.root, answer)
    where = {"record": BOXHOLM / answer.record, "entry": BOXHOLM / answer.entry}
    for command in COMMANDS:
        result = cli(*command, "--today", "2024-06-01")
        assert result.exit_code == 1, command
        assert result.stdout == ""
        assert result.stderr == WHAT.format(file=answer.file) + problem.format(**where) + "\n"


def test_the_intact_round_reports_every_answer(answered: Repo, cli: Cli) -> None:
    result = cli("remiss", "answers", "r2024", "--today", "2024-06-01")
    assert result.exit_code == 0, result.output
    for name in ("Boxholms kommun", "Ydre kommun", "Vimmerby kommun"):
        assert name in result.stdout
