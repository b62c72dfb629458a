"""The response form (svarsmall): a row per changed section, tied to the section's key.

Every row is one section of the comparison, found by its key (:mod:`styrdok.compare.keys`),
never by its citation: a repealed ``2 kap. 3 §`` and the ``2 kap. 4 §`` that becomes the new
``2 kap. 3 §`` are two rows with two excerpts. The first cell of a row holds a bookmark
(``styrdok_1_2_k_3_p``; Word allows 40 letters, digits and underscores, so a long key gets a
short hash instead), and the form's custom property ``styrdok.avsnitt`` maps each bookmark
to its document, its citation (for people) and its key. Bookmarks and custom properties
survive Word and LibreOffice.

The stance cell of every row is a drop-down content control with the four stances, and
the form ends with a small table where the respondent writes their own diarienummer, the
decision behind the answer and a contact person (bookmark ``styrdok_uppgifter``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from styrdok.compare.changeline import is_preamble
from styrdok.compare.changes import SectionChange, SectionStatus
from styrdok.compare.diff import DiffResult
from styrdok.compare.keys import ARROW
from styrdok.core.vocabulary import PREAMBLE_HEADING, Stance
from styrdok.remiss.rounds import RoundError
from styrdok.word.ooxml import XmlElement, add_bookmark, el, parse, qn, to_bytes
from styrdok.word.package import read_parts, write_parts

SECTIONS_PROPERTY = "styrdok.avsnitt"
BOOKMARK_PREFIX = "styrdok_"
GENERAL_BOOKMARK = "styrdok_allmant"
DETAILS_BOOKMARK = "styrdok_uppgifter"
DETAILS = (  # the particulars the form asks for: label, and the hint after it
    ("Ert diarienummer", ""),
    ("Beslut", " (organ, datum och §, t.ex. Kommunstyrelsen 2024-04-22 § 57)"),
    ("Kontaktperson", " (namn, e-post, telefon)"),
)
STANCE_TAG = "styrdok_stance"
STANCE_PLACEHOLDER = "Välj ställningstagande"
EXCERPT_WORDS = 20
MAX_BOOKMARK = 40  # Word's limit on a bookmark name
_FIRST_ID = 9000  # bookmark and content-control ids above those Word gives its own


@dataclass(frozen=True)
class FormRow:
    """One changed section in the response form."""

    bookmark: str
    document: str
    key: str  # the section's key: what the answer is tied to
    ref: str  # its citation, for people ("2 kap. 3 §")
    heading: str
    excerpt: str
    preamble: bool = False  # the text before the first heading, or the document's title
    status: str = ""  # ny, upphävs, ny numrering (tidigare 2 kap. 4 §), flyttas; '' amended


def sections_property(rows: Iterable[FormRow]) -> str:
    """Return the form's property styrdok.avsnitt: each row's bookmark, document, citation
    and key."""
    listed = [
        {"bokmärke": r.bookmark, "dokument": r.document, "avsnitt": r.ref, "nyckel": r.key}
        for r in rows
    ]
    return json.dumps(listed, ensure_ascii=False)


def read_sections_property(text: str) -> dict[str, tuple[str, str]]:
    """Return what :func:`sections_property` wrote: bookmark → (document, key). A form of an
    earlier version has no key; its citation is returned instead (resolve it with
    :meth:`~styrdok.compare.keys.SectionIndex.stored`). A value a respondent's program
    mangled gives what can still be read."""
    try:
        listed = json.loads(text)
    except ValueError:
        return {}
    out = {}
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict):
            where = str(item.get("nyckel") or item.get("avsnitt", ""))
            out[str(item.get("bokmärke", ""))] = (str(item.get("dokument", "")), where)
    return out


def _slug(ref: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "_", ref.replace("§", "p").replace("kap.", "k")).strip("_")


def section_bookmark(doc_index: int, key: str) -> str:
    """Return the bookmark name of a section in the form: ``styrdok_1_3_p`` for ``3 §``,
    ``styrdok_1_2_k_4_p_till_2_k_3_p`` for ``2 kap. 4 § → 2 kap. 3 §``; a name longer than
    Word allows ends in a hash of the key instead."""
    old, arrow, new = key.partition(f" {ARROW}")
    new = new.strip()
    if not arrow:
        slug = _slug(key)
    elif not old:
        slug = f"ny_{_slug(key.removeprefix(ARROW))}"
    elif not new:
        slug = f"upph_{_slug(old)}"
    else:
        slug = f"{_slug(old)}_till_{_slug(new)}"
    name = f"{BOOKMARK_PREFIX}{doc_index}_{slug}"
    if len(name) <= MAX_BOOKMARK:
        return name
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{name[: MAX_BOOKMARK - len(digest) - 1].rstrip('_')}_{digest}"


def _words(change: SectionChange) -> str:
    side = change.new or change.old
    assert side is not None
    words = " ".join(b.text for b in side.blocks).split()
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")


def _renumbered(change: SectionChange) -> bool:
    return (
        change.status in (SectionStatus.RENUMBERED, SectionStatus.MOVED)
        and change.old is not None
        and change.new is not None
        and change.old.ref != change.new.ref
    )


def row_status(change: SectionChange) -> str:
    """Return what happens to a section, as the form's Avsnitt cell says it under the
    heading: ``ny``, ``upphävs``, ``ny numrering (tidigare 2 kap. 4 §)``, ``flyttas``, or ''
    for a section amended in place."""
    if change.status == SectionStatus.ADDED:
        return "ny"
    if change.status == SectionStatus.REMOVED:
        return "upphävs"
    if _renumbered(change) and change.old is not None:
        return f"ny numrering (tidigare {change.old.ref})"
    if change.status == SectionStatus.MOVED:
        return "flyttas"
    return ""


def excerpt(change: SectionChange) -> str:
    """Return the form's excerpt of one changed section: the start of its text, said to be
    new or repealed, and for a section that is only renumbered that its text stays."""
    if change.status == SectionStatus.ADDED:
        return f"Ny: {_words(change)}"
    if change.status == SectionStatus.REMOVED:
        return f"Upphävs: {_words(change)}"
    if change.old is not None and change.new is not None and not change.text_changed:
        if _renumbered(change):
            return (
                f"Endast ny numrering: nuvarande {change.old.ref} betecknas "
                f"{change.new.ref}. Texten ändras inte."
            )
        return "Avsnittet flyttas. Texten ändras inte."
    if _renumbered(change) and change.old is not None:
        return f"Ny numrering (tidigare {change.old.ref}) och ändrad: {_words(change)}"
    return _words(change)


def form_rows(doc_index: int, document: str, result: DiffResult) -> list[FormRow]:
    """Return a row per changed section of one document, in document order."""
    rows = []
    seen: set[str] = set()
    for change in result.comparison.changes:
        side = change.new or change.old
        assert side is not None
        bookmark = section_bookmark(doc_index, change.key)
        while bookmark in seen:  # two keys that give one name: cannot happen, but be safe
            bookmark = bookmark[: MAX_BOOKMARK - 2] + "_x"
        seen.add(bookmark)
        preamble = is_preamble(side)
        heading = PREAMBLE_HEADING if preamble else side.title
        rows.append(
            FormRow(
                bookmark,
                document,
                change.key,
                change.ref,
                heading,
                excerpt(change),
                preamble,
                row_status(change),
            )
        )
    return rows


def template_row(row: FormRow) -> dict[str, str]:
    """Return what the svarsmall template shows of a row (``rad.*``)."""
    return {
        "avsnitt": row.heading if row.preamble else row.ref,
        "rubrik": "" if row.preamble else row.heading,
        "status": row.status,
        "utdrag": row.excerpt,
    }


# --- The rendered form: bookmarks, drop-downs ---------------------------------------------------


def _cell_text(tc: XmlElement) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def stance_dropdown(ident: int) -> XmlElement:
    """Return a drop-down content control with the four stances, showing its placeholder."""
    items = [el("w:listItem", {"w:displayText": str(s), "w:value": str(s)}) for s in Stance]
    grey = el("w:rPr", None, el("w:color", {"w:val": "595959"}))
    return el(
        "w:sdt",
        None,
        el(
            "w:sdtPr",
            None,
            el("w:alias", {"w:val": "Ställningstagande"}),
            el("w:tag", {"w:val": STANCE_TAG}),
            el("w:id", {"w:val": str(ident)}),
            el("w:showingPlcHdr"),
            el("w:dropDownList", None, *items),
        ),
        el(
            "w:sdtContent",
            None,
            el("w:r", None, grey, el("w:t", None, text=STANCE_PLACEHOLDER)),
        ),
    )


def _stance_column(table: XmlElement) -> int | None:
    rows = table.findall(qn("w:tr"))
    if not rows:
        return None
    for n, tc in enumerate(rows[0].findall(qn("w:tc"))):
        if "ställningstagande" in _cell_text(tc).casefold():
            return n
    return None


def finish_form(data: bytes, rows_per_table: Sequence[Sequence[FormRow]]) -> bytes:
    """Return the rendered form with a bookmark in the first cell of every section row, a
    stance drop-down in its stance cell, and bookmarks on the table of particulars (two
    columns) and the general-views box (one column) after the section tables."""
    parts = read_parts(data)
    root = parse(parts["word/document.xml"])
    tables = root.findall(f".//{qn('w:tbl')}")
    ids = iter(range(_FIRST_ID, 10 * _FIRST_ID))
    section_tables = tables[: len(rows_per_table)]
    for table, rows in zip(section_tables, rows_per_table, strict=True):
        table_rows = table.findall(qn("w:tr"))[1:]
        if len(table_rows) != len(rows):
            raise RoundError("svarsmallens tabell har inte en rad per ändrat avsnitt")
        column = _stance_column(table)
        for tr, row in zip(table_rows, rows, strict=True):
            cells = tr.findall(qn("w:tc"))
            add_bookmark(cells[0].find(qn("w:p")), row.bookmark, next(ids))
            if column is not None and column < len(cells):
                stance_cell = cells[column]
                if stance_cell.find(f".//{qn('w:dropDownList')}") is None:
                    stance_cell.find(qn("w:p")).append(stance_dropdown(next(ids)))
    for table in tables[len(rows_per_table) :]:
        columns = len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
        name = DETAILS_BOOKMARK if columns == 2 else GENERAL_BOOKMARK if columns == 1 else ""
        if name:
            add_bookmark(table.find(f".//{qn('w:p')}"), name, next(ids))
    parts["word/document.xml"] = to_bytes(root)
    return write_parts(parts)
