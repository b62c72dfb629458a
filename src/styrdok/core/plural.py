"""Swedish number agreement for counts in messages and documents: ``1 synpunkt``,
``3 synpunkter``, ``1 allmän synpunkt``, ``3 försenade``."""

from __future__ import annotations


def count(n: int, one: str, many: str) -> str:
    """Return ``n`` followed by the word that agrees with it: ``one`` for 1 (and -1),
    ``many`` for every other number, zero included (``0 synpunkter``)."""
    return f"{n} {one if abs(n) == 1 else many}"
