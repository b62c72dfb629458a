"""``styrdok remiss archive`` refuses a round whose answers are not what came in, and
leaves nothing behind when it refuses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from styrdok.archive.layout import package_id
from styrdok.remiss.register import registered
from styrdok.remiss.rounds import recipient_dir
from tests.conftest import Repo


def _answer_file(repo: Repo, rid: str) -> Path:
    (answer,) = registered(repo.root, "r2024", rid)
    return recipient_dir(repo.root, "r2024", rid) / answer.file


def _refused(result: Result, message: str) -> None:
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [f"styrdok: fel: {message}"], result.stderr
    assert "Traceback" not in result.output


def test_a_missing_answer_is_refused_and_nothing_is_written(
    answered: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    stored = _answer_file(answered, "boxholm")
    stored.unlink()
    out = tmp_path / "arkivpaket"
    result = cli("remiss", "archive", "r2024", "-o", str(out), "--zip")
    _refused(
        result,
        "remiss r2024: svaret boxholm.docx från Boxholms kommun saknas "
        f"(remiss/r2024/instanser/boxholm/svar/{stored.name}); arkivpaketet skrivs inte",
    )
    assert not out.exists()


def test_an_altered_answer_is_refused_and_the_output_folder_is_left_as_it_was(
    answered: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = _answer_file(answered, "ydre")
    path.write_bytes(path.read_bytes() + b"\0")
    answered.commit("Någon ändrade Ydres svar")
    out = tmp_path / "arkivpaket"
    out.mkdir()
    (out / "egen.txt").write_text("mina anteckningar", encoding="utf-8")
    result = cli("remiss", "archive", "r2024", "-o", str(out))
    _refused(
        result,
        "remiss r2024: svaret ydre.docx från Ydre kommun har ändrats sedan det registrerades "
        f"(remiss/r2024/instanser/ydre/svar/{path.name}: kontrollsumman stämmer inte); "
        "arkivpaketet skrivs inte",
    )
    assert sorted(p.name for p in out.iterdir()) == ["egen.txt"]


def test_a_folder_in_the_way_is_left_alone(
    answered: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "arkivpaket"
    foreign = out / package_id("222000-2584", "r2024")
    foreign.mkdir(parents=True)
    (foreign / "annat.txt").write_text("inte ett arkivpaket", encoding="utf-8")
    result = cli("remiss", "archive", "r2024", "-o", str(out))
    _refused(result, f"{foreign} finns redan och är inget arkivpaket för r2024")
    assert [p.name for p in foreign.iterdir()] == ["annat.txt"]


def test_settings_without_an_organisation_number_are_refused(
    answered: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    settings = answered.root / "styrdok.yaml"
    text = settings.read_text(encoding="utf-8").replace("  organisationsnummer: 222000-2584\n", "")
    settings.write_text(text, encoding="utf-8")
    result = cli("remiss", "archive", "r2024", "-o", str(tmp_path / "arkivpaket"))
    _refused(
        result, "styrdok.yaml saknar organisation: organisationsnummer, som arkivpaketet behöver"
    )


def test_an_unknown_round_is_refused(itsam: Repo, cli: Callable[..., Result]) -> None:
    result = cli("remiss", "archive", "finns-inte")
    assert result.exit_code == 1
    assert result.stderr.startswith("styrdok: fel: remissomgången finns-inte finns inte")


def test_an_answer_that_points_outside_its_folder_is_refused(
    answered: Repo, cli: Callable[..., Result], tmp_path: Path
) -> None:
    (answer,) = registered(answered.root, "r2024", "ydre")
    register = answered.root / "remiss" / "r2024" / "instanser" / "ydre" / answer.entry
    text = register.read_text(encoding="utf-8").replace(
        f"fil: {answer.file}", "fil: ../../../../styrdok.yaml"
    )
    register.write_text(text, encoding="utf-8")
    out = tmp_path / "arkivpaket"
    result = cli("remiss", "archive", "r2024", "-o", str(out))
    _refused(
        result,
        "remiss r2024: svaret ydre.docx från Ydre kommun pekar utanför instansens katalog "
        "(remiss/r2024/instanser/ydre/../../../../styrdok.yaml); arkivpaketet skrivs inte",
    )
    assert not out.exists()
