"""Competitors beside the brand, on real exports: a few instagram accounts of a kind as
each example brand's competitors, and a made-up one whose winning theme must be found."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cli_helpers import run
from contentkit.errors import HistoryError, ReviewError
from contentkit.review.rivals import compare_competitors
from test_review import _Checker

ROOT = Path(__file__).resolve().parent.parent
RIVALS = {  # accounts of one kind in the real data, standing in for each brand's competitors
    "aurora-caffe": ["cuordicarciofo", "local_milk", "baketotheroots", "savourschool"],
    "ledgerly": ["darrylljones", "inspiresocially", "sherifartisan"],
    "shkola-umnikov": ["annybakhireva", "aliona_hilt", "lorana_yoga", "maria__way"],
}


@pytest.fixture(scope="module")
def instagram(shared_data: Path) -> pd.DataFrame:
    return pd.read_csv(shared_data / "instagram" / "posts.csv.gz")


def exports(instagram: pd.DataFrame, slug: str, folder: Path, accounts: tuple[str, ...] = ()) -> list[Path]:
    """One CSV per competitor (``accounts``, else the brand's in RIVALS), the columns the scrape
    gives (what a user could export)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for account in accounts or RIVALS[slug]:
        path = folder / f"{account}.csv"
        instagram[instagram["account"] == account].to_csv(path, index=False)
        files.append(path)
    return files


def account_exports(shared_data: Path, accounts: tuple[str, ...], folder: Path) -> list[Path]:
    """``exports`` of these instagram accounts, for tests that have no ``instagram`` frame."""
    return exports(pd.read_csv(shared_data / "instagram" / "posts.csv.gz"), "", folder, accounts)


@pytest.mark.parametrize("slug", list(RIVALS))
def test_each_brand_is_compared_with_real_competitors(slug: str, instagram: pd.DataFrame, tmp_path: Path) -> None:
    report = compare_competitors(slug, exports(instagram, slug, tmp_path)).to_json()
    accounts = report["accounts"]
    assert accounts[0]["side"] == "brand" and [a["account"] for a in accounts[1:]] == sorted(RIVALS[slug])
    own = pd.read_csv(ROOT / "brand_profiles" / slug / "history.csv")
    assert accounts[0]["posts"] == len(own)
    assert set(accounts[0]["posts_per_week"]) == set(own["platform"])
    for a in accounts[1:]:
        assert a["posts"] == (instagram["account"] == a["account"]).sum()
        assert a["median_er"] > 0 and sum(a["posts_per_week"].values()) > 0
        # The scrape keeps dates only: no made-up best hours for it.
        assert a["hours"] == [] and a["account"] in " ".join(report["notes"])
        brand_tags = {t.casefold() for t in own["text"].str.findall(r"#\w+").sum()}
        assert all(t["tag"].casefold() not in brand_tags for t in a["tags_they_use"])
        assert a["best"] and a["best"][0]["lift"] >= a["best"][-1]["lift"]
    assert accounts[0]["hours"] and all(h["posts"] >= 3 for h in accounts[0]["hours"])
    themed = sum(t["posts"] for t in report["themes"])
    assert 0.8 * sum(a["posts"] for a in accounts) <= themed <= sum(a["posts"] for a in accounts)
    assert len(report["themes"]) >= 3


def test_themes_are_named_in_the_language_of_the_posts(instagram: pd.DataFrame, tmp_path: Path) -> None:
    report = compare_competitors("shkola-umnikov", exports(instagram, "shkola-umnikov", tmp_path)).to_json()
    brand_themes = [t["theme"] for t in report["themes"] if t["brand_posts"] > t["competitor_posts"]]
    assert brand_themes and all(any("а" <= ch <= "я" for ch in name) for name in brand_themes)


def _post(i: int, text: str, likes: int, hour: int) -> dict:
    return {"account": "gelateria_rivale", "published_at": f"2026-10-{1 + i % 28:02d}T{hour:02d}:{(i * 7) % 60:02d}:00",
            "text": text, "likes": likes, "comments": 2, "followers": 5000}


def test_a_theme_and_an_hour_that_work_for_a_competitor_become_ideas(tmp_path: Path) -> None:
    rows = [_post(i, f"Il nostro gelato al pistacchio artigianale, gusto {i} #gelato", 400 + i, 23) for i in range(12)]
    rows += [_post(40 + i, f"Nuovo arredamento della sala interna, dettaglio {i}", 100 + i, 9 + i % 4) for i in range(12)]
    export = tmp_path / "gelateria.csv"
    pd.DataFrame(rows).to_csv(export, index=False)
    report = compare_competitors("aurora-caffe", [export]).to_json()
    ideas = {(i["kind"], i["what"]) for i in report["ideas"]}
    assert any(kind == "theme" and ("pistacchio" in what or "gelato" in what or "artigianale" in what)
               for kind, what in ideas), ideas
    assert ("hour", "23:00") in ideas
    assert not any(kind == "theme" and "arredamento" in what for kind, what in ideas)
    rival = report["accounts"][1]
    assert rival["hours"][0]["group"] == "23:00" and rival["hours"][0]["posts"] == 12
    assert rival["tags_they_use"][0]["tag"] == "#gelato" and rival["tags_they_use"][0]["posts"] == 12


def test_bad_competitor_files_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "rival.csv"
    bad.write_text("account,published_at,text,likes\nrival,2026-11-01 10:00,ciao,12\nrival,not a date,ciao,3\n")
    with pytest.raises(HistoryError) as err:
        compare_competitors("aurora-caffe", [bad])
    assert "rival.csv" in str(err.value) and "published_at" in str(err.value) and "row 2" in str(err.value)
    own = tmp_path / "own.csv"
    own.write_text("account,published_at,text,likes\nauroracaffe,2026-11-01 10:00,ciao,12\n")
    with pytest.raises(ReviewError, match="own.csv.*auroracaffe are the brand's own"):
        compare_competitors("aurora-caffe", [own])
    with pytest.raises(ReviewError, match="no competitor export"):
        compare_competitors("aurora-caffe", [])


def test_cli_competitors_writes_json_and_page(instagram: pd.DataFrame, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    files = exports(instagram, "ledgerly", tmp_path / "in")
    code, out, err = run(capsys, "competitors", "--brand", "ledgerly", *map(str, files), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert "*ledgerlyhq" in out and "Themes" in out and "What we would do differently" in out
    data = json.loads((tmp_path / "out" / "competitors.json").read_text("utf-8"))
    assert data["kind"] == "contentkit.competitors" and len(data["accounts"]) == 4
    page = (tmp_path / "out" / "competitors.html").read_text("utf-8")
    checker = _Checker()
    checker.feed(page)
    assert checker.problems == [] and checker.stack == [] and checker.urls == []
    assert "Who posts how often" in page and "What we would do differently" in page
