"""Bad input on purpose: newlines in ids, addresses and titles, alias bombs, duplicate keys,
impossible dates, symbolic links out, a FIFO, hostile templates. Each gives one Swedish
line and exit status 1 (or a warning), and nothing is written."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from styrdok.remiss.rounds import load_round
from styrdok.store.registry import load_recipients
from tests.conftest import SMALL_OLD, Repo, git, one_line_error

Cli = Callable[..., Result]
NEW = ["remiss", "new", "r2024", "--title", "Revidering", "--sent", "2024-02-23",
       "--deadline", "2024-05-09"]  # fmt: skip
REGISTRY = "remiss/remissinstanser.yaml"


def registry(repo: Repo, text: str) -> None:
    repo.write(REGISTRY, text)
    repo.commit("Registret")


def test_round_id_with_a_trailing_newline(itsam: Repo, cli: Cli) -> None:
    before = git(itsam.root, "rev-parse", "HEAD")
    result = cli("remiss", "new", "a\n", *NEW[3:])
    assert one_line_error(result) == (
        "omgångens id ska vara små bokstäver a–z, siffror, punkt och bindestreck, fick 'a\\n'"
    )
    assert git(itsam.root, "rev-parse", "HEAD") == before
    assert sorted(p.name for p in (itsam.root / "remiss").iterdir()) == ["remissinstanser.yaml"]
    assert one_line_error(cli("remiss", "status", "a\n")).startswith("omgångens id ska vara")


def test_address_with_a_trailing_newline_in_the_registry(itsam: Repo, cli: Cli) -> None:
    text = (itsam.root / REGISTRY).read_text(encoding="utf-8")
    registry(itsam, text.replace("e-post: kommun@ydre.example", 'e-post: "kommun@ydre.example\\n"'))
    assert one_line_error(cli(*NEW)) == (
        f"{REGISTRY}, instans 4: 'e-post' ska vara en e-postadress, fick 'kommun@ydre.example\\n'"
    )


def test_title_with_a_header_in_it(itsam: Repo, cli: Cli) -> None:
    result = cli("remiss", "new", "r2024", "--title", "Remiss\nBcc: alla@example.org",
                 *NEW[5:])  # fmt: skip
    assert one_line_error(result) == (
        "remissens rubrik (--title) ska vara en rad utan radbrytningar och styrtecken, "
        "fick 'Remiss\\nBcc: alla@example.org'"
    )
    assert not (itsam.root / "remiss" / "r2024").exists()


def test_a_round_record_with_a_header_in_its_title_is_refused(itsam: Repo, cli: Cli) -> None:
    assert cli(*NEW).exit_code == 0
    path = itsam.root / "remiss" / "r2024" / "omgang.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("titel: Revidering", 'titel: "R\\nBcc: x@y.example"', 1))
    assert one_line_error(cli("remiss", "send", "r2024")) == (
        "remiss/r2024/omgang.yaml: titel ska vara en rad utan radbrytningar och styrtecken, "
        "fick 'R\\nBcc: x@y.example'"
    )


def test_the_same_recipient_twice_is_stored_once(itsam: Repo, cli: Cli) -> None:
    result = cli(*NEW, "--recipients", "ydre", "--recipients", "ydre,boxholm,ydre")
    assert result.exit_code == 0, result.output
    assert load_round(itsam.root, "r2024").recipients == ("ydre", "boxholm")


@pytest.mark.parametrize(
    ("value", "member"), [("nej", False), ("Nej", False), ("ja", True), ("false", False)]
)
def test_medlem_ja_or_nej(itsam: Repo, value: str, member: bool) -> None:
    text = (itsam.root / REGISTRY).read_text(encoding="utf-8")
    itsam.write(REGISTRY, text.replace("    medlem från: 2012-01-01", f"    medlem: {value}"))
    assert load_recipients(itsam.root)["vimmerby"].member is member


def test_medlem_that_is_neither(itsam: Repo, cli: Cli) -> None:
    text = (itsam.root / REGISTRY).read_text(encoding="utf-8")
    registry(itsam, text.replace("    medlem från: 2012-01-01", "    medlem: kanske"))
    assert (
        one_line_error(cli(*NEW))
        == f"{REGISTRY}, instans 3: 'medlem' ska vara ja eller nej, fick 'kanske'"
    )


def test_alias_bomb_is_refused_at_once(itsam: Repo, cli: Cli) -> None:
    levels = ['a0: &a0 ["xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx","xxxxxxxxxx"]']
    for k in range(1, 9):
        levels.append(f"a{k}: &a{k} [" + ",".join([f"*a{k - 1}"] * 9) + "]")
    bomb = "\n".join(levels) + "\nremissinstanser: *a8\n"
    assert len(bomb.encode()) < 500
    assert cli(*NEW).exit_code == 0
    registry(itsam, bomb)
    started = time.monotonic()
    message = one_line_error(cli("remiss", "status"))
    assert time.monotonic() - started < 5
    assert message == f"{REGISTRY}, rad 1: ankare (&) tillåts inte"


def test_duplicate_keys_are_refused(itsam: Repo, cli: Cli) -> None:
    text = (itsam.root / REGISTRY).read_text(encoding="utf-8")
    registry(
        itsam, text.replace("    namn: Ydre kommun\n", "    namn: Ydre kommun\n    namn: Ydre\n")
    )
    assert one_line_error(cli(*NEW)) == f"{REGISTRY}, rad 29: nyckeln 'namn' förekommer två gånger"


def test_impossible_date_in_the_registry(itsam: Repo, cli: Cli) -> None:
    text = (itsam.root / REGISTRY).read_text(encoding="utf-8")
    assert cli(*NEW).exit_code == 0
    registry(itsam, text.replace("medlem till: 2024-03-31", "medlem till: 2024-02-30"))
    assert one_line_error(cli("remiss", "status")) == (
        f"{REGISTRY}, rad 19: datumet '2024-02-30' finns inte"
    )


def test_impossible_date_in_front_matter(itsam: Repo, cli: Cli) -> None:
    itsam.write("docs/reglemente.md", "---\ntitel: Reglemente\ngäller från: 2025-02-30\n---\n# R\n")
    listed = cli("list")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[0].startswith("forbundsordning\t")
    checked = cli("check")
    assert checked.exit_code == 1
    assert checked.stdout == (
        "docs/reglemente.md: front matter, rad 3: datumet '2025-02-30' finns inte\n"
    )
    assert checked.stderr == "1 problem hittades\n"
    assert one_line_error(cli("show", "reglemente")) == (
        "docs/reglemente.md: front matter, rad 3: datumet '2025-02-30' finns inte"
    )
    assert cli("show", "forbundsordning").exit_code == 0  # the others still work


def test_check_reports_each_bad_file_and_goes_on(repo: Repo, cli: Cli) -> None:
    repo.write("docs/a.md", "---\nstatus: [\n---\n")
    repo.write("docs/b.md", "---\nversion: x\nversion: y\n---\n")
    repo.write("docs/c.md", SMALL_OLD)
    result = cli("check")
    assert result.stdout == (
        "docs/a.md: front matter är inte giltig YAML på rad 2\n"
        "docs/b.md: front matter, rad 3: nyckeln 'version' förekommer två gånger\n"
    )
    assert result.exit_code == 1


def test_symbolic_link_out_of_the_repository_is_not_followed(repo: Repo, cli: Cli) -> None:
    repo.doc("fo", SMALL_OLD, "Första")
    os.symlink("/etc/passwd", repo.root / "docs" / "passwd.md")
    shown = cli("show", "passwd")
    assert (
        one_line_error(shown)
        == "docs/passwd.md leder ut ur arkivet (en symbolisk länk som inte följs)"
    )
    assert "root:" not in shown.output
    checked = cli("check")
    assert "docs/passwd.md leder ut ur arkivet" in checked.stdout
    assert "root:" not in checked.output
    assert "root:" not in cli("list").output


def test_a_fifo_given_as_an_answer_is_refused_without_waiting(
    itsam: Repo, cli: Cli, tmp_path: Path
) -> None:
    assert cli(*NEW).exit_code == 0
    fifo = tmp_path / "svar.docx"
    os.mkfifo(fifo)
    outcome: list[Result] = []
    worker = threading.Thread(
        target=lambda: outcome.append(
            cli("remiss", "receive", "r2024", str(fifo), "--from", "ydre")
        )
    )
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the reader so the test run can end
        with open(fifo, "wb"):
            pass
        worker.join()
        pytest.fail("receive väntade på en pipe")
    assert one_line_error(outcome[0]) == (
        "svar.docx: är inte en vanlig fil; ange en sparad Word- eller PDF-fil"
    )


def test_new_round_warns_about_unsaved_edits_and_a_detached_head(itsam: Repo, cli: Cli) -> None:
    git(itsam.root, "checkout", "--quiet", "--detach", "HEAD")
    path = itsam.root / "docs" / "forbundsordning.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nNy mening.\n", encoding="utf-8")
    head = git(itsam.root, "rev-parse", "HEAD").strip()
    result = cli(*NEW)
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert (
        f"styrdok: varning: HEAD pekar inte på någon gren (frikopplad HEAD på {head[:10]}); "
        "kontrollera att förslaget är rätt version"
    ) in warnings
    assert (
        "styrdok: varning: docs/forbundsordning.md har ändringar som inte är sparade (commit); "
        f"remissen gäller den sparade versionen {head[:10]}"
    ) in warnings


def test_a_hostile_template_cannot_reach_python(itsam: Repo, cli: Cli, tmp_path: Path) -> None:
    assert cli(*NEW).exit_code == 0
    itsam.write(
        "templates/mejl-remiss.txt",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
    )
    itsam.commit("Egen mall")
    result = cli("remiss", "send", "r2024", "--only", "ydre", "-o", str(tmp_path / "ut"))
    message = one_line_error(result)
    assert message.startswith("mallen mejl-remiss.txt gör något som inte är tillåtet: ")
    assert not (tmp_path / "ut").exists()


def test_a_template_linked_out_of_its_folder_is_not_read(
    itsam: Repo, cli: Cli, tmp_path: Path
) -> None:
    assert cli(*NEW).exit_code == 0
    (itsam.root / "templates").mkdir()
    os.symlink("/etc/passwd", itsam.root / "templates" / "mejl-remiss.txt")
    result = cli("remiss", "send", "r2024", "--only", "ydre", "-o", str(tmp_path / "ut"))
    assert one_line_error(result).endswith("leder ut ur sin katalog; den följs inte")
