"""The HTML report of a plan: one self-contained file a manager can open, mail or print.

Nothing in it is fetched: images are embedded as downscaled JPEG data URIs, the CSS is
inline, there is no script, and a Content-Security-Policy forbids any request a future
edit might add by mistake. Filtering by platform is done with radio buttons and ``:has()``.
"""

from __future__ import annotations

import base64
import io
import re
from collections import Counter
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ContentkitError, PlanError
from ..files import write_text
from ..plans.model import ContentPlan, PlannedPost
from .agenda import by_day, check_plan, date_range, image_file, long_date, plan_zone
from .agenda import platform_name
from .html_cards import Look, Thumb, post_card
from .html_style import CSS, PILLAR_COLOURS, PLATFORM_COLOURS

if TYPE_CHECKING:
    from ..brand import BrandProfile

THUMB_WIDTH = 720
THUMB_QUALITY = 80
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'"


def _brand_for(plan: ContentPlan, brand: BrandProfile | None) -> BrandProfile | None:
    if brand is not None:
        return brand
    from ..brand import load_brand

    try:
        return load_brand(plan.brand)
    except (ContentkitError, OSError):  # the report still works for a brand not on this machine
        return None


def _image_uri(path: Path, max_width: int, fmt: str = "JPEG") -> Thumb | None:
    from PIL import Image, UnidentifiedImageError  # Pillow only when a report is written

    try:
        with Image.open(path) as image:
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError):
        return None
    picture.thumbnail((max_width, max_width * 2))
    buffer = io.BytesIO()
    if fmt == "PNG":
        picture.save(buffer, "PNG", optimize=True)
    else:  # JPEG has no alpha: flatten transparent layouts onto white as a feed would show them
        flat = Image.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
        flat.save(buffer, "JPEG", quality=THUMB_QUALITY, optimize=True, progressive=True)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/{fmt.lower()};base64,{data}", picture.width, picture.height


def _colours(brand: BrandProfile | None) -> dict[str, str]:
    palette = {k: v for k, v in (brand.visual.palette if brand else {}).items() if _HEX.match(v)}
    primary = palette.get("primary", "#374151")
    second = palette.get("secondary") if palette.get("secondary") and _luma(palette["secondary"]) < 0.6 else None
    return {"brand": primary, "brand2": second or _shade(primary), "on-brand": "#111827" if _luma(primary) > 0.6 else "#ffffff"}


