"""The positions file: where staff write the förbund's position on every view.

``remiss/ID/stallningstaganden.yaml`` lists every changed section, by its key (``2 kap. 4 §
→ 2 kap. 3 §``; a file of an earlier version names the citation, and is read so), with the
views received on it, and every general view. ``styrdok remiss positions`` creates it and,
when more answers have come in, rewrites the views while keeping everything staff wrote.
This module is the one place that maps the file, and the :class:`ForbundPosition` staff
write in it, to and from their Swedish keys.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from styrdok.core.errors import StyrdokError
from styrdok.core.yamlfile import dumps, read_mapping
from styrdok.remiss.rounds import round_dir
from styrdok.reports.compilation import (
    Agreement,
    Compilation,
    ForbundPosition,
    Opinion,
    compile_round,
    general_key,
)
from styrdok.store.git import GitRepo
from styrdok.store.journal import commit_files

POSITIONS_FILE = "stallningstaganden.yaml"
# What staff write under each section and general view.
POSITION, REASONING, CHANGED = "ställningstagande", "motivering", "förslaget ändrat"
YES, NO = "ja", "nej"
_CHOICES = f"{', '.join(list(Agreement)[:-1])} eller {list(Agreement)[-1]}"
HEADER = f"""\
# Förbundets ställningstaganden till remissvaren.
# Skriv under varje avsnitt och varje allmän synpunkt:
#   {POSITION}: {_CHOICES}
#   {REASONING}: förbundets kommentar
#   {CHANGED}: {YES} eller {NO} (ändrades förslaget med anledning av synpunkterna?)
# Listorna 'synpunkter' skrivs om av 'styrdok remiss positions'; allt annat behålls."""


class PositionsError(StyrdokError):
    """The positions file has a value of the wrong form."""


def positions_path(root: Path, round_id: str) -> Path:
    """Return the positions file of a round."""
    return round_dir(root, round_id) / POSITIONS_FILE


def _changed(value: object, where: str) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().casefold()
    if text in (YES, YES[0]):
        return True
    if text in (NO, NO[0]):
        return False
    raise PositionsError(f"{where}: '{CHANGED}' ska vara {YES} eller {NO}, fick {value!r}")


def _position(item: dict[str, Any], where: str) -> ForbundPosition:
    written = str(item.get(POSITION) or "").strip()
    try:
        agreement = Agreement(written) if written else None
    except ValueError:
        expected = ", ".join(Agreement)
        raise PositionsError(
            f"{where}: {POSITION} ska vara en av {expected}, fick {written!r}"
        ) from None
    return ForbundPosition(
        agreement,
        str(item.get(REASONING) or "").strip(),
        _changed(item.get(CHANGED), where),
    )


def load_positions(
    root: Path, round_id: str
) -> tuple[dict[tuple[str, str], ForbundPosition], dict[tuple[str, str], ForbundPosition]]:
    """Return the positions staff wrote: by (document, section) and by (recipient id,
    general-view key). A round without a positions file has none."""
    path = positions_path(root, round_id)
    if not path.is_file():
        return {}, {}
    data = read_mapping(path, root)
    where = path.relative_to(root).as_posix()
    sections: dict[tuple[str, str], ForbundPosition] = {}
    for k, item in enumerate(data.get("avsnitt") or [], 1):
        if isinstance(item, dict) and "dokument" in item and "avsnitt" in item:
            key = (str(item["dokument"]), str(item["avsnitt"]))
            sections[key] = _position(item, f"{where}, avsnitt {k} ({key[1]})")
    general: dict[tuple[str, str], ForbundPosition] = {}
    for k, item in enumerate(data.get("allmänt") or [], 1):
        if isinstance(item, dict) and "instans" in item and "nyckel" in item:
            key = (str(item["instans"]), str(item["nyckel"]))
            general[key] = _position(item, f"{where}, allmän synpunkt {k}")
    return sections, general


def _kept(old: dict[str, Any] | None) -> dict[str, Any]:
    """Return what staff wrote of a position, as they wrote it (ja/nej for true/false)."""
    old = old or {}
    changed = old.get(CHANGED)
    if isinstance(changed, bool):
        changed = YES if changed else NO
    return {
        POSITION: old.get(POSITION) or "",
        REASONING: old.get(REASONING) or "",
        CHANGED: changed or "",
    }


def _opinion(o: Opinion) -> dict[str, Any]:
    return {
        "instans": o.recipient.name,
        "ställningstagande": "" if o.stance is None else str(o.stance),
        "kommentar": o.comment,
        "förslag till lydelse": o.proposal,
        "källa": str(o.source),
    }


def positions_data(compilation: Compilation, previous: dict[str, Any]) -> dict[str, Any]:
    """Return the positions file's content for ``compilation``, keeping what staff wrote
    in ``previous`` (the file as it was)."""
    indexes = {d.document.name: d.index for d in compilation.documents}
    old_sections: dict[tuple[str, str], dict[str, Any]] = {}
    for item in previous.get("avsnitt") or []:
        if isinstance(item, dict):
            name, section = str(item.get("dokument")), str(item.get("avsnitt"))
            index = indexes.get(name)
            stored = index.stored(section) if index is not None else None  # or a citation
            old_sections.setdefault((name, stored or section), item)
    old_general = {
        (str(i.get("instans")), str(i.get("nyckel"))): i
        for i in previous.get("allmänt") or []
        if isinstance(i, dict)
    }
    sections = []
    for document in compilation.documents:
        for entry in document.sections:
            key = (document.document.name, entry.key)
            sections.append(
                {
                    "dokument": key[0],
                    "avsnitt": key[1],
                    "rubrik": entry.title,
                    "synpunkter": [_opinion(o) for o in entry.opinions],
                    **_kept(old_sections.get(key)),
                }
            )
    general = []
    for g in compilation.general:
        key = (g.recipient.id, general_key(g.text))
        general.append(
            {
                "instans": key[0],
                "nyckel": key[1],
                "namn": g.recipient.name,
                "text": g.text,
                **_kept(old_general.get(key)),
            }
        )
    return {"omgång": compilation.round.id, "avsnitt": sections, "allmänt": general}


def update_positions(repo: GitRepo, round_id: str, today: dt.date) -> tuple[Path, int, int]:
    """Create or update the positions file and commit it; return its path and the
    number of sections and general views it lists."""
    with repo.locked():
        compilation = compile_round(repo, round_id, today)
        path = positions_path(repo.root, round_id)
        previous = read_mapping(path, repo.root) if path.is_file() else {}
        load_positions(repo.root, round_id)  # refuse to rewrite a file with wrong values
        data = positions_data(compilation, previous)
        sections, general = len(data["avsnitt"]), len(data["allmänt"])
        text = dumps(data, HEADER).encode("utf-8")
        commit_files(repo, {path: text}, f"Remiss {round_id}: ställningstaganden uppdaterade")
    return path, sections, general
