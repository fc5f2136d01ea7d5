"""The drawing surface layouts share: brand palette, cached backgrounds, legible text.

A layout asks a ``Canvas`` to place text in a box; the canvas fits it, measures what is
behind the ink, picks a text colour reaching 4.5:1 (or lays a veil under it) and records
where everything went in ``elements`` so alt text, tests and callers can read it back.
Backgrounds and their measurements are cached by a key: each background's grid of 8x8
block max/min colours is computed once, so measuring behind any box is a slice of it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from .color import (MIN_CONTRAST, NEAR_BLACK, RGB, WHITE, block_extremes, block_grid, contrast, hex_to_rgb,
                          luminance, mix, pick_text_colour, rgb_to_hex, scrim_alpha)
from .sources import scaled_logo
from .text import TextBlock, TextStyle, fit_text

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Palette:
    """The five roles a layout uses; missing ones are derived from the primary colour."""

    primary: RGB
    secondary: RGB
    accent: RGB
    background: RGB
    text: RGB

    @classmethod
    def from_brand(cls, colours: dict[str, str]) -> Palette:
        get = {k: hex_to_rgb(v) for k, v in colours.items()}
        primary = get["primary"]
        secondary = get.get("secondary", mix(primary, NEAR_BLACK, 0.35))
        return cls(primary, secondary, get.get("accent", secondary), get.get("background", WHITE),
                   get.get("text", NEAR_BLACK))

    def text_candidates(self) -> list[RGB]:
        """Brand colours preferred for text, before plain white or near-black."""
        return [self.background, self.text, WHITE, NEAR_BLACK]


def gentle(start: RGB, end: RGB, limit: float = 1.45) -> RGB:
    """``end`` moved towards ``start`` until one text colour can stay legible across both."""
    for t in (1.0, 0.8, 0.6, 0.45, 0.3, 0.2, 0.1):
        candidate = mix(start, end, t)
        if contrast(luminance(start), luminance(candidate)) <= limit:
            return candidate
    return start


# Rows per band of a diagonal gradient. Identical rows cost a PNG encoder next to nothing
# (they filter to zeros), so a banded gradient encodes about as fast as a flat colour. The
# gentle gradients here change one level per channel every ~20-40 px, so a 16 px step in
# the diagonal is invisible.
GRADIENT_BAND = 16


@lru_cache(maxsize=64)
def gradient(size: tuple[int, int], start: RGB, end: RGB, diagonal: bool = True) -> Image.Image:
    """A smooth background from ``start`` (top-left) to ``end``; cached, do not modify."""
    w, h = size
    if start == end:
        return Image.new("RGB", size, start)
    xs = np.linspace(0.0, 1.0, w)[None, :] if diagonal else np.zeros((1, w))
    ys = np.linspace(0.0, 1.0, h)
    ys = (ys[np.arange(h) // GRADIENT_BAND * GRADIENT_BAND] if diagonal else ys)[:, None]
    t = (xs + ys) / (2.0 if diagonal else 1.0)
    mask = Image.fromarray(np.rint(t * 255).astype(np.uint8), "L")
    return Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), mask)


# Recent backgrounds by key, so measurements of them can be cached by key (bounded).
_BACKGROUNDS: OrderedDict[Any, Image.Image] = OrderedDict()


def _remember(key: Any, background: Image.Image) -> None:
    _BACKGROUNDS[key] = background
    _BACKGROUNDS.move_to_end(key)
    while len(_BACKGROUNDS) > 64:
        _BACKGROUNDS.popitem(last=False)


_BLOCK = 8


@lru_cache(maxsize=64)
def _grids(key: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Block max/min colours of a cached background and their luminances (computed once)."""
    high, low = block_grid(_BACKGROUNDS[key], _BLOCK)
    return high, low, luminance(high), luminance(low)


