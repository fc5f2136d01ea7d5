"""Banned words, the platform's length limit and the hashtags appended at the end."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import regex

from ..platforms import get_platform, text_length
from .text import ELLIPSIS, SENTENCE_END, TRAILING_JOINERS, tidy_spaces


# Fewer words than this (hashtags and links aside) is not a post but a line.
MIN_WORDS = {"x": 5, "threads": 6, "tiktok": 5}
DEFAULT_MIN_WORDS = 10


def _word_pattern(word: str) -> regex.Pattern[str]:
    return regex.compile(r"(?<![\p{L}\p{N}_])" + regex.escape(word.strip()) + r"(?![\p{L}\p{N}_])",
                         regex.IGNORECASE)


def find_banned(text: str, words: Iterable[str]) -> list[str]:
    """Banned words or phrases that appear in ``text`` as whole words, case-insensitively."""
    return [w for w in words if w.strip() and _word_pattern(w).search(text)]


def remove_banned(text: str, words: Iterable[str]) -> str:
    """``text`` with every banned word or phrase deleted and the spacing tidied."""
    for word in words:
        if word.strip():
            text = _word_pattern(word).sub("", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    return tidy_spaces(text)


def platform_limit(platform: str, *, with_image: bool = False) -> int:
    """The text limit that applies: the caption limit when the text goes under an image."""
    rules = get_platform(platform)
    return rules.caption_limit if with_image and rules.caption_limit else rules.text_limit


def fit_to_limit(text: str, platform: str, limit: int | None = None, *, with_image: bool = False) -> str:
    """``text`` cut to fit ``platform``'s limit, measured the platform's way.

    Cuts at the last sentence end that keeps most of the text, else at a word boundary with
    an ellipsis; never inside a word, URL or emoji sequence. A text whose first word alone
    is too long becomes "" (the caller treats that as empty).
    """
    limit = platform_limit(platform, with_image=with_image) if limit is None else limit
    text = text.strip()
    if text_length(text, platform) <= limit:
        return text
    cuts = [i for i in range(1, len(text)) if text[i].isspace() and not text[i - 1].isspace()]
    fitting = _longest_fitting(text, cuts, platform, limit)
    if not fitting:
        return ""
    best = fitting[-1]
    sentence = next((i for i in reversed(fitting) if text[:i].rstrip()[-1] in SENTENCE_END
                     or text[i] == "\n"), None)
    if sentence is not None and sentence >= 0.6 * best:
        return text[:sentence].rstrip()
    for cut in reversed(fitting):
        kept = text[:cut].rstrip().rstrip(TRAILING_JOINERS).rstrip()
        if kept and text_length(kept + ELLIPSIS, platform) <= limit:
            return kept + ELLIPSIS
    return text[:best].rstrip()


def _longest_fitting(text: str, cuts: Sequence[int], platform: str, limit: int) -> list[int]:
    """The cut points whose prefix fits; prefixes grow with the cut, so bisect."""
    lo, hi = 0, len(cuts)
    while lo < hi:
        mid = (lo + hi) // 2
        if text_length(text[:cuts[mid]], platform) <= limit:
            lo = mid + 1
        else:
            hi = mid
    return list(cuts[:lo])


def add_tags(text: str, tags: Sequence[str], platform: str, *, max_tags: int | None = None,
             limit: int | None = None, with_image: bool = False) -> str:
    """``text`` with ``tags`` on a last line, as many as the platform's hashtag cap, the
    brand's ``max`` and the text limit allow; the body is trimmed to leave room."""
    caps = [c for c in (get_platform(platform).hashtag_limit, max_tags) if c is not None]
    tags = list(tags)[:min(caps)] if caps else list(tags)
    limit = platform_limit(platform, with_image=with_image) if limit is None else limit
    while tags:
        suffix = "\n\n" + " ".join(tags)
        body = fit_to_limit(text, platform, limit - text_length(suffix, platform))
        if body and text_length(body + suffix, platform) <= limit:
            return body + suffix
        tags.pop()
    return fit_to_limit(text, platform, limit)
