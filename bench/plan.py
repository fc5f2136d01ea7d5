"""Wall time of a 14-day plan per example brand against a loopback OpenAI-compatible server
(in its own process) that answers every request after a fixed 200 ms, beside the latency-bound ideal
(requests / concurrency x 0.2 s) measured in the same run; then, with --local, a full plan
of one brand on the embedded local model (wall time and tokens/s).

Usage: python bench/plan.py [--concurrency 8] [--local aurora-caffe]
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import contentkit as ck
from contentkit.llm.openai_backend import OpenAIBackend

# The loopback server the tests use; it lives with them and is imported from there.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scripted_server import ScriptedServer, Step, reply  # noqa: E402

LATENCY = 0.2
REPEATS = 3
DRAFTS = {
    "it": "Oggi al bancone: il nostro caffè del mattino, tostato qui a Milano. Passate a trovarci!",
    "ru": "Сегодня расскажем, как помочь ребёнку полюбить английский без слёз. Пишите вопросы в комментариях!",
    "en": "Closing the books in two days is possible when invoices match themselves. Here is how teams do it.",
}


class Answers:
    """Every request answered after LATENCY: topic ideas, a draft in the brand's language, or
    for a post that chooses its own topic, "Topic: <an idea>" and the draft.

    Ideas are the opening words of the brand's own past posts. ``distinct``: each idea is
    given once until all have been, near-duplicates left out, as a capable model asked about
    different pillars does. Otherwise each request samples the raw openings, about 40% of
    which repeat another's format ("Real numbers from a ..."): a repetitive model, which sends
    the plan back for a second round of ideas.
    """

    def __init__(self, brand: ck.BrandProfile, distinct: bool = True) -> None:
        from contentkit.plans.topics import is_near_duplicate

        self.draft = DRAFTS[brand.language]
        self.counter = itertools.count()
        self.lock = threading.Lock()
        self.distinct = distinct
        history = ck.load_history(brand.history_path).posts["text"]
        self.ideas = list(dict.fromkeys(" ".join(str(t).split()[:6]).strip(".,!?:") for t in history))
        if distinct:
            unique: list[str] = []
            for idea in self.ideas:
                if not is_near_duplicate(idea, unique):
                    unique.append(idea)
            self.ideas = unique
            random.Random(0).shuffle(self.ideas)
        self.next_idea = itertools.cycle(self.ideas)

    def __call__(self, body: dict) -> Step:
        with self.lock:
            n = next(self.counter)
        if "one topic per line" in body["messages"][-1]["content"].lower():
            asked = re.search(r"List (\d+)", body["messages"][-1]["content"])
            count = int(asked.group(1)) if asked else 8
            if self.distinct:
                with self.lock:
                    text = "\n".join(next(self.next_idea) for _ in range(count))
            else:
                text = "\n".join(random.Random(n).sample(self.ideas, count))
        elif 'as "topic:"' in body["messages"][-1]["content"].lower():  # a post that chooses its topic
            with self.lock:
                topic = next(self.next_idea) if self.distinct else random.Random(n).choice(self.ideas)
            text = f"Topic: {topic}\n\n{self.draft}"
        else:
            text = self.draft
        step = reply(text)
        step.delay = LATENCY
        return step


def serve(slug: str, distinct: bool) -> None:
    """The loopback server, run in a process of its own as a real server is: its request
    handling must not compete with the planner for this process's GIL. Prints its URL, then
    answers "count" on stdin with the number of requests so far; stops at end of input."""
    with ScriptedServer() as server:
        server.queue(*[Answers(ck.load_brand(slug), distinct)] * 5000)
        print(server.url, flush=True)
        for line in sys.stdin:
            if line.strip() == "count":
                print(len(server.requests), flush=True)


class LoopbackServer:
    def __init__(self, slug: str, distinct: bool = True) -> None:
        command = [sys.executable, __file__, "--serve", slug] + ([] if distinct else ["--repetitive"])
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()

    def requests(self) -> int:
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def loopback_plan(slug: str, concurrency: int, images: bool, distinct: bool = True) -> tuple[float, int, int]:
    brand = ck.load_brand(slug)
    with LoopbackServer(slug, distinct) as server, tempfile.TemporaryDirectory() as out:
        backend = OpenAIBackend(model="loopback", base_url=server.url, timeout=10, concurrency=concurrency)
        started = time.perf_counter()
        plan = ck.plan_content(brand, "2026-12-01", 14, backend=backend, out_dir=out,
                               concurrency=concurrency, images=images, history=brand.history_path)
        seconds = time.perf_counter() - started
        return seconds, server.requests(), len(plan.done)


def local_plan(slug: str) -> None:
    from contentkit.llm.registry import get_backend

    brand = ck.load_brand(slug)
    backend = get_backend("local")
    counted = {"tokens": 0}
    complete_many = backend.complete_many

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003 - a transparent wrapper
        replies = complete_many(*args, **kwargs)
        counted["tokens"] += sum(getattr(r, "completion_tokens", 0) for r in replies)
        return replies

    backend.complete_many = counting  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        plan = ck.plan_content(brand, "2026-12-01", 14, backend=backend, out_dir=out, history=brand.history_path)
        seconds = time.perf_counter() - started
    print(f"\nlocal default ({backend.describe()}), {slug}, 14 days: {plan.summary()}")
    print(f"wall {seconds:.1f} s, {seconds / max(1, len(plan.posts)):.1f} s/post, "
          f"{counted['tokens']} generated tokens, {counted['tokens'] / seconds:.1f} tokens/s (incl. images, checks)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--local", metavar="SLUG", help="also plan this brand on the local default model")
    parser.add_argument("--serve", metavar="SLUG", help=argparse.SUPPRESS)  # the loopback server's process
    parser.add_argument("--repetitive", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, not args.repetitive)
        return
    print(f"loopback server, {LATENCY * 1000:.0f} ms per request, concurrency {args.concurrency}")
    loopback_plan(ck.list_brands()[0], args.concurrency, False)  # warm-up: imports, first model fits
    print(f"{'brand':<16} {'ideas':<10} {'images':<7} {'posts':>5} {'requests':>8} {'wall s':>7} {'ideal s':>7} "
          f"{'ratio':>6}")
    for slug in ck.list_brands():
        for distinct, images in ((True, False), (True, True), (False, False)):
            # The median of three runs: one plan is a second long, and a stray scheduling
            # hiccup on a shared machine moves a single run by a few percent.
            runs = sorted((loopback_plan(slug, args.concurrency, images, distinct) for _ in range(REPEATS)),
                          key=lambda run: run[0] / (run[1] / args.concurrency * LATENCY))
            seconds, requests, posts = runs[len(runs) // 2]
            ideal = requests / args.concurrency * LATENCY
            print(f"{slug:<16} {'distinct' if distinct else 'repetitive':<10} {str(images):<7} {posts:>5} "
                  f"{requests:>8} {seconds:>7.2f} {ideal:>7.2f} {seconds / ideal:>5.2f}x")
    print(f"median of {REPEATS} runs each. target: text-only plans within 1.3x of the ideal.\n"
          "'repetitive': a model whose ideas repeat, so that a second round of ideas is needed")
    if args.local:
        local_plan(args.local)


if __name__ == "__main__":
    main()
