"""Who is answered first, and the one line that says why.

A complaint is answered first while it is fresh: the longer it stands under a post, the
more people read it unanswered. A 2-hour-old complaint beats a 3-day-old one; questions
come next (a buyer waiting), then praise (a thank-you keeps regulars coming), then the
rest; spam is last, to be hidden rather than answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

FRESH_COMPLAINT = timedelta(days=3)
FRESH_QUESTION = timedelta(days=7)

_BASE = {"negative": 1, "question": 2, "praise": 3, "other": 4, "spam": 5}
_NAME = {"negative": "complaint", "question": "question", "praise": "praise", "other": "comment", "spam": "spam"}


def priority(label: str, created_at: datetime | None, now: datetime) -> int:
    """1 = answer first ... 5 = last. Unknown dates count as fresh: better early than late."""
    age = None if created_at is None else now - created_at
    base = _BASE[label]
    if label == "negative" and age is not None and age > FRESH_COMPLAINT:
        return 2
    if label == "question" and age is not None and age > FRESH_QUESTION:
        return 3
    return base


def reason(label: str, created_at: datetime | None, now: datetime, *, spam_signs: list[str] | None = None,
           phrases: Sequence[str] = (), hide: bool = True) -> str:
    """One line for the manager, e.g. "complaint from 2 hours ago" or
    "spam (link), from just now: hide it; known spam phrasing: “check out”, “channel”"."""
    when = age_phrase(created_at, now)
    if label == "spam":
        signs = f" ({', '.join(spam_signs)})" if spam_signs else ""
        why = f"; known spam phrasing: {', '.join(f'“{p}”' for p in phrases)}" if phrases else ""
        if hide:
            return f"spam{signs}, {when}: hide it{why}"
        return f"maybe spam{signs}, {when}: check it before hiding{why}"
    if label == "other":
        return f"comment {when}: no answer needed"
    return f"{_NAME[label]} {when}"


def age_phrase(created_at: datetime | None, now: datetime) -> str:
    """"from 2 hours ago", "from yesterday", "with no date"."""
    if created_at is None:
        return "with no date"
    seconds = (now - created_at).total_seconds()
    if seconds < 60:
        return "from just now"
    minutes, hours, days = int(seconds // 60), int(seconds // 3600), int(seconds // 86400)
    if minutes < 60:
        return f"from {_plural(minutes, 'minute')} ago"
    if hours < 24:
        return f"from {_plural(hours, 'hour')} ago"
    if days == 1:
        return "from yesterday"
    if days < 14:
        return f"from {days} days ago"
    if days < 60:
        return f"from {days // 7} weeks ago"
    return f"from {created_at:%Y-%m-%d}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
