"""How fast the Streamlit app feels: a plan on the page beside the same plan on the command
line, and drafts on the local default model.

    python bench/app.py [--plan-only] [--days 3] [--runs 2]

First the plan: the same DAYS-day plan of aurora-caffe (its example history, images on)
against one loopback OpenAI-compatible server (bench/plan.py's, 200 ms a request), made by
`contentkit plan` and by the page's "Generate plan" button in Chromium, the server started
as a user starts it (so .streamlit/config.toml decides the file watcher). Prints both wall
times and page / CLI; the target is within 1.2x. The CLI's time includes starting Python,
the page's the rerun that shows the plan.

Then, unless --plan-only: server start to healthy, to the first page rendered in Chromium;
per click on "Write drafts", the time to the first streamed text and to the finished draft
card. The first click includes loading the model into the server (a converted copy under
CONTENTKIT_HOME; the very first run on a machine converts the GGUF too).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contentkit.llm.model_files import DEFAULT_MODEL, models_dir  # noqa: E402
from contentkit.ui.server import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402

SLOW_MS = 900_000
BRAND = "aurora-caffe"


def _next_monday() -> date:
    today = date.today()  # the page's default start
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def cli_plan(url: str, days: int, out: Path) -> float:
    env = {**os.environ, "OPENAI_BASE_URL": url, "CONTENTKIT_MODEL": "loopback", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "contentkit", "plan", "--brand", BRAND, "--start", _next_monday().isoformat(),
               "--days", str(days), "--history", str(ROOT / "brand_profiles" / BRAND / "history.csv"),
               "--out", str(out), "--backend", "openai"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"contentkit plan failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    print("  cli:  " + next(line for line in done.stdout.splitlines() if "posts done" in line))
    return seconds


def api_plan(url: str, days: int, out: Path) -> float:
    """The plan alone, in this process: no interpreter start and no exports, which the CLI adds."""
    import contentkit as ck
    from contentkit.llm.openai_backend import OpenAIBackend

    brand = ck.load_brand(BRAND)
    started = time.perf_counter()
    ck.plan_content(brand, _next_monday(), days, backend=OpenAIBackend(model="loopback", base_url=url),
                    history=brand.history_path, out_dir=out)
    return time.perf_counter() - started


def page_plan(pw, url: str, days: int, home: Path, watcher: str | None) -> float:  # noqa: ANN001 - playwright's
    env = {"OPENAI_BASE_URL": url, "CONTENTKIT_MODEL": "loopback", "CONTENTKIT_BACKEND": "openai",
           "CONTENTKIT_HOME": str(home)}
    if watcher:  # what a developer's override costs; by default the shipped config decides
        env["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] = watcher
    with AppServer(env=env, log=home / "server.log") as server:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1200})
            page.goto(f"{server.url}/?page=plan", wait_until="domcontentloaded")
            expect(page.get_by_role("button", name="Generate plan")).to_be_visible(timeout=120_000)
            page.get_by_label("Days").fill(str(days))
            page.get_by_label("Days").press("Tab")
            started = time.perf_counter()
            page.get_by_role("button", name="Generate plan").click()
            summary = page.get_by_text("posts done", exact=False).first
            summary.wait_for(timeout=SLOW_MS)
            seconds = time.perf_counter() - started
            print(f"  page: {summary.inner_text().strip()}")
            return seconds
        finally:
            browser.close()


def plan_times(days: int, watcher: str | None) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from plan import LATENCY, LoopbackServer  # bench/plan.py's server, in its own process

    print(f"{days}-day plan of {BRAND}, loopback server at {LATENCY * 1000:.0f} ms a request, images on")
    with LoopbackServer(BRAND) as server, sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        cli_plan(server.url, days, Path(tmp) / "warm-up")  # first imports and font caches, not measured
        cli = cli_plan(server.url, days, Path(tmp) / "cli")
        api = api_plan(server.url, days, Path(tmp) / "api")
        home = Path(tmp) / "home"
        home.mkdir()
        page = page_plan(pw, server.url, days, home, watcher)
    if watcher:
        print(f"(page with the file watcher set to '{watcher}')")
    print(f"page {page:6.1f} s, CLI {cli:6.1f} s, page / CLI {page / cli:4.2f}x (target: within 1.2x)")
    print(f"plan_content alone (no Python start, no exports) {api:6.1f} s: page / that {page / api:4.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="clicks on Write drafts (default 2)")
    parser.add_argument("--days", type=int, default=3, help="days of the plan timed on page and CLI (default 3)")
    parser.add_argument("--plan-only", action="store_true", help="only the plan on page and CLI")
    parser.add_argument("--watcher", choices=["auto", "watchdog", "poll"],
                        help="run the page with this file watcher instead of the shipped config's 'none'")
    args = parser.parse_args()
    plan_times(args.days, args.watcher)
    if args.plan_only:
        return
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
