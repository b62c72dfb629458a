"""styrdok — versioned governance documents for Swedish kommunalförbund.

The public library API: what another program may rely on. Names are imported on first
use (PEP 562), so that ``import styrdok`` — and with it the ``styrdok`` command's start-up
— loads none of git, python-docx, lxml or Jinja2.

    import styrdok

    repo = styrdok.GitRepo.find()
    document = styrdok.find_document(repo, "forbundsordning")
    result = styrdok.diff_versions(document, "gällande 2019", "HEAD")
    print(styrdok.render_text(result, "md"))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from styrdok.compare.diff import DiffResult, diff_versions
    from styrdok.compare.engine import BlockChange, Comparison, SectionChange
    from styrdok.compare.engine import compare as compare_documents
    from styrdok.core.errors import StyrdokError
    from styrdok.render.formats import render_binary, render_text
    from styrdok.store.documents import DocumentRef, find_document, list_documents, load_document
    from styrdok.store.git import GitRepo
    from styrdok.store.versions import Version
    from styrdok.store.versions import history as document_history
    from styrdok.store.versions import resolve as resolve_version
    from styrdok.text.markdown import parse as parse_document
    from styrdok.text.model import Document

__version__ = "0.1.0"

# public name -> (module, name in that module). No public name may be a subpackage's name
# (``compare``, ``render`` …): importing a subpackage sets that attribute on the package.
_EXPORTS: dict[str, tuple[str, str]] = {
    "StyrdokError": ("styrdok.core.errors", "StyrdokError"),
    "GitRepo": ("styrdok.store.git", "GitRepo"),
    "DocumentRef": ("styrdok.store.documents", "DocumentRef"),
    "find_document": ("styrdok.store.documents", "find_document"),
    "list_documents": ("styrdok.store.documents", "list_documents"),
    "load_document": ("styrdok.store.documents", "load_document"),
    "parse_document": ("styrdok.text.markdown", "parse"),
    "Document": ("styrdok.text.model", "Document"),
    "Version": ("styrdok.store.versions", "Version"),
    "document_history": ("styrdok.store.versions", "history"),
    "resolve_version": ("styrdok.store.versions", "resolve"),
    "compare_documents": ("styrdok.compare.engine", "compare"),
    "Comparison": ("styrdok.compare.engine", "Comparison"),
    "SectionChange": ("styrdok.compare.engine", "SectionChange"),
    "BlockChange": ("styrdok.compare.engine", "BlockChange"),
    "DiffResult": ("styrdok.compare.diff", "DiffResult"),
    "diff_versions": ("styrdok.compare.diff", "diff_versions"),
    "render_text": ("styrdok.render.formats", "render_text"),
    "render_binary": ("styrdok.render.formats", "render_binary"),
}

__all__ = [
    "BlockChange",
    "Comparison",
    "DiffResult",
    "Document",
    "DocumentRef",
    "GitRepo",
    "SectionChange",
    "StyrdokError",
    "Version",
    "__version__",
    "compare_documents",
    "diff_versions",
    "document_history",
    "find_document",
    "list_documents",
    "load_document",
    "parse_document",
    "render_binary",
    "render_text",
    "resolve_version",
]


def __getattr__(name: str) -> Any:
    """Return a public name, importing its module on first use."""
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'styrdok' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
