"""Written YAML is PyYAML's own emitter's text, byte for byte, whichever emitter writes it:
libyaml's writes only the values it is known to write the same (core.yamlfile.dumps)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from styrdok.core import yamlfile
from styrdok.core.yamlfile import dumps

# Characters that decide a scalar's style, its escapes and where a long line folds.
ALPHABET = [
    " ", " ", " ", "\n", "a", "b", "ä", "Ö", "'", '"', ":", "#", "-", "?", ",", "[", "]",
    "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "\\", "0", "1", ".", "~", "§", "→",
    "\xa0", "\t", "\r", "\x85", "\u2028", "\ufeff", "\x00", "\x7f", "\U0001f600", "\ue000",
]  # fmt: skip
WORDS = ["ja", "nej", "null", "Kommunstyrelsen", "2024-04-22,", "§", "57", "-", "#", "a:",
         "'", "1 kap.", "ställningstagande", "~", "0x1F", "1e3", "x" * 40]  # fmt: skip
TEXT = st.one_of(
    st.text(alphabet=ALPHABET, max_size=30),
    st.lists(st.sampled_from(WORDS), max_size=60).flatmap(
        lambda words: st.lists(
            st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", " \n"]),
            min_size=len(words), max_size=len(words),
        ).map(lambda seps: "".join(w + s for w, s in zip(words, seps, strict=True)).strip(" "))
    ),
)  # fmt: skip
KEYS = st.one_of(
    st.sampled_from(["typ", "avsnitt", "ställningstagande", "förslag till lydelse", "källa"]),
    TEXT,
    st.text(alphabet=["a", "ö", " "], min_size=60, max_size=140),  # around a simple key's limit
    st.integers(-5, 5),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    TEXT,
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=30,
)


def pyyaml(data: Any, width: int = 100) -> str:
    """Return the text PyYAML's own emitter writes: what dumps always wrote."""
    return yaml.dump(
        data, Dumper=yamlfile._dumper(), allow_unicode=True, sort_keys=False, width=width
    )


def record() -> dict[str, Any]:
    view = {
        "dokument": "forbundsordning",
        "avsnitt": "2 kap. 4 § → 2 kap. 3 §",
        "ställningstagande": "tillstyrker",
        "kommentar": " ".join(["Kommunen anser att ansvarsfördelningen bör förtydligas."] * 4)
        + "\n\nEtt andra stycke: 'citat' # och mer.",
        "förslag till lydelse": "",
        "källa": "svarsmall",
    }
    return {
        "typ": "svarsmall",
        "dokument": None,
        "avsnitt": [view, {**view, "avsnitt": "→ 2 kap. 5 §", "kommentar": "- ja"}],
        "allmänt": [{"text": "x", "hänvisningar": [], "ställningstaganden": []}],
        "manuell läsning": False,
        "inkom": dt.date(2024, 5, 8),
        "registrerad": "2024-05-08T10:00:00+02:00",
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.dictionaries(KEYS, VALUES, max_size=6), VALUES))
def test_dumps_writes_what_pyyaml_writes(data: Any) -> None:
    assert dumps(data) == pyyaml(data)
    assert dumps(data, "# huvud") == "# huvud\n" + pyyaml(data)
    assert dumps(data, width=30) == pyyaml(data, width=30)  # front matter is written at 1000
    assert dumps(data, width=1000) == pyyaml(data, width=1000)


@pytest.mark.skipif(yamlfile._fast_dumper() is None, reason="PyYAML utan libyaml")
def test_an_answer_record_is_written_by_libyaml_as_pyyaml_writes_it() -> None:
    data = record()
    node = yaml.SafeDumper(None).represent_data(data)  # type: ignore[no-untyped-call]
    assert yamlfile._same_in_libyaml(node)  # the fast emitter writes it
    assert dumps(data) == pyyaml(data)
    assert dumps(data, width=40) == pyyaml(data, width=40)


@pytest.mark.parametrize(
    "text",
    ["en\ttabb", "glad 😀", "slut \nrad", "rad\n indrag", "bom\ufeff", "nel\x85", "rad\r\nny"],
)
def test_values_libyaml_writes_otherwise_are_written_by_pyyaml(text: str) -> None:
    data = {"kommentar": text, "lista": [text], text: "nyckel"}
    node = yaml.SafeDumper(None).represent_data(data)  # type: ignore[no-untyped-call]
    assert not yamlfile._same_in_libyaml(node)
    assert dumps(data) == pyyaml(data)


def test_long_keys_and_scalar_documents_are_written_by_pyyaml() -> None:
    for key in ("ö" * 60, "a" * 126):
        assert dumps({key: 1}) == pyyaml({key: 1})
    for value in ("text", 3, None, dt.date(2024, 5, 8)):
        assert dumps(value) == pyyaml(value)
