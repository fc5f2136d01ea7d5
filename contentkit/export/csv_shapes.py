"""CSV exports of a plan: one generic sheet and the bulk-upload shapes of common schedulers.

| shape           | for                                   | header | one file per      |
|-----------------|---------------------------------------|--------|-------------------|
| ``generic``     | review in Excel / Google Sheets       | yes    | plan (all posts)  |
| ``hootsuite``   | Hootsuite Bulk Composer               | no     | platform/profile  |
| ``publer``      | Publer bulk import (classic template) | yes    | platform/profile  |
| ``socialplanner`` | HighLevel Social Planner basic CSV (SocialBee-like columns) | yes | platform/profile |

Scheduler files hold only posts that are done: a failed post has no text to schedule. They
are written one per platform because a scheduler imports a CSV into the profiles you pick
at upload time, so a file mixing platforms would publish Instagram's caption on X.
Times are wall-clock times in the plan's zone; set the scheduler's account zone to match.
Hootsuite also wants minutes ending in 0 or 5 and posts at least 10 minutes ahead; it asks
which date order the file uses at upload (pick DD/MM/YYYY).

Schedulers fetch media from public URLs, not from your disk: pass ``media_base_url`` (where
the plan folder is uploaded) to fill the media column with URLs. Without it the column holds
the image's path on this machine, so that each row still says which file goes with it: the
file must then be uploaded or hosted before the scheduler can fetch it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from ..errors import PlanError
from ..files import replacing
from ..plans.model import ContentPlan, PlannedPost
from .agenda import check_plan, in_order, local_when, plan_zone

GENERIC_COLUMNS = ("date", "time", "timezone", "platform", "pillar", "topic", "text", "hashtags",
                   "image", "image_alt", "status", "error", "warnings", "language", "id", "format")
HOOTSUITE_COLUMNS = ("date_time", "message", "link")
"""Hootsuite reads these by position; the file itself has no header row."""
PUBLER_COLUMNS = ("Date", "Message", "Link", "Media URLs", "Title", "Labels")
SOCIALPLANNER_COLUMNS = ("postAtSpecificTime (yyyy-MM-dd HH:mm:ss)", "content", "link (OGmetaUrl)",
                         "imageUrls", "gifUrl", "videoUrls")
SCHEDULER_SHAPES = ("hootsuite", "publer", "socialplanner")
SHAPES = ("generic", *SCHEDULER_SHAPES)

Row = list[str]


def _media_url(post: PlannedPost, plan: ContentPlan, base: str | None) -> str:
    if not post.image:
        return ""
    relative = post.image.replace("\\", "/")  # a plan written on Windows
    if base:
        return f"{base.rstrip('/')}/{quote(relative, safe='/')}"
    return str((plan.out_dir / relative).resolve()) if plan.out_dir is not None else relative


def _generic_row(post: PlannedPost, plan: ContentPlan) -> Row:
    when = local_when(post, plan_zone(plan))
    return [when.strftime("%Y-%m-%d"), when.strftime("%H:%M"), plan.timezone, post.slot.platform,
            post.slot.pillar, post.topic, post.text, " ".join(post.hashtags), post.image or "",
            post.image_alt, post.review, post.error or "", " | ".join(post.warnings), post.language,
            post.id, post.format_name]


def _hootsuite_row(post: PlannedPost, plan: ContentPlan, media: str | None) -> Row:
    # Hootsuite asks for the date format at upload; DD/MM/YYYY is the one it lists first.
    when = local_when(post, plan_zone(plan))
    return [when.strftime("%d/%m/%Y %H:%M"), post.full_text, ""]


def _publer_row(post: PlannedPost, plan: ContentPlan, media: str | None) -> Row:
    when = local_when(post, plan_zone(plan))
    # Publer's Title is only used for videos, pins and documents; YouTube is the one we plan.
    # A "needs review" label lets the manager find the warned drafts among the imported ones.
    title = post.topic[:100] if post.slot.platform == "youtube" else ""
    return [when.strftime("%Y/%m/%d %H:%M"), post.full_text, "", _media_url(post, plan, media), title,
            ",".join([post.slot.pillar, post.slot.platform] + (["needs review"] if post.review == "needs review" else []))]


def _socialplanner_row(post: PlannedPost, plan: ContentPlan, media: str | None) -> Row:
    when = local_when(post, plan_zone(plan))
    return [when.strftime("%Y-%m-%d %H:%M:%S"), post.full_text, "", _media_url(post, plan, media), "", ""]


_SCHEDULERS: dict[str, tuple[tuple[str, ...] | None, Callable[[PlannedPost, ContentPlan, str | None], Row]]] = {
    "hootsuite": (None, _hootsuite_row),
    "publer": (PUBLER_COLUMNS, _publer_row),
    "socialplanner": (SOCIALPLANNER_COLUMNS, _socialplanner_row),
}


def _write_rows(path: Path, header: Iterable[str] | None, rows: Iterable[Row], encoding: str) -> Path:
    # newline="" hands line endings to the csv module, which quotes embedded newlines and
    # ends records with CRLF as RFC 4180 and Excel expect.
    with replacing(path, PlanError, encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        if header is not None:
            writer.writerow(header)
        writer.writerows(rows)
    return path


def _check_shape(shape: str) -> str:
    key = shape.strip().lower()
    if key not in SHAPES:
        raise PlanError(f"unknown CSV shape '{shape}'", hint=f"use one of: {', '.join(SHAPES)}")
    return key


def write_csv(plan: ContentPlan, path: str | Path, shape: str = "generic", *,
              platform: str | None = None, media_base_url: str | None = None) -> Path:
    """Write one CSV of the plan in ``shape`` and return its path.

    ``generic``: every post, failed ones included with their status and error; columns
    date, time, timezone, platform, pillar, topic, text, hashtags, image, image_alt,
    status, error, warnings, language, id. Encoded UTF-8 *with* a BOM ("utf-8-sig"):
    Excel reads a CSV as the system's legacy code page unless a BOM says UTF-8, which
    turns Cyrillic and emoji into mojibake; Python, pandas and Sheets skip the BOM.

    Scheduler shapes (``hootsuite``, ``publer``, ``socialplanner``): done posts of one
    platform, UTF-8 without BOM (the importers match the first header or date cell
    literally). ``platform`` picks the platform; it may be left out only when the plan
    has one. ``write_scheduler_csvs`` writes one file per platform.
    """
    check_plan(plan)
    key = _check_shape(shape)
    path = Path(path)
    posts = [p for p in in_order(plan) if platform is None or p.slot.platform == platform]
    if key == "generic":
        return _write_rows(path, GENERIC_COLUMNS, (_generic_row(p, plan) for p in posts), "utf-8-sig")
    done = [p for p in posts if p.status == "done"]
    platforms = sorted({p.slot.platform for p in done})
    if platform is None and len(platforms) > 1:
        raise PlanError(
            f"a {key} CSV holds one platform's posts, this plan has {', '.join(platforms)}",
            file=path, hint="pass platform=..., or use write_scheduler_csvs(plan, folder, shape) for one file each",
        )
    header, row = _SCHEDULERS[key]
    return _write_rows(path, header, (row(p, plan, media_base_url) for p in done), "utf-8")


def write_scheduler_csvs(plan: ContentPlan, folder: str | Path, shape: str, *,
                         media_base_url: str | None = None, stem: str = "plan") -> dict[str, Path]:
    """One ``<stem>-<shape>-<platform>.csv`` per platform with done posts; returns {platform: path}."""
    key = _check_shape(shape)
    if key not in SCHEDULER_SHAPES:
        raise PlanError(f"'{shape}' is not a scheduler shape", hint=f"use one of: {', '.join(SCHEDULER_SHAPES)}")
    folder = Path(folder)
    platforms = sorted({p.slot.platform for p in plan.done})
    return {name: write_csv(plan, folder / f"{stem}-{key}-{name}.csv", key, platform=name,
                            media_base_url=media_base_url) for name in platforms}
