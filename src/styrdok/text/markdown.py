"""Read a Markdown document into the model, and write the model back as Markdown.

The subset: YAML front matter, ATX and setext headings, paragraphs (hard-wrapped lines
are reflowed), bulleted and numbered lists with nesting. ``render(parse(text))`` is a
normalised form of ``text``; ``parse(render(doc)) == doc`` for every model.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from styrdok.core.errors import FrontMatterError
from styrdok.core.gcpause import gc_paused
from styrdok.text.model import (
    KEY_STATUS,
    KEY_VALID_FROM,
    STATUSES,
    Block,
    Document,
    Heading,
    Metadata,
    Section,
)

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"^([ \t]*)([-*+])(?:[ \t]+(.*))?$")
_ORDERED = re.compile(r"^([ \t]*)(\d{1,9})([.)])(?:[ \t]+(.*))?$")
_ESCAPED_ORDERED = re.compile(r"^(\d{1,9})\\([.)])")
_NEEDS_ESCAPE = re.compile(r"^(?:[#\-*+_=\\]|\d{1,9}[.)](?:\s|$))")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_HAS_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


def normalise(text: str) -> str:
    """Return text on one line: runs of any white space (also no-break) become one space,
    soft hyphens and zero-width characters are removed."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Printable: no white space but the space, no soft hyphen or zero-width character
        # (they are all unprintable), so the text already is on one line as it should be.
        return text
    if _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


# Front matter that is only ``key: value`` lines with plain text or ISO dates is read
# without the YAML library (the same values as YAML gives); anything else goes to YAML.
_SIMPLE_KEY = re.compile(r"[^\W\d_][^\W_]*(?: [^\W_]+)*")
_SIMPLE_TEXT = re.compile(r"[^\W\d_][^:#\\\t\"'`{}\[\]|>&*!%@]*")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Words YAML reads as true, false or null, not as text (any case, to be safe).
_HEAD_LINES = 200  # lines front_matter() looks at before it splits the whole text
_NOT_TEXT = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def _simple_front_matter(lines: list[str]) -> dict[str, Any] | None:
    """Return the values of front matter lines in the simple form, None otherwise."""
    values: dict[str, Any] = {}
    for line in lines:
        key, sep, value = line.partition(": ")
        value = value.strip(" ")
        if (
            not sep
            or key in values
            or not value
            or not line.isprintable()
            or not _SIMPLE_KEY.fullmatch(key)
            or key.casefold() in _NOT_TEXT
        ):
            return None
        if _SIMPLE_TEXT.fullmatch(value):
            if value.casefold() in _NOT_TEXT or value.endswith(" "):
                return None
            values[key] = value
            continue
        date = _ISO_DATE.fullmatch(value)
        if date is None:
            return None
        try:
            values[key] = dt.date(*map(int, date.groups()))
        except ValueError:
            return None
    return values


def _front_matter_lines(lines: list[str]) -> int:
    """Return the index of the line that closes the front matter opened on line 0."""
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return end
    raise FrontMatterError("front matter saknar avslutande rad '---'")


def _front_matter_values(lines: list[str]) -> dict[str, Any]:
    """Return the front matter's mapping (``lines`` between the markers), checked."""
    values = _simple_front_matter(lines)
    if values is None:
        from styrdok.core.yamlfile import YamlError, loads

        try:
            values = loads("\n".join(lines), "front matter", first_line=2)
        except YamlError as exc:
            raise FrontMatterError(str(exc)) from None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise FrontMatterError(
            f"front matter ska vara nycklar med värden, fick {type(values).__name__}"
        )
    check_front_matter(values)
    return values


def front_matter(text: str) -> dict[str, Any]:
    """Return the front matter of a Markdown text as a mapping: the same as
    :func:`split_front_matter`, but only the head of the text is split into lines."""
    lines = text.lstrip("\ufeff").split("\n", _HEAD_LINES)
    if len(lines) > _HEAD_LINES:
        lines.pop()  # the rest of the text, not one line
    if any("\r" in line for line in lines):
        return split_front_matter(text)[0]
    if lines[0].rstrip() != "---":
        return {}
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            return _front_matter_values(lines[1:end])
    return split_front_matter(text)[0]  # longer than the head, or not closed


def split_front_matter(text: str) -> tuple[dict[str, Any], list[str]]:
    """Return the front matter as a mapping and the body's lines."""
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, lines
    end = _front_matter_lines(lines)
    return _front_matter_values(lines[1:end]), lines[end + 1 :]


def check_front_matter(values: dict[Any, Any]) -> None:
    """Raise FrontMatterError naming the first key whose value has the wrong form."""
    for key in values:
        if not isinstance(key, str):
            raise FrontMatterError(f"front matter: nyckeln {key!r} ska vara text")
    status = values.get(KEY_STATUS)
    if status is not None and str(status) not in STATUSES:
        expected = ", ".join(STATUSES)
        raise FrontMatterError(f"front matter: status ska vara en av {expected}, fick {status!r}")
    valid_from = values.get(KEY_VALID_FROM)
    if valid_from is not None and not isinstance(valid_from, dt.date):
        raise FrontMatterError(
            f"front matter: '{KEY_VALID_FROM}' ska vara ett datum (ÅÅÅÅ-MM-DD), fick {valid_from!r}"
        )


