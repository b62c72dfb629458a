"""``styrdok site``: the published website of a governance repository, read in headless
Chromium – every page there, every internal link resolving, no accessibility violations
(axe-core), readable at tablet width – and the JSON feed of the rounds."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import Result

from tests.axe import describe, run_axe
from tests.browser import requires_chromium
from tests.conftest import Repo
from tests.layout import layout
from tests.test_render_html import contrast

Cli = Callable[..., Result]
TODAY = "2024-06-01"
KINDS = [  # one page of each kind
    "index.html",
    "dokument/forbundsordning/index.html",
    "dokument/forbundsordning/gallande-2019.html",
    "dokument/forbundsordning/remissversion-2024.html",
    "dokument/forbundsordning/andringar.html",
    "remiss/r2024/index.html",
    "remiss/r2024/forbundsordning-andringar.html",
    "remiss/r2024/remissammanstallning.html",
    "remiss/r2024/direktionen.html",
]


@pytest.fixture
def site(answered: Repo, cli: Cli, tmp_path: Path) -> Path:
    out = tmp_path / "webbplats"
    assert cli("remiss", "positions", "r2024", "--today", TODAY).exit_code == 0
    result = cli("site", "-o", str(out), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"Skrev webbplatsen i {out}: 10 filer. Öppna {out / 'index.html'}\n")
    return out


class Links(HTMLParser):
    """The links, resource references and ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("href", "src", "action", "srcset", "poster") and value is not None:
                self.refs.append(value)
            if key == "id" and value:
                self.ids.add(value)


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_the_site_has_every_document_round_report_and_the_feed(site: Path) -> None:
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == sorted([*KINDS, "remisser.json"])
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "Förbundsordning för Testförbundet" in start
    assert "3 av 6 har svarat" in start
    round_page = (site / "remiss/r2024/index.html").read_text(encoding="utf-8")
    assert "2024-05-23 (förlängd: KS 21 maj)" in round_page  # Ydre's extended deadline
    assert "Kansliet" in round_page  # who registered the answers
    text = (site / "dokument/forbundsordning/gallande-2019.html").read_text(encoding="utf-8")
    assert "Förbundet har sitt säte i Kinda kommun." in text
    feed = json.loads((site / "remisser.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    (item,) = feed["items"]
    assert (item["id"], item["url"]) == ("r2024", "remiss/r2024/index.html")
    assert (site / item["url"]).is_file()
    ydre = next(i for i in item["_styrdok"]["instanser"] if i["id"] == "ydre")
    assert (ydre["sista_svarsdag"][:10], ydre["status"]) == ("2024-05-23", "besvarad sent")
    assert ydre["svar"][0]["registrerad_av"] == "Kansliet"


def test_every_internal_link_resolves_and_none_leaves_the_site(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    checked = 0
    reached = {(site / "index.html").resolve()}
    for page in pages:
        for ref in parsed(page).refs:
            parts = urlsplit(ref)
            assert not parts.scheme and not parts.netloc, f"{page.name}: {ref} leaves the site"
            assert not parts.path.startswith("/"), f"{page.name}: {ref} is not relative"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {ref} leads nowhere"
            assert target.is_relative_to(site.resolve()), f"{ref} leads out of the site"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in parsed(target).ids, f"{page.name}: {ref}"
            checked += 1
            reached.add(target)
    assert checked > 40
    every = {p.resolve() for p in site.rglob("*") if p.is_file()}
    assert reached == every  # every page (and the feed) is linked from another page


@requires_chromium
@pytest.mark.parametrize("page", KINDS)
def test_axe_finds_no_violations(site: Path, tmp_path: Path, page: str) -> None:
    violations = run_axe(site / page, tmp_path / "axe")
    assert violations == [], describe(violations)


@requires_chromium
@pytest.mark.parametrize("page", KINDS)
def test_pages_read_well_at_tablet_width(site: Path, page: str) -> None:
    found = layout(site / page, 768)
    assert found["window"] == 768
    assert found["page"] <= 768, found  # nothing to scroll sideways: tables scroll in frames
    assert found["wide"] == []
    assert found["font"] >= 16


def test_the_same_repository_gives_the_same_site_and_old_pages_go(
    site: Path, answered: Repo, cli: Cli
) -> None:
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    stale = site / "remiss" / "r2019" / "index.html"
    stale.parent.mkdir()
    stale.write_bytes(before[site / "remiss" / "r2024" / "index.html"])
    own = site / "anteckningar.html"
    own.write_text("<p>mina</p>", encoding="utf-8")
    result = cli("site", "-o", str(site), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Skrev webbplatsen i {site}: 10 filer; tog bort 1 som")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and p != own} == before
    assert own.read_text(encoding="utf-8") == "<p>mina</p>"  # not ours: left alone

    (site / "index.html").write_text("<p>någon annans</p>", encoding="utf-8")
    refused = cli("site", "-o", str(site), "--today", TODAY)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"styrdok: fel: kan inte skriva {site / 'index.html'}: ")
    inside = cli("site", "-o", str(answered.root / "docs" / "webb"))
    assert inside.exit_code == 1 and "hör till arkivets egna filer" in inside.stderr


def test_every_colour_pair_of_the_site_meets_wcag_aa(site: Path) -> None:
    page = (site / "remiss" / "r2024" / "index.html").read_text(encoding="utf-8")
    fg = dict(re.findall(r"--([\w-]+)-fg:\s*(#[0-9a-f]{6})", page))
    bg = dict(re.findall(r"--([\w-]+)-bg:\s*(#[0-9a-f]{6})", page))
    assert {"text", "link", "band", "late"} <= fg.keys() and fg.keys() == bg.keys()
    for name in fg:
        assert contrast(fg[name], bg[name]) >= 4.5, name
