"""The pages of the published site, each as the bytes of one file at its place in the
site: the start page, a page per document and per version text, the redlines, a page per
remiss round with its reports, and the JSON feed. Only relative links."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from styrdok.compare.changeline import change_line
from styrdok.core.templating import render_template
from styrdok.remiss.status import AnswerState, RecipientStatus
from styrdok.render.html import render as render_redline
from styrdok.reports.tasks import board_file, summary_file
from styrdok.site.content import PublishedDocument, PublishedRound, Text
from styrdok.site.feed import feed
from styrdok.site.text import text_sections
from styrdok.store.git import GitRepo

GENERATOR = '<meta name="generator" content="styrdok webbplats">'
_HEAD = re.compile(r"<head>\n?", re.IGNORECASE)
_BODY = re.compile(r"<body[^>]*>\n?", re.IGNORECASE)
_STATE_CLASS = {
    AnswerState.ANSWERED: "state-done",
    AnswerState.ANSWERED_LATE: "state-done",
    AnswerState.OVERDUE: "state-late",
    AnswerState.WAITING: "state-waiting",
}


@dataclass(frozen=True)
class Site:
    """What every page shows in its frame."""

    organisation: str
    today: dt.date
    commit: str


def _page(template: str, repo: GitRepo, site: Site, root: str, **values: Any) -> bytes:
    return render_template(template, repo.root, site=site, root=root, **values).encode("utf-8")


def _framed(page: bytes, site: Site, crumbs: list[tuple[str, str]]) -> bytes:
    """Return a page styrdok renders on its own (a redline, a report) with the site's
    mark and a way back: a navigation landmark first in its body."""
    links = " › ".join(
        f'<a href="{escape(href)}">{escape(text)}</a>' if href else f"<span>{escape(text)}</span>"
        for href, text in crumbs
    )
    nav = (
        '<nav aria-label="Webbplatsen" style="font-size:.95rem;margin:0 0 1rem">'
        f"{escape(site.organisation)}: {links}</nav>\n"
    )
    text = page.decode("utf-8")
    text = _HEAD.sub(lambda m: m.group(0) + GENERATOR + "\n", text, count=1)
    text = _BODY.sub(lambda m: m.group(0) + nav, text, count=1)
    return text.encode("utf-8")


def document_pages(repo: GitRepo, site: Site, d: PublishedDocument) -> dict[str, bytes]:
    """Return a document's pages: its overview, each published text and the redline."""
    up = "../../"
    base = f"dokument/{d.name}/"
    crumbs = [(f"{up}index.html", "Start"), ("", d.title)]
    line = change_line(d.redline.comparison) if d.redline else ""
    pages = {
        f"{base}index.html": _page(
            "webbplats-dokument.html.j2", repo, site, up, d=d, crumbs=crumbs, change_line=line
        )
    }
    for text in (d.in_force, d.latest):
        if text is not None:
            pages[f"{base}{text.page}.html"] = _text_page(repo, site, d, text)
    if d.redline is not None:
        back = [(f"{up}index.html", "Start"), ("index.html", d.title), ("", "Ändringar")]
        pages[f"{base}andringar.html"] = _framed(render_redline(d.redline).encode(), site, back)
    return pages


def _text_page(repo: GitRepo, site: Site, d: PublishedDocument, text: Text) -> bytes:
    preamble, sections = text_sections(text.model)
    crumbs = [("../../index.html", "Start"), ("index.html", d.title), ("", text.version.name)]
    return _page(
        "webbplats-text.html.j2", repo, site, "../../", title=d.title, text=text,
        preamble=preamble, sections=sections, crumbs=crumbs,
    )  # fmt: skip


def _registrars(row: RecipientStatus) -> str:
    return ", ".join(dict.fromkeys(a.registered_by for a in row.answers if a.registered_by))


def round_pages(repo: GitRepo, site: Site, p: PublishedRound) -> dict[str, bytes]:
    """Return a round's pages: its status, its documents' redlines and its reports."""
    r = p.status.round
    up = "../../"
    base = f"remiss/{r.id}/"
    crumbs = [(f"{up}index.html", "Start"), ("", f"Remiss: {r.title}")]
    pages = {
        f"{base}index.html": _page(
            "webbplats-remiss.html.j2",
            repo,
            site,
            up,
            p=p,
            r=r,
            status=p.status,
            crumbs=crumbs,
            state_class=lambda s: _STATE_CLASS[s],
            registrars=_registrars,
        )  # fmt: skip
    }
    back = [(f"{up}index.html", "Start"), ("index.html", f"Remiss: {r.title}")]
    for doc, result in p.redlines:
        redline = render_redline(result).encode()
        pages[f"{base}{doc.name}-andringar.html"] = _framed(redline, site, [*back, ("", doc.name)])
    summary = summary_file(repo, r.id, "html", site.today)
    pages[f"{base}remissammanstallning.html"] = _framed(
        summary, site, [*back, ("", "Remissammanställning")]
    )
    board = board_file(repo, r.id, "html", site.today)
    pages[f"{base}direktionen.html"] = _framed(board, site, [*back, ("", "Direktionen")])
    return pages


def site_pages(
    repo: GitRepo,
    site: Site,
    documents: list[PublishedDocument],
    rounds: list[PublishedRound],
) -> dict[str, bytes]:
    """Return every file of the site by its path in the site."""

    def answered(p: PublishedRound) -> int:
        return sum(1 for row in p.status.rows if row.state.answered)

    pages = {
        "index.html": _page(
            "webbplats-start.html.j2",
            repo,
            site,
            "",
            documents=documents,
            rounds=rounds,
            crumbs=[],
            answered=answered,
        )  # fmt: skip
    }
    for d in documents:
        pages.update(document_pages(repo, site, d))
    for p in rounds:
        pages.update(round_pages(repo, site, p))
    pages["remisser.json"] = feed(site.organisation, site.today, rounds)
    return dict(sorted(pages.items()))
