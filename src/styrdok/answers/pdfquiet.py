"""Keeping pypdf quiet while it reads a file from outside.

pypdf logs and warns about sloppy PDFs; those notes are not for the user (a refusal or
a reading says what matters) and must not turn into errors where warnings are errors.
The logger's level and the warning filters belong to the whole process, so answers read
in threads of their own (``remiss receive`` of many files) take turns here: one PDF at
a time, and each puts back what it changed."""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

_TURN = threading.Lock()


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Return a context in which pypdf logs nothing below CRITICAL and warnings are
    ignored; one thread at a time."""
    with _TURN:
        log = logging.getLogger("pypdf")
        level = log.level
        log.setLevel(logging.CRITICAL)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield
        finally:
            log.setLevel(level)
