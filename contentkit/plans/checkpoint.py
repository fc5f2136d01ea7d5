"""An append-only JSON-lines log of a plan's finished work, so a crash loses nothing.

The first line names the plan the journal belongs to (brand, start, days): slot ids hold
only platform and time, so another plan's journal would hand over its posts as if they were
this one's. Each chosen topic, model draft and finished post is one line, written and fsync'ed before the next
starts. A process killed mid-write leaves at most one torn last line, which is dropped
on reading; the last record for a slot wins, so a retried failure becomes a success.
One run writes a journal at a time: ``claim`` takes the folder's lock (see plans.lock).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from ..config import writable_dir
from ..errors import PlanError
from ..files import write_error
from .lock import FolderLock


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
        self._folder = FolderLock(path.parent)

    def claim(self, plan: dict[str, Any], *, overwrite: bool = False) -> Checkpoint:
        """Make this journal ``plan``'s (``{"brand", "start", "days"}``) before any work, and
        hold its folder until ``release()``: ``with checkpoint.claim(plan): ...``.

        Checks that the folder can be written (so no model work is lost at the end), refuses
        a folder another run is using, and a journal of another plan unless ``overwrite``,
        which starts afresh.
        """
        writable_dir(self.path.parent, PlanError, hint="choose another --out folder")
        self._folder.acquire()  # before reading: --overwrite must not delete a running plan's journal
        try:
            self._adopt(plan, overwrite)
        except BaseException:
            self.release()
            raise
        return self

    def release(self) -> None:
        """Let the next run use the folder."""
        self._folder.release()

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()

    def _adopt(self, plan: dict[str, Any], overwrite: bool) -> None:
        owner = self._owner()
        if overwrite and self.path.exists():
            self.path.unlink()
        elif owner is not None and owner != plan:
            raise PlanError(
                f"holds the plan of {_describe(owner)}, not of {_describe(plan)}", file=self.path,
                hint="choose another --out folder, or pass --overwrite (overwrite=True) to replace that plan")
        elif owner is not None:
            return
        if self.path.exists():
            # A journal from before owners were recorded gets one now and keeps its posts; a
            # torn last line is dropped first, or the owner would land after it.
            self.read()
        self.append("plan", **plan)

    def _owner(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    return None  # read() names the broken line
                if isinstance(record, dict) and record.get("kind") == "plan":
                    return {key: record.get(key) for key in ("brand", "start", "days")}
        return None

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
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with _open(self.path, "a", encoding="utf-8") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as exc:  # a torn last line is dropped at the next read
                raise write_error(exc, self.path, PlanError) from None


_open = open  # a seam: tests put a small disk behind the journal


def _describe(plan: dict[str, Any]) -> str:
    return f"'{plan.get('brand')}' from {plan.get('start')} for {plan.get('days')} days"
