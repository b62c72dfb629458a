"""The tracked-changes redline (redline_docx, ooxml_revisions), checked on the XML: every
change is a revision, and accepting or rejecting all of them in a small pure-Python model
of Word gives the clean document of the new or the old version."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, cast

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from styrdok.compare.diff import DiffResult
from styrdok.compare.engine import Comparison, compare
from styrdok.compare.worddiff import apply
from styrdok.core.templating import find_template
from styrdok.store.documents import DocumentRef
from styrdok.store.settings import Organisation, Settings
from styrdok.store.versions import Version
from styrdok.text.markdown import parse
from styrdok.text.model import Document, Metadata
from styrdok.word.clean import TEMPLATE, document_docx
from styrdok.word.package import read_parts
from styrdok.word.redline import expected_revisions, redline_docx
from styrdok.word.revisions import RevisionCount, count_revisions
from tests.conftest import Repo

BASE = find_template(TEMPLATE, None)
SETTINGS = Settings(Organisation("Itsam kommunalförbund"), author="Förbundskansliet")
DAY = dt.date(2024, 2, 23)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REVISION_TAGS = ("ins", "del", "moveFrom", "moveTo")
OLD = "\n\n".join(  # a small förbundsordning, one paragraph or list a line
    ["# Förbundsordning", "## 1 § Namn", "Förbundets namn är Itsam.", "## 2 § Säte"]
    + ["Förbundet har sitt säte i Kinda kommun.", "- första punkten\n- andra punkten"]
    + ["## 3 § Ändamål", "Förbundet ska svara för gemensam IT-verksamhet.\n"]
)


def result(old: str | Document, new: str | Document) -> DiffResult:
    """Return a comparison as `styrdok diff` makes it (without a repository)."""
    old_doc = parse(old) if isinstance(old, str) else old
    new_doc = parse(new) if isinstance(new, str) else new
    ref = DocumentRef(cast(Any, None), "docs/forbundsordning.md")
    versions = [Version(None, ref.path, None, "", Metadata({"version": n})) for n in "ab"]
    return DiffResult(ref, versions[0], versions[1], compare(old_doc, new_doc))


def redline(old: str | Document, new: str | Document, author: str | None = None) -> bytes:
    return redline_docx(result(old, new), SETTINGS, author, DAY, BASE)


def clean(doc: str | Document) -> bytes:
    return document_docx(parse(doc) if isinstance(doc, str) else doc, SETTINGS, None, DAY, BASE)


def document_xml(data: bytes) -> etree._Element:
    return etree.fromstring(read_parts(data)["word/document.xml"])


def local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def view(data: bytes, side: Literal["new", "old"]) -> list[tuple[str | None, str]]:
    """Return the body's paragraphs (style id, text) after accepting all revisions (new)
    or rejecting them all (old), as Word does: removed runs and paragraph marks go, a
    paragraph whose mark goes joins the next one, and rejecting a w:pPrChange restores
    the old properties."""
    gone = ("del", "moveFrom") if side == "new" else ("ins", "moveTo")
    out: list[tuple[str | None, str]] = []
    carried = ""  # the text of paragraphs that join the next one
    for p in document_xml(data).iterfind(f"{W}body/{W}p"):
        props = p.find(f"{W}pPr")
        marks = [] if props is None else props.findall(f"{W}rPr/*")
        mark = next((local(m) for m in marks if local(m) in REVISION_TAGS), None)
        if side == "old" and props is not None and props.find(f"{W}pPrChange") is not None:
            props = props.find(f"{W}pPrChange/{W}pPr")
        style = None if props is None else props.find(f"{W}pStyle")
        text = "".join(
            t.text or ""
            for child in p
            if child.tag == f"{W}r" or local(child) in set(REVISION_TAGS) - set(gone)
            for t in child.iter(f"{W}t", f"{W}delText")
        )
        if mark in gone:
            carried += text  # the paragraph joins the next one
            continue
        out.append((None if style is None else style.get(f"{W}val"), carried + text))
        carried = ""
    assert carried == "", "the last paragraph mark cannot go"
    return out


def revisions(data: bytes, tag: str) -> list[etree._Element]:
    return list(document_xml(data).iter(f"{W}{tag}"))


def check_views(old: str | Document, new: str | Document) -> bytes:
    data = redline(old, new)
    assert view(data, "new") == view(clean(new), "new")
    assert view(data, "old") == view(clean(old), "new")
    return data


def test_changed_words_are_revisions_with_author_and_date_and_tracking_is_on() -> None:
    data = check_views(OLD, OLD.replace("Kinda", "Åtvidabergs"))
    (deleted,) = revisions(data, "del")
    (inserted,) = revisions(data, "ins")
    assert [t.text for t in deleted.iter(f"{W}delText")] == ["Kinda"]
    assert not list(deleted.iter(f"{W}t"))
    assert [t.text for t in inserted.iter(f"{W}t")] == ["Åtvidabergs"]
    for element in (deleted, inserted):
        assert element.get(f"{W}author") == "Förbundskansliet"
        assert element.get(f"{W}date") == "2024-02-23T00:00:00Z"
    data = redline(OLD, OLD.replace("Kinda", "Åtvidabergs"), author="Kansliet i Linköping")
    assert {e.get(f"{W}author") for e in revisions(data, "ins")} == {"Kansliet i Linköping"}
    names = [local(child) for child in etree.fromstring(read_parts(data)["word/settings.xml"])]
    assert names.index("trackRevisions") < names.index("defaultTabStop")  # tracking is on


def test_whole_added_and_removed_paragraphs_have_tracked_marks() -> None:
    new = OLD.replace("- andra punkten\n", "").replace(
        "## 3 §", "## 2 a § Avgifter\n\nAvgift.\n\n## 3 §"
    )
    marks = {
        "".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")): (
            local(m),
            m.get(f"{W}author"),
        )
        for p in document_xml(check_views(OLD, new)).iter(f"{W}p")
        for m in p.iterfind(f"{W}pPr/{W}rPr/*")
    }
    author = "Förbundskansliet"
    assert marks == {"2 a § Avgifter": ("ins", author), "Avgift.": ("ins", author)} | {
        "andra punkten": ("del", author)
    }


def test_a_changed_heading_level_is_a_formatting_change() -> None:
    data = check_views(OLD, OLD.replace("## 3 § Ändamål", "### 3 § Ändamål"))
    (change,) = revisions(data, "pPrChange")
    assert change.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading2"
    assert change.getparent().find(f"{W}pStyle").get(f"{W}val") == "Heading3"
    assert change.get(f"{W}author") == "Förbundskansliet"
    assert count_revisions(data) == RevisionCount(format_changes=1)
    data = check_views(OLD, OLD.replace("- första punkten\n- andra", "1. första punkten\n2. andra"))
    for change in revisions(data, "pPrChange"):  # the old style and numbering
        assert change.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "ListBullet"
        assert numbers(change) == "1"


def test_a_moved_section_is_written_with_move_markup() -> None:
    section = OLD[OLD.index("## 2 § Säte") : OLD.index("## 3 §")]
    new = OLD.replace(section, "") + "\n" + section.replace("2 §", "4 §") + "## 5 § Slut\n\nSlut.\n"
    data = check_views(OLD, new)
    assert [s.status for s in result(OLD, new).comparison.sections].count("moved") == 1
    names_from = {e.get(f"{W}name") for e in revisions(data, "moveFromRangeStart")}
    names_to = {e.get(f"{W}name") for e in revisions(data, "moveToRangeStart")}
    assert names_from == names_to == {"move1", "move2", "move3"}  # one per kept paragraph
    ids = [e.get(f"{W}id") for e in document_xml(data).iter() if "RangeEnd" not in local(e)]
    ids = [i for i in ids if i is not None]
    assert len(ids) == len(set(ids))  # unique, but a range's end repeats its start's id:
    ends = {e.get(f"{W}id") for e in revisions(data, "moveFromRangeEnd")}
    assert ends == {e.get(f"{W}id") for e in revisions(data, "moveFromRangeStart")}
    moved = [t.text for e in revisions(data, "moveFrom") for t in e.iter(f"{W}t")]
    assert moved == ["Förbundet har sitt säte i Kinda kommun.", "första punkten", "andra punkten"]
    # the renumbered heading is deleted at the old place and inserted at the new one
    assert "2 § Säte" in [t.text for e in revisions(data, "del") for t in e.iter(f"{W}delText")]
    assert "4 § Säte" in [t.text for e in revisions(data, "ins") for t in e.iter(f"{W}t")]


def test_a_paragraph_moved_to_another_section_is_a_move() -> None:
    new = OLD.replace("Förbundets namn är Itsam.\n", "Förbundets namn är Itsam.\n\nNy mening.\n")
    new = new.replace("- andra punkten\n", "").replace(
        "gemensam IT-verksamhet.\n", "gemensam IT-verksamhet.\n\n- andra punkten\n"
    )
    end = "\n## 4 § Slut\n\nSlut.\n"
    data = check_views(OLD + end, new + end)
    count = count_revisions(data)
    assert (count.moved_from, count.moved_to) == (1, 1)
    assert (count.moved_from_marks, count.moved_to_marks) == (1, 1)


def test_revisions_touching_across_a_paragraph_mark_are_two_minutes_apart() -> None:
    old = "# H\n\nett två\n\ntre fyra\n\nfem sex\n\nsju åtta\n"
    new = "# H\n\nett två nio\n\ntio tre fyra elva\n\ntolv fem sex\n\nsju åtta\n"
    data = check_views(old, new)
    dates = [(e.findtext(f"{W}r/{W}t"), e.get(f"{W}date")) for e in revisions(data, "ins")]
    assert dates == [
        (" nio", "2024-02-23T00:00:00Z"),
        ("tio ", "2024-02-23T00:02:00Z"),  # LibreOffice would join it with " nio"
        (" elva", "2024-02-23T00:02:00Z"),
        ("tolv ", "2024-02-23T00:00:00Z"),
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("# A\n\nett\n\n# B\n\ntvå\n", "# A\n\nett\n"),
        ("# A\n\nett\n", "# A\n\nett\n\n# B\n\n- två\n"),
        ("# A\n\nett\n\n# B\n\ntvå\n", "# A\n\nett\n\n## C\n\n1. helt annat\n"),
        ("# X\n\nalfa beta\n", "- gamma delta\n\n# Y\n\nepsilon\n"),
        ("", "# Ny\n\ntext\n"),
        ("# Gammal\n\ntext\n", ""),
        ("", ""),
        ("# A\n\nett\n\n- två\n", "# A\n\nett\n\n1. två\n"),
        ("# A\n\nP\n\n## D1\n\n1. D2\n", "# A\n\nP\n\n### I1\n\n- I2\n"),
    ],
)
def test_changes_at_the_end_share_the_final_paragraph_mark(old: str, new: str) -> None:
    check_views(old, new)


def test_the_docx_reader_sees_both_versions_in_a_redline() -> None:
    from styrdok.word.read import read_docx

    new = "Ingress.\n\n" + OLD.replace("- första", "1. första").replace("Kinda", "Åtvidabergs")
    for side, text in (("accepted", new), ("original", OLD)):
        doc = read_docx(redline(OLD, new), side)  # type: ignore[arg-type]
        assert (doc.preamble, doc.sections) == (parse(text).preamble, parse(text).sections)


def test_a_list_whose_first_item_goes_keeps_one_numbering_in_both_versions() -> None:
    old, new = "# A\n\n1. ett två\n2. tre fyra\n\nSlut.\n", "# A\n\n1. tre fyra\n\nSlut.\n"
    items = [p for p in document_xml(check_views(old, new)).iter(f"{W}p") if numbers(p)]
    assert len({numbers(p) for p in items}) == 1 and not revisions(redline(old, new), "pPrChange")


def numbers(p: etree._Element) -> str | None:
    found = p.find(f"{W}pPr/{W}numPr/{W}numId")
    return None if found is None else found.get(f"{W}val")


# --- counting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (OLD, RevisionCount()),
        (OLD.replace("Kinda", "Åtvidabergs"), RevisionCount(inserted=1, deleted=1)),
        (
            OLD.replace("## 3 §", "## 2 a § Ny\n\nNy text.\n\n## 3 §"),
            RevisionCount(inserted=2, inserted_marks=2),
        ),
        (OLD.replace("- andra punkten\n", ""), RevisionCount(deleted=1, deleted_marks=1)),
        (OLD.replace("## 2 § Säte", "# 2 § Säte"), RevisionCount(format_changes=1)),
    ],
)
def test_revisions_are_counted_as_the_change_model_says(new: str, expected: RevisionCount) -> None:
    data = redline(OLD, new)
    assert count_revisions(data) == expected_revisions(result(OLD, new).comparison) == expected
    assert redline(OLD, new) == data  # byte for byte


# --- properties: accept all, reject all and the count, for random edits ---------------------

WORDS = "förbund direktion kommun ledamot beslut budget avgift revision ärende protokoll".split()
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)
lines = st.one_of(
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 3), words),
    *(words.map(prefix.__add__) for prefix in ("", "- ", "1. ", "    - ")),
)
Edit = tuple[str, int, int, str]
kinds = st.sampled_from(["delete", "insert", "replace", "extend", "move", "heading"])
places = st.integers(0, 40)
edits = st.lists(st.tuples(kinds, places, places, lines), min_size=1, max_size=5)
FINAL = "\n\n## Ikraftträdande\n\nDenna ordning gäller från den 1 januari 2025."


def edited(original: list[str], changes: list[Edit]) -> list[str]:
    out = list(original)
    for kind, i, j, line in changes:
        i = i % len(out) if out else 0
        if kind == "insert" or not out:
            out.insert(i, line)
        elif kind == "delete":
            del out[i]
        elif kind == "replace":
            out[i] = line
        elif kind == "extend":
            out[i] += " " + line.lstrip("#-1. ")
        elif kind == "heading":
            out[i] = "#" + out[i] if out[i].startswith("#") else "## " + out[i].lstrip("-1. ")
        else:  # move three lines elsewhere
            piece, out[i : i + 3] = out[i : i + 3], []
            j %= len(out) + 1
            out[j:j] = piece
    return out


def model_total(comparison: Comparison) -> int:
    """Return the number of revisions the change model calls for, counted straight from
    its sections, headings and blocks (see the mapping in redline_docx)."""
    total, renumbered = 0, renumbered_lists(comparison)
    for s in comparison.sections:
        old_h, new_h = s.old.heading if s.old else None, s.new.heading if s.new else None
        level = bool(old_h and new_h and old_h.level != new_h.level)
        paragraphs: list[tuple[int, Any, Any, Any, bool]] = []
        paragraphs += [(0, s.heading_ops, old_h, new_h, level)] if old_h or new_h else []
        paragraphs += [(id(b), b.ops, b.old, b.new, b.kind_changed) for b in s.blocks]
        for key, ops, old, new, changed in paragraphs:
            if s.status == "moved":  # a mark and a run with text on each side it is on
                total += (1 + bool(apply(ops, "old"))) * bool(old)
                total += (1 + bool(apply(ops, "new"))) * bool(new)
            else:
                total += sum(1 for op in ops if op.kind != "equal" and op.text)
                total += (old is None) != (new is None) or changed or key in renumbered
    return total


def renumbered_lists(comparison: Comparison) -> set[int]:
    """Return the ids of the blocks numbered in both versions whose ordered list holds other
    blocks of both versions in the old version than in the new one (split or joined)."""
    lists: dict[tuple[str, int], set[int]] = {}
    member: dict[int, dict[str, int]] = {}
    ids = itertools.count(1)
    for s in comparison.sections:
        levels: dict[str, list[tuple[str, int]]] = {"old": [], "new": []}
        for b in s.blocks:
            for version, block in (("old", b.old), ("new", b.new)):
                if block is None or block.kind == "paragraph":
                    levels[version] = levels[version] if block is None else []
                    continue
                at = levels[version][: block.depth + 1]
                at += [("", 0)] * (block.depth + 1 - len(at))
                same = at[block.depth][0] == block.kind == "ordered"
                at[block.depth] = (block.kind, at[block.depth][1] if same else next(ids))
                levels[version] = at
                if block.kind == "ordered" and b.old and b.new and s.status != "moved":
                    lists.setdefault((version, at[block.depth][1]), set()).add(id(b))
                    member.setdefault(id(b), {})[version] = at[block.depth][1]
    return {
        b
        for b, m in member.items()
        if len(m) == 2 and lists["old", m["old"]] != lists["new", m["new"]]
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, max_size=12), edits, st.booleans())
def test_accept_and_reject_all_give_the_two_versions(
    original: list[str], changes: list[Edit], stable_end: bool
) -> None:
    final = FINAL if stable_end else ""
    old = parse("\n\n".join(original) + final)
    new = parse("\n\n".join(edited(original, changes)) + final)
    data = check_views(old, new)
    count = count_revisions(data)
    assert count == expected_revisions(compare(old, new))
    if stable_end:
        assert count.total == model_total(compare(old, new))


# --- the command ----------------------------------------------------------------------------


def test_cli_diff_writes_a_redline(repo: Repo, cli: Callable[..., Result], tmp_path: Path) -> None:
    repo.write("styrdok.yaml", "organisation:\n  namn: Itsam\nändringar:\n  författare: Kansliet\n")
    repo.doc("forbundsordning", OLD, "v1")
    repo.doc("forbundsordning", OLD.replace("Kinda", "Åtvidabergs"), "v2")
    out = tmp_path / "redline.docx"
    args = ["diff", "forbundsordning", "HEAD~1", "HEAD", "--format", "docx", "-o", str(out)]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Skrev {out}\n"
    assert view(out.read_bytes(), "new") == view(clean(OLD.replace("Kinda", "Åtvidabergs")), "new")
    (inserted,) = revisions(out.read_bytes(), "ins")
    assert inserted.get(f"{W}author") == "Kansliet"  # from the settings
    assert cli(*args, "--forfattare", "Förbundskansliet", "--datum", "2024-03-01").exit_code == 0
    (inserted,) = revisions(out.read_bytes(), "ins")
    assert inserted.get(f"{W}author") == "Förbundskansliet"
    assert inserted.get(f"{W}date") == "2024-03-01T00:00:00Z"


def test_cli_diff_docx_usage_errors(repo: Repo, cli: Callable[..., Result]) -> None:
    repo.doc("forbundsordning", OLD, "v1")
    for args, message in [
        (
            ["--format", "docx"],
            "--format docx kräver -o FIL (en Word-fil skrivs inte i terminalen)",
        ),
        (["--forfattare", "X"], "--forfattare och --datum gäller bara --format docx"),
        (
            ["--format", "docx", "-o", "x.docx", "--forfattare", " "],
            "--forfattare får inte vara tomt",
        ),
    ]:
        result = cli("diff", "forbundsordning", "HEAD", *args)
        assert (result.exit_code, f"fel: {message}" in result.stderr) == (2, True)
