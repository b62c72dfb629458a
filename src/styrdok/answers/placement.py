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
from styrdok.core.yamlfile import dumps, read_mapping
from styrdok.remiss.register import corrections_path
from styrdok.store.git import GitRepo
from styrdok.store.journal import commit_files

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


def corrections_bytes(corrections: Sequence[Correction]) -> bytes:
    """Return the corrections file of one answer as it is written."""
    return dumps({"rättelser": [_data(c) for c in corrections]}, HEADER).encode("utf-8")


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


# --- Placing a view by hand: remiss place -------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """A correction made: whose view, where it now belongs, and the file that keeps it."""

    recipient: str  # the recipient's name
    view_id: str  # 1.3
    text: str  # the view's text, shortened
    where: str  # forbundsordning 2 kap. 3 § (ny numrering …), or "allmänna synpunkter"
    stance: str  # the stance now, "–" for none, "" unchanged
    path: Path


GENERAL_WORDS = ("allmänt", "allmän", "allmänna synpunkter")


def parse_view_id(text: str, answers: int) -> tuple[int, int]:
    """Return the answer and view numbers of ``1.3`` (or ``3`` when there is one answer)."""
    head, dot, tail = text.strip().partition(".")
    try:
        numbers = (int(head), int(tail)) if dot else (1, int(head))
    except ValueError:
        raise PlacementError(
            "synpunkten anges som SVAR.SYNPUNKT (t.ex. 1.3, som remiss answers visar), "
            f"fick {text!r}"
        ) from None
    if not dot and answers > 1:
        raise PlacementError(
            f"instansen har {answers} svar: ange svaret och synpunkten som 2.1, fick {text!r}"
        )
    return numbers


def _stance(value: str | None) -> tuple[Stance | None, bool]:
    if value is None:
        return None, False
    if value.strip().casefold() == NO_STANCE:
        return None, True
    try:
        return Stance(value.strip().casefold()), False
    except ValueError:
        known = ", ".join([*Stance, NO_STANCE])
        raise PlacementError(
            f"ställningstagandet ska vara ett av {known}, fick {value!r}"
        ) from None


def resolve_section(
    section: str, document: str | None, indexes: Mapping[str, Any], default: str | None
) -> tuple[str, str]:
    """Return the document and key that staff mean by ``section`` (a citation in the
    proposal, ``2 kap. 3 §``, or a key), in ``document`` or else the view's document or
    else the one document that has it."""
    from styrdok.compare.keys import SectionIndex

    if document is not None and document not in indexes:
        raise PlacementError(
            f"dokumentet {document} ingår inte i remissen (dokument: {', '.join(indexes)})"
        )
    names: list[str] = (
        [document] if document else [default] if default and default in indexes else list(indexes)
    )
    found: dict[str, str] = {}
    for name in names:
        index: SectionIndex = indexes[name]
        key = index.stored(section) or index.cited(section)
        if key is not None:
            found[name] = key
    if not found:
        raise PlacementError(f"avsnittet {section} finns inte i {', '.join(names)}")
    if len(found) > 1:
        raise PlacementError(
            f"avsnittet {section} finns i {', '.join(found)}: ange dokumentet med --document"
        )
    return next(iter(found.items()))


def place(
    repo: GitRepo,
    round_id: str,
    recipient_id: str,
    view_id: str,
    section: str | None = None,
    document: str | None = None,
    stance: str | None = None,
) -> Placed:
    """Keep staff's correction of one view beside the answer's reading and commit it:
    ``section`` (a citation in the proposal, a key, or ``allmänt``) where it belongs,
    ``stance`` its stance (``ingen``: none). See :func:`styrdok.answers.tasks.place_view`."""
    from styrdok.answers.content import shorten
    from styrdok.answers.receive import section_refs
    from styrdok.answers.record import from_data
    from styrdok.remiss.register import registered
    from styrdok.remiss.rounds import RoundError, load_round, recipient_dir, round_recipients

    if section is None and stance is None:
        raise PlacementError("ange avsnittet med --section, ställningstagandet med --stance")
    r = load_round(repo.root, round_id)
    names = {rec.id: rec.name for rec in round_recipients(repo.root, r)}
    if recipient_id not in names:
        raise RoundError(f"{recipient_id} är inte remissinstans i {r.id}")
    name = names[recipient_id]
    answers = [a for a in registered(repo.root, r.id, recipient_id) if a.record]
    if not answers:
        raise PlacementError(f"{name} har inga lästa svar i {r.id}")
    answer_no, view_no = parse_view_id(view_id, len(answers))
    if not 1 <= answer_no <= len(answers):
        raise PlacementError(f"{name} har {len(answers)} svar; svar {answer_no} finns inte")
    record = recipient_dir(repo.root, r.id, recipient_id) / answers[answer_no - 1].record
    views = numbered(from_data(read_mapping(record, repo.root)))
    if not 1 <= view_no <= len(views):
        raise PlacementError(
            f"svar {answer_no} från {name} har {len(views)} synpunkter; "
            f"synpunkt {view_no} finns inte"
        )
    view = views[view_no - 1]
    chosen, clear = _stance(stance)
    target_document, key, where = None, None, ""
    if section is not None and section.strip().casefold() in GENERAL_WORDS:
        key, where = "", "allmänna synpunkter"
    elif section is not None:
        indexes = section_refs(repo, r)
        default = view.document if isinstance(view, SectionView) else None
        target_document, key = resolve_section(section.strip(), document, indexes, default)
        target = indexes[target_document].target(key)
        cited = (target.new or target.old or key) if target is not None else key
        where = f"{target_document} {cited}" + ("" if cited == key else f" ({key})")
    text = view_text(view)
    correction = Correction(
        view_no, fingerprint(text), shorten(text), target_document, key, chosen, clear
    )
    path = corrections_path(record)
    said = f", {chosen}" if chosen else ", utan ställningstagande" if clear else ""
    with repo.locked():
        data = corrections_bytes([*read_corrections(path, repo.root), correction])
        commit_files(
            repo,
            {path: data},
            f"Remiss {r.id}: synpunkt {answer_no}.{view_no} från {name} placerad"
            + (f" under {where}" if where else "")
            + said,
        )
    now = "–" if clear else str(chosen) if chosen else ""
    return Placed(name, f"{answer_no}.{view_no}", shorten(text, 60), where, now, path)
