"""Branded images with Pillow: the public API.

>>> img = compose_image(brand, "Winter latte is here", platform="instagram", layout="announcement")
>>> img.info["alt"], img.info["warnings"]          # alt text; [] when nothing had to give
>>> save_image(img, "post.png")                    # PNG, JPEG or WebP by suffix; same input, same bytes
>>> slides = compose_carousel(brand, "5 ways to brew", ["Grind fresh", "Weigh it", ...])

Every image carries in ``image.info``: ``alt`` (alt text in the brand's language when
known), ``warnings`` (e.g. text shortened at the minimum readable size, emoji no font can
draw), ``elements`` (role, box, colour, contrast of each placed thing) and ``layout``.
``layout="carousel"`` in ``compose_image`` gives the cover slide; ``compose_carousel``
gives all of them.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, PngImagePlugin

from ..brand import BrandProfile, load_brand
from ..errors import ImageError
from ..files import write_bytes
from ..platforms import get_platform, image_size
from .canvas import Canvas, Palette
from .fonts import FontStack, check_font_file
from .layouts import LAYOUTS, Request, carousel_slide
from .png_writer import encode_png
from .text import clean_text

LAYOUT_NAMES = (*LAYOUTS, "carousel")
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    # compress_level 6 is Pillow's default; 4:4:4 keeps coloured text edges crisp in JPEG.
    # PNG goes through png_writer (faster on flat graphics) unless an option it lacks is
    # passed (optimize, dpi, pnginfo...): then Pillow's encoder does it all.
    "PNG": {"compress_level": 6},
    "JPEG": {"quality": 90, "subsampling": 0},
    "WEBP": {"quality": 90, "method": 4},
}
_OWN_PNG_OPTIONS = {"compress_level"}  # what png_writer.encode_png honours
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def compose_image(brand: BrandProfile | str | Path, headline: str, platform: str = "instagram",
                  layout: str = "announcement", *, body: str | None = None, photo: str | Path | None = None,
                  cta: str | None = None, format: str | None = None) -> Image.Image:
    """One branded image sized for ``platform``; ``format`` is its image kind (feed, story...)."""
    if layout == "carousel":
        points = clean_text(body or "").split("\n") if body else []
        return compose_carousel(brand, headline, points, platform, cta=cta, format=format)[0]
    if layout not in LAYOUTS:
        raise ImageError(f"unknown layout '{layout}'", field="layout", hint=f"use one of: {', '.join(LAYOUT_NAMES)}")
    request = _request(brand, headline, platform, layout, body=body, photo=photo, cta=cta, format=format)
    return _finish(LAYOUTS[layout](request), request, layout, platform)


def compose_carousel(brand: BrandProfile | str | Path, title: str, points: list[str], platform: str = "instagram",
                     *, cta: str | None = None, format: str | None = None) -> list[Image.Image]:
    """A numbered carousel: a cover with ``title``, one slide per point, a closing ``cta`` slide."""
    if isinstance(points, str) or not all(isinstance(p, str) for p in points):
        raise ImageError("points must be a list of texts, one per slide", field="points",
                         hint="e.g. compose_carousel(brand, 'Three tips', ['first tip', 'second tip'])")
    points = [p for p in (clean_text(p) for p in points) if p]
    request = _request(brand, title, platform, "carousel", cta=cta, format=format)
    slides = [("cover", request)] + [("point", _with(request, p)) for p in points]
    if cta:
        slides.append(("end", _with(request, cta)))
    total = len(slides)
    return [_finish(carousel_slide(req, i, total, kind), req, "carousel", platform, (i, total))
            for i, (kind, req) in enumerate(slides, start=1)]


def _with(request: Request, headline: str) -> Request:
    from dataclasses import replace

    return replace(request, headline=headline)


def _request(brand: BrandProfile | str | Path, headline: str, platform: str, layout: str, *, body: str | None = None,
             photo: str | Path | None = None, cta: str | None = None, format: str | None = None) -> Request:
    brand = load_brand(brand) if not isinstance(brand, BrandProfile) else brand
    headline = clean_text(headline or "")
    if not headline:
        raise ImageError("the headline is empty", field="headline", hint="give the text to put on the image")
    size = image_size(platform, _kind(brand, platform, layout, format))
    logo = brand.logo_path
    if logo is not None and not logo.is_file():
        raise ImageError("logo file not found", file=logo, field="visual.logo")
    return Request(size=size, palette=Palette.from_brand(brand.visual.palette),
                   heading=FontStack.for_role(_font(brand, "heading"), bold=True),
                   body_font=FontStack.for_role(_font(brand, "body"), bold=False),
                   logo=logo, brand_name=brand.name, language=brand.language, headline=headline,
                   body=clean_text(body) or None if body else None, cta=clean_text(cta) or None if cta else None,
                   photo=Path(photo) if photo is not None else None)


def _kind(brand: BrandProfile, platform: str, layout: str, format: str | None) -> str:
    """The image kind: asked for, else story for stories, else what the brand plans, else feed."""
    if format:
        return format
    if layout == "story":
        return "story"
    plan = brand.platforms.get(get_platform(platform).id)
    return plan.image_kind if plan else "feed"


def _font(brand: BrandProfile, role: str) -> Path | None:
    path = brand.resolve(getattr(brand.visual.fonts, role))
    if path is not None:
        check_font_file(path, f"visual.fonts.{role}")
    return path


def _finish(canvas: Canvas, request: Request, layout: str, platform: str,
            slide: tuple[int, int] | None = None) -> Image.Image:
    image, elements, warnings = canvas.result()
    image.info = {"alt": alt_text(request, layout, platform, slide), "warnings": list(warnings),
                  "elements": elements, "layout": layout}
    return image


_ALT = {
    "en": {"announcement": "Announcement", "quote": "Quote card", "photo": "Photo", "story": "Story",
           "carousel": "Carousel slide", "for": "for", "headline": "Text", "body": "Subline",
           "cta": "Button", "logo": "Logo of", "attribution": "Attributed to"},
    "ru": {"announcement": "Анонс", "quote": "Карточка с цитатой", "photo": "Фотография", "story": "Сторис",
           "carousel": "Слайд карусели", "for": "для", "headline": "Текст", "body": "Подзаголовок",
           "cta": "Кнопка", "logo": "Логотип", "attribution": "Автор"},
    "it": {"announcement": "Annuncio", "quote": "Citazione", "photo": "Foto", "story": "Storia",
           "carousel": "Slide del carosello", "for": "per", "headline": "Testo", "body": "Sottotitolo",
           "cta": "Pulsante", "logo": "Logo di", "attribution": "Di"},
}


def alt_text(request: Request, layout: str, platform: str, slide: tuple[int, int] | None = None) -> str:
    """Alt text saying what the image shows, in the brand's language (English otherwise)."""
    words = _ALT.get(request.language, _ALT["en"])
    name = get_platform(platform).name
    head = f"{words[layout]} {words['for']} {name}, {request.brand_name}"
    if slide:
        head += f" ({slide[0]}/{slide[1]})"
    parts = [head, f"{words['headline']}: {request.headline.replace(chr(10), ' ')}"]
    if request.body and layout != "quote":
        parts.append(f"{words['body']}: {request.body.replace(chr(10), ' ')}")
    if layout == "quote":
        parts.append(f"{words['attribution']}: {request.body or request.brand_name}")
    if request.cta and layout not in ("carousel", "quote"):
        parts.append(f"{words['cta']}: {request.cta}")
    if request.logo:
        parts.append(f"{words['logo']} {request.brand_name}")
    return ". ".join(p.rstrip(".") for p in parts) + "."


