"""The one way styrdok reads and writes YAML: records, settings and front matter.

Every YAML file styrdok reads comes from a repository someone else may have written, so
the loader is strict: no anchors or aliases (an alias bomb expands a few hundred bytes
into gigabytes), no merge keys, no key twice in one mapping, no impossible dates
(``2025-02-30``), no nesting deeper than :data:`MAX_DEPTH`. Every refusal is one Swedish
line naming the file and the line, and never repeats a long value. Written YAML never
uses anchors either, so styrdok can always read back what it wrote.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from styrdok.core.atomic import write_text
from styrdok.core.errors import StyrdokError
from styrdok.core.safefile import read_bytes
from styrdok.core.validate import shown

if TYPE_CHECKING:
    import yaml

MAX_DEPTH = 40
MAX_BYTES = 32 << 20
INVALID = "ogiltig YAML"


class RecordError(StyrdokError):
    """A YAML record in the repository is missing or malformed."""


class YamlError(RecordError):
    """YAML text that is malformed or uses what styrdok refuses; ``reason`` and ``line``
    (1-based, or None) let callers phrase the message in their own words."""

    def __init__(self, name: str, reason: str, line: int | None) -> None:
        if reason == INVALID:
            text = f"{name} är inte giltig YAML" + (f" på rad {line}" if line else "")
        else:
            text = f"{name}, rad {line}: {reason}" if line else f"{name}: {reason}"
        super().__init__(text)
        self.name, self.reason, self.line = name, reason, line


class _Refused(Exception):
    def __init__(self, reason: str, mark: Any) -> None:
        super().__init__(reason)
        self.reason, self.mark = reason, mark


@functools.cache
def _loader() -> type[yaml.SafeLoader]:
    """Return the strict loader class; PyYAML is imported on first use (it takes as
    long to import as a short command takes to run)."""
    import yaml

    class _StrictLoader(yaml.SafeLoader):
        """SafeLoader that refuses anchors, aliases, merge keys, duplicate keys, impossible
        dates and deep nesting."""

        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.AliasEvent):
                raise _Refused("alias (*) tillåts inte", event.start_mark)
            if getattr(event, "anchor", None) is not None:
                raise _Refused("ankare (&) tillåts inte", event.start_mark)
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused(f"mer än {MAX_DEPTH} nivåer i varandra", event.start_mark)
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[Any] = set()
            for key_node, _value in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused("<<-nycklar tillåts inte", key_node.start_mark)
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                except TypeError:
                    raise _Refused(
                        "en nyckel är varken text eller tal", key_node.start_mark
                    ) from None
                if duplicate:
                    raise _Refused(
                        f"nyckeln {shown(key, 40)} förekommer två gånger", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except (ValueError, TypeError, AttributeError, OverflowError):
                raise _Refused(
                    f"datumet {shown(node.value, 40)} finns inte", node.start_mark
                ) from None

    _StrictLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp
    )

    return _StrictLoader


@functools.cache
def _dumper() -> type[yaml.SafeDumper]:
    """Return the dumper class (PyYAML imported on first use)."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        """SafeDumper that writes a shared value out in full instead of as an alias."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    return _Dumper


