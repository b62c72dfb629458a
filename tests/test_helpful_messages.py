"""Messages that help, each with its exact text: an unknown version lists the known ones,
``show --at`` before the first version says which is the earliest, ``check`` says where a
cited section went, ``log`` shows when each version is in force from; results on standard
output, warnings and errors on standard error; counts in Swedish number agreement."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from styrdok.core.plural import count
from styrdok.remiss.status import AnswerState
from tests.conftest import Repo

Cli = Callable[..., Result]
REGLEMENTE = """\
---
titel: Reglemente
status: gällande
version: gällande 2019
gäller från: 2019-07-01
---
# Reglemente

## 1 § Uppgifter

Direktionen leder förbundet.

## 2 § Ordförande

Ordföranden leder sammanträdena.

## 3 § Sammanträden

Direktionen sammanträder fyra gånger om året.

## 4 § Kallelse

Kallelse sker senast sju dagar före.

## 5 § Extra sammanträde

Kallelse sker enligt 4 §. Protokoll förs enligt 6 §.

## 6 § Protokoll

Protokoll förs vid varje sammanträde.
"""
# 2 § is repealed: 3–6 §§ become 2–5 §§; 5 § (now 4 §) keeps citing 4 § and 6 §.
PROPOSAL = (
    REGLEMENTE.replace("status: gällande", "status: förslag")
    .replace("version: gällande 2019", "version: remissversion 2024")
    .replace("gäller från: 2019-07-01\n", "")
    .replace("## 2 § Ordförande\n\nOrdföranden leder sammanträdena.\n\n", "")
    .replace("## 3 § Sammanträden", "## 2 § Sammanträden")
    .replace("## 4 § Kallelse", "## 3 § Kallelse")
    .replace("## 5 § Extra", "## 4 § Extra")
    .replace("## 6 § Protokoll", "## 5 § Protokoll")
)


@pytest.fixture
def reglemente(repo: Repo) -> Repo:
    repo.doc("reglemente", REGLEMENTE, "Gällande 2019", "2019-06-17T10:00:00+02:00")
    repo.doc("reglemente", PROPOSAL, "Remissversion 2024", "2024-02-20T10:00:00+01:00")
    return repo


def test_an_unknown_version_lists_the_known_ones(reglemente: Repo, cli: Cli) -> None:
    result = cli("show", "reglemente", "gällande 2018")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "styrdok: fel: okänd revision eller version: gällande 2018 (versioner av reglemente: "
        "remissversion 2024, gällande 2019)\n"
    )


def test_a_document_without_version_names_says_so(repo: Repo, cli: Cli) -> None:
    repo.doc("avtal", "# Avtal\n\n## 1 § Parter\n\nText.\n", "Avtal")
    assert cli("diff", "avtal", "v1").stderr == (
        "styrdok: fel: okänd revision eller version: v1 (avtal har inga versionsnamn; ange en "
        "commit)\n"
    )


def test_show_at_before_the_first_version_names_the_earliest(reglemente: Repo, cli: Cli) -> None:
    result = cli("show", "reglemente", "--at", "2010-01-01")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "styrdok: fel: ingen version av reglemente gällde 2010-01-01: den tidigaste, "
        "gällande 2019, gäller från 2019-07-01\n"
    )
    assert cli("show", "reglemente", "--at", "2019-07-01").exit_code == 0


def test_check_says_where_a_cited_section_went(reglemente: Repo, cli: Cli) -> None:
    result = cli("check", "reglemente")
    assert result.exit_code == 1
    assert result.stdout == (
        "docs/reglemente.md: 4 §: hänvisning till 6 § som inte finns (6 § är numera 5 §)\n"
    )
    assert result.stderr == "1 problem hittades\n"


def test_check_says_when_a_cited_section_was_repealed(reglemente: Repo, cli: Cli) -> None:
    repealed = PROPOSAL.replace(
        "## 5 § Protokoll\n\nProtokoll förs vid varje sammanträde.\n", ""
    ).replace("Kallelse sker enligt 4 §.", "Kallelse sker enligt 3 §. Se även 7 §.")
    reglemente.write("docs/reglemente.md", repealed)
    assert cli("check", "reglemente").stdout == (
        "docs/reglemente.md: 4 §: hänvisning till 7 § som inte finns\n"
        "docs/reglemente.md: 4 §: hänvisning till 6 § som inte finns (6 § har tagits bort)\n"
    )


def test_log_shows_when_each_version_is_in_force(reglemente: Repo, cli: Cli) -> None:
    result = cli("log", "reglemente")
    assert result.exit_code == 0 and result.stderr == ""
    lines = [line.split("  ") for line in result.stdout.splitlines()]
    assert [line[:4] for line in lines] == [
        ["2024-02-20", "remissversion 2024", "förslag", lines[0][3]],
        ["2019-06-17", "gällande 2019", "gällande", "gäller från 2019-07-01"],
    ]
    assert lines[0][4] == "Remissversion 2024"


@pytest.mark.parametrize(
    ("n", "one", "many", "text"),
    [
        (1, "synpunkt", "synpunkter", "1 synpunkt"),
        (0, "synpunkt", "synpunkter", "0 synpunkter"),
        (1, "allmän synpunkt", "allmänna synpunkter", "1 allmän synpunkt"),
        (2, "allmän synpunkt", "allmänna synpunkter", "2 allmänna synpunkter"),
        (1, "remissinstans", "remissinstanser", "1 remissinstans"),
    ],
)
def test_number_agreement(n: int, one: str, many: str, text: str) -> None:
    assert count(n, one, many) == text


def test_answer_states_agree_with_their_counts() -> None:
    assert AnswerState.OVERDUE.counted(3) == "3 försenade"
    assert AnswerState.OVERDUE.counted(1) == "1 försenad"
    assert AnswerState.ANSWERED_LATE.counted(2) == "2 besvarade sent"
    assert AnswerState.WAITING.counted(4) == "4 väntar"


def test_the_round_summary_line_agrees(itsam: Repo, cli: Cli) -> None:
    cli("remiss", "new", "r1", "--title", "T", "--sent", "2024-02-23", "--deadline", "2024-05-09",
        "--recipients", "ydre")  # fmt: skip
    created = cli("remiss", "new", "r2", "--title", "T", "--sent", "2024-02-23",
                  "--deadline", "2024-05-09", "--recipients", "ydre")  # fmt: skip
    assert created.stdout == (
        "Skapade remiss r2: 1 dokument, 1 remissinstans, sista svarsdag 9 maj 2024\n"
    )
    status = cli("remiss", "status", "r1", "--today", "2024-05-13")
    assert status.stdout.splitlines()[-1] == (
        "Summa: 0 besvarade, 0 besvarade sent, 1 försenad, 0 väntar"
    )
    assert status.stderr == ""
