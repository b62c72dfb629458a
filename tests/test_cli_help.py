"""Every command has Swedish help with an example that works on the embedded Itsam
repository, and is in the README's reference."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from styrdok.cli import main
from tests.conftest import PROJECT, fill_form, git
from tests.extracts import adoption_lines, extract_pdf, sign
from tests.hostile_files import text_pdf

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        out.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            out += commands(command, f"{prefix}{name} ")
    return out


ALL = commands(main)


def help_text(command: str) -> str:
    result = CliRunner().invoke(main, [*command.split(), "--help"], prog_name="styrdok")
    assert result.exit_code == 0, result.output
    return result.stdout


def examples(command: str) -> list[list[str]]:
    """Return the example command lines in a command's help, as arguments after styrdok."""
    section = help_text(command).split("Exempel:\n", 1)[1].split("\n\n", 1)[0]
    joined = re.sub(r"\\\n\s*", " ", section)
    return [shlex.split(line)[1:] for line in joined.splitlines() if line.strip()]


@pytest.mark.parametrize("command", ALL)
def test_help_is_swedish_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [*command.split(), "--help"], prog_name="styrdok")
    assert result.exit_code == 0
    assert "Användning: styrdok" in result.stdout
    assert "Exempel:" in result.stdout
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout
    assert examples(command), command
    assert all(example[: len(command.split())] == command.split() for example in examples(command))


def command_lines(text: str) -> list[list[str]]:
    """Return the ``styrdok …`` lines in ``text`` (continued lines joined), as arguments."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [
        shlex.split(line)[1:] for line in joined.splitlines() if line.startswith("    styrdok ")
    ]


@pytest.mark.parametrize("command", ALL)
def test_command_is_in_the_readme_reference(command: str) -> None:
    reference = README.read_text(encoding="utf-8").split("## Kommandon", 1)[1]
    assert re.search(rf"^### `styrdok {re.escape(command)}\b", reference, re.MULTILINE), command


@pytest.mark.parametrize("command", ["", *ALL])
def test_the_readme_shows_the_help_examples(command: str) -> None:
    reference = README.read_text(encoding="utf-8").split("## Kommandon", 1)[1]
    reference = reference.split("\n## ", 1)[0]
    if command:
        heading = re.compile(rf"^### `styrdok {re.escape(command)}`\n", re.MULTILINE)
        reference = heading.split(reference)[1]
    section = reference.split("\n### ", 1)[0]
    shown = command_lines(section)
    assert [e for e in examples(command) if e not in shown] == []


def answers_arrive(clone: Path) -> None:
    """Put the files the receive examples name where a registrar would save them: Ydre's
    filled-in response form (from the package example) and a PDF letter from Boxholm."""
    fill_form(
        clone / "paket" / "ydre" / "svarsmall.docx",
        clone / "svar-ydre.docx",
        {"2 §": ("tillstyrker", ""), "3 §": ("avstyrker", "Ändamålet blir för brett.")},
    )
    (clone / "yttrande.pdf").write_bytes(text_pdf())


def extracts_arrive(clone: Path) -> None:
    """Put the protokollsutdrag the adoption examples name in place: the direktion's,
    e-signed, and Boxholm's fullmäktige's."""
    decided = "Direktionen beslutar att föreslå medlemmarna att anta Förbundsordning för Itsam"
    lines = ["Direktionen, protokollsutdrag 2024-06-13 § 45", f"{decided}, remissversion 2024."]
    (clone / "protokollsutdrag.pdf").write_bytes(sign(extract_pdf(lines)))
    boxholm = adoption_lines("Boxholms kommun", "remissversion 2024")
    (clone / "utdrag-boxholm.pdf").write_bytes(extract_pdf(boxholm))
    from docx import Document

    vimmerby = Document()
    for line in adoption_lines("Vimmerby kommun", "remissversion 2024", "§ 112"):
        vimmerby.add_paragraph(line)
    vimmerby.save(str(clone / "utdrag-vimmerby.docx"))


def server_ready(clone: Path) -> None:
    """Create the empty repository on the kansli's server that the init example names."""
    bare = clone.parent / "server" / "styrdokument.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(bare)],
                   check=True)  # fmt: skip


def shared(clone: Path) -> None:
    """Point the clone at a server of its own (a bare copy), never at this repository."""
    bare = clone.parent / "server" / "itsam.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(clone), str(bare)], check=True)
    git(clone, "remote", "set-url", "origin", str(bare))


BEFORE: dict[str, Callable[[Path], None]] = {
    "init": server_ready,
    "remiss receive": answers_arrive,
    "adoption": extracts_arrive,
    "sync": shared,
}


def test_every_example_works_on_the_embedded_repository(
    tmp_path: Path, chdir: Callable[[Path], None]
) -> None:
    """Run the examples of every help text, in the order of the commands, in a clone of
    this repository (the embedded Itsam example): each one ends with status 0."""
    if shutil.which("git") is None or not (PROJECT / ".git").exists():
        pytest.skip("the embedded example needs this repository's git history")
    if git(PROJECT, "rev-parse", "--is-shallow-repository").strip() == "true":
        pytest.skip("a shallow clone lacks the versions of 2019 (git fetch --unshallow)")
    clone = tmp_path / "itsam"
    subprocess.run(["git", "clone", "--quiet", str(PROJECT), str(clone)], check=True)
    chdir(clone)
    ran = 0
    for command in ["", *ALL]:
        if command in BEFORE:
            BEFORE[command](clone)
        for args in examples(command):
            result = CliRunner().invoke(main, args, prog_name="styrdok")
            assert result.exit_code == 0, f"styrdok {shlex.join(args)}\n{result.output}"
            ran += 1
    assert ran >= 2 * len(ALL)
