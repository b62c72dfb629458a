"""The comparison as a Word document with tracked changes (a redline).

The body is laid out as ``document_docx`` lays out a version, every change from the
compare engine a revision, so that *accept all* gives the paragraphs of
``document_docx(new)`` and *reject all* those of ``document_docx(old)``. Tracking is on,
so a recipient's own edits are tracked too. How revisions (``RevisionCount``) map to
the change model:

- Every ``insert`` / ``delete`` operation with text, in ``heading_ops`` or a block's
  ``ops``, is one ``w:ins`` / ``w:del`` run. A paragraph only in the new version (added
  heading or block) has an inserted paragraph mark, one only in the old a deleted mark.
- A changed heading level (``level_changed``), list type or depth (``kind_changed``) is
  one ``w:pPrChange`` with the old style; so is a paragraph whose ordered list holds
  other paragraphs of both versions in the old version than in the new (split, joined).
- A moved section (status ``moved``) stands at its old place with the old text and at
  its new place with the new: each paragraph kept word for word as one ``w:moveFrom`` /
  ``w:moveTo`` run with a moved mark, in a move range of its own; one that changed (a
  renumbered heading) or is in one version only as a deleted run and mark at the old
  place and an inserted run and mark at the new place.
- A paragraph removed in one place whose text was added in another (moved between
  sections, merged or split off) is a move: its run and mark ``w:moveFrom``, the added
  text ``w:moveTo``, or the other way round (else LibreOffice pairs them itself and
  joins the wrong paragraphs on accept/reject).
- Word's final paragraph mark cannot be tracked. When a version ends with paragraphs
  the other lacks, their marks move one paragraph up: the last paragraphs of both
  versions share the final mark (each saving a tracked mark), with a ``w:pPrChange`` if
  their styles differ; a paragraph there that joins another when its mark goes (the
  first to join the final one, or one whose text stays) takes the other's style in that
  version (a ``w:pPrChange`` if it differs).

Revisions are dated midnight of the given day, except that a paragraph whose first
revision touches the previous paragraph's last one across an untracked paragraph mark is
dated two minutes later: LibreOffice would merge the two and take the mark along.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from styrdok.compare.engine import Comparison, SectionChange, SectionStatus
from styrdok.compare.worddiff import Op, apply
from styrdok.store.settings import Settings
from styrdok.word.base import (
    NORMAL,
    Formatter,
    ListTracker,
    ParagraphFormat,
    clear_body,
    header_lines,
    open_template,
    set_header,
)
from styrdok.word.package import (
    FRONT_MATTER_PROPERTY,
    PackageInfo,
    encode_front_matter,
    finalise_parts,
)
from styrdok.word.revisions import APART, RevisionCount, Revisions, track_revisions
from styrdok.word.template import NeedsPythonDocx, TemplateDocument
from styrdok.word.xmltext import BodyText, paragraph_format, run_xml

if TYPE_CHECKING:
    from styrdok.compare.diff import DiffResult

RunKind = Literal["equal", "ins", "del", "moveFrom", "moveTo"]
Mark = Literal["plain", "ins", "del", "moveFrom", "moveTo"]
Role = Literal["both", "from", "to"]  # a section in place; a moved one's old or new place
_OP_RUN: dict[str, RunKind] = {"equal": "equal", "insert": "ins", "delete": "del"}


class Para(NamedTuple):
    """A paragraph's look in one version: heading level or block kind and depth."""

    kind: str  # "heading" or a block kind
    level: int  # heading level, or list depth
    list_id: int | None = None

    @property
    def style(self) -> tuple[str, int]:
        return (self.kind, self.level if self.kind != "paragraph" else 0)


@dataclass
class Unit:
    """One paragraph of the comparison: its runs and its look in each version."""

    runs: list[tuple[RunKind, str]]
    old: Para | None
    new: Para | None
    move: str | None = None  # a one-sided paragraph that moved: its move range's name
    run_moves: dict[int, str] = field(default_factory=dict)  # moved run -> range name

    @property
    def text(self) -> str:
        return "".join(text for _kind, text in self.runs)


@dataclass
class Group:
    """A Word paragraph: units that share a paragraph mark, the mark and its looks."""

    units: list[Unit]
    mark: Mark
    look: Para | None  # None: Normal
    old_look: Para | None = None  # the look before, when ``change``
    change: bool = False  # the mark has a w:pPrChange


