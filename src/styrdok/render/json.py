"""The change model as JSON, for other tools."""

from __future__ import annotations

import json
from typing import Any

from styrdok.compare.changeline import change_line
from styrdok.compare.engine import (
    BlockChange,
    Comparison,
    FlatSection,
    SectionChange,
    SectionStatus,
)
from styrdok.core.gcpause import gc_paused


def _side(section: FlatSection | None) -> dict[str, Any] | None:
    if section is None:
        return None
    number = section.number
    return {
        "ref": section.ref,
        "number": number.label if number else None,
        "heading": section.title if section.heading else None,
        "heading_text": section.heading.text if section.heading else None,
        "level": section.heading.level if section.heading else 0,
        "index": section.index,
    }


def _ops(ops: tuple[Any, ...]) -> list[dict[str, str]]:
    return [{"op": op.kind, "text": op.text} for op in ops]


def _block(block: BlockChange) -> dict[str, Any]:
    side = block.new or block.old
    assert side is not None
    return {
        "status": block.status,
        "kind": side.kind,
        "depth": side.depth,
        "old_kind": block.old.kind if block.old else None,
        "ops": _ops(block.ops),
    }


def _section(change: SectionChange) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": change.key,
        "chapter": change.chapter or None,
        "status": change.status,
        "text_changed": change.text_changed,
        "old": _side(change.old),
        "new": _side(change.new),
    }
    if change.status == SectionStatus.UNCHANGED:
        return out  # the text is in the document itself: styrdok show
    out["heading_ops"] = _ops(change.heading_ops)
    out["blocks"] = [_block(b) for b in change.blocks]
    if change.split_from:
        out["split_from"] = change.split_from
    if change.merged_into:
        out["merged_into"] = change.merged_into
    return out


def to_data(comparison: Comparison, old_name: str = "", new_name: str = "") -> dict[str, Any]:
    """Return the comparison as plain data: ``summary``, ``counts`` and ``sections``.
    Every section is listed; changed ones carry their heading and block operations."""
    return {
        "title": comparison.new.display_title or comparison.old.display_title,
        "old": old_name,
        "new": new_name,
        "summary": change_line(comparison),
        "counts": dict(sorted(comparison.counts().items())),
        "sections": [_section(s) for s in comparison.sections],
    }


def render(comparison: Comparison, old_name: str = "", new_name: str = "") -> str:
    """Return the comparison as a JSON text."""
    with gc_paused():
        data = to_data(comparison, old_name, new_name)
        # Plain data made just above, so no reference cycle to look for.
        return json.dumps(data, ensure_ascii=False, check_circular=False) + "\n"
