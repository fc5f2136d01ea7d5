"""Branded images, checked on their pixels: sizes, text in its box, contrast, logo, bytes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from test_images_helpers import LOGO_RGB, hex_rgb, make_brand, stray_ink, text_contrast

from contentkit.brand import load_brand
from contentkit.images.compose import compose_carousel, compose_image, image_bytes, save_image

TEXT_ROLES = {"headline", "body", "cta", "attribution", "counter", "hint", "number"}


@pytest.fixture()
def flat_brand(tmp_path):
    return load_brand(make_brand(tmp_path / "flat"))


@pytest.fixture()
def gradient_brand(tmp_path):
    return load_brand(make_brand(tmp_path / "grad", primary="#264653", secondary="#2A9D8F"))


@pytest.fixture()
def photo_path(tmp_path):
    rng = np.random.default_rng(1)
    pixels = (np.linspace(30, 250, 900)[None, :, None] + rng.normal(0, 40, (700, 900, 3))).clip(0, 255)
    path = tmp_path / "photo.jpg"
    Image.fromarray(pixels.astype(np.uint8)).save(path)
    return path


@pytest.mark.parametrize(("platform", "layout", "fmt", "size"), [
    ("instagram", "announcement", "feed", (1080, 1080)),
    ("instagram", "quote", "portrait", (1080, 1350)),
    ("instagram", "story", None, (1080, 1920)),
    ("linkedin", "announcement", "landscape", (1200, 627)),
    ("x", "quote", None, (1600, 900)),
    ("telegram", "announcement", None, (1280, 720)),
    ("vk", "carousel", "portrait", (1080, 1350)),
])
def test_size_follows_platform_and_format(flat_brand, platform, layout, fmt, size):
    image = compose_image(flat_brand, "Winter latte is here", platform, layout, format=fmt)
    assert image.size == size
    assert image.mode == "RGB"


def test_brand_planned_image_kind_is_the_default(tmp_path):
    folder = make_brand(tmp_path / "b")
    text = (folder / "brand.yaml").read_text().replace("instagram: {posts_per_week: 3}",
                                                        "instagram: {posts_per_week: 3, image_kind: portrait}")
    (folder / "brand.yaml").write_text(text)
    assert compose_image(load_brand(folder), "Hello").size == (1080, 1350)


@pytest.mark.parametrize("layout", ["announcement", "quote"])
def test_no_ink_outside_recorded_boxes_on_flat_background(flat_brand, layout):
    image = compose_image(flat_brand, "A headline long enough to wrap onto a few lines", layout=layout,
                          body="A body line that also wraps somewhere", cta="Book now")
    background = hex_rgb(flat_brand.visual.palette["primary" if layout == "announcement" else "background"])
    assert stray_ink(image, background, image.info["elements"]) == 0
    w, h = image.size
    for element in image.info["elements"]:
        x0, y0, x1, y1 = element["box"]
        assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h, element


@pytest.mark.parametrize("layout", ["announcement", "quote", "photo", "story"])
def test_text_contrast_measured_on_pixels(gradient_brand, photo_path, layout):
    image = compose_image(gradient_brand, "Fresh beans, every Monday", layout=layout, body="From 7:30 in every café",
                          cta="Order now", photo=photo_path)
    texts = [e for e in image.info["elements"] if e["role"] in TEXT_ROLES]
    assert {e["role"] for e in texts} >= {"headline"}
    for element in texts:
        assert text_contrast(image, element) >= 4.5, element


@pytest.mark.parametrize("primary", ["#777777", "#FFFFFF", "#000000", "#FF0000", "#FFFF00"])
def test_contrast_holds_for_awkward_brand_colours(tmp_path, primary):
    brand = load_brand(make_brand(tmp_path / "awk", primary=primary, secondary="#00FF88"))
    image = compose_image(brand, "Big news today", body="Small print below")
    for element in image.info["elements"]:
        if element["role"] in TEXT_ROLES:
            assert text_contrast(image, element) >= 4.5, element


def test_photo_layout_veils_a_bright_photo(tmp_path, flat_brand):
    path = tmp_path / "white.png"
    Image.new("RGB", (800, 800), "white").save(path)
    image = compose_image(flat_brand, "On a white photo", layout="photo", photo=path)
    headline = next(e for e in image.info["elements"] if e["role"] == "headline")
    assert text_contrast(image, headline) >= 4.5


@pytest.mark.parametrize("layout", ["announcement", "quote", "photo", "story"])
def test_logo_is_present(flat_brand, photo_path, layout):
    image = compose_image(flat_brand, "Logo check", layout=layout, photo=photo_path)
    box = next(e["box"] for e in image.info["elements"] if e["role"] == "logo")
    region = np.asarray(image.crop(box)).astype(int)
    close = (np.abs(region - np.array(LOGO_RGB)).max(axis=2) < 12).mean()
    assert close > 0.6  # the rounded logo fills most of its own box
    margin = min(image.size) * 0.05
    assert box[0] >= margin and box[1] >= margin
    assert box[2] <= image.width - margin and box[3] <= image.height - margin


def test_story_keeps_everything_in_the_safe_zone(flat_brand):
    image = compose_image(flat_brand, "Swipe up for the menu", layout="story", body="Today only", cta="Open")
    safe = next(e["box"] for e in image.info["elements"] if e["role"] == "safe-zone")
    assert safe[1] >= 0.12 * image.height and safe[3] <= 0.83 * image.height
    for element in image.info["elements"]:
        if element["role"] in TEXT_ROLES | {"logo", "cta-button"}:
            assert safe[1] <= element["box"][1] and element["box"][3] <= safe[3], element


def test_same_input_same_bytes(flat_brand, photo_path):
    for fmt in ("PNG", "JPEG", "WEBP"):
        first = image_bytes(compose_image(flat_brand, "Déjà vu ☕", layout="photo", photo=photo_path), fmt)
        second = image_bytes(compose_image(flat_brand, "Déjà vu ☕", layout="photo", photo=photo_path), fmt)
        assert first == second


def test_save_writes_each_format_with_alt_in_png(flat_brand, tmp_path):
    image = compose_image(flat_brand, "Saved")
    for suffix, fmt in ((".png", "PNG"), (".jpg", "JPEG"), (".webp", "WEBP")):
        path = save_image(image, tmp_path / f"out{suffix}")
        with Image.open(path) as saved:
            assert saved.format == fmt and saved.size == image.size
            if fmt == "PNG":
                assert saved.info["Description"] == image.info["alt"]


def test_alt_text_names_brand_and_text(flat_brand):
    image = compose_image(flat_brand, "Winter latte", body="with cinnamon", cta="Order")
    alt = image.info["alt"]
    assert "Test Brand" in alt and "Winter latte" in alt and "with cinnamon" in alt and "Order" in alt


def test_alt_text_in_russian_for_a_russian_brand(tmp_path):
    brand = load_brand(make_brand(tmp_path / "ru", language="ru"))
    alt = compose_image(brand, "Зимний набор", layout="quote").info["alt"]
    assert alt.startswith("Карточка с цитатой") and "Зимний набор" in alt


def test_too_long_text_is_shortened_and_says_so(flat_brand):
    headline = " ".join(["Extraordinarily verbose announcement"] * 60)
    image = compose_image(flat_brand, headline)
    assert any("shortened" in w for w in image.info["warnings"])
    element = next(e for e in image.info["elements"] if e["role"] == "headline")
    assert element["lines"][-1].endswith("…")
    assert element["size"] >= round(0.037 * 1080)  # never below the readable minimum
    background = hex_rgb(flat_brand.visual.palette["primary"])
    assert stray_ink(image, background, image.info["elements"]) == 0


def test_long_words_are_broken_not_clipped(flat_brand):
    image = compose_image(flat_brand, "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung")
    element = next(e for e in image.info["elements"] if e["role"] == "headline")
    assert len(element["lines"]) >= 2 and element["lines"][0].endswith("-")
    assert stray_ink(image, hex_rgb(flat_brand.visual.palette["primary"]), image.info["elements"]) == 0


def test_emoji_drawn_with_the_emoji_font_not_boxes(flat_brand):
    from contentkit.images.fonts import FontStack
    from contentkit.images.text import runs

    stack = FontStack.for_role(None, bold=True)
    parts, dropped = runs("Кофе ☕️ и круассан 🥐", stack)
    assert not dropped
    assert any(face.emoji and "🥐" in text for text, face in parts)
    image = compose_image(flat_brand, "Кофе ☕️ и круассан 🥐")
    assert image.info["warnings"] == []


def test_characters_no_font_has_are_removed_with_a_warning(flat_brand):
    image = compose_image(flat_brand, "Private use \U000F0001 glyph")
    assert any("removed" in w for w in image.info["warnings"])


def test_balanced_lines(flat_brand):
    image = compose_image(flat_brand, "One two three four five six seven eight nine ten eleven twelve thirteen")
    lines = next(e for e in image.info["elements"] if e["role"] == "headline")["lines"]
    lengths = [len(line) for line in lines]
    assert len(lines) >= 2 and max(lengths) - min(lengths) <= max(lengths) * 0.6


def test_carousel_slides_are_numbered_and_consistent(flat_brand):
    slides = compose_carousel(flat_brand, "Five brewing tips", ["Grind fresh", "Weigh it", "Mind the water"],
                              cta="Follow us")
    assert len(slides) == 5
    assert {s.size for s in slides} == {(1080, 1080)}
    counters = [next(e for e in s.info["elements"] if e["role"] == "counter")["lines"][0] for s in slides]
    assert counters == ["1/5", "2/5", "3/5", "4/5", "5/5"]
    assert all(s.info["layout"] == "carousel" for s in slides)
    assert "(2/5)" in slides[1].info["alt"] and "Grind fresh" in slides[1].info["alt"]


def test_compose_image_carousel_gives_the_cover(flat_brand):
    cover = compose_image(flat_brand, "Tips", layout="carousel", body="one\ntwo")
    counter = next(e for e in cover.info["elements"] if e["role"] == "counter")
    assert counter["lines"] == ["1/3"]


def test_brand_font_is_used(tmp_path):
    from contentkit.images.fonts import bundled_font_dir

    font = bundled_font_dir() / "NotoSans-Italic[wght].ttf"
    brand = load_brand(make_brand(tmp_path / "f", extra_visual=f"  fonts: {{heading: '{font}'}}"))
    plain = load_brand(make_brand(tmp_path / "p"))
    a = compose_image(brand, "Italic headline")
    b = compose_image(plain, "Italic headline")
    assert image_bytes(a) != image_bytes(b)


def test_existing_brand_profiles_compose_legibly():
    from contentkit.brand import list_brands

    for slug in list_brands():
        brand = load_brand(slug)
        for layout in ("announcement", "quote", "story"):
            image = compose_image(brand, "Новый курс — New course", layout=layout, body="Start 1.12")
            for element in image.info["elements"]:
                if element["role"] in TEXT_ROLES:
                    assert text_contrast(image, element) >= 4.5, (slug, layout, element)


def test_jpeg_output_decodes(flat_brand):
    data = image_bytes(compose_image(flat_brand, "JPEG"), "JPEG")
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1080, 1080)
