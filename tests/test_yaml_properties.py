"""Property tests for every YAML file styrdok reads and for front matter: any input gives
a valid record or one Swedish line (a StyrdokError, exit status 1 on the command line)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styrdok.cli import main
from styrdok.core.errors import StyrdokError
from styrdok.core.validate import EMAIL, RECIPIENT_ID
from styrdok.remiss.log import deadline_for, read_log
from styrdok.remiss.register import registered
from styrdok.remiss.rounds import load_round
from styrdok.reports.positions import load_positions
from styrdok.store.registry import load_recipients
from styrdok.store.settings import load_settings
from styrdok.text.markdown import parse
from tests.conftest import PROJECT, git

KEYS = [
    # styrdok.yaml
    "organisation", "namn", "registrator", "ändringar", "författare", "remiss",
    "kontaktperson", "e-post", "telefon", "smtp", "värd", "port", "starttls", "avsändare",
    "minsta svarstid i dagar",
    # remissinstanser.yaml
    "remissinstanser", "id", "medlem", "medlem från", "medlem till",
    # omgang.yaml
    "titel", "skickad", "sista svarsdag", "dokument", "gällande", "förslag", "commit",
    "version", "sökväg", "diarienummer", "beslut", "organ", "datum",
    # logg.yaml, svar.yaml, stallningstaganden.yaml
    "händelser", "typ", "tid", "till", "skäl", "svar", "fil", "sha256", "inkom",
    "avsnitt", "allmänt", "instans", "nyckel", "ställningstagande", "förslaget ändrat",
    # front matter
    "status", "gäller från",
]  # fmt: skip
ODD = ["2025-02-30", "2024-13-01", "nej", "ja", "kanske", "x@y.example\n", "a\n", "gällande",
       "r2024", "ydre", "kommun@ydre.example", "instämmer", "12:00", "*a", "&a"]  # fmt: skip
EXAMPLES = [
    (PROJECT / "styrdok.yaml").read_text(encoding="utf-8"),
    (PROJECT / "remiss" / "remissinstanser.yaml").read_text(encoding="utf-8"),
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.sampled_from(ODD),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)
    ),
    max_leaves=25,
)


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    """YAML a user (or an attacker) could write: dumped values with impossible dates
    unquoted, a key repeated, an anchor, or plain garbage."""
    kind = draw(st.sampled_from(["value", "value", "mutated", "mutated", "garbage", "anchor"]))
    if kind == "garbage":
        return draw(st.text(max_size=200))
    if kind == "mutated":  # a real file with one value changed
        lines = draw(st.sampled_from(EXAMPLES)).splitlines()
        k = draw(st.integers(0, len(lines) - 1))
        key, sep, _value = lines[k].partition(": ")
        replacement = draw(st.sampled_from(ODD) | SCALARS.map(str))
        lines[k] = key + (sep or ": ") + replacement.replace("\n", "\\n")
        return "\n".join(lines) + "\n"
    text = yaml.safe_dump(draw(VALUES), allow_unicode=True, sort_keys=False)
    for odd in ("2025-02-30", "2024-13-01"):
        text = text.replace(f"'{odd}'", odd)
    if kind == "anchor":
        text = "x: &a [1, 2]\ny: *a\n" + text
    if draw(st.booleans()) and text.startswith(tuple(KEYS)):
        text = text + text.splitlines()[0] + "\n"  # the first key once more
    return text


def holds(call: Callable[[], Any]) -> Any:
    """Run ``call``; a refusal must be one short Swedish line, anything else a bug."""
    try:
        return call()
    except StyrdokError as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message, message
        assert 0 < len(message) < 400, message
        return None


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _files() -> dict[str, Callable[[Path], Any]]:
    def settings_file(root: Path) -> Any:
        result = load_settings(root)
        assert not result.sender or EMAIL.fullmatch(result.sender)
        return result

    def registry(root: Path) -> Any:
        recipients = load_recipients(root)
        for rid, recipient in recipients.items():
            assert RECIPIENT_ID.fullmatch(rid) and EMAIL.fullmatch(recipient.email)
            assert isinstance(recipient.member, bool)
        return recipients

    def round_record(root: Path) -> Any:
        r = load_round(root, "r2024")
        assert "\n" not in r.title and all(RECIPIENT_ID.fullmatch(x) for x in r.recipients)
        return r

    def log(root: Path) -> Any:
        events = read_log(root, "r2024", "ydre")
        return deadline_for(events, dt.datetime(2024, 5, 9, tzinfo=dt.UTC))

    return {
        "styrdok.yaml": settings_file,
        "remiss/remissinstanser.yaml": registry,
        "remiss/r2024/omgang.yaml": round_record,
        "remiss/r2024/instanser/ydre/logg.yaml": log,
        "remiss/r2024/instanser/ydre/svar.yaml": lambda root: registered(root, "r2024", "ydre"),
        "remiss/r2024/instanser/ydre/logg/2024-05-16-pamind-0123456789.yaml": log,
        "remiss/r2024/instanser/ydre/registreringar/2024-05-24-0123456789-abcdef01.yaml": (
            lambda root: registered(root, "r2024", "ydre", dt.datetime(2024, 5, 9, tzinfo=dt.UTC))
        ),
        "remiss/r2024/stallningstaganden.yaml": lambda root: load_positions(root, "r2024"),
    }


FILES = _files()


@PROPERTY
@given(st.sampled_from(sorted(FILES)), yaml_texts())
def test_every_yaml_file_gives_a_record_or_one_line(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        holds(lambda: FILES[name](root))


@PROPERTY
@given(yaml_texts())
def test_front_matter_gives_a_document_or_one_line(text: str) -> None:
    holds(lambda: parse(f"---\n{text}\n---\n# Rubrik\n\nText.\n"))


def test_the_command_line_gives_one_line_and_exit_status_1(tmp_path: Path) -> None:
    root = tmp_path / "arkiv"
    root.mkdir()
    git(root, "init", "--quiet")
    (root / "remiss").mkdir()

    @settings(max_examples=40, deadline=None)
    @given(yaml_texts(), yaml_texts())
    def run(registry: str, front_matter: str) -> None:
        (root / "remiss" / "remissinstanser.yaml").write_text(registry, encoding="utf-8")
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / "fo.md").write_text(f"---\n{front_matter}\n---\n# R\n", encoding="utf-8")
        for args in (["remiss", "new", "r1", "--title", "T", "--deadline", "2030-01-01"],
                     ["check"], ["show", "fo"], ["list"]):  # fmt: skip
            result = CliRunner().invoke(main, ["--repo", str(root), *args])
            assert result.exit_code in (0, 1), result.output
            assert "Traceback" not in result.output
            if result.exit_code == 1 and args[0] != "check":
                assert result.stderr.count("\n") == 1, result.stderr
                assert result.stderr.startswith("styrdok: fel: ")

    run()
