"""What every check reads a post by: its sentences, words, hashtags, quotes and spacing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import regex


DANGLING_LABEL = re.compile(r"(?m)^[^\n:]{1,60}:[ \t]*(?:\n(?=[ \t]*(?:\n|$))|\Z)")
_QUOTES = {'"': '"', "'": "'", "“": "”", "«": "»", "„": "“", "‘": "’", "「": "」"}


_TAG = r"(?<![\p{L}\p{M}\p{N}_&/])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)"
TAG_RE = regex.compile(_TAG)
TAG_RUN_END = regex.compile(r"(?:[ \t]*" + _TAG + r")+[ \t]*$", regex.MULTILINE)
# "… ogni mattina. #caffè # specialtyCoffee": a tag the model broke with a space, after the text.
BROKEN_TAG_RUN_END = regex.compile(r"(?<=\S)(?:[ \t]+#[ \t]?\p{L}[\p{L}\p{M}\p{N}_]*)*[ \t]+#[ \t]\p{L}"
                                    r"[\p{L}\p{M}\p{N}_]*(?:[ \t]+#[ \t]?\p{L}[\p{L}\p{M}\p{N}_]*)*[ \t]*$",
                                    regex.MULTILINE)
URL_OR_MENTION = regex.compile(r"(?:https?://|www\.)\S+|(?<![\p{L}\p{N}_])@[\p{L}\p{N}_.]+", regex.IGNORECASE)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+")
TRAILING_JOINERS = ",;:-–—(«“\"'/&+"
SENTENCE_END = ".!?…"
ELLIPSIS = "…"


def norm(line: str) -> str:
    return " ".join(line.split()).casefold()


def unquote(text: str) -> str:
    while len(text) >= 2 and text[0] in _QUOTES and text[-1] == _QUOTES[text[0]]:
        inner = text[1:-1]
        if _QUOTES[text[0]] in inner or (text[0] in inner and text[0] != _QUOTES[text[0]]):
            break  # quotes inside: the text quotes someone rather than being quoted
        text = inner.strip()
    return text


def strip_hashtags(text: str) -> str:
    """Text without hashtags: a run of tags at a line's end goes, an inline tag keeps its word
    ("try our #latte" -> "try our latte")."""
    text = BROKEN_TAG_RUN_END.sub("", text)
    text = TAG_RUN_END.sub("", text)
    text = TAG_RE.sub(lambda m: m.group(1), text)
    return tidy_spaces(text)


def tidy_spaces(text: str) -> str:
    lines = [re.sub(r"[ \t]{2,}", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def drop_sentences(text: str, bad: Callable[[str], bool]) -> tuple[str, int]:
    """``text`` without the sentences ``bad`` picks, line breaks kept, and how many went."""
    kept, dropped = [], 0
    for line in text.split("\n"):
        pieces = SENTENCE_SPLIT.split(line)
        keep = [p for p in pieces if not bad(p)]
        dropped += len(pieces) - len(keep)
        kept.append(" ".join(keep))
    return (re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip(), dropped) if dropped else (text, 0)


WORDS_OF = regex.compile(r"[\p{L}\p{N}']+")


def word_count(text: str) -> int:
    return len(regex.findall(r"[\p{L}\p{N}]+", URL_OR_MENTION.sub(" ", strip_hashtags(text))))


def has_content(text: str) -> bool:
    """At least a few letters: emoji or punctuation alone is no post."""
    return sum(1 for ch in text if unicodedata.category(ch).startswith("L")) >= 3
