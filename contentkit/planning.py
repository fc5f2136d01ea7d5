"""Two-week content plans: slots, topics, then a checked draft, hashtags and an image per
slot, generated in batch and written to ``out_dir/plan.jsonl`` as each post finishes, so
that a rerun of the same request resumes where the last one stopped."""

from __future__ import annotations

import os
import threading
import time as clock
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .brand import BrandProfile, load_brand
from .checkpoint import Checkpoint, Records
from .drafting import Draft
from .config import user_dir
from .errors import ContentkitError
from .plan_model import ContentPlan, PlannedPost, Slot
from .plan_parts import (best_times_from_history, history_themes, make_ideator, make_image, pick_hashtags,
                         train_suggester)
from .slots import _as_date, make_slots
from .topics import choose_topics

if TYPE_CHECKING:
    import pandas as pd

    from .hashtags import HashtagSuggester
    from .history import PostHistory
    from .llm.base import Backend

Progress = Callable[[int, int, PlannedPost | None], None]
"""progress(finished, total, the post just finished or None at the start)."""


def plan_content(
    brand: BrandProfile | str | Path,
    start: date | str,
    days: int = 14,
    *,
    history: PostHistory | pd.DataFrame | str | Path | None = None,
    platforms: Sequence[str] | None = None,
    topics: Sequence[str] | None = None,
    backend: Backend | str | None = None,
    model: str | None = None,
    out_dir: str | Path | None = None,
    concurrency: int | None = None,
    progress: Progress | None = None,
    images: bool = True,
) -> ContentPlan:
    """Plan ``days`` days of posts for ``brand`` from ``start``; resumes from ``out_dir``.

    ``history`` (a post-history CSV, DataFrame or PostHistory) teaches posting times and
    hashtags; ``topics`` are used before any the model ideates. A post that fails even
    after the backend's retries is recorded as failed with its reason and the rest go on.
    """
    from .drafting import resolve_backend

    brand = load_brand(brand)
    start = _as_date(start)
    out = Path(out_dir) if out_dir else user_dir() / "plans" / f"{brand.slug}-{start}-{days}d"
    past = _load_history(history)
    slots = make_slots(brand, start, days, platforms=platforms,
                       best_times=best_times_from_history(past, brand) if past is not None else None)
    checkpoint = Checkpoint(out / "plan.jsonl")
    earlier = checkpoint.read()
    runner = _Runner(brand, resolve_backend(backend, model), out, checkpoint, progress, images)
    todo = [slot for slot in slots if earlier.posts.get(slot.id, {}).get("status") != "done"]
    runner.report(len(slots) - len(todo), len(slots), None)
    if todo:
        # The suggester trains while the model ideates and drafts: CPU beside waiting on I/O.
        # Only a finished draft needs it, for its hashtags.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fit") as pool:
            runner.fitted = pool.submit(train_suggester, past)
            runner.themes = lambda: history_themes(past)
            runner.run(slots, todo, earlier, topics or (), concurrency)
    finished = checkpoint.read().posts
    posts = [PlannedPost.from_json(finished[s.id]) for s in slots if s.id in finished]
    return ContentPlan(brand=brand.slug, start=start.isoformat(), days=days, timezone=brand.timezone,
                       posts=posts, out_dir=out)


def _load_history(history: Any) -> PostHistory | None:
    if history is None:
        return None
    from .history import PostHistory, load_history

    return history if isinstance(history, PostHistory) else load_history(history)


