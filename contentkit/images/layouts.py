"""The layouts: announcement, quote, photo, story and carousel slides.

Every measure is in ``u``, one percent of the image's shorter side, so one layout serves
1080x1080, 1080x1350, 1200x627 and 1080x1920 alike. A layout only decides where things
go; fitting, colour choice and contrast are the Canvas's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image

from ..errors import ImageError
from .fonts import FontStack
from .canvas import Box, Canvas, Palette, fill, gentle, gradient
from .color import NEAR_BLACK, RGB, WHITE, block_extremes, contrast, luminance, mix, scrim_alpha
from .sources import fitted_photo, photo_key
from .text import TextBlock, TextStyle

# Instagram/TikTok stories cover the top ~250 px and bottom ~340 px of 1920 with UI.
STORY_SAFE_TOP, STORY_SAFE_BOTTOM = 0.13, 0.18
_SWIPE = {"ru": "Листайте →", "uk": "Гортайте →", "it": "Scorri →", "de": "Wischen →",
          "es": "Desliza →", "fr": "Faites défiler →"}
_QUOTE_MARK = {"ru": "«", "uk": "«", "de": "„", "fr": "«"}


@dataclass(frozen=True)
class Request:
    """Everything a layout needs, already validated."""

    size: tuple[int, int]
    palette: Palette
    heading: FontStack
    body_font: FontStack
    logo: Path | None
    brand_name: str
    language: str
    headline: str
    body: str | None = None
    cta: str | None = None
    photo: Path | None = None

    @property
    def u(self) -> float:
        return min(self.size) / 100

    @property
    def margin(self) -> int:
        return round(7 * self.u)

    def style(self, role: str, scale: float = 1.0, align: str = "left") -> TextStyle:
        u = self.u
        if role == "headline":
            return TextStyle(self.heading, round(12 * u * scale), round(3.7 * u), 1.1, align)
        if role == "small":
            return TextStyle(self.body_font, round(3.4 * u), round(2.6 * u), 1.2, align)
        return TextStyle(self.body_font, round(4.6 * u * scale), round(2.6 * u), 1.3, align)


def _stack(c: Canvas, r: Request, items: list[tuple[str, str, TextStyle]], area: Box,
           valign: str = "center", gap: float = 3.0, prefer: dict[str, RGB] | None = None) -> list[Box]:
    """Fit texts top to bottom in ``area``; later (smaller) texts are fitted first."""
    width, height = area[2] - area[0], area[3] - area[1]
    space, blocks = round(gap * r.u), {}
    budget = height
    for role, text, style in reversed(items[1:]):  # body, attribution: capped at a third each
        blocks[role] = c.fit(text, style, (width, max(1, height // 3)), role)
        budget -= blocks[role].height + space
    first_role, first_text, first_style = items[0]
    blocks[first_role] = c.fit(first_text, first_style, (width, max(1, budget)), first_role)
    ordered: list[tuple[str, TextBlock]] = [(role, blocks[role]) for role, _, _ in items]
    total = sum(b.height for _, b in ordered) + space * (len(ordered) - 1)
    y = area[1] + {"top": 0, "center": (height - total) // 2, "bottom": height - total}[valign]
    boxes = []
    for role, block in ordered:
        wish = (prefer or {}).get(role)
        boxes.append(c.draw_text(block, (area[0], y), role, [wish] if wish else None))
        y += block.height + space
    return boxes


def _button(c: Canvas, r: Request, text: str, bottom: int, align: str = "left", scale: float = 1.0) -> int:
    """A call-to-action pill ending at ``bottom``; returns its top edge."""
    u, m = r.u * scale, r.margin
    style = TextStyle(r.heading, round(4 * u), round(2.6 * r.u), 1.1)
    block = c.fit(text, style, (r.size[0] - 4 * m, round(5 * u)), "cta")
    ink = block.ink or (0, 0, 1, 1)
    pad_x, pad_y = round(4 * u), round(2.2 * u)
    w, h = ink[2] - ink[0] + 2 * pad_x, ink[3] - ink[1] + 2 * pad_y
    x = m if align == "left" else (r.size[0] - w) // 2
    box = (x, bottom - h, x + w, bottom)
    fill = r.palette.accent if contrast(luminance(r.palette.accent), luminance(r.palette.primary)) >= 1.6 else r.palette.text
    c.rounded(box, fill, "cta-button")
    c.draw_text(block, (x + pad_x - ink[0], box[1] + pad_y - ink[1]), "cta")
    return box[1]


def _logo_slot(r: Request, top: int, align: str = "left") -> Box:
    u, m = r.u, r.margin
    w, h = round(30 * u), round(8 * u)
    x = m if align == "left" else r.size[0] - m - w if align == "right" else (r.size[0] - w) // 2
    return (x, top, x + w, top + h)


def _accent_bar(c: Canvas, r: Request, headline_box: Box) -> None:
    u = r.u
    colour = next(e["color"] for e in reversed(c.elements) if e["role"] == "headline")
    bar = (headline_box[0], headline_box[1] - round(5 * u), headline_box[0] + round(12 * u), headline_box[1] - round(3.8 * u))
    if bar[1] > 0:
        fill = r.palette.accent if contrast(luminance(r.palette.accent), luminance(r.palette.primary)) >= 2 else colour
        c.rounded(bar, fill if isinstance(fill, tuple) else _hex(fill), "decor")


def _hex(value: str) -> RGB:
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def _brand_gradient(r: Request, diagonal: bool = True) -> Canvas:
    """Primary towards secondary, only as far as keeps one text colour legible over all of it."""
    p = r.palette
    end = gentle(p.primary, p.secondary)
    return Canvas(r.size, p, ("gradient", r.size, p.primary, end, diagonal), gradient(r.size, p.primary, end, diagonal))


def announcement(r: Request) -> Canvas:
    """Headline and subline on the brand's gradient, logo top-left, button at the bottom."""
    p, m, u = r.palette, r.margin, r.u
    c = _brand_gradient(r)
    logo = c.logo(r.logo, _logo_slot(r, m))
    top = (logo[3] if logo else m) + round(9 * u)
    bottom = _button(c, r, r.cta, r.size[1] - m) - round(5 * u) if r.cta else r.size[1] - m
    items = [("headline", r.headline, r.style("headline"))] + ([("body", r.body, r.style("body"))] if r.body else [])
    boxes = _stack(c, r, items, (m, top, r.size[0] - m, bottom))
    _accent_bar(c, r, boxes[0])
    return c


