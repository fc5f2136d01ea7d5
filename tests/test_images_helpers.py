"""Shared helpers for the image tests: a throwaway brand and checks on output pixels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

LOGO_RGB = (230, 60, 40)


def make_brand(folder: Path, *, primary: str = "#1D3557", secondary: str | None = None, language: str = "en",
               extra_visual: str = "") -> Path:
    """A brand folder with a red-orange logo on transparency; flat background unless secondary."""
    folder.mkdir(parents=True, exist_ok=True)
    logo = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((0, 0, 299, 99), radius=30, fill=(*LOGO_RGB, 255))
    logo.save(folder / "logo.png")
    secondary = secondary or primary
    (folder / "brand.yaml").write_text(f"""
name: Test Brand
slug: test-brand
language: {language}
voice: {{tone: [warm]}}
platforms: {{instagram: {{posts_per_week: 3}}, linkedin: {{posts_per_week: 1}}}}
pillars: [{{name: news, share: 1.0}}]
visual:
  palette: {{primary: "{primary}", secondary: "{secondary}", accent: "#F4A261", background: "#FAF3E0", text: "#1B1B1B"}}
  logo: logo.png
{extra_visual}
""", encoding="utf-8")
    return folder


def luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb.astype(np.float64) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def hex_rgb(value: str) -> tuple[int, int, int]:
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def text_contrast(image: Image.Image, element: dict) -> float:
    """Worst contrast between the element's text colour and the pixels around its glyphs.

    Pixels close in luminance to the text colour are glyphs; they are grown by 3 px to
    swallow anti-aliased edges; everything else in the box is what the text sits on.
    """
    box = element["box"]
    region = np.asarray(image.convert("RGB").crop(box))
    text_l = luminance(np.array(hex_rgb(element["color"])))
    lum = luminance(region)
    ratio = (np.maximum(lum, text_l) + 0.05) / (np.minimum(lum, text_l) + 0.05)
    glyphs = Image.fromarray(((ratio < 2.0) * 255).astype(np.uint8), "L").filter(ImageFilter.MaxFilter(7))
    behind = ~(np.asarray(glyphs) > 0)
    assert behind.any(), f"no background pixels measured for {element['role']}"
    return float(ratio[behind].min())


def stray_ink(image: Image.Image, background: tuple[int, int, int], elements: list[dict], tolerance: int = 8) -> int:
    """How many pixels differ from a flat background outside every recorded element box."""
    pixels = np.asarray(image.convert("RGB")).astype(int)
    differs = np.abs(pixels - np.array(background)).max(axis=2) > tolerance
    for element in elements:
        x0, y0, x1, y1 = element["box"]
        differs[max(0, y0 - 1):y1 + 1, max(0, x0 - 1):x1 + 1] = False
    return int(differs.sum())
