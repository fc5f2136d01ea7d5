"""Text that always fits its box: the largest size, measured wrapping, balanced lines.

``fit_text`` returns an 8-bit mask of the ink and where it sits in the box, so a layout
only pastes a colour through it. Fitting is verified on the glyphs' bitmap boxes, so a
glyph that reaches past its advance width shrinks the text instead of being clipped.
Widths are memoised per word, font stack and size, so fitting a new headline costs a
few dictionary look-ups per candidate size; fitted blocks are cached whole for batches.
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


@dataclass(frozen=True)
class TextBlock:
    """Fitted text: ``ink_mask`` covers the ink, which sits at ``ink`` inside the box."""

    ink_mask: Image.Image
    size: int
    lines: tuple[str, ...]
    height: int
    ink: tuple[int, int, int, int] | None
    warnings: tuple[str, ...] = ()


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


class Measure:
    """Advance widths of texts in one font stack at one size, memoised by text."""

    def __init__(self, stack: FontStack, size: int) -> None:
        self.stack, self.size = stack, size
        self._widths: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        found = self._widths.get(text)
        if found is None:
            if len(self._widths) > 4096:  # bounded: a long batch of varied headlines
                self._widths.clear()
            found = self._widths[text] = sum(load_font(face, self.size).getlength(part)
                                             for part, face in runs(text, self.stack)[0])
        return found


@lru_cache(maxsize=1024)
def measure(stack: FontStack, size: int) -> Measure:
    """The shared width memo for ``stack`` at ``size`` pixels."""
    return Measure(stack, size)


def width(text: str, stack: FontStack, size: int) -> float:
    """Advance width of ``text`` in pixels, with per-character font fallback (cached)."""
    return measure(stack, size)(text)


def _split_word(word: str, m: Measure, limit: float) -> list[str]:
    """Break a word wider than ``limit`` at grapheme boundaries, hyphenating letters."""
    pieces, current = [], ""
    for cluster in _CLUSTER.findall(word):
        trial = current + cluster
        hyphen = "-" if current[-1:].isalpha() and cluster[:1].isalpha() else ""
        if current and m(trial + hyphen) > limit:
            pieces.append(current + hyphen)
            current = cluster
        else:
            current = trial
    return [*pieces, current] if current else pieces


def _greedy(widths: list[float], space: float, limit: float) -> list[int]:
    """Where lines start (word indexes) when words of ``widths`` are filled up to ``limit``."""
    starts: list[int] = []
    line_w = -1.0
    for i, word_w in enumerate(widths):
        if starts and line_w + space + word_w <= limit:
            line_w += space + word_w
            continue
        starts.append(i)
        line_w = word_w
    return starts


def wrap(paragraph: str, stack: FontStack, size: int, limit: float, break_words: bool) -> list[str] | None:
    """Balanced lines no wider than ``limit``; None when a word is too wide and may not break."""
    m = measure(stack, size)
    words: list[str] = []
    for word in filter(None, paragraph.split(" ")):
        if m(word) <= limit:
            words.append(word)
        elif break_words:
            words.extend(_split_word(word, m, limit))
        else:
            return None
    if not words:
        return []
    widths, space = [m(w) for w in words], m(" ")
    starts = _greedy(widths, space, limit)
    if len(starts) >= 2:
        # Balance: the narrowest width that still needs no more lines than the greedy wrap.
        low, high, widest = limit / 2, limit, max(widths)
        for _ in range(7):
            mid = (low + high) / 2
            if widest <= mid and len(_greedy(widths, space, mid)) <= len(starts):
                high = mid
            else:
                low = mid
        starts = _greedy(widths, space, high)
    ends = [*starts[1:], len(words)]
    return [" ".join(words[a:b]) for a, b in zip(starts, ends)]


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


def _placed(lines: list[str], style: TextStyle, size: int, box_w: int) -> list[tuple[int, int, str, FontFace]]:
    """Each run's pen position (whole pixels, baseline-left anchored) and face."""
    ascent, _, pitch = _metrics(style, size)
    m = measure(style.stack, size)
    placed = []
    for i, line in enumerate(lines):
        x = (box_w - m(line)) / 2 if style.align == "center" else 0.0
        for part, face in runs(line, style.stack)[0]:
            placed.append((round(x), ascent + i * pitch, part, face))
            x += m(part)
    return placed


def _render(lines: list[str], style: TextStyle, size: int, box: tuple[int, int]) -> tuple[Image.Image, tuple | None, bool]:
    """The ink's mask, its box (from the glyph bitmaps) and whether it stays inside ``box``.

    Each run is laid out and rasterised once (``getmask2``); pens sit on whole pixels, so
    the bitmaps land exactly at their offsets and only the ink's own area is allocated.
    """
    bitmaps = []
    for x, y, part, face in _placed(lines, style, size, box[0]):
        bitmap, (dx, dy) = load_font(face, size).getmask2(part, "L", anchor="ls")
        if bitmap.size[0] and bitmap.size[1]:
            bitmaps.append((x + dx, y + dy, bitmap))
    if not bitmaps:
        return Image.new("L", (1, 1), 0), None, True
    ink = (min(b[0] for b in bitmaps), min(b[1] for b in bitmaps),
           max(b[0] + b[2].size[0] for b in bitmaps), max(b[1] + b[2].size[1] for b in bitmaps))
    inside = ink[0] >= 0 and ink[1] >= 0 and ink[2] <= box[0] and ink[3] <= box[1]
    mask = Image.new("L", (ink[2] - ink[0], ink[3] - ink[1]), 0)
    draw = ImageDraw.Draw(mask).draw  # blends, so bitmaps of neighbouring lines may overlap
    for x, y, bitmap in bitmaps:
        draw.draw_bitmap((x - ink[0], y - ink[1]), bitmap, 255)
    return mask, ink, inside


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
                return _block(mask, style, size, lines, ink, warnings, box)
        size -= max(1, size // 20)
    lines = _truncated(text, style, box)
    warnings.append(f"{what} is too long for the image: shortened to fit at {style.min_size}px, "
                    "the smallest readable size")
    mask, ink, _ = _render(lines, style, style.min_size, box)
    return _block(mask, style, style.min_size, lines, ink, warnings, box)


def _block(mask: Image.Image, style: TextStyle, size: int, lines: list[str], ink, warnings: list[str],
           box: tuple[int, int]) -> TextBlock:
    ascent, descent, pitch = _metrics(style, size)
    height = (len(lines) - 1) * pitch + ascent + descent
    if ink is not None:
        height = max(height, ink[3])
    return TextBlock(mask, size, tuple(lines), min(height, box[1]), ink, tuple(warnings))
