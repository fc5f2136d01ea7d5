"""Post history: ER, analytics and every kind of bad or odd CSV a manager may hand us."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pandas as pd
import pytest

from contentkit.errors import HistoryError
from contentkit.history import load_history
from contentkit.history_io import parse_count

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str, name: str = "posts.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


GOOD = """account,published_at,text,likes,comments,shares,saves,reach,followers
cafe,2024-03-01 08:00,Buongiorno! #caffè #Colazione,90,5,3,2,1000,2000
cafe,2024-03-02 08:00,Nuovo cornetto 🥐 #cornetto #caffè,40,5,3,2,500,2000
cafe,2024-03-03 18:00,Serata jazz #jazz,10,0,0,0,,2000
"""


def test_er_by_followers_and_by_reach(tmp_path: Path) -> None:
    history = load_history(write(tmp_path, GOOD))
    posts = history.posts
    assert len(history) == 3 and history.accounts == ["cafe"]
    assert posts["engagement"].tolist() == [100.0, 50.0, 10.0]
    assert posts["er_followers"].tolist() == pytest.approx([0.05, 0.025, 0.005])
    assert posts["er_reach"].iloc[0] == pytest.approx(0.1)
    assert math.isnan(posts["er_reach"].iloc[2])
    # ER prefers reach and falls back to followers where reach is blank.
    assert posts["er"].tolist() == pytest.approx([0.1, 0.1, 0.005])


def test_tags_from_text_kept_as_written_and_matched_case_insensitively(tmp_path: Path) -> None:
    history = load_history(write(tmp_path, GOOD))
    assert history.posts["tags"].iloc[0] == ["#caffè", "#Colazione"]
    assert any("hashtags taken from the post text" in n for n in history.notes)
    table = history.hashtag_performance(min_posts=2)
    assert table["tag"].tolist() == ["#caffè"]
    assert table["posts"].iloc[0] == 2


def test_hashtags_column_is_used_when_present(tmp_path: Path) -> None:
    csv = "account,published_at,text,likes,followers,hashtags\na,2024-01-01,hello,1,10,Кофе latte\n"
    history = load_history(write(tmp_path, csv))
    assert history.posts["tags"].iloc[0] == ["#Кофе", "#latte"]


def test_odd_export_bom_semicolons_k_counts_dayfirst_dates_russian(tmp_path: Path) -> None:
    csv = ("\ufeffAccount;Published_at;Text;Likes;Comments;Followers\n"
           "школа;06.08.2021 18:07;Дроби на пицце 🍕 #математика;\"1,2k\";12;236k\n"
           "школа;07.08.2021 19:00;Задачка дня #задачка #Математика;\"1 234\";0;236k\n")
    history = load_history(write(tmp_path, csv))
    posts = history.posts
    assert posts["likes"].tolist() == [1200.0, 1234.0]
    assert posts["followers"].iloc[0] == 236000.0
    assert posts["published_at"].iloc[0] == pd.Timestamp("2021-08-06 18:07")
    assert posts["tags"].iloc[1] == ["#задачка", "#Математика"]
    assert history.hashtag_performance(min_posts=2)["tag"].tolist() == ["#математика"]


@pytest.mark.parametrize(("cell", "value"), [
    ("236k", 236000), ("1,2k", 1200), ("1.5M", 1_500_000), ("1,234", 1234), ("1.234", 1234),
    ("12", 12), ("3,5 тыс", 3500), ("", math.nan), ("1 234 567", 1234567),
])
def test_count_formats(cell: str, value: float) -> None:
    got = parse_count(cell)
    assert (math.isnan(got) and math.isnan(value)) or got == value


def test_time_zone_offsets_keep_local_clock_time(tmp_path: Path) -> None:
    csv = "account,published_at,text,likes\na,2026-02-23T07:30:00+01:00,x,1\na,2026-02-24T19:00:00Z,y,2\n"
    posts = load_history(write(tmp_path, csv)).posts
    assert posts["published_at"].dt.hour.tolist() == [7, 19]


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "account,published_at,text\na,2024-01-01,hi\n")
    with pytest.raises(HistoryError, match="missing required column.*likes") as error:
        load_history(path)
    assert error.value.file == str(path) and error.value.field == "likes"


def test_non_numeric_count_names_row_and_column(tmp_path: Path) -> None:
    csv = "account,published_at,text,likes,comments\na,2024-01-01,x,1,2\na,2024-01-02,y,3,lots\n"
    with pytest.raises(HistoryError, match="row 2: 'lots' is not a number") as error:
        load_history(write(tmp_path, csv))
    assert error.value.field == "comments"


def test_negative_count_refused(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="row 1"):
        load_history(write(tmp_path, "account,published_at,text,likes\na,2024-01-01,x,-3\n"))


def test_zero_or_missing_followers_leave_er_blank_with_a_note(tmp_path: Path) -> None:
    csv = ("account,published_at,text,likes,followers\n"
           "a,2024-01-01,x,10,0\na,2024-01-02,y,20,\na,2024-01-03,z,30,1000\n")
    history = load_history(write(tmp_path, csv))
    er = history.posts["er_followers"]
    assert er.isna().tolist() == [True, True, False]
    assert er.iloc[2] == pytest.approx(0.03)
    assert any("2 post(s) have no or zero followers" in n for n in history.notes)
    # Posts without ER still get a within-account engagement rank.
    assert history.posts["rel_er"].notna().all()


def test_no_followers_at_all_ranks_by_interactions(tmp_path: Path) -> None:
    csv = "account,published_at,text,likes,shares\na,2024-01-01,x,10,0\na,2024-01-02,y,30,0\na,2024-01-03,z,20,0\n"
    history = load_history(write(tmp_path, csv))
    assert history.er_basis == "interactions"
    assert history.posts["rel_er"].tolist() == pytest.approx([0.5, 1.5, 1.0])


def test_unparseable_date_names_the_row(tmp_path: Path) -> None:
    csv = "account,published_at,text,likes\na,2024-01-01,x,1\na,next tuesday,y,2\n"
    with pytest.raises(HistoryError, match="row 2: cannot read date 'next tuesday'") as error:
        load_history(write(tmp_path, csv))
    assert error.value.field == "published_at"


@pytest.mark.parametrize("content", ["", "\n\n", "account,published_at,text,likes\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    with pytest.raises(HistoryError, match="empty|no posts"):
        load_history(write(tmp_path, content))


def test_too_big_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD * 50)
    with pytest.raises(HistoryError, match="larger than") as error:
        load_history(path, max_bytes=1024)
    assert error.value.file == str(path)


def test_too_big_gzip_is_refused_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv.gz"
    rows = "".join(f"cafe,2024-03-01 08:00,post {i},{i}\n" for i in range(20000))
    path.write_bytes(gzip.compress(("account,published_at,text,likes\n" + rows).encode()))
    assert path.stat().st_size < 100_000
    with pytest.raises(HistoryError, match="larger than"):
        load_history(path, max_bytes=100_000)
    assert len(load_history(path)) == 20000


def test_not_utf8_is_explained(tmp_path: Path) -> None:
    path = write(tmp_path, "account,published_at,text,likes\nшкола,2024-01-01,привет,1\n", encoding="cp1251")
    with pytest.raises(HistoryError, match="not UTF-8"):
        load_history(path)


def test_utf16_excel_export_with_tabs(tmp_path: Path) -> None:
    path = write(tmp_path, "account\tpublished_at\ttext\tlikes\nbar\t2024-01-01\tciao #caffè\t3\n", encoding="utf-16")
    assert load_history(path).posts["tags"].iloc[0] == ["#caffè"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="file not found"):
        load_history(tmp_path / "nope.csv")


def test_dataframe_input_and_account_filter() -> None:
    frame = pd.DataFrame({"account": ["a", "b", "a"], "published_at": ["2024-01-01", "2024-01-02", "2024-01-03"],
                          "text": ["x #one", "y", "z #one"], "likes": [1, 2, 3], "followers": [10, 10, 10]})
    history = load_history(frame)
    assert history.accounts == ["a", "b"]
    assert len(history.for_account("a")) == 2
    with pytest.raises(HistoryError, match="no posts by account 'c'"):
        history.for_account("c")


def test_best_times_only_cells_with_enough_posts(tmp_path: Path) -> None:
    rows = [f"a,2024-01-{d:02d} 09:00,x,{10 + d}" for d in (1, 8, 15, 22, 29)]   # five Mondays 9:00
    rows += [f"a,2024-01-{d:02d} 18:00,y,100" for d in (2, 9)]                   # two Tuesdays 18:00
    history = load_history(write(tmp_path, "account,published_at,text,likes\n" + "\n".join(rows) + "\n"))
    table = history.best_times(min_posts=5)
    assert table[["weekday", "hour", "posts"]].values.tolist() == [["Mon", 9, 5]]
    assert len(history.best_times(min_posts=2)) == 2
    assert history.best_times(min_posts=2)["weekday"].iloc[0] == "Tue"


def test_account_summary_on_real_brand_history() -> None:
    history = load_history(ROOT / "brand_profiles" / "shkola-umnikov" / "history.csv")
    summary = history.account_summary()
    assert list(summary.index) == ["shkola_umnikov"]
    assert 0 < summary["median_er"].iloc[0] < 1
    assert any(tag.startswith("#") and tag[1:].isalpha() and not tag[1:].isascii()
               for tag in history.hashtag_performance()["tag"])


def test_real_instagram_export(shared_data: Path) -> None:
    history = load_history(shared_data / "instagram" / "posts.csv.gz")
    assert len(history) == 22399
    assert history.posts["er_followers"].median() == pytest.approx(0.012, abs=0.002)


# --- date order and duplicate rows -----------------------------------------------------------

US = ("account,published_at,text,likes\n"
      "a,03/04/2024 09:00,first #x,1\n"     # ambiguous alone
      "a,03/14/2024 18:00,second #x,2\n"    # 14 cannot be a month: the file is month-first
      "a,12/01/2024 10:00,third #y,3\n")


def test_us_dates_are_read_month_first_when_the_column_settles_it(tmp_path: Path) -> None:
    history = load_history(write(tmp_path, US))
    assert sorted(history.posts["published_at"].dt.strftime("%Y-%m-%d")) == ["2024-03-04", "2024-03-14", "2024-12-01"]
    assert any("month-first (MM/DD/YYYY)" in n and "03/14/2024" in n for n in history.notes)


def test_day_first_dates_are_settled_the_same_way(tmp_path: Path) -> None:
    csv = "account,published_at,text,likes\na,03/04/2024,x,1\na,25/04/2024,y,2\n"
    history = load_history(write(tmp_path, csv))
    assert sorted(history.posts["published_at"].dt.strftime("%Y-%m-%d")) == ["2024-04-03", "2024-04-25"]
    assert any("day-first" in n for n in history.notes)


def test_dates_that_cannot_be_settled_ask_for_a_date_format(tmp_path: Path) -> None:
    path = write(tmp_path, "account,published_at,text,likes\na,03/04/2024,x,1\na,05/06/2024,y,2\n")
    with pytest.raises(HistoryError, match="--date-format") as error:
        load_history(path)
    assert error.value.field == "published_at" and "03/04/2024" in str(error.value)
    us = load_history(path, date_format="MM/DD/YYYY")
    assert us.posts["published_at"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-04", "2024-05-06"]
    eu = load_history(path, date_format="DD/MM/YYYY")
    assert eu.posts["published_at"].dt.strftime("%Y-%m-%d").tolist() == ["2024-04-03", "2024-06-05"]


def test_dates_in_both_orders_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "account,published_at,text,likes\na,13/04/2024,x,1\na,04/13/2024,y,2\n")
    with pytest.raises(HistoryError, match="mix day-first .* and month-first"):
        load_history(path)


def test_history_stats_takes_a_date_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from contentkit.cli import main

    path = write(tmp_path, "account,published_at,text,likes\na,03/04/2024,x,1\na,05/06/2024,y,2\n")
    with pytest.raises(SystemExit) as stopped:
        main(["history", "stats", str(path)])
    assert stopped.value.code != 0 and "--date-format" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["history", "stats", str(path), "--date-format", "MM/DD/YYYY"])
    assert stopped.value.code in (0, None) and "2 posts from 1 account" in capsys.readouterr().out


def test_exact_duplicate_rows_are_dropped_and_counted(tmp_path: Path) -> None:
    rows = GOOD.splitlines()
    doubled = "\n".join([*rows, rows[1], rows[2]]) + "\n"  # the export pasted twice, in part
    history = load_history(write(tmp_path, doubled))
    assert len(history) == 3
    assert any("2 exact duplicate row(s) dropped (row 4, 5)" in n for n in history.notes)
    table = history.hashtag_performance(min_posts=2)
    assert table.loc[table["tag"] == "#caffè", "posts"].tolist() == [2]
    assert history.posts["er"].tolist() == pytest.approx([0.1, 0.1, 0.005])


def test_a_real_history_exported_in_us_order_reads_as_the_iso_one(tmp_path: Path) -> None:
    iso = load_history(ROOT / "brand_profiles" / "aurora-caffe" / "history.csv")
    frame = pd.read_csv(ROOT / "brand_profiles" / "aurora-caffe" / "history.csv", dtype=str, keep_default_na=False)
    # Local clock times as written (offsets dropped, as load_history does), in US order.
    frame["published_at"] = [f"{t[5:7]}/{t[8:10]}/{t[:4]} {t[11:16]}" for t in frame["published_at"]]
    frame.to_csv(tmp_path / "us.csv", index=False)
    us = load_history(tmp_path / "us.csv")
    assert us.posts["published_at"].tolist() == iso.posts["published_at"].tolist()
    assert any("month-first" in note for note in us.notes)
