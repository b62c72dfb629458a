"""What can be read out of an answer, beneath the form, comment and letter readers.

The lowest layer of reading answers (answers.read, answers.form and answers.comments build
on it, and on the records in answers.record): the Word package an answer comes in, and
what can be picked out of running text — the stance a respondent takes (see
:class:`~styrdok.core.vocabulary.Stance`), the sections it cites, and the time Word wrote
on a comment or a tracked change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias
from zoneinfo import ZoneInfo

from styrdok.answers.record import GeneralView, ViewSource
from styrdok.compare.keys import SectionIndex, match_ref
from styrdok.core.vocabulary import Stance
from styrdok.text.check import find_references
from styrdok.text.numbering import SectionNumber
from styrdok.word.ooxml import XmlElement, qn
from styrdok.word.package import WordPackage
from styrdok.word.read import BodyReader, NumberingTable, StyleTable, has_text

STOCKHOLM = ZoneInfo("Europe/Stockholm")


# --- The Word package ------------------------------------------------------------------------


class WordAnswer:
    """An answer in Word: its parts, styles, numbering and custom properties.

    ``parts`` are XML parts already unpacked (by the intake gate). Answers whose styles
    and numbering parts have the same bytes (the forms of one round) share one style and
    numbering table, read once.
    """

    def __init__(self, data: bytes, parts: Mapping[str, bytes] | None = None) -> None:
        self.package = WordPackage(data, parts)
        self.body: XmlElement = self.package.body()
        self.styles, self.numbering = _tables(self.package)
        self.properties = self.package.properties()
        self._texts: dict[XmlElement, list[str]] = {}

    def related(self, kind: str) -> XmlElement | None:
        """Return the part the main document relates to by type ``kind`` (``comments``)."""
        return self.package.main_part(kind)

    def reader(self) -> BodyReader:
        """Return word.read's paragraph reader with tracked changes accepted."""
        return BodyReader(self.styles, self.numbering, "accepted")

    def texts(self, element: XmlElement) -> list[str]:
        """Return the non-empty paragraphs under ``element``, changes accepted, in order
        (read once per element: the list returned is shared, not to be changed)."""
        found = self._texts.get(element)
        if found is None and not has_text(element):
            found = self._texts[element] = []
        if found is None:
            body = BodyReader(self.styles, self.numbering, "accepted", kinds=False)
            if element.tag == qn("w:p"):
                body.paragraph(element)
            else:
                body.blocks(element)
            body.flush()
            found = self._texts[element] = [text for _kind, _level, text in body.paras]
        return found


_TABLES: dict[tuple[bytes, bytes], tuple[StyleTable, NumberingTable]] = {}
_TABLES_KEPT = 8  # distinct styles parts remembered: the forms of a round share one


def _tables(package: WordPackage) -> tuple[StyleTable, NumberingTable]:
    """Return the style and numbering tables of a package, shared with earlier packages
    whose styles and numbering parts have the same bytes."""
    styles_name = package.related(package.main, "styles")
    numbering_name = package.related(package.main, "numbering")
    key = tuple(
        hashlib.sha256(data).digest() if (data := package.part_bytes(name)) is not None else b""
        for name in (styles_name, numbering_name)
    )
    found = _TABLES.get(key)  # type: ignore[arg-type]
    if found is None:
        styles = StyleTable(package.xml(styles_name))
        found = styles, NumberingTable(package.xml(numbering_name), styles)
        if len(_TABLES) >= _TABLES_KEPT:
            _TABLES.pop(next(iter(_TABLES)))
        _TABLES[key] = found  # type: ignore[index]
    return found


# --- Stance words --------------------------------------------------------------------------

_NOT = r"(?:inte|ej|icke)(?!\s+(?:bara|enbart|endast|minst|heller)\b)"
_STANCE = re.compile(
    r"(?P<none>\b(?:ingen|inga|inget)\s+(?:\w+\s+)?(?:erinran|erinringar|invändning(?:ar)?|synpunkter"
    r"|att\s+(?:erinra|invända))\b|\berinras\s+inte\b|\butan\s+erinran\b)"
    rf"|(?P<against>\b{_NOT}\s+(?:\w+\s+)?tillstyrk\w*|\btillstyrk\w*\s+{_NOT}\b)"
    rf"|(?P<nothing>\b{_NOT}\s+(?:\w+\s+)?avstyrk\w*|\bavstyrk\w*\s+{_NOT}\b)"
    r"|(?P<for>\btillstyrk\w*)"
    r"|(?P<avstyrker>\bavstyrk\w*)"
    r"|(?P<invited>\batt\s+(?:lämna|inkomma\s+med|komma\s+in\s+med|ge|avge)\s+synpunkter\b)"
    r"|(?P<synpunkter>\bsynpunkt\w*)",
    re.IGNORECASE,
)
_GROUP_STANCE = {
    "none": Stance.NO_OBJECTION,
    "against": Stance.OPPOSES,  # "kan inte tillstyrka" opposes
    "nothing": Stance.NO_OBJECTION,  # "avstyrker inte" raises no objection
    "for": Stance.SUPPORTS,
    "avstyrker": Stance.OPPOSES,
    "synpunkter": Stance.COMMENTS,
}
# Words that may stand beside a stance word without saying anything more.
_FILLER = re.compile(
    r"\b(?:vi|kommunen|kommunstyrelsen|förslaget|förslagen|ändringen|ändringarna|har|lämnar"
    r"|därmed|härmed|mot|till|på|i|sin|helhet|det|detta|den|denna)\b|[\s.,:;!–—-]+",
    re.IGNORECASE,
)


