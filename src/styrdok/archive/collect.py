"""A remiss round as a case ready to be packaged: its records and its files.

Everything comes from the repository: the round record, each recipient's log and
registered answers, the pinned document versions, the positions file. What went out is
rebuilt from the same commits (packages are reproducible), and the remissammanställning
is rendered as of the round's last date. No date is taken from the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from styrdok import __version__
from styrdok.archive.facts import RoundFacts, StoredFile, day
from styrdok.archive.model import AgentType, Case, Party, RecordKind
from styrdok.archive.records import SOURCES
from styrdok.core.dates import STOCKHOLM
from styrdok.core.plural import count
from styrdok.core.templating import swedish_date
from styrdok.remiss.rounds import Round, check_pinned, load_round
from styrdok.store.git import GitRepo
from styrdok.store.settings import Settings

_ORDER = {kind: n for n, kind in enumerate(RecordKind)}


@dataclass
class Collected:
    """A round ready to be packaged: the case, the files by package path, and which of
    them are Word files to render as PDF/A."""

    round: Round
    case: Case
    files: dict[str, StoredFile] = field(default_factory=dict)

    @property
    def word_files(self) -> list[str]:
        """Return the package paths of the Word files, in path order."""
        return sorted(p for p, f in self.files.items() if p.endswith(".docx"))


def collect(repo: GitRepo, settings: Settings, round_id: str) -> Collected:
    """Return a round's case and files; raise ArchiveError when a registered answer is
    missing or changed, or a pinned version is gone."""
    r = load_round(repo.root, round_id)
    check_pinned(repo, r)
    c = RoundFacts(repo, settings, r)
    records = [record for source in SOURCES for record in source(c)]
    # By day, then by kind (underlag before the remiss of the same day), then round order.
    records.sort(key=lambda x: (x.first_date.astimezone(STOCKHOLM).date(), _ORDER[x.kind]))
    attachments = tuple(c.registers())
    answered = sum(1 for pairs in c.answers.values() if pairs)
    org = settings.organisation
    parties = [c.forbund]
    if r.contact is not None:
        contact = r.contact
        parties.append(
            Party(
                AgentType.RESPONSIBLE,
                contact.name,
                email=contact.email,
                phone=contact.phone,
                address=org.address,
            )
        )
    notes = [
        f"Utskicken är återskapade ur git med styrdok {__version__} från samma versioner och "
        "mallar; de är byte för byte lika med det som skickades om mallarna inte har ändrats.",
    ]
    if r.decision_body:
        when = f" den {swedish_date(r.decision_date)}" if r.decision_date else ""
        notes.append(f"Beslut planerat av {r.decision_body}{when}.")
    case = Case(
        key=c.key,
        system_id=f"styrdok:remiss/{r.id}",
        title=r.title,
        dnr=r.dnr,
        parties=tuple(parties),
        opened=day(r.sent),
        closed=day(c.closing),
        description=(
            f"Remiss från {org.name} av {len(r.documents)} dokument till "
            f"{count(len(c.recipients), 'remissinstans', 'remissinstanser')}, skickad "
            f"{swedish_date(r.sent)} med sista "
            f"svarsdag {r.deadline_text}; svar från {answered} av {len(c.recipients)}."
        ),
        records=tuple(records),
        notes=tuple(notes),
        attachments=attachments,
    )
    return Collected(r, case, c.files)
