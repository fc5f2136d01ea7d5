"""The review and competitor pages in a real browser: Debian's Chromium via playwright, offline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from contentkit.export.review_report import write_review_html
from contentkit.review.period import review_period
from test_export_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CONTENTKIT_REQUIRE_BROWSER") != "1",
                                reason="needs Debian chromium at /usr/bin/chromium (apt-get install chromium)")
ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def _opened(page_file: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    """The page in Chromium, with the console problems and the requests it makes."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri(), wait_until="load")
            yield page, problems, requests
        finally:
            browser.close()


def test_review_page_renders_offline_with_its_pictures(tmp_path: Path) -> None:
    review = review_period("aurora-caffe", ROOT / "brand_profiles" / "aurora-caffe" / "history.csv", days=90)
    page_file = write_review_html(review, tmp_path / "review.html", brand=None)
    with _opened(page_file) as (page, problems, requests):
        heat = page.locator('table.heat[aria-label="ER by hour and weekday"]')
        assert heat.is_visible()
        # Every coloured cell shows the posts behind it, and they add up to the period's posts.
        counts = heat.locator("td[title]").evaluate_all("tds => tds.map(t => Number(t.textContent))")
        assert sum(counts) == len(review.posts)
        assert page.get_by_text("Pillar mix: planned vs published").is_visible()
        assert page.locator(".lrow").count() >= 8
        # The page fits the window: no sideways scrolling on a laptop.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests


def test_competitor_page_renders_offline(tmp_path: Path, shared_data: Path) -> None:
    import pandas as pd

    from contentkit.export.rivals_report import write_competitors_html
    from contentkit.review.rivals import compare_competitors

    data = pd.read_csv(shared_data / "instagram" / "posts.csv.gz")
    files = []
    for account in ("annybakhireva", "aliona_hilt", "lorana_yoga"):
        files.append(tmp_path / f"{account}.csv")
        data[data["account"] == account].to_csv(files[-1], index=False)
    report = compare_competitors("shkola-umnikov", files)
    page_file = write_competitors_html(report, tmp_path / "competitors.html")
    with _opened(page_file) as (page, problems, requests):
        assert page.get_by_text("Who posts how often, and how people react").is_visible()
        # Two bars per account (posts a week, ER), the brand's first.
        assert page.locator(".lrow").count() == 2 * 4
        assert page.locator(".lrow .lab").first.inner_text().startswith("shkola_umnikov")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
