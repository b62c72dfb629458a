"""The Word redline opened in LibreOffice (headless, over UNO): accepting all tracked changes
gives the text of ``show NEW --format docx``, rejecting them all that of ``show OLD --format
docx``, and LibreOffice finds the revisions that the compare engine calls for. Checked on the
embedded documents (docs/*.md, "gällande 2019" → "remissversion 2024", read from this
repository's history) and on random edits of small generated documents; finally every kind
of Word output is rendered to PDF and PNG pages, which must not be blank.

Paragraphs are compared in order as LibreOffice lays them out: text, paragraph style,
outline level, list level and list label ("1.", "•"; None outside lists), so a list that
accept or reject joins, splits or shortens must be numbered as in the clean version.

How LibreOffice (7.4) counts revisions. ``count_revisions`` of the file equals
``expected_revisions`` of the comparison, each ``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo``
and ``w:pPrChange`` counted once. LibreOffice keeps fewer, larger redlines; from the file
they follow exactly (``libreoffice_redlines``):

- Insert (``w:ins``, ``w:moveTo``) and Delete (``w:del``, ``w:moveFrom``) revisions are
  joined when they touch and have the same type, author and minute, and are both moved or
  both not: a run with its tracked paragraph mark, a run of whole inserted paragraphs,
  moved paragraphs from different move ranges. An untracked paragraph mark between two
  does not part them (the writer dates such neighbours two minutes apart, see
  ``Revisions.minute``); untracked text does.
- A paragraph's formatting change (``w:pPrChange``) becomes ParagraphFormat redlines over
  the paragraph's text outside its Insert and Delete redlines, one per stretch between
  them; when the paragraph starts with a revision, the first stretch begins at the start
  of the paragraph and takes that revision in, which is then never joined with the
  revision after it (its paragraph mark, say).
"""

from __future__ import annotations

import copy
import io
import itertools
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from styrdok.cli import main
from styrdok.compare.diff import diff_versions
from styrdok.compare.engine import Comparison
from styrdok.store.documents import find_document
from styrdok.store.git import GitRepo
from styrdok.word.redline import expected_revisions
from styrdok.word.revisions import count_revisions
from tests.conftest import PROJECT, Repo
from tests.libreoffice import DocumentText, LibreOffice, pdf_to_pngs, png_is_blank

OLD, NEW = "gällande 2019", "remissversion 2024"
DAY = "2024-02-23"
EMBEDDED = sorted(path.stem for path in (PROJECT / "docs").glob("*.md"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LO_TYPES = {"ins": "Insert", "moveTo": "Insert", "del": "Delete", "moveFrom": "Delete"}

Look = tuple[str, str, int, tuple[int, str] | None]  # text, style, outline level, list


def run_cli(*args: str) -> None:
    """Run styrdok in-process; fail the test with its output when it does not succeed."""
    result = CliRunner().invoke(main, list(args), prog_name="styrdok")
    assert result.exit_code == 0, result.output


@dataclass(frozen=True)
class Outputs:
    """The Word files of one comparison, written with the CLI, and the comparison itself."""

    redline: Path
    table: Path
    old: Path
    new: Path
    comparison: Comparison


def write_outputs(root: Path, name: str, old: str, new: str, out: Path) -> Outputs:
    """Return the redline, table and clean old and new documents of ``name`` in the
    repository ``root``, written under ``out`` by ``styrdok diff`` and ``styrdok show``."""
    out.mkdir(parents=True, exist_ok=True)
    files = {kind: out / f"{name}-{kind}.docx" for kind in ("redline", "table", "old", "new")}
    repo = ["--repo", str(root)]
    for fmt, kind in (("docx", "redline"), ("table", "table")):
        output = ["--format", fmt, "-o", str(files[kind]), "--datum", DAY]
        run_cli(*repo, "diff", name, old, new, *output)
    for rev, kind in ((old, "old"), (new, "new")):
        run_cli(*repo, "show", name, rev, "--format", "docx", "-o", str(files[kind]))
    comparison = diff_versions(find_document(GitRepo.find(root), name), old, new).comparison
    return Outputs(files["redline"], files["table"], files["old"], files["new"], comparison)


def looks(text: DocumentText) -> list[Look]:
    """Return text, style, outline level and list level and label (None outside lists) of
    the body's paragraphs."""
    return [
        (
            p.text,
            p.style,
            p.outline_level,
            (p.numbering.level, p.numbering.label) if p.numbering else None,
        )
        for p in text.paragraphs
        if p.where == "body"
    ]


# --- the redlines LibreOffice should find in a file ---------------------------------------------


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))


