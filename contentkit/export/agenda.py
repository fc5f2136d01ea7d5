"""A plan seen as an agenda: posts in the plan's time zone, grouped by day, and the files they name.

Shared by every export so that CSV rows, the Markdown agenda and the HTML report agree on
which day and hour a post belongs to. Day and month names are spelled here rather than
with ``strftime`` because ``%A``/``%B`` follow the process locale.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import PlanError, PlatformError
from ..plans.model import ContentPlan, PlannedPost
from ..platforms import get_platform

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def check_plan(plan: object) -> ContentPlan:
    """``plan`` itself, when it is one: a writer given something else says so, not a traceback."""
    if not isinstance(plan, ContentPlan):
        raise PlanError(f"expected a ContentPlan to export, got {type(plan).__name__}", field="plan",
                        hint="pass what plan_content or load_plan_json returned")
    return plan


def plan_zone(plan: ContentPlan) -> tzinfo:
    """The plan's zone; a slot's own offset is kept when the name is unknown on this machine."""
    try:
        return ZoneInfo(plan.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        first = next((p.slot.when.tzinfo for p in plan.posts if p.slot.when.tzinfo), None)
        return first or ZoneInfo("UTC")


def local_when(post: PlannedPost, zone: tzinfo) -> datetime:
    """When the post goes out, on the wall clock of the plan's zone."""
    when = post.slot.when
    if when.tzinfo is None:  # naive slots are read as already local rather than rejected
        return when.replace(tzinfo=zone)
    return when.astimezone(zone)


def in_order(plan: ContentPlan) -> list[PlannedPost]:
    """Posts by publishing time, then platform, so every export lists them alike."""
    return sorted(plan.posts, key=lambda p: (_instant(p), p.slot.platform))


def _instant(post: PlannedPost) -> float:
    when = post.slot.when
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()


def plan_dates(plan: ContentPlan) -> list[date]:
    """The plan's days from ``start``; empty when ``start`` is not an ISO date."""
    try:
        first = date.fromisoformat(str(plan.start)[:10])
    except ValueError:
        return []
    return [first + timedelta(days=i) for i in range(max(plan.days, 0))]


def by_day(plan: ContentPlan) -> list[tuple[date, list[PlannedPost]]]:
    """Every day of the plan (empty ones too) with its posts, plus any day a post falls outside it."""
    zone = plan_zone(plan)
    days: dict[date, list[PlannedPost]] = {day: [] for day in plan_dates(plan)}
    for post in in_order(plan):
        days.setdefault(local_when(post, zone).date(), []).append(post)
    return sorted(days.items())


def long_date(day: date) -> str:
    """'Tuesday, 1 December 2026'."""
    return f"{DAY_NAMES[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def date_range(plan: ContentPlan) -> str:
    """'1 – 14 December 2026', '28 December 2026 – 10 January 2027' or the raw start."""
    days = plan_dates(plan)
    if not days:
        return str(plan.start)
    first, last = days[0], days[-1]
    tail = f"{last.day} {MONTH_NAMES[last.month - 1]} {last.year}"
    if first == last:
        return tail
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} – {tail}"
    if first.year == last.year:
        return f"{first.day} {MONTH_NAMES[first.month - 1]} – {tail}"
    return f"{first.day} {MONTH_NAMES[first.month - 1]} {first.year} – {tail}"


def image_file(plan: ContentPlan, post: PlannedPost) -> Path | None:
    """The post's image on disk, or None when it is missing or points outside the plan folder.

    Paths come from a JSON file a user may edit or receive, so one that climbs out of the
    plan folder is ignored rather than read (and never written into a zip).
    """
    if not post.image or plan.out_dir is None:
        return None
    relative = Path(post.image)
    if relative.is_absolute() or ".." in relative.parts:
        return None
    path = Path(plan.out_dir) / relative
    return path if path.is_file() else None


def platform_name(platform: str) -> str:
    """'Instagram', 'X (Twitter)'; an unknown platform keeps its own name."""
    try:
        return get_platform(platform).name
    except PlatformError:
        return platform.title()