class _BodyParser:
    """Turns body lines into preamble blocks and a section tree."""

    def __init__(self) -> None:
        self.preamble: list[Block] = []
        self.sections: list[Section] = []
        self.open_sections: list[Section] = []
        self.pending: list[str] = []  # lines of the paragraph being read
        self.item: tuple[str, int, list[str]] | None = None  # kind, depth, lines
        self.item_indent = 0
        self.list_indents: list[int] = []
        self.blank_before = True
        self.headings = 0  # headings read so far

    def blocks(self) -> list[Block]:
        return self.open_sections[-1].blocks if self.open_sections else self.preamble

    def flush(self) -> None:
        if self.pending:
            first = self.pending[0].lstrip()
            if first.startswith("\\") and len(first) > 1 and first[1] in "#-*+_=\\":
                self.pending[0] = first[1:]
            elif first[:1].isdigit():
                self.pending[0] = _ESCAPED_ORDERED.sub(r"\1\2", first)
            else:
                self.pending[0] = first
            self.blocks().append(Block("paragraph", normalise(" ".join(self.pending))))
            self.pending = []
        if self.item is not None:
            kind, depth, lines = self.item
            self.blocks().append(Block(kind, normalise(" ".join(lines)), depth))  # type: ignore[arg-type]
            self.item = None

    def heading(self, level: int, text: str) -> None:
        self.open(Heading(level, normalise(text)))

    def open(self, heading: Heading) -> None:
        """Start the section of ``heading`` (its text normalised)."""
        level = heading.level
        self.headings += 1
        self.flush()
        self.list_indents = []
        section = Section(heading)
        while self.open_sections and self.open_sections[-1].heading.level >= level:
            self.open_sections.pop()
        siblings = self.open_sections[-1].children if self.open_sections else self.sections
        siblings.append(section)
        self.open_sections.append(section)

    def atx(self, heading: Heading) -> None:
        """Read an ATX heading line that reads as ``heading`` (as :meth:`line` does)."""
        self.blank_before = False
        self.open(heading)

    def list_item(self, kind: str, indent: int, width: int, text: str) -> None:
        self.flush()
        while self.list_indents and self.list_indents[-1] > indent:
            self.list_indents.pop()
        if not self.list_indents or self.list_indents[-1] < indent:
            self.list_indents.append(indent)
        self.item = (kind, len(self.list_indents) - 1, [text])
        self.item_indent = indent + width

    def line(self, raw: str) -> None:
        if raw[:1].isalpha():
            # Plain text at the margin (most lines): no heading, rule or list marker can
            # start with a letter, so only the paragraph or list item goes on.
            after_blank, self.blank_before = self.blank_before, False
            if self.item is not None and not after_blank:
                self.item[2].append(raw.strip())
            elif self.pending:
                self.pending.append(raw.strip())
            else:
                self.flush()
                self.list_indents = []
                self.pending = [raw]
            return
        stripped = raw.strip()
        if not stripped:
            self.flush_paragraph_only()
            self.blank_before = True
            return
        indent = len(raw) - len(raw.lstrip(" \t"))
        after_blank, self.blank_before = self.blank_before, False
        if m := _ATX.match(raw):
            self.heading(len(m.group(1)), m.group(2) or "")
            return
        if self.pending and not after_blank and (m := _SETEXT.match(raw)):
            text = " ".join(self.pending)
            self.pending = []
            self.heading(1 if m.group(1)[0] == "=" else 2, text)
            return
        if _BREAK.match(raw):
            self.flush()
            self.list_indents = []
            return
        if m := _BULLET.match(raw):
            self.list_item("bullet", len(m.group(1)), 2, m.group(3) or "")
            return
        m = _ORDERED.match(raw)
        if m and not (self.pending and m.group(2) != "1"):
            self.list_item("ordered", len(m.group(1)), len(m.group(2)) + 2, m.group(4) or "")
            return
        if self.item is not None and (not after_blank or indent >= max(self.item_indent, 1)):
            self.item[2].append(stripped)
            return
        if self.pending:
            self.pending.append(stripped)
            return
        self.flush()
        if indent == 0:
            self.list_indents = []
        self.pending = [raw]

    def flush_paragraph_only(self) -> None:
        if self.pending:
            self.flush()


def parse(text: str) -> Document:
    """Return the document model of a Markdown text (front matter optional)."""
    with gc_paused():
        return _parse(text)


# The blocks of each run of lines between two ATX headings in the last document parsed:
# such a run is read the same way wherever it stands (the heading before it leaves the
# parser in the same state), so the next version of the same document reuses the blocks
# of every run that did not change.
_last_runs: dict[str, tuple[Block, ...]] = {}


_ATX_FIRST = ("#", " ")  # how an ATX heading's line can start