@dataclass
class _Joiner:
    """Insert and Delete revisions in document order, joined as LibreOffice joins them."""

    redlines: list[tuple[tuple[str, str | None, str, bool], list[str]]] = field(
        default_factory=list
    )
    open: bool = False  # the last redline may still be joined
    across_mark: bool = False  # an untracked paragraph mark came after it

    def revision(self, element: etree._Element, text: str) -> None:
        name = _local(element)
        minute = (element.get(f"{W}date") or "")[:16]  # LibreOffice keeps minutes only
        key = (LO_TYPES[name], element.get(f"{W}author"), minute, name.startswith("move"))
        if self.open and self.redlines[-1][0] == key:
            self.redlines[-1][1].extend(["\n", text] if self.across_mark else [text])
        else:
            self.redlines.append((key, [text]))
        self.open, self.across_mark = True, False

    def plain_text(self) -> None:
        self.open = self.across_mark = False

    def plain_mark(self) -> None:
        self.across_mark = self.open


def _format_stretches(segments: list[tuple[bool, str]]) -> list[str]:
    """Return the texts of the ParagraphFormat redlines of a paragraph with a w:pPrChange;
    ``segments`` are its non-empty runs, tracked or not, in order."""
    stretches: list[str] = []
    current: list[str] = []
    for n, (tracked, text) in enumerate(segments):
        if not tracked or n == 0:
            current.append(text)
        elif current:
            stretches.append("".join(current))
            current = []
    if current:
        stretches.append("".join(current))
    return stretches


def libreoffice_redlines(docx: bytes) -> tuple[list[tuple[str, str]], list[str]]:
    """Return the (type, text) of the Insert and Delete redlines LibreOffice makes of the
    revisions in ``docx``, and the texts of its ParagraphFormat redlines, in document order
    (the rules are in the module's docstring)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    joiner = _Joiner()
    formats: list[str] = []
    for p in body.iter(f"{W}p"):
        props = p.find(f"{W}pPr")
        formatted = props is not None and props.find(f"{W}pPrChange") is not None
        segments: list[tuple[bool, str]] = []
        for child in p:
            name, text = _local(child), _text(child)
            if name in ("r", *LO_TYPES) and text:
                segments.append((name != "r", text))
                if name == "r":
                    joiner.plain_text()
                else:
                    joiner.revision(child, text)
                    if formatted and len(segments) == 1:
                        joiner.plain_text()  # the first ParagraphFormat stretch ends here
        mark_props = None if props is None else props.find(f"{W}rPr")
        mark = None
        if mark_props is not None:
            mark = next((m for m in mark_props if _local(m) in LO_TYPES), None)
        if mark is not None:
            joiner.revision(mark, "\n")
        else:
            joiner.plain_mark()
        if formatted:
            formats += _format_stretches(segments)
    changes = [(key[0], "".join(texts)) for key, texts in joiner.redlines]
    return changes, formats


# --- the checks ---------------------------------------------------------------------------------


def check_in_libreoffice(libreoffice: LibreOffice, outputs: Outputs) -> None:
    """Assert that accept all gives the new version, reject all the old one, and that
    LibreOffice finds the revisions the compare engine calls for."""
    data = outputs.redline.read_bytes()
    shown = libreoffice.text(outputs.redline)
    assert shown.record_changes
    assert looks(libreoffice.accept_all(outputs.redline)) == looks(libreoffice.text(outputs.new))
    assert looks(libreoffice.reject_all(outputs.redline)) == looks(libreoffice.text(outputs.old))

    expected = expected_revisions(outputs.comparison)
    assert count_revisions(data) == expected
    changes, formats = libreoffice_redlines(data)
    found = [(r.type, r.text) for r in shown.redlines if r.type in ("Insert", "Delete")]
    assert found == changes
    assert [r.text for r in shown.redlines if r.type == "ParagraphFormat"] == formats
    assert len(shown.redlines) == len(changes) + len(formats)
    assert {r.type for r in shown.redlines} <= {"Insert", "Delete", "ParagraphFormat"}
    # What joining may and may not do: never more redlines than revisions, a
    # ParagraphFormat for each w:pPrChange at least, and none without one.
    assert len(changes) <= expected.total - expected.format_changes
    assert len(formats) >= expected.format_changes
    assert (len(formats) > 0) == (expected.format_changes > 0)


# --- the embedded documents ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outputs]:
    """The outputs of every embedded document, read from this repository (not written to)."""
    out = tmp_path_factory.mktemp("inbyggda")
    return {name: write_outputs(PROJECT, name, OLD, NEW, out) for name in EMBEDDED}


def test_every_embedded_document_is_checked() -> None:
    assert {"forbundsordning", "itsam-avtal", "direktionens-reglemente"} <= set(EMBEDDED)


@pytest.mark.parametrize("name", EMBEDDED)
def test_embedded_document_accepts_and_rejects_to_its_versions(
    name: str, embedded: dict[str, Outputs], libreoffice: LibreOffice
) -> None:
    outputs = embedded[name]
    assert expected_revisions(outputs.comparison).total > 0, "the versions should differ"
    check_in_libreoffice(libreoffice, outputs)


# --- list numbering ----------------------------------------------------------------------------

LISTS = "---\ntitel: T\n---\n# T\n\n## 1 § A\n\n1. x y\n2. z w\n\n## 2 § B\n\n"
NUMBERING_CASES = {
    "lists joined": ("- p q\n\n1. r s\n", "1. p q\n2. r s\n"),
    "list split": ("1. p q\n2. r s\n", "- p q\n\n1. r s\n"),
    "first item removed": ("1. p q\n2. r s\n", "1. r s\n"),
    "paragraph put between": ("1. p q\n2. r s\n", "1. p q\n\nmellan\n\n1. r s\n"),
}


@pytest.mark.parametrize("case", NUMBERING_CASES)
def test_lists_are_numbered_as_in_the_versions_after_accept_and_reject(
    case: str, repo: Repo, libreoffice: LibreOffice, tmp_path: Path
) -> None:
    old, new = NUMBERING_CASES[case]
    repo.doc("lista", LISTS + old, "Gällande")
    repo.doc("lista", LISTS + new, "Förslag")
    outputs = write_outputs(repo.root, "lista", "HEAD~1", "HEAD", tmp_path)
    assert looks(libreoffice.accept_all(outputs.redline)) == looks(libreoffice.text(outputs.new))
    assert looks(libreoffice.reject_all(outputs.redline)) == looks(libreoffice.text(outputs.old))


# --- random edits of generated documents --------------------------------------------------------

VOCABULARY = (
    "förbundet direktionen kommun ledamot beslut budget avgift revision ärende protokoll "
    "medlem ersättare ska får enligt och inom"
).split()
TITLES = "Namn Säte Ändamål Organ Revisorer Budget Utträde Likvidation Arvoden".split()


@dataclass
class GenBlock:
    """A paragraph or list item of a generated document."""

    kind: str  # paragraph, bullet or ordered
    depth: int
    words: list[str]


@dataclass
class GenSection:
    """A section: ``## N § Title`` (or ``###``) and its blocks."""

    number: int
    level: int  # 2 or 3
    title: str
    blocks: list[GenBlock]


