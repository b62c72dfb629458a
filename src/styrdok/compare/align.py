"""Section alignment: pair old sections with new ones, from the surest match to the loosest."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from styrdok.compare.changes import FlatSection
from styrdok.compare.similarity import WordIndex, Words, dice

SIMILAR = 0.5  # word overlap (Dice) above which two unmatched sections are the same one
SAME_NUMBER = 0.25  # lower bar for sections that keep their number
TITLE_MATCH = 0.2  # lower bar still for sections that keep their title
REPLACED = 0.1  # below this, a section under an old number is a new section
CONTAINED = 0.7  # share of a section's words found in another: split or merged
CONFIDENT = 0.6  # a section this alike under the same number is the same section
CLEARLY_BETTER = 0.2  # another section this much more alike takes precedence over a number


def _identity(section: FlatSection) -> Hashable:
    """Return what an identical section has too: level, title and body."""
    return (section.heading.level if section.heading else 0, section.title, section.body)


def _identity_by_blocks(section: FlatSection) -> Hashable:
    """Return :func:`_identity`'s key with the body as its blocks' texts, not joined.
    When no text holds a line break, two tuples of texts join to the same body exactly
    when they are equal, but for () and ("",): () stands as ("",)."""
    texts = tuple([b.text for b in section.blocks]) or ("",)
    return (section.heading.level if section.heading else 0, section.title, texts)


def _words(section: FlatSection) -> Words:
    return Words(f"{section.title} {section.body}")


class Aligner:
    """Pairs old sections with new ones, in passes from the surest to the loosest."""

    def __init__(self, old: list[FlatSection], new: list[FlatSection]) -> None:
        self.old, self.new = old, new
        self.pairs: dict[int, int] = {}  # old index -> new index
        self.taken: set[int] = set()  # new indexes paired
        self._new_index: WordIndex | None = None
        self._words: dict[tuple[str, int], Words] = {}

    def words(self, side: str, section: FlatSection) -> Words:
        key = (side, section.index)
        if key not in self._words:
            self._words[key] = _words(section)
        return self._words[key]

    def index(
        self, side: str, sections: list[FlatSection], vocabulary: frozenset[str] | None = None
    ) -> WordIndex:
        """Return an index of ``sections``' words (only those in ``vocabulary`` when
        given), keyed by section index."""
        return WordIndex(((s.index, self.words(side, s)) for s in sections), vocabulary)

    def pair(self, i: int, j: int) -> None:
        self.pairs[i] = j
        self.taken.add(j)

    def free_old(self) -> list[FlatSection]:
        return [s for s in self.old if s.index not in self.pairs]

    def free_new(self) -> list[FlatSection]:
        return [s for s in self.new if s.index not in self.taken]

    def by_key(
        self,
        key: Callable[[FlatSection], Hashable | None],
        accept: Callable[[FlatSection, FlatSection], bool] | None = None,
    ) -> None:
        """Pair free sections whose key is equal and unique on both sides."""
        olds: dict[Hashable, list[FlatSection]] = {}
        for s in self.free_old():
            k = key(s)
            if k is not None:
                olds.setdefault(k, []).append(s)
        news: dict[Hashable, list[FlatSection]] = {}
        for s in self.free_new():
            k = key(s)
            if k is not None:
                news.setdefault(k, []).append(s)
        for k, found in news.items():
            if len(found) == 1 and len(olds.get(k, ())) == 1:
                a, b = olds[k][0], found[0]
                if accept is None or accept(a, b):
                    self.pair(a.index, b.index)

    def still_the_same(self, a: FlatSection, b: FlatSection) -> bool:
        """Return True when a section under the same number is the same section changed:
        it keeps its title, some of its words, or (a bare chapter heading) its subsections."""
        if a.title == b.title or dice(self.words("old", a), self.words("new", b)) >= REPLACED:
            return True
        if a.body or b.body:
            return False
        return any(
            self.old[i].parent == a.index and self.new[j].parent == b.index
            for i, j in self.pairs.items()
        )

    def by_similarity(self) -> None:
        """Pair the remaining sections whose words overlap most, best pairs first. Only
        sections that share one of their rarest words are compared."""
        olds, news = self.free_old(), self.free_new()
        if not olds or not news:
            return
        index = self.index("new", news)
        scored: list[tuple[float, int, int]] = []
        for a in olds:
            wa = self.words("old", a)
            for j in index.candidates(wa):
                b = self.new[j]
                score = dice(wa, self.words("new", b))
                if a.title and a.title == b.title:
                    score += 0.25
                if score >= SIMILAR:
                    scored.append((score, a.index, b.index))
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        for _score, i, j in scored:
            if i not in self.pairs and j not in self.taken:
                self.pair(i, j)

    def same_number(self, a: FlatSection, b: FlatSection) -> bool:
        """Return True when two sections with the same number are the same section: their
        text is alike, and no other free section is clearly more like it."""
        score = dice(self.words("old", a), self.words("new", b))
        if score < SAME_NUMBER and a.title != b.title:
            return False
        if score >= CONFIDENT:
            return True
        wa = self.words("old", a)
        for j in self._free_index().candidates(wa):
            if j != b.index and j not in self.taken:
                if dice(wa, self.words("new", self.new[j])) > score + CLEARLY_BETTER:
                    return False
        return True

    def _free_index(self) -> WordIndex:
        if self._new_index is None:
            self._new_index = self.index("new", self.free_new())
        return self._new_index

    def run(self) -> dict[int, int]:
        old_pre = [s for s in self.old if s.heading is None]
        new_pre = [s for s in self.new if s.heading is None]
        if old_pre and new_pre:
            self.pair(old_pre[0].index, new_pre[0].index)
        # 1. identical sections, wherever they stand
        joined = any("\n" in b.text for s in (*self.old, *self.new) for b in s.blocks)
        self.by_key(_identity if joined else _identity_by_blocks)
        # 2. identical body text of some length under a new heading
        self.by_key(lambda s: s.body if len(s.body) >= 40 else None)
        # 3. the same title at the same level, unless the text has nothing in common
        self.by_key(
            lambda s: (
                (s.heading.level, s.number.kind if s.number else "", s.title)
                if s.heading and s.title
                else None
            ),
            lambda a, b: (
                not a.body
                or not b.body
                or not set(a.blocks).isdisjoint(b.blocks)
                or dice(self.words("old", a), self.words("new", b)) >= TITLE_MATCH
            ),
        )
        # 4. same number (and chapter), if the text is still recognisably the same
        self.by_key(lambda s: s.ref if s.number else None, self.same_number)
        # 5. the same unnumbered heading
        self.by_key(lambda s: None if s.number or s.heading is None else s.heading.text)
        # 6. the most similar of the rest
        self.by_similarity()
        # 7. same number, however changed, as long as title or some text remains
        self.by_key(
            lambda s: s.ref if s.number else None,
            self.still_the_same,
        )
        return self.pairs


def longest_increasing(pairs: list[tuple[int, int]]) -> set[int]:
    """Return the old indexes of a longest run of pairs whose new indexes increase."""
    import bisect

    tails: list[int] = []
    tail_at: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        previous[k] = tail_at[pos - 1] if pos else -1
    keep: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(pairs[k][0])
        k = previous[k]
    return keep
