"""The review of a period, on the example brands' real histories: figures with their posts,
planned posts matched to published ones by text and time, and a next plan that learns."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import contentkit as ck
from cli_helpers import run
from contentkit.errors import HistoryError, ReviewError
from contentkit.llm.fake import FakeBackend
from contentkit.review.learn import apply_review
from contentkit.review.period import review_period

ROOT = Path(__file__).resolve().parent.parent
BRANDS = ("aurora-caffe", "ledgerly", "shkola-umnikov")


def history_of(slug: str) -> Path:
    return ROOT / "brand_profiles" / slug / "history.csv"


@pytest.mark.parametrize("slug", BRANDS)
def test_a_month_of_each_brand_is_reviewed_with_the_posts_behind_every_figure(slug: str) -> None:
    review = review_period(slug, history_of(slug))
    data = review.to_json()
    posts = pd.read_csv(history_of(slug))
    last = pd.to_datetime(posts["published_at"].str[:19]).max()
    assert data["end"] == f"{last:%Y-%m-%d}"
    assert 10 <= data["posts"] <= 40  # a month of a brand posting a few times a week
    for name in ("pillar", "platform", "weekday", "hour"):
        rows = data["breakdowns"][name]
        assert sum(r["posts"] for r in rows) == data["posts"], name
        for r in rows:
            assert r["thin"] == (r["posts"] < 3)
            # Shrinking never moves a figure past the median, only towards it.
            assert min(r["lift"], 1.0) - 1e-9 <= r["shrunk"] <= max(r["lift"], 1.0) + 1e-9
    assert data["best"][0]["lift"] >= data["worst"][0]["lift"]
    assert data["best"][0]["text"]
    assert {f["platform"] for f in data["followers"]} <= set(posts["platform"])
    for rec in data["recommendations"]:
        assert rec["confidence"] in ("low", "medium", "high") and rec["posts"] >= 3 and rec["evidence"]
        assert rec["accepted"] == (rec["confidence"] != "low")


def test_a_thin_tag_is_marked_and_never_recommended() -> None:
    review = review_period("aurora-caffe", history_of("aurora-caffe"))
    tags = review.tables["tags"]
    lucky = tags[tags["posts"] == 1]
    assert not lucky.empty and lucky["thin"].all()
    targets = {r["target"] for r in review.recommendations if r["kind"] == "hashtag"}
    assert not targets & set(lucky["group"])


def _plan(tmp_path: Path, brand, name: str, start: str = "2026-12-01"):
    return ck.plan_content(brand, start, 14, backend=FakeBackend(), out_dir=tmp_path / name, images=False)


def test_published_posts_are_matched_to_the_plan_by_text_and_time_not_id(tmp_path: Path) -> None:
    plan = _plan(tmp_path, "aurora-caffe", "plan")
    # What a scheduler exports two weeks later: its own ids, times moved a little, texts
    # edited, one planned post never published and one post that was not in the plan.
    rows = []
    for i, post in enumerate(plan.posts[1:]):
        rows.append({"account": "auroracaffe", "published_at": (post.slot.when.replace(tzinfo=None)
                                                                + pd.Timedelta(minutes=7 * (i % 5))).isoformat(),
                     "text": post.full_text.replace("draft", "post"), "likes": 100 + 10 * i, "comments": 3,
                     "followers": 11000 + i, "platform": post.slot.platform, "url": f"https://example.org/p/{900 + i}"})
    rows.append({"account": "auroracaffe", "published_at": "2026-12-05T22:00:00", "text": "Serata speciale!",
                 "likes": 50, "comments": 1, "followers": 11100, "platform": "instagram", "url": ""})
    export = tmp_path / "published.csv"
    pd.DataFrame(rows).to_csv(export, index=False)
    review = review_period("aurora-caffe", export, plan=tmp_path / "plan")
    planned = review.planned
    assert planned["planned"] == len(plan.posts)
    assert planned["published"] == len(plan.posts) - 1
    assert planned["unplanned"] == 1
    assert [m["when"] for m in planned["missed"]] == [plan.posts[0].slot.when.isoformat()]
    by_slot = {(m["when"], m["platform"]): m for m in planned["matches"]}
    for i, post in enumerate(plan.posts[1:]):
        assert by_slot[post.slot.when.isoformat(), post.slot.platform]["shift_hours"] == pytest.approx(7 * (i % 5) / 60, abs=0.01)
    # Matched posts take the plan's pillar; the one outside the plan gets a guessed one.
    assert (review.posts["pillar_from"] == "plan").sum() == len(plan.posts) - 1
    assert set(review.posts["pillar"]) <= {p.name for p in ck.load_brand("aurora-caffe").pillars}


def test_the_next_plan_changes_what_the_review_recommended(tmp_path: Path) -> None:
    review = review_period("aurora-caffe", history_of("aurora-caffe"), days=270).to_json()
    # A pillar share change stands in for one the manager wrote into review.json by hand.
    review["recommendations"].append({"kind": "pillar_share", "target": "la vostra voce", "change": "raise",
                                      "evidence": "test", "posts": 20, "lift": 1.3, "confidence": "high",
                                      "accepted": True, "share_from": 0.15, "share_to": 0.4})
    dropped = [r["target"] for r in review["recommendations"] if r["kind"] == "hashtag" and r["direction"] == "drop"]
    kept = [r["target"] for r in review["recommendations"] if r["kind"] == "hashtag" and r["direction"] == "keep"]
    assert dropped or kept, review["recommendations"]
    brand, changes = apply_review("aurora-caffe", review, accept_all=True)
    assert any("la vostra voce" in c and "15% -> 40%" in c for c in changes)
    before = _plan(tmp_path, "aurora-caffe", "before")
    after = _plan(tmp_path, brand, "after")
    mix_before = Counter(p.slot.pillar for p in before.posts)
    mix_after = Counter(p.slot.pillar for p in after.posts)
    assert mix_after["la vostra voce"] > mix_before["la vostra voce"]
    def used(plan, tag: str) -> int:
        return sum(tag.casefold() in post.full_text.casefold().split() for post in plan.posts)

    # The review's posting times win over the ones the whole history would teach.
    hours = next(r for r in review["recommendations"] if r["kind"] == "hours" and r["target"] == "instagram")
    times_after = {p.slot.when.strftime("%H:%M") for p in after.posts if p.slot.platform == "instagram"}
    times_before = {p.slot.when.strftime("%H:%M") for p in before.posts if p.slot.platform == "instagram"}
    assert times_after <= set(hours["times_to"]) and times_after != times_before
    for tag in dropped:
        assert used(after, tag) == 0
    for tag in kept:  # the brand's "always" tags go on every post
        assert used(after, tag) == len(after.posts) > used(before, tag)


def test_only_accepted_changes_are_applied() -> None:
    review = {"kind": "contentkit.review", "brand": "ledgerly", "recommendations": [
        {"kind": "hashtag", "target": "#poll", "direction": "drop", "accepted": False, "evidence": "", "confidence": "low"},
        {"kind": "hours", "target": "linkedin", "times_from": ["08:30", "12:00"], "times_to": ["12:30", "17:00"],
         "accepted": True, "evidence": "e", "confidence": "medium"}]}
    brand, changes = apply_review("ledgerly", review)
    assert "#poll" not in brand.hashtags.banned
    assert [t.strftime("%H:%M") for t in brand.platforms["linkedin"].preferred_times] == ["12:30", "17:00"]
    assert len(changes) == 1 and "linkedin" in changes[0]
    assert ck.load_brand("ledgerly").platforms["linkedin"].preferred_times != brand.platforms["linkedin"].preferred_times


def test_bad_input_names_file_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_text("account,published_at,text,likes\nacme,2026-11-01 10:00,hello,12\nacme,2026-11-02 10:00,hi,lots\n")
    with pytest.raises(HistoryError) as err:
        review_period("aurora-caffe", bad)
    assert "export.csv" in str(err.value) and "likes" in str(err.value) and "row 2" in str(err.value)
    no_results = tmp_path / "buffer.csv"
    no_results.write_text("account,published_at,text\nacme,2026-11-01 10:00,hello\n")
    with pytest.raises(ReviewError, match=r"buffer.csv: field 'likes': the export has no results: it lacks likes"):
        review_period("aurora-caffe", no_results)
    # The file contentkit wrote for a scheduler to import: plans, no results.
    plan = _plan(tmp_path, "aurora-caffe", "plan")
    from contentkit.export.csv_shapes import write_csv

    publer = write_csv(plan, tmp_path / "publer.csv", shape="publer", platform="instagram")
    with pytest.raises(ReviewError, match="publer.csv.*no results.*columns found"):
        review_period("aurora-caffe", publer)
    broken = tmp_path / "review.json"
    broken.write_text(json.dumps({"kind": "contentkit.review", "recommendations": [{"kind": "colour"}]}))
    with pytest.raises(ReviewError, match=r"review.json.*recommendations\[1\]"):
        apply_review("aurora-caffe", broken)
    with pytest.raises(ReviewError, match="no post between"):
        review_period("aurora-caffe", history_of("aurora-caffe"), start="2030-01-01")


class _Checker(HTMLParser):
    VOID = {"meta", "br", "img", "input", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_cli_review_writes_json_and_a_self_contained_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "review", "--brand", "shkola-umnikov", "--out", str(tmp_path))
    assert code == 0, err
    assert "Review of Школа умников" in out or "Review of" in out
    assert "By pillar" in out and "n=" in out and "Best posts" in out
    data = json.loads((tmp_path / "review.json").read_text("utf-8"))
    assert data["kind"] == "contentkit.review" and data["brand"] == "shkola-umnikov"
    page = (tmp_path / "review.html").read_text("utf-8")
    checker = _Checker()
    checker.feed(page)
    assert checker.problems == [] and checker.stack == []
    assert checker.urls == []  # nothing fetched
    assert 'aria-label="ER by hour and weekday"' in page and "Pillar mix" in page and "n=" in page
    assert data["best"][0]["text"][:30].replace("&", "&amp;") in page or data["best"][0]["text"][:10] in page


def test_plan_learn_from_says_what_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    review = tmp_path / "review.json"
    review.write_text(json.dumps({"kind": "contentkit.review", "brand": "aurora-caffe", "recommendations": [
        {"kind": "hashtag", "target": "#coffeelover", "direction": "drop", "accepted": True,
         "evidence": "posts with it: 0.76x over 9 posts", "confidence": "medium"}]}))
    monkeypatch.setattr("contentkit.drafting.resolve_backend", lambda backend, model: FakeBackend())
    code, out, err = run(capsys, "plan", "--brand", "aurora-caffe", "--start", "2026-12-01", "--days", "3",
                         "--out", str(tmp_path / "out"), "--no-images", "--backend", "fake", "--learn-from", str(review))
    assert code == 0, err
    assert "hashtag #coffeelover: dropped (posts with it: 0.76x over 9 posts; confidence medium)" in out
    assert "#coffeelover: dropped" in (tmp_path / "out" / "plan.html").read_text("utf-8")


def test_formats_from_the_plan_are_reviewed_and_the_weak_one_is_used_less(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from contentkit.plans.model import PlannedPost, Slot
    from contentkit.writing.formats import pillar_formats

    brand = ck.load_brand("aurora-caffe")
    start = datetime(2026, 11, 2, 8, 0, tzinfo=brand.tz)
    planned, rows = [], []
    for i in range(24):
        fmt = ("question", "tip", "announcement")[i % 3]
        when = start + timedelta(days=i, hours=(i % 3) * 4)
        planned.append(PlannedPost(Slot("instagram", when, brand.pillars[i % 4].name), f"topic {i}", "done",
                                   text=f"Post {i} about {fmt}", format=fmt))
        likes = {"question": 600, "tip": 400, "announcement": 200}[fmt] + i
        rows.append({"account": "auroracaffe", "published_at": when.replace(tzinfo=None).isoformat(),
                     "text": f"Post {i} about {fmt}", "likes": likes, "followers": 10000, "platform": "instagram"})
    export = tmp_path / "november.csv"
    pd.DataFrame(rows).to_csv(export, index=False)
    review = review_period(brand, export, plan=planned)
    formats = review.tables["format"].set_index("group")
    assert formats.loc["question", "posts"] == 8 and formats.loc["question", "lift"] > 1.3
    assert formats.loc["announcement", "lift"] < 0.7
    by_target = {r["target"]: r for r in review.recommendations if r["kind"] == "format"}
    assert by_target["question"]["direction"] == "more" and by_target["announcement"]["direction"] == "less"
    assert by_target["announcement"]["confidence"] in ("medium", "high")
    learned, changes = apply_review(brand, review.to_json(), accept_all=True)
    for before, after in zip(brand.pillars, learned.pillars):
        assert "question" in pillar_formats(after)
        if len(pillar_formats(before)) > 1 or "announcement" not in pillar_formats(before):
            assert "announcement" not in pillar_formats(after)
    assert any(c.startswith("format 'announcement': used less") for c in changes)