@dataclass
class GenDocument:
    """A generated document: a preamble and numbered sections."""

    preamble: list[GenBlock]
    sections: list[GenSection]

    def blocks(self) -> list[GenBlock]:
        """Return every block, the preamble's first."""
        return [*self.preamble, *(b for s in self.sections for b in s.blocks)]


def _markdown_blocks(blocks: list[GenBlock]) -> Iterator[str]:
    """Yield the Markdown lines of ``blocks``, a blank line before each paragraph and list."""
    counter = 0
    top: str | None = None  # the kind of the list being written, None after a paragraph
    for block in blocks:
        text = " ".join(block.words)
        if block.kind == "paragraph":
            top = None
            yield from ("", text)
            continue
        if top is None or (block.depth == 0 and block.kind != top):
            top, counter = block.kind, 0
            yield ""
        if block.depth:
            yield f"    - {text}"
        else:
            counter += 1
            yield f"{counter}. {text}" if block.kind == "ordered" else f"- {text}"


def markdown(doc: GenDocument, version: str) -> str:
    """Return the Markdown file of ``doc`` with ``version`` in its front matter."""
    lines = ["---", "titel: Ordning för Testförbundet", f"version: {version}", "---", ""]
    lines += ["# Ordning för Testförbundet", *_markdown_blocks(doc.preamble)]
    for s in doc.sections:
        lines += ["", "#" * s.level + f" {s.number} § {s.title}", *_markdown_blocks(s.blocks)]
    return "\n".join(lines) + "\n"


text_words = st.lists(st.sampled_from(VOCABULARY), min_size=2, max_size=7)
paragraphs = st.builds(lambda w: [GenBlock("paragraph", 0, w)], text_words)
list_items = st.lists(st.tuples(st.booleans(), text_words), min_size=1, max_size=3)
lists = st.builds(
    lambda kind, items: [
        GenBlock(kind, int(n > 0 and deep), w) for n, (deep, w) in enumerate(items)
    ],
    st.sampled_from(["bullet", "ordered"]),
    list_items,
)
block_runs = st.lists(st.one_of(paragraphs, lists), min_size=1, max_size=3).map(
    lambda runs: [block for run in runs for block in run]
)
sections = st.builds(
    lambda level, title, blocks: GenSection(0, level, title, blocks),
    st.sampled_from([2, 2, 3]),
    st.sampled_from(TITLES),
    block_runs,
)


