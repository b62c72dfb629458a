"""Check a document's structure: duplicate and skipped section numbers, and references in
the text to sections that do not exist. References to other acts and documents are left out.
A förbundsordning is also checked for the 18 points of kommunallagen 9 kap. 6 §
(:mod:`styrdok.text.kl`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from styrdok.core.vocabulary import PREAMBLE
from styrdok.text.kl import applies, missing_points
from styrdok.text.model import Block, ChapterBeside, Document, Section
from styrdok.text.numbering import NumberKind, SectionNumber

ProblemKind = Literal["duplicate", "skipped", "broken-reference", "kl-point"]
_TIMES = {2: "två", 3: "tre", 4: "fyra", 5: "fem"}


@dataclass(frozen=True)
class Problem:
    """A problem in a document: its kind, the section where it was found and a message."""

    kind: ProblemKind
    section: str  # as cited ("2 kap. 3 §", "ingressen"); "" for the document level
    message: str
    reference: Reference | None = None  # the citation of a broken reference

    def __str__(self) -> str:
        return f"{self.section}: {self.message}" if self.section else self.message


@dataclass(frozen=True)
class Reference:
    """A citation in running text: what it cites and where the citation stands."""

    kind: NumberKind
    number: str  # "12", "7 a", "3.2", "A"
    chapter: str | None  # the chapter of a paragraph reference: "3 kap. 2 §" → "3"
    span: tuple[int, int]  # the whole citation ("3 och 4 §§"), shared by its numbers
    text: str
    external: bool = False  # cites another act or document ("9 kap. 6 § kommunallagen")

    @property
    def label(self) -> str:
        """Return the target as cited: ``12 §``, ``3 kap. 2 §``, ``avsnitt 3.2``, ``bilaga 2``."""
        label = SectionNumber(self.kind, self.number).label
        if self.kind == "avsnitt":
            return f"avsnitt {label}"
        return f"{self.chapter} kap. {label}" if self.chapter is not None else label


# --- Finding references -------------------------------------------------------------------

_SEP = r"\s*(?:,|och|eller|samt|till|–|—|-)\s*"
_LETTER = r"(?:\s?[a-h](?![\wåäöé-]))?"  # an inserted number: 7 a §, 7a §
_PAR = r"(?<![\w.:/])\d{1,3}(?!\.?\d)" + _LETTER
_SEC = r"(?<![\w.:/])\d{1,3}(?:\.\d{1,3})*(?!\.?\d)"
_DEC = r"(?<![\w.:/])\d{1,3}(?:\.\d{1,3})+(?!\.?\d)"
_APP = r"(?<![\w.:/])(?:\d{1,3}(?!\.?\d)|[A-Z](?![\wÅÄÖ]))"


def _listed(item: str, then: str = r"(?!\s?(?:kap\b|§))") -> str:
    """Return a pattern for a list of items; by default the last one must not start the
    next citation ("§ 4 och 5 kap. 40 §")."""
    return f"(?<![-–—]){item}(?:{_SEP}{item}{then})*"  # not inside 2024-03-05


_CITATION = re.compile(
    rf"(?:(?P<chapter>{_PAR})\s?kap\b\.?\s*)?(?P<par>{_listed(_PAR, '')})\s?§§?"  # 3 kap. 2 §
    rf"|(?P<chap>{_listed(_PAR, '')})\s?kap\b\.?"  # 2 kap., 2 och 3 kap.
    rf"|§§?\s?(?P<sign>{_listed(_SEC + _LETTER)})"  # § 12, §§ 3 och 4
    rf"|\b(?i:kapit(?:el|let|len))\s+(?P<kapitel>{_listed(_PAR)})"  # kapitel 2
    rf"|\b(?i:avsnitt(?:et|en)?)\s+(?P<avsnitt>{_listed(_SEC)})"  # avsnitt 3, avsnitt 3.2
    rf"|\b(?i:punkt(?:en|erna)?)\s+(?P<punkt>{_listed(_DEC)})"  # punkt 3.2 (not punkt 3)
    rf"|\b(?i:bilag(?:a|an|or|orna))\s+(?P<bilaga>{_listed(_APP)})"  # bilaga 2, bilaga A
)
_GROUP_KIND: dict[str, NumberKind] = {
    "par": "paragraf", "sign": "paragraf", "chap": "kapitel", "kapitel": "kapitel",
    "avsnitt": "avsnitt", "punkt": "avsnitt", "bilaga": "bilaga",
}  # fmt: skip
_ITEM = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{1,3})*)(?:\s?(?P<letter>[a-h])(?![\wåäöé-]))?"
    r"|\b(?P<app>[A-Z])\b|(?P<range>–|—|-|\btill\b)"
)

# Words that make a citation point outside the document: acts, their abbreviations,
# SFS numbers, the other governance documents and minutes ("protokoll 2024-03-05 § 12").
_EXTERNAL_WORDS = frozenset(
    "lag KL OSL FL LOU LUF LUK SoL LSS PBL TF RF YGL GDPR SFS protokoll".split()
)
_EXTERNAL_ENDINGS = (
    "lagen", "lagens", "balken", "balkens", "förordning", "förordningen", "förordningens",
    "regeringsformen", "regeringsformens", "förbundsordningen", "förbundsordningens",
    "reglementet", "reglementets", "avtalet", "avtalets", "protokollet", "protokollets",
)  # fmt: skip
# förslagen, anslagen, underlagen: not acts (but förvaltningslagen and sekretesslagen are)
_NOT_EXTERNAL = re.compile(r"(?:(?:för|an|ut|be|av|in|upp|till|om|på)s|under|upp)lagens?$")
_EXTERNAL_TOKEN = re.compile(r"\(?(?:SFS\s?)?\d{4}:\d{1,4}\)?[,.;)]*|\d{4}-\d{2}-\d{2}[,.]?")
# Words that may stand between a citation and the act it belongs to.
_QUALIFIERS = frozenset(
    "och eller samt i § §§ kap st p stycket styckena punkt punkten punkterna meningen – — - "
    "första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde sista".split()
)
_ABBREVIATIONS = frozenset({"kap.", "st.", "p."})
_NUMBER_TOKEN = re.compile(r"\d{1,3}(?:\.\d{1,3})*[a-h]?")


def _is_external_word(token: str) -> bool:
    if _EXTERNAL_TOKEN.fullmatch(token):
        return True
    word = token.strip(",.;:()[]\"'”").removesuffix(":s")
    lower = word.lower()
    if word in _EXTERNAL_WORDS or lower == "lagen":
        return True
    if lower == "avtalet" or _NOT_EXTERNAL.search(lower) is not None:
        return False  # "avtalet" alone names the document itself
    return lower.endswith(_EXTERNAL_ENDINGS)


def _is_qualifier(word: str) -> bool:
    word = word.rstrip(".")
    return word in _QUALIFIERS or word.endswith("-") or bool(_NUMBER_TOKEN.fullmatch(word))


def _ends_sentence(token: str) -> bool:
    return token.endswith((".", ";", ":", "!", "?")) and token not in _ABBREVIATIONS


def _is_external(text: str, start: int, end: int) -> bool:
    """Return whether an act or another document is named next to a citation, with only
    qualifiers in between: ``6 § första stycket kommunallagen``, ``KL 5 kap. 40 §``."""
    for token in text[end:].split()[:8]:
        if _is_external_word(token):
            return True
        word = token.rstrip(",")
        if not _is_qualifier(word) or _ends_sentence(word):
            break
    for token in reversed(text[:start].split()[-8:]):
        word = token.rstrip(",")
        if _ends_sentence(word):
            return False
        if _is_external_word(token):
            return True
        if not _is_qualifier(word):
            return False
    return False


def _between(first: str, last: str) -> list[str]:
    """Return the numbers strictly inside a range: 8–11 → 9, 10; 3.1–3.3 → 3.2."""
    a, b = first.split("."), last.split(".")
    if not all(p.isdigit() for p in a + b) or a[:-1] != b[:-1] or int(b[-1]) - int(a[-1]) > 100:
        return []
    prefix = "".join(f"{p}." for p in a[:-1])
    return [f"{prefix}{n}" for n in range(int(a[-1]) + 1, int(b[-1]))]


def _numbers(listed: str) -> list[str]:
    """Return the numbers in ``3, 4 och 7 a`` or ``8–11``, ranges filled in."""
    values: list[str] = []
    in_range = False
    for m in _ITEM.finditer(listed):
        if m["range"]:
            in_range = bool(values)
            continue
        value = m["app"] or (f"{m['num']} {m['letter']}" if m["letter"] else m["num"])
        if in_range:
            values += _between(values[-1], value)
        values.append(value)
        in_range = False
    return values


def find_references(text: str, *, include_external: bool = False) -> list[Reference]:
    """Return the sections cited in ``text``, in order: ``12 §``, ``§ 12``, ``3 och 4 §§``,
    ``8–11 §§``, ``3 kap. 2 §``, ``2 kap.``, ``kapitel 2``, ``avsnitt 3.2``, ``punkt 3.2``
    and ``bilaga 2``. Citations of other acts and documents are left out unless
    ``include_external`` is true."""
    found: list[Reference] = []
    for m in _CITATION.finditer(text):
        group = next(name for name in _GROUP_KIND if m[name])
        external = _is_external(text, m.start(), m.end())
        if external and not include_external:
            continue
        chapter = _numbers(m["chapter"])[0] if group == "par" and m["chapter"] else None
        for number in _numbers(m[group]):
            span = (m.start(), m.end())
            found.append(Reference(_GROUP_KIND[group], number, chapter, span, m[0], external))
    return found


# --- Checking a document -----------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """A section with how it is cited, its chapter and the numbered section it belongs to."""

    section: Section
    ref: str
    chapter: str | None  # the value of the chapter it stands in
    owner: Section | None


def _entries(doc: Document) -> Iterator[_Entry]:
    """Yield every section in document order. Paragraphs belong to the chapter above them,
    nested or at the same heading level; other sections to their nearest numbered parent."""
    chapter: tuple[Section, SectionNumber] | None = None
    citer = ChapterBeside()
    for section, parents in doc.walk():
        number, level = section.heading.number, section.heading.level
        paragraph = number is not None and number.kind == "paragraf"
        top = chapter[0].heading.level if chapter is not None else 0
        if level < top or (level == top and not paragraph):
            chapter = None  # a heading above the chapter, or beside it but not a paragraph
        if number is not None and number.kind == "kapitel":
            chapter = (section, number)
        owner = next((p for p in reversed(parents) if p.heading.number is not None), None)
        ref = citer.cite(section, parents)  # with the chapter beside it, if any
        if paragraph and chapter is not None:
            owner = chapter[0]
        yield _Entry(section, ref, chapter[1].value if chapter else None, owner)


def _position(number: SectionNumber) -> tuple[int, ...]:
    """Return the numeric parts of a number; appendix letters count from A = 1."""
    if number.value.isalpha():
        return (ord(number.value[0].upper()) - ord("A") + 1,)
    return number.parts


_Key = tuple[int, NumberKind, tuple[int, ...]]  # owner, kind, parent of a decimal number


def _numbering_problems(entries: list[_Entry]) -> list[Problem]:
    """Return duplicate and skipped numbers among the sections that share an owner, a kind
    and (for decimal numbers) a parent number, in document order."""
    where = {id(e.section): e.ref for e in entries}
    numbered = [(e, n) for e in entries if (n := e.section.heading.number) is not None]
    keys: list[_Key] = [(id(e.owner), n.kind, _position(n)[:-1]) for e, n in numbered]
    totals = Counter((key, n.value) for key, (_e, n) in zip(keys, numbered, strict=True))
    seen: Counter[tuple[_Key, str]] = Counter()
    previous: dict[_Key, SectionNumber] = {}
    problems: list[Problem] = []
    for key, (entry, number) in zip(keys, numbered, strict=True):
        decimal = number.kind == "avsnitt" and len(number.parts) > 1  # 3.2 names its parent
        place = "" if entry.owner is None or decimal else where[id(entry.owner)]
        seen[key, number.value] += 1
        if seen[key, number.value] == 2:
            times = totals[key, number.value]
            lead = "" if number.kind == "bilaga" else "nummer "
            message = f"{lead}{number.label} förekommer {_TIMES.get(times, str(times))} gånger"
            problems.append(Problem("duplicate", place, message))
        before = previous.get(key)
        previous[key] = number
        if before is not None and _position(number)[-1] > _position(before)[-1] + 1:
            message = f"numreringen hoppar från {before.label} till {number.label}"
            problems.append(Problem("skipped", place, message))
    return problems


class _Index:
    """The numbers a document has, to look references up in."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.paragraphs: dict[str | None, set[str]] = {}  # by the value of their chapter
        self.others: dict[NumberKind, set[str]] = {"kapitel": set(), "avsnitt": set()}
        for entry in entries:
            number = entry.section.heading.number
            if number is not None and number.kind == "paragraf":
                self.paragraphs.setdefault(entry.chapter, set()).add(number.value)
            elif number is not None:
                self.others.setdefault(number.kind, set()).add(number.value)

    def exists(self, ref: Reference, chapter: str | None) -> bool:
        """Return whether ``ref`` names a section, seen from inside ``chapter``. Kinds of
        section the document does not use are not checked (an appendix in its own file)."""
        if ref.kind != "paragraf":
            known = self.others.get(ref.kind, set())
            return not known or ref.number in known
        if ref.chapter is not None:
            known = self.paragraphs.get(ref.chapter, set())
            return not self.others["kapitel"] or ref.number in known
        if not self.paragraphs:  # "3 §" in a document numbered "3 Ändamål"
            return not self.others["avsnitt"] or ref.number in self.others["avsnitt"]
        every = [v for values in self.paragraphs.values() for v in values]
        continuous = len(every) == len(set(every))  # numbers do not restart per chapter
        pool = self.paragraphs.get(chapter, set())
        return ref.number in pool or ((chapter is None or continuous) and ref.number in every)


