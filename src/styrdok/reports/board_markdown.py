"""The direktion's summary as Markdown: the same sections as the HTML page, with the
chart's facts as two small tables."""

from __future__ import annotations

from styrdok.core.vocabulary import Stance
from styrdok.render.markdown import escape
from styrdok.reports.board_adoption import ADOPTION_HEADING, AFTER_HEADING
from styrdok.reports.board_model import HEADINGS, TITLE, Board


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_markdown(board: Board) -> str:
    """Return the summary as CommonMark with GFM tables."""

    out = [f"# {TITLE}", ""]
    out += [f"**{escape(board.round_title)}**  ", escape(board.organisation)]
    if board.dnr:
        out[-1] += " · " + escape(", ".join(board.dnr))
    out += ["", f"Underlag daterat {board.date_text}.", "", escape(board.intro), ""]

    out += [f"## {HEADINGS[0]}", ""]
    words = [w.capitalize() for w in board.count_words]
    out += [_row(["Dokument", *words]), _row(["---", *("--:" for _ in words)])]
    out += [_row([escape(d.title), *(str(n) for _, n in d.counts)]) for d in board.documents]
    out.append("")
    for d in board.documents:
        out += [f"### {escape(d.title)}", ""]
        versions = f"{d.base} → {d.proposal}" + (f" · {d.dnr}" if d.dnr else "")
        out += [escape(versions), "", f"**Ändringar:** {escape(d.change_line)}", ""]
        out += [f"- {escape(change)}" for change in d.changes]
        if d.more:
            out.append(f"- {d.more_text}")
        if d.note:
            out += ["", f"*Anmärkning i förslaget:* {escape(d.note)}"]
        out.append("")

    out += [f"## {HEADINGS[1]}", ""]
    out += [_row(["Svar", "Antal", "Remissinstanser"]), _row(["---", "--:", "---"])]
    for g in board.answers:
        names = escape(", ".join(g.names)) if g.names else "–"
        out.append(_row([g.heading, str(len(g.names)), names]))
    out.append("")
    out += [_row(["Ställningstaganden till avsnitt", *(s.capitalize() for s in Stance)])]
    out.append(_row(["---", *("--:" for _ in Stance)]))
    for d in board.documents:
        out.append(_row([escape(d.title), *(str(c.value) for c in d.stances)]))
    out.append("")
    for note in board.notes:
        out += [escape(note), ""]

    out += [f"## {HEADINGS[2]}", ""]
    if not board.opposed:
        out += ["Ingen remissinstans avstyrker något av de ändrade avsnitten.", ""]
    for s in board.opposed:
        out += [f"### {escape(s.section)} ({escape(s.document)})", ""]
        for o in s.objections:
            comment = f": {escape(o.comment)}" if o.comment else "."
            out.append(f"- **{escape(o.name)} avstyrker**{comment}")
        if s.others:
            out.append(f"- Övriga: {escape(s.others)}.")
        if s.position:
            out.append(f"- Förbundets ställningstagande: {escape(s.position)}")
        out.append("")

    if board.after:
        out += [f"## {AFTER_HEADING}", "", *(f"- {escape(line)}" for line in board.after), ""]
    if board.adoption is not None:
        a = board.adoption
        out += [f"## {ADOPTION_HEADING}", "", escape(a.decision), ""]
        out += [escape(line) + "  " for line in a.signatures]
        if a.signatures:
            out.append("")
        if a.documents:
            out += [_row(["Medlem", *(escape(t) for t in a.documents)])]
            out += [_row(["---", *("---" for _ in a.documents)])]
            out += [_row([escape(r.member), *(escape(c) for c in r.cells)]) for r in a.rows]
            out.append("")
        out += [f"- {escape(line)}" for line in a.force]
        out.append("")
    out += [f"## {HEADINGS[3]}", ""]
    out += [f"- {escape(step)}" for step in board.next_steps]
    out += ["", f"*Sammanställt ur remissomgången {escape(board.round_id)}.*", ""]
    return "\n".join(out)
