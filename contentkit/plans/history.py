"""What a plan learns from the brand's post history (its posting times, the hashtag
suggester, themes of its best posts), worked out on a thread of its own.

The work starts once the plan's first requests are out: the model takes a round trip to
answer them, and that wait is when CPU work costs nothing. Until the history is read the
plan uses slots at the brand's preferred times; the k-th post on a platform keeps its
pillar whatever its time, so topics chosen for those slots carry over to the learned ones.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING, Any

from ..brand import BrandProfile
from .model import Slot
from .parts import best_times_from_history, history_themes, train_suggester
from .slots import make_slots

if TYPE_CHECKING:
    from ..hashtags.suggester import HashtagSuggester
    from ..history import PostHistory


class PlanHistory:
    """The history's contributions to one plan; :meth:`start` begins the work (idempotent),
    and every accessor starts it too and waits for its part."""

    def __init__(self, source: Any, brand: BrandProfile, start: date, days: int,
                 platforms: Sequence[str] | None, guess: list[Slot], pool: ThreadPoolExecutor) -> None:
        self._source, self._brand, self._start, self._days, self._platforms = source, brand, start, days, platforms
        self.guess = guess
        self._pool = pool
        self._lock = threading.Lock()
        self._past: Future[PostHistory | None] | None = None
        self._slots: Future[list[Slot]] | None = None
        self._suggester: Future[tuple[HashtagSuggester | None, str | None]] | None = None
        self._moved: dict[Slot, Slot] = {}

    def start(self) -> None:
        with self._lock:
            if self._past is None:
                self._past = self._pool.submit(_load_history, self._source)
                self._slots = self._pool.submit(self._timed_slots)
                # Only a finished draft needs the suggester, for its hashtags.
                self._suggester = self._pool.submit(lambda: train_suggester(self.past()))

    def past(self) -> PostHistory | None:
        self.start()
        assert self._past is not None
        return self._past.result()

    def slots(self) -> list[Slot]:
        """The plan's slots, at the times the history taught (the guess when there is none)."""
        self.start()
        assert self._slots is not None
        return self._slots.result()

    def suggester(self) -> tuple[HashtagSuggester | None, str | None]:
        self.start()
        assert self._suggester is not None
        return self._suggester.result()

    def themes(self) -> list[str]:
        return history_themes(self.past())

    def move(self, slot: Slot) -> Slot:
        """The slot of :attr:`guess` at its learned time: the same (platform, k-th post)."""
        if not self._moved:
            final, moved = self.slots(), {}
            for platform in {s.platform for s in self.guess}:
                before = [s for s in self.guess if s.platform == platform]
                after = [s for s in final if s.platform == platform]
                moved.update(zip(before, after, strict=True))
            self._moved = moved
        return self._moved[slot]

    def _timed_slots(self) -> list[Slot]:
        history = self.past()
        if history is None:
            return self.guess
        return make_slots(self._brand, self._start, self._days, platforms=self._platforms,
                          best_times=best_times_from_history(history, self._brand))


def _load_history(history: Any) -> PostHistory | None:
    if history is None:
        return None
    from ..history import PostHistory, load_history

    return history if isinstance(history, PostHistory) else load_history(history)
