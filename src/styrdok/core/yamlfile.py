"""Reading and writing the YAML records that styrdok keeps in the repository."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from styrdok.core.atomic import write_text
from styrdok.core.errors import StyrdokError


class RecordError(StyrdokError):
    """A YAML record in the repository is missing or malformed."""


def read_mapping(path: Path, root: Path | None = None) -> dict[str, Any]:
    """Return the mapping in a YAML file; raise RecordError naming the file otherwise."""
    import yaml

    name = path.relative_to(root).as_posix() if root else str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordError(f"{name} saknas") from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise RecordError(f"{name} är inte giltig YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RecordError(f"{name}: förväntade nycklar med värden, fick {type(data).__name__}")
    return data


def write_mapping(path: Path, data: dict[str, Any], header: str = "") -> None:
    """Write a mapping as YAML atomically, keys in the given order."""
    import yaml

    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    write_text(path, (header + "\n" if header else "") + text)


def field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """Return ``data[key]`` checked against ``kind``; raise RecordError naming the key."""
    if key not in data or data[key] is None:
        raise RecordError(f"{where}: '{key}' saknas")
    value = data[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise RecordError(f"{where}: '{key}' ska vara {_swedish(names)}, fick {value!r}")
    return value


def optional(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """Return ``data[key]`` checked against ``kind``, or None when absent."""
    if data.get(key) is None:
        return None
    return field(data, key, kind, where)


def _swedish(names: str) -> str:
    words = {
        "str": "text",
        "int": "ett heltal",
        "date": "ett datum",
        "list": "en lista",
        "dict": "nycklar med värden",
        "bool": "ja/nej",
        "datetime": "datum och tid",
    }
    return " eller ".join(words.get(n, n) for n in names.split("/"))


def as_datetime(value: Any, where: str) -> dt.datetime:
    """Return a datetime in Stockholm time from YAML (a datetime or an ISO string)."""
    if isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, str):
        try:
            result = dt.datetime.fromisoformat(value)
        except ValueError:
            raise RecordError(f"{where}: ogiltig tidpunkt {value!r}") from None
    else:
        raise RecordError(f"{where}: förväntade datum och tid, fick {value!r}")
    from styrdok.core.dates import STOCKHOLM

    if result.tzinfo is None:
        return result.replace(tzinfo=STOCKHOLM)
    return result.astimezone(STOCKHOLM)
