"""Text that always fits its box: the largest size, measured wrapping, balanced lines.

``fit_text`` returns an 8-bit mask the size of the box, so a layout only pastes a colour
through it. Fitting is verified on the rendered ink (with a margin around the box), so
a glyph that reaches past its advance width shrinks the text instead of being clipped.
Results are cached: a batch repeats the same headline, brand and size many times.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex
from PIL import Image, ImageDraw

from .fonts import FontFace, FontStack, covers, load_font

_CLUSTER = regex.compile(r"\X")
_ELLIPSIS = "…"
Run = tuple[str, FontFace]


@dataclass(frozen=True)
class TextStyle:
    """How one text role is set: fonts, size range, spacing, alignment."""

    stack: FontStack
    max_size: int
    min_size: int
    line_spacing: float = 1.18
    align: str = "left"  # "left" or "center"


def _crop(mask: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    cached = mask.info.get("ink_mask")
    if cached is None:
        cached = mask.info["ink_mask"] = mask.crop(box)
    return cached


@dataclass(frozen=True)
class TextBlock:
    """Fitted text: ``mask`` is the box's size, ink drawn at the top of it."""

    mask: Image.Image
    size: int
    lines: tuple[str, ...]
    height: int
    ink: tuple[int, int, int, int] | None
    warnings: tuple[str, ...] = ()

    @property
    def ink_mask(self) -> Image.Image:
        """The mask cropped to the ink (cached: pasting the small mask is much quicker)."""
        return _crop(self.mask, self.ink or (0, 0, 1, 1))


def clean_text(text: str) -> str:
    """Lines stripped, inner whitespace collapsed, blank lines dropped."""
    lines = (" ".join(line.split()) for line in str(text).splitlines())
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=4096)
def runs(text: str, stack: FontStack) -> tuple[tuple[Run, ...], tuple[str, ...]]:
    """Split ``text`` into same-face runs; clusters no face can draw come back as dropped."""
    out: list[list] = []
    dropped: list[str] = []
    for cluster in _CLUSTER.findall(text):
        face = stack.face_for(cluster)
        if face is None:
            dropped.append(cluster)
            continue
        # Joiners and selectors a face lacks would draw as boxes in the basic layout engine.
        kept = cluster[0] + "".join(c for c in cluster[1:] if covers(face, ord(c)))
        if out and out[-1][1] == face:
            out[-1][0] += kept
        else:
            out.append([kept, face])
    return tuple((t, f) for t, f in out), tuple(dropped)


@lru_cache(maxsize=16384)
def width(text: str, stack: FontStack, size: int) -> float:
    """Advance width of ``text`` in pixels, with per-character font fallback."""
    return sum(load_font(face, size).getlength(part) for part, face in runs(text, stack)[0])


def _split_word(word: str, stack: FontStack, size: int, limit: float) -> list[str]:
    """Break a word wider than ``limit`` at grapheme boundaries, hyphenating letters."""
    pieces, current = [], ""
    for cluster in _CLUSTER.findall(word):
        trial = current + cluster
        hyphen = "-" if current[-1:].isalpha() and cluster[:1].isalpha() else ""
        if current and width(trial + hyphen, stack, size) > limit:
            pieces.append(current + ("-" if current[-1:].isalpha() and cluster[:1].isalpha() else ""))
            current = cluster
        else:
            current = trial
    return [*pieces, current] if current else pieces


def _greedy(words: list[str], stack: FontStack, size: int, limit: float) -> list[str]:
    space = width(" ", stack, size)
    lines: list[str] = []
    line, line_w = "", 0.0
    for word in words:
        word_w = width(word, stack, size)
        if line and line_w + space + word_w <= limit:
            line, line_w = f"{line} {word}", line_w + space + word_w
            continue
        if line:
            lines.append(line)
        line, line_w = word, word_w
    return [*lines, line] if line else lines


def wrap(paragraph: str, stack: FontStack, size: int, limit: float, break_words: bool) -> list[str] | None:
    """Balanced lines no wider than ``limit``; None when a word is too wide and may not break."""
    words: list[str] = []
    for word in paragraph.split(" "):
        if width(word, stack, size) <= limit:
            words.append(word)
        elif break_words:
            words.extend(_split_word(word, stack, size, limit))
        else:
            return None
    lines = _greedy(words, stack, size, limit)
    if len(lines) < 2:
        return lines
    # Balance: the narrowest width that still needs no more lines than the greedy wrap.
    low, high = limit / 2, limit
    for _ in range(7):
        mid = (low + high) / 2
        if max(width(w, stack, size) for w in words) <= mid and len(_greedy(words, stack, size, mid)) <= len(lines):
            high = mid
        else:
            low = mid
    return _greedy(words, stack, size, high)


