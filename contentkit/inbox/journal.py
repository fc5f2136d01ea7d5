"""An append-only JSON-lines log of drafted replies, so a crash or Ctrl-C loses none.

The first line names the brand the replies are for: another brand's journal would hand over
replies in the wrong voice. Each reply is one line, written and fsync'ed as soon as it is
drafted. A reply is keyed by the item's id, a digest of its text and its label, so an edited
comment or a changed label is drafted again while a rerun skips everything else. A process
killed mid-write leaves at most one torn last line, which is dropped on reading.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import writable_dir
from ..errors import InboxError

if TYPE_CHECKING:
    from .replies import ReplyDraft
    from .triage import Triaged

KIND = "inbox-replies"


def reply_key(triaged: Triaged) -> str:
    """What a journalled reply answers: the item, its exact text and the label it was given."""
    digest = hashlib.sha256(triaged.item.text.encode("utf-8")).hexdigest()[:12]
    return f"{triaged.item.id}:{digest}:{triaged.label}"


class ReplyJournal:
    """``replies.jsonl``: a header naming the brand, then one record per drafted reply."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def claim(self, brand: str, *, overwrite: bool = False) -> None:
        """Make this journal ``brand``'s before any reply is drafted; refuse another brand's
        unless ``overwrite``, which starts afresh."""
        writable_dir(self.path.parent, InboxError, hint="choose another --out")
        owner = self._owner()
        if overwrite and self.path.exists():
            self.path.unlink()
        elif owner is not None and owner != brand:
            raise InboxError(f"holds replies for brand '{owner}', not '{brand}'", file=self.path,
                             hint="choose another --out, or pass --overwrite to start afresh")
        elif owner is not None:
            return
        self._append({"kind": KIND, "brand": brand})

    def _owner(self) -> str | None:
        if not self.path.exists():
            return None
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
        try:
            record = json.loads(first)
        except json.JSONDecodeError:
            record = None
        if not isinstance(record, dict) or record.get("kind") != KIND:
            raise InboxError("is not a reply journal of contentkit", file=self.path,
                             hint="choose another --out, or move the file away")
        return str(record.get("brand"))

    def read(self) -> dict[str, dict[str, Any]]:
        """The drafted replies of earlier runs, by :func:`reply_key`; the last one wins."""
        found: dict[str, dict[str, Any]] = {}
        if not self.path.exists():
            return found
        raw = self.path.read_bytes()
        lines = raw.split(b"\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                if number == len(lines):  # torn last line of a killed run
                    with open(self.path, "r+b") as handle:
                        handle.truncate(len(raw) - len(line))
                    break
                raise InboxError(f"line {number} is not JSON; move the file away to start over",
                                 file=self.path) from None
            if record.get("kind") == "reply":
                found[record["key"]] = record["reply"]
        return found

    def append(self, key: str, draft: ReplyDraft) -> None:
        reply = asdict(draft)
        reply["problems"] = list(draft.problems)
        self._append({"kind": "reply", "key": key, "reply": reply})

    def _append(self, record: dict[str, Any]) -> None:
        text = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