def _order(comparison: Comparison) -> list[tuple[SectionChange, Role]]:
    """Return the sections in reading order, moved ones at their new place ("to") and,
    as the compare engine places removed sections, at their old place ("from")."""
    kept = sorted(
        (s.old.index, s.new.index)
        for s in comparison.sections
        if s.old is not None and s.new is not None and s.status != SectionStatus.MOVED
    )
    olds = [i for i, _j in kept]

    def old_place(index: int) -> tuple[int, int, int]:
        at = bisect.bisect_left(olds, index)
        return (kept[at - 1][1] if at else -1, 1, index)

    keyed: list[tuple[tuple[int, int, int], int, SectionChange, Role]] = []
    for n, s in enumerate(comparison.sections):
        moved = s.status == SectionStatus.MOVED
        if s.new is not None:
            keyed.append(((s.new.index, 0, 0), n, s, "to" if moved else "both"))
        if s.old is not None and (s.new is None or moved):
            keyed.append((old_place(s.old.index), n, s, "from" if moved else "both"))
    keyed.sort(key=lambda e: (e[0], e[1]))
    return [(s, role) for _key, _pos, s, role in keyed]


def _unit(ops: Sequence[Op], old: Para | None, new: Para | None, role: Role) -> Unit:
    """Return the unit of a paragraph. At a moved section's old place ("from") and new
    place ("to"), a paragraph kept word for word is one moved run (``move`` "", to be
    named); one that changed or is in one version only is one deleted or inserted run."""
    if role == "both":
        return Unit([(_OP_RUN[op.kind], op.text) for op in ops if op.text], old, new)
    text = apply(ops, "old" if role == "from" else "new")
    moved = old is not None and new is not None and apply(ops, "old") == apply(ops, "new")
    kind: RunKind = "moveFrom" if role == "from" else "moveTo"
    if not moved:
        kind = "del" if role == "from" else "ins"
    runs: list[tuple[RunKind, str]] = [(kind, text)] if text else []
    move = "" if moved else None
    return Unit(runs, old, None, move) if role == "from" else Unit(runs, None, new, move)


def build_units(comparison: Comparison) -> list[Unit]:
    """Return the paragraphs of the redline in reading order."""
    units: list[Unit] = []
    ids = itertools.count(1)
    names: dict[tuple[int, int], str] = {}  # (section, paragraph) -> move range name
    for s, role in _order(comparison):
        old_h = s.old.heading if s.old is not None else None
        new_h = s.new.heading if s.new is not None else None
        paras: list[tuple[int, Sequence[Op], Para | None, Para | None]] = []
        if (role != "to" and old_h is not None) or (role != "from" and new_h is not None):
            old_look = Para("heading", old_h.level) if old_h else None
            new_look = Para("heading", new_h.level) if new_h else None
            paras.append((-1, s.heading_ops, old_look, new_look))
        old_lists, new_lists = ListTracker(ids), ListTracker(ids)
        for k, b in enumerate(s.blocks):
            old = Para(b.old.kind, b.old.depth, old_lists.list_id(b.old)) if b.old else None
            new = Para(b.new.kind, b.new.depth, new_lists.list_id(b.new)) if b.new else None
            if (role == "from" and old is None) or (role == "to" and new is None):
                continue
            paras.append((k, b.ops, old, new))
        for k, ops, old, new in paras:
            unit = _unit(ops, old, new, role)
            if unit.move is not None:
                unit.move = names.setdefault((id(s), k), f"move{len(names) + 1}")
            units.append(unit)
    _pair_moved_text(units, len(names))
    _share_lists(units)
    return units


def _share_lists(units: list[Unit]) -> None:
    """Make an old ordered list and a new one with the same paragraphs in both versions
    one list in Word, numbered right whatever accept or reject takes away; a paragraph
    whose list still differs has its old numbering in a w:pPrChange."""
    both: dict[tuple[str, int], set[int]] = {}  # (version, list) -> units in both versions
    for n, u in enumerate(units):
        for version, para in (("old", u.old), ("new", u.new)):
            if para is not None and para.list_id is not None:
                members = both.setdefault((version, para.list_id), set())
                members.update([n] if u.old is not None and u.new is not None else [])
    new_lists = {frozenset(n): key[1] for key, n in both.items() if key[0] == "new" and n}
    same = {key[1]: new_lists.get(frozenset(n)) for key, n in both.items() if key[0] == "old"}
    for u in units:
        if u.old is not None and u.old.list_id is not None and same[u.old.list_id] is not None:
            u.old = u.old._replace(list_id=same[u.old.list_id])