class _Runner:
    """The state one plan run shares between its workers.

    With a backend that serves requests in parallel, drafting threads only talk to the
    model: a finished draft is handed to a small pool that adds hashtags and the image and
    writes the checkpoint, so the next request goes out at once instead of waiting behind
    CPU work. A local model batches instead and is finished in line.
    """

    def __init__(self, brand: BrandProfile, backend: Backend, out: Path, checkpoint: Checkpoint,
                 progress: Progress | None, images: bool) -> None:
        self.brand, self.backend, self.out, self.checkpoint = brand, backend, out, checkpoint
        self.progress, self.images = progress, images
        self.fitted: Future[tuple[HashtagSuggester | None, str | None]] | None = None
        self.themes: Callable[[], list[str]] = list  # topics from past posts, when ideas run short
        self.finished = 0
        self._lock = threading.Lock()

    def report(self, finished: int, total: int, post: PlannedPost | None) -> None:
        if self.progress is not None:
            self.progress(finished, total, post)

    def run(self, slots: list[Slot], todo: list[Slot], earlier: Records, given: Sequence[str],
            concurrency: int | None) -> None:
        """Draft every slot in ``todo`` as soon as its topic is settled; a slot whose draft an
        earlier run saved is only finished."""
        total, self.finished = len(slots), len(slots) - len(todo)
        waiting = {slot.id for slot in todo}
        batch: list[tuple[Slot, str]] = []  # for backends that batch rather than run in parallel
        # Images are CPU work (Pillow releases the GIL while it draws and encodes): one
        # finisher per core (up to four); hashtags alone need one.
        finishers = min(4, os.cpu_count() or 1) if self.images else 1
        with (ThreadPoolExecutor(max_workers=finishers, thread_name_prefix="finish") as finish,
              ThreadPoolExecutor(max_workers=concurrency or 8, thread_name_prefix="plan") as drafting):
            futures: list[Future[None]] = []

            def finish_later(slot: Slot, topic: str, outcome: Any, seconds: float) -> None:
                if self.backend.concurrent:
                    futures.append(finish.submit(self._record, slot, topic, outcome, seconds, total))
                else:  # a local model uses every core while it generates: images would slow it down
                    self._record(slot, topic, outcome, seconds, total)

            def draft(pairs: list[tuple[Slot, str]]) -> None:
                for (slot, topic), outcome, seconds in zip(pairs, *self._draft(pairs)):
                    if isinstance(outcome, Draft):  # the model's work is safe before the rest is done
                        self.checkpoint.append("draft", id=slot.id, draft=asdict(outcome), seconds=seconds)
                    finish_later(slot, topic, outcome, seconds)

            def ready(pairs: list[tuple[Slot, str]]) -> None:
                for slot, topic in pairs:
                    if slot.id not in waiting:
                        continue
                    saved = earlier.drafts.get(slot.id)
                    if saved and saved["draft"]["topic"] == topic:
                        finish_later(slot, topic, Draft(**saved["draft"]), saved["seconds"])
                    elif self.backend.concurrent:
                        futures.append(drafting.submit(draft, [(slot, topic)]))
                    else:
                        batch.append((slot, topic))

            ready([(slot, earlier.topics[slot.id]) for slot in slots if slot.id in earlier.topics])
            self._choose_topics([slot for slot in slots if slot.id not in earlier.topics],
                                list(earlier.topics.values()), given, ready)
            size = concurrency or 8
            batch.sort(key=lambda pair: (pair[0].platform, pair[0].when))
            for first in range(0, len(batch), size):
                draft(batch[first:first + size])
            index = 0
            while index < len(futures):  # drafting futures add finishing ones as they go
                futures[index].result()
                index += 1

    def _choose_topics(self, missing: list[Slot], used: list[str], given: Sequence[str],
                       ready: Callable[[list[tuple[Slot, str]]], None]) -> None:
        """Topics for the ``missing`` slots, each round saved and handed to ``ready`` at once."""
        if not missing:
            return

        def chosen(pairs: list[tuple[int, str]]) -> None:
            settled = [(missing[index], topic) for index, topic in pairs]
            self.checkpoint.append_many([("topic", {"id": slot.id, "topic": topic}) for slot, topic in settled])
            ready(settled)

        choose_topics(self.brand, [slot.pillar for slot in missing], make_ideator(self.brand, self.backend),
                      given=[t for t in given if t not in used], avoid=used, on_chosen=chosen, more=self.themes)

    def _draft(self, pairs: list[tuple[Slot, str]]) -> tuple[list[Any], list[float]]:
        """(a Draft or the error, seconds per post) for each (slot, topic)."""
        from .drafting import Brief, draft_many

        started = clock.perf_counter()
        briefs = [Brief(topic=topic, platform=slot.platform, pillar=slot.pillar, language=self.brand.language,
                        with_image=self.images) for slot, topic in pairs]
        try:
            outcomes: list[Any] = draft_many(self.brand, briefs, self.backend)
        except ContentkitError as exc:
            outcomes = [exc] * len(pairs)
        seconds = (clock.perf_counter() - started) / len(pairs)
        return outcomes, [seconds] * len(pairs)

    def _record(self, slot: Slot, topic: str, outcome: Any, seconds: float, total: int) -> None:
        post = self._finish(slot, topic, outcome, seconds)
        self.checkpoint.append("post", post=post.to_json())
        with self._lock:
            self.finished += 1
            self.report(self.finished, total, post)

    def _finish(self, slot: Slot, topic: str, outcome: Any, seconds: float) -> PlannedPost:
        if isinstance(outcome, Exception):
            return PlannedPost(slot=slot, topic=topic, status="failed", error=str(outcome),
                               backend=self.backend.id, model=self.backend.model, seconds=seconds)
        post = PlannedPost(slot=slot, topic=topic, status="done", text=outcome.text, language=outcome.language,
                           warnings=list(outcome.warnings), backend=outcome.backend, model=outcome.model,
                           seconds=seconds)
        suggester, account = self.fitted.result() if self.fitted is not None else (None, None)
        post.hashtags = pick_hashtags(suggester, self.brand, outcome.text, slot.platform, account)
        if self.images:
            try:
                post.image, post.image_alt, post.layout = make_image(self.brand, slot, topic, outcome.text, self.out)
            except ContentkitError as exc:
                post.warnings.append(f"no image: {exc}")
        return post
