"""A Word template read without python-docx (styrdok.word.template) gives the parts that
python-docx gives, and the comparison writers give the same bytes with it as with
python-docx, also for templates that send them back to python-docx."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result

from styrdok.word import package, template
from styrdok.word.base import save_parts
from tests.conftest import PROJECT, Repo

Cli = Callable[..., Result]
BASE = PROJECT / "templates" / "base.docx"


def _variants() -> dict[str, bytes]:
    """The base template and some that differ the way other Word files do."""
    parts = package.read_parts(BASE.read_bytes())
    out = {"base": package.write_parts(parts)}
    styles = parts["word/styles.xml"]
    default_grid = re.sub(rb'(<w:style w:type="table"[^>]*?) w:default="1"', rb"\1", styles)
    default_grid = default_grid.replace(
        b'w:styleId="TableGrid"', b'w:default="1" w:styleId="TableGrid"'
    )
    out["table grid as default"] = package.write_parts(parts | {"word/styles.xml": default_grid})
    body = parts["word/document.xml"].replace(
        b"<w:body>",
        b"<w:body>\n <w:p><w:r><w:t>Exempel &amp; mer</w:t></w:r></w:p>\n <w:p><w:pPr><w:sectPr>"
        b'<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p>\n',
    )
    out["content and a section break"] = package.write_parts(parts | {"word/document.xml": body})
    swedish = styles
    for n in range(1, 10):
        swedish = swedish.replace(b'w:styleId="Heading%d"' % n, b'w:styleId="Rubrik%d"' % n)
    out["Swedish style ids"] = package.write_parts(parts | {"word/styles.xml": swedish})
    return out


VARIANTS = _variants()


@pytest.mark.parametrize("name", list(VARIANTS))
def test_the_parts_are_those_python_docx_saves(name: str) -> None:
    data = VARIANTS[name]
    ours = template.TemplateDocument(data, needs=("numbering", "settings")).save_parts()
    assert ours == save_parts(docx.Document(io.BytesIO(data)))


def test_a_template_without_a_page_header_needs_python_docx() -> None:
    parts = package.read_parts(BASE.read_bytes())
    body = re.sub(rb"<w:headerReference[^>]*/>", b"", parts["word/document.xml"])
    document = template.TemplateDocument(package.write_parts(parts | {"word/document.xml": body}))
    with pytest.raises(template.NeedsPythonDocx):
        [section.header for section in document.sections]


def test_a_broken_template_needs_python_docx() -> None:
    with pytest.raises(template.NeedsPythonDocx):
        template.TemplateDocument(b"inte en zip")


def _outputs(repo: Repo, cli: Cli, tmp_path: Path, tag: str) -> list[bytes]:
    found = []
    for fmt in ("docx", "table"):
        out = tmp_path / f"{tag}-{fmt}.docx"
        result = cli(
            "diff", "forbundsordning", "gällande 2019", "HEAD", "--format", fmt,
            "-o", str(out), "--datum", "2024-02-23",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        found.append(out.read_bytes())
    return found


@pytest.mark.parametrize("name", list(VARIANTS))
def test_the_writers_give_the_same_bytes_with_python_docx(
    name: str, itsam: Repo, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (itsam.root / "templates").mkdir(exist_ok=True)
    (itsam.root / "templates" / "base.docx").write_bytes(VARIANTS[name])
    without = _outputs(itsam, cli, tmp_path, "fast")

    def needs(*args: object, **kwargs: object) -> template.TemplateDocument:
        raise template.NeedsPythonDocx("test")

    monkeypatch.setattr(template.TemplateDocument, "open", needs)
    assert _outputs(itsam, cli, tmp_path, "python-docx") == without
