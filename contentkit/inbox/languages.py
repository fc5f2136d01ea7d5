"""The language of a comment, told quickly enough for a whole inbox.

``contentkit.language`` scores every language it knows, ~2 ms a comment; the script of the
letters already rules most of them out, so a Cyrillic comment is scored only against the
Cyrillic languages and a Latin one against the Latin ones (a few hundred comments a second
more). Below the same confidence as ``detect_language`` the answer is "" (unknown):
"ok" or "👍" has no language.
"""

from __future__ import annotations

import regex

from ..language import language_scores

MIN_CONFIDENCE = 0.6
_CYRILLIC = ("bg", "mk", "ru", "uk")
_LATIN = ("af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "id", "it", "lt", "lv",
          "nl", "no", "pl", "pt", "ro", "sk", "sl", "so", "sq", "sv", "sw", "tl", "tr", "vi")
_CYRILLIC_LETTER = regex.compile(r"\p{Cyrillic}")
# Letters only Macedonian writes among these: a comment without one is not told Macedonian on
# its n-grams alone, which called a Russian school's "Ответ на задачку: 24 клубка" so.
_MACEDONIAN_LETTER = regex.compile(r"[ѓќѕљњџјЃЌЅЉЊЏЈ]")
_LATIN_LETTER = regex.compile(r"\p{Latin}")


def comment_language(text: str) -> str:
    """ISO 639-1 code of ``text``, "" when unknown."""
    cyrillic, latin = len(_CYRILLIC_LETTER.findall(text)), len(_LATIN_LETTER.findall(text))
    if cyrillic and cyrillic >= latin:  # spam that swaps in Latin lookalikes is still Russian
        candidates: tuple[str, ...] | None = (_CYRILLIC if _MACEDONIAN_LETTER.search(text)
                                              else tuple(c for c in _CYRILLIC if c != "mk"))
    elif latin:
        candidates = _LATIN
    else:
        candidates = None
    scores = language_scores(text, candidates)
    if not scores:
        return ""
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= MIN_CONFIDENCE else ""