def loads(text: str, name: str, first_line: int = 1) -> Any:
    """Return the value of YAML ``text``; raise YamlError naming ``name`` and the line
    (counted from ``first_line``) when it is malformed or refused."""
    import yaml

    try:
        loader = _loader()(text)
    except yaml.YAMLError:  # a control character the YAML reader refuses
        raise YamlError(name, INVALID + " (otillåtet tecken)", None) from None
    try:
        return loader.get_single_data()
    except _Refused as exc:
        line = exc.mark.line + first_line if exc.mark is not None else None
        raise YamlError(name, exc.reason, line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else None
        raise YamlError(name, INVALID, line) from None
    except (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError, OverflowError):
        # An explicit tag with a value of the wrong form: !!int "x", !!bool "kanske".
        raise YamlError(name, "ogiltig YAML (ett värde har fel form)", None) from None
    except RecursionError:
        raise YamlError(name, f"mer än {MAX_DEPTH} nivåer i varandra", None) from None
    finally:
        loader.dispose()


class _NotTheSame(Exception):
    """A value libyaml's emitter might write differently from PyYAML's own."""


# What libyaml's emitter writes exactly as PyYAML's does: printable characters it does not
# escape (no tab, CR, NEL, line or paragraph separator, BOM or character beyond the BMP),
# no space next to a line break (a scalar PyYAML double-quotes, and folds differently), and
# short, non-empty, one-line keys (PyYAML never writes an empty key as a simple key, and
# counts a simple key's length in characters and with its implicit tag; libyaml in bytes,
# without the tag).
_SAME_TEXT = re.compile("[\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_SAME_KEY = re.compile("[ -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_KEY_BYTES = 100


def _same_in_libyaml(root: yaml.Node) -> bool:
    """Return whether libyaml's emitter writes ``root`` byte for byte as PyYAML's does."""
    import yaml

    if not isinstance(root, (yaml.MappingNode, yaml.SequenceNode)):
        return False  # a scalar document: the two differ on the end marker
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            value = node.value
            if not _SAME_TEXT.fullmatch(value) or " \n" in value or "\n " in value:
                return False
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or not _SAME_KEY.fullmatch(key.value):
                    return False
                if not 0 < len(key.value.encode("utf-8")) <= _KEY_BYTES:
                    return False
                stack.append(value)
        else:
            stack.extend(node.value)
    return True


@functools.cache
def _fast_dumper() -> type[yaml.SafeDumper] | None:
    """Return libyaml's emitter with PyYAML's safe representer, for values it writes
    exactly as :func:`_dumper`'s does, or None when PyYAML was built without libyaml."""
    import yaml

    base: type[yaml.SafeDumper] | None = getattr(yaml, "CSafeDumper", None)
    if base is None or not getattr(yaml, "__with_libyaml__", False):
        return None

    class _LibyamlDumper(base):  # type: ignore[misc, valid-type]
        """Raises _NotTheSame for a value libyaml might write differently."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

        def serialize(self, node: yaml.Node) -> None:
            if not _same_in_libyaml(node):
                raise _NotTheSame
            super().serialize(node)

    return _LibyamlDumper


def dumps(data: Any, header: str = "", width: int = 100) -> str:
    """Return ``data`` as YAML text (keys in the given order, no aliases), after a
    comment ``header``.

    The text is PyYAML's emitter's; libyaml's writes it when the values are ones it is
    known to write byte for byte the same (it is several times faster)."""
    import yaml

    text = None
    fast = _fast_dumper()
    if fast is not None:
        try:
            text = yaml.dump(data, Dumper=fast, allow_unicode=True, sort_keys=False, width=width)
        except _NotTheSame:
            pass
    if text is None:
        text = yaml.dump(data, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=width)
    return (header + "\n" if header else "") + text


def parse_mapping(text: str, name: str) -> dict[str, Any]:
    """Return the mapping in YAML ``text``; raise RecordError naming ``name`` otherwise."""
    data = loads(text, name)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RecordError(f"{name}: förväntade nycklar med värden, fick {_kind(data)}")
    return data


def read_mapping(path: Path, root: Path | None = None) -> dict[str, Any]:
    """Return the mapping in a YAML file; raise RecordError naming the file otherwise.

    With ``root`` the file must lie inside it (a symbolic link out is not followed)."""
    name = _name(path, root)
    try:
        data = read_bytes(path, name, root, MAX_BYTES)
    except FileNotFoundError:
        raise RecordError(f"{name} saknas") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordError(f"{name} är inte UTF-8-text") from None
    return parse_mapping(text, name)


def _name(path: Path, root: Path | None) -> str:
    if root is None:
        return str(path)
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _kind(value: object) -> str:
    return {list: "en lista", str: "text", int: "ett tal", float: "ett tal", bool: "ja/nej"}.get(
        type(value), type(value).__name__
    )


def write_mapping(path: Path, data: dict[str, Any], header: str = "") -> None:
    """Write a mapping as YAML atomically, keys in the given order."""
    write_text(path, dumps(data, header))


def field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """Return ``data[key]`` checked against ``kind``; raise RecordError naming the key."""
    if key not in data or data[key] is None:
        raise RecordError(f"{where}: '{key}' saknas")
    value = data[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise RecordError(f"{where}: '{key}' ska vara {_swedish(names)}, fick {shown(value)}")
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
            raise RecordError(f"{where}: ogiltig tidpunkt {shown(value)}") from None
    else:
        raise RecordError(f"{where}: förväntade datum och tid, fick {shown(value)}")
    from styrdok.core.dates import STOCKHOLM

    if result.tzinfo is None:
        return result.replace(tzinfo=STOCKHOLM)
    return result.astimezone(STOCKHOLM)