def _numbered(items: list[GenSection]) -> list[GenSection]:
    for number, s in enumerate(items, start=1):
        s.number = number
    return items


documents = st.builds(
    GenDocument,
    st.one_of(st.just([]), paragraphs),
    st.lists(sections, min_size=2, max_size=5).map(_numbered),
)
EDITS = ("word", "word", "add", "remove", "move", "list", "level")
Edit = tuple[str, int, int, GenSection]
edits = st.lists(
    st.tuples(st.sampled_from(EDITS), st.integers(0, 60), st.integers(0, 60), sections),
    min_size=1,
    max_size=4,
)


def _edit_words(doc: GenDocument, i: int, j: int) -> None:
    blocks = doc.blocks()
    words = blocks[i % len(blocks)].words
    at = j % len(words)
    if j % 3 == 0 and len(words) > 1:
        del words[at]
    elif j % 3 == 1:
        words.insert(at, VOCABULARY[j % len(VOCABULARY)])
    else:
        words[at] = VOCABULARY[(VOCABULARY.index(words[at]) + 1 + j) % len(VOCABULARY)]


def _toggle_list(doc: GenDocument, i: int) -> None:
    """Make the list holding the i-th list item (counted round) bullets or numbers."""
    runs: list[list[GenBlock]] = []
    for blocks in [doc.preamble, *(s.blocks for s in doc.sections)]:
        for kind, group in itertools.groupby(blocks, key=lambda b: b.kind == "paragraph"):
            if not kind:
                runs.append(list(group))
    if not runs:
        return
    run = runs[i % len(runs)]
    top = [b for b in run if b.depth == 0]
    new_kind = "bullet" if top[0].kind == "ordered" else "ordered"
    for block in top:
        block.kind = new_kind


def edited(doc: GenDocument, changes: list[Edit], renumber: bool) -> GenDocument:
    """Return a copy of ``doc`` with ``changes`` made; sections renumbered when asked."""
    new = copy.deepcopy(doc)
    for kind, i, j, section in changes:
        n = len(new.sections)
        if kind == "word":
            _edit_words(new, i, j)
        elif kind == "add":
            added = copy.deepcopy(section)
            added.number = max(s.number for s in new.sections) + 1 if n else 1
            new.sections.insert(i % (n + 1), added)
        elif kind == "remove" and n > 1:
            del new.sections[i % n]
        elif kind == "move" and n > 1:
            moved = new.sections.pop(i % n)
            new.sections.insert(j % n, moved)
        elif kind == "list":
            _toggle_list(new, i)
        elif kind == "level" and n:
            s = new.sections[i % n]
            s.level = 5 - s.level
    if renumber:
        _numbered(new.sections)
    return new


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], Path]:
    """Return a function that gives each hypothesis example a fresh directory."""
    root = tmp_path_factory.mktemp("exempel")
    counter = itertools.count(1)
    return lambda: root / str(next(counter))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(doc=documents, changes=edits, renumber=st.booleans())
def test_random_edits_accept_and_reject_to_the_two_versions(
    doc: GenDocument,
    changes: list[Edit],
    renumber: bool,
    libreoffice: LibreOffice,
    examples: Callable[[], Path],
) -> None:
    old_text = markdown(doc, "gällande")
    new_text = markdown(edited(doc, changes, renumber), "förslag")
    assume(old_text.replace("gällande", "förslag") != new_text)
    where = examples()
    repo = Repo(where / "arkiv")
    repo.doc("ordning", old_text, "Gällande", "2019-06-17T10:00:00+02:00")
    repo.doc("ordning", new_text, "Förslag", "2024-02-20T10:00:00+01:00")
    check_in_libreoffice(libreoffice, write_outputs(repo.root, "ordning", "HEAD~1", "HEAD", where))


# --- pages --------------------------------------------------------------------------------------


def test_every_kind_of_output_renders_to_pages_that_are_not_blank(
    embedded: dict[str, Outputs],
    libreoffice: LibreOffice,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outputs = embedded["forbundsordning"]
    rendered: list[Path] = []
    kinds = (("redline", outputs.redline), ("table", outputs.table), ("clean", outputs.new))
    for kind, docx in kinds:
        pdf = libreoffice.convert_pdf(docx, tmp_path / f"forbundsordning-{kind}.pdf")
        pages = pdf_to_pngs(pdf, tmp_path / "png")
        assert pages, f"{kind}: no pages"
        assert len(pages) == len(PdfReader(pdf).pages)
        assert not [page.name for page in pages if png_is_blank(page)]
        rendered += pages
    with capsys.disabled():
        print(f"\nPNG pages in {tmp_path / 'png'}: " + ", ".join(p.name for p in rendered))
