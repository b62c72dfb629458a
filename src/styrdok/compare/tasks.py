"""The task behind ``check``: the problems in the documents' structure, each broken
reference with where its section went."""

from __future__ import annotations

from dataclasses import replace

from styrdok.compare.whereabouts import where_it_went
from styrdok.core.errors import StyrdokError
from styrdok.core.outcome import Outcome, lines
from styrdok.store.documents import find_document, list_documents, load_document
from styrdok.store.git import GitRepo
from styrdok.text.check import check_document


def check_documents(repo: GitRepo, document: str | None = None) -> Outcome:
    """Check the structure of one document (or of every one in ``docs/``) in the working
    tree; the outcome fails when a problem is found. A reference to a section that is not
    there says where that section went, when an earlier version had it."""
    refs = [find_document(repo, document)] if document else list_documents(repo)
    problems: list[str] = []
    for ref in refs:
        try:
            model = load_document(ref, None)
        except StyrdokError as exc:  # report the file and go on with the others
            text = str(exc)
            problems.append(text if text.startswith(ref.path) else f"{ref.path}: {text}")
            continue
        for problem in check_document(model):
            if problem.reference is not None:
                went = where_it_went(ref, model, problem.reference)
                if went:
                    problem = replace(problem, message=f"{problem.message} ({went})")
            problems.append(f"{ref.path}: {problem}")
    if problems:
        return Outcome(
            text=lines(problems), notes=(f"{len(problems)} problem hittades",), failed=True
        )
    return Outcome(notes=(f"Inga problem i {len(refs)} dokument",))
