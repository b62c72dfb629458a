"""Swedish wording for click's own messages (usage, errors, help headings).

click marks its messages for gettext; styrdok replaces the translation functions in
click's modules with a lookup in the table below, so users never see English.
"""

from __future__ import annotations

import importlib

SWEDISH: dict[str, str] = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "No such option: {name}": "Flaggan finns inte: {name}",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "Missing {param_type}": "{param_type} saknas",
    "Missing command.": "Ange ett kommando.",
    "argument": "argument",
    "option": "flagga",
    "parameter": "parameter",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Option {name!r} requires an argument.": "Flaggan {name!r} kräver ett värde.",
    "Option {name!r} requires {nargs} arguments.": "Flaggan {name!r} kräver {nargs} värden.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du någon av: {possibilities}?)",
    "{value!r} is not one of {choices}.": "{value!r} är inte en av {choices}.",
    "{value!r} is not {choice}.": "{value!r} är inte {choice}.",
    "{value!r} does not match the format {format}.": "{value!r} har inte formen {format}.",
    "{value!r} does not match the formats {formats}.": (
        "{value!r} har inte någon av formerna {formats}."
    ),
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt tal.",
    "{value} is not in the range {range}.": "{value} ligger inte i intervallet {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en katalog.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva.",
    "Could not open file {filename!r}: {message}": "Kan inte öppna {filename!r}: {message}",
    "file": "fil",
    "directory": "katalog",
    "path": "sökväg",
    "default: {default}": "standard: {default}",
    "required": "krävs",
    "Aborted!": "Avbrutet.",
}
_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
)


def _gettext(message: str) -> str:
    return SWEDISH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Make click speak Swedish."""
    for name in _MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
