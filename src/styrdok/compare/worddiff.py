"""Word-by-word diff: tokens become single characters, diff-match-patch diffs them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

OpKind = Literal["equal", "insert", "delete"]
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_KINDS: dict[int, OpKind] = {0: "equal", 1: "insert", -1: "delete"}


class Op(NamedTuple):
    """One run of a diff: kept (equal), added (insert) or removed (delete) text."""

    kind: OpKind
    text: str


class _Codes(dict[str, str]):
    """Token -> character; a token not seen before gets the next free character."""

    def __init__(self, tokens: dict[int, str]) -> None:
        super().__init__()
        self.tokens = tokens  # code point -> token, for str.translate

    def __missing__(self, token: str) -> str:
        number = len(self.tokens) + 0x100
        if number >= 0xD800:  # skip the surrogate range
            number += 0x800
        code = chr(number)
        self[token] = code
        self.tokens[number] = token
        return code


class TokenTable:
    """Maps words, spaces and punctuation to single characters and back."""

    def __init__(self) -> None:
        self._tokens: dict[int, str] = {}  # code point -> token, for str.translate
        self._codes = _Codes(self._tokens)

    def encode(self, text: str) -> str:
        """Return ``text`` as one character per token."""
        return "".join(map(self._codes.__getitem__, _TOKEN.findall(text)))

    def decode(self, codes: str) -> str:
        """Return the text that ``codes`` stand for."""
        return codes.translate(self._tokens)


def diff_sequences(a: str, b: str) -> list[tuple[int, str]]:
    """Return diff-match-patch's diff of two strings, with no time limit."""
    from diff_match_patch import diff_match_patch

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp.diff_main(a, b, False)  # type: ignore[no-any-return]


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def cleanup(ops: list[Op]) -> list[Op]:
    """Return the operations with the semantic clean-up a reader expects at word level:
    kept runs of only spaces and punctuation between two changes join the change, so
    that ``[-a b-]{+c d+}`` does not read as four pieces around a shared space."""
    out: list[Op] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(Op("delete", "".join(deleted)))
        if inserted:
            out.append(Op("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, op in enumerate(ops):
        if op.kind == "delete":
            deleted.append(op.text)
        elif op.kind == "insert":
            inserted.append(op.text)
        elif (deleted or inserted) and index + 1 < len(ops) and not _has_word(op.text):
            deleted.append(op.text)
            inserted.append(op.text)
        else:
            flush()
            out.append(op)
    flush()
    return out


def word_diff(old: str, new: str, table: TokenTable | None = None) -> list[Op]:
    """Return the word-level operations that turn ``old`` into ``new``."""
    if old == new:
        return [Op("equal", old)] if old else []
    if not old:
        return [Op("insert", new)]
    if not new:
        return [Op("delete", old)]
    from diff_match_patch import diff_match_patch

    table = table or TokenTable()
    diffs = [
        (kind, table.decode(codes))
        for kind, codes in diff_sequences(table.encode(old), table.encode(new))
    ]
    # Semantic clean-up on the text (not the token codes), so that the length of a
    # shared run is its length in characters: short coincidental matches inside a
    # rewritten passage fold into the change instead of chopping it up.
    dmp = diff_match_patch()
    dmp.diff_cleanupSemantic(diffs)
    return cleanup([Op(_KINDS[kind], text) for kind, text in diffs if text])


def apply(ops: Sequence[Op], side: Literal["old", "new"]) -> str:
    """Return the old or the new text that the operations describe."""
    skip = "insert" if side == "old" else "delete"
    return "".join(op.text for op in ops if op.kind != skip)
