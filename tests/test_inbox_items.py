"""Comment exports load the way managers have them, and bad rows are named, not fatal."""

from __future__ import annotations

import codecs
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from contentkit.errors import InboxError
from contentkit.inbox import InboxItem, load_inbox, parse_pasted

UTC = timezone.utc


def write(tmp_path: Path, text: str, name: str = "inbox.csv", *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_bom_and_commas(tmp_path: Path) -> None:
    path = tmp_path / "inbox.csv"
    path.write_bytes(codecs.BOM_UTF8 + "id,platform,author,text,created_at,post_id\n"
                     "c1,instagram,anna,Love it,2026-12-01 10:00,p1\n".encode())
    inbox = load_inbox(path)
    assert inbox.problems == []
    assert inbox.items == [InboxItem("c1", "instagram", "anna", "Love it",
                                     datetime(2026, 12, 1, 10, 0, tzinfo=UTC), "p1", 1)]
    assert inbox.path == path


def test_semicolons_as_excel_saves_them_in_italy_and_russia(tmp_path: Path) -> None:
    path = write(tmp_path, "id;author;text;created_at\n1;Giulia;Buongiorno, avete tavoli?;01.12.2026 09:30\n")
    [item] = load_inbox(path).items
    assert (item.author, item.text) == ("Giulia", "Buongiorno, avete tavoli?")
    assert item.created_at == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_tabs(tmp_path: Path) -> None:
    path = write(tmp_path, "id\ttext\tplatform\n7\tCiao, a che ora aprite?\tVK\n", name="inbox.tsv")
    [item] = load_inbox(path).items
    assert (item.id, item.text, item.platform) == ("7", "Ciao, a che ora aprite?", "vk")


def test_excel_serial_and_day_first_dates(tmp_path: Path) -> None:
    path = write(tmp_path, "id,text,created_at\n1,a,46357.5\n2,b,31.12.2026 14:05\n3,c,\"46357,25\"\n")
    dates = [item.created_at for item in load_inbox(path).items]
    assert dates == [datetime(2026, 12, 1, 12, 0, tzinfo=UTC), datetime(2026, 12, 31, 14, 5, tzinfo=UTC),
                     datetime(2026, 12, 1, 6, 0, tzinfo=UTC)]


def test_a_zone_in_the_file_is_kept_and_none_means_utc(tmp_path: Path) -> None:
    path = write(tmp_path, "id,text,created_at\n1,a,2026-12-01T10:00:00+03:00\n2,b,2026-12-01T10:00:00\n"
                           "3,c,1764583200\n")
    first, second, third = (item.created_at for item in load_inbox(path).items)
    assert first.utcoffset() == timedelta(hours=3) and first.hour == 10
    assert second.tzinfo == UTC
    assert third == datetime(2025, 12, 1, 10, 0, tzinfo=UTC)  # Unix seconds from a platform API


def test_one_date_over_twelve_settles_a_month_first_column(tmp_path: Path) -> None:
    path = write(tmp_path, "text,created_at\na,12/31/2026 2:05 PM\nb,01/02/2026 9:00 AM\n")
    first, second = (item.created_at for item in load_inbox(path).items)
    assert first == datetime(2026, 12, 31, 14, 5, tzinfo=UTC)
    assert second == datetime(2026, 1, 2, 9, 0, tzinfo=UTC)


def test_quoted_text_over_several_lines_is_one_comment(tmp_path: Path) -> None:
    path = write(tmp_path, 'id,text\n1,"First line\nsecond line, with a comma"\n2,next\n')
    items = load_inbox(path).items
    assert [i.text for i in items] == ["First line\nsecond line, with a comma", "next"]
    assert [i.row for i in items] == [1, 2]  # rows count comments, not physical lines


def test_emoji_and_cyrillic_survive_utf8_and_utf16(tmp_path: Path) -> None:
    text = "id,author,text\n1,Иван,Спасибо за кофе ☕😍\n"
    for name, encoding in (("utf8.csv", "utf-8-sig"), ("utf16.csv", "utf-16")):
        [item] = load_inbox(write(tmp_path, text, name, encoding=encoding)).items
        assert (item.author, item.text) == ("Иван", "Спасибо за кофе ☕😍")


def test_plain_csv_from_excel_in_russian_or_italian_code_pages(tmp_path: Path) -> None:
    russian = write(tmp_path, "текст;автор\nКогда открываетесь?;Иван\n", "ru.csv", encoding="cp1251")
    italian = write(tmp_path, "testo;autore\nPerché è chiuso?;Niccolò\n", "it.csv", encoding="cp1252")
    assert [(i.text, i.author) for i in load_inbox(russian).items] == [("Когда открываетесь?", "Иван")]
    assert [(i.text, i.author) for i in load_inbox(italian).items] == [("Perché è chiuso?", "Niccolò")]


def test_of_two_columns_that_mean_the_same_the_first_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "date,text,time,comment\n2026-12-01 10:00,Hello,10:00,ignored\n")
    [item] = load_inbox(path).items
    assert (item.text, item.created_at) == ("Hello", datetime(2026, 12, 1, 10, 0, tzinfo=UTC))


def test_only_a_text_column_is_needed(tmp_path: Path) -> None:
    path = write(tmp_path, "message\nHow much is it?\nNice!\n")
    items = load_inbox(path).items
    assert [(i.id, i.platform, i.author, i.created_at, i.post_id, i.row) for i in items] == [
        ("row-1", "other", "", None, None, 1), ("row-2", "other", "", None, None, 2)]


