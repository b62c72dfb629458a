"""Every command has Swedish help with an example and is in the README's reference."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from styrdok.cli.commands import main

README = Path(__file__).resolve().parents[1] / "README.md"


def commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, command in group.commands.items():
        out.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            out += commands(command, f"{prefix}{name} ")
    return out


ALL = commands(main)


@pytest.mark.parametrize("command", ALL)
def test_help_is_swedish_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [*command.split(), "--help"], prog_name="styrdok")
    assert result.exit_code == 0
    assert "Användning: styrdok" in result.stdout
    assert "Exempel:" in result.stdout
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


@pytest.mark.parametrize("command", ALL)
def test_command_is_in_the_readme_reference(command: str) -> None:
    reference = README.read_text(encoding="utf-8").split("## Kommandon", 1)[1]
    assert re.search(rf"^### `styrdok {re.escape(command)}\b", reference, re.MULTILINE), command
