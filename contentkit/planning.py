"""Two-week content plans: slots, topics, then a checked draft, hashtags and an image per
slot, generated in batch and written to ``out_dir/plan.jsonl`` as each post finishes, so
that a rerun of the same request resumes where the last one stopped."""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .brand import BrandProfile, load_brand
from .checkpoint import Checkpoint
from .config import user_dir
from .errors import ContentkitError
from .plan_model import ContentPlan, PlannedPost, Slot
from .plan_parts import best_times_from_history, make_ideator, make_image, pick_hashtags, train_suggester
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
    known_topics, finished = checkpoint.read()
    runner = _Runner(brand, resolve_backend(backend, model), out, checkpoint, progress, images)
    todo = [slot for slot in slots if finished.get(slot.id, {}).get("status") != "done"]
    runner.report(len(slots) - len(todo), len(slots), None)
    if todo:
        # The suggester trains while the model ideates topics: CPU beside waiting on I/O.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fit") as pool:
            fitted = pool.submit(train_suggester, past)
            topic_of = runner.topics(slots, known_topics, topics or ())
            runner.suggester, runner.account = fitted.result()
        runner.run(todo, topic_of, len(slots) - len(todo), len(slots), concurrency)
    _, finished = checkpoint.read()
    posts = [PlannedPost.from_json(finished[s.id]) for s in slots if s.id in finished]
    return ContentPlan(brand=brand.slug, start=start.isoformat(), days=days, timezone=brand.timezone,
                       posts=posts, out_dir=out)


def _load_history(history: Any) -> PostHistory | None:
    if history is None:
        return None
    from .history import PostHistory, load_history

    return history if isinstance(history, PostHistory) else load_history(history)


class _Runner:
    """The state one plan run shares between its workers."""

    def __init__(self, brand: BrandProfile, backend: Backend, out: Path, checkpoint: Checkpoint,
                 progress: Progress | None, images: bool) -> None:
        self.brand, self.backend, self.out, self.checkpoint = brand, backend, out, checkpoint
        self.progress, self.images = progress, images
        self.suggester: HashtagSuggester | None = None
        self.account: str | None = None
        self.finished = 0

    def report(self, finished: int, total: int, post: PlannedPost | None) -> None:
        if self.progress is not None:
            self.progress(finished, total, post)

    def topics(self, slots: list[Slot], known: dict[str, str], given: Sequence[str]) -> dict[str, str]:
        """A topic for every slot: kept from an earlier run, given, or ideated now."""
        missing = [s for s in slots if s.id not in known]
        if missing:
            used = list(known.values())
            fresh = choose_topics(self.brand, [s.pillar for s in missing], make_ideator(self.brand, self.backend),
                                  given=[t for t in given if t not in used], avoid=used)
            for slot, topic in zip(missing, fresh):
                self.checkpoint.append("topic", id=slot.id, topic=topic)
                known[slot.id] = topic
        return known

    def run(self, todo: list[Slot], topic_of: dict[str, str], finished: int, total: int,
            concurrency: int | None) -> None:
        self.finished = finished
        if self.backend.concurrent:
            workers = concurrency or 8
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="plan") as pool:
                for _ in pool.map(lambda slot: self._draft([slot], topic_of, total), todo):
                    pass
        else:
            size = concurrency or 8
            by_platform = sorted(todo, key=lambda s: (s.platform, s.when))
            for first in range(0, len(by_platform), size):
                self._draft(by_platform[first:first + size], topic_of, total)

    def _draft(self, slots: list[Slot], topic_of: dict[str, str], total: int) -> None:
        from .drafting import Brief, draft_many

        started = clock.perf_counter()
        briefs = [Brief(topic=topic_of[s.id], platform=s.platform, pillar=s.pillar,
                        language=self.brand.language, with_image=self.images) for s in slots]
        try:
            outcomes: list[Any] = draft_many(self.brand, briefs, self.backend)
        except ContentkitError as exc:
            outcomes = [exc] * len(slots)
        seconds = (clock.perf_counter() - started) / len(slots)
        for slot, outcome in zip(slots, outcomes):
            post = self._finish(slot, topic_of[slot.id], outcome, seconds)
            self.checkpoint.append("post", post=post.to_json())
            self.finished += 1
            self.report(self.finished, total, post)

    def _finish(self, slot: Slot, topic: str, outcome: Any, seconds: float) -> PlannedPost:
        if isinstance(outcome, Exception):
            return PlannedPost(slot=slot, topic=topic, status="failed", error=str(outcome),
                               backend=self.backend.id, model=self.backend.model, seconds=seconds)
        post = PlannedPost(slot=slot, topic=topic, status="done", text=outcome.text, language=outcome.language,
                           warnings=list(outcome.warnings), backend=outcome.backend, model=outcome.model,
                           seconds=seconds)
        post.hashtags = pick_hashtags(self.suggester, self.brand, outcome.text, slot.platform, self.account)
        if self.images:
            try:
                post.image, post.image_alt, post.layout = make_image(self.brand, slot, topic, outcome.text, self.out)
            except ContentkitError as exc:
                post.warnings.append(f"no image: {exc}")
        return post