def _pair_moved_text(units: list[Unit], moves: int) -> None:
    """Write a paragraph removed in one place whose text was added in another (as a
    paragraph or inside one) as a move, and the same the other way round."""
    whole: dict[tuple[bool, str], list[Unit]] = {}  # (is new, text) -> one-sided paragraphs
    parts: dict[tuple[bool, str], list[tuple[Unit, int]]] = {}  # -> runs in other paragraphs
    for unit in units:
        if unit.move is None and (unit.old is None) != (unit.new is None) and unit.text.strip():
            whole.setdefault((unit.old is None, unit.text.strip()), []).append(unit)
        elif unit.old is not None and unit.new is not None:
            for n, (kind, text) in enumerate(unit.runs):
                if kind in ("ins", "del") and text.strip():
                    parts.setdefault((kind == "ins", text.strip()), []).append((unit, n))
    for (is_new, text), found in whole.items():
        for unit in found:
            if unit.move is not None:
                continue
            name = f"move{moves + 1}"
            partner = next((u for u in whole.get((not is_new, text), ()) if u.move is None), None)
            moves += partner is not None or bool(parts.get((not is_new, text)))
            if partner is not None:
                for one in (unit, partner):
                    one.runs = [("moveTo" if one.old is None else "moveFrom", one.text)]
                    one.move = name
            elif parts.get((not is_new, text)):
                other, n = parts[(not is_new, text)].pop(0)
                unit.runs = [("moveTo" if is_new else "moveFrom", unit.text)]
                unit.move = name
                other.runs[n] = ("moveFrom" if is_new else "moveTo", other.runs[n][1])
                other.run_moves[n] = name


def layout(units: list[Unit]) -> list[Group]:
    """Return the Word paragraphs: each unit with its own paragraph mark, tracked when
    the unit is in one version only, except at the end (see the module's docstring)."""
    if not units:
        return [Group([], "plain", None)]
    later_new = later_old = False
    seps: list[tuple[bool, bool]] = []
    for unit in reversed(units):
        seps.append((unit.new is not None and later_new, unit.old is not None and later_old))
        later_new = later_new or unit.new is not None
        later_old = later_old or unit.old is not None
    groups: list[Group] = []
    pending: list[Unit] = []
    for unit, (sep_new, sep_old) in zip(units, reversed(seps), strict=True):
        pending.append(unit)
        if sep_new and sep_old:
            groups.append(_plain(pending, unit.new, unit.old))
        elif sep_new:
            groups.append(Group(pending, "moveTo" if unit.move else "ins", unit.new))
        elif sep_old:
            groups.append(Group(pending, "moveFrom" if unit.move else "del", unit.old))
        else:
            continue
        pending = []
    if pending:
        last_new = next((u.new for u in reversed(units) if u.new is not None), None)
        last_old = next((u.old for u in reversed(units) if u.old is not None), None)
        groups.append(_plain(pending, last_new, last_old))
    _align_tail(groups)
    return groups


def _align_tail(groups: list[Group]) -> None:
    """Where a paragraph's mark goes in one version (accept or reject all) while some of
    its text stays, give it, in that version, the look of the paragraph it joins; when no
    text of the final paragraph stays, do so for the first paragraph that joins it.
    LibreOffice keeps the first paragraph's style when it joins them, Word the last one's;
    only marks moved up at the end of the document go with text that stays."""
    for version, gone, kept in (("old", _IN_NEW, _OLD_TEXT), ("new", _IN_OLD, _NEW_TEXT)):
        target, first, at_end = groups[-1], None, True
        for group in reversed(groups[:-1]):
            if group.mark not in gone:
                target, at_end = group, False
                continue
            first = group if at_end else first
            if _keeps_text(group, kept):
                _take_look(group, target, version)
        if first is not None and not _keeps_text(groups[-1], kept):
            _take_look(first, groups[-1], version)


def _keeps_text(group: Group, kept: tuple[str, ...]) -> bool:
    return any(kind in kept and text for unit in group.units for kind, text in unit.runs)


_IN_NEW, _IN_OLD = ("ins", "moveTo"), ("del", "moveFrom")  # marks that one version lacks
_OLD_TEXT, _NEW_TEXT = ("equal", "del", "moveFrom"), ("equal", "ins", "moveTo")


def _take_look(group: Group, target: Group, version: str) -> None:
    """Give ``group`` the style that ``target`` has in ``version``, if it differs."""
    if version == "old":
        style = target.old_look if target.change else target.look
        if _style(style) != _style(group.old_look if group.change else group.look):
            group.old_look, group.change = style, _style(style) != _style(group.look)
    elif _style(target.look) != _style(group.look):
        group.old_look = group.old_look if group.change else group.look
        group.look = target.look
        group.change = _style(group.old_look) != _style(group.look)


def _style(para: Para | None) -> tuple[str, int, int | None]:
    """Return what a paragraph's properties hold: its style and its list."""
    return (*para.style, para.list_id) if para is not None else ("paragraph", 0, None)


