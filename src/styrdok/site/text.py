"""A document's text for a web page: its sections in order, each block a paragraph or an
item of a (nested) list, ready for the site's templates."""

from __future__ import annotations

from dataclasses import dataclass, field

from styrdok.render.html import slug
from styrdok.text.model import Block, BlockKind, ChapterBeside, Document


@dataclass
class Item:
    """A list item and the lists nested under it."""

    text: str
    children: list[ListGroup] = field(default_factory=list)


@dataclass
class ListGroup:
    """Consecutive list items of one kind at one level."""

    kind: BlockKind
    items: list[Item] = field(default_factory=list)

    @property
    def ordered(self) -> bool:
        return self.kind == "ordered"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph."""

    text: str


@dataclass(frozen=True)
class TextSection:
    """A heading (its level on the page, 2–6) and its blocks."""

    id: str
    level: int
    heading: str
    blocks: list[Paragraph | ListGroup]


def group(blocks: list[Block]) -> list[Paragraph | ListGroup]:
    """Return blocks with consecutive list items grouped into lists, nested by depth."""
    out: list[Paragraph | ListGroup] = []
    chain: list[Item] = []  # the last item at each depth
    for block in blocks:
        if block.kind == "paragraph":
            out.append(Paragraph(block.text))
            chain = []
            continue
        depth = min(block.depth, len(chain))
        siblings: list[ListGroup] = chain[depth - 1].children if depth else [
            g for g in out[-1:] if isinstance(g, ListGroup)
        ]  # fmt: skip
        if not siblings or siblings[-1].kind != block.kind:
            new = ListGroup(block.kind)
            (chain[depth - 1].children if depth else out).append(new)
            siblings = [new]
        item = Item(block.text)
        siblings[-1].items.append(item)
        chain = [*chain[:depth], item]
    return out


def text_sections(document: Document) -> tuple[list[Paragraph | ListGroup], list[TextSection]]:
    """Return a document's text before the first section and its sections in order, with
    a unique id per section (for links) and heading levels below the page's title (a
    first heading that only repeats the title is the title)."""
    preamble = list(document.preamble)
    top = document.sections
    title = top[0] if len(top) == 1 else None
    skip = title is not None and title.heading.text.strip() == document.display_title.strip()
    if skip and title is not None:
        preamble += title.blocks
    seen: set[str] = set()
    sections = []
    citer = ChapterBeside()
    for section, parents in document.walk():
        ref = citer.cite(section, parents)  # as the comparison cites it
        if skip and section is title:
            continue
        base = "avsnitt-" + (slug(ref) or "utan-rubrik")
        candidate, n = base, 2
        while candidate in seen:
            candidate, n = f"{base}-{n}", n + 1
        seen.add(candidate)
        level = min(6, len(parents) + 2 - int(skip))
        sections.append(TextSection(candidate, level, section.heading.text, group(section.blocks)))
    return group(preamble), sections
