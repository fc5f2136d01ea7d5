"""Exports of a content plan: scheduler CSVs, an ICS calendar, JSON, Markdown, HTML, a zip.

The formats live in their own modules (csv_shapes, ics, html_report); this one
holds JSON and Markdown, the zip, and ``export_all`` that writes everything into one folder:

    plan.csv                          every post, failed ones with their reason (Excel-ready)
    plan-<shape>-<platform>.csv       scheduler bulk uploads: hootsuite, publer, socialplanner
    plan.ics                          one calendar event per post that is ready
    plan.json                         the whole plan; read it back with load_plan_json
    plan.md                           a per-day agenda
    plan.html                         the self-contained preview report
    plan.zip                          all of the above plus the images
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PlanError
from ..files import replacing, write_bytes, write_text
from ..plans.model import ContentPlan, PlannedPost
from .agenda import by_day, check_plan, date_range, image_file, local_when, long_date, plan_zone, platform_name
from .csv_shapes import SCHEDULER_SHAPES, SHAPES, write_csv, write_scheduler_csvs
from .html_report import write_html
from .ics import write_ics

if TYPE_CHECKING:
    from ..brand import BrandProfile

__all__ = ["SHAPES", "SCHEDULER_SHAPES", "export_all", "load_plan_json", "write_csv", "write_html",
           "write_ics", "write_json", "write_markdown", "write_scheduler_csvs", "write_zip"]

JSON_FORMAT = "contentkit.plan"
JSON_VERSION = 1


def plan_to_dict(plan: ContentPlan) -> dict[str, Any]:
    """The plan as plain data; ``out_dir`` is left out because it is wherever the file lands."""
    return {"format": JSON_FORMAT, "version": JSON_VERSION, "brand": plan.brand, "start": plan.start,
            "days": plan.days, "timezone": plan.timezone, "summary": plan.summary(),
            "posts": [p.to_json() for p in plan.posts]}


def write_json(plan: ContentPlan, path: str | Path) -> Path:
    """Write the whole plan as UTF-8 JSON (text kept readable, not \\u-escaped)."""
    check_plan(plan)
    return write_text(path, json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n", PlanError)


def load_plan_json(path: str | Path) -> ContentPlan:
    """Read a plan written by ``write_json``; its images are looked up beside the file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanError("plan file not found", file=path) from None
    except OSError as exc:  # a folder, no permission
        raise PlanError(f"cannot read the plan file ({(exc.strerror or type(exc).__name__).lower()})",
                        file=path, hint="give the plan.json written by contentkit") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanError(f"not a JSON plan ({exc})", file=path) from None
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise PlanError("not a contentkit plan (no \"format\": \"contentkit.plan\")", file=path,
                        hint="give the plan.json written by contentkit")
    if data.get("version", 0) > JSON_VERSION:
        raise PlanError(f"plan format version {data['version']} is newer than this contentkit reads",
                        file=path, hint="upgrade contentkit")
    try:
        posts = [PlannedPost.from_json(item) for item in data["posts"]]
        return ContentPlan(str(data["brand"]), str(data["start"]), int(data["days"]), str(data["timezone"]),
                           posts, out_dir=path.parent)
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError(f"a plan field is missing or malformed ({exc!r})", file=path) from None


def _md_line(line: str) -> str:
    """Stop a line of post text from turning into a heading, list, quote or raw HTML."""
    line = line.replace("<", "&lt;")
    stripped = line.lstrip()
    numbered = stripped[:1].isdigit() and stripped.split(" ", 1)[0][-1:] in {".", ")"}
    if stripped[:1] in {"#", ">", "-", "+", "*", "=", "|"} or numbered:
        indent = len(line) - len(stripped)
        return f"{line[:indent]}\\{stripped}"
    return line


