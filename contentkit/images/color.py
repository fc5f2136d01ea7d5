"""Colour arithmetic for legible images: WCAG contrast, measured on the pixels behind text.

Regions are measured on a block-reduced copy where each block keeps its per-channel
maximum (and minimum): relative luminance grows with every channel, so the block's
max colour is at least as light as any pixel in it. The check is therefore never
optimistic, and it costs a few numpy operations instead of a loop over pixels.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

RGB = tuple[int, int, int]
MIN_CONTRAST = 4.5
WHITE: RGB = (255, 255, 255)
NEAR_BLACK: RGB = (17, 17, 17)


def hex_to_rgb(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def rgb_to_hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


@lru_cache(maxsize=4096)
def _colour_luminance(rgb: RGB) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255.0 for v in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def luminance(rgb: np.ndarray | RGB) -> np.ndarray | float:
    """WCAG 2 relative luminance of sRGB colours (last axis is R, G, B in 0-255)."""
    if isinstance(rgb, tuple) and len(rgb) == 3:
        return _colour_luminance(tuple(int(v) for v in rgb))
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    value = linear @ np.array([0.2126, 0.7152, 0.0722])
    return float(value) if np.ndim(value) == 0 else value


def contrast(a: float, b: float) -> float:
    """Contrast ratio of two relative luminances (1 to 21)."""
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """``a`` moved a fraction ``t`` towards ``b``."""
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def luminance_range(image: Image.Image, box: tuple[int, int, int, int], block: int = 8) -> tuple[float, float]:
    """(darkest, lightest) luminance bounds of ``image`` inside ``box``, conservative."""
    lum = luminance(block_extremes(image, box, block))
    return float(np.min(lum)), float(np.max(lum))


def worst_contrast(text: RGB, lum_range: tuple[float, float]) -> float:
    """The lowest contrast ``text`` has against any luminance in the range."""
    t = luminance(text)
    return min(contrast(t, lum_range[0]), contrast(t, lum_range[1]))


def pick_text_colour(candidates: list[RGB], lum_range: tuple[float, float]) -> tuple[RGB, float]:
    """The first candidate reaching 4.5:1 over the whole range, else the best of all."""
    for colour in candidates:
        score = worst_contrast(colour, lum_range)
        if score >= MIN_CONTRAST:
            return colour, score
    scored = [(worst_contrast(c, lum_range), c) for c in (*candidates, WHITE, NEAR_BLACK)]
    score, colour = max(scored)
    return colour, score


def scrim_alpha(region: np.ndarray, text: RGB, veil: RGB) -> float | None:
    """Smallest opacity of ``veil`` over ``region`` (N x 3 colours) giving 4.5:1 for ``text``.

    None when even an opaque veil is not enough.
    """
    t = luminance(text)
    if contrast(t, luminance(veil)) < MIN_CONTRAST + 0.05:
        return None
    for alpha in np.linspace(0.0, 1.0, 41):
        blended = np.rint(region * (1 - alpha) + np.asarray(veil) * alpha)
        lum = luminance(blended)
        worst = min(contrast(t, float(lum.min())), contrast(t, float(lum.max())))
        if worst >= MIN_CONTRAST + 0.05:
            return float(alpha)
    return 1.0


def block_extremes(image: Image.Image, box: tuple[int, int, int, int], block: int = 8) -> np.ndarray:
    """Per-block max and min colours of a region, stacked as an N x 3 array."""
    region = image.crop(box)
    region = np.asarray(region if region.mode == "RGB" else region.convert("RGB"))
    h, w = region.shape[:2]
    block = max(1, min(block, h, w))
    ph, pw = -h % block, -w % block
    region = np.pad(region, ((0, ph), (0, pw), (0, 0)), mode="edge")
    blocks = region.reshape(region.shape[0] // block, block, region.shape[1] // block, block, 3)
    return np.concatenate([blocks.max(axis=(1, 3)).reshape(-1, 3), blocks.min(axis=(1, 3)).reshape(-1, 3)])


def block_grid(image: Image.Image, block: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Per-block max and min colours of the whole image, on a grid anchored at (0, 0).

    Slicing the grid cells a box touches measures a superset of its pixels: still never
    optimistic, and free once the grid of a cached background exists.
    """
    pixels = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    h, w = pixels.shape[:2]
    pixels = np.pad(pixels, ((0, -h % block), (0, -w % block), (0, 0)), mode="edge")
    blocks = pixels.reshape(pixels.shape[0] // block, block, pixels.shape[1] // block, block, 3)
    return blocks.max(axis=(1, 3)), blocks.min(axis=(1, 3))
