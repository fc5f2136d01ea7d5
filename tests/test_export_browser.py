"""The HTML report in a real browser: Debian's Chromium, driven by playwright, offline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from contentkit.export.bundle import write_html
from test_export import make_plan

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

# `make test` installs Chromium and sets CONTENTKIT_REQUIRE_BROWSER: there a missing browser fails.
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CONTENTKIT_REQUIRE_BROWSER") != "1",
                                reason="needs Debian chromium at /usr/bin/chromium (apt-get install chromium)")


@contextmanager
def opened(page_file: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    """``page_file`` in Chromium, with the console problems and the requests it makes."""
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


def test_report_opens_without_console_errors_or_network(tmp_path: Path) -> None:
    report = write_html(make_plan(tmp_path / "plan"), tmp_path / "plan.html")
    with opened(report) as (page, problems, requests):
        assert page.locator("article.post").count() == 5
        assert page.locator("img.media").evaluate_all("imgs => imgs.every(i => i.complete && i.naturalWidth > 0)")
        assert page.get_by_text("backend timed out after 3 retries").first.is_visible()

        # The platform chips filter without any script: only Telegram's post stays.
        page.locator("label[for=f-telegram]").click()
        visible = page.locator("article.post").evaluate_all(
            "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")
        assert visible == ["telegram-20261201-1230"]
        page.locator("label[for=f-attn]").click()
        visible = page.locator("article.post").evaluate_all(
            "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")
        assert visible == ["telegram-20261201-1230", "facebook-20261202-1800"]
    assert problems == []
    assert requests and all(url.startswith(("file:", "data:")) for url in requests), requests