def quote(r: Request) -> Canvas:
    """A quote card: big quotation mark, the quote, an attribution line, logo bottom-right."""
    p, m, u = r.palette, r.margin, r.u
    c = Canvas(r.size, p, ("flat", r.size, p.background), gradient(r.size, p.background, p.background))
    mark_style = TextStyle(r.heading, round(34 * u), round(10 * u), 1.0)
    mark = c.fit(_QUOTE_MARK.get(r.language, "“"), mark_style, (round(30 * u), round(50 * u)), "decor")
    colour = p.accent if contrast(luminance(p.accent), luminance(p.background)) >= 1.8 else p.primary
    ink = mark.ink or (0, 0, 1, 1)
    decor = (m, m, m + ink[2] - ink[0], m + ink[3] - ink[1])  # the glyph's ink, not its em box, at the margin
    fill(c.image, colour, decor, mark.ink_mask)
    c.elements.append({"role": "decor", "box": decor})
    c.dirty.append(decor)
    logo_slot = _logo_slot(r, r.size[1] - m - round(8 * u), "right")
    who = r.body or r.brand_name
    items = [("headline", r.headline, r.style("headline", 0.8)), ("attribution", f"— {who}", r.style("body"))]
    _stack(c, r, items, (m, m + round(20 * u), r.size[0] - m, logo_slot[1] - round(4 * u)), gap=5)
    c.logo(r.logo, logo_slot, "right")
    return c


@lru_cache(maxsize=16)
def _veiled_photo(key: tuple, size: tuple[int, int], area: Box, fade: int, full: bool) -> tuple[Image.Image, tuple]:
    """The photo under a veil just opaque enough for white text in ``area``, fading out above it."""
    photo = fitted_photo(key[0], size)
    veil = mix(key[1], NEAR_BLACK, 0.8)
    if contrast(luminance(WHITE), luminance(veil)) < 7:
        veil = NEAR_BLACK
    alpha = scrim_alpha(block_extremes(photo, area).astype(np.float64), WHITE, veil) or 1.0
    alpha = max(alpha, 0.35)  # a little veil even over a dark photo keeps the look consistent
    ramp = np.clip((np.arange(size[1]) - (area[1] - fade)) / max(1, fade), 0.0, 1.0) * alpha
    if full:
        ramp[:] = alpha
    mask = Image.fromarray(np.repeat(np.rint(ramp * 255).astype(np.uint8)[:, None], size[0], axis=1), "L")
    return Image.composite(Image.new("RGB", size, veil), photo, mask), (veil, alpha)


def _photo_canvas(r: Request, text_area: Box, full: bool = False) -> Canvas:
    """A canvas whose background is the photo with a veil strong enough for white text."""
    if r.photo is None:
        raise ImageError("this layout needs a photo", field="photo", hint="pass photo=PATH (CLI: --photo)")
    key = (photo_key(r.photo), r.palette.primary)
    background, (veil, alpha) = _veiled_photo((r.photo, r.palette.primary, key), r.size, text_area,
                                              round(18 * r.u), full)
    return Canvas(r.size, r.palette, ("photo", key, r.size, text_area, full), background)


