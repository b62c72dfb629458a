"""The text after the remiss: what the answers changed, and where the positions file and
the text disagree.

The final text is the version the direktion decided (pinned in its decision) or, before
the decision, the latest committed version when it differs from the remiss version. It is
compared with the remiss version section by section, and each section whose position
says "förslaget ändrat: ja" or "nej" is checked against that comparison: staff wrote ja
but the text did not change, or nej but it did. Each disagreement is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

from styrdok.adoption.decision import current_decision
from styrdok.adoption.texts import pinned
from styrdok.compare.changeline import change_line
from styrdok.compare.diff import diff_versions
from styrdok.reports.compilation import Compilation, DocumentEntry
from styrdok.store.documents import DocumentRef
from styrdok.store.git import GitRepo

HEADING = "Förslaget efter remissen"


@dataclass(frozen=True)
class FinalText:
    """One document's text after the remiss, compared with the remiss version."""

    title: str
    remiss: str  # the remiss version's label
    final: str  # the final version's label (or short commit)
    commit: str
    decided: bool  # the direktion's decision pins it
    change_line: str  # SFS-style: "ändr. 4, 7 §§"
    changed: tuple[str, ...]  # sections (as cited in the remiss version) that changed
    disagreements: tuple[str, ...]  # where the positions file and the text disagree
    unexplained: tuple[str, ...]  # changed sections without a ja/nej in the positions file

    @property
    def summary(self) -> str:
        """Return one sentence: which versions, and what changed."""
        what = "beslutad av direktionen" if self.decided else "senast sparade version"
        if not self.changed:
            return f"{self.final} ({what}) har samma text som {self.remiss}."
        return f"{self.remiss} → {self.final} ({what}): {self.change_line}."


def _final_commit(repo: GitRepo, c: Compilation, entry: DocumentEntry) -> tuple[str, bool] | None:
    doc = entry.document
    decision = current_decision(repo.root, c.round.id)
    decided = decision.document(doc.name) if decision else None
    if decided is not None:
        return decided.commit, True
    latest = pinned(DocumentRef(repo, doc.proposal.path), "HEAD")
    if latest.sha is None or latest.sha == doc.proposal.commit:
        return None
    return latest.sha, False


def _final(repo: GitRepo, c: Compilation, entry: DocumentEntry) -> FinalText | None:
    found = _final_commit(repo, c, entry)
    if found is None:
        return None
    commit, decided = found
    doc = entry.document
    result = diff_versions(DocumentRef(repo, doc.proposal.path), doc.proposal.commit, commit)
    changes = result.comparison.changes
    changed = tuple(dict.fromkeys(ch.old.ref if ch.old else ch.ref for ch in changes))
    remiss = doc.proposal.label or doc.proposal.commit[:10]
    final = result.new.meta.label or commit[:10]
    disagreements, said = [], set()
    for section in entry.sections:
        position = section.position
        if position is None or position.changed is None:
            continue
        said.add(section.ref)
        actual = section.ref in changed
        where = f"{section.ref} ({section.title})"
        if position.changed and not actual:
            disagreements.append(
                f"{where}: ställningstagandet säger att förslaget har ändrats, men texten i "
                f"{final} är densamma som i {remiss}"
            )
        elif not position.changed and actual:
            disagreements.append(
                f"{where}: ställningstagandet säger att förslaget inte har ändrats, men "
                f"{section.ref} skiljer sig i {final} från {remiss}"
            )
    return FinalText(
        title=doc.title,
        remiss=remiss,
        final=final,
        commit=commit,
        decided=decided,
        change_line=change_line(result.comparison) if changes else "",
        changed=changed,
        disagreements=tuple(disagreements),
        unexplained=tuple(ref for ref in changed if ref not in said),
    )


def final_texts(repo: GitRepo, c: Compilation) -> list[FinalText]:
    """Return the text after the remiss of each document that has one."""
    return [f for entry in c.documents if (f := _final(repo, c, entry)) is not None]


def final_lines(texts: list[FinalText]) -> list[str]:
    """Return what a report says of the texts after the remiss, one sentence each."""
    out = []
    for f in texts:
        out.append(f"{f.title}: {f.summary}")
        out += [f"Avvikelse – {d}." for d in f.disagreements]
        if f.unexplained:
            refs = ", ".join(f.unexplained)
            out.append(f"Ändrat efter remissen utan ställningstagande om ändring: {refs}.")
    return out
