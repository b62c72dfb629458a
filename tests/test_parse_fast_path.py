"""The parser's shortcuts give the model that reading every line one by one gives: runs
of plain paragraphs read in one go, heading lines matched once, text already on one line
left as it is, and runs reused from the version parsed before."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styrdok.text import markdown
from styrdok.text.markdown import _INVISIBLE, _BodyParser, normalise, parse, split_front_matter
from styrdok.text.model import Document, Metadata


def _plain_normalise(text: str) -> str:
    """normalise as it was first written: no shortcut."""
    return " ".join(text.translate(_INVISIBLE).split())


def _line_by_line(text: str) -> Document:
    """Return the model read one line at a time, with no shortcut and no reuse."""
    values, lines = split_front_matter(text)
    parser = _BodyParser()
    for raw in lines:
        parser.line(raw)
    parser.flush()
    return Document(Metadata(values), parser.preamble, parser.sections)


_LINES = [
    "",
    "   ",
    "\t",
    "# Rubrik",
    "## 2 kap. Direktionen",
    "### 3 § Sammanträden ###",
    "  ### 4 §",
    "#",
    "####### för många",
    "#ingen rubrik",
    "Text på marginalen",
    "Text med  dubbla   mellanrum  ",
    "Mjuk\u00adbindestreck och\u200bnollbredd",
    "Hårt\u00a0mellanrum",
    "   indragen text",
    "    kod eller fortsättning",
    "===",
    "---",
    "***",
    "- punkt",
    "  - underpunkt",
    "* stjärna",
    "1. första",
    "2) andra",
    "12. tolv",
    "\\# inte rubrik",
    "\\- inte punkt",
    "3\\. inte lista",
    "§ 4 Ordet",
    "ändring",
    "Ärende",
]

_texts = st.lists(
    st.one_of(
        st.sampled_from(_LINES),
        st.text(alphabet=" \t\u00a0\u00adab#-*1.)\\§Å", max_size=12),
    ),
    max_size=40,
).map("\n".join)
# Without front matter the text starts with a line that cannot open one.
_front = st.sampled_from(["Inledning\n", "---\ntitel: Reglemente\nversion: 1\n---\n"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_normalise_is_the_plain_normalise(text: str) -> None:
    assert normalise(text) == _plain_normalise(text)


@pytest.mark.parametrize("text", ["", " ", "a", " a", "a ", "a  b", "a\tb", "a\u00a0b", "a\u00adb"])
def test_normalise_examples(text: str) -> None:
    assert normalise(text) == _plain_normalise(text)


@settings(max_examples=400, deadline=None)
@given(_front, _texts, _texts)
def test_parse_is_reading_line_by_line(front: str, before: str, text: str) -> None:
    markdown._last_runs = {}
    assert parse(front + text) == _line_by_line(front + text)
    # Again after another version: runs it shares are reused, the model is the same.
    parse(front + before)
    assert parse(front + text) == _line_by_line(front + text)
    parse(front + before + "\n" + text)
    assert parse(front + text + "\n\n" + before) == _line_by_line(front + text + "\n\n" + before)
