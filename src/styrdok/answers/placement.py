"""Staff's corrections of how an answer was read: a view moved to another section, to the
general views, or given a stance by hand.

A correction is kept as its own small record beside the answer's reading
(``svar/01-ydre.pdf.placering.yaml`` beside ``svar/01-ydre.pdf.yaml``), so the reading can be
made again and every correction still applies: :func:`apply_corrections` runs after the
record is read. A view is numbered as ``remiss answers`` shows it: the section views of the
answer first, then its general views (``1``, ``2``, …); a correction finds its view by a
hash of the view's text, and by that number only when the text is gone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from styrdok.answers.record import AnswerContent, GeneralView, SectionView
from styrdok.core.errors import StyrdokError
from styrdok.core.vocabulary import Stance
from styrdok.core.yamlfile import read_mapping, write_mapping

SUFFIX = ".placering.yaml"
HEADER = (
    "# Kansliets rättelser av hur svaret lästs, gjorda med styrdok remiss place.\n"
    "# De tillämpas efter läsningen av svaret och gäller även om det läses om."
)
NO_STANCE = "ingen"


class PlacementError(StyrdokError):
    """A view or section that a correction cannot name."""


@dataclass(frozen=True)
class Correction:
    """One correction: where a view belongs, and its stance."""

    view: int  # the view's number when the correction was made (1-based)
    fingerprint: str  # a hash of the view's text
    text: str  # the view's text, shortened, for people reading the record
    document: str | None = None  # None: keep the document
    section: str | None = None  # a key; "" moves the view to the general views; None keeps
    stance: Stance | None = None
    clear_stance: bool = False  # set no stance


def view_text(view: SectionView | GeneralView) -> str:
    """Return the text a view is known by: a general view's text, a section view's comment
    (else its proposed wording, else the text it is anchored to)."""
    if isinstance(view, GeneralView):
        return view.text
    return view.comment or view.proposal or view.anchor


def fingerprint(text: str) -> str:
    """Return a short stable hash of a view's text (whitespace folded)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def numbered(content: AnswerContent) -> list[SectionView | GeneralView]:
    """Return an answer's views in the order they are numbered: section views, then
    general views."""
    return [*content.views, *content.general]


def corrections_path(record: Path) -> Path:
    """Return where the corrections of the answer read into ``record`` are kept."""
    return record.with_name(record.name.removesuffix(".yaml") + SUFFIX)


def read_corrections(path: Path, root: Path | None = None) -> list[Correction]:
    """Return the corrections kept at ``path`` ([] when there are none)."""
    if not path.is_file():
        return []
    items = read_mapping(path, root).get("rättelser") or []
    return [c for item in items if (c := _correction(item)) is not None]


def _correction(item: Any) -> Correction | None:
    if not isinstance(item, Mapping) or "synpunkt" not in item:
        return None
    stance = item.get("ställningstagande")
    try:
        chosen = None if stance in (None, "", NO_STANCE) else Stance(str(stance))
    except ValueError:
        chosen = None
    section = item.get("avsnitt")
    return Correction(
        view=int(item["synpunkt"]),
        fingerprint=str(item.get("nyckel", "")),
        text=str(item.get("text", "")),
        document=None if item.get("dokument") is None else str(item["dokument"]),
        section=None if section is None else str(section),
        stance=chosen,
        clear_stance=stance == NO_STANCE,
    )


def _data(c: Correction) -> dict[str, Any]:
    data: dict[str, Any] = {"synpunkt": c.view, "nyckel": c.fingerprint, "text": c.text}
    if c.document is not None:
        data["dokument"] = c.document
    if c.section is not None:
        data["avsnitt"] = c.section
    if c.stance is not None or c.clear_stance:
        data["ställningstagande"] = NO_STANCE if c.clear_stance else str(c.stance)
    return data


def write_corrections(path: Path, corrections: Sequence[Correction]) -> Path:
    """Write the corrections of one answer and return the path."""
    write_mapping(path, {"rättelser": [_data(c) for c in corrections]}, HEADER)
    return path


def _find(views: list[SectionView | GeneralView], c: Correction) -> int | None:
    prints = [fingerprint(view_text(v)) for v in views]
    if 0 < c.view <= len(views) and prints[c.view - 1] == c.fingerprint:
        return c.view - 1
    if c.fingerprint in prints:
        return prints.index(c.fingerprint)
    return None


def _moved(view: SectionView | GeneralView, c: Correction) -> SectionView | GeneralView:
    if isinstance(view, GeneralView):
        stances = view.stances
        if c.clear_stance:
            stances = ()
        elif c.stance is not None:
            stances = (c.stance,)
        if not c.section:
            return replace(view, stances=stances)
        return SectionView(
            document=c.document or "",
            section=c.section,
            stance=stances[0] if stances else None,
            comment=view.text,
            proposal="",
            source=view.source,
        )
    stance = None if c.clear_stance else c.stance or view.stance
    moved = replace(view, stance=stance)
    if c.section is not None:
        moved = replace(moved, section=c.section, document=c.document or view.document)
    return moved


def placed(
    content: AnswerContent, corrections: Sequence[Correction]
) -> list[tuple[int, SectionView | GeneralView]]:
    """Return an answer's views with their numbers as read, each correction applied in
    order; a correction whose view is no longer in the answer is left out."""
    views = numbered(content)
    for c in corrections:
        at = _find(views, c)
        if at is not None:
            views[at] = _moved(views[at], c)
    return list(enumerate(views, 1))


def apply_corrections(content: AnswerContent, corrections: Sequence[Correction]) -> AnswerContent:
    """Return the answer with the corrections applied (section views, then general)."""
    views = [view for _n, view in placed(content, corrections)]
    section_views = tuple(v for v in views if isinstance(v, SectionView))
    general = tuple(v for v in views if isinstance(v, GeneralView))
    return replace(content, views=section_views, general=general)
