"""Which writing systems a language uses, so a draft in Italian gets no #кофе.

Latin-script tags are allowed for every language: brands everywhere use English and
brand-name tags. Tags of digits, emoji or underscores only carry no script and pass.
"""

from __future__ import annotations

import regex

_SCRIPTS = {
    "Cyrillic": ("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg"),
    "Arabic": ("ar", "fa", "ur", "ps"),
    "Greek": ("el",),
    "Hebrew": ("he", "yi"),
    "Armenian": ("hy",),
    "Georgian": ("ka",),
    "Devanagari": ("hi", "mr", "ne"),
    "Thai": ("th",),
    "Hangul": ("ko",),
    "Han": ("zh", "ja"),
    "Hiragana": ("ja",),
    "Katakana": ("ja",),
}
_LANGUAGE_SCRIPTS: dict[str, set[str]] = {}
for _script, _languages in _SCRIPTS.items():
    for _lang in _languages:
        _LANGUAGE_SCRIPTS.setdefault(_lang, set()).add(_script)

_LETTER = regex.compile(r"\p{L}")


def script_of(tag: str) -> str | None:
    """The script of the tag's first letter ('Latin', 'Cyrillic', ...), None without letters."""
    match = _LETTER.search(tag)
    if not match:
        return None
    for script in ("Latin", *_SCRIPTS):
        if regex.match(rf"\p{{Script={script}}}", match.group()):
            return script
    return "Other"


def script_allows(tag: str, language: str | None) -> bool:
    """Whether a tag fits a post in ``language`` (None allows everything)."""
    if not language:
        return True
    script = script_of(tag)
    if script in (None, "Latin"):
        return True
    return script in _LANGUAGE_SCRIPTS.get(language.strip().lower().split("-")[0], set())
