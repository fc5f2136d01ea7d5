"""png_writer: valid PNGs that Pillow reads back pixel for pixel, and image_bytes' use of it."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, PngImagePlugin

from contentkit.images.compose import compose_image, image_bytes
from contentkit.images.png_writer import encode_png

BRAND = Path(__file__).resolve().parent.parent / "brand_profiles" / "aurora-caffe"
ALT = "Кофе дня: зимний латте ☕🎉, «Déjà vu»"


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # reads every chunk and checks the CRCs
    return image


def _noise(mode: str, size: tuple[int, int], seed: int = 1) -> Image.Image:
    channels = len(mode)
    shape = (size[1], size[0]) + ((channels,) if channels > 1 else ())
    pixels = np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)
    return Image.fromarray(pixels, mode)


def _chunks(data: bytes) -> list[bytes]:
    """Chunk types in order, checking every length and CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body)
        kinds.append(kind)
        pos += 12 + length
    assert pos == len(data)
    return kinds


@pytest.fixture(scope="module")
def announcement() -> Image.Image:
    return compose_image(str(BRAND), "Winter latte is here: cinnamon, oat milk ☕", layout="announcement",
                         body="Every morning from 7:30 in all our cafés.", cta="Order now", format="feed")


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "LA"])
@pytest.mark.parametrize("size", [(1, 1), (3, 7), (7, 3), (64, 48)])
def test_noise_round_trips_pixel_exact(mode: str, size: tuple[int, int]) -> None:
    image = _noise(mode, size)
    back = _open(encode_png(image))
    assert (back.mode, back.size) == (mode, size)
    assert back.tobytes() == image.tobytes()


def test_composed_layout_round_trips_pixel_exact(announcement: Image.Image) -> None:
    rgb = announcement.convert("RGB")
    data = encode_png(rgb)
    assert _chunks(data) == [b"IHDR", b"IDAT", b"IEND"]
    assert _open(data).tobytes() == rgb.tobytes()


@pytest.mark.parametrize("level", [0, 1, 9])
def test_compress_level_is_honoured(level: int) -> None:
    image = _noise("RGB", (32, 32))
    assert _open(encode_png(image, compress_level=level)).tobytes() == image.tobytes()
    assert encode_png(image, compress_level=0) != encode_png(image, compress_level=9)


def test_text_round_trips_as_itxt() -> None:
    data = encode_png(_noise("RGB", (5, 5)), text={"Description": ALT, "Author": "Aurora Caffè"})
    assert _chunks(data) == [b"IHDR", b"iTXt", b"iTXt", b"IDAT", b"IEND"]
    back = _open(data)
    assert back.info["Description"] == ALT
    assert back.text["Description"] == ALT
    assert back.info["Author"] == "Aurora Caffè"


@pytest.mark.parametrize("keyword", ["", "x" * 80, "Описание", "a\0b"])
def test_bad_keyword_is_refused(keyword: str) -> None:
    with pytest.raises(ValueError):
        encode_png(_noise("RGB", (2, 2)), text={keyword: "text"})


@pytest.mark.parametrize("mode", ["P", "1", "I;16", "CMYK"])
def test_unsupported_mode_is_refused(mode: str) -> None:
    with pytest.raises(ValueError, match="convert"):
        encode_png(Image.new(mode, (2, 2)))


def test_output_is_deterministic(announcement: Image.Image) -> None:
    assert image_bytes(announcement) == image_bytes(announcement)
    rgb = announcement.convert("RGB")
    assert encode_png(rgb, text={"Description": ALT}) == encode_png(rgb.copy(), text={"Description": ALT})


def test_size_close_to_pillow(announcement: Image.Image) -> None:
    rgb = announcement.convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, "PNG", compress_level=6)
    assert len(encode_png(rgb, compress_level=6)) <= 1.25 * len(buffer.getvalue())


def test_image_bytes_uses_writer_and_keeps_alt_text(announcement: Image.Image) -> None:
    data = image_bytes(announcement)
    assert data == encode_png(announcement.convert("RGB"), compress_level=6,
                              text={"Description": announcement.info["alt"]})
    back = _open(data)
    assert back.info["Description"] == announcement.info["alt"]
    assert back.tobytes() == announcement.convert("RGB").tobytes()


def test_image_bytes_cyrillic_emoji_alt_text() -> None:
    image = _noise("RGBA", (9, 4))
    image.info["alt"] = ALT
    back = _open(image_bytes(image, "png"))
    assert back.mode == "RGB"  # as before: image_bytes writes RGB
    assert back.info["Description"] == ALT
    assert back.tobytes() == image.convert("RGB").tobytes()


def test_image_bytes_honours_compress_level() -> None:
    image = _noise("RGB", (40, 40))
    assert image_bytes(image, compress_level=1) == encode_png(image, compress_level=1)


def test_unsupported_option_falls_back_to_pillow(announcement: Image.Image) -> None:
    data = image_bytes(announcement, dpi=(300, 300))
    assert data != image_bytes(announcement)
    back = _open(data)
    assert back.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert back.info["Description"] == announcement.info["alt"]
    assert back.tobytes() == announcement.convert("RGB").tobytes()
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Description", announcement.info["alt"])
    buffer = io.BytesIO()
    announcement.convert("RGB").save(buffer, "PNG", compress_level=6, optimize=True, pnginfo=info)
    assert image_bytes(announcement, optimize=True) == buffer.getvalue()  # Pillow's encoder, byte for byte
