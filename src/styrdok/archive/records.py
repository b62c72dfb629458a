"""The records of a remiss round, one function per kind, in the order of its life.

Each function reads what it needs from :class:`~styrdok.archive.facts.RoundFacts` and
returns its records; ``SOURCES`` lists them. The direktion's decision and each member's
adoption, when they are recorded, are one more function each at the end of ``SOURCES``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from styrdok.archive.facts import RoundFacts, day
from styrdok.archive.layout import ArchiveError
from styrdok.archive.model import (
    AgentType,
    CaseRecord,
    Dated,
    DateKind,
    Direction,
    Party,
    RecordKind,
    Relation,
)
from styrdok.core.plural import count
from styrdok.core.templating import swedish_date
from styrdok.remiss.log import EventKind, deadline_for
from styrdok.remiss.rounds import recipient_dir

DISPATCH = {"smtp": "e-post", "eml": "e-post (styrdok skrev .eml-filer för kansliet att skicka)"}


def documents(c: RoundFacts) -> list[CaseRecord]:
    """Return one record per document on remiss: its gällande lydelse and proposal as
    Markdown, read from the pinned commits."""
    records = []
    for index, d in enumerate(c.round.documents, 1):
        folder = f"dokument/{index}-{d.name}"
        attachments = []
        created = day(c.round.sent)
        for pinned, file_name, what in (
            (d.base, "gallande.md", "gällande lydelse"),
            (d.proposal, "forslag.md", "remissförslaget"),
        ):
            data = c.repo.read(pinned.commit, pinned.path)
            if data is None:
                raise ArchiveError(
                    f"remiss {c.round.id}: {pinned.path} finns inte i version {pinned.commit[:10]}"
                )
            history = c.repo.history(pinned.path, pinned.commit)
            created = history[0].date if history else created
            label = f"{what} ({pinned.label})" if pinned.label else what
            attachments.append(
                c.add(f"{folder}/{file_name}", data, created, description=label.capitalize())
            )
        records.append(
            CaseRecord(
                key=c.record_key("underlag", f"{index}-{d.name}"),
                kind=RecordKind.DOCUMENTS,
                title=f"Remissunderlag: {d.title}",
                direction=Direction.INTERNAL,
                parties=(c.forbund,),
                dates=(Dated(DateKind.CREATED, created),),
                attachments=tuple(attachments),
                description=(
                    f"{d.title}{f' ({d.dnr})' if d.dnr else ''}: gällande lydelse och "
                    "remissförslaget som Markdown, ur git"
                ),
                notes=(
                    f"Gällande lydelse: git-commit {d.base.commit}",
                    f"Remissförslaget: git-commit {d.proposal.commit}",
                ),
            )
        )
    return records


def sendings(c: RoundFacts) -> list[CaseRecord]:
    """Return one outgoing record per recipient: the package as sent (rebuilt from the
    same commits) and when and how it went out."""
    from styrdok.remiss.package import build_common, recipient_files

    r = c.round
    common = build_common(c.repo, c.settings, r, c.recipients)
    records = []
    for rec in c.recipients:
        events = c.logs[rec.id]
        sent = [e for e in events if e.kind == EventKind.SENT]
        files = recipient_files(common, r, rec)
        attachments = tuple(
            c.add(f"utskick/{rec.id}/{name}", files[name], day(r.sent)) for name in sorted(files)
        )
        records.append(
            CaseRecord(
                key=c.sending_key(rec),
                kind=RecordKind.SENDING,
                title=f"Remiss till {rec.name}",
                direction=Direction.OUTGOING,
                parties=(
                    Party(AgentType.SENDER, c.forbund.name, c.forbund.id_number),
                    Party(AgentType.RECIPIENT, rec.name, email=rec.email),
                ),
                dates=(Dated(DateKind.CREATED, day(r.sent)),)
                + tuple(Dated(DateKind.SENT, e.at) for e in sent),
                attachments=attachments,
                description=(
                    f"Missiv, svarsmall och remissunderlag; sista svarsdag {r.deadline_text}"
                ),
                dispatch_mode=DISPATCH.get(str(sent[0].how), "") if sent else "",
                notes=() if sent else ("Utskicket är inte registrerat i styrdok.",),
            )
        )
    return records


def log_events(c: RoundFacts) -> list[CaseRecord]:
    """Return the extensions granted and the reminders sent, from each recipient's log."""
    records = []
    for rec in c.recipients:
        extensions = reminders = 0
        for event in c.logs[rec.id]:
            party = Party(AgentType.COUNTERPART, rec.name)
            reference = (Relation("reference", c.sending_key(rec)),)
            if event.kind == EventKind.EXTENDED and event.until is not None:
                extensions += 1
                until = deadline_for([event], c.round.deadline)
                records.append(
                    CaseRecord(
                        key=c.record_key("forlangning", rec.id, str(extensions)),
                        kind=RecordKind.EXTENSION,
                        title=(
                            f"Förlängd svarstid för {rec.name} till {swedish_date(until.date())}"
                        ),
                        direction=Direction.INTERNAL,
                        parties=(party,),
                        dates=(Dated(DateKind.CREATED, event.at),),
                        relations=reference,
                        description=event.reason or "",
                    )
                )
            elif event.kind == EventKind.REMINDED:
                reminders += 1
                records.append(
                    CaseRecord(
                        key=c.record_key("paminnelse", rec.id, str(reminders)),
                        kind=RecordKind.REMINDER,
                        title=f"Påminnelse till {rec.name}",
                        direction=Direction.OUTGOING,
                        parties=(Party(AgentType.RECIPIENT, rec.name, email=rec.email),),
                        dates=(Dated(DateKind.SENT, event.at),),
                        relations=reference,
                        dispatch_mode=DISPATCH.get(str(event.how), ""),
                        notes=("Påminnelsen sparades inte som fil.",),
                    )
                )
    return records