def _luma(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _shade(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(int(c * 0.72) for c in (r, g, b)))


def _avatar(brand: BrandProfile | None, name: str) -> str:
    logo = brand.logo_path if brand else None
    thumb = _image_uri(logo, 160, "PNG") if logo and logo.is_file() else None
    if thumb:
        return f'<span class="av"><img src="{thumb[0]}" alt=""></span>'
    initials = "".join(word[0] for word in re.findall(r"\w+", name)[:2]).upper() or "?"
    return f'<span class="av" aria-hidden="true">{escape(initials)}</span>'


def _summary(plan: ContentPlan, pillar_colours: dict[str, str]) -> str:
    done, failed = plan.done, plan.failed
    # A post with a warning is not ready: the manager reads it first.
    stats = "".join(f'<div class="stat{cls}"><b>{n}</b><span>{label}</span></div>' for cls, n, label in (
        ("", len(plan.posts), "posts planned"), (" ok", len(plan.ready), "ready to schedule"),
        (" warn", len(plan.needs_review), "need review"), (" bad", len(failed), "failed")))
    per_platform = Counter(p.slot.platform for p in plan.posts)
    top = max(per_platform.values(), default=1)
    rows = "".join(
        f'<div class="prow"><span class="badge"><span class="dot" style="background:'
        f'{PLATFORM_COLOURS.get(name, "#6b7280")}"></span>{escape(platform_name(name))}</span>'
        f'<span class="track"><i style="width:{count / top * 100:.1f}%;background:'
        f'{PLATFORM_COLOURS.get(name, "#6b7280")}"></i></span><b>{count}</b></div>'
        for name, count in per_platform.most_common())
    pillars = Counter(p.slot.pillar for p in plan.posts)
    total = sum(pillars.values()) or 1
    stack = "".join(f'<i style="width:{n / total * 100:.2f}%;background:{pillar_colours[name]}" title="{escape(name)}"></i>'
                    for name, n in pillars.most_common())
    legend = "".join(f'<li><span class="dot" style="background:{pillar_colours[name]}"></span>{escape(name)} '
                     f'<b>{n / total:.0%}</b></li>' for name, n in pillars.most_common())
    failures = ""
    if failed:
        items = "".join(f"<li><b>{escape(p.id)}</b> {escape(p.error or 'no reason recorded')}</li>" for p in failed)
        failures = f'<div class="failures"><b>{len(failed)} post{"s" if len(failed) > 1 else ""} could not be generated</b><ul>{items}</ul></div>'
    # Notes say what the plan assumed or learned (a late start, a review's changes and why).
    notes = "".join(f"<li>{escape(n)}</li>" for n in plan.notes)
    notes = f'<div class="notes"><b>Notes</b><ul>{notes}</ul></div>' if notes else ""
    return (f'<section class="summary wrap" aria-label="Summary"><div class="stats">{stats}</div>'
            f'<div class="mix"><div><h3>By platform</h3>{rows}</div><div><h3>Pillar mix</h3>'
            f'<div class="stack">{stack}</div><ul class="legend">{legend}</ul></div></div>{failures}{notes}</section>')


def _filters(platforms: list[str]) -> tuple[str, str]:
    """Radio chips and the CSS rules that make them hide other posts (no script needed)."""
    chips = ['<span class="lead">Show</span><input type="radio" name="show" id="f-all" checked><label for="f-all">All posts</label>']
    rules = []
    for name in platforms:
        key = re.sub(r"[^a-z0-9-]", "", name.lower())
        chips.append(f'<input type="radio" name="show" id="f-{key}"><label for="f-{key}"><span class="dot" '
                     f'style="background:{PLATFORM_COLOURS.get(name, "#6b7280")}"></span>{escape(platform_name(name))}</label>')
        rules.append(f"body:has(#f-{key}:checked) .post:not(.p-{key}),body:has(#f-{key}:checked) .day:not(:has(.p-{key})){{display:none}}")
    chips.append('<input type="radio" name="show" id="f-attn"><label for="f-attn">Needs attention</label>')
    rules.append("body:has(#f-attn:checked) .post:not(.attn),body:has(#f-attn:checked) .day:not(:has(.attn)){display:none}")
    return f'<nav class="filters wrap" aria-label="Filter posts">{"".join(chips)}</nav>', "\n".join(rules)


def _days(plan: ContentPlan, look: Look, pillar_colours: dict[str, str]) -> str:
    out = []
    for day, posts in by_day(plan):
        title = long_date(day)
        dow, rest = title.split(", ", 1)
        if not posts:
            out.append(f'<section class="day empty"><h2>{dow}, {rest} <small>no posts</small></h2></section>')
            continue
        cards = "".join(post_card(p, look, pillar_colours[p.slot.pillar]) for p in posts)
        count = f'{len(posts)} post{"s" if len(posts) > 1 else ""}'
        out.append(f'<section class="day" id="d-{day.isoformat()}"><h2>{dow}, {rest} <small>{count}</small></h2>'
                   f'<div class="grid">{cards}</div></section>')
    return "".join(out)


def _footer(plan: ContentPlan) -> str:
    engines = sorted({f"{p.backend} {p.model}".strip() for p in plan.done if p.backend or p.model})
    made = f" · drafted with {escape(', '.join(engines))}" if engines else ""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f'<footer class="foot wrap">Made with contentkit on {stamp}{made}. Preview only: each network renders posts its own way.</footer>'


def render_html(plan: ContentPlan, *, brand: BrandProfile | None = None) -> str:
    """The report as one HTML string."""
    profile = _brand_for(plan, brand)
    name = profile.name if profile else plan.brand.replace("-", " ").title()
    thumbs: dict[Path, Thumb | None] = {}

    def thumb(post: PlannedPost) -> Thumb | None:
        path = image_file(plan, post)
        if path is None:
            return None
        if path not in thumbs:
            thumbs[path] = _image_uri(path, THUMB_WIDTH)
        return thumbs[path]

    look = Look(name, plan.brand, _avatar(profile, name), plan_zone(plan), thumb)
    pillar_names = sorted({p.slot.pillar for p in plan.posts})
    pillar_colours = {n: PILLAR_COLOURS[i % len(PILLAR_COLOURS)] for i, n in enumerate(pillar_names)}
    platforms = sorted({p.slot.platform for p in plan.posts})
    nav, filter_css = _filters(platforms)
    colours = ";".join(f"--{k}:{v}" for k, v in _colours(profile).items())
    hero = (f'<header class="hero"><div class="wrap">{look.avatar}<div><p class="eyebrow">Content plan</p>'
            f'<h1>{escape(name)}</h1><p class="sub">{escape(date_range(plan))} · {plan.days} days · '
            f'times in {escape(plan.timezone)}</p></div></div></header>')
    title = escape(f"{name} · content plan · {date_range(plan)}")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>'
            f'<style>:root{{{colours}}}{CSS}{filter_css}</style></head><body>'
            f'{hero}{_summary(plan, pillar_colours)}{nav}<main class="wrap">{_days(plan, look, pillar_colours)}</main>'
            f'{_footer(plan)}</body></html>')


def write_html(plan: ContentPlan, path: str | Path, *, brand: BrandProfile | None = None) -> Path:
    """Write the self-contained report; ``brand`` defaults to loading ``plan.brand`` if it exists."""
    check_plan(plan)
    return write_text(path, render_html(plan, brand=brand), PlanError)

