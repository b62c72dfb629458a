"""The exceptions styrdok raises; each message is one Swedish line for the user."""

from __future__ import annotations


class StyrdokError(Exception):
    """Base of every error that the CLI reports as one line and exit status 1."""


class NotARepositoryError(StyrdokError):
    """The directory is not inside a git repository."""


class GitError(StyrdokError):
    """Git failed or is missing."""


class UnknownDocumentError(StyrdokError):
    """No document with that name or path."""


class UnknownRevisionError(StyrdokError):
    """A revision or version label that cannot be resolved."""


class FrontMatterError(StyrdokError):
    """The YAML front matter of a document is malformed."""


class NotTextError(StyrdokError):
    """A file is not UTF-8 text."""


class OutsideRepositoryError(StyrdokError):
    """A path points outside the repository."""


class SettingsError(StyrdokError):
    """The settings file is missing a value or has a wrong one."""


class OutputError(StyrdokError):
    """An output file cannot be written."""


class TemplateError(StyrdokError):
    """A template is missing or broken."""


class WordFileError(StyrdokError):
    """A Word file is damaged, unsafe or not a .docx."""
