"""Two-week content plans: slots, topics, then a checked draft, hashtags and an image per
slot, generated in batch and written to ``out_dir/plan.jsonl`` as each post finishes, so
that a rerun of the same request resumes where the last one stopped."""

from __future__ import annotations

import os
import threading
import time as clock
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .. import spelling
from ..brand import BrandProfile, load_brand
from ..config import user_dir
from ..drafting import Brief, Draft, DraftJob, as_error, draft_many, token_budget
from ..errors import ContentkitError
from ..llm.base import Completion
from ..writing.facts import Told, sentences
from .checkpoint import Checkpoint, Records
from .history import PlanHistory
from .model import ContentPlan, PlannedPost, Slot
from .own_topics import angles, own_topic_counts, own_topic_messages, settle_own_topic
from .parts import make_ideator, make_image
from .request import check_plan_arguments
from .request_pool import Quiet, RequestPool
from .slots import _as_date, make_slots, past_start
from .topics import Taken, choose_topics, fallback_topics, split_own_topic

if TYPE_CHECKING:
    import pandas as pd

    from ..history import PostHistory
    from ..llm.base import Backend, Messages

Progress = Callable[[int, int, PlannedPost | None], None]
RETRY_SEED = 7919
"""progress(finished, total, the post just finished or None at the start)."""


def plan_content(
    brand: BrandProfile | str | Path,
    start: date | str,
    days: int = 14,
    *,
    history: PostHistory | pd.DataFrame | str | Path | Literal[False] | None = None,
    platforms: Sequence[str] | None = None,
    topics: Sequence[str] | None = None,
    backend: Backend | str | None = None,
    model: str | None = None,
    out_dir: str | Path | None = None,
    concurrency: int | None = None,
    progress: Progress | None = None,
    images: bool = True,
    overwrite: bool = False,
) -> ContentPlan:
    """Plan ``days`` days of posts for ``brand`` from ``start``; resumes from ``out_dir``.

    ``history`` (a post-history CSV, DataFrame or PostHistory) teaches posting times and
    hashtags; by default the brand folder's history (see plans.history.default_history),
    ``False`` for none; ``topics`` are used before any the model ideates. A post that fails even
    after the backend's retries is recorded as failed with its reason and the rest go on.
    ``out_dir`` holds one plan (brand, start, days): another's is refused unless ``overwrite``;
    and one run at a time: a second run on it raises PlanError naming the first one's process.
    """
    from ..drafting import resolve_backend

    platforms, topics = check_plan_arguments(days, platforms, topics, concurrency)
    brand = load_brand(brand)
    start = _as_date(start)
    out = Path(out_dir) if out_dir else user_dir() / "plans" / f"{brand.slug}-{start}-{days}d"
    # Slots at the brand's preferred times first: a bad request fails before any work, and a
    # new plan can ask for topics while the history loads (see plans.history).
    guess = make_slots(brand, start, days, platforms=platforms)
    checkpoint = Checkpoint(out / "plan.jsonl")
    # The folder is this run's until it returns or raises: a second run stops at once (plans.lock).
    with checkpoint.claim({"brand": brand.slug, "start": start.isoformat(), "days": days}, overwrite=overwrite):
        earlier = checkpoint.read()
        chosen = resolve_backend(backend, model)
        chosen.interrupted = False  # a backend stopped by an earlier Ctrl-C: this run goes on
        chosen.check_ready()
        spelling.warm(brand.language)  # read while the first requests are out, not when they land
        runner = _Runner(brand, chosen, out, checkpoint, progress, images)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="history") as background:
            runner.history = learned = PlanHistory(history, brand, start, days, platforms, guess, background)
            if earlier.empty:
                runner.report(0, len(guess), None)
                runner.run([], guess, learned.move, topics or (), concurrency)
            else:
                slots = learned.slots()
                todo = [slot for slot in slots if earlier.posts.get(slot.id, {}).get("status") != "done"]
                runner.report(len(slots) - len(todo), len(slots), None)
                if todo:
                    runner.run([(slot, earlier.topics[slot.id]) for slot in slots if slot.id in earlier.topics],
                               [slot for slot in slots if slot.id not in earlier.topics], lambda slot: slot,
                               topics or (), concurrency, earlier)
            slots = learned.slots()
            used = learned.describe()
        finished = checkpoint.read().posts
        posts = [PlannedPost.from_json(finished[s.id]) for s in slots if s.id in finished]
        return ContentPlan(brand=brand.slug, start=start.isoformat(), days=days, timezone=brand.timezone,
                           posts=posts, out_dir=out, notes=[n for n in [past_start(brand, start)] if n],
                           history=used)


