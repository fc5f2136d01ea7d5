"""The date spellings comment exports use, read into tz-aware datetimes.

Platform APIs give ISO 8601 or Unix seconds; a sheet saved from Excel gives serial day
numbers (46357.59) or the local spelling ("31.12.2026 14:05", "12/31/2026 2:05 PM").
A time without a zone is taken as UTC, as the platforms' own exports write it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

import regex

HOW_TO_FIX = "use YYYY-MM-DD HH:MM or an Excel date"

_EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=timezone.utc)  # Excel's day 0 (after its 1900 leap bug)
_EXCEL_RANGE = (25569, 73051)  # 1970-01-01 .. 2100-01-01: a count outside is not a comment's date
_NUMBER = regex.compile(r"^\d+(?:[.,]\d+)?$")
_NUMERIC = regex.compile(
    r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})"
    r"(?:[\sT,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp][Mm])?)?$"
)
_ZONE_WORD = regex.compile(r"\s*(?:UTC|GMT)$")
_WORDED = ("%b %d, %Y %I:%M %p", "%B %d, %Y %I:%M %p", "%b %d, %Y %H:%M", "%B %d, %Y",
           "%b %d, %Y", "%d %b %Y %H:%M", "%d %B %Y %H:%M", "%d %b %Y", "%d %B %Y")


def column_dayfirst(values: Iterable[str]) -> bool:
    """Whether '03/04/2026' means the 3rd of April in this column: a day over 12 in
    first place anywhere says so, one in second place says month-first; day-first otherwise
    (the European order of most Italian and Russian sheets)."""
    month_first = False
    for value in values:
        match = _NUMERIC.match(str(value).strip())
        if match and match.group(2) != ".":
            if int(match.group(1)) > 12:
                return True
            month_first = month_first or int(match.group(3)) > 12
    return not month_first


def parse_date(value: object, *, dayfirst: bool = True) -> datetime | None:
    """``value`` as a tz-aware datetime, None when empty; ValueError when it is no date."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(float(value), str(value))
    text = str(value).strip()
    if not text:
        return None
    if _NUMBER.match(text):
        return _from_number(float(text.replace(",", ".")), text)
    parsed = _iso(text) or _numeric(text, dayfirst) or _worded(text)
    if parsed is None:
        raise ValueError(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _from_number(number: float, text: str) -> datetime:
    if _EXCEL_RANGE[0] <= number <= _EXCEL_RANGE[1]:
        return _EXCEL_EPOCH + timedelta(days=number)
    if 1e9 <= number < 1e10:  # Unix seconds (2001..2286)
        return datetime.fromtimestamp(number, tz=timezone.utc)
    if 1e12 <= number < 1e13:  # Unix milliseconds
        return datetime.fromtimestamp(number / 1000, tz=timezone.utc)
    raise ValueError(text)


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(_ZONE_WORD.sub("+00:00", text))
    except ValueError:
        return None


def _numeric(text: str, dayfirst: bool) -> datetime | None:
    match = _NUMERIC.match(text)
    if not match:
        return None
    a, sep, b, year, hour, minute, second, half = match.groups()
    a, b = int(a), int(b)
    if sep == "." or a > 12:
        day, month = a, b
    elif b > 12:
        day, month = b, a
    else:
        day, month = (a, b) if dayfirst else (b, a)
    hours = int(hour or 0)
    if half:
        if not 1 <= hours <= 12:
            raise ValueError(text)
        hours = hours % 12 + (12 if half.lower() == "pm" else 0)
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return datetime(full_year, month, day, hours, int(minute or 0), int(second or 0))
    except ValueError:
        raise ValueError(text) from None


def _worded(text: str) -> datetime | None:
    for pattern in _WORDED:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None
