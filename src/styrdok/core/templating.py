"""The one place that makes Jinja2 environments.

Templates are looked up first in the governance repository's own ``templates/`` folder
(so staff can restyle them), then among the templates that ship with styrdok: the package
data ``styrdok.templates`` (the top-level ``templates/`` folder of styrdok's source).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

from styrdok.core.errors import TemplateError

BUILTIN_PACKAGE = "styrdok.templates"
MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def swedish_date(day: dt.date) -> str:
    """Return a date as Swedish running text: ``9 maj 2024``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def builtin_templates() -> Path:
    """Return the folder of the templates that ship with styrdok."""
    try:
        folder = resources.files(BUILTIN_PACKAGE)
    except ModuleNotFoundError:
        raise TemplateError(
            "styrdoks inbyggda mallar hittas inte: installera styrdok (make setup eller "
            "pip install -e .)"
        ) from None
    if not isinstance(folder, Path):  # e.g. inside a zip file
        raise TemplateError(f"styrdoks inbyggda mallar är inga filer ({folder})")
    return folder


def template_dirs(repo_root: Path | None) -> list[Path]:
    """Return the folders searched for templates, the repository's own first."""
    dirs = []
    if repo_root is not None and (repo_root / "templates").is_dir():
        dirs.append(repo_root / "templates")
    builtin = builtin_templates()
    if builtin not in dirs:
        dirs.append(builtin)
    return dirs


def find_template(name: str, repo_root: Path | None) -> Path:
    """Return the path of a (non-Jinja) template file such as a .docx base."""
    for folder in template_dirs(repo_root):
        if (folder / name).is_file():
            return folder / name
    raise TemplateError(f"mallen {name} saknas i {', '.join(map(str, template_dirs(repo_root)))}")


def environment(repo_root: Path | None = None, autoescape: bool = True) -> Any:
    """Return a Jinja2 environment with StrictUndefined, Swedish date filters and
    autoescaping for HTML and XML (on by default)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(repo_root)]),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["svdatum"] = swedish_date
    return env


def render_template(
    name: str, repo_root: Path | None, autoescape: bool = True, **values: Any
) -> str:
    """Return a rendered template; a missing or broken template raises TemplateError."""
    import jinja2

    env = environment(repo_root, autoescape)
    try:
        return str(env.get_template(name).render(**values))
    except jinja2.TemplateNotFound:
        raise TemplateError(f"mallen {name} saknas") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"mallen {name} är trasig på rad {exc.lineno}: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"mallen {name} använder ett okänt värde: {exc.message}") from None
