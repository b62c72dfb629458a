"""The exceptions styrdok raises; each message is one Swedish line for the user."""

from __future__ import annotations

import errno


class StyrdokError(Exception):
    """Base of every error that the CLI reports as one line and exit status 1."""


class NotARepositoryError(StyrdokError):
    """The directory is not inside a git repository."""


class GitError(StyrdokError):
    """Git failed or is missing."""


class CommandFailed(GitError):
    """A git command failed; ``detail`` holds what git said."""

    def __init__(self, args: tuple[str, ...], stderr: str | None) -> None:
        self.detail = (stderr or "").strip()
        verb = next((a for a in args if not a.startswith("-") and "=" not in a), "")
        super().__init__(f"git {verb} misslyckades: {self.detail.replace(chr(10), ' ')}")


class IdentityError(StyrdokError):
    """Git has no identity (user.name, user.email) to commit with."""


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


_OS_ERRORS = {
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "åtgärden är inte tillåten (skrivskyddad eller låst)",
    errno.ENOENT: "finns inte",
    errno.ENOTDIR: "en del av sökvägen är inte en katalog",
    errno.EISDIR: "är en katalog",
    errno.EEXIST: "finns redan",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.EIO: "läs- eller skrivfel på disken",
    errno.ENOTEMPTY: "katalogen är inte tom",
    errno.EMFILE: "för många öppna filer",
    errno.ELOOP: "för många symboliska länkar i rad",
    errno.EBUSY: "används av ett annat program",
    errno.ETXTBSY: "används av ett annat program",
    errno.EFBIG: "filen blir för stor",
}


def os_error_text(exc: OSError) -> str:
    """Return why an operating-system call failed, in Swedish (``disken är full``)."""
    known = _OS_ERRORS.get(exc.errno or 0)
    if known:
        return known
    return f"systemfel {exc.errno}" if exc.errno else "systemfel"


def os_error_message(exc: OSError, what: str = "") -> str:
    """Return one Swedish line for an OSError: what failed, where and why."""
    where = exc.filename if exc.filename is not None else ""
    if what and where:
        return f"{what} {where}: {os_error_text(exc)}"
    if where:
        return f"{where}: {os_error_text(exc)}"
    return f"{what or 'ett systemanrop misslyckades'}: {os_error_text(exc)}"
