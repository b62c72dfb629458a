"""What kommunallagen (2017:725) 9 kap. 6 § says a förbundsordning must state: 18 points.

A point is found when a section's heading, or a sentence in the text, takes it up in the
words förbundsordningar use for it: the heading ``Anslagstavla``, or a sentence such as
``Förbundets anslagstavla finns på …``. A point with several parts (point 1: name, seat,
members and purpose) is found when every part is. The patterns look for the clause that
regulates a matter, not for a mention of it: ``kvalificerad majoritet enligt 12 §`` in
another section does not count for point 7, ``två tredjedelar`` does.

A clause worded in an unusual way is marked in the front matter, naming the section that
regulates the point::

    kommunallagen 9 kap. 6 §:
      10: 15 §            # point 10 is regulated in 15 §
      4: [10 §, bilaga 2]

A marked point counts as found when every section it names exists in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from styrdok.text.model import KEY_KIND, STATUTES, ChapterBeside, Document, section_ref

MARK_KEY = "kommunallagen 9 kap. 6 §"
LAW = "9 kap. 6 §"
_NUM = r"(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)"


@dataclass(frozen=True)
class Part:
    """One thing a point asks for, and how a clause stating it is recognised."""

    name: str
    heading: str = ""  # a pattern for a section's title (case-insensitive)
    text: str = ""  # a pattern for a sentence in the text (case-insensitive)

    def found_in(self, title: str, body: str) -> bool:
        """Return True when the heading ``title`` or the text ``body`` states this part."""
        if self.heading and re.search(self.heading, title, re.IGNORECASE):
            return True
        return bool(self.text) and re.search(self.text, body, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Point:
    """A numbered point of 9 kap. 6 §: its name as reported, and its parts."""

    number: int
    name: str
    parts: tuple[Part, ...]

    @property
    def label(self) -> str:
        """Return how the point is cited: ``9 kap. 6 § punkt 10: förbundets anslagstavla``."""
        return f"{LAW} punkt {self.number}: {self.name}"


def _point(number: int, name: str, *parts: Part) -> Point:
    return Point(number, name, parts)


POINTS: tuple[Point, ...] = (
    _point(
        1,
        "förbundets namn, säte, medlemmar och ändamål",
        Part("namn", r"^(förbundets )?namn\b|^firma\b", r"förbundets namn är"),
        Part("säte", r"\bsäte\b", r"(har|ska ha) sitt säte i \w"),
        Part(
            "medlemmar",
            r"^(förbundets )?medlemmar$|^förbundsmedlemmar\b|^medlemskommuner\b",
            r"förbundets medlemmar är|medlemmar i förbundet är",
        ),
        Part("ändamål", r"ändamål|^syfte\b", r"förbundets ändamål är|förbundet har till ändamål"),
    ),
    _point(
        2,
        "förbundets organ, deras uppgifter och inbördes förhållande",
        Part("organ", r"\borgan\b|^organisation\b", r"(följande|förbundets) organ (ska )?finnas"),
    ),
    _point(
        3,
        "antalet ledamöter och ersättare, medlemmarnas representation och mandattiden",
        Part(
            "antal ledamöter och ersättare",
            r"sammansättning",
            rf"består av {_NUM} ledamöter|\b{_NUM} ledamöter och {_NUM} ersättare",
        ),
        Part(
            "mandattid",
            r"mandattid|mandatperiod",
            r"ledamöter(na)? och ersättare(na)?[^.]{0,60}(väljs|utses) för",
        ),
    ),
    _point(
        4,
        "antalet revisorer och deras mandattid",
        Part("antal revisorer", "", rf"(ha|av|utses|väljs) {_NUM} revisorer|antalet revisorer"),
        Part("mandattid", "", r"revisorerna (väljs|utses) för|revisorernas mandattid"),
    ),
    _point(
        5,
        "hur revisorerna utses",
        Part(
            "", "", r"revisor\w* (ska )?(väljs|utses|väljas) av|(väljer|utser) förbundets revisor"
        ),
    ),
    _point(
        6,
        "medlemmarnas rätt att väcka ärenden",
        Part(
            "",
            r"initiativ|väcka ärenden|väckande av ärenden",
            r"ärenden[^.]{0,30} får väckas|(får|har rätt att) väcka ärenden|initiativrätt",
        ),
    ),
    _point(
        7,
        "beslut som kräver kvalificerad majoritet",
        Part(
            "",
            r"kvalificerad majoritet",
            r"två tredjedelar|tre fjärdedelar|kräver (enhällighet|enighet)|enhälligt beslut",
        ),
    ),
    _point(
        8,
        "närvarorätt för medlemmarnas förtroendevalda och anställda (5 kap. 40 §)",
        Part("", r"närvarorätt.*medlem|medlem.*närvarorätt", r"5 kap\.? 40 §"),
    ),
    _point(
        9,
        "närvarorätt i förbundets organ (4 kap. 28 §)",
        Part("", r"^(?!.*medlem).*närvarorätt", r"4 kap\.? 28 §"),
    ),
    _point(
        10,
        "förbundets anslagstavla",
        Part("", r"anslagstavla", r"anslagstavla\w* (finns|ska finnas|är)"),
    ),
    _point(
        11,
        "andelar i tillgångar och skulder och fördelningen av kostnader",
        Part(
            "andelar",
            r"andel\w*[^.]*(tillgångar|skulder)",
            r"andel\w* i förbundets tillgångar och skulder (bestäms|beräknas|fördelas)",
        ),
        Part(
            "kostnadsfördelning",
            r"kostnadsfördelning|fördelning av kostnader|^finansiering",
            r"kostnader\w* (för [^.]{0,50})?fördelas(?! enligt)",
        ),
    ),
    _point(
        12,
        "medlemmarnas styrning av och insyn i förbundet",
        Part(
            "",
            r"insyn|styrning av förbundet|medlemmarnas styrning|ägarstyrning",
            r"insyn i förbundet|medlemmarna styr förbundet",
        ),
    ),
    _point(
        13,
        "riktlinjer för budgetprocessen",
        Part("", r"budget", r"(fastställa|upprätta) (en |förbundets )?budget"),
    ),
    _point(
        14,
        "allmänhetens frågor om årsredovisningen",
        Part(
            "",
            r"allmänhetens frågor|frågor från allmänheten",
            r"allmänheten (har rätt att|får) ställa frågor",
        ),
    ),
    _point(
        15,
        "förfarandet när en medlem utträder",
        Part("", r"utträde|uppsägning", r"rätt att utträda ur förbundet"),
    ),
    _point(
        16,
        "likvidation och upplösning",
        Part(
            "", r"likvidation|upplösning", r"förbundet (ska )?likvideras|svarar för likvidationen"
        ),
    ),
    _point(
        17,
        "hur tvister mellan förbundet och medlemmarna ska lösas",
        Part("", r"tvist", r"tvist\w* mellan förbundet och"),
    ),
    _point(
        18,
        "hur arvoden bestäms",
        Part("", r"arvode", r"arvoden?( och ersättningar)? (till|för) (ledamöter|förtroendevalda)"),
    ),
)
BY_NUMBER = {p.number: p for p in POINTS}


def applies(doc: Document) -> bool:
    """Return True for a document whose front matter says it is a förbundsordning."""
    return (doc.meta.text(KEY_KIND) or "").strip().casefold() == STATUTES


@dataclass(frozen=True)
class Finding:
    """A point of 9 kap. 6 § that the check could not find, or a mark that is wrong."""

    point: int
    message: str

    def __str__(self) -> str:
        return self.message


def _marks(doc: Document) -> tuple[dict[int, list[str]], list[Finding]]:
    """Return the sections the front matter names per point, and what is wrong there."""
    raw = doc.meta.values.get(MARK_KEY)
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        message = f"'{MARK_KEY}' ska ange punkt och avsnitt, till exempel 10: 15 §"
        return {}, [Finding(0, message)]
    marks: dict[int, list[str]] = {}
    wrong: list[Finding] = []
    for key, value in raw.items():
        number = key if isinstance(key, int) else int(key) if str(key).isdigit() else 0
        if number not in BY_NUMBER:
            wrong.append(Finding(0, f"'{MARK_KEY}': punkt {key} finns inte (punkt 1–18)"))
            continue
        refs = value if isinstance(value, list) else [value]
        marks[number] = [str(r).strip() for r in refs if str(r or "").strip()]
    return marks, wrong


def missing_points(doc: Document) -> list[Finding]:
    """Return the points of 9 kap. 6 § the document does not state, in order of number,
    and the marks in its front matter that are wrong."""
    sections = [("", "", " ".join(b.text for b in doc.preamble))]
    refs: set[str] = set()
    citer = ChapterBeside()
    for s, parents in doc.walk():
        ref = citer.cite(s, parents)
        sections.append((ref, s.heading.title, " ".join(b.text for b in s.blocks)))
        # A mark names a section as the comparison cites it (2 kap. 1 § for a paragraph
        # beside its chapter heading) or, as marks written before did, without the chapter.
        refs |= {ref.casefold(), section_ref(s, parents).casefold()}
    refs.discard("")
    marks, findings = _marks(doc)
    for point in POINTS:
        if point.number in marks:
            named = marks[point.number]
            absent = [r for r in named if r.casefold() not in refs]
            if not named or absent:
                where = ", ".join(absent) or "inget avsnitt"
                message = f"{point.label} är märkt med {where}, som inte finns i dokumentet"
                findings.append(Finding(point.number, message))
            continue
        lacking = [
            part.name
            for part in point.parts
            if not any(part.found_in(title, body) for _, title, body in sections)
        ]
        if lacking and (len(lacking) == len(point.parts) or not all(lacking)):
            findings.append(Finding(point.number, f"hittar inte {point.label}"))
        elif lacking:
            what = ", ".join(lacking)
            findings.append(Finding(point.number, f"hittar inte {point.label} (saknas: {what})"))
    return findings
