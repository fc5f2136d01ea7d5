"""An append-only JSON-lines log of a plan's finished work, so a crash loses nothing.

Each finished post (or chosen topic) is one line, written and fsync'ed before the next
starts. A process killed mid-write leaves at most one torn last line, which is dropped
on reading; the last record for a slot wins, so a retried failure becomes a success.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from .errors import PlanError


class Checkpoint:
    """``out_dir/plan.jsonl``: records of kind "topic" and "post", keyed by slot id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def read(self) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
        """(topic per slot id, last post record per slot id) from earlier runs."""
        topics: dict[str, str] = {}
        posts: dict[str, dict[str, Any]] = {}
        if not self.path.exists():
            return topics, posts
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
                topics[record["id"]] = record["topic"]
            elif record.get("kind") == "post":
                posts[record["post"]["id"]] = record["post"]
        return topics, posts

    def _truncate(self, size: int) -> None:
        with open(self.path, "r+b") as handle:
            handle.truncate(size)

    def append(self, kind: str, **record: Any) -> None:
        line = json.dumps({"kind": kind, **record}, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
