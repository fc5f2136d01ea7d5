"""Does a post say something in real words? Figures a reader would check, for bench/drafts.py.

- known-word share: words a hunspell dictionary of the brand's language knows (Debian's
  hunspell-it / hunspell-ru / hunspell-en-us; `make bench` installs them), ignoring
  hashtags, mentions, URLs, numbers, names (a capitalised word inside a sentence, or any
  word of the brand's own profile the dictionary lacks, such as "Borsieri" or "Guji");
- language: plain langdetect (seeded) on the post without hashtags and links;
- distinct topics: topics that are not near-duplicates of an earlier one in the plan.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache

DICTIONARIES = {"it": "it_IT", "ru": "ru_RU", "en": "en_US"}
_NOISE = re.compile(r"(?:[#@][\w\u00C0-\uFFFF]+|https?://\S+|www\.\S+)")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…:\n]\s*$")


def require_hunspell(languages: set[str]) -> None:
    if shutil.which("hunspell") is None:
        raise SystemExit("hunspell is not installed: apt-get install hunspell hunspell-it hunspell-ru hunspell-en-us")
    listed = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True).stderr
    missing = [DICTIONARIES[lang] for lang in languages if DICTIONARIES[lang] not in listed]
    if missing:
        raise SystemExit(f"hunspell dictionaries missing: {', '.join(missing)} (apt-get install hunspell-it hunspell-ru hunspell-en-us)")


def words_to_check(text: str, names: frozenset[str]) -> list[str]:
    plain = _NOISE.sub(" ", text)
    out: list[str] = []
    for match in _WORD.finditer(plain):
        word = match.group()
        before = plain[:match.start()].rstrip()
        starts_sentence = not before or bool(_SENTENCE_END.search(before + " "))
        if len(word) < 2 or word.lower() in names:
            continue
        if word[0].isupper() and not starts_sentence:
            continue  # a name: Giulia, Isola, Python
        out.append(word)
    return out


@lru_cache(maxsize=4096)
def _unknown(words: tuple[str, ...], language: str) -> frozenset[str]:
    result = subprocess.run(["hunspell", "-d", DICTIONARIES[language], "-l"], input="\n".join(words),
                            capture_output=True, text=True, check=True)
    return frozenset(result.stdout.split())


def known_share(text: str, language: str, names: frozenset[str] = frozenset()) -> tuple[float, list[str]]:
    """(share of checked words the dictionary knows, the unknown ones)."""
    words = words_to_check(text, names)
    if not words:
        return 0.0, []
    unknown = _unknown(tuple(words), language)
    bad = [w for w in words if w in unknown]
    return 1 - len(bad) / len(words), bad


def profile_names(brand, language: str) -> frozenset[str]:
    """Words of the brand's profile the dictionary does not know: its names, streets, products."""
    text = brand.model_dump_json()
    words = {w for w in _WORD.findall(text) if len(w) > 1}
    unknown = _unknown(tuple(sorted(words)), language)
    return frozenset(w.lower() for w in unknown)


def plain_language(text: str) -> str:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(_NOISE.sub(" ", text))
    except LangDetectException:
        return "und"


def distinct_topics(topics: list[str]) -> int:
    from contentkit.plans.topics import is_near_duplicate

    kept: list[str] = []
    for topic in topics:
        if not is_near_duplicate(topic, kept):
            kept.append(topic)
    return len(kept)
