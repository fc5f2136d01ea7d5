"""The post's language: letters of another script, sentences in English, English words in
Russian, words the dictionary does not have, and what langdetect reads."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import regex

from .text import SENTENCE_SPLIT, URL_OR_MENTION, WORDS_OF, drop_sentences, has_content, strip_hashtags, tidy_spaces


_SCRIPTS = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"), ("Cyrillic",)),
    "el": ("Greek",), **dict.fromkeys(("ar", "fa", "ur"), ("Arabic",)), **dict.fromkeys(("he", "yi"), ("Hebrew",)),
    "zh": ("Han",), "ja": ("Han", "Hiragana", "Katakana"), "ko": ("Hangul", "Han"), "hy": ("Armenian",),
    "ka": ("Georgian",),
}


@lru_cache(maxsize=32)
def _foreign_letters(language: str) -> regex.Pattern[str]:
    # Latin always stays: brand and product names are written in it everywhere.
    allowed = "".join(rf"\p{{Script={name}}}" for name in ("Latin", *_SCRIPTS.get(language, ())))
    return regex.compile(rf"\ufffd|(?![{allowed}])\p{{L}}")


def strip_foreign_script(text: str, language: str) -> tuple[str, int]:
    """Letters of scripts the language does not use (a tiny model's Hebrew or CJK glitches
    inside Russian or Italian) and U+FFFD replacement marks removed; with how many went."""
    cleaned, count = _foreign_letters(language).subn("", text)
    letters = regex.findall(r"\p{L}", text)
    if not count or count > 0.2 * len(letters):  # a whole other language is the language check's job
        return text, 0
    return tidy_spaces(cleaned), count


def drop_foreign_sentences(text: str, expected: str, others: Iterable[str] = ()) -> tuple[str, int]:
    """Drop whole sentences a model wrote in English inside a post in another language
    ("... Don't worry, we'll be here to help you."), keeping at least one sentence.

    Only sentences of four words or more are judged: shorter ones are too short to tell,
    and a name or a product ("Latte art", "Python") is not a sentence in English.
    """
    if expected == "en":
        return text, 0
    kept: list[str] = []
    dropped = dropped_words = 0
    for line in text.split("\n"):
        pieces = SENTENCE_SPLIT.split(line)
        keep = [p for p in pieces if len(p.split()) < 4 or detect(p, expected, others) != "en"]
        dropped += len(pieces) - len(keep)
        dropped_words += sum(len(p.split()) for p in pieces if p not in keep)
        kept.append(" ".join(keep))
    result = "\n".join(kept).strip()
    # A post mostly in English is in the wrong language, not a post with a stray sentence:
    # the language check asks for it again.
    if not dropped or not has_content(result) or dropped_words * 2 > len(text.split()):
        return text, 0
    return re.sub(r"\n{3,}", "\n\n", result), dropped


# Letters a Cyrillic neighbour has and the language does not: a "Russian" sentence with "ї" or
# "є" was written in Ukrainian ("онлайн с Києва. Вартість за занятие…"). The script check lets
# it through (both are Cyrillic), and so does the language check when the rest reads Russian.
_NEIGHBOUR_LETTERS = {"ru": frozenset("іїєґўІЇЄҐЎ"), "uk": frozenset("ыэъёЫЭЪЁ")}


def drop_neighbour_letters(text: str, language: str, known: frozenset[str] = frozenset()) -> tuple[str, int]:
    """Remove sentences with a letter only a neighbouring language of the same script uses
    (Ukrainian "ї" in Russian, Russian "ы" in Ukrainian); the brand's own words (``known``:
    a place, a product) keep theirs."""
    letters = _NEIGHBOUR_LETTERS.get(language)
    if not letters:
        return text, 0
    known = frozenset(w.casefold() for w in known)

    def foreign(sentence: str) -> bool:
        return any(w.casefold() not in known for w in WORDS_OF.findall(sentence)
                   if not letters.isdisjoint(w))

    return drop_sentences(text, foreign)


_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg"})
_LATIN_WORD = regex.compile(r"(?<![\p{L}\p{N}@#./:_-])\p{Ll}[\p{Latin}'’-]*\p{Latin}(?![\p{L}\p{N}@./:_-])")
_CYRILLIC_WORD = regex.compile(r"\p{Cyrillic}{2,}")
# Latin words Russian copy uses as they are.
_LATIN_IN_CYRILLIC = frozenset({"e-mail", "email", "ok", "wi-fi", "online", "offline", "vs"})


def drop_stray_latin(text: str, language: str, known: frozenset[str] = frozenset()) -> tuple[str, int]:
    """Remove sentences of a Cyrillic-script language with an English word dropped in
    ("Спасибо за compliment", 'напишите нам в качестве команды "we"'): a small model reaches
    for English when its Russian runs out. Names (capitalised: Python, Scratch), links,
    hashtags and the brand's own words (``known``, in any case) stay."""
    if language not in _CYRILLIC_LANGUAGES:
        return text, 0
    known = frozenset(w.lower() for w in known)

    def stray(sentence: str) -> bool:
        if not _CYRILLIC_WORD.search(sentence):
            return False
        plain = URL_OR_MENTION.sub(" ", strip_hashtags(sentence))
        return any(w.lower() not in known and w.lower() not in _LATIN_IN_CYRILLIC for w in _LATIN_WORD.findall(plain))

    return drop_sentences(text, stray)


def drop_misspelled(text: str, language: str, known: frozenset[str] = frozenset()) -> tuple[str, list[str]]:
    """Remove sentences with a word the language's dictionary does not have ("Sfogliiamo",
    "поняться"): the words the brand itself uses (``known``) count as real. Returns the text
    and the words that cost a sentence."""
    from ..spelling import unknown_words

    found: list[str] = []

    def bad(sentence: str) -> bool:
        words = unknown_words(sentence, language, known)
        found.extend(words)
        return bool(words)

    result, dropped = drop_sentences(text, bad)
    return (result, found) if dropped else (text, [])


# Languages a model drifts into: small models fall back to English, and a half-learnt
# language reads as its neighbour. Keeping the detector to these (plus the brand's) keeps
# short posts from being read as some rare language.
_DRIFT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "ru", "uk")


def detect(text: str, expected: str, others: Iterable[str] = ()) -> str:
    """The language ``text`` is written in, among the expected one, ``others`` and the
    languages a model commonly drifts into; ``expected`` itself when it cannot be checked."""
    from .. import language

    supported = set(getattr(language, "supported_languages", lambda: ())() or ())
    candidates = [c for c in dict.fromkeys([expected, *others, *_DRIFT_LANGUAGES])
                  if not supported or c in supported]
    if expected not in candidates:
        return expected  # no profile for this language: nothing to compare against
    return language.detect_language(URL_OR_MENTION.sub(" ", strip_hashtags(text)), candidates=candidates)
