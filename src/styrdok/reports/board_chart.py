"""The board summary's chart as inline SVG: who answered (on time, late, not at all) and
the stances taken on each document's changed sections.

The chart is for sighted readers and for print; it never carries meaning by colour
alone. Every bar has its word and number written beside or on it, every stacked bar has
a line of text under it naming each stance with its count, and ``<title>``/``<desc>``
give screen readers the same facts (the SVG has ``role="img"``). Every fill has at
least 3:1 contrast against the white page and white text on a fill at least 4.5:1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from styrdok.core.vocabulary import Stance

BACKGROUND = "#ffffff"
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
ON_FILL = "#ffffff"
# The chart's fills by the word they stand for.
COLOURS = {
    "i tid": "#2e7d32",
    "sent": "#9c5700",
    "saknas": "#616161",
    Stance.SUPPORTS: "#2e7d32",
    Stance.OPPOSES: "#b3261e",
    Stance.COMMENTS: "#1565c0",
    Stance.NO_OBJECTION: "#616161",
}
WIDTH = 640
LABEL_WIDTH = 96  # room for the answer bars' words
BAR = 22  # bar height
MIN_INSIDE = 26  # narrowest segment that holds its number
MAX_TITLE = 78  # longer document titles are shortened in the chart (the desc has them)
TITLE_ID = "diagram-rubrik"
DESC_ID = "diagram-beskrivning"


@dataclass(frozen=True)
class Count:
    """One bar or bar segment: what it counts and how many."""

    word: str
    value: int

    @property
    def colour(self) -> str:
        return COLOURS.get(self.word, COLOURS["saknas"])


@dataclass(frozen=True)
class StackedBar:
    """The stances on one document's sections, one segment per stance."""

    title: str
    counts: tuple[Count, ...]

    @property
    def total(self) -> int:
        return sum(c.value for c in self.counts)


def relative_luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a ``#rrggbb`` colour."""
    if len(colour) != 7 or not colour.startswith("#"):
        raise ValueError(f"expected a colour as #rrggbb, got {colour!r}")

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _shorten(text: str, limit: int = MAX_TITLE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:g}" y="{y:g}"{extra}>{escape(content)}</text>'


def _rect(x: float, y: float, width: float, colour: str) -> str:
    return f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{BAR}" fill="{colour}"/>'


def stance_line(counts: Sequence[Count]) -> str:
    """Return the stances as one line of text: ``tillstyrker 2 · avstyrker 1 · …``."""
    return " · ".join(f"{c.word} {c.value}" for c in counts)


def describe(answers: Sequence[Count], bars: Sequence[StackedBar]) -> str:
    """Return the chart's facts as Swedish sentences, for ``<desc>`` and screen readers."""
    out = ["Svar: " + ", ".join(f"{c.word} {c.value}" for c in answers) + "."]
    for bar in bars:
        if bar.total:
            out.append(f"{bar.title}: {', '.join(f'{c.word} {c.value}' for c in bar.counts)}.")
        else:
            out.append(f"{bar.title}: inga ställningstaganden till avsnitt.")
    return " ".join(out)


def chart_svg(answers: Sequence[Count], bars: Sequence[StackedBar]) -> Markup:
    """Return the chart as an inline ``<svg>`` element: a group of answer bars, then one
    stacked bar of stances per document. Same input, same markup."""
    parts: list[str] = []
    y = 18.0
    parts.append(_text(0, y, "Svar på remissen", font_size="15", font_weight="700"))
    y += 10
    top = max((c.value for c in answers), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 48  # room for the number after the longest bar
    for count in answers:
        width = span * count.value / top
        parts.append(_text(0, y + 16, count.word.capitalize(), font_size="14"))
        parts.append(_rect(LABEL_WIDTH, y, width, count.colour))
        parts.append(
            _text(LABEL_WIDTH + width + 6, y + 16, str(count.value), font_size="14",
                  font_weight="700")
        )  # fmt: skip
        y += BAR + 8
    y += 22
    parts.append(
        _text(0, y, "Ställningstaganden till ändrade avsnitt", font_size="15", font_weight="700")
    )
    y += 8
    legend_x = 0.0
    for word in Stance:
        parts.append(
            f'<rect x="{legend_x:g}" y="{y + 4:g}" width="12" height="12" fill="{COLOURS[word]}"/>'
        )
        parts.append(_text(legend_x + 17, y + 15, word, font_size="13"))
        legend_x += 17 + 8 * len(word) + 22
    y += 24
    most = max((b.total for b in bars), default=0) or 1
    for bar in bars:
        y += 16
        parts.append(_text(0, y, _shorten(bar.title), font_size="14", font_weight="600"))
        y += 6
        x = 0.0
        for count in bar.counts:
            if not count.value:
                continue
            width = WIDTH * count.value / most
            gap = 2 if x > 0 else 0  # a white gap keeps neighbouring segments apart
            parts.append(_rect(x + gap, y, width - gap, count.colour))
            if width - gap >= MIN_INSIDE:
                parts.append(
                    _text(x + gap + 7, y + 16, str(count.value), font_size="14",
                          font_weight="700", fill=ON_FILL)
                )  # fmt: skip
            x += width
        if not bar.total:
            parts.append(
                f'<rect x="0" y="{y:g}" width="{WIDTH}" height="{BAR}" fill="none" '
                f'stroke="{MUTED}" stroke-dasharray="4 3"/>'
            )
        line = stance_line(bar.counts) if bar.total else "inga ställningstaganden till avsnitt"
        parts.append(_text(0, y + BAR + 17, line, font_size="13", fill=MUTED))
        y += BAR + 26
    height = y + 4
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{TITLE_ID} {DESC_ID}" viewBox="0 0 {WIDTH} {height:g}" '
        f'width="{WIDTH}" height="{height:g}" font-family="inherit" fill="{TEXT}">'
        f'<title id="{TITLE_ID}">Svar och ställningstaganden per dokument</title>'
        f'<desc id="{DESC_ID}">{escape(describe(answers, bars))}</desc>'
    )
    return Markup(head + "".join(parts) + "</svg>")
