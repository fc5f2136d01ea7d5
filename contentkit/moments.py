"""Clock times and calendar dates a text names, in a form two texts can be compared by.

A small model asked for an event post gives it a day and an hour ("Sabato 13 dicembre alle
17:00", "February 15th at 3 PM ET", "в 19:00"): the brand never planned them, and a reader
who comes at that hour finds nothing. ``moments`` reads "18.30", "alle 18", "3 PM" and
"7:00–19:00" as clock times and "13 dicembre", "February 15th", "15 декабря" as dates, so that
a post's are checked against the ones the profile states.
"""

from __future__ import annotations

from functools import lru_cache

import regex

_MONTH_NAMES = {
    1: ("january", "jan", "gennaio", "января", "январь"),
    2: ("february", "feb", "febbraio", "февраля", "февраль"),
    3: ("march", "mar", "marzo", "марта", "март"),
    4: ("april", "apr", "aprile", "апреля", "апрель"),
    5: ("may", "maggio", "мая", "май"),
    6: ("june", "jun", "giugno", "июня", "июнь"),
    7: ("july", "jul", "luglio", "июля", "июль"),
    8: ("august", "aug", "agosto", "августа", "август"),
    9: ("september", "sep", "sept", "settembre", "сентября", "сентябрь"),
    10: ("october", "oct", "ottobre", "октября", "октябрь"),
    11: ("november", "nov", "novembre", "ноября", "ноябрь"),
    12: ("december", "dec", "dicembre", "декабря", "декабрь"),
}
_MONTH = {name: month for month, names in _MONTH_NAMES.items() for name in names}
_ORDINAL = r"(?:st|nd|rd|th|°|º)?"

# "18:30" always; "18.30" only after a word that announces an hour, since "1.50" is a price.
_HH_MM = r"(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d)|(?<=(?:alle|dalle|ore|at|from|to|в|с|до)\s+\d{1,2})\.(?P<m2>[0-5]\d))"
_TIME = regex.compile(
    r"(?<![\p{L}\p{N}.,:/])(?:"
    + _HH_MM
    + r"|(?P<h12>1[0-2]|0?[1-9])(?::(?P<m12>[0-5]\d))?\s?(?P<ap>[ap])\.?\s?m\b\.?"
    # "alle 18", "dalle 7 alle 11", "ore 9": an Italian hour without minutes.
    + r"|(?<=(?:alle|dalle|ore)\s+)(?P<hi>[01]?\d|2[0-3])(?![\p{N}.,:/%])"
    # "alle 3 ricette" counts things: a word of three letters or more after the number,
    # other than those that go with an hour, makes it no hour.
    + r"(?!\s+(?!(?:del|della|di|circa|precise|in\s+punto|alle|fino)\b)\p{L}{3,})"
    + r")(?![\p{N}%]|\s?(?:€|₽|\$|руб|euro|eur))",
    regex.IGNORECASE)


@lru_cache(maxsize=1)
def _date_pattern() -> regex.Pattern[str]:
    months = "|".join(sorted(map(regex.escape, _MONTH), key=len, reverse=True))
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}])(?:(?P<d>[0-3]?\d){_ORDINAL}(?:\s+of)?\s+(?P<mon>{months})\.?"
        rf"|(?P<mon2>{months})\.?\s+(?P<d2>[0-3]?\d){_ORDINAL}(?![\p{{N}}:])"
        # "Post del 2023-01-15": an ISO date, as an export or a log writes one.
        rf"|(?<!\d)\d{{4}}-(?P<mon3>[01]\d)-(?P<d3>[0-3]\d)(?!\d))(?![\p{{L}}])",
        regex.IGNORECASE)


def clock_times(text: str) -> set[str]:
    """The clock times ``text`` names, as "HH:MM" ("alle 18" -> "18:00", "3 PM" -> "15:00")."""
    found = set()
    for m in _TIME.finditer(text):
        if m.group("h12"):
            hour = int(m.group("h12")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
            minute = m.group("m12") or "00"
        else:
            hour = int(m.group("h") or m.group("hi"))
            minute = m.group("m") or m.group("m2") or "00"
        found.add(f"{hour:02d}:{minute}")
    return found


def dates(text: str) -> set[tuple[int, int]]:
    """The calendar dates ``text`` names, as (month, day): "13 dicembre" -> (12, 13)."""
    found = set()
    for m in _date_pattern().finditer(text):
        day = int(m.group("d") or m.group("d2") or m.group("d3"))
        month = int(m.group("mon3")) if m.group("mon3") else _MONTH[(m.group("mon") or m.group("mon2")).lower()]
        if 1 <= day <= 31 and 1 <= month <= 12:
            found.add((month, day))
    return found


def moments(text: str) -> set[str | tuple[int, int]]:
    """Every clock time and date ``text`` names."""
    return {*clock_times(text), *dates(text)}
