"""Write the example images in docs/images/: every layout for every brand profile.

    python docs/make_examples.py

Images are saved at half size as optimised PNGs so the folder stays small. The photo is
made here (soft blurred shapes), so the examples need no downloaded pictures.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from contentkit.brand import list_brands, load_brand  # noqa: E402
from contentkit.images.compose import compose_carousel, compose_image  # noqa: E402

OUT = ROOT / "docs" / "images"
TEXT = {
    "en": ("Close your books in minutes, not days", "Automatic reconciliation for small teams",
           "Start free", ["Connect your bank", "Let rules sort the rest", "Export to your accountant"]),
    "ru": ("Готовимся к ЕГЭ без стресса 📚", "Онлайн-занятия в мини-группах с 1 декабря",
           "Записаться", ["Пробный тест за 15 минут", "План на каждую неделю", "Разбор ошибок с куратором"]),
    "it": ("Il latte d'inverno è arrivato ☕", "Cannella, latte d'avena e un po' di neve",
           "Ordina ora", ["Macina al momento", "60 g per litro", "Acqua a 93 °C"]),
}


def example_photo(path: Path) -> Path:
    """Soft coloured shapes under a blur: a stand-in for a user's photo."""
    image = Image.new("RGB", (1600, 1200), (214, 196, 170))
    draw = ImageDraw.Draw(image)
    for box, colour in (((-200, 500, 900, 1500), (120, 80, 55)), ((700, -300, 1900, 700), (245, 232, 210)),
                        ((1000, 600, 1500, 1100), (60, 40, 30)), ((300, 150, 700, 550), (190, 120, 70))):
        draw.ellipse(box, fill=colour)
    image.filter(ImageFilter.GaussianBlur(60)).save(path, quality=92)
    return path


def half(image: Image.Image) -> Image.Image:
    return image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    photo = example_photo(OUT.parent / "_photo.jpg")
    try:
        for slug in list_brands():
            brand = load_brand(slug)
            headline, body, cta, points = TEXT.get(brand.language, TEXT["en"])
            for layout in ("announcement", "quote", "photo", "story"):
                image = compose_image(brand, headline, layout=layout, body=body if layout != "quote" else None,
                                      cta=cta, photo=photo, format="story" if layout == "story" else "feed")
                half(image).save(OUT / f"{slug}-{layout}.png", optimize=True)
            slides = compose_carousel(brand, headline, points, cta=cta, format="feed")[:3]
            strip = Image.new("RGB", (3 * 360 + 20, 360), "white")
            for i, slide in enumerate(slides):
                strip.paste(slide.resize((360, 360), Image.Resampling.LANCZOS), (i * 370, 0))
            strip.save(OUT / f"{slug}-carousel.png", optimize=True)
            print(slug, "done")
    finally:
        photo.unlink()


if __name__ == "__main__":
    main()