def _md_post(post: PlannedPost, plan: ContentPlan) -> list[str]:
    when = local_when(post, plan_zone(plan))
    head = f"### {when:%H:%M} · {platform_name(post.slot.platform)} · {post.slot.pillar}"
    mark = {"failed": " · FAILED", "needs review": " · NEEDS REVIEW"}.get(post.review, "")
    kind = f" · **Format:** {post.format_name}" if post.format else ""
    lines = [head + mark, "",
             f"**Topic:** {_md_line(post.topic)}{kind}", ""]
    if post.status == "failed":
        return [*lines, f"> Not generated: {_md_line(post.error or 'no reason recorded')}", ""]
    if post.image:
        alt = (post.image_alt or post.topic).replace("[", "(").replace("]", ")")
        lines += [f"![{alt}]({post.image.replace(' ', '%20')})", ""]
    lines += [f"> {_md_line(line)}".rstrip() for line in post.full_text.splitlines()] + [""]
    if post.warnings:
        lines += [f"- ⚠ {_md_line(w)}" for w in post.warnings] + [""]
    return lines


def render_markdown(plan: ContentPlan) -> str:
    lines = [f"# {plan.brand}: content plan", "", f"**{date_range(plan)}** · {plan.days} days · "
             f"times in {plan.timezone}", "", plan.summary(), ""]
    for day, posts in by_day(plan):
        lines += [f"## {long_date(day)}", ""]
        if not posts:
            lines += ["_No posts._", ""]
        for post in posts:
            lines += _md_post(post, plan)
    return "\n".join(lines).rstrip() + "\n"


def write_markdown(plan: ContentPlan, path: str | Path) -> Path:
    """Write a per-day agenda; images are linked relative to the plan folder."""
    check_plan(plan)
    return write_text(path, render_markdown(plan), PlanError)


def _write_files(plan: ContentPlan, folder: Path, media_base_url: str | None,
                 brand: BrandProfile | None) -> dict[str, Path]:
    files = {"csv": write_csv(plan, folder / "plan.csv")}
    for shape in SCHEDULER_SHAPES:
        for platform, path in write_scheduler_csvs(plan, folder, shape, media_base_url=media_base_url).items():
            files[f"{shape}:{platform}"] = path
    files["ics"] = write_ics(plan, folder / "plan.ics")
    files["json"] = write_json(plan, folder / "plan.json")
    files["markdown"] = write_markdown(plan, folder / "plan.md")
    files["html"] = write_html(plan, folder / "plan.html", brand=brand)
    return files


def _zip(plan: ContentPlan, files: dict[str, Path], path: Path) -> Path:
    root = f"{plan.brand}-{str(plan.start)[:10]}"
    images = {post.image: image_file(plan, post) for post in plan.posts if post.image}
    with replacing(path, PlanError, text=False) as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files.values():
            archive.write(file, f"{root}/{file.name}")
        for relative, source in sorted((k, v) for k, v in images.items() if v is not None):
            # PNG/JPEG are compressed already; deflating them again costs time for nothing
            archive.write(source, f"{root}/{Path(relative).as_posix()}", zipfile.ZIP_STORED)
    return path


def write_zip(plan: ContentPlan, path: str | Path, *, media_base_url: str | None = None,
              brand: BrandProfile | None = None) -> Path:
    """A zip of every export plus the plan's images, all under one ``<brand>-<start>/`` folder."""
    check_plan(plan)
    with tempfile.TemporaryDirectory(prefix="contentkit-export-") as tmp:
        return _zip(plan, _write_files(plan, Path(tmp), media_base_url, brand), Path(path))


def _copy_images(plan: ContentPlan, folder: Path) -> None:
    """Bring the images along when exporting elsewhere, so the Markdown links and plan.json still resolve."""
    if plan.out_dir is not None and Path(plan.out_dir).resolve() == folder.resolve():
        return
    for post in plan.posts:
        source = image_file(plan, post)
        if source is not None and post.image:
            write_bytes(folder / post.image, source.read_bytes(), PlanError)


def export_all(plan: ContentPlan, folder: str | Path, *, media_base_url: str | None = None,
               brand: BrandProfile | None = None) -> dict[str, Path]:
    """Write every format into ``folder``; returns {kind: path}.

    Kinds: "csv", "<shape>:<platform>" per scheduler shape and platform, "ics", "json",
    "markdown", "html", "zip". Images are copied into ``folder`` when it is not the plan's own.
    """
    check_plan(plan)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    _copy_images(plan, folder)
    files = _write_files(plan, folder, media_base_url, brand)
    files["zip"] = _zip(plan, dict(files), folder / "plan.zip")
    return files
