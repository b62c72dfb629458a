"""The terminal redline: Swedish status words, word-diff markers or ANSI colours."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import Result

from styrdok.render.term import render
from tests.conftest import Repo
from tests.conftest import inline_diff as diff

A = "Förbundet har sitt säte i Kinda kommun och kansliet ligger där."
B = "Direktionen består av sex ledamöter och sex ersättare från medlemmarna."
C = "Förbundet är arbetsgivare för de anställda i förbundet och tillämpar avtal."
D = "Revisorerna granskar verksamheten varje år enligt kommunallagen och rapporterar."


def doc(*sections: tuple[str, str]) -> str:
    return "".join(f"## {heading}\n\n{body}\n\n" for heading, body in sections)


CASES = [
    (
        "changed word",
        doc(("1 § Säte", A)),
        doc(("1 § Säte", A.replace("Kinda", "Åtvidabergs"))),
        [
            "── 1 § Säte (ändrad)",
            "Förbundet har sitt säte i [-Kinda-]{+Åtvidabergs+} kommun och kansliet ligger där.",
        ],
    ),
    (
        "new section",
        doc(("1 § Säte", A)),
        doc(("1 § Säte", A), ("2 § Personal", C)),
        ["── {+2 § Personal+} (ny)", "{+" + C + "+}"],
    ),
    (
        "repealed section",
        doc(("1 § Säte", A), ("2 § Personal", C)),
        doc(("1 § Säte", A)),
        ["── [-2 § Personal-] (upphävd)", "[-" + C + "-]"],
    ),
    (
        "renumbered and moved",
        doc(("1 § Säte", A), ("2 § Direktion", B), ("3 § Personal", C), ("4 § Revision", D)),
        doc(("1 § Säte", A), ("2 § Personal", C), ("3 § Revision", D), ("4 § Direktion", B)),
        [
            "── [-3-]{+2+} § Personal (ny numrering: 3 § → 2 §)",
            "── [-4-]{+3+} § Revision (ny numrering: 4 § → 3 §)",
            "── [-2-]{+4+} § Direktion (flyttad från 2 §)",
        ],
    ),
    (
        "renumbered and changed",
        doc(("1 § Säte", A), ("2 § Personal", C)),
        doc(("1 § Säte", A), ("2 § Revision", D), ("3 § Personal", C.replace("avtal", "lag"))),
        ["── [-2-]{+3+} § Personal (ny numrering: 2 § → 3 §, ändrad)"],
    ),
    (
        "split",
        doc(("1 § Säte", A), ("2 § Organ", f"{B}\n\n{C}")),
        doc(("1 § Säte", A), ("2 § Organ", B), ("3 § Personal", C)),
        ["── 2 § Organ (ändrad)", "── {+3 § Personal+} (ny, delad från 2 §)"],
    ),
    (
        "merged",
        doc(("1 § Säte", A), ("2 § Organ", B), ("3 § Personal", C)),
        doc(("1 § Säte", A), ("2 § Organ", f"{B}\n\n{C}")),
        ["── [-3 § Personal-] (upphävd, sammanslagen med 2 §)"],
    ),
    (
        "paragraph became a list item",
        doc(("1 § Säte", f"{A}\n\n{B}")),
        doc(("1 § Säte", f"{A}\n\n- {B}")),
        ["── 1 § Säte (ändrad)", f"- {B} (tidigare stycke)"],
    ),
    (
        "heading level",
        "## 1 § Säte\n\n" + A,
        "### 1 § Säte\n\n" + A,
        ["── 1 § Säte (ändrad, ny rubriknivå)"],
    ),
    (
        "preamble",
        f"{A}\n\n## 1 § Säte\n\n{B}\n",
        f"{A.replace('Kinda', 'Ydre')}\n\n## 1 § Säte\n\n{B}\n",
        [
            "── Ingressen (ändrad)",
            "Förbundet har sitt säte i [-Kinda-]{+Ydre+} kommun och kansliet ligger där.",
        ],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_changed_sections_show_status_words_and_markers(
    repo: Repo, old: str, new: str, expected: list[str]
) -> None:
    lines = render(diff(repo, old, new), color=False).splitlines()
    for line in expected:
        assert line in lines


def test_header_names_title_versions_and_change_line(repo: Repo) -> None:
    old = "---\ntitel: Förbundsordning\n---\n" + doc(("1 § Säte", A))
    new = "---\ntitel: Förbundsordning\n---\n" + doc(("1 § Säte", B))
    lines = render(diff(repo, old, new), color=False).splitlines()
    assert lines[:3] == [
        "Förbundsordning",
        "Jämför gällande 2019 → remissversion 2024",
        "Ändringar: ändr. 1 §",
    ]


def test_only_renumbered_section_shows_no_body(repo: Repo) -> None:
    old = doc(("1 § Säte", A), ("2 § Personal", C))
    new = doc(("1 § Säte", A), ("2 § Revision", D), ("3 § Personal", C))
    text = render(diff(repo, old, new), color=False)
    assert "── [-2-]{+3+} § Personal (ny numrering: 2 § → 3 §)" in text
    assert C not in text


@pytest.mark.parametrize(
    ("sections", "footer"),
    [
        ([("1 § Säte", A), ("2 § Organ", B)], "1 avsnitt oförändrat"),
        ([("1 § Säte", A), ("2 § Organ", B), ("3 § Personal", C)], "2 avsnitt oförändrade"),
        ([("1 § Säte", A)], None),
    ],
)
def test_unchanged_sections_are_counted_at_the_end(
    repo: Repo, sections: list[tuple[str, str]], footer: str | None
) -> None:
    changed = [(sections[0][0], D)] + sections[1:]
    lines = render(diff(repo, doc(*sections), doc(*changed)), color=False).splitlines()
    if footer is None:
        assert not any("oförändrad" in line for line in lines)
    else:
        assert lines[-1] == footer
    assert all(B not in line and C not in line for line in lines)  # unchanged: not shown


def test_lists_keep_their_numbers_and_nesting(repo: Repo) -> None:
    old = doc(
        (
            "1 § Uppgifter",
            "1. drift av nätverk\n2. servicedesk\n    - telefon\n    - e-post\n"
            "3. upphandling av licenser",
        )
    )
    new = doc(
        (
            "1 § Uppgifter",
            "1. drift av nätverk\n2. servicedesk\n    - telefon\n    - e-post och chatt\n"
            "3. upphandling av licenser\n4. informationssäkerhet",
        )
    )
    lines = render(diff(repo, old, new), color=False).splitlines()
    start = lines.index("1. drift av nätverk")
    assert lines[start : start + 6] == [
        "1. drift av nätverk",
        "2. servicedesk",
        "   - telefon",
        "   - e-post{+ och chatt+}",
        "3. upphandling av licenser",
        "4. {+informationssäkerhet+}",
    ]


def test_removed_list_item_keeps_its_old_number(repo: Repo) -> None:
    old = doc(("1 § Organ", "1. direktion\n2. utskott\n3. revisorer"))
    new = doc(("1 § Organ", "1. direktion\n2. revisorer"))
    lines = render(diff(repo, old, new), color=False).splitlines()
    start = lines.index("1. direktion")
    assert lines[start : start + 3] == ["1. direktion", "2. [-utskott-]", "2. revisorer"]


def test_colour_marks_changes_with_ansi_and_no_plain_markers(repo: Repo) -> None:
    result = diff(repo, doc(("1 § Säte", A)), doc(("1 § Säte", A.replace("Kinda", "Ydre"))))
    text = render(result, color=True)
    assert "i \x1b[31;9mKinda\x1b[29;39m\x1b[32;4mYdre\x1b[24;39m kommun" in text
    assert "\x1b[1m── 1 § Säte (ändrad)\x1b[22m" in text
    assert "[-" not in text and "{+" not in text


def test_plain_output_has_no_escape_codes(repo: Repo) -> None:
    result = diff(repo, doc(("1 § Säte", A)), doc(("1 § Säte", A.replace("Kinda", "Ydre"))))
    assert "\x1b" not in render(result, color=False)


def test_cli_diff_with_no_color_prints_plain_markers(
    repo: Repo, cli: Callable[..., Result]
) -> None:
    repo.doc("stadgar", "---\nversion: v1\n---\n" + doc(("1 § Säte", A)), "Första")
    repo.doc(
        "stadgar",
        "---\nversion: v2\n---\n" + doc(("1 § Säte", A.replace("Kinda", "Ydre"))),
        "Andra",
    )
    result = cli("diff", "stadgar", "v1", "v2", env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "Jämför v1 → v2" in result.output
    assert (
        "Förbundet har sitt säte i [-Kinda-]{+Ydre+} kommun och kansliet ligger där."
        in result.output
    )


def test_new_sub_item_stays_under_its_parent_after_a_removed_item(repo: Repo) -> None:
    old = doc(("1 § Uppgifter", "1. drift\n2. servicedesk\n    - telefon\n3. upphandling"))
    new = doc(("1 § Uppgifter", "1. drift\n2. servicedesk\n    - telefon\n    - chatt"))
    lines = render(diff(repo, old, new), color=False).splitlines()
    start = lines.index("1. drift")
    assert lines[start : start + 5] == [
        "1. drift",
        "2. servicedesk",
        "   - telefon",
        "   - {+chatt+}",
        "3. [-upphandling-]",
    ]