def _metrics(style: TextStyle, size: int) -> tuple[int, int, int]:
    ascent, descent = load_font(style.stack.faces[0], size).getmetrics()
    return ascent, descent, max(1, round(size * style.line_spacing))


def _layout(text: str, style: TextStyle, size: int, box: tuple[int, int], break_words: bool) -> list[str] | None:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        wrapped = wrap(paragraph, style.stack, size, box[0], break_words)
        if wrapped is None:
            return None
        lines.extend(wrapped)
    ascent, descent, pitch = _metrics(style, size)
    if (len(lines) - 1) * pitch + ascent + descent > box[1]:
        return None
    return lines


def _render(lines: list[str], style: TextStyle, size: int, box: tuple[int, int]) -> tuple[Image.Image, tuple | None, bool]:
    """Draw into a padded canvas; report the ink box and whether it stayed inside ``box``."""
    pad = size
    canvas = Image.new("L", (box[0] + 2 * pad, box[1] + 2 * pad), 0)
    draw = ImageDraw.Draw(canvas)
    ascent, _, pitch = _metrics(style, size)
    for i, line in enumerate(lines):
        x = pad + ((box[0] - width(line, style.stack, size)) / 2 if style.align == "center" else 0)
        y = pad + ascent + i * pitch
        for part, face in runs(line, style.stack)[0]:
            font = load_font(face, size)
            draw.text((x, y), part, font=font, fill=255, anchor="ls")
            x += font.getlength(part)
    ink = canvas.getbbox()
    inside = ink is None or (ink[0] >= pad and ink[1] >= pad and ink[2] <= pad + box[0] and ink[3] <= pad + box[1])
    mask = canvas.crop((pad, pad, pad + box[0], pad + box[1]))
    return mask, (None if ink is None else tuple(v - pad for v in ink)), inside


def _largest(text: str, style: TextStyle, box: tuple[int, int], break_words: bool) -> int | None:
    """Binary search for the largest size whose layout fits the box."""
    low, high, best = style.min_size, style.max_size, None
    while low <= high:
        mid = (low + high) // 2
        if _layout(text, style, mid, box, break_words) is not None:
            best, low = mid, mid + 1
        else:
            high = mid - 1
    return best


def _truncated(text: str, style: TextStyle, box: tuple[int, int]) -> list[str]:
    """At the minimum size: as many lines as fit, the last one ending in an ellipsis."""
    size = style.min_size
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(wrap(paragraph, style.stack, size, box[0], True) or [])
    ascent, descent, pitch = _metrics(style, size)
    keep = max(1, (box[1] - ascent - descent) // pitch + 1)
    lines = lines[:keep]
    last = lines[-1]
    while last and width(last + _ELLIPSIS, style.stack, size) > box[0]:
        last = last[:-1]
    lines[-1] = last.rstrip() + _ELLIPSIS
    return lines


@lru_cache(maxsize=512)
def fit_text(text: str, style: TextStyle, box: tuple[int, int], what: str = "text") -> TextBlock:
    """Set ``text`` as large as fits ``box`` (width, height), never below ``style.min_size``."""
    text = clean_text(text)
    _, dropped = runs(text.replace("\n", " "), style.stack)
    warnings = [f"{what}: removed characters no font can draw: {' '.join(dropped)}"] if dropped else []
    if dropped:
        text = clean_text("".join(c for c in _CLUSTER.findall(text) if c not in dropped))
    size = _largest(text, style, box, False) or _largest(text, style, box, True)
    while size is not None and size >= style.min_size:
        lines = _layout(text, style, size, box, True)
        if lines is not None:
            mask, ink, inside = _render(lines, style, size, box)
            if inside:
                return _block(mask, style, size, lines, ink, warnings)
        size -= max(1, size // 20)
    lines = _truncated(text, style, box)
    warnings.append(f"{what} is too long for the image: shortened to fit at {style.min_size}px, "
                    "the smallest readable size")
    mask, ink, _ = _render(lines, style, style.min_size, box)
    return _block(mask, style, style.min_size, lines, ink, warnings)


def _block(mask: Image.Image, style: TextStyle, size: int, lines: list[str], ink, warnings: list[str]) -> TextBlock:
    ascent, descent, pitch = _metrics(style, size)
    height = (len(lines) - 1) * pitch + ascent + descent
    if ink is not None:
        height = max(height, ink[3])
    return TextBlock(mask, size, tuple(lines), min(height, mask.height), ink, tuple(warnings))
