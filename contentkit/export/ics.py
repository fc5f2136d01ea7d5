"""An iCalendar (RFC 5545) file of a plan: one event per post that is ready to publish.

Written by hand so the export needs no extra dependency. Times are in UTC ("Z"): a TZID
would oblige us to embed a VTIMEZONE definition, while UTC is understood by every
calendar and shown in the reader's own zone. X-WR-TIMEZONE names the brand's zone for
the calendars (Google, Apple) that use it to label the calendar.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..errors import PlanError
from ..files import write_bytes
from ..plans.model import ContentPlan, PlannedPost
from .agenda import check_plan, in_order, platform_name

EVENT_MINUTES = 15
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, ';' and ',' escaped, newlines as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)  # control characters are not allowed in TEXT
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into 75-octet pieces without splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    pieces, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # back off a continuation byte
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines begin with one space
    return "\r\n ".join(pieces)


def _utc(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _event(post: PlannedPost, brand: str, stamp: str) -> list[str]:
    start = post.slot.when
    categories = ",".join(escape_text(c) for c in (post.slot.pillar, post.slot.platform) if c)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(f'{post.id}.{brand}@contentkit')}",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(start + timedelta(minutes=EVENT_MINUTES))}",
        f"SUMMARY:{escape_text(f'[{platform_name(post.slot.platform)}] {post.topic}')}",
        f"DESCRIPTION:{escape_text(post.full_text)}",
    ]
    if categories:
        lines.append(f"CATEGORIES:{categories}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]  # a reminder, not a busy meeting
    return lines


def render_ics(plan: ContentPlan, *, now: datetime | None = None) -> str:
    """The calendar text, CRLF line endings, lines folded."""
    stamp = _utc(now or datetime.now(timezone.utc))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//contentkit//content plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'{plan.brand} content plan')}",
        f"X-WR-TIMEZONE:{escape_text(plan.timezone)}",
    ]
    for post in in_order(plan):
        if post.status == "done":
            lines += _event(post, plan.brand, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_ics(plan: ContentPlan, path: str | Path) -> Path:
    """Write the plan's calendar: one 15-minute event per done post, UID stable across runs."""
    check_plan(plan)
    return write_bytes(path, render_ics(plan).encode("utf-8"), PlanError)
