"""Finding and normalising hashtags in post text, shared by history, suggester and bench.

A tag is matched case-insensitively (its *key* is the casefolded form without '#') but
shown as written (#Caffè stays #Caffè, #кофе stays #кофе), after Unicode NFC so that
the same word typed on two keyboards is one tag.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import regex

# Letters, marks (Hindi, Arabic vowel signs) and digits; a tag must hold a letter, since
# '#1' in "we are #1" or "#2017" is a number more often than a topic.
_TAG_RE = regex.compile(r"(?<![\p{L}\p{M}\p{N}_&/])#([\p{L}\p{M}\p{N}_]+)")
# "#afterlight#justgoshoot": tags written without a space; "C#" (no tag before it) is not one.
_GLUED = regex.compile(r"(?<![\p{L}\p{M}\p{N}_&/])(#[\p{L}\p{M}\p{N}_]+)(?=#)")
_GLUE_HINT = re.compile(r"\S#")  # a "#" right after anything but a space: what _GLUED may part
_MENTION_RE = regex.compile(r"(?<![\p{L}\p{N}_])@[\p{L}\p{M}\p{N}_.]+")
_URL_RE = regex.compile(r"(?:https?://|www\.)\S+", regex.IGNORECASE)
_HAS_LETTER = regex.compile(r"\p{L}")


@functools.lru_cache(maxsize=1 << 16)
def tag_key(tag: str) -> str:
    """The form tags are matched by: NFC, casefolded, without leading '#' (cached: a fit on
    200,000 posts asks it for two million tags, most of them the same few thousand)."""
    return unicodedata.normalize("NFC", tag.strip().lstrip("#")).casefold()


def display_tag(tag: str) -> str:
    """The form tags are shown in: NFC, as written, with one leading '#'."""
    return "#" + unicodedata.normalize("NFC", tag.strip().lstrip("#"))


def is_tag(word: str) -> bool:
    """Whether ``word`` (with or without '#') can be a hashtag."""
    body = word.strip().lstrip("#")
    return bool(body) and bool(_HAS_LETTER.search(body)) and _TAG_RE.fullmatch("#" + body) is not None


def tags_in_text(text: str | None) -> list[str]:
    """Hashtags written in ``text``, as written, first occurrence of each key kept."""
    if not text:
        return []
    return unique_tags(m.group(1) for m in _TAG_RE.finditer(_unglue(text)) if _HAS_LETTER.search(m.group(1)))


def _unglue(text: str) -> str:
    # Nothing glued: most captions, and a fit cleans 200,000 of them.
    if text.count("#") < 2 or not _GLUE_HINT.search(text):
        return text
    while True:  # each pass parts one tag from the next: "#a#b#c" -> "#a #b#c" -> "#a #b #c"
        parted = _GLUED.sub(r"\1 ", text)
        if parted == text:
            return text
        text = parted


def parse_tag_list(value: str | None) -> list[str]:
    """A hashtags cell: '#a #b', 'a b' or 'a, b' -> ['#a', '#b']."""
    if not value or not isinstance(value, str):
        return []
    words = regex.split(r"[\s,;]+", value)
    return unique_tags(w for w in words if is_tag(w))


def unique_tags(tags) -> list[str]:
    """Display forms, one per key, in first-seen order."""
    seen: dict[str, str] = {}
    for tag in tags:
        key = tag_key(tag)
        if key and key not in seen:
            seen[key] = display_tag(tag)
    return list(seen.values())


def strip_for_query(text: str | None) -> str:
    """The caption as the suggester sees a new draft: no #tags, @mentions or links."""
    if not text:
        return ""
    # Each pattern only where its mark is: a regex pass over a caption without one finds
    # nothing, and the passes were an eighth of a fit on 200,000 captions.
    if "://" in text or "www." in text.lower():
        text = _URL_RE.sub(" ", text)
    if "@" in text:
        text = _MENTION_RE.sub(" ", text)
    if "#" in text:
        text = _TAG_RE.sub(" ", _unglue(text))
    return " ".join(text.split())  # a third of the time of a regex over the spaces


_WORD_RE = regex.compile(r"[\p{L}\p{M}\p{N}_]+")


def words_of(text: str) -> list[str]:
    """Words of the draft and joined neighbours ('New York' -> 'newyork'), as tag keys.

    Managers often tag the words they wrote: a caption about Milano gets #milano.
    """
    return words_of_query(strip_for_query(text))


def word_tokens(query: str) -> list[str]:
    """The words of a cleaned text that ``words_of_query`` keys (three characters or more), as written."""
    return [w for w in _WORD_RE.findall(query) if len(w) > 2]


@functools.lru_cache(maxsize=1 << 18)
def word_key(word: str) -> str:
    """``tag_key`` of a word (no '#', no spaces): a fit asks it for millions of words, most of
    them the same few thousand."""
    return unicodedata.normalize("NFC", word).casefold()


def words_of_query(query: str) -> list[str]:
    """``words_of`` for a text ``strip_for_query`` has already cleaned (a fit cleans each once)."""
    words = [word_key(w) for w in word_tokens(query)]
    return list(dict.fromkeys([*words, *(a + b for a, b in zip(words, words[1:]))]))
