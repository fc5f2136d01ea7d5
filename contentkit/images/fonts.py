"""Font discovery, loading and glyph coverage for branded images.

Order of preference: a font the brand names, the Noto Sans shipped in the PyPI package
``manimgx-fonts``, DejaVu from the system, Pillow's built-in font. Noto Emoji (monochrome,
same package) is the per-character fallback that keeps emoji from turning into boxes.
Everything here is cached: images are made in batches with the same few fonts.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

from PIL import ImageFont, features

from ..errors import ImageError

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_BOLD = 700
_REGULAR = 400


@lru_cache(maxsize=1)
def bundled_font_dir() -> Path | None:
    """The folder of ``manimgx-fonts`` files, found without importing the package."""
    spec = importlib.util.find_spec("manimgx_fonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _first_existing(*paths: Path | None) -> Path | None:
    return next((p for p in paths if p is not None and p.is_file()), None)


def _bundled(name: str) -> Path | None:
    folder = bundled_font_dir()
    return folder / name if folder else None


@dataclass(frozen=True)
class FontFace:
    """One font file at one weight; ``path`` None means Pillow's built-in font."""

    path: Path | None
    weight: int | None = None
    """A ``wght`` axis value for variable fonts; None leaves the file's default."""
    emoji: bool = False
    """Preferred for emoji-presentation characters, even when the main face has them."""


def default_face(bold: bool) -> FontFace:
    """The best sans-serif this machine has, bold or regular."""
    noto = _first_existing(_bundled("NotoSans[wght].ttf"))
    if noto:
        return FontFace(noto, _BOLD if bold else _REGULAR)
    dejavu = _first_existing(_DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))
    return FontFace(dejavu) if dejavu else FontFace(None)


def fallback_faces(bold: bool) -> tuple[FontFace, ...]:
    """Faces tried, in order, for characters the main face lacks (emoji, symbols, Cyrillic)."""
    faces = []
    emoji = _first_existing(_bundled("NotoEmoji[wght].ttf"))
    if emoji:
        faces.append(FontFace(emoji, _BOLD if bold else _REGULAR, emoji=True))
    symbols = _first_existing(_bundled("NotoSansSymbols[wght].ttf"))
    if symbols:
        faces.append(FontFace(symbols, _BOLD if bold else _REGULAR))
    dejavu = _first_existing(_DEJAVU / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))
    if dejavu:
        faces.append(FontFace(dejavu))
    return tuple(faces)


def check_font_file(path: Path, field: str) -> None:
    """Raise ImageError naming ``path`` unless it is a readable font file."""
    if not path.is_file():
        raise ImageError("font file not found", file=path, field=field)
    try:
        _load(path, 12, None)
    except OSError as exc:
        raise ImageError(f"font file is not a font ({exc})", file=path, field=field) from None


def _layout_engine() -> ImageFont.Layout:
    # Raqm shapes emoji ZWJ sequences, ligatures and kerning; the basic engine still works.
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@lru_cache(maxsize=256)
def _load(path: Path | None, size: int, weight: int | None) -> ImageFont.FreeTypeFont:
    if path is None:
        return cast(ImageFont.FreeTypeFont, ImageFont.load_default(size))
    font = ImageFont.truetype(str(path), size, layout_engine=_layout_engine())
    if weight is not None:
        _set_weight(font, weight)
    return font


def _set_weight(font: ImageFont.FreeTypeFont, weight: int) -> None:
    try:
        axes = font.get_variation_axes()
    except OSError:  # a static font: the file is the weight
        return
    if len(axes) == 1 and axes[0]["name"] in (b"Weight", "Weight"):
        font.set_variation_by_axes([max(axes[0]["minimum"], min(axes[0]["maximum"], weight))])


def load_font(face: FontFace, size: int) -> ImageFont.FreeTypeFont:
    """A cached font object for ``face`` at ``size`` pixels."""
    return _load(face.path, max(1, int(size)), face.weight)


@lru_cache(maxsize=32)
def coverage(path: Path | None) -> frozenset[int] | None:
    """Code points the font maps to a glyph; None when unknown (treated as 'covers all')."""
    if path is None:
        return frozenset(range(0x20, 0x7F))  # Pillow's built-in font is Latin only
    try:
        return _read_cmap(path.read_bytes())
    except (struct.error, KeyError, IndexError, ValueError, OSError):
        return None


def _read_cmap(data: bytes) -> frozenset[int]:
    base = struct.unpack_from(">I", data, 12)[0] if data[:4] == b"ttcf" else 0
    num_tables = struct.unpack_from(">H", data, base + 4)[0]
    tables = {}
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, base + 12 + 16 * i)
        tables[tag] = offset
    cmap = tables[b"cmap"]
    subtables = {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        pid, eid, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[(pid, eid)] = cmap + offset
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0), (3, 0)):
        if key in subtables:
            at = subtables[key]
            fmt = struct.unpack_from(">H", data, at)[0]
            if fmt == 12:
                return _cmap_format12(data, at)
            if fmt == 4:
                return _cmap_format4(data, at)
    raise KeyError("no usable cmap subtable")


def _cmap_format12(data: bytes, at: int) -> frozenset[int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    points: set[int] = set()
    for i in range(groups):
        start, end, _ = struct.unpack_from(">III", data, at + 16 + 12 * i)
        points.update(range(start, min(end, 0x10FFFF) + 1))
    return frozenset(points)


def _cmap_format4(data: bytes, at: int) -> frozenset[int]:
    segs = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, at + 14)
    starts = struct.unpack_from(f">{segs}H", data, at + 16 + 2 * segs)
    deltas = struct.unpack_from(f">{segs}h", data, at + 16 + 4 * segs)
    range_at = at + 16 + 6 * segs
    range_offsets = struct.unpack_from(f">{segs}H", data, range_at)
    points: set[int] = set()
    for i in range(segs):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_at + 2 * i + range_offsets[i] + 2 * (code - starts[i])
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                points.add(code)
    return frozenset(points)


def covers(face: FontFace, codepoint: int) -> bool:
    """Whether ``face`` has a glyph for ``codepoint``."""
    points = coverage(face.path)
    return points is None or codepoint in points


@dataclass(frozen=True)
class FontStack:
    """A main face and the fallbacks tried, in order, for characters it lacks."""

    faces: tuple[FontFace, ...]

    @classmethod
    def for_role(cls, brand_font: Path | None, bold: bool) -> FontStack:
        main = FontFace(brand_font, _BOLD if bold else None) if brand_font else default_face(bold)
        rest = [f for f in (default_face(bold), *fallback_faces(bold)) if f.path != main.path]
        return cls((main, *rest))

    def face_for(self, cluster: str) -> FontFace | None:
        """The face that draws this grapheme cluster, or None when no face has it."""
        base = ord(cluster[0])
        if _wants_emoji(cluster):
            for face in self.faces:
                if face.emoji and covers(face, base):
                    return face
        return next((f for f in self.faces if covers(f, base)), None)


def _wants_emoji(cluster: str) -> bool:
    # Emoji presentation: an explicit VS16, a ZWJ/skin-tone/flag sequence, or a code point
    # from the pictographic planes. Text-style symbols (©, ™, ←) stay in the text face.
    if "\ufe0f" in cluster or "\u200d" in cluster or len(cluster) > 1 and ord(cluster[1]) >= 0x1F3FB:
        return True
    return ord(cluster[0]) >= 0x1F000
