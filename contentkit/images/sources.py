"""Reading the user's pictures (photo, logo) safely, and caching their resized forms.

Every failure becomes an ImageError naming the file and the role it plays, including
decompression bombs: Pillow's warning above ``Image.MAX_IMAGE_PIXELS`` is turned into an
error here, because a social image never needs a picture that large.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import ImageError


def _stamp(path: Path, role: str) -> tuple[str, int, int]:
    """A cache key that changes when the file does."""
    if not path.is_file():
        raise ImageError(f"{role} file not found", file=path, field=role)
    stat = path.stat()
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


def open_picture(path: str | Path, role: str) -> Image.Image:
    """Open and fully decode a picture, or raise ImageError naming ``role`` and the file."""
    path = Path(path)
    if not path.is_file():
        raise ImageError(f"{role} file not found", file=path, field=role)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        limit = Image.MAX_IMAGE_PIXELS
        raise ImageError(f"{role} is too large to open safely: a possible decompression bomb "
                         f"(limit {limit} pixels; {exc})", file=path, field=role) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageError(f"{role} is not a readable image ({exc})", file=path, field=role) from None
    return image


@lru_cache(maxsize=32)
def _fitted_photo(key: tuple[str, int, int], size: tuple[int, int], focus: tuple[float, float]) -> Image.Image:
    image = open_picture(key[0], "photo").convert("RGB")
    return ImageOps.fit(image, size, Image.Resampling.LANCZOS, centering=focus)


def photo_key(path: str | Path) -> tuple[str, int, int]:
    """Identifies a version of the photo file, for caches of things made from it."""
    return _stamp(Path(path), "photo")


def fitted_photo(path: str | Path, size: tuple[int, int], focus: tuple[float, float] = (0.5, 0.4)) -> Image.Image:
    """The photo cropped to fill ``size`` (cached per file version; do not modify it)."""
    return _fitted_photo(_stamp(Path(path), "photo"), size, focus)


@lru_cache(maxsize=32)
def _scaled_logo(key: tuple[str, int, int], box: tuple[int, int]) -> Image.Image:
    image = open_picture(key[0], "logo").convert("RGBA")
    bbox = image.getchannel("A").getbbox()
    if bbox is None:
        raise ImageError("logo is fully transparent", file=key[0], field="logo")
    image = image.crop(bbox)  # trim transparent margins so the logo fills its slot
    scale = min(box[0] / image.width, box[1] / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def scaled_logo(path: str | Path, box: tuple[int, int]) -> Image.Image:
    """The logo trimmed and scaled to fit ``box`` (cached per file version; do not modify it)."""
    return _scaled_logo(_stamp(Path(path), "logo"), box)