def photo(r: Request) -> Canvas:
    """The user's photo filling the frame, a veil under the text, headline at the bottom."""
    m, u, (w, h) = r.margin, r.u, r.size
    area = (m, round(h * 0.45), w - m, h - m)
    c = _photo_canvas(r, area)
    c.logo(r.logo, _logo_slot(r, m))
    bottom = _button(c, r, r.cta, h - m) - round(4 * u) if r.cta else h - m
    items = [("headline", r.headline, r.style("headline", 0.9))] + ([("body", r.body, r.style("body"))] if r.body else [])
    _stack(c, r, items, (m, area[1] + round(4 * u), w - m, bottom), valign="bottom")
    return c


def story(r: Request) -> Canvas:
    """9:16: everything inside the safe zone that the platform's own UI does not cover."""
    p, m, u, (w, h) = r.palette, r.margin, r.u, r.size
    top, bottom = round(h * STORY_SAFE_TOP), h - round(h * STORY_SAFE_BOTTOM)
    if r.photo is not None:
        c = _photo_canvas(r, (m, top, w - m, bottom), full=True)
    else:
        c = _brand_gradient(r, diagonal=False)
    logo = c.logo(r.logo, _logo_slot(r, top, "center"), "center")
    text_top = (logo[3] if logo else top) + round(8 * u)
    text_bottom = _button(c, r, r.cta, bottom, "center", 1.3) - round(6 * u) if r.cta else bottom
    items = [("headline", r.headline, r.style("headline", 1.1, "center"))]
    if r.body:
        items.append(("body", r.body, r.style("body", 1.1, "center")))
    _stack(c, r, items, (m, text_top, w - m, text_bottom))
    c.elements.append({"role": "safe-zone", "box": (0, top, w, bottom)})
    return c


def carousel_slide(r: Request, number: int, total: int, kind: str) -> Canvas:
    """One slide of a carousel: ``kind`` is cover, point or end; numbered ``number/total``."""
    p, m, u, (w, h) = r.palette, r.margin, r.u, r.size
    if kind == "point":
        c = Canvas(r.size, p, ("flat", r.size, p.background), gradient(r.size, p.background, p.background))
    else:
        c = _brand_gradient(r)
    _progress(c, r, number, total, p.background if kind == "point" else p.primary)
    counter = c.fit(f"{number}/{total}", r.style("small"), (round(20 * u), round(6 * u)), "counter")
    ink = counter.ink or (0, 0, 1, 1)
    c.draw_text(counter, (w - m - ink[2], m), "counter")
    c.logo(r.logo, (m, m, m + round(24 * u), m + round(6.5 * u)))
    area = (m, m + round(16 * u), w - m, h - m - round(12 * u))
    if kind == "point":
        _stack(c, r, [("number", f"{number - 1:02d}", TextStyle(r.heading, round(16 * u), round(8 * u), 1.0)),
                      ("headline", r.headline, r.style("headline", 0.9))], area, "top", gap=4,
               prefer={"number": p.primary})
    elif kind == "cover":
        _stack(c, r, [("headline", r.headline, r.style("headline"))], area)
        hint = c.fit(_SWIPE.get(r.language, "Swipe →"), r.style("small"), (round(40 * u), round(6 * u)), "hint")
        hint_ink = hint.ink or (0, 0, 1, 1)
        c.draw_text(hint, (w - m - hint_ink[2], h - m - round(4 * u) - hint_ink[3]), "hint")
    else:
        _stack(c, r, [("headline", r.headline, r.style("headline", 0.9, "center")),
                      ("body", r.brand_name, r.style("body", 1.0, "center"))], area)
    return c


def _progress(c: Canvas, r: Request, number: int, total: int, behind: RGB) -> None:
    """A thin bar along the bottom showing how far through the carousel this slide is."""
    u, m, (w, h) = r.u, r.margin, r.size
    y0, y1 = h - round(4 * u), h - round(3 * u)
    track = (m, y0, w - m, y1)
    c.rounded(track, mix(behind, NEAR_BLACK if luminance(behind) > 0.4 else WHITE, 0.25), "progress")
    done = (m, y0, m + round((w - 2 * m) * number / total), y1)
    c.rounded(done, mix(behind, NEAR_BLACK if luminance(behind) > 0.4 else WHITE, 0.8), "progress")


LAYOUTS: dict[str, Callable[[Request], Canvas]] = {
    "announcement": announcement,
    "quote": quote,
    "photo": photo,
    "story": story,
}
