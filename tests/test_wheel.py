"""The wheel: built from the source, installed into a fresh virtual environment, it carries
every module and the built-in templates, and builds remiss packages for a governance
repository that has no source tree of styrdok."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import PROJECT, Repo

Cli = Callable[..., Result]
IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info")
RECIPIENTS = ["atvidaberg", "boxholm", "kinda", "odeshog", "vimmerby", "ydre"]


def build_wheel(out: Path) -> Path:
    """Return a wheel built from a copy of the source (so no build folder is left behind)."""
    source = out / "source"
    for name in ("pyproject.toml", "README.md"):
        source.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / name, source / name)
    for folder in ("src", "templates"):
        shutil.copytree(PROJECT / folder, source / folder, ignore=IGNORED)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out / "dist"),
         str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (out / "dist").glob("styrdok-*.whl")
    return wheel


def fresh_environment(folder: Path, wheel: Path) -> Path:
    """Return the bin folder of a new virtual environment with only the wheel installed in
    it; the project's dependencies are reached through a .pth file, so nothing is fetched."""
    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", "--ignore-installed", str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    dependencies = [p for p in sys.path if Path(p).name == "site-packages"]
    (Path(purelib) / "styrdok-dependencies.pth").write_text("\n".join(dependencies) + "\n")
    return folder / "bin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return the wheel and the bin folder of the fresh environment it is installed in."""
    base = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(base)
    return wheel, fresh_environment(base / "venv", wheel)


def outside_env() -> dict[str, str]:
    """Return the environment without anything that points at the source tree."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_the_wheel_holds_every_module_and_template(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {
        f"styrdok/{p.relative_to(PROJECT / 'src' / 'styrdok').as_posix()}"
        for p in (PROJECT / "src" / "styrdok").rglob("*.py")
    }
    templates = {
        f"styrdok/templates/{p.name}" for p in (PROJECT / "templates").iterdir() if p.is_file()
    }
    assert "styrdok/templates/svarsmall.docx" in templates
    assert modules | templates <= names
    assert not [n for n in names if n.startswith("templates/")]


def test_the_installed_styrdok_finds_its_templates_in_the_environment(
    installed: tuple[Path, Path],
) -> None:
    _, bin_dir = installed
    found = subprocess.run(
        [str(bin_dir / "python"), "-c",
         "from styrdok.core.templating import builtin_templates; print(builtin_templates())"],
        check=True, capture_output=True, text=True, env=outside_env(), cwd=bin_dir,
    ).stdout.strip()  # fmt: skip
    assert Path(found).is_relative_to(bin_dir.parent)
    assert (Path(found) / "base.docx").is_file()


def test_the_installed_command_builds_remiss_packages(
    installed: tuple[Path, Path], itsam: Repo, cli: Cli, tmp_path: Path
) -> None:
    _, bin_dir = installed
    assert not (itsam.root / "templates").exists()

    def styrdok(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "styrdok"), *args],
            capture_output=True, text=True, env=outside_env(), cwd=itsam.root,
        )  # fmt: skip

    new = styrdok("remiss", "new", "r2024", "--title", "Revidering av förbundsordningen",
                  "--sent", "2024-02-23", "--deadline", "2024-05-09",
                  "--decision-date", "2024-06-13")  # fmt: skip
    assert new.returncode == 0, new.stderr
    out = tmp_path / "paket"
    built = styrdok("remiss", "package", "r2024", "-o", str(out))
    assert built.returncode == 0, built.stderr
    assert built.stdout == f"Skrev 6 paket i {out}\n"
    assert sorted(p.name for p in out.glob("*.zip")) == [f"{r}.zip" for r in RECIPIENTS]
    with zipfile.ZipFile(out / "ydre.zip") as archive:
        assert {"missiv.docx", "svarsmall.docx"} <= set(archive.namelist())
    # the same packages as the source tree builds
    here = tmp_path / "har"
    assert cli("remiss", "package", "r2024", "-o", str(here)).exit_code == 0
    for rid in RECIPIENTS:
        assert (out / f"{rid}.zip").read_bytes() == (here / f"{rid}.zip").read_bytes(), rid