def _plain(units: list[Unit], new: Para | None, old: Para | None) -> Group:
    return Group(units, "plain", new, old, change=_style(new) != _style(old))


def expected_revisions(comparison: Comparison) -> RevisionCount:
    """Return the revisions that :func:`redline_docx` writes for ``comparison``."""
    count = RevisionCount()
    for group in layout(build_units(comparison)):
        for unit in group.units:
            for kind, _text in unit.runs:
                if kind != "equal":
                    count.add(kind)
        if group.mark != "plain":
            count.add(group.mark, mark=True)
        count.format_changes += group.change
    return count


class _Writer:
    """Turns groups into Word paragraphs with revisions, as WordprocessingML text."""

    def __init__(self, formatter: Formatter, revisions: Revisions):
        self.formatter, self.revisions = formatter, revisions

    def look(self, para: Para | None) -> ParagraphFormat:
        if para is None:
            return NORMAL
        if para.kind == "heading":
            return self.formatter.heading(para.level)
        return self.formatter.block(para.kind, para.level, para.list_id)  # type: ignore[arg-type]

    def write(self, groups: list[Group]) -> str:
        """Return the body content of ``groups``: paragraphs and the ends of move ranges
        that close after them."""
        out: list[str] = []
        touching: str | None = None  # the kind of revision the last paragraph ended with
        for group in groups:
            runs = [kind for unit in group.units for kind, _text in unit.runs]
            touches = touching is not None and runs[:1] == [touching]
            self.revisions.minute = APART - self.revisions.minute if touches else 0
            touching = runs[-1] if runs and runs[-1] != "equal" and group.mark == "plain" else None
            properties = paragraph_format(self.look(group.look))
            if group.mark != "plain":
                properties += self.revisions.mark(group.mark)
            if group.change:
                old = paragraph_format(self.look(group.old_look))
                old_ppr = f"<w:pPr>{old}</w:pPr>" if old else "<w:pPr/>"
                properties += self.revisions.format_change(old_ppr)
            content: list[str] = []
            ends = [self.unit(content, unit) for unit in group.units if unit.move or unit.runs]
            inner = "".join(content)
            if properties:
                out.append(f"<w:p><w:pPr>{properties}</w:pPr>{inner}</w:p>")
            else:
                out.append(f"<w:p>{inner}</w:p>" if inner else "<w:p/>")
            out.extend(end for end in ends if end)
        return "".join(out)

    def unit(self, out: list[str], unit: Unit) -> str:
        """Add the unit's runs to ``out``; return the end of its move range ('' for none)."""
        end = ""
        if unit.move is not None:
            start, end = self.revisions.move_range("to" if unit.old is None else "from", unit.move)
            out.append(start)
        for n, (kind, text) in enumerate(unit.runs):
            if kind == "equal":
                out.append(run_xml(text))
            elif n in unit.run_moves and kind in ("moveFrom", "moveTo"):
                out.append(self.revisions.moved_run(kind, text, unit.run_moves[n]))
            else:
                out.append(self.revisions.run(kind, text))
        return end


def redline_docx(
    result: DiffResult, settings: Settings, author: str | None, date: dt.date, template: Path
) -> bytes:
    """Return the comparison as a .docx with tracked changes by ``author`` (default: the
    settings' author) dated ``date``; the same arguments give the same bytes.

    The template is read without python-docx when it can be (word.template), else (or
    when it turns out to need python-docx) opened with it; both give the same bytes."""
    try:
        document = TemplateDocument.open(template, needs=("numbering", "settings"))
        return _redline(result, settings, author, date, template, document)
    except NeedsPythonDocx:
        return _redline(result, settings, author, date, template, open_template(template))


def _redline(
    result: DiffResult,
    settings: Settings,
    author: str | None,
    date: dt.date,
    template: Path,
    document: Any,
) -> bytes:
    revisions = Revisions(author or settings.author, date)
    clear_body(document)
    writer = _Writer(Formatter(document, f"mallen {template}"), revisions)
    body = BodyText(document)
    body.add(writer.write(layout(build_units(result.comparison))))
    track_revisions(document.settings.element)
    new = result.comparison.new
    label = f"{result.old.name} → {result.new.name}"
    lines = header_lines(settings.organisation.name, result.title, label, new.meta.dnr, date)
    set_header(document, lines)
    info = PackageInfo(
        title=result.title,
        author=author or settings.author,
        date=date,
        custom={FRONT_MATTER_PROPERTY: encode_front_matter(new.meta.values)},
    )
    return finalise_parts(body.save(document), info)
