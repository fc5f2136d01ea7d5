"""How fast the Streamlit app feels on the local default model.

    python bench/app.py [--runs 2]

Prints: server start to healthy, to the first page rendered in Chromium; then, per click on
"Write drafts", the time to the first streamed text and to the finished draft card. The
first click includes loading the model into the server (a converted copy under
CONTENTKIT_HOME; the very first run on a machine converts the GGUF too).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contentkit.llm.model_files import DEFAULT_MODEL, models_dir  # noqa: E402
from contentkit.ui.server import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402

SLOW_MS = 900_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="clicks on Write drafts (default 2)")
    args = parser.parse_args()
    converted = (models_dir() / DEFAULT_MODEL / "config.json").is_file()
    print(f"local model {DEFAULT_MODEL}; converted copy cached: {converted}")
    server = AppServer(env={"CONTENTKIT_BACKEND": "local"})
    started = time.perf_counter()
    with server, sync_playwright() as pw:
        healthy = time.perf_counter() - started
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1200})
        page.goto(f"{server.url}/?page=write", wait_until="domcontentloaded")
        expect(page.get_by_role("button", name="Write drafts")).to_be_visible(timeout=120_000)
        rendered = time.perf_counter() - started
        print(f"server start -> healthy:              {healthy:6.1f} s")
        print(f"server start -> first page rendered:  {rendered:6.1f} s")
        for run in range(1, args.runs + 1):
            page.get_by_label("Topic", exact=True).fill(f"il nuovo latte d'inverno alla cannella ({run})")
            clicked = time.perf_counter()
            page.get_by_role("button", name="Write drafts").click()
            page.locator('[data-testid="stMarkdownContainer"] p', has_text="▌").first.wait_for(timeout=SLOW_MS)
            first_text = time.perf_counter() - clicked
            expect(page.get_by_role("heading", name="Draft 1 · Instagram")).to_be_visible(timeout=SLOW_MS)
            shown = time.perf_counter() - clicked
            label = "first click (loads the model)" if run == 1 else f"click {run} (model loaded)"
            print(f"{label}: first streamed text {first_text:6.1f} s, draft shown {shown:6.1f} s")
        browser.close()


if __name__ == "__main__":
    main()