def _reference_problems(doc: Document, entries: list[_Entry]) -> list[Problem]:
    index = _Index(entries)
    places: list[tuple[str, list[Block], str | None]] = [(PREAMBLE, doc.preamble, None)]
    places += [(e.ref, e.section.blocks, e.chapter) for e in entries]
    problems: list[Problem] = []
    for place, blocks, chapter in places:
        reported: set[str] = set()
        for block in blocks:
            for ref in find_references(block.text):
                if ref.label not in reported and not index.exists(ref, chapter):
                    reported.add(ref.label)
                    message = f"hänvisning till {ref.label} som inte finns"
                    problems.append(Problem("broken-reference", place, message, ref))
    return problems


def numbered_sections(doc: Document) -> list[tuple[SectionNumber | None, str | None]]:
    """Return each section's number (None for an unnumbered heading) and the value of the
    chapter it stands in, in the order of :meth:`Document.walk`."""
    return [(e.section.heading.number, e.chapter) for e in _entries(doc)]


def cites(ref: Reference, number: SectionNumber | None, chapter: str | None) -> bool:
    """Return True when ``ref`` names the section numbered ``number`` in ``chapter``."""
    return (
        number is not None
        and number.kind == ref.kind
        and number.value == ref.number
        and (ref.chapter is None or ref.chapter == chapter)
    )


def citation(number: SectionNumber, chapter: str | None, like: Reference) -> str:
    """Return how a citation written like ``like`` names the section numbered ``number``
    in ``chapter``: ``5 §``, ``3 kap. 5 §``, ``avsnitt 3.3``."""
    kept = chapter if like.chapter is not None else None
    return Reference(number.kind, number.value, kept, like.span, like.text).label


def check_document(doc: Document) -> list[Problem]:
    """Return the problems found in a document: duplicate and skipped section numbers, then
    references to sections that do not exist, each in document order; for a förbundsordning
    (``typ: förbundsordning``) then the points of 9 kap. 6 § kommunallagen it lacks."""
    entries = list(_entries(doc))
    problems = _numbering_problems(entries) + _reference_problems(doc, entries)
    if applies(doc):
        problems += [Problem("kl-point", "", f.message) for f in missing_points(doc)]
    return problems
