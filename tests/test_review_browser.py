"""The review and competitor pages in a real browser: Debian's Chromium via playwright, offline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contentkit.export.review_report import write_review_html
from contentkit.review.period import review_period
from test_export_browser import CHROMIUM, opened
from test_review_competitors import account_exports

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CONTENTKIT_REQUIRE_BROWSER") != "1",
                                reason="needs Debian chromium at /usr/bin/chromium (apt-get install chromium)")
ROOT = Path(__file__).resolve().parent.parent


def test_review_page_renders_offline_with_its_pictures(tmp_path: Path) -> None:
    review = review_period("aurora-caffe", ROOT / "brand_profiles" / "aurora-caffe" / "history.csv", days=90)
    page_file = write_review_html(review, tmp_path / "review.html", brand=None)
    with opened(page_file) as (page, problems, requests):
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
    from contentkit.export.rivals_report import write_competitors_html
    from contentkit.review.rivals import compare_competitors

    files = account_exports(shared_data, ("annybakhireva", "aliona_hilt", "lorana_yoga"), tmp_path)
    report = compare_competitors("shkola-umnikov", files)
    page_file = write_competitors_html(report, tmp_path / "competitors.html")
    with opened(page_file) as (page, problems, requests):
        assert page.get_by_text("Who posts how often, and how people react").is_visible()
        # Two bars per account (posts a week, ER), the brand's first.
        assert page.locator(".lrow").count() == 2 * 4
        assert page.locator(".lrow .lab").first.inner_text().startswith("shkola_umnikov")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
