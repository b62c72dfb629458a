"""`styrdok check`: exit status and the exact lines it prints."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from click.testing import Result

from styrdok.text.check import check_document
from styrdok.text.markdown import parse

if TYPE_CHECKING:  # the fixture's class; only for annotations
    from tests.conftest import Repo

CLEAN = """\
---
titel: Förbundsordning
---

# Förbundsordning

## 1 § Namn

Förbundets namn är Itsam. Ändamålet anges i 2 §.

## 2 § Ändamål

Förbundsordningen ska ange det som 9 kap. 6 § kommunallagen (2017:725) kräver.
"""

BROKEN = """\
# Direktionens reglemente

## 1 § Sammanträden

Kallelse skickas enligt 4 §.

## 2 § Ordförande

## 2 § Ersättare
"""


def test_clean_document(repo: Repo, cli: Callable[..., Result]) -> None:
    repo.doc("forbundsordning", CLEAN, "Förbundsordning")
    result = cli("check", "forbundsordning")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Inga problem i 1 dokument\n"


def test_broken_document(repo: Repo, cli: Callable[..., Result]) -> None:
    repo.doc("reglemente", BROKEN, "Reglemente")
    result = cli("check", "reglemente")
    assert result.exit_code == 1
    assert result.stdout == (
        "docs/reglemente.md: nummer 2 § förekommer två gånger\n"
        "docs/reglemente.md: 1 §: hänvisning till 4 § som inte finns\n"
    )
    assert result.stderr == "2 problem hittades\n"
    library = [f"docs/reglemente.md: {p}" for p in check_document(parse(BROKEN))]
    assert result.stdout.splitlines() == library


def test_every_document_is_checked(repo: Repo, cli: Callable[..., Result]) -> None:
    repo.doc("forbundsordning", CLEAN, "Förbundsordning")
    repo.doc("reglemente", BROKEN, "Reglemente")
    result = cli("check")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "docs/reglemente.md",
        "docs/reglemente.md",
    ]


def test_the_working_copy_is_checked(repo: Repo, cli: Callable[..., Result]) -> None:
    repo.doc("reglemente", BROKEN, "Reglemente")
    repo.write("docs/reglemente.md", CLEAN)  # fixed but not yet committed
    result = cli("check", "reglemente")
    assert result.exit_code == 0
    assert result.stderr == "Inga problem i 1 dokument\n"