def answers_received(c: RoundFacts) -> list[CaseRecord]:
    """Return one incoming record per registered answer, with the file as it came in and
    styrdok's reading of it."""
    records = []
    for rec in c.recipients:
        deadline = deadline_for(c.logs[rec.id], c.round.deadline).date()
        previous = ""
        for answer, data in c.answers[rec.id]:
            stored = PurePosixPath(answer.file).name
            key = c.record_key("svar", rec.id, stored)
            attachments = [
                c.add(
                    f"svar/{rec.id}/{stored}",
                    data,
                    day(answer.received),
                    name=answer.original_name or stored,
                    description="Svaret som det kom in, oförändrat",
                )
            ]
            folder = recipient_dir(c.root, c.round.id, rec.id)
            reading = folder / answer.record
            inside = reading.resolve().is_relative_to(folder.resolve())
            if answer.record and inside and reading.is_file():
                attachments.append(
                    c.copy(
                        reading,
                        f"register/instanser/{rec.id}/{answer.record}",
                        day(answer.received),
                        "Styrdoks läsning av svaret (synpunkter per avsnitt)",
                    )
                )
            relations = [Relation("reference", c.sending_key(rec))]
            if answer.supplement and previous:
                relations.append(Relation("own_relation_definition", previous, "komplettering_av"))
            received = swedish_date(answer.received)
            notes = [f"Inkom {received}; sista svarsdag {swedish_date(deadline)}"]
            if answer.late:
                notes.append("Svaret kom in efter svarsdagen.")
            if answer.kind:
                notes.append(f"Läst av styrdok som: {answer.kind}")
            what = "Komplettering" if answer.supplement else "Remissvar"
            records.append(
                CaseRecord(
                    key=key,
                    kind=RecordKind.ANSWER,
                    title=f"{what} från {rec.name}",
                    direction=Direction.INCOMING,
                    parties=(
                        Party(AgentType.SENDER, rec.name, email=rec.email),
                        Party(AgentType.RECEIVER, c.forbund.name, c.forbund.id_number),
                    ),
                    dates=(Dated(DateKind.RECEIVED, day(answer.received)),),
                    attachments=tuple(attachments),
                    relations=tuple(relations),
                    notes=tuple(notes),
                )
            )
            previous = key
    return records


def summary(c: RoundFacts) -> list[CaseRecord]:
    """Return the remissammanställning, rendered as of the round's last date."""
    from styrdok.reports.compilation import compile_round
    from styrdok.reports.positions import load_positions, positions_path
    from styrdok.reports.summary import render_summary

    sections, general = load_positions(c.root, c.round.id)
    compilation = compile_round(c.repo, c.round.id, c.closing, sections, general)
    data = render_summary(compilation, "docx", c.settings, c.root, c.closing)
    created = day(c.closing)
    attachments = [c.add("sammanstallning/remissammanstallning.docx", data, created)]
    positions = positions_path(c.root, c.round.id)
    if positions.is_file():
        attachments.append(
            c.copy(
                positions,
                f"register/{positions.name}",
                created,
                "Förbundets ställningstaganden",
            )
        )
    answers = sum(len(pairs) for pairs in c.answers.values())
    return [
        CaseRecord(
            key=c.record_key("sammanstallning"),
            kind=RecordKind.SUMMARY,
            title="Remissammanställning",
            direction=Direction.INTERNAL_FOLLOW_UP,
            parties=(c.forbund,),
            dates=(Dated(DateKind.CREATED, created),),
            attachments=tuple(attachments),
            description="Vem som sagt vad om varje ändring, "
            + count(answers, "registrerat svar", "registrerade svar"),
        )
    ]


RecordSource = Callable[[RoundFacts], list[CaseRecord]]
SOURCES: tuple[RecordSource, ...] = (documents, sendings, log_events, answers_received, summary)
