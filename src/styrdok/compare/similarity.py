"""How alike two texts are, by their content words, and an index to find candidates.

Comparing every section with every other is quadratic; the index finds, for a section,
only those sections that share one of its rarest words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_WORD = re.compile(r"\w+")
# Function words carry no sign of what a section is about; similarity ignores them.
STOPWORDS = frozenset(
    """alla andra att av bör de dem den denna deras dess dessa det detta din eller en enligt
    ett efter från för genom har hos i inom inte kan man med mellan men mot nedan när och
    också om på samt sig sin sina sitt ska skall som så till under upp ut utan vad var vara
    varje vid vilka vilken vilket än är även över""".split()
)
RARE_WORDS = 8  # how many of a text's rarest words the index looks up


class Words:
    """The content words of a text, counted, with their total."""

    __slots__ = ("counts", "total")

    def __init__(self, text: str) -> None:
        counts: Counter[str] = Counter(_WORD.findall(text.casefold()))
        for word in STOPWORDS.intersection(counts):
            del counts[word]
        self.counts = counts
        self.total = counts.total()

    def shared(self, other: Words) -> int:
        """Return how many words (with repetition) the two texts have in common."""
        small, large = (self, other) if len(self.counts) <= len(other.counts) else (other, self)
        get = large.counts.get
        return sum(min(n, get(w, 0)) for w, n in small.counts.items())


def dice(a: Words, b: Words) -> float:
    """Return the Dice coefficient of two word counts: 1.0 the same words, 0.0 none."""
    total = a.total + b.total
    return 2 * a.shared(b) / total if total else 1.0


def contained(part: Words, whole: Words) -> float:
    """Return the share of ``part``'s words that are found in ``whole``."""
    return part.shared(whole) / part.total if part.total else 0.0


class WordIndex:
    """Finds the items that share a rare word with a given text."""

    def __init__(
        self, items: Iterable[tuple[int, Words]], vocabulary: frozenset[str] | None = None
    ) -> None:
        """Index ``items``; with ``vocabulary``, only those words (the candidates of texts
        that have only words from it are the same as with the whole index)."""
        self.postings: dict[str, list[int]] = {}
        setdefault = self.postings.setdefault
        for key, words in items:
            found = words.counts if vocabulary is None else vocabulary.intersection(words.counts)
            for word in found:
                setdefault(word, []).append(key)

    def candidates(self, words: Words, rare: int = RARE_WORDS) -> set[int]:
        """Return the keys of items sharing one of the ``rare`` rarest words of ``words``."""
        known = [w for w in words.counts if w in self.postings]
        known.sort(key=lambda w: (len(self.postings[w]), w))
        found: set[int] = set()
        for word in known[:rare]:
            found.update(self.postings[word])
        return found
