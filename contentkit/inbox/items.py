"""Comments and messages as records, read from the exports managers actually have.

A CSV saved by Excel or Google Sheets arrives with a BOM, semicolons or tabs, text that
spans lines inside quotes, serial-number dates, emoji and Cyrillic; a JSON export is a list
of objects or ``{"items": [...]}``. Each bad row becomes a ``RowProblem`` naming the row
and column and how to fix it, and every good row is kept. Only a file that cannot be read
at all (missing, not text, no text column) raises ``InboxError``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import regex

from ..errors import InboxError, PlatformError
from ..platforms import get_platform
from .dates import HOW_TO_FIX, column_dayfirst, parse_date

# Export columns under the names schedulers, platform downloads and hand-made sheets use.
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "comment_id", "message_id", "item_id", "comment id", "message id"),
    "platform": ("platform", "network", "social_network", "source", "channel", "платформа", "piattaforma"),
    "author": ("author", "user", "username", "user_name", "from", "from_name", "name", "sender",
               "автор", "пользователь", "autore", "utente"),
    "text": ("text", "message", "comment", "body", "content", "comment_text", "message_text",
             "текст", "сообщение", "комментарий", "testo", "messaggio", "commento"),
    "created_at": ("created_at", "created", "created_time", "date", "datetime", "timestamp", "time",
                   "published_at", "sent_at", "дата", "время", "data", "ora"),
    "post_id": ("post_id", "post", "media_id", "post_url", "permalink", "пост", "id_post"),
}
_COLUMN_OF = {alias: column for column, aliases in _ALIASES.items() for alias in aliases}
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_CYRILLIC_WORD = regex.compile(r"\p{Cyrillic}{2,}")
_LATIN = regex.compile(r"\p{Latin}")
_WORD = regex.compile(r"\p{L}+")
MAX_BYTES = 50 * 1024 * 1024  # a year of a busy brand's comments is a few MB
MAX_TEXT = 128 * 1024
"""Characters in one comment: the longest any platform allows is a few thousand; past this
a row is a paste gone wrong, skipped and named, and the rest of the file is read."""


@dataclass(frozen=True)
class InboxItem:
    """One comment or direct message."""

    id: str
    platform: str
    """Lower-case platform key as in contentkit.platforms, or "other"."""
    author: str
    text: str
    created_at: datetime | None
    """tz-aware (UTC when the file gives no zone)."""
    post_id: str | None
    row: int
    """1-based data row in the source (0 for pasted text)."""


@dataclass(frozen=True)
class RowProblem:
    """One bad row: where, what was found, and how to fix it."""

    row: int
    column: str
    value: str
    message: str
    file: str = ""
    """Name of the file the row is in ("" for pasted text)."""

    def __str__(self) -> str:
        where = f"{self.file} row {self.row}" if self.file else f"row {self.row}"
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{where}, column {self.column}: '{shown}' {self.message}"


@dataclass
class InboxFile:
    """What a file gave: the items, and the rows that could not be used as they are."""

    path: Path | None
    items: list[InboxItem]
    problems: list[RowProblem] = field(default_factory=list)


def load_inbox(path: str | Path) -> InboxFile:
    """Read a CSV or JSON export of comments and messages; see the module docstring."""
    if not isinstance(path, (str, Path)):
        raise InboxError(f"expected the path of a CSV or JSON file, got {type(path).__name__} {path!r}",
                         field="path", hint="e.g. load_inbox('comments.csv'); for pasted text use parse_pasted")
    path = Path(path).expanduser()
    source = str(path)
    if not path.is_file():
        raise InboxError("file not found", file=source, hint="check the path")
    if path.stat().st_size > MAX_BYTES:
        raise InboxError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB", file=source,
                         hint="split the export by month")
    text = _decode(path.read_bytes(), source)
    if not text.strip():
        raise InboxError("file is empty", file=source, hint="export the comments again, with a header row")
    looks_json = path.suffix.lower() == ".json" or text.lstrip()[:1] in ("[", "{")
    records = _json_records(text, source) if looks_json else _csv_records(text, source)
    return _build(path, records)


def parse_pasted(text: str, *, platform: str = "other") -> list[InboxItem]:
    """Items from text pasted in the page: one per non-empty line, or one per paragraph
    when blank lines separate paragraphs and any of them spans several lines (text with no
    blank line at all is one comment a line)."""
    paragraphs = [p.strip() for p in regex.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if p.strip()]
    if len(paragraphs) > 1 and any("\n" in p for p in paragraphs):
        pieces = paragraphs
    else:
        pieces = [line.strip() for line in (text or "").splitlines() if line.strip()]
    key = _platform(platform)
    return [InboxItem(id=f"pasted-{i}", platform=key, author="", text=piece, created_at=None,
                      post_id=None, row=0) for i, piece in enumerate(pieces, 1)]


def _decode(data: bytes, source: str) -> str:
    """UTF-8 or UTF-16 as saved; else the code page Excel uses for plain "CSV" in Russia
    (cp1251) or western Europe (cp1252), told apart by which one reads as letters."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise InboxError("file is not text", file=source,
                         hint="save it as 'CSV UTF-8' in Excel or Google Sheets, or export JSON")
    # Read as cp1251, Russian gives whole Cyrillic words; Italian gives Latin words with a
    # Cyrillic letter where the accent was ("Perchй").
    russian = data.decode("cp1251", errors="replace")
    words = _WORD.findall(russian)
    cyrillic = sum(bool(_CYRILLIC_WORD.fullmatch(w)) for w in words)
    mixed = sum(bool(_CYRILLIC.search(w)) and bool(_LATIN.search(w)) for w in words)
    if cyrillic > mixed:
        return russian
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InboxError("file is not UTF-8 text", file=source,
                         hint="save it as 'CSV UTF-8' in Excel or Google Sheets, or export JSON") from None