def _matches(text: str) -> Iterable[tuple[Stance, re.Match[str]]]:
    for m in _STANCE.finditer(text):
        group = m.lastgroup
        if group is not None and group in _GROUP_STANCE:
            yield _GROUP_STANCE[group], m


def find_stances(text: str) -> tuple[Stance, ...]:
    """Return the stances that ``text`` takes, in order of appearance, each once:
    ``"Tillstyrks."`` → ``("tillstyrker",)``, ``"har inga synpunkter"`` → ``("ingen erinran",)``."""
    return tuple(dict.fromkeys(stance for stance, _m in _matches(text)))


def read_stance(text: str) -> tuple[Stance | None, bool]:
    """Return the first stance in a stance cell and whether the cell says anything more
    (another stance word or other words), in which case its text belongs in the comment."""
    found = list(_matches(text))
    if not found:
        return None, bool(text.strip())
    stance, first = found[0]
    rest = text[: first.start()] + text[first.end() :]
    return stance, len(found) > 1 or bool(_FILLER.sub("", rest))


# --- Section references --------------------------------------------------------------------


Sections: TypeAlias = Mapping[str, SectionIndex]
"""Each document's sections (document name → its index), to tie what an answer says to a
section's key."""
KnownSections: TypeAlias = Mapping[str, "SectionIndex | Sequence[str]"]
"""What a caller may give for :data:`Sections`: an index, or only the citations."""


def indexes(known: KnownSections | None) -> dict[str, SectionIndex]:
    """Return each document's index; a plain list of citations becomes an index of
    sections known by citation alone."""
    return {
        name: value if isinstance(value, SectionIndex) else SectionIndex.of_refs(value)
        for name, value in (known or {}).items()
    }


def resolve_ref(ref: str, known: Sequence[str]) -> str:
    """Return the known ref that ``ref`` means: itself, ``3`` for ``3 §`` in a document
    numbered ``3``, ``2 kap. 1 §`` for ``1 §`` when only one chapter has one; else ``ref``."""
    return match_ref(ref, known) or ref if known else ref


def cited_refs(text: str, known: Sequence[str] = ()) -> tuple[str, ...]:
    """Return the sections ``text`` cites, as compare.py cites them (``3 §``, ``2 kap. 1 §``,
    ``3.2``, ``2 kap.``), each once; resolved against ``known`` refs when given."""
    refs: list[str] = []
    for reference in find_references(text):
        label = SectionNumber(reference.kind, reference.number).label
        if reference.chapter is not None:
            label = f"{reference.chapter} kap. {label}"
        refs.append(resolve_ref(label, known))
    return tuple(dict.fromkeys(refs))


def all_refs(sections: Sections | None) -> list[str]:
    """Return every known ref of every document, each once."""
    return list(dict.fromkeys(r for index in (sections or {}).values() for r in index.refs))


def general_view(
    text: str, source: ViewSource, section_refs: Sections | None = None
) -> GeneralView:
    """Return free text as a general view, with the sections it cites and its stances."""
    return GeneralView(text, cited_refs(text, all_refs(section_refs)), find_stances(text), source)


# --- Dates ---------------------------------------------------------------------------------


def local_date(written: str | None, utc: str | None = None) -> str:
    """Return the time of a comment or change as local ISO time (``2024-04-12T14:03:00``).

    Word writes local time in ``w:date`` with a trailing Z, so the Z is ignored; newer Word
    also writes the true UTC time (``w16du:dateUtc``), which wins when present and is turned
    into Stockholm time. A time that is not a date (LibreOffice writes ``0-00-00T00:00:00Z``
    for a comment without one) gives ``""``.
    """
    if utc:
        moment = _parse(utc)
        if moment is not None:
            aware = moment.replace(tzinfo=dt.UTC).astimezone(STOCKHOLM)
            return aware.replace(tzinfo=None).isoformat(timespec="seconds")
    moment = _parse(written or "")
    return "" if moment is None else moment.isoformat(timespec="seconds")


def _parse(value: str) -> dt.datetime | None:
    text = value.strip().removesuffix("Z").removesuffix("z")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.year < 1900:
        return None
    return moment.replace(tzinfo=None, microsecond=0)


def shorten(text: str, width: int = 80) -> str:
    """Return ``text`` on one line, cut with an ellipsis past ``width`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"
