"""Tables that read well in Word and LibreOffice: every column at least as wide as its
longest word, so that no name breaks inside a word ("Karlskron/a kommun") and no date
breaks at a hyphen; a table that cannot fit its columns on the page is split; and dates
in running text kept on one line.

Widths are estimated from the advance widths of DejaVu Sans, which LibreOffice falls
back on when Calibri (the base template's font) is missing and which is wider than
Calibri, so a column that fits here fits in Word too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from styrdok.word.ooxml import qn

PT_CM = 2.54 / 72
CELL_PAD_CM = 2 * 0.19 + 0.12  # the template's cell margins (108 twips a side) and borders
SLACK = 1.04  # kerning and hinting differ a little between programs
NBSP = "\u00a0"

# Advance widths in thousandths of an em, characters grouped by width (DejaVu Sans).
_REGULAR = {
    275: "'", 278: "ijl", 295: "IJ", 318: " .,’", 337: ";:/", 352: "f", 361: "-", 390: "()",
    392: "t", 401: "!", 411: "r", 460: '"', 500: "–§*_", 518: "”", 521: "s", 525: "z",
    531: "?", 550: "c", 557: "L", 575: "F", 579: "k", 592: "vxy", 603: "P", 611: "TY",
    613: "aåäoöeé", 632: "EÉ", 636: "hnuübdgpqS0123456789", 656: "K", 686: "AVÅÄXZB",
    698: "RC", 732: "UÜ", 752: "NH", 775: "DG", 787: "OQÖ&", 818: "w", 838: "+", 863: "M",
    950: "%", 974: "m", 1000: "W—",
}  # fmt: skip
_BOLD = {
    306: "'", 343: "ijl", 348: " ", 372: "IJ/", 400: ".,’;:", 415: "-", 435: "f", 457: "!()",
    478: "t", 493: "r", 500: "–§_", 523: '"*', 580: "?", 595: "zcs", 637: "L", 652: "xvy",
    665: "k”", 687: "aåäeéoö", 696: "0123456789", 716: "hnuübdgpq", 734: "STYZPC",
    775: "BRXAVÅÄK", 830: "UÜGD", 850: "HNOQÖ+&", 924: "w", 1000: "M—%", 1042: "m",
    1103: "W",
}  # fmt: skip
_WIDTH = {
    bold: {ch: width / 1000 for width, chars in table.items() for ch in chars}
    for bold, table in ((False, _REGULAR), (True, _BOLD))
}
_UNKNOWN = {False: 0.7, True: 0.78}  # any other character: as wide as a capital

_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_DNR = re.compile(r"\b(Dnr) (?=\d)")
_SPACES = re.compile(r"[ \t\n\r]+")  # where a line may break (not a no-break space)
_SWEDISH_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}) (\d{{4}})\b")


def text_cm(text: str, size: float, bold: bool = False) -> float:
    """Return the estimated width in cm of ``text`` on one line at ``size`` points."""
    widths = _WIDTH[bold]
    em = sum(widths.get(" " if ch == NBSP else ch, _UNKNOWN[bold]) for ch in text)
    return em * size * PT_CM * SLACK


def word_cm(text: str, size: float, bold: bool = False) -> float:
    """Return the width in cm of the longest word in ``text`` (words break only at
    spaces)."""
    return max((text_cm(w, size, bold) for w in _SPACES.split(text) if w), default=0.0)


def need_cm(cells: Iterable[tuple[str, float, bool]]) -> float:
    """Return the width a column needs so that no word of its cells (text, size in
    points, bold) breaks: the longest word and the cell's margins."""
    return max((word_cm(text, size, bold) for text, size, bold in cells), default=0.0) + (
        CELL_PAD_CM
    )


def want_cm(cells: Iterable[tuple[str, float, bool]], cap: float) -> float:
    """Return the width a column wants so that its longest cell stands on one line (with
    the cell's margins), at most ``cap``."""
    longest = max((text_cm(text, size, bold) for text, size, bold in cells), default=0.0)
    return min(longest + CELL_PAD_CM, cap)


def fit(
    needs: Sequence[float],
    total: float,
    grow: Iterable[int] = (),
    wants: Sequence[float] | None = None,
) -> list[float] | None:
    """Return column widths in cm that add up to ``total``: each at least its need; then
    the other columns widened towards their ``wants`` as far as the room allows; the
    room left shared by the ``grow`` columns (all when none are named) in proportion to
    their needs. Return None when the needs alone are wider than ``total``."""
    room = total - sum(needs)
    if room < 0:
        return None
    growing = list(grow) or list(range(len(needs)))
    widths = list(needs)
    if wants is not None:
        extra = [
            max(0.0, wants[k] - needs[k]) if k not in growing else 0.0 for k in range(len(needs))
        ]
        scale = min(1.0, room / sum(extra)) if sum(extra) else 0.0
        widths = [w + e * scale for w, e in zip(widths, extra, strict=True)]
        room -= sum(extra) * scale
    share = sum(needs[k] for k in growing) or 1.0
    return [w + (room * needs[k] / share if k in growing else 0.0) for k, w in enumerate(widths)]


def shrink(needs: Sequence[float], total: float) -> list[float]:
    """Return the needs scaled down to ``total``: for a table that cannot fit whatever is
    done (words will break, as little as the page allows)."""
    scale = total / sum(needs)
    return [need * scale for need in needs]


def chunks(needs: Sequence[float], room: float) -> list[list[int]]:
    """Return the columns (by index) split into as few runs as fit in ``room``, in
    order and as even in number as they can be; a column wider than ``room`` gets a
    run of its own."""
    greedy: list[list[int]] = [[]]
    used = 0.0
    for k, need in enumerate(needs):
        if greedy[-1] and used + need > room:
            greedy.append([])
            used = 0.0
        greedy[-1].append(k)
        used += need
    size, over = divmod(len(needs), len(greedy))
    even: list[list[int]] = []
    start = 0
    for n in range(len(greedy)):
        end = start + size + (1 if n < over else 0)
        even.append(list(range(start, end)))
        start = end
    fits = all(sum(needs[k] for k in part) <= room or len(part) == 1 for part in even)
    return even if fits else greedy


def keep_dates_together(text: str) -> str:
    """Return ``text`` with the spaces inside Swedish dates ("9 maj 2024") and after
    "Dnr" made non-breaking, so that neither starts on one line and ends on the next."""
    text = _SWEDISH_DATE.sub(lambda m: NBSP.join(m.groups()), text)
    return _DNR.sub(f"Dnr{NBSP}", text)


def keep_dates_in(document: Any, skip_styles: Sequence[str] = ("Quote",)) -> None:
    """Make every Swedish date and diarienummer in a python-docx document's body
    unbreakable (:func:`keep_dates_together`), except in
    paragraphs of ``skip_styles`` (quotations stand exactly as received)."""
    body = document.element.body
    skipped = {document.styles[name].style_id for name in skip_styles if _has(document, name)}
    for paragraph in body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")) in skipped:
            continue
        for text in paragraph.iter(qn("w:t")):
            if text.text and (_SWEDISH_DATE.search(text.text) or "Dnr " in text.text):
                text.text = keep_dates_together(text.text)


def _has(document: Any, style: str) -> bool:
    try:
        document.styles[style]
    except KeyError:
        return False
    return True
