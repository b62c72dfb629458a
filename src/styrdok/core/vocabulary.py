"""The words every layer shares: each closed set defined once, each Swedish term once.

A closed set is a :class:`~enum.StrEnum`: its members are the Swedish words themselves, so
they compare equal to the strings in records, JSON and templates, and print as written. A
set that belongs to one layer's model lives with that model instead (the section status
with the change model, a recipient's answer state with the round status, the parts of a
remiss package with the package, the förbund's position with the compilation).
"""

from __future__ import annotations

from enum import StrEnum


class Stance(StrEnum):
    """What a respondent says of a proposal, in the order the remiss letter lists them."""

    SUPPORTS = "tillstyrker"
    OPPOSES = "avstyrker"
    COMMENTS = "synpunkter"
    NO_OBJECTION = "ingen erinran"


class AnswerKind(StrEnum):
    """What a received answer file is, as the register and its reading record it."""

    FORM = "svarsmall"  # our response form, filled in
    DOCUMENT = "dokument"  # one of our documents sent back, with comments or changes
    LETTER = "yttrande"  # any other Word file
    PDF = "pdf"  # a PDF with a text layer
    SCANNED = "pdf utan text"  # a PDF without one: read by a person


PREAMBLE = "ingressen"
"""The text before a document's first heading (and its title): how it is cited, as a
section ref in records and in running text ("ändr. ingressen")."""

PREAMBLE_HEADING = PREAMBLE[:1].upper() + PREAMBLE[1:]
"""The same, where it stands as a heading or a label: "Ingressen"."""
