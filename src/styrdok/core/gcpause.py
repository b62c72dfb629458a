"""Pausing Python's cyclic garbage collector while a large structure is built.

Parsing and comparing a long document create hundreds of thousands of small objects
and no reference cycles; the collector would walk them all again and again (a third of
the comparison's time on a 1.5 MB law) and find nothing to free."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Return a context in which the cyclic garbage collector does not run (reference
    counting still frees everything); it runs again as before afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