def test_a_bad_row_is_named_and_the_good_ones_load(tmp_path: Path) -> None:
    path = write(tmp_path, "id,text,created_at\n1,good,2026-12-01\n2,bad date,31/31/2026\n3,,2026-12-01\n"
                           "4,too,many,cells\n5,also good,2026-12-02\n")
    inbox = load_inbox(path)
    assert [i.id for i in inbox.items] == ["1", "2", "5"]
    assert inbox.items[1].created_at is None  # the comment is kept, its date is not guessed
    date, empty, ragged = inbox.problems
    assert str(date).startswith("inbox.csv row 2, column created_at: '31/31/2026' is not a date; "
                                "use YYYY-MM-DD HH:MM or an Excel date")
    assert (empty.row, empty.column) == (3, "text")
    assert (ragged.row, ragged.column) == (4, "text") and "double quotes" in ragged.message


def test_an_unquoted_separator_in_the_text_is_read_as_text_and_flagged(tmp_path: Path) -> None:
    path = write(tmp_path, "id;text;created_at;post_id\n1;Buono; ma caro;01.12.2026 10:00;p1\n2;ok;;p2;\n")
    inbox = load_inbox(path)
    assert [(i.id, i.text, i.post_id) for i in inbox.items] == [("1", "Buono; ma caro", "p1"), ("2", "ok", "p2")]
    assert inbox.items[0].created_at == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    [problem] = inbox.problems
    assert str(problem).startswith("inbox.csv row 1, column text: 'Buono; ma caro' has 1 unquoted ';'")


def test_repeated_ids_are_reported_and_made_unique(tmp_path: Path) -> None:
    inbox = load_inbox(write(tmp_path, "id,text\n9,first\n9,second\n"))
    assert [i.id for i in inbox.items] == ["9", "9-2"]
    assert (inbox.problems[0].row, inbox.problems[0].column) == (2, "id")


def test_platform_names_as_exports_spell_them(tmp_path: Path) -> None:
    path = write(tmp_path, "text,platform\na,Instagram\nb,twitter\nc,VKontakte\nd,MySpace\ne,\n")
    assert [i.platform for i in load_inbox(path).items] == ["instagram", "x", "vk", "other", "other"]


def test_no_text_column_names_the_file_and_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path, "id,user,likes\n1,anna,3\n", name="export.csv")
    with pytest.raises(InboxError) as error:
        load_inbox(path)
    assert "export.csv" in str(error.value) and "id, user, likes" in str(error.value)


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00", b"[{\"text\": \"unclosed\""])
def test_a_file_that_is_not_csv_or_json_is_an_error_naming_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "photo.json"
    path.write_bytes(content)
    with pytest.raises(InboxError, match="photo.json"):
        load_inbox(path)


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InboxError, match="nope.csv: file not found"):
        load_inbox(tmp_path / "nope.csv")


def test_json_list_of_objects(tmp_path: Path) -> None:
    data = [{"id": 1, "platform": "facebook", "from": {"name": "Ann", "id": "42"}, "message": "Hi!",
             "created_time": "2026-12-01T10:00:00+0000", "post_id": "p9"}]
    [item] = load_inbox(write(tmp_path, json.dumps(data), "inbox.json")).items
    assert item == InboxItem("1", "facebook", "Ann", "Hi!", datetime(2026, 12, 1, 10, tzinfo=UTC), "p9", 1)


def test_json_items_object_with_a_bad_entry_among_good_ones(tmp_path: Path) -> None:
    data = {"items": [{"text": "uno", "created_at": 46357}, "not an object", {"text": "tre", "created_at": "ieri"}]}
    inbox = load_inbox(write(tmp_path, json.dumps(data, ensure_ascii=False), "inbox.json"))
    assert [i.text for i in inbox.items] == ["uno", "tre"]
    assert inbox.items[0].created_at == datetime(2026, 12, 1, tzinfo=UTC)
    assert [(p.row, p.column) for p in inbox.problems] == [(2, "text"), (3, "created_at")]
    assert str(inbox.problems[1]).startswith("inbox.json row 3, column created_at: 'ieri' is not a date")


def test_json_without_text_names_the_keys_found(tmp_path: Path) -> None:
    with pytest.raises(InboxError, match="columns found: id, likes"):
        load_inbox(write(tmp_path, json.dumps([{"id": 1, "likes": 2}]), "inbox.json"))


def test_pasted_lines_are_one_comment_each() -> None:
    items = parse_pasted("Quanto costa?\n  Bellissimo!  \nСпасибо\n", platform="Instagram")
    assert [(i.id, i.text, i.platform, i.row, i.created_at) for i in items] == [
        ("pasted-1", "Quanto costa?", "instagram", 0, None), ("pasted-2", "Bellissimo!", "instagram", 0, None),
        ("pasted-3", "Спасибо", "instagram", 0, None)]


def test_pasted_paragraphs_when_a_comment_spans_lines() -> None:
    items = parse_pasted("Dear team,\nmy order is late.\n\nLove the new menu\n")
    assert [i.text for i in items] == ["Dear team,\nmy order is late.", "Love the new menu"]
    assert [i.text for i in parse_pasted("one\n\ntwo\n\n\nthree")] == ["one", "two", "three"]
    assert parse_pasted("  \n\n") == []
