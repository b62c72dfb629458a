"""styrdok starts without its heavy libraries and runs as ``python -m styrdok``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

import styrdok
import styrdok.cli

HEAVY = ("docx", "lxml", "git", "jinja2", "diff_match_patch", "pypdf")
SRC = Path(styrdok.__file__).resolve().parents[1]

PROBE = """
import json, sys
import click
import styrdok.cli

def loaded():
    return sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))

def commands(group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))

after_import = loaded()
for args in [(), *commands(styrdok.cli.main)]:
    try:
        styrdok.cli.main([*args, "--help"], prog_name="styrdok")
    except SystemExit as done:
        assert done.code == 0, (args, done.code)
print(json.dumps({"import": after_import, "help": loaded()}))
"""


def python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run this Python with styrdok's source on the path, in ``cwd``."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_help_loads_no_heavy_library(tmp_path: Path) -> None:
    done = python("-c", f"HEAVY = {HEAVY!r}\n{PROBE}", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"import": [], "help": []}


def test_python_m_styrdok_prints_the_version(tmp_path: Path) -> None:
    done = python("-m", "styrdok", "--version", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"styrdok, version {styrdok.__version__}\n",
        "",
    )


def test_python_m_styrdok_reports_a_user_error_in_one_line(tmp_path: Path) -> None:
    done = python("-m", "styrdok", "--repo", str(tmp_path), "log", "forbundsordning", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"styrdok: fel: {tmp_path} ligger inte i ett git-arkiv (skapa ett med 'styrdok init')\n"
    )


def test_lazy_command_table_matches_the_commands() -> None:
    """``styrdok --help`` lists the commands from a table without importing their modules;
    each entry names the command and holds the first paragraph of its help."""
    from styrdok.cli.app import COMMANDS

    ctx = click.Context(styrdok.cli.main)
    for name, (_module, _attribute, summary) in COMMANDS.items():
        command = styrdok.cli.main.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.help is not None
        assert " ".join(command.help.partition("\n\n")[0].split()) == summary, name
    assert styrdok.cli.main.list_commands(ctx) == list(COMMANDS)


def test_help_imports_no_command_module(tmp_path: Path) -> None:
    probe = (
        "import sys, styrdok.cli\n"
        "try:\n    styrdok.cli.main(['--help'], prog_name='styrdok')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('styrdok.cli.')))"
    )
    done = python("-c", probe, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.splitlines()[-1]
    modules = [
        "styrdok.cli.app",
        "styrdok.cli.messages",
        "styrdok.cli.options",
        "styrdok.cli.output",
    ]
    assert loaded == repr(modules)