def _cells(box: Box) -> tuple[slice, slice]:
    """The grid rows and columns a box touches."""
    return slice(box[1] // _BLOCK, -(-box[3] // _BLOCK)), slice(box[0] // _BLOCK, -(-box[2] // _BLOCK))


@dataclass
class Canvas:
    """One image being composed on a cached background identified by ``key``."""

    size: tuple[int, int]
    palette: Palette
    key: Any
    background: Image.Image
    image: Image.Image = field(init=False)
    elements: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dirty: list[Box] = field(default_factory=list)

    def __post_init__(self) -> None:
        _remember(self.key, self.background)
        self.image = self.background.copy()

    @property
    def unit(self) -> int:
        """One percent of the shorter side: layouts measure in it so every size works."""
        return max(1, min(self.size) // 100)

    def _clean(self, box: Box) -> bool:
        return not any(_overlap(box, d) for d in self.dirty)

    def behind(self, box: Box) -> np.ndarray:
        """Block max/min colours behind ``box``: read off the cached grid while it is plain background."""
        if not self._clean(box):
            return block_extremes(self.image, box)
        high, low, _, _ = _grids(self.key)
        rows, cols = _cells(box)
        return np.concatenate([high[rows, cols].reshape(-1, 3), low[rows, cols].reshape(-1, 3)])

    def behind_range(self, box: Box) -> tuple[float, float]:
        """(darkest, lightest) luminance bounds behind ``box``, never optimistic."""
        if not self._clean(box):
            lum = luminance(block_extremes(self.image, box))
            return float(lum.min()), float(lum.max())
        _, _, lum_high, lum_low = _grids(self.key)
        rows, cols = _cells(box)
        return float(lum_low[rows, cols].min()), float(lum_high[rows, cols].max())

    def fit(self, text: str, style: TextStyle, box_size: tuple[int, int], role: str) -> TextBlock:
        block = fit_text(text, style, (max(1, box_size[0]), max(1, box_size[1])), role)
        self.warnings.extend(w for w in block.warnings if w not in self.warnings)
        return block

    def draw_text(self, block: TextBlock, at: tuple[int, int], role: str, prefer: list[RGB] | None = None) -> Box:
        """Paste a fitted block at ``at`` in a colour legible on what is behind its ink."""
        x, y = at
        ink = block.ink or (0, 0, 1, 1)
        ink_box = (x + ink[0], y + ink[1], x + ink[2], y + ink[3])
        measured = _clamp(ink_box, self.size)
        colour, score = pick_text_colour([*(prefer or []), *self.palette.text_candidates()],
                                         self.behind_range(measured))
        if score < MIN_CONTRAST:
            colour, score = self._veil(ink_box, self.behind(measured))
        fill(self.image, colour, ink_box, block.ink_mask)
        self.elements.append({"role": role, "box": ink_box, "color": rgb_to_hex(colour),
                              "size": block.size, "lines": list(block.lines), "contrast": round(score, 2)})
        self.dirty.append(ink_box)
        return ink_box

    def _veil(self, ink_box: Box, region: np.ndarray) -> tuple[RGB, float]:
        """A translucent panel behind text that a busy or mid-tone background made illegible."""
        pad = 2 * self.unit
        panel = _clamp((ink_box[0] - pad, ink_box[1] - pad, ink_box[2] + pad, ink_box[3] + pad), self.size)
        for text, veil in ((WHITE, mix(self.palette.primary, NEAR_BLACK, 0.75)), (NEAR_BLACK, WHITE)):
            alpha = scrim_alpha(region.astype(np.float64), text, veil)
            if alpha is not None:
                break
        # Blend only the panel: a mask holding the veil's opacity inside a rounded rectangle.
        mask = Image.new("L", (panel[2] - panel[0], panel[3] - panel[1]), 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, mask.width - 1, mask.height - 1), radius=2 * self.unit,
                                               fill=round(255 * alpha))
        self.image.paste(veil, panel, mask)
        self.elements.append({"role": "veil", "box": panel, "color": rgb_to_hex(veil)})
        self.dirty.append(panel)
        after = luminance(block_extremes(self.image, _clamp(ink_box, self.size)))
        return text, min(contrast(luminance(text), float(after.min())), contrast(luminance(text), float(after.max())))

    def rounded(self, box: Box, fill: RGB, role: str) -> None:
        """A solid shape (button, badge, bar) recorded so checks know it is not stray ink."""
        radius = (box[3] - box[1]) // 2
        ImageDraw.Draw(self.image).rounded_rectangle(box, radius=radius, fill=fill)
        self.elements.append({"role": role, "box": box, "color": rgb_to_hex(fill)})
        self.dirty.append(box)

    def logo(self, path: Any, slot: Box, align: str = "left") -> Box | None:
        """Scale the logo into ``slot``; give it a plate when it would vanish into the background."""
        if path is None:
            return None
        logo = scaled_logo(path, (slot[2] - slot[0], slot[3] - slot[1]))
        x = slot[0] if align == "left" else slot[2] - logo.width if align == "right" else (slot[0] + slot[2] - logo.width) // 2
        box = (x, slot[1], x + logo.width, slot[1] + logo.height)
        if _logo_contrast(path, (slot[2] - slot[0], slot[3] - slot[1]), self.behind(box)) < 2.0:
            self._plate(box, logo)
        self.image.paste(logo, box[:2], logo)
        self.elements.append({"role": "logo", "box": box})
        self.dirty.append(box)
        return box

    def _plate(self, box: Box, logo: Image.Image) -> None:
        pad = self.unit * 2
        plate = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        tone = _logo_tone(logo)
        fill = WHITE if contrast(luminance(WHITE), tone) >= contrast(luminance(NEAR_BLACK), tone) else NEAR_BLACK
        ImageDraw.Draw(self.image).rounded_rectangle(plate, radius=pad, fill=fill)
        self.elements.append({"role": "logo-plate", "box": plate, "color": rgb_to_hex(fill)})

    def result(self) -> tuple[Image.Image, list[dict], list[str]]:
        return self.image, self.elements, self.warnings


def fill(image: Image.Image, colour: RGB, box: Box, mask: Image.Image) -> None:
    """Paint ``colour`` through ``mask`` at ``box``: only the mask's own (ink-sized) area.

    Pasting a solid image through the mask is ~2.5x quicker in Pillow than pasting the
    colour itself, whose blend has no fast path for fully clear or fully opaque pixels.
    """
    image.paste(Image.new("RGB", mask.size, colour), box[:2], mask)


def _logo_tone(logo: Image.Image) -> float:
    """Mean luminance of the logo's opaque pixels."""
    pixels = np.asarray(logo)
    opaque = pixels[pixels[..., 3] > 128][:, :3]
    return float(luminance(opaque).mean()) if len(opaque) else 0.5


@lru_cache(maxsize=256)
def _logo_tone_cached(path: Any, size: tuple[int, int]) -> float:
    return _logo_tone(scaled_logo(path, size))


def _logo_contrast(path: Any, size: tuple[int, int], behind: np.ndarray) -> float:
    tone = _logo_tone_cached(path, size)
    return contrast(tone, float(np.median(luminance(behind))))


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _clamp(box: Box, size: tuple[int, int]) -> Box:
    x0, y0 = max(0, min(box[0], size[0] - 1)), max(0, min(box[1], size[1] - 1))
    return (x0, y0, max(x0 + 1, min(box[2], size[0])), max(y0 + 1, min(box[3], size[1])))

