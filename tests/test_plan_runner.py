"""The plan runner's parallel path: request threads, urgent retries, background history,
and the small pieces it is built from (RequestPool, Quiet, DraftJob)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

import contentkit as ck
from contentkit.plans.checkpoint import Checkpoint
from contentkit.drafting import Brief, DraftJob
from contentkit.errors import HistoryError
from contentkit.llm.base import Completion
from contentkit.llm.fake import FakeBackend
from contentkit.plans.parts import best_times_from_history
from contentkit.plans.request_pool import Quiet, RequestPool
from contentkit.plans.slots import make_slots
from contentkit.plans.topics import choose_topics

IDEAS = ["Il cappuccino perfetto a casa", "Come si tosta il caffè", "La colazione del sabato",
         "Storia del cornetto milanese", "Moka o filtro: quale scegliere", "Il nostro nuovo lotto etiope",
         "Latte art per principianti", "Dietro il bancone con Giulia", "Il pane del vicino di bottega",
         "Un tè per chi non beve caffè", "Cioccolata calda come una volta", "La tazza giusta per l'espresso"]
DRAFT = "Oggi vi raccontiamo il nostro caffè del mattino. Passate a trovarci in via Borsieri! ☕"


class ServerLike(FakeBackend):
    """A fake that serves requests in parallel, as a server does: the plan uses its threads."""

    concurrent: ClassVar[bool] = True

    def __init__(self, delay: float = 0.01, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.delay = delay
        self.lock = threading.Lock()
        self.asked_ideas = 0

    def complete(self, messages, **kwargs) -> Completion:  # noqa: ANN001, ANN003 - the protocol's
        time.sleep(self.delay)  # requests overlap in time, as on a server
        if "one topic per line" in messages[-1]["content"].lower():
            with self.lock:
                start, self.asked_ideas = self.asked_ideas, self.asked_ideas + 1
            # Each pillar gets different ideas, as a capable model gives.
            return Completion(text="\n".join(IDEAS[(start * 3 + i) % len(IDEAS)] + f" ({start})"
                                             for i in range(8)), model=self.model)
        return super().complete(messages, **kwargs)


@pytest.fixture(scope="module")
def brand() -> ck.BrandProfile:
    return ck.load_brand("aurora-caffe")


def test_parallel_plan_with_history_moves_topics_to_the_learned_times(tmp_path: Path,
                                                                      brand: ck.BrandProfile) -> None:
    history = ck.load_history(brand.history_path)
    learned = make_slots(brand, "2026-12-01", 14, best_times=best_times_from_history(history, brand))
    preferred = make_slots(brand, "2026-12-01", 14)
    assert {s.id for s in learned} != {s.id for s in preferred}  # else this test would prove nothing

    backend = ServerLike(default=DRAFT)
    plan = ck.plan_content(brand, "2026-12-01", 14, backend=backend, history=brand.history_path,
                           out_dir=tmp_path, concurrency=4, images=False)
    assert [p.id for p in plan.posts] == [s.id for s in learned] and not plan.failed
    # Topics were asked for before the history was read: each is saved under its final slot
    # and the slot keeps its pillar.
    saved = Checkpoint(tmp_path / "plan.jsonl").read()
    assert set(saved.topics) == {s.id for s in learned}
    assert [p.slot.pillar for p in plan.posts] == [s.pillar for s in learned]
    assert len({p.topic for p in plan.posts}) == len(plan.posts)
    assert all(p.hashtags for p in plan.posts)  # the suggester trained beside the requests


def test_a_rejected_draft_is_asked_again_before_queued_first_drafts(tmp_path: Path, brand: ck.BrandProfile,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    lock = threading.Lock()
    retry_queued = threading.Event()

    def answer(messages: list[dict[str, str]]) -> str:
        retry = "write the full post text now" in messages[-1]["content"].lower()
        with lock:
            order.append("retry" if retry else "first")
            first_draft, count = order == ["first"], len(order)
        if not retry and count >= 3:
            # Both request threads wait inside a first draft until the retry is queued, so the
            # queue then holds it and first drafts: which one starts next is the queue's choice
            # alone, not how fast a busy machine reviewed the first reply (CI failed on that).
            assert retry_queued.wait(20), "the empty first draft was never asked again"
        return "" if first_draft else DRAFT  # the very first draft comes back empty

    started: list[str] = []  # list.append is atomic: no lock that a thread could wait on
    queued_at: list[int] = []
    submit = RequestPool.submit

    sent: set[str] = set()

    def noting_submit(self: RequestPool, fn, *args, urgent: bool = False):  # noqa: ANN001, ANN002, ANN202
        # A slot's second request is its retry; "other" are the idea lists (urgent too).
        kind = "other"
        if getattr(fn, "__name__", "") == "_send":
            kind = "retry" if args[0].id in sent else "first"
            sent.add(args[0].id)

        def run(*given):  # noqa: ANN002, ANN202
            started.append(kind)
            return fn(*given)

        if kind != "retry":
            return submit(self, run, *args, urgent=urgent)
        queued_at.append(len(started))
        future = submit(self, run, *args, urgent=urgent)
        retry_queued.set()
        return future

    monkeypatch.setattr(RequestPool, "submit", noting_submit)
    backend = ServerLike(default=answer)
    # Given topics: every draft request is a plain one (no post chooses its own topic).
    plan = ck.plan_content(brand, "2026-12-01", 14, backend=backend, out_dir=tmp_path, concurrency=2,
                           images=False, topics=IDEAS)
    assert not plan.failed and len(plan.done) == len(make_slots(brand, "2026-12-01", 14))
    assert order.count("retry") == 1 and len(order) == len(plan.done) + 1
    assert len(queued_at) == 1 and queued_at[0] < len(started) - 3, "first drafts were still waiting"
    # Once it is queued, a thread that frees takes the retry (or an idea list queued before it,
    # as urgent too). Only a thread that had taken a first draft just before, and not yet noted
    # its start, can start one in between: at most one per thread, whatever the timing.
    between = started[queued_at[0]:started.index("retry")]
    assert between.count("first") <= 2, (queued_at, started)


def test_a_broken_history_fails_with_its_file_and_saves_no_topics(tmp_path: Path, brand: ck.BrandProfile) -> None:
    broken = tmp_path / "posts.csv"
    broken.write_text("this,is,not\na,post,history\n", encoding="utf-8")
    with pytest.raises(HistoryError, match="posts.csv"):
        ck.plan_content(brand, "2026-12-01", 7, backend=ServerLike(default=DRAFT), history=broken,
                        out_dir=tmp_path / "plan", images=False)
    assert not Checkpoint(tmp_path / "plan" / "plan.jsonl").read().topics


def test_ideas_are_asked_with_spares(brand: ck.BrandProfile) -> None:
    asked: list[int] = []

    def ideate(requests):
        asked.extend(count for _, count, _ in requests)
        ideas = iter(IDEAS)
        return enumerate([[next(ideas) for _ in range(n)] for _, n, _ in requests])

    pillars = [brand.pillars[0].name] * 6 + [brand.pillars[1].name]
    choose_topics(brand, pillars, ideate)
    assert asked == [6 + 3, 1 + 2]


def test_draft_job_asks_once_more_and_keeps_the_better_reply(brand: ck.BrandProfile) -> None:
    backend = FakeBackend()
    job = DraftJob(brand, Brief(topic="Il cappuccino perfetto a casa", platform="instagram"), backend, seed=7)
    first = job.next_messages()
    assert job.seed == 7 and job.next_messages() is first  # built once
    assert job.take(Completion(text="", model="m1")) is True  # empty: asked again
    assert job.seed == 8 and job.next_messages() is not first
    assert "empty" in job.next_messages()[-1]["content"].lower() or job.next_messages()[-1] != first[-1]
    assert job.take(Completion(text=DRAFT, model="m2")) is False
    draft = job.result()
    assert draft.text.startswith("Oggi") and draft.model == "m2"
    assert any("asked again" in r for r in draft.repairs)


def test_request_pool_runs_urgent_calls_first_and_cancels_on_error() -> None:
    gate = threading.Event()
    ran: list[str] = []
    with RequestPool(1, "test") as pool:
        blocker = pool.submit(gate.wait)  # holds the only thread while the queue fills
        later = [pool.submit(ran.append, f"normal {i}") for i in range(3)]
        urgent = pool.submit(ran.append, "urgent", urgent=True)
        gate.set()
        for future in [blocker, *later, urgent]:
            future.result(timeout=5)
    assert ran == ["urgent", "normal 0", "normal 1", "normal 2"]

    failing = RequestPool(1, "test")
    boom = failing.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        boom.result(timeout=5)
    gate.clear()
    with pytest.raises(RuntimeError), failing:
        failing.submit(gate.wait)
        queued = failing.submit(ran.append, "never")
        threading.Timer(0.1, gate.set).start()
        raise RuntimeError("Ctrl-C")
    assert queued.cancelled() and "never" not in ran


def test_quiet_waits_for_busy_spells() -> None:
    quiet, events = Quiet(), []

    def background() -> None:
        quiet.wait()
        events.append("background")

    with quiet.busy():
        worker = threading.Thread(target=background)
        worker.start()
        time.sleep(0.05)
        events.append("request sent")
    worker.join(timeout=5)
    assert events == ["request sent", "background"]


def test_the_pace_says_seconds_per_post_and_time_left_for_this_run_only() -> None:
    from contentkit.plans.pace import Pace

    now = [100.0]
    pace = Pace(clock=lambda: now[0])
    pace.update(4, 22)  # a resumed plan: four posts came from an earlier run
    assert pace.describe() == "4 of 22 posts"
    now[0] += 60.0
    pace.update(6, 22)
    assert pace.describe() == "6 of 22 posts · 30 s per post · about 8 min left"
    now[0] += 30.0 * 16
    pace.update(22, 22)
    assert pace.speed() == "30 s per post · finishing"


def test_a_slot_that_failed_is_asked_with_other_seeds_when_the_plan_is_run_again(tmp_path) -> None:
    import contentkit as ck
    from contentkit.llm.base import Completion
    from contentkit.llm.fake import FakeBackend
    from contentkit.plans.runner import RETRY_SEED

    class SeededServer(FakeBackend):
        """A server whose model gives nothing usable under the first run's seeds."""

        concurrent = True

        def complete(self, messages, *, max_tokens=400, temperature=0.7, json_mode=False, seed=None):
            seeds.append(seed)
            if seed is not None and seed < RETRY_SEED:
                return Completion(text="", model=self.model)
            return super().complete(messages, max_tokens=max_tokens, temperature=temperature, seed=seed)

    seeds: list = []
    backend = SeededServer(default="Good morning from the team: three quick ways to get invoices paid on time.")
    request = dict(backend=backend, out_dir=tmp_path, images=False, history=False, platforms=["linkedin"],
                   topics=["getting paid on time"])
    first = ck.plan_content("ledgerly", "2026-12-07", 1, **request)
    assert first.failed and not first.done
    again = ck.plan_content("ledgerly", "2026-12-07", 1, **request)
    assert again.done and not again.failed
    assert max(seeds) >= RETRY_SEED
