"""Words that tie a post to a time of year, so an old post's season is not offered out of it.

A brand's best past posts are what a plan stands on, and the best of a café's may be "Orari
speciali per Ferragosto": a December plan that reuses it tells readers about mid-August
opening hours. A post's date says little (an export may hold a Ferragosto post written in
March), its words say more: a month, a holiday, a season. A text is in season for a day when
every such word it holds belongs to that day's month or one beside it (a Christmas post in
late November is on time, one in July is not).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache

_SUMMER, _AUTUMN, _WINTER, _SPRING = (6, 7, 8), (9, 10, 11), (12, 1, 2), (3, 4, 5)
_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
           "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}

# Per language: word starts (lower case) and the months they belong to. A start meets the
# inflections ("natalizio", "рождественский", "зимой"); a word ending in "=" is matched whole,
# because it also starts unrelated words ("marzo"/"Marzocchi", "май"/"майка", "лето"/
# "летопись"). English "may", "march" and "fall" are common words and are left out, as is
# Russian "лет" ("7 лет" is an age).
_WORDS: dict[str, dict[tuple[int, ...], tuple[str, ...]]] = {
    "it": {(1,): ("gennai", "epifan", "befana"), (2,): ("febbrai", "san valentin", "carneval"),
           (3,): ("marzo=",), (4,): ("aprile",), (5,): ("maggio",), (6,): ("giugno",),
           (7,): ("luglio",), (8,): ("agosto", "ferragost"), (9,): ("settembr",),
           (10,): ("ottobr", "halloween"), (11,): ("novembr", "black friday"),
           (12,): ("dicembr", "natal", "avvento", "panetton", "pandor", "capodann", "vigilia di natale"),
           (3, 4): ("pasqu", "colomba pasquale"), _SUMMER: ("estate=", "estiv", "granit", "solleone"),
           _AUTUMN: ("autunn",), _WINTER: ("inverno", "invernal"), _SPRING: ("primaver",)},
    "ru": {(1,): ("январ", "крещен"), (2,): ("феврал", "валентин", "масленц"),
           (3,): ("март=", "марта=", "марте=", "мартовск"), (4,): ("апрел",),
           (5,): ("май=", "мая=", "мае="), (6,): ("июн",), (7,): ("июл",), (8,): ("август",),
           (9,): ("сентябр",), (10,): ("октябр", "хэллоуин"), (11,): ("ноябр", "черная пятниц"),
           (12,): ("декабр", "рождеств", "новогод", "новый год", "нового года", "новым годом",
                   "елк", "дед мороз"),
           (3, 4): ("пасх",), _SUMMER: ("лето=", "летом=", "летн"), _AUTUMN: ("осен",),
           _WINTER: ("зим",), _SPRING: ("весн", "весен")},
    "en": {**{(m,): (name,) for name, m in _MONTHS.items() if name not in ("march", "may")},
           (2,): ("february", "valentine"), (10,): ("october", "halloween"),
           (11,): ("november", "thanksgiving", "black friday"),
           (12,): ("december", "christmas", "xmas", "advent=", "new year", "holiday season"),
           (3, 4): ("easter",), _SUMMER: ("summer",), _AUTUMN: ("autumn",), _WINTER: ("winter",),
           _SPRING: ("spring=", "springtime")},
}


@lru_cache(maxsize=8)
def _pattern(language: str | None) -> tuple[re.Pattern[str], tuple[tuple[str, tuple[int, ...]], ...]]:
    """One pattern for the language's words (every language's without one), and the words
    longest first with their months: "нового года" is found before "новогод" would be."""
    tables = [_WORDS[language]] if language in _WORDS else list(_WORDS.values())
    words = sorted({(w, months) for table in tables for months, ws in table.items() for w in ws},
                   key=lambda item: -len(item[0]))
    alternatives = [re.escape(w[:-1]) + r"\b" if w.endswith("=") else re.escape(w) + r"\w*" for w, _ in words]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    return pattern, tuple((w.rstrip("="), months) for w, months in words)


def season_marks(text: str, language: str | None = None) -> tuple[tuple[int, ...], ...]:
    """The months of each time-of-year word of ``text``, one tuple per word: what
    :func:`marks_in_season` judges, for a text matched against many days."""
    return tuple(_found(text, language))


def _found(text: str, language: str | None) -> list[tuple[int, ...]]:
    pattern, words = _pattern(language)
    found = []
    for match in pattern.finditer(text.replace("ё", "е").replace("Ё", "Е")):
        seen = match.group(0).lower()
        found.append(next(months for w, months in words if seen.startswith(w)))
    return found


def season_months(text: str, language: str | None = None) -> frozenset[int]:
    """The months the time-of-year words of ``text`` belong to (empty when it has none), by
    the words of ``language`` (ISO 639-1) or, without one, of every language known here."""
    return frozenset(m for months in _found(text, language) for m in months)


def _near(month: int, others: Iterable[int]) -> bool:
    return any(min((month - m) % 12, (m - month) % 12) <= 1 for m in others)


def in_season(text: str, day: dt.date | None, language: str | None = None) -> bool:
    """Whether ``text`` may be posted on ``day``: true when it names no time of year, or each
    time-of-year word it names is of ``day``'s month or one beside it. Each word is judged by
    itself: "a Christmas post in summer" is out of season although it says "summer" too.
    Without a day, everything is in season."""
    return day is None or marks_in_season(season_marks(text, language), day)


def marks_in_season(marks: Iterable[Iterable[int]], day: dt.date | None) -> bool:
    """:func:`in_season` for a text's :func:`season_marks`."""
    return day is None or all(_near(day.month, months) for months in marks)
