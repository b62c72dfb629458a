"""The shared words: the stances, the preamble's name and the förbundsordning rule."""

from __future__ import annotations

import pytest

from styrdok.compare.engine import compare
from styrdok.core.vocabulary import PREAMBLE, PREAMBLE_HEADING, Stance
from styrdok.render.common import label
from styrdok.text.markdown import parse
from styrdok.text.model import Metadata, is_statutes


@pytest.mark.parametrize(
    ("front_matter", "name", "expected"),
    [
        ({"typ": "förbundsordning"}, "stadgar", True),  # the kind decides
        ({"typ": "Förbundsordning", "titel": "Itsams ordning"}, "", True),
        ({"typ": "reglemente", "titel": "Förbundsordning?"}, "forbundsordning", False),
        ({"titel": "Förbundsordning för Itsam"}, "", True),  # no kind: the title
        ({}, "forbundsordning", True),  # no kind, no title: the file name
        ({"titel": "Direktionens reglemente"}, "direktionens-reglemente", False),
    ],
)
def test_is_statutes(front_matter: dict[str, str], name: str, expected: bool) -> None:
    assert is_statutes(Metadata(front_matter), name) is expected


def test_stances_are_the_four_words_in_the_letters_order() -> None:
    assert list(Stance) == ["tillstyrker", "avstyrker", "synpunkter", "ingen erinran"]


def test_the_preamble_has_one_name() -> None:
    comparison = compare(
        parse("Inledande text.\n\n## 1 §\n\nA.\n"), parse("Ny text.\n\n## 1 §\n\nA.\n")
    )
    (preamble,) = comparison.changes
    assert (
        (preamble.ref, label(preamble))
        == (PREAMBLE, PREAMBLE_HEADING)
        == ("ingressen", "Ingressen")
    )
