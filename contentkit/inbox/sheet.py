"""Triaged items and their reply drafts as rows: the CLI's table and CSV, the page's table.

One place decides the columns, so ``contentkit inbox reply --out replies.csv`` and the page
show a manager the same things in the same order.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..brand import BrandProfile
    from .replies import ReplyDraft
    from .triage import Triaged

COLUMNS = ("priority", "label", "confidence", "language", "platform", "author", "text", "reason",
           "action", "reply", "reply_language", "written_by", "needs_review", "problems", "id", "post_id", "created_at", "row")


def example_inbox(brand: BrandProfile) -> Path | None:
    """The example inbox in the brand's folder (``inbox.csv`` or ``inbox.json``), if it has one."""
    if brand.root is None:
        return None
    return next((brand.root / name for name in ("inbox.csv", "inbox.json") if (brand.root / name).is_file()), None)


def row(triaged: Triaged, draft: ReplyDraft | None = None) -> dict[str, Any]:
    """One item as a flat record of :data:`COLUMNS` (the reply columns empty without a draft)."""
    item = triaged.item
    return {
        "priority": triaged.priority, "label": triaged.label, "confidence": round(triaged.confidence, 3),
        "language": triaged.language, "platform": item.platform, "author": item.author, "text": item.text,
        "reason": triaged.reason, "action": draft.action if draft else "", "reply": draft.text if draft else "",
        "reply_language": draft.language if draft else "", "written_by": draft.written_by if draft else "",
        "needs_review": (draft.needs_review if draft else ""), "problems": "; ".join(draft.problems) if draft else "",
        "id": item.id, "post_id": item.post_id or "",
        "created_at": item.created_at.isoformat() if item.created_at else "", "row": item.row,
    }


def write_csv(path: str | Path, triaged: Sequence[Triaged], drafts: Sequence[ReplyDraft]) -> Path:
    """``path`` with one row per item, in priority order; UTF-8 with a BOM so Excel reads
    Cyrillic and emoji. Written to a temporary file first: an interrupted write leaves the
    old file whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.tmp")
    with scratch.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for entry, draft in zip(triaged, drafts, strict=True):
            writer.writerow(row(entry, draft))
    os.replace(scratch, path)
    return path
