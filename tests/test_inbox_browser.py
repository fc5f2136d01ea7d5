"""End to end in a real browser: the Inbox page of ``streamlit run app.py``, driven in Chromium.

A community manager uploads an export with a broken row (the page names the row and column),
opens the brand's example inbox, has the packaged SmolLM2 draft the replies on the embedded
path (the llamacpp backend, which starts its own llama-server), edits one, ticks it off and
downloads the replies.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from contentkit.ui.server import CHROMIUM, CHROMIUM_ARGS, AppServer

from contentkit.llm.model_files import packaged_gguf

from fixtures_llm import require_llama_server

# `make test` installs Chromium and sets CONTENTKIT_REQUIRE_BROWSER: there a missing browser fails.
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CONTENTKIT_REQUIRE_BROWSER") != "1",
                                reason="Debian chromium is not installed (apt-get install chromium)")
SLOW_MS = 900_000


def test_a_manager_triages_and_answers_the_inbox_in_the_browser(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    export = tmp_path / "commenti.csv"
    export.write_text("text;created_at\nQuanto costa il corso?;2026-11-29 10:00\n"
                      "Caffè freddo, che delusione;31/31/2026\n", encoding="utf-8")
    require_llama_server()
    env = {"CONTENTKIT_HOME": str(tmp_path / "home"), "CONTENTKIT_BACKEND": "llamacpp",
           "CONTENTKIT_MODEL": str(packaged_gguf())}
    with AppServer(env=env, log=tmp_path / "server.log") as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1600})
            page.goto(f"{server.url}/?page=inbox", wait_until="domcontentloaded")
            expect(page.get_by_role("heading", name="Inbox")).to_be_visible(timeout=120_000)
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=120_000)
            expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()

            page.get_by_text("Upload a CSV or JSON").click()
            page.locator("input[type=file]").first.set_input_files(str(export))
            expect(page.get_by_text(re.compile(r"commenti\.csv row 2, column created_at: '31/31/2026'"))) \
                .to_be_visible(timeout=120_000)
            expect(page.get_by_text("1 row(s) could not be used")).to_be_visible()

            page.get_by_text("Example inbox of Aurora Caffè").click()
            # The example's items must be on the page before the button is pressed: a click
            # during the rerun lands on the uploaded inbox's button, which the rerun discards.
            expect(page.get_by_text("0 of 17 done")).to_be_visible(timeout=120_000)
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=120_000)
            page.get_by_role("button", name="Draft replies").click()
            replies = page.get_by_label("Reply", exact=True)
            expect(replies.first).to_be_visible(timeout=SLOW_MS)
            values = [replies.nth(i).input_value() for i in range(replies.count())]
            assert any(v.startswith("Siamo aperti dal lunedì al venerdì") for v in values), values  # canned
            assert any(v.strip() and not v.startswith(("Siamo aperti", "Il corso", "Yes! We have", "Sì! Abbiamo"))
                       for v in values), values  # and the model's
            expect(page.get_by_test_id("stException")).to_have_count(0)
            expect(page.get_by_text("Hide or delete (spam)").first).to_be_visible()

            first = replies.first
            first.fill("Grazie per averci scritto: ti rispondiamo subito in privato.")
            first.press("Control+Enter")
            expect(page.get_by_test_id("stCode").filter(has_text="ti rispondiamo subito in privato").first) \
                .to_be_visible(timeout=60_000)
            # has_text="Done" also matched the "Hide items marked done" toggle, so CI clicked that
            # (off its label: "0 of 17 done"); name the item's own box, once the edit's rerun is over.
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
            page.get_by_test_id("stCheckbox").get_by_text("Done", exact=True).first.click()
            expect(page.get_by_text("1 of 17 done")).to_be_visible(timeout=60_000)
            with page.expect_download() as download:
                page.get_by_role("button", name="Download replies (CSV)").click()
            rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
            assert len(rows) == 17 and "Grazie per averci scritto: ti rispondiamo subito in privato." in \
                {r["reply"] for r in rows}
            page.screenshot(path=str(tmp_path / "inbox.png"), full_page=True)
            assert (tmp_path / "inbox.png").stat().st_size > 50_000
        finally:
            browser.close()
