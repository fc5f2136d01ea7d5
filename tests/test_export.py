"""Exports of a content plan, each read back with a real parser (csv, icalendar, json, zipfile)."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import zipfile
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from PIL import Image, ImageDraw

from contentkit.errors import PlanError
from contentkit.export.bundle import (
    export_all,
    load_plan_json,
    write_csv,
    write_html,
    write_ics,
    write_json,
    write_markdown,
    write_scheduler_csvs,
    write_zip,
)
from contentkit.export.csv_shapes import PUBLER_COLUMNS, SOCIALPLANNER_COLUMNS
from contentkit.plans.model import ContentPlan, PlannedPost, Slot

ROME = ZoneInfo("Europe/Rome")
ITALIAN = 'Il latte d\'inverno è arrivato ☕❤️\nCannella, latte d\'avena e "un po\' di neve".\n\nPassa a trovarci!'
RUSSIAN = ("Готовимся к зиме; скидка 10%, только сегодня! Приходите всей семьёй — у нас тепло, "
           "вкусно и уютно, а бариста расскажет, как варить кофе дома.\nВторая строка: «кавычки»")
TRICKY = 'Backslash C:\\caffe; "quoted", done 🎉\n# not a heading\n1. not a list'


def _png(path: Path, colour: str, size: tuple[int, int] = (900, 600)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).ellipse((100, 100, 400, 400), fill="white")
    image.save(path, "PNG")


def make_plan(folder: Path, brand: str = "aurora-caffe") -> ContentPlan:
    """Five posts over three days in Rome: Italian, Russian, emoji, quotes, one failed, one past midnight UTC."""
    _png(folder / "images" / "instagram-20261201-0800.png", "#5B3A29")
    _png(folder / "images" / "telegram-20261201-1230.png", "#2F5BEA", (1280, 720))
    _png(folder / "images" / "instagram-20261203-0030.png", "#E8594F", (1080, 1080))
    posts = [
        PlannedPost(Slot("instagram", datetime(2026, 12, 1, 8, 0, tzinfo=ROME), "Prodotto"),
                    "Latte d'inverno, finalmente", "done", ITALIAN, ["#auroracaffe", "#latteart"], "it",
                    "images/instagram-20261201-0800.png", "Tazza di latte con cannella", "announcement",
                    backend="fake", model="scripted"),
        PlannedPost(Slot("telegram", datetime(2026, 12, 1, 12, 30, tzinfo=ROME), "Community"),
                    "Зимнее меню", "done", RUSSIAN, ["#зима", "#кофе"], "ru",
                    "images/telegram-20261201-1230.png", "Зимнее меню", "photo",
                    warnings=["Caption is close to Telegram's 1,024 limit under a photo"]),
        PlannedPost(Slot("facebook", datetime(2026, 12, 2, 18, 0, tzinfo=ROME), "Eventi"),
                    "Corso di latte art <sabato>", "failed", error="backend timed out after 3 retries"),
        PlannedPost(Slot("x", datetime(2026, 12, 2, 9, 15, tzinfo=ROME), "Prodotto"),
                    "<script>alert('topic')</script>", "done", TRICKY, ["#caffè"], "en"),
        PlannedPost(Slot("instagram", datetime(2026, 12, 3, 0, 30, tzinfo=ROME), "Community"),
                    "Buonanotte, Isola", "done", "Buonanotte 🌙", ["#isola"], "it",
                    "images/instagram-20261203-0030.png", "Luna sopra il bancone", "quote"),
    ]
    return ContentPlan(brand, "2026-12-01", 4, "Europe/Rome", posts, out_dir=folder)


@pytest.fixture
def plan(tmp_path: Path) -> ContentPlan:
    return make_plan(tmp_path / "plan")


def _rows(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle))


# --- CSV -------------------------------------------------------------------------------------------

def test_generic_csv_has_every_post_in_local_time_and_round_trips_text(plan: ContentPlan, tmp_path: Path) -> None:
    path = write_csv(plan, tmp_path / "plan.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["instagram-20261201-0800", "telegram-20261201-1230", "x-20261202-0915",
                                       "facebook-20261202-1800", "instagram-20261203-0030"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["instagram-20261201-0800"]["text"] == ITALIAN
    assert by_id["telegram-20261201-1230"]["text"] == RUSSIAN
    assert by_id["x-20261202-0915"]["text"] == TRICKY
    late = by_id["instagram-20261203-0030"]
    assert (late["date"], late["time"], late["timezone"]) == ("2026-12-03", "00:30", "Europe/Rome")
    failed = by_id["facebook-20261202-1800"]
    assert (failed["status"], failed["error"], failed["text"]) == ("failed", "backend timed out after 3 retries", "")
    assert by_id["instagram-20261201-0800"]["hashtags"] == "#auroracaffe #latteart"
    assert by_id["telegram-20261201-1230"]["warnings"].startswith("Caption is close")
    # A draft with a warning is read before it is scheduled: not "done", not ready.
    assert by_id["telegram-20261201-1230"]["status"] == "needs review"
    assert by_id["instagram-20261201-0800"]["status"] == "ready"


def test_summary_and_report_count_warned_posts_as_needing_review(plan: ContentPlan, tmp_path: Path) -> None:
    assert [p.review for p in plan.posts] == ["ready", "needs review", "failed", "ready", "ready"]
    summary = plan.summary()
    assert "3 ready to schedule" in summary and "1 need review" in summary
    text = " ".join(" ".join(_parse(write_html(plan, tmp_path / "plan.html")).text).split())
    assert "3 ready to schedule" in text and "1 need review" in text and "4 ready" not in text
    assert "Needs review · 1 warning" in text  # the Telegram post's card


def test_scheduler_csv_needs_one_platform(plan: ContentPlan, tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="one platform"):
        write_csv(plan, tmp_path / "h.csv", shape="hootsuite")
    with pytest.raises(PlanError, match="unknown CSV shape"):
        write_csv(plan, tmp_path / "h.csv", shape="buffer")


def test_hootsuite_files_per_platform_without_header_or_failed_posts(plan: ContentPlan, tmp_path: Path) -> None:
    files = write_scheduler_csvs(plan, tmp_path, "hootsuite")
    assert sorted(files) == ["instagram", "telegram", "x"]  # facebook's only post failed
    assert files["instagram"].name == "plan-hootsuite-instagram.csv"
    assert not files["instagram"].read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _rows(files["instagram"])
    assert len(rows) == 2 and all(len(r) == 3 for r in rows)
    when = datetime.strptime(rows[0][0], "%d/%m/%Y %H:%M")
    assert when == datetime(2026, 12, 1, 8, 0)
    assert rows[0][1] == plan.posts[0].full_text
    assert rows[0][1].endswith("#auroracaffe #latteart") and "\n" in rows[0][1]
    assert rows[1][0] == "03/12/2026 00:30"


def test_publer_columns_labels_and_media_urls(plan: ContentPlan, tmp_path: Path) -> None:
    bare = _rows(write_csv(plan, tmp_path / "p.csv", shape="publer", platform="telegram"))
    assert tuple(bare[0]) == PUBLER_COLUMNS
    assert bare[1][0] == "2026/12/01 12:30"
    # Without a base URL the row still names its image: the file on this machine.
    assert Path(bare[1][3]) == (plan.out_dir / "images" / "telegram-20261201-1230.png").resolve()
    assert Path(bare[1][3]).is_file()
    assert bare[1][1] == plan.posts[1].full_text and bare[1][5] == "Community,telegram,needs review"
    ready = _rows(write_csv(plan, tmp_path / "r.csv", shape="publer", platform="x"))
    assert ready[1][5] == "Prodotto,x"
    hosted = _rows(write_csv(plan, tmp_path / "q.csv", shape="publer", platform="telegram",
                             media_base_url="https://cdn.example.com/plans/aurora/"))
    assert hosted[1][3] == "https://cdn.example.com/plans/aurora/images/telegram-20261201-1230.png"


def test_socialplanner_columns_and_time_format(plan: ContentPlan, tmp_path: Path) -> None:
    rows = _rows(write_csv(plan, tmp_path / "s.csv", shape="socialplanner", platform="x"))
    assert tuple(rows[0]) == SOCIALPLANNER_COLUMNS
    assert rows[1][:2] == ["2026-12-02 09:15:00", plan.posts[3].full_text]
    assert rows[1][2:] == ["", "", "", ""]  # the X post has no image
    pictured = _rows(write_csv(plan, tmp_path / "i.csv", shape="socialplanner", platform="instagram"))
    assert [Path(r[3]).name for r in pictured[1:]] == ["instagram-20261201-0800.png", "instagram-20261203-0030.png"]
    assert all(Path(r[3]).is_absolute() and Path(r[3]).is_file() for r in pictured[1:])


# --- ICS -------------------------------------------------------------------------------------------

def _events(path: Path) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_ics_one_event_per_done_post_at_the_right_instant(plan: ContentPlan, tmp_path: Path) -> None:
    events = _events(write_ics(plan, tmp_path / "plan.ics"))
    done = [p for p in plan.posts if p.status == "done"]
    assert len(events) == len(done) == 4
    by_uid = {str(e["UID"]): e for e in events}
    for post in done:
        event = by_uid[f"{post.id}.aurora-caffe@contentkit"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == post.slot.when and start.utcoffset() == timedelta(0)
        assert end - start == timedelta(minutes=15)
        assert str(event["DESCRIPTION"]) == post.full_text
        assert "DTSTAMP" in event
    late = by_uid["instagram-20261203-0030.aurora-caffe@contentkit"].decoded("DTSTART")
    assert late == datetime(2026, 12, 2, 23, 30, tzinfo=timezone.utc)
    assert str(by_uid["x-20261202-0915.aurora-caffe@contentkit"]["SUMMARY"]) == \
        "[X (Twitter)] <script>alert('topic')</script>"


def test_ics_lines_are_folded_crlf_and_uids_stable(plan: ContentPlan, tmp_path: Path) -> None:
    first = write_ics(plan, tmp_path / "a.ics").read_bytes()
    second = write_ics(plan, tmp_path / "b.ics").read_bytes()
    lines = first.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the Russian text needed folding
    uids = re.findall(rb"UID:(\S+)", first)
    assert uids == re.findall(rb"UID:(\S+)", second) and len(set(uids)) == 4


# --- JSON and Markdown -----------------------------------------------------------------------------

def test_json_round_trip(plan: ContentPlan, tmp_path: Path) -> None:
    path = write_json(plan, tmp_path / "out" / "plan.json")
    assert "Готовимся" in path.read_text(encoding="utf-8")  # readable, not \u-escaped
    again = load_plan_json(path)
    assert again.posts == plan.posts
    assert (again.brand, again.start, again.days, again.timezone) == ("aurora-caffe", "2026-12-01", 4, "Europe/Rome")
    assert again.out_dir == path.parent
    assert again.posts[4].slot.when.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("content, message", [
    ("{not json", "not a JSON plan"),
    ('{"posts": []}', "not a contentkit plan"),
    ('{"format": "contentkit.plan", "version": 1, "brand": "b"}', "missing or malformed"),
])
def test_load_plan_json_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PlanError, match=message) as info:
        load_plan_json(path)
    assert info.value.file == str(path)


def test_markdown_agenda_by_day(plan: ContentPlan, tmp_path: Path) -> None:
    text = write_markdown(plan, tmp_path / "plan.md").read_text(encoding="utf-8")
    days = re.findall(r"^## (.+)$", text, flags=re.M)
    assert days == ["Tuesday, 1 December 2026", "Wednesday, 2 December 2026", "Thursday, 3 December 2026",
                    "Friday, 4 December 2026"]
    assert "_No posts._" in text.split("## Friday")[1]
    assert "### 18:00 · Facebook · Eventi · FAILED" in text and "backend timed out" in text
    assert "### 12:30 · Telegram · Community · NEEDS REVIEW" in text
    assert "### 08:00 · Instagram · Prodotto\n" in text  # ready: nothing to flag
    assert "![Tazza di latte con cannella](images/instagram-20261201-0800.png)" in text
    assert "> \\# not a heading" in text and "> \\1. not a list" in text
    assert "<script>" not in text


# --- HTML (structure; the browser test opens it) -----------------------------------------------------

class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(path: Path) -> _Collect:
    parser = _Collect()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_html_is_self_contained_with_small_embedded_images(plan: ContentPlan, tmp_path: Path) -> None:
    page = _parse(write_html(plan, tmp_path / "plan.html"))
    names = {tag for tag, _ in page.tags}
    assert "script" not in names and "link" not in names and "iframe" not in names
    urls = [v for _, attrs in page.tags for k, v in attrs.items() if k in {"src", "href", "action"} and v]
    assert urls and all(u.startswith("data:") for u in urls)
    jpegs = [u for u in urls if u.startswith("data:image/jpeg;base64,")]
    assert len(jpegs) == 3
    for uri in jpegs:
        with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as image:
            assert image.format == "JPEG" and image.width <= 720
    alts = {attrs.get("alt") for tag, attrs in page.tags if tag == "img"}
    assert {"Tazza di latte con cannella", "Зимнее меню"} <= alts


def test_html_escapes_user_text_and_shows_failures(plan: ContentPlan, tmp_path: Path) -> None:
    html_text = write_html(plan, tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html_text and "&lt;script&gt;alert(&#x27;topic&#x27;)" in html_text
    assert "Corso di latte art &lt;sabato&gt;" in html_text
    text = "".join(_parse(tmp_path / "plan.html").text)
    assert "backend timed out after 3 retries" in text
    assert "Aurora Caffè" in text  # the brand profile was found and used
    assert "Caption is close to Telegram" in text
    assert "#auroracaffe" in text and "Готовимся к зиме" in text


def test_html_works_without_a_brand_profile(tmp_path: Path) -> None:
    plan = make_plan(tmp_path / "p", brand="no-such-brand")
    text = "".join(_parse(write_html(plan, tmp_path / "plan.html")).text)
    assert "No Such Brand" in text and "NS" in text  # name and initials avatar from the slug


def test_html_character_meter_uses_the_platform_count(plan: ContentPlan, tmp_path: Path) -> None:
    from contentkit.platforms import text_length

    html_text = write_html(plan, tmp_path / "plan.html").read_text(encoding="utf-8")
    x_post = plan.posts[3]
    assert f"{text_length(x_post.full_text, 'x')} / 280 characters" in html_text
    assert "/ 1,024 characters" in html_text  # Telegram caption limit under a photo


# --- Zip and export_all ------------------------------------------------------------------------------

def test_zip_holds_every_export_and_the_images(plan: ContentPlan, tmp_path: Path) -> None:
    plan.posts[3].image = "../../etc/passwd"  # a hand-edited plan must not smuggle files in
    path = write_zip(plan, tmp_path / "plan.zip")
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        root = "aurora-caffe-2026-12-01/"
        expected = {"plan.csv", "plan.ics", "plan.json", "plan.md", "plan.html", "plan-hootsuite-instagram.csv",
                    "plan-publer-telegram.csv", "plan-socialplanner-x.csv", "images/instagram-20261201-0800.png",
                    "images/telegram-20261201-1230.png", "images/instagram-20261203-0030.png"}
        assert {root + n for n in expected} <= names
        assert all(n.startswith(root) and ".." not in n for n in names)
        data = json.loads(archive.read(root + "plan.json"))
        assert len(data["posts"]) == 5
        assert archive.read(root + "images/telegram-20261201-1230.png") == \
            (plan.out_dir / "images/telegram-20261201-1230.png").read_bytes()


def test_export_all_writes_a_folder_that_stands_on_its_own(plan: ContentPlan, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    files = export_all(plan, folder)
    assert {"csv", "ics", "json", "markdown", "html", "zip", "hootsuite:instagram", "publer:x",
            "socialplanner:telegram"} <= set(files)
    assert all(p.is_file() and p.parent == folder for p in files.values())
    again = load_plan_json(files["json"])
    assert (folder / again.posts[0].image).is_file()  # images copied along


def test_plan_methods_delegate_to_the_exports(plan: ContentPlan, tmp_path: Path) -> None:
    assert plan.to_csv(tmp_path / "a.csv").is_file()
    assert plan.to_csv(tmp_path / "b.csv", shape="generic").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(_events(plan.to_ics(tmp_path / "a.ics"))) == 4
    assert load_plan_json(plan.to_json(tmp_path / "a.json")).posts == plan.posts
    assert plan.to_markdown(tmp_path / "a.md").read_text(encoding="utf-8").startswith("# aurora-caffe")
    assert plan.to_html(tmp_path / "a.html").stat().st_size > 1000
    assert zipfile.is_zipfile(plan.to_zip(tmp_path / "a.zip"))