# One record: its 1-based row, and the cells under canonical column names (or the raw
# value of a JSON entry that is no object, reported as a problem later).
_Record = tuple[int, Mapping[str, object] | object]


def _csv_records(text: str, source: str) -> list[_Record]:
    header_line = text.splitlines()[0]
    delimiter = max([",", ";", "\t", "|"], key=lambda sep: _header_score(header_line, sep))
    limit = csv.field_size_limit()
    try:
        # The csv module's own cap (128 KB) would reject the whole file for one long cell;
        # such a row is skipped and named below instead (MAX_TEXT).
        csv.field_size_limit(max(limit, MAX_BYTES))
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InboxError(f"not a readable CSV ({exc})", file=source,
                         hint="export it again as CSV UTF-8, or as JSON") from None
    finally:
        csv.field_size_limit(limit)
    header: list[str | None] = []
    for cell in rows[0]:  # the first of two columns that mean the same ("name", "author") wins
        name = _canonical(cell)
        header.append(None if name in header else name)
    _require_text(header, rows[0], source)
    records: list[_Record] = []
    for number, cells in enumerate(rows[1:], 1):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines Excel leaves at the end
        cells = list(cells)
        while len(cells) > len(header) and not cells[-1].strip():
            cells.pop()  # the trailing separators Excel adds
        if len(cells) > len(header):
            records.append((number, _Ragged(len(cells), len(header), delimiter, cells, _mend(header, cells,
                                                                                         delimiter))))
            continue
        records.append((number, {name: cell for name, cell in zip(header, cells) if name}))
    return records


def _mend(header: list[str | None], cells: list[str], delimiter: str) -> dict[str, str] | None:
    """The row read as if its extra separators were in the unquoted text (the one column that
    holds free prose), or None when that reading gives no valid date either."""
    spare = len(cells) - len(header)
    at = header.index("text")
    cells = [*cells[:at], delimiter.join(cells[at:at + spare + 1]), *cells[at + spare + 1:]]
    record = {name: cell for name, cell in zip(header, cells) if name}
    try:
        parse_date(record.get("created_at"))
    except ValueError:
        return None
    return record


def _header_score(header: str, sep: str) -> tuple[int, int]:
    cells = header.split(sep)
    return sum(_canonical(c) is not None for c in cells), len(cells)


def _canonical(name: object) -> str | None:
    key = str(name).strip().strip('"').lstrip("\ufeff").strip().lower()
    return _COLUMN_OF.get(key) or _COLUMN_OF.get(key.replace(" ", "_"))


def _require_text(columns: Iterable[str | None], found: Iterable[object], source: str) -> None:
    if "text" not in columns:
        shown = ", ".join(str(c).strip() for c in found if str(c).strip()) or "none"
        raise InboxError("no text column", file=source, field="text",
                         hint=f"columns found: {shown}; name the comment column 'text' (or message, comment)")


