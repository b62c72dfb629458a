"""The organisation's settings: one YAML file, ``styrdok.yaml``, at the repository root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styrdok.errors import SettingsError

SETTINGS_FILE = "styrdok.yaml"


@dataclass(frozen=True)
class Organisation:
    """Who the förbund is and where answers go."""

    name: str
    org_number: str = ""
    address: str = ""
    website: str = ""
    registrator: str = ""


@dataclass(frozen=True)
class Settings:
    """Everything read from ``styrdok.yaml``."""

    organisation: Organisation
    author: str  # the author of tracked changes

    @classmethod
    def default(cls) -> Settings:
        return cls(Organisation(name="Kommunalförbundet"), author="styrdok")


def _text(section: dict[str, Any], key: str, where: str) -> str:
    value = section.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str | int):
        raise SettingsError(f"{SETTINGS_FILE}: {where}{key} ska vara text, fick {value!r}")
    return str(value)


def load(root: Path) -> Settings:
    """Return the settings of the repository at ``root`` (defaults when there is no file)."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return Settings.default()
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        raise SettingsError(f"{SETTINGS_FILE} är inte giltig YAML") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{SETTINGS_FILE}: förväntade nycklar med värden, fick {data!r}")
    org = data.get("organisation") or {}
    if not isinstance(org, dict):
        raise SettingsError(f"{SETTINGS_FILE}: organisation ska ha nycklar, fick {org!r}")
    name = _text(org, "namn", "organisation.")
    if not name:
        raise SettingsError(f"{SETTINGS_FILE}: organisation.namn saknas")
    organisation = Organisation(
        name=name,
        org_number=_text(org, "organisationsnummer", "organisation."),
        address=_text(org, "adress", "organisation."),
        website=_text(org, "webbplats", "organisation."),
        registrator=_text(org, "registrator", "organisation."),
    )
    changes = data.get("ändringar") or {}
    if not isinstance(changes, dict):
        raise SettingsError(f"{SETTINGS_FILE}: ändringar ska ha nycklar, fick {changes!r}")
    author = _text(changes, "författare", "ändringar.") or name
    return Settings(organisation, author)


def skeleton(name: str) -> str:
    """Return the text of a new settings file for an organisation called ``name``."""
    import json

    name = json.dumps(name, ensure_ascii=False)
    return f"""\
# Inställningar för styrdok. Redigera värdena; behåll nycklarna.
organisation:
  namn: {name}
  organisationsnummer: ""
  adress: ""
  webbplats: ""
  # Dit remissvar ska skickas (registratorns funktionsbrevlåda).
  registrator: ""
ändringar:
  # Står som författare till spårade ändringar i Word-filer.
  författare: {name}
"""