class _Runner:
    """The state one plan run shares between its workers.

    With a backend that serves requests in parallel, request threads only talk to the model:
    a reply goes to a finisher thread that reviews it (and asks again when the checks say so),
    then adds hashtags and the image and writes the checkpoint, so each request thread sends
    its next request at once instead of waiting behind CPU work. A local model batches
    instead and is finished in line.
    """

    def __init__(self, brand: BrandProfile, backend: Backend, out: Path, checkpoint: Checkpoint,
                 progress: Progress | None, images: bool) -> None:
        self.brand, self.backend, self.out, self.checkpoint = brand, backend, out, checkpoint
        self.progress, self.images = progress, images
        self.history: PlanHistory | None = None
        self._told = Told()  # the brand's facts the plan's posts have told
        self.finished = self.total = 0
        self._lock = threading.Condition()
        self._open = 0  # tasks submitted and not yet done
        self._error: BaseException | None = None
        self._quiet = Quiet()
        self._taken = Taken()
        self._unsaved: list[tuple[str, dict[str, Any]]] = []
        self._failed_before: set[str] = set()

    def report(self, finished: int, total: int, post: PlannedPost | None) -> None:
        self.finished, self.total = finished, total
        if self.progress is not None:
            self.progress(finished, total, post)

    def run(self, known: list[tuple[Slot, str]], missing: list[Slot], move: Callable[[Slot], Slot],
            given: Sequence[str], concurrency: int | None, earlier: Records | None = None) -> None:
        """Draft every slot as soon as its topic is settled: those in ``known`` at once, then
        the ``missing`` ones (``move`` gives their final slot) as the model's ideas come in;
        with a server, some of them in requests that choose their own topic (own_topics),
        sent beside the idea lists. A slot whose draft an earlier run saved is only finished."""
        earlier = earlier or Records({}, {}, {})
        # What the saved posts of a resumed plan told is told: a post drafted now must not say
        # it again (a riddle saved before a crash came back in a post after the rerun).
        for saved in [*earlier.posts.values(), *(d["draft"] for d in earlier.drafts.values())]:
            if saved.get("status", "done") == "done" and saved.get("text"):
                self._told.add(s for part in saved["text"].split("\n\n") for s in sentences(part))
        # A slot that failed before is asked with other seeds: the same seed would give the
        # model's same unusable replies again, and the rerun that the CLI advises would be in vain.
        self._failed_before = {key for key, post in earlier.posts.items() if post.get("status") == "failed"}
        size = concurrency or 8
        batch: list[tuple[Slot, str]] = []  # for backends that batch rather than run in parallel
        # Images are CPU work (Pillow releases the GIL while it draws and encodes): one
        # finisher per core (up to four); reviews and hashtags alone need one.
        finishers = min(4, os.cpu_count() or 1) if self.images else 1
        with (ThreadPoolExecutor(max_workers=finishers, thread_name_prefix="finish") as finish,
              RequestPool(size, "plan", on_interrupt=self.backend.interrupt) as requests):
            self._requests, self._finishers = requests, finish

            def ready(pairs: list[tuple[Slot, str]]) -> None:
                for slot, topic in pairs:
                    if earlier.posts.get(slot.id, {}).get("status") == "done":
                        continue
                    saved = earlier.drafts.get(slot.id)
                    if saved and saved["draft"]["topic"] == topic:
                        self._later(self._record, slot, topic, Draft(**saved["draft"]), saved["seconds"])
                    elif self.backend.concurrent:
                        self._start(slot, topic)
                    else:
                        batch.append((slot, topic))

            given = [t for t in given if t not in earlier.topics.values()]
            mine = self._own_topic_slots(missing, given, size)
            listed = [slot for slot in missing if slot not in mine]
            self._taken = Taken(earlier.topics.values(), facts_of=self.history.facts_of, told=self._told,
                                statement=self.history.is_statement)

            def chosen(pairs: list[tuple[int, str]]) -> None:
                with self._quiet.busy():  # their drafts go out now
                    settled = [(move(listed[index]), topic) for index, topic in pairs]
                    ready(settled)
                self._save_topics_later(settled)
                # The next pillar's reply waits until these drafts are sent, unless
                # request threads would sit idle meanwhile.
                if requests.waiting() >= requests.size:
                    self._quiet.wait()

            asked: list[bool] = []

            def ask_own() -> None:  # once the idea lists are out: they go first
                if not asked:
                    asked.append(True)
                    for slot, (angle, persona) in zip(mine, angles(self.brand, len(mine))):
                        self._request(self._send_own, slot, move, angle, persona, 0, 0.0)
                self.history.start()

            ready(known)
            if listed:
                choose_topics(self.brand, [slot.pillar for slot in listed],
                              make_ideator(self.brand, self.backend, requests, ask_own,
                                           day=listed[len(listed) // 2].when.date()),
                              given=given, avoid=self._taken, on_chosen=chosen, more=self.history.themes,
                              grounded=self.history.grounded, around=self.history.words_around)
            ask_own()
            batch.sort(key=lambda pair: (pair[0].platform, pair[0].when))
            for first in range(0, len(batch), size):
                self._draft_batch(batch[first:first + size])
            with self._lock:  # tasks add tasks (a retry, the finishing): wait for all of them
                self._lock.wait_for(lambda: self._open == 0)
            if self._error is not None:
                raise self._error

    # -- tasks, counted so that run() knows when all are done ------------------------------
    def _request(self, fn: Callable[..., None], *args: Any, urgent: bool = False) -> None:
        self._track(self._requests.submit(fn, *args, urgent=urgent))

    def _later(self, fn: Callable[..., None], *args: Any) -> None:
        self._track(self._finishers.submit(self._when_quiet, fn, *args))

    def _save_topics_later(self, settled: list[tuple[Slot, str]]) -> None:
        """Topics are saved once their requests are out, together: the finisher saves them
        before any of their drafts (it works in order), and a crash before that loses no
        generated text, only requests in flight."""
        with self._lock:
            first = not self._unsaved
            self._unsaved.extend(("topic", {"id": slot.id, "topic": topic}) for slot, topic in settled)
        if first:
            self._later(self._save_topics)

    def _save_topics(self) -> None:
        with self._lock:
            records, self._unsaved = self._unsaved, []
        self.checkpoint.append_many(records)

    def _when_quiet(self, fn: Callable[..., None], *args: Any) -> None:
        self._quiet.wait()
        fn(*args)

    def _track(self, future: Future[None]) -> None:
        with self._lock:
            self._open += 1
        future.add_done_callback(self._untrack)

    def _untrack(self, future: Future[None]) -> None:
        with self._lock:
            self._open -= 1
            if not future.cancelled() and future.exception() is not None and self._error is None:
                self._error = future.exception()
            self._lock.notify_all()

    # -- a backend that serves requests in parallel ----------------------------------------
    def _start(self, slot: Slot, topic: str) -> None:
        try:
            job = DraftJob(self.brand, self._brief(slot, topic), self.backend,
                           seed=RETRY_SEED if slot.id in self._failed_before else 0, told=self._told)
        except ContentkitError as exc:  # a bad brief: this post fails, the rest go on
            self._later(self._record, slot, topic, exc, 0.0)
            return
        self._request(self._send, slot, topic, job, 0.0)
        self._later(self._prepare, job)

    @staticmethod
    def _prepare(job: DraftJob) -> None:
        """Build a draft's messages ahead, in a quiet moment, unless a request thread gets there first."""
        try:
            job.next_messages()
        except ContentkitError:
            pass  # _send meets the same error and records the post as failed

    def _send(self, slot: Slot, topic: str, job: DraftJob, started: float) -> None:
        """On a request thread: one request for the slot's draft, the reply to a finisher."""
        with self._quiet.busy():
            started = started or clock.perf_counter()
            try:
                messages = job.next_messages()
            except ContentkitError as exc:  # a broken prompt template: this post fails, the rest go on
                self._later(self._record, slot, topic, exc, 0.0)
                return
        replies: list[Any] = []
        for seed in job.seeds():  # the candidates, one after another: the server's slots are shared
            try:
                replies.append(self.backend.complete(messages, max_tokens=job.budget, temperature=job.temperature,
                                                     seed=seed, json_mode=job.schema or False))
            except Exception as exc:  # noqa: BLE001 - the backend has retried; the job records the failure
                replies.append(exc)
        if self.backend.interrupted:  # Ctrl-C cut these replies: the rerun drafts the post whole
            return
        self._later(self._landed, slot, topic, job, replies, started)

    def _landed(self, slot: Slot, topic: str, job: DraftJob, reply: Any, started: float) -> None:
        if job.take(reply):  # the checks want a firmer try
            self._request(self._send, slot, topic, job, started, urgent=True)  # its post is otherwise done
        else:
            self._drafted(slot, topic, job.result(), clock.perf_counter() - started)

    # -- posts that choose their own topic (see own_topics) -------------------------------
    def _own_topic_slots(self, missing: list[Slot], given: Sequence[str], size: int) -> list[Slot]:
        if given or not self.backend.concurrent or not self.backend.plans_topics_in(self.brand.language):
            return []
        own = own_topic_counts(Counter(slot.pillar for slot in missing), size)
        return [slot for pillar, count in own.items() for slot in [s for s in missing if s.pillar == pillar][:count]]

    def _send_own(self, slot: Slot, move: Callable[[Slot], Slot], angle: str | None, persona: str | None,
                  tries: int, started: float) -> None:
        """On a request thread: a draft whose request also chooses its topic."""
        with self._quiet.busy():
            started = started or clock.perf_counter()
            try:
                messages = own_topic_messages(self.brand, slot, self._taken.list(), angle, persona)
            except ContentkitError as exc:  # a broken prompt template: this post fails, the rest go on
                self._later(self._record, move(slot), slot.pillar, exc, 0.0)
                return
        budget = token_budget(slot.platform, with_image=self.images) + 32  # and the topic's line
        try:
            reply: Any = self.backend.complete(messages, max_tokens=budget, seed=tries)
        except Exception as exc:  # noqa: BLE001 - the backend has retried; recorded below
            reply = exc
        if self.backend.interrupted:
            return
        self._later(self._own_landed, slot, move, angle, persona, messages, reply, tries, started)

    def _own_landed(self, slot: Slot, move: Callable[[Slot], Slot], angle: str | None, persona: str | None,
                    messages: Messages, reply: Any, tries: int, started: float) -> None:
        final = move(slot)
        if isinstance(reply, Exception):
            self._record(final, slot.pillar, as_error(reply, self.backend), clock.perf_counter() - started)
            return
        named, post = split_own_topic(reply.text)
        topic = settle_own_topic(self.brand, named, post)
        if topic is None or not self._taken.claim(topic):
            if tries < 1:  # once more: the request then lists the topics taken since
                self._request(self._send_own, slot, move, angle, persona, tries + 1, started, urgent=True)
                return
            topic = self._spare_topic(slot.pillar)
            self.checkpoint.append("topic", id=final.id, topic=topic)
            self._start(final, topic)
            return
        self.checkpoint.append("topic", id=final.id, topic=topic)
        try:
            job = DraftJob(self.brand, self._brief(final, topic), self.backend, told=self._told)
        except ContentkitError as exc:
            self._record(final, topic, exc, 0.0)
            return
        answer = Completion(text=post, model=reply.model, completion_tokens=reply.completion_tokens,
                            finish_reason=reply.finish_reason)
        if job.take(answer, asked=messages):
            self._request(self._send, final, topic, job, started, urgent=True)
        else:
            self._drafted(final, topic, job.result(), clock.perf_counter() - started)

    def _spare_topic(self, pillar: str) -> str:
        """A topic from the profile or the history for a post whose own choices were taken."""
        candidates = fallback_topics(self.brand, self.brand.pillar(pillar), self.history.themes(),
                                     self.history.grounded, self.history.words_around)
        for topic in candidates:
            if self._taken.claim(topic):
                return topic
        return candidates[0] if candidates else pillar

    # -- a local model, fed in batches ---------------------------------------------------
    def _draft_batch(self, pairs: list[tuple[Slot, str]]) -> None:
        started, settled = clock.perf_counter(), set()

        def done(index: int, outcome: Draft | ContentkitError) -> None:  # journaled as soon as it exists
            settled.add(index)
            slot, topic = pairs[index]
            self._drafted(slot, topic, outcome, (clock.perf_counter() - started) / len(pairs))

        try:
            draft_many(self.brand, [self._brief(s, t) for s, t in pairs], self.backend, on_done=done,
                       told=self._told)
        except ContentkitError as exc:
            for index in set(range(len(pairs))) - settled:
                done(index, exc)

    def _brief(self, slot: Slot, topic: str) -> Brief:
        material = self.history.material(topic, slot) if self.history is not None else ()
        return Brief(topic=topic, platform=slot.platform, pillar=slot.pillar, language=self.brand.language,
                     with_image=self.images, material=material)

    # -- finishing -----------------------------------------------------------------------
    def _drafted(self, slot: Slot, topic: str, outcome: Any, seconds: float) -> None:
        if isinstance(outcome, Draft):  # the model's work is safe before the rest is done
            self.checkpoint.append("draft", id=slot.id, draft=asdict(outcome), seconds=seconds)
        self._record(slot, topic, outcome, seconds)

    def _record(self, slot: Slot, topic: str, outcome: Any, seconds: float) -> None:
        if isinstance(outcome, Exception) and self.backend.interrupted:
            return  # stopped, not failed: the rerun drafts it
        post = self._finish(slot, topic, outcome, seconds)
        self.checkpoint.append("post", post=post.to_json())
        with self._lock:
            self.report(self.finished + 1, self.total, post)

    def _finish(self, slot: Slot, topic: str, outcome: Any, seconds: float) -> PlannedPost:
        if isinstance(outcome, Exception):
            return PlannedPost(slot=slot, topic=topic, status="failed", error=str(outcome),
                               backend=self.backend.id, model=self.backend.model, seconds=seconds)
        post = PlannedPost(slot=slot, topic=topic, status="done", text=outcome.text, language=outcome.language,
                           warnings=list(outcome.warnings), backend=outcome.backend, model=outcome.model,
                           seconds=seconds, format=outcome.format)
        post.hashtags, post.hashtag_reasons = self.history.hashtags(outcome.text, slot, topic)
        if self.images:
            try:
                post.image, post.image_alt, post.layout = make_image(self.brand, slot, topic, outcome.text, self.out)
            except ContentkitError as exc:
                post.warnings.append(f"no image: {exc}")
        return post
