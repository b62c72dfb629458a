"""What a remiss answer says, as records: views per section, general views, the answer.

This is the one place that maps them to and from their Swedish keys: :func:`to_data` gives
the record receive writes as YAML beside each original (and ``remiss answers --json``
builds on), :func:`from_data` reads it back, also from records earlier versions wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from styrdok.core.vocabulary import AnswerKind, Stance


class ViewSource(StrEnum):
    """Where in an answer a view was found."""

    FORM = "svarsmall"  # a row or the general box of our response form
    COMMENT = "kommentar"  # a Word comment
    CHANGE = "spårad ändring"  # a tracked change by the respondent
    LETTER = "yttrande"  # the text of a letter
    PDF = "pdf"  # the text of a PDF


SECTION_SOURCES = (
    ViewSource.FORM,
    ViewSource.COMMENT,
    ViewSource.CHANGE,
    ViewSource.LETTER,  # a part of a letter that names its section
    ViewSource.PDF,
)
GENERAL_SOURCES = (ViewSource.FORM, ViewSource.LETTER, ViewSource.PDF)


@dataclass(frozen=True)
class SectionView:
    """One view on one section: from a form row, a Word comment, a tracked change or a part
    of a letter that names its section."""

    document: str  # document name, e.g. "forbundsordning" ("" when unknown)
    # the section's key in the round's comparison ("3 §", "2 kap. 4 § → 2 kap. 3 §"; see
    # compare.keys), "" unknown; records of earlier versions hold the citation ("3 §")
    section: str
    stance: Stance | None  # None when none is taken
    comment: str  # free text ("" if none)
    proposal: str  # proposed wording ("" if none)
    source: ViewSource  # one of SECTION_SOURCES
    author: str = ""
    date: str = ""  # ISO, local time as written
    anchor: str = ""  # commented text / the wording a tracked change changed
    replies: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneralView:
    """Text that is not tied to one section: the form's general box, a letter, a PDF."""

    text: str
    references: tuple[str, ...]  # section refs found in the text
    stances: tuple[Stance, ...]  # stance words found in the text, in order, each once
    source: ViewSource  # one of GENERAL_SOURCES


@dataclass(frozen=True)
class AnswerContent:
    """What one received file says."""

    kind: AnswerKind
    round_id: str | None
    recipient_id: str | None
    document: str | None  # the document one of ours was (styrdok.dokument)
    views: tuple[SectionView, ...]
    general: tuple[GeneralView, ...]
    needs_manual_reading: bool
    details: tuple[tuple[str, str], ...] = field(default=())  # form: "Beslutat av …", …


def to_data(content: AnswerContent) -> dict[str, Any]:
    """Return the record of an answer as a YAML- and JSON-ready dict with Swedish keys."""
    data: dict[str, Any] = {
        "typ": str(content.kind),
        "omgång": content.round_id,
        "mottagare": content.recipient_id,
        "dokument": content.document,
        "avsnitt": [_view_data(view) for view in content.views],
        "allmänt": [
            {
                "text": view.text,
                "hänvisningar": list(view.references),
                "ställningstaganden": [str(stance) for stance in view.stances],
                "källa": str(view.source),
            }
            for view in content.general
        ],
        "manuell läsning": content.needs_manual_reading,
    }
    if content.details:
        data["uppgifter"] = [{"rubrik": k, "värde": v} for k, v in content.details]
    return data


def _view_data(view: SectionView) -> dict[str, Any]:
    data: dict[str, Any] = {
        "dokument": view.document,
        "avsnitt": view.section,
        "ställningstagande": None if view.stance is None else str(view.stance),
        "kommentar": view.comment,
        "förslag till lydelse": view.proposal,
        "källa": str(view.source),
    }
    optional = {"författare": view.author, "datum": view.date, "avser text": view.anchor}
    data.update({key: value for key, value in optional.items() if value})
    if view.replies:
        data["svar"] = list(view.replies)
    return data


def from_data(data: Mapping[str, Any]) -> AnswerContent:
    """Return the answer that :func:`to_data` recorded; raise ValueError naming what is wrong."""
    try:
        views = tuple(
            SectionView(
                document=str(item["dokument"]),
                section=str(item["avsnitt"]),
                stance=_stance(item["ställningstagande"]),
                comment=str(item["kommentar"]),
                proposal=str(item["förslag till lydelse"]),
                source=_source(item["källa"], SECTION_SOURCES),
                author=str(item.get("författare", "")),
                date=str(item.get("datum", "")),
                anchor=str(item.get("avser text", "")),
                replies=tuple(str(r) for r in item.get("svar", ())),
            )
            for item in data["avsnitt"]
        )
        general = tuple(
            GeneralView(
                text=str(item["text"]),
                references=tuple(str(r) for r in item["hänvisningar"]),
                stances=tuple(_required_stance(s) for s in item["ställningstaganden"]),
                source=_source(item["källa"], GENERAL_SOURCES),
            )
            for item in data["allmänt"]
        )
        details = tuple((str(d["rubrik"]), str(d["värde"])) for d in data.get("uppgifter", ()))
        return AnswerContent(
            kind=_kind(data["typ"]),
            round_id=_optional(data["omgång"]),
            recipient_id=_optional(data["mottagare"]),
            document=_optional(data["dokument"]),
            views=views,
            general=general,
            needs_manual_reading=bool(data["manuell läsning"]),
            details=details,
        )
    except (KeyError, TypeError) as error:
        raise ValueError(f"expected an answer record, got {error!r} missing or wrong") from None


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)


def _stance(value: Any) -> Stance | None:
    return None if value is None else _required_stance(value)


def _required_stance(value: Any) -> Stance:
    try:
        return Stance(value)
    except ValueError:
        expected = ", ".join(Stance)
        raise ValueError(f"expected a stance ({expected}), got {value!r}") from None


def _source(value: Any, allowed: tuple[ViewSource, ...]) -> ViewSource:
    if value not in allowed:
        raise ValueError(f"expected a source ({', '.join(allowed)}), got {value!r}")
    return ViewSource(value)


def _kind(value: Any) -> AnswerKind:
    try:
        return AnswerKind(value)
    except ValueError:
        expected = ", ".join(AnswerKind)
        raise ValueError(f"expected an answer kind ({expected}), got {value!r}") from None