def image_bytes(image: Image.Image, format: str = "PNG", **options: Any) -> bytes:
    """Encode deterministically (no timestamps); PNGs carry the alt text as a Description.

    PNG is written by ``png_writer.encode_png`` when the only option is ``compress_level``;
    any other PNG option (``optimize``, ``dpi``, ``pnginfo``...) goes to Pillow's encoder.
    """
    format = format.upper().replace("JPG", "JPEG")
    if format not in SAVE_OPTIONS:
        raise ImageError(f"unknown image format '{format}'", field="format", hint="use PNG, JPEG or WebP")
    params = {**SAVE_OPTIONS[format], **options}
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    if format == "PNG" and set(params) <= _OWN_PNG_OPTIONS:
        alt = image.info.get("alt")
        return encode_png(rgb, compress_level=params.get("compress_level", 6), text={"Description": alt} if alt else None)
    if format == "PNG" and image.info.get("alt"):
        info = PngImagePlugin.PngInfo()
        info.add_itxt("Description", image.info["alt"])
        params["pnginfo"] = info
    buffer = io.BytesIO()
    rgb.save(buffer, format, **params)
    return buffer.getvalue()


def save_image(image: Image.Image, path: str | Path, format: str | None = None, **options: Any) -> Path:
    """Write ``image`` as PNG, JPEG or WebP (from ``format`` or the file's suffix)."""
    if not isinstance(image, Image.Image):
        raise ImageError(f"expected a PIL image to save, got {type(image).__name__}", field="image",
                         hint="pass what compose_image or compose_carousel returned")
    path = Path(path)
    kind = format or _FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ImageError(f"cannot tell the image format from '{path.suffix}'", file=path,
                         hint="use .png, .jpg or .webp, or pass format=")
    return write_bytes(path, image_bytes(image, kind, **options), ImageError)
