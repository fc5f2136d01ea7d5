"""Screenshots of every page of the real app, driven in Chromium: docs/screenshots/app-*.png.

    python docs/make_screenshots.py            # local model (first run converts it: ~1 min)
    python docs/make_screenshots.py --pages write plan
    python docs/make_screenshots.py --pages --report out/aurora-caffe/plan.html   # what make plan wrote

Starts ``streamlit run app.py`` on a free loopback port, opens each page, waits for real
content (drafts from the model, a generated plan, charts) and saves a PNG under 400 KB.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contentkit.ui.server import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
MAX_BYTES = 400_000
SLOW = 900_000  # ms: the local model on a busy two-core machine


def settle(page: Page) -> None:
    """Wait until streamlit has finished running the script and drawing."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=SLOW)
    page.wait_for_timeout(1200)


def open_page(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/?page={name}", wait_until="domcontentloaded")
    settle(page)


def brand(page: Page, base: str) -> None:
    open_page(page, base, "brand")
    page.get_by_role("tab", name="Audience").click()
    page.wait_for_timeout(600)


def write(page: Page, base: str) -> None:
    open_page(page, base, "write")
    page.get_by_label("Topic", exact=True).fill("il nuovo latte d'inverno alla cannella")
    page.get_by_role("button", name="Write drafts").click()
    page.get_by_text("Draft 1", exact=False).first.wait_for(timeout=SLOW)
    settle(page)
    page.locator('[data-testid="stImage"] img').first.wait_for(timeout=120_000)
    page.wait_for_timeout(1000)


def plan(page: Page, base: str) -> None:
    open_page(page, base, "plan")
    page.get_by_label("Days", exact=True).fill("7")
    page.get_by_role("button", name="Generate plan").click()
    page.get_by_text("posts done", exact=False).first.wait_for(timeout=SLOW)
    settle(page)


def insights(page: Page, base: str) -> None:
    open_page(page, base, "insights")
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)


def review(page: Page, base: str) -> None:
    open_page(page, base, "review")
    page.get_by_label("Days before the last post", exact=True).fill("90")
    page.keyboard.press("Enter")
    page.get_by_text("Changes for the next plan").first.wait_for(timeout=60_000)
    settle(page)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)


PAGES = {"brand": brand, "write": write, "plan": plan, "insights": insights, "review": review}


def save(png: bytes, path: Path) -> None:
    """Keep the screenshot under MAX_BYTES: a 256-colour palette if plain PNG is too big."""
    if len(png) > MAX_BYTES:
        image = Image.open(io.BytesIO(png)).convert("RGB")
        buffer = io.BytesIO()
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
        png = buffer.getvalue()
    path.write_bytes(png)
    print(f"{path.relative_to(ROOT)}: {len(png) // 1024} KB")


def report(path: Path, height: int) -> None:
    """The plan report exactly as ``make plan`` wrote it: no text is chosen or edited here."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": height})
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(800)
        save(page.screenshot(), OUT / "plan-report.png")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--height", type=int, default=1500)
    parser.add_argument("--report", type=Path, help="a plan.html from a real run: docs/screenshots/plan-report.png")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.report:
        report(args.report, args.height)
    if not args.pages:
        return
    log = Path(tempfile.gettempdir()) / "contentkit-screenshots-server.log"
    with AppServer(log=log) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": args.height})
        for name in args.pages:
            started = time.perf_counter()
            PAGES[name](page, server.url)
            save(page.screenshot(), OUT / f"app-{name}.png")
            print(f"  {name} took {time.perf_counter() - started:.0f} s")
        browser.close()


if __name__ == "__main__":
    main()