# The headings of the ATX heading lines in the last document parsed, by line: the next
# version of the same document reads its unchanged heading lines from here.
_last_headings: dict[str, Heading] = {}


def _atx_headings(
    lines: list[str], previous: dict[str, Heading]
) -> tuple[dict[int, Heading], dict[str, Heading]]:
    """Return the ATX heading lines among ``lines`` as line number -> heading (level
    and normalised text, as :meth:`_BodyParser.line` reads the line), and the headings
    by line for the next parse; ``previous`` holds those of the parse before."""
    found = {}
    seen: dict[str, Heading] = {}
    for k, raw in enumerate(lines):
        if raw[:1] in _ATX_FIRST and raw[:4].lstrip(" ")[:1] == "#":
            heading = seen.get(raw) or previous.get(raw)
            if heading is None:
                m = _ATX.match(raw)
                if m is None:
                    continue
                heading = Heading(len(m.group(1)), normalise(m.group(2) or ""))
            found[k] = seen[raw] = heading
    return found, seen


def _plain_paragraphs(lines: list[str], start: int, end: int) -> tuple[Block, ...] | None:
    """Return the blocks of ``lines[start:end]`` when every line in it is blank or starts
    with a letter: paragraphs only, as :class:`_BodyParser` reads them (the first line of
    each as written, the others stripped, joined and normalised). None otherwise."""
    out: list[Block] = []
    pending: list[str] = []
    for k in range(start, end):
        raw = lines[k]
        if raw[:1].isalpha():
            pending.append(raw.strip() if pending else raw)
        elif raw.strip():
            return None  # markup, an indented line or other text: the full parser reads it
        elif pending:
            pending[0] = pending[0].lstrip()
            out.append(Block("paragraph", normalise(" ".join(pending))))
            pending = []
    if pending:
        pending[0] = pending[0].lstrip()
        out.append(Block("paragraph", normalise(" ".join(pending))))
    return tuple(out)


def _parse(text: str) -> Document:
    global _last_runs, _last_headings
    values, lines = split_front_matter(text)
    parser = _BodyParser()
    previous = _last_runs
    runs: dict[str, tuple[Block, ...]] = {}
    heads, heading_lines = _atx_headings(lines, _last_headings)
    start = 0
    for end in [*heads, len(lines)]:
        if start < end:
            run = "\n".join(lines[start:end])
            known = runs.get(run) or previous.get(run)
            target = parser.blocks()
            if known is not None:
                target.extend(known)
            elif (plain := _plain_paragraphs(lines, start, end)) is not None:
                target.extend(plain)
                runs[run] = plain
            else:
                before, headings = len(target), parser.headings
                for raw in lines[start:end]:
                    parser.line(raw)
                parser.flush()
                if parser.headings == headings:  # no setext heading: the run stands alone
                    runs[run] = tuple(target[before:])
        if end < len(lines):
            parser.atx(heads[end])  # what parser.line(lines[end]) does with a heading
        start = end + 1
    parser.flush()
    _last_runs = runs
    _last_headings = heading_lines
    return Document(Metadata(values), parser.preamble, parser.sections)


def _escape(text: str) -> str:
    """Return paragraph text with a backslash where its start would read as markup."""
    if not _NEEDS_ESCAPE.match(text):
        return text
    if text[0].isdigit():
        return re.sub(r"^(\d{1,9})([.)])", r"\1\\\2", text, count=1)
    return "\\" + text


def render_blocks(blocks: list[Block]) -> list[str]:
    """Return Markdown lines for blocks: paragraphs apart, list items together."""
    out: list[str] = []
    counters: list[tuple[str, int]] = []  # per depth: list kind and items so far
    previous: Block | None = None
    for block in blocks:
        if block.kind == "paragraph":
            if out:
                out.append("")
            out.append(_escape(block.text))
            counters = []
        else:
            if previous is not None and previous.kind == "paragraph":
                out.append("")
            del counters[block.depth + 1 :]
            while len(counters) <= block.depth:
                counters.append(("", 0))
            kind, count = counters[block.depth]
            count = count + 1 if kind == block.kind else 1
            counters[block.depth] = (block.kind, count)
            marker = "-" if block.kind == "bullet" else f"{count}."
            text = f" {block.text}" if block.text else ""
            line = "    " * block.depth + marker + text
            if _BREAK.match(line):  # "- - -" would read as a thematic break, not an item
                line = "    " * block.depth + "*" + text
            out.append(line)
        previous = block
    return out


def render(doc: Document) -> str:
    """Return the Markdown text of a document, front matter first."""
    out: list[str] = []
    if doc.meta.values:
        from styrdok.core.yamlfile import dumps

        dumped = dumps(dict(doc.meta.values), width=1000)
        out += ["---", dumped.rstrip("\n"), "---", ""]
    if doc.preamble:
        out += render_blocks(doc.preamble) + [""]
    for section, _parents in doc.walk():
        text = section.heading.text
        if text.endswith("#"):
            text += " #"
        out.append("#" * section.heading.level + (f" {text}" if text else ""))
        out.append("")
        if section.blocks:
            out += render_blocks(section.blocks) + [""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
