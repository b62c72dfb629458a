"""The one place that makes Jinja2 environments.

Templates are looked up first in the governance repository's own ``templates/`` folder
(so staff can restyle them), then among the templates that ship with styrdok: the package
data ``styrdok.templates`` (the top-level ``templates/`` folder of styrdok's source). A cloned
repository may be hostile, so every environment is sandboxed (a template cannot reach
Python internals or run code) and a template file that is a symbolic link out of its
folder is not read.
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
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


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


def _within(folder: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def find_template(name: str, repo_root: Path | None) -> Path:
    """Return the path of a (non-Jinja) template file such as a .docx base."""
    for folder in template_dirs(repo_root):
        if (folder / name).is_file():
            if not _within(folder, folder / name):
                raise TemplateError(
                    f"mallen {folder / name} leder ut ur sin katalog; den följs inte"
                )
            return folder / name
    raise TemplateError(f"mallen {name} saknas i {', '.join(map(str, template_dirs(repo_root)))}")


def _loader(folders: list[Path]) -> Any:
    import jinja2

    class ContainedLoader(jinja2.FileSystemLoader):
        """A FileSystemLoader that does not follow a symbolic link out of its folders."""

        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            if not any(_within(folder, Path(filename)) for folder in folders):
                raise TemplateError(f"mallen {filename} leder ut ur sin katalog; den följs inte")
            return source, filename, uptodate

    return ContainedLoader([str(d) for d in folders])


def environment(repo_root: Path | None = None, autoescape: bool = True) -> Any:
    """Return a sandboxed Jinja2 environment with StrictUndefined, Swedish date filters
    and autoescaping for HTML and XML (on by default)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=_loader(template_dirs(repo_root)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["svdatum"] = swedish_date
    return env


def docx_environment() -> Any:
    """Return the sandboxed environment docxtpl renders Word templates with (autoescaped,
    as Word XML needs)."""
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=True)
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
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"mallen {name} gör något som inte är tillåtet: {exc}") from None
