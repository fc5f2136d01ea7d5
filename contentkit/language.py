"""Language detection that is deterministic and holds up on short social posts.

langdetect's own ``detect`` samples n-grams at random and is weak on tweets. Here the same
Wikipedia n-gram profiles are scored over *every* n-gram of the cleaned text (a naive
Bayes without sampling, so the answer never changes between runs), restricted to the
candidate languages, and nudged by a small list of each language's function words, which
carry most of the signal in a ten-word post.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex

from .errors import LanguageError

UNDETERMINED = "und"

# Smoothing added to P(ngram | language); small, so an n-gram a language lacks counts
# strongly against it, as in langdetect (ALPHA 0.5 / BASE_FREQ 10000).
_ALPHA = 5e-5
# Weight of one function word, in nats; a word shared by k candidates gives each 1/k.
_WORD_WEIGHT = 8.0
# Without candidates, below this posterior the answer is "und".
_MIN_CONFIDENCE = 0.6
_MIN_LETTERS = 3

_NOISE = regex.compile(
    r"https?://\S+|www\.\S+|\b\S+\.(?:com|net|org|ly|io|ru|it|es|pt|cat|br|be|gl|me)/\S*"
    r"|[@#][\p{L}\p{N}_]+"
)
_REPEATS = regex.compile(r"(\p{L})\1{2,}")  # "holaaaa" -> "hola"
_WORD = regex.compile(r"\p{L}+(?:'\p{L}+)?")
_LETTER = regex.compile(r"\p{L}")
_PROFILE_CODES = {"zh-cn": "zh", "zh-tw": "zh"}


def clean_text(text: str) -> str:
    """The words of a post: URLs, @mentions, #hashtags, emoji and digits removed."""
    text = _NOISE.sub(" ", text or "")
    text = regex.sub(r"[^\p{L}\p{M}'’\s]", " ", text).replace("’", "'")
    return _REPEATS.sub(r"\1", text.lower()).strip()


@lru_cache(maxsize=1)
def _profile_dir() -> Path:
    return Path(str(resources.files("langdetect") / "profiles"))


@lru_cache(maxsize=1)
def supported_languages() -> tuple[str, ...]:
    """Codes detect_language can answer with."""
    return tuple(sorted({_PROFILE_CODES.get(p.name, p.name) for p in _profile_dir().iterdir()}))


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("contentkit").joinpath("data/function_words.json").read_text("utf-8"))
    return {lang: frozenset(words) for lang, words in raw.items()}


@lru_cache(maxsize=16)
def _model(candidates: tuple[str, ...]) -> tuple[dict[str, list[float]], tuple[str, ...]]:
    """langdetect's n-gram probability table for just these languages."""
    from langdetect.detector_factory import DetectorFactory

    by_code: dict[str, list[str]] = {}
    for path in _profile_dir().iterdir():
        by_code.setdefault(_PROFILE_CODES.get(path.name, path.name), []).append(path.name)
    factory = DetectorFactory()
    files = [name for code in candidates for name in by_code[code][:1]]
    factory.load_json_profile([(_profile_dir() / name).read_text("utf-8") for name in files])
    langs = tuple(_PROFILE_CODES.get(code, code) for code in factory.langlist)
    return factory.word_lang_prob_map, langs


@lru_cache(maxsize=16)
def _log_rows(candidates: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    """Per n-gram, log(p + alpha) for each language of ``_model(candidates)``: a shared cache."""
    return {}


@lru_cache(maxsize=8192)
def _normal(char: str) -> str:
    from langdetect.utils.ngram import NGram

    return NGram.normalize(char)


def _ngrams(text: str, table: dict[str, list[float]]) -> list[str]:
    """The 1-3-grams langdetect's NGram yields for ``text`` (same rules, inlined: it is the
    hot loop of every language check), keeping those the table knows."""
    grams, capital, out = " ", False, []
    for char in f" {text} ":
        char = _normal(char)
        last = grams[-1]
        if last == " ":
            grams, capital = " ", False
            if char == " ":
                continue
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += char
        capital = (capital or last.isupper()) if char.isupper() else False
        if capital:
            continue
        if char != " " and char in table:
            out.append(char)
        if len(grams) >= 2 and grams[-2:] in table:
            out.append(grams[-2:])
        if len(grams) >= 3 and grams in table:
            out.append(grams)
    return out


def language_scores(text: str, candidates: list[str] | tuple[str, ...] | None = None) -> dict[str, float]:
    """Posterior probability of each candidate language for ``text`` (empty when no letters)."""
    codes = _check_candidates(candidates)
    cleaned = clean_text(text)
    if len(_LETTER.findall(cleaned)) < _MIN_LETTERS:
        return {}
    if len(codes) == 1:  # nothing to choose between (langdetect needs two profiles anyway)
        return {codes[0]: 1.0}
    table, langs = _model(codes)
    grams = _ngrams(cleaned, table)
    if not grams:
        return {}
    logs = _log_rows(codes)
    logp = [0.0] * len(langs)
    for piece in grams:
        row = logs.get(piece)
        if row is None:  # filled as n-grams are first met: the full table is ~170k rows
            row = logs[piece] = tuple(math.log(p + _ALPHA) for p in table[piece])
        logp = [a + b for a, b in zip(logp, row)]
    words = _function_words()
    for word in _WORD.findall(cleaned):
        hits = [i for i, lang in enumerate(langs) if word in words.get(lang, ())]
        for i in hits:
            logp[i] += _WORD_WEIGHT / len(hits)
    top = max(logp)
    weights = [math.exp(v - top) for v in logp]
    total = sum(weights)
    return {lang: w / total for lang, w in zip(langs, weights)}


def _check_candidates(candidates: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    if candidates is None:
        return supported_languages()
    codes = tuple(sorted({str(c).strip().lower() for c in candidates}))
    unknown = [c for c in codes if c not in supported_languages()]
    if unknown or not codes:
        raise LanguageError(
            f"cannot detect language(s) {unknown or '(none given)'}",
            field="candidates",
            hint=f"supported: {', '.join(supported_languages())}",
        )
    return codes


def detect_language(text: str, candidates: list[str] | tuple[str, ...] | None = None) -> str:
    """ISO 639-1 code of ``text``'s language, or "und" when it is too short or unclear.

    With ``candidates`` the answer is always one of them when the text has words; without,
    "und" also covers a close call. Never raises on empty, emoji-only or numeric text.
    """
    if not isinstance(text, str):  # None would otherwise be "und", hiding the caller's bug
        raise LanguageError(f"expected a text, got {text!r}", field="text")
    scores = language_scores(text, candidates)
    if not scores:
        return UNDETERMINED
    best = max(scores, key=scores.__getitem__)
    if candidates is None and scores[best] < _MIN_CONFIDENCE:
        return UNDETERMINED
    return best
