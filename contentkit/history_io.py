"""Reading a post-history CSV the way real exports arrive, with errors that name the place.

Exports from schedulers and Excel come with a BOM, semicolons, UTF-16, counts written
"1,2k" or "236k", and dates in day-first order. This module turns such a file into one
clean DataFrame of the canonical columns, or raises HistoryError naming file, row and
column.
"""

from __future__ import annotations

import codecs
import gzip
import io
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import regex

from .errors import HistoryError

REQUIRED = ("account", "published_at", "text", "likes")
OPTIONAL = ("comments", "shares", "saves", "reach", "followers", "hashtags", "platform", "url")
COUNTS = ("likes", "comments", "shares", "saves", "reach", "followers")

# Beyond this the whole table no longer fits comfortably beside other work on a laptop;
# a real brand's history is a few MB. Callers with a bigger machine pass max_bytes.
MAX_BYTES = 300 * 1024 * 1024

_SUFFIX = {"k": 1e3, "тыс": 1e3, "mila": 1e3, "m": 1e6, "mln": 1e6, "млн": 1e6, "b": 1e9, "млрд": 1e9}
_COUNT_RE = regex.compile(r"^([0-9][0-9\s\u00a0\u202f.,']*)\s*([^\W\d_]*)\.?$")


class _Budget(io.RawIOBase):
    """A byte stream that refuses to go past ``limit`` bytes, so a huge .gz fails early."""

    def __init__(self, raw, limit: int, source: str) -> None:
        self._raw, self._limit, self._source, self._read = raw, limit, source, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise _TooBig()
        buffer[: len(data)] = data
        return len(data)


class _TooBig(Exception):
    pass


def too_big(source: str, limit: int) -> HistoryError:
    return HistoryError(
        f"file is larger than {limit // (1024 * 1024)} MB of text; refusing to load it whole",
        file=source,
        hint="split it by account or date, or pass max_bytes= to load_history if this machine has the memory",
    )


