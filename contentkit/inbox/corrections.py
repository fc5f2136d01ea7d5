"""The labels a manager corrected on the Inbox page, kept for the next fit of the classifier.

One JSON line per correction in the user folder (``inbox/corrections.jsonl``); the last
correction of a text wins. The classifier adds them to its training data, so a comment
wrongly hidden once teaches the model not to hide its like again.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..config import user_dir

FILE = "inbox/corrections.jsonl"
LABELS = ("spam", "negative", "question", "praise", "other")  # as classifier.LABELS, without importing it


def path() -> Path:
    """Where the corrections are kept."""
    return user_dir() / FILE


def save(text: str, label: str) -> None:
    """Remember that ``text`` is a ``label``."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; one of {', '.join(LABELS)}")
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")


def load() -> list[dict[str, str]]:
    """The saved corrections, one per text (the latest), in the order they were made."""
    target = path()
    if not target.is_file():
        return []
    latest: dict[str, str] = {}
    for line in target.read_text("utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut by a crash: the others still count
        if isinstance(record, dict) and record.get("label") in LABELS and isinstance(record.get("text"), str):
            latest.pop(record["text"], None)
            latest[record["text"]] = record["label"]
    return [{"text": text, "label": label} for text, label in latest.items()]


def stamp() -> tuple[int, int] | None:
    """Changes whenever the corrections do (size and modification time), None when there are none."""
    target = path()
    if not target.is_file():
        return None
    info = target.stat()
    return (info.st_size, info.st_mtime_ns)