@dataclass(frozen=True)
class _Ragged:
    cells: int
    expected: int
    delimiter: str
    raw: list[str]
    mended: dict[str, str] | None


def _json_records(text: str, source: str) -> list[_Record]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InboxError(f"not valid JSON (line {exc.lineno}: {exc.msg})", file=source,
                         hint="a list of objects, or {\"items\": [...]}") from None
    if isinstance(data, dict):
        entries = next((data[k] for k in ("items", "data", "comments", "messages") if isinstance(data.get(k), list)),
                       None)
    else:
        entries = data if isinstance(data, list) else None
    if entries is None:
        raise InboxError("JSON is neither a list of objects nor {\"items\": [...]}", file=source,
                         hint="put the comments in a list under \"items\"")
    objects = [e for e in entries if isinstance(e, dict)]
    names = {key for e in objects for key in e}
    if objects and "text" not in {_canonical(n) for n in names}:
        _require_text([], sorted(names), source)
    records: list[_Record] = []
    for number, entry in enumerate(entries, 1):
        if isinstance(entry, dict):
            records.append((number, {col: value for key, value in entry.items()
                                     if (col := _canonical(key)) is not None}))
        else:
            records.append((number, entry))
    return records


def _build(path: Path, records: list[_Record]) -> InboxFile:
    name = path.name
    dates = [r.get("created_at", "") for _, r in records if isinstance(r, Mapping)]
    dayfirst = column_dayfirst(str(d) for d in dates if isinstance(d, str))
    items: list[InboxItem] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for number, record in records:
        if isinstance(record, _Ragged):
            ragged = record
            quote = f"put the text in double quotes when it contains '{ragged.delimiter}'"
            if ragged.mended is None:
                problems.append(RowProblem(number, "text", ragged.delimiter.join(ragged.raw),
                                           f"has {ragged.cells} cells but the header has {ragged.expected}; {quote}",
                                           name))
                continue
            record = ragged.mended
            problems.append(RowProblem(number, "text", str(record.get("text", "")),
                                       f"has {ragged.cells - ragged.expected} unquoted '{ragged.delimiter}': read "
                                       f"as part of the text, check it ({quote})", name))
        if not isinstance(record, Mapping):
            problems.append(RowProblem(number, "text", json.dumps(record, ensure_ascii=False)[:60],
                                       "is not an object; each entry should be like {\"id\": ..., \"text\": ...}",
                                       name))
            continue
        item = _item(number, record, dayfirst, name, problems)
        if item is None:
            continue
        if item.id in seen:
            problems.append(RowProblem(number, "id", item.id, f"repeats row {seen[item.id]}; "
                                       f"kept as '{item.id}-{number}', give every comment its own id", name))
            item = replace(item, id=f"{item.id}-{number}")
        seen[item.id] = number
        items.append(item)
    return InboxFile(path=path, items=items, problems=problems)


def _item(number: int, record: Mapping[str, object], dayfirst: bool, name: str,
          problems: list[RowProblem]) -> InboxItem | None:
    text = _string(record.get("text"))
    if not text:
        problems.append(RowProblem(number, "text", "", "is empty; the row was skipped", name))
        return None
    if len(text) > MAX_TEXT:
        problems.append(RowProblem(number, "text", text[:40], f"is {len(text):,} characters long, more than the "
                                   f"{MAX_TEXT:,} a comment can be; the row was skipped", name))
        return None
    created = None
    raw_date = record.get("created_at")
    try:
        created = parse_date(raw_date, dayfirst=dayfirst)
    except ValueError:
        problems.append(RowProblem(number, "created_at", _string(raw_date),
                                   f"is not a date; {HOW_TO_FIX} (the comment is kept without a date)", name))
    author = record.get("author")
    if isinstance(author, Mapping):  # Graph API style: "from": {"name": ..., "id": ...}
        author = author.get("name") or author.get("username") or ""
    return InboxItem(
        id=_string(record.get("id")) or f"row-{number}",
        platform=_platform(_string(record.get("platform"))),
        author=_string(author),
        text=text,
        created_at=created,
        post_id=_string(record.get("post_id")) or None,
        row=number,
    )


def _string(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _platform(value: str) -> str:
    if not value.strip():
        return "other"
    try:
        return get_platform(value).id
    except PlatformError:
        return "other"

