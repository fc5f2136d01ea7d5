"""An append-only JSON-lines log of a plan's finished work, so a crash loses nothing.

Each chosen topic, model draft and finished post is one line, written and fsync'ed before the next
starts. A process killed mid-write leaves at most one torn last line, which is dropped
on reading; the last record for a slot wins, so a retried failure becomes a success.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import PlanError


class Records(NamedTuple):
    """What earlier runs left, keyed by slot id: topics, drafts still without hashtags and
    image (a crash came between), and finished or failed posts."""

    topics: dict[str, str]
    drafts: dict[str, dict[str, Any]]
    posts: dict[str, dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not (self.topics or self.drafts or self.posts)


class Checkpoint:
    """``out_dir/plan.jsonl``: records of kind "topic", "draft" and "post", keyed by slot id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def read(self) -> Records:
        """The last topic, draft and post record per slot id from earlier runs."""
        records = Records({}, {}, {})
        if not self.path.exists():
            return records
        raw = self.path.read_bytes()
        lines = raw.split(b"\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                if number == len(lines):  # torn last line of a killed run
                    self._truncate(len(raw) - len(line))
                    break
                raise PlanError(f"line {number} is not JSON; move the file away to start over",
                                file=self.path) from None
            if record.get("kind") == "topic":
                records.topics[record["id"]] = record["topic"]
            elif record.get("kind") == "draft":
                records.drafts[record["id"]] = record
            elif record.get("kind") == "post":
                records.posts[record["post"]["id"]] = record["post"]
        return records

    def _truncate(self, size: int) -> None:
        with open(self.path, "r+b") as handle:
            handle.truncate(size)

    def append(self, kind: str, **record: Any) -> None:
        self.append_many([(kind, record)])

    def append_many(self, records: list[tuple[str, dict[str, Any]]]) -> None:
        """Write ``(kind, fields)`` records with one fsync: a round of topics costs one disk flush."""
        text = "".join(json.dumps({"kind": kind, **fields}, ensure_ascii=False) + "\n" for kind, fields in records)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