def _open_bytes(path: Path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def _encoding(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _delimiter(header: str) -> str:
    """The delimiter that splits the header into the most columns we know."""
    known = set(REQUIRED) | set(OPTIONAL)

    def score(sep: str) -> tuple[int, int]:
        cells = [c.strip().strip('"').strip().lower() for c in header.split(sep)]
        return sum(c in known for c in cells), len(cells)

    return max([",", ";", "\t", "|"], key=score)


def read_csv(path: str | Path, max_bytes: int = MAX_BYTES) -> pd.DataFrame:
    """Read a history CSV (plain or gzip) into strings, untouched beyond decoding."""
    if not isinstance(path, (str, os.PathLike)):
        raise HistoryError(f"expected a CSV path, a DataFrame or a PostHistory, got {path!r}", field="source")
    path = Path(path).expanduser()
    source = str(path)
    if not path.is_file():
        raise HistoryError("file not found", file=source, hint="check the path")
    if path.stat().st_size > max_bytes:
        raise too_big(source, max_bytes)
    try:
        with _open_bytes(path) as raw:
            stream = io.BufferedReader(_Budget(raw, max_bytes, source))
            head = stream.peek(4096)[:4096]
            encoding = _encoding(head)
            text = io.TextIOWrapper(stream, encoding=encoding, newline="")
            header = text.readline()
            if not header.strip():
                raise HistoryError("file is empty (no header row)", file=source,
                                   hint=f"the first line should name the columns: {', '.join(REQUIRED)}")
            sep = _delimiter(header)
            frame = pd.read_csv(io.StringIO(header + text.read()), sep=sep, dtype=str,
                                keep_default_na=False, skipinitialspace=True)
    except _TooBig:
        raise too_big(source, max_bytes) from None
    except UnicodeDecodeError:
        raise HistoryError("file is not UTF-8 text", file=source,
                           hint="save it as 'CSV UTF-8' in Excel or Google Sheets") from None
    except (gzip.BadGzipFile, EOFError, OSError) as exc:
        raise HistoryError(f"cannot read the file ({exc})", file=source) from None
    except pd.errors.ParserError as exc:
        raise HistoryError(f"not a valid CSV ({exc})", file=source) from None
    except pd.errors.EmptyDataError:
        raise HistoryError("file is empty", file=source) from None
    return frame


def normalise_columns(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Lower-case, trimmed column names; the required ones must be there."""
    frame = frame.rename(columns=lambda c: str(c).strip().lstrip("\ufeff").strip().lower())
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        found = ", ".join(map(str, frame.columns)) or "none"
        raise HistoryError(f"missing required column(s): {', '.join(missing)}", file=source,
                           field=missing[0], hint=f"columns found: {found}")
    if frame.empty:
        raise HistoryError("file has a header but no posts", file=source)
    keep = [c for c in (*REQUIRED, *OPTIONAL) if c in frame.columns]
    return frame[keep].copy()


def parse_count(value: object) -> float:
    """'1,2k' -> 1200, '236k' -> 236000, '1 234' -> 1234, '' -> NaN; ValueError if not a count."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().lower()
    if text in {"", "nan", "na", "n/a", "-", "—", "none", "null"}:
        return math.nan
    match = _COUNT_RE.match(text)
    if not match or (match.group(2) and match.group(2) not in _SUFFIX):
        raise ValueError(text)
    number, suffix = regex.sub(r"[\s\u00a0\u202f']", "", match.group(1)), match.group(2)
    return _number(number, bool(suffix)) * _SUFFIX.get(suffix, 1.0)


def _number(text: str, has_suffix: bool) -> float:
    """Digits with ',' or '.' as decimal or thousands mark, read the way a count means it."""
    marks = regex.findall(r"[.,]", text)
    if not marks:
        return float(text)
    if len(set(marks)) == 2:  # '1.234,5' or '1,234.5': the last mark is the decimal one
        decimal = marks[-1]
        thousands = "," if decimal == "." else "."
        return float(text.replace(thousands, "").replace(decimal, "."))
    mark = marks[0]
    groups = text.split(mark)
    # Counts are whole numbers, so '1,234' and '1.234' are thousands unless a k/m follows.
    if not has_suffix and all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3:
        return float("".join(groups))
    if len(marks) > 1:
        raise ValueError(text)
    return float(text.replace(mark, "."))


def parse_counts(frame: pd.DataFrame, source: str) -> None:
    """Turn every count column into floats in place; name the first bad row and column."""
    for column in COUNTS:
        if column not in frame.columns:
            continue
        text = frame[column].astype("string").str.strip()
        # Most cells are plain digits and are read in one go; only the rest ('1,2k',
        # '1 234', '') go through the careful reader, which costs ~50 us a cell.
        plain = text.str.fullmatch(r"\d{1,15}").fillna(False).to_numpy(dtype=bool)
        values = np.full(len(text), np.nan)
        values[plain] = text[plain].astype("float64").to_numpy()
        cells = frame[column].to_numpy(dtype=object)
        for position in np.flatnonzero(~plain):
            cell, row = cells[position], int(position) + 1
            try:
                number = parse_count(cell)
            except ValueError:
                raise HistoryError(f"row {row}: '{cell}' is not a number", file=source, field=column,
                                   hint="use plain counts such as 1200, 1,2k or 236k") from None
            if number < 0:
                raise HistoryError(f"row {row}: count {cell} is negative", file=source, field=column)
            values[position] = number
        frame[column] = pd.Series(values, index=frame.index, dtype="float64")


_OFFSET_RE = r"(?:Z|[+-]\d\d:?\d\d|\s*(?:UTC|GMT))$"


_NUMERIC_DATE_RE = r"^(\d{1,2})([./-])(\d{1,2})[./-]\d{2,4}\b"
_DAY_FIRST = {"day-first", "dayfirst", "dmy", "dd/mm/yyyy", "dd.mm.yyyy", "dd-mm-yyyy"}
_MONTH_FIRST = {"month-first", "monthfirst", "mdy", "mm/dd/yyyy", "mm.dd.yyyy", "mm-dd-yyyy"}
DATE_FORMAT_HELP = "DD/MM/YYYY or MM/DD/YYYY (or a strftime pattern such as %m/%d/%Y %H:%M)"


def drop_duplicates(frame: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """Drop rows that repeat an earlier row exactly; a note says how many, or None.

    An export run twice and pasted together counts every post twice, doubling its weight
    in ER and hashtag statistics; identical rows cannot be two real posts.
    """
    repeated = frame.astype(str).duplicated(keep="first").to_numpy()
    if not repeated.any():
        return frame, None
    rows = [int(i) + 1 for i in np.flatnonzero(repeated)]
    shown = ", ".join(map(str, rows[:5])) + (" ..." if len(rows) > 5 else "")
    note = f"{len(rows)} exact duplicate row(s) dropped (row {shown})"
    return frame[~repeated].reset_index(drop=True), note


def _numeric_order(local: pd.Series, source: str, date_format: str | None) -> tuple[bool | None, str | None]:
    """Whether numeric dates like 03/04/2024 are day-first, settled by the whole column.

    A first number over 12 anywhere means day-first, a second one over 12 month-first;
    a format the user names wins. Returns (dayfirst or None when no such dates, note).
    """
    if date_format is not None:
        key = date_format.strip().lower()
        if key in _DAY_FIRST:
            return True, None
        if key in _MONTH_FIRST:
            return False, None
        raise HistoryError(f"unknown date format '{date_format}'", field="published_at",
                           hint=f"use {DATE_FORMAT_HELP}")
    parts = local.str.extract(_NUMERIC_DATE_RE)
    parts = parts[parts[0].notna()]
    if parts.empty:
        return None, None
    first, second = parts[0].astype(int), parts[2].astype(int)
    day_first, month_first = first > 12, second > 12
    if day_first.any() and month_first.any():
        a, b = int(day_first.to_numpy().argmax()), int(month_first.to_numpy().argmax())
        raise HistoryError(
            f"dates mix day-first (row {parts.index[a] + 1}: '{local.iloc[parts.index[a]]}') and month-first "
            f"(row {parts.index[b] + 1}: '{local.iloc[parts.index[b]]}') order", file=source,
            field="published_at", hint="write every date the same way, ISO (2024-03-01 18:30) is safest")
    if day_first.any() or month_first.any():
        hits = day_first if day_first.any() else month_first
        row = int(parts.index[int(hits.to_numpy().argmax())])
        order = "day-first (DD/MM/YYYY)" if day_first.any() else "month-first (MM/DD/YYYY)"
        return bool(day_first.any()), f"dates read {order}, as row {row + 1} ('{local.iloc[row]}') shows"
    # Dotted dates are day-first wherever they are written (US exports use slashes).
    if (parts[1] == ".").all():
        return True, None
    raise HistoryError(
        f"cannot tell whether dates such as '{local.iloc[parts.index[0]]}' are day-first or month-first: "
        "no day in the file is over 12", file=source, field="published_at",
        hint=f"pass --date-format (date_format= in Python): {DATE_FORMAT_HELP}")


def parse_dates(frame: pd.DataFrame, source: str, date_format: str | None = None) -> str | None:
    """ISO dates first; then numeric dates in the order the whole column settles
    (``_numeric_order``), or as ``date_format`` says. Returns a note on the order assumed.

    The clock time is kept as written and any UTC offset dropped: a manager plans in the
    brand's local time, and "18:00+01:00" means six in the evening to them.
    """
    # Positions, not the caller's index labels: errors name rows by position.
    raw = pd.Series([("" if pd.isna(v) else str(v)) for v in frame["published_at"]], dtype=object).str.strip()
    local = raw.str.replace(_OFFSET_RE, "", regex=True).str.strip()
    note = None
    if date_format is not None and "%" in date_format:
        iso = pd.to_datetime(local, errors="coerce", format=date_format)
    else:
        iso = pd.to_datetime(local, errors="coerce", format="ISO8601")
        rest = iso.isna()
        if rest.any():
            dayfirst, note = _numeric_order(local[rest], source, date_format)
            other = pd.to_datetime(local[rest], errors="coerce", format="mixed", dayfirst=dayfirst is not False)
            iso = iso.where(~rest, other)
    bad = iso.isna()
    if bad.any():
        row = int(bad.to_numpy().argmax()) + 1
        hint = (f"it does not match --date-format {date_format}" if date_format and "%" in date_format
                else "use ISO dates like 2024-03-01 18:30")
        raise HistoryError(f"row {row}: cannot read date '{raw.iloc[row - 1]}'", file=source,
                           field="published_at", hint=hint)
    frame["published_at"] = iso.astype("datetime64[ns]").to_numpy()
    return note
