"""How fast a plan is going, in the words a progress bar shows: posts done, seconds per post,
time left. A busy laptop makes a plan slower, not broken, and the user should see which."""

from __future__ import annotations

import time
from collections.abc import Callable


class Pace:
    """Fed ``update(done, total)`` as posts finish; measures only the posts of this run (a
    resumed plan's earlier posts took no time now)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.done = self.total = 0
        self._first = 0
        self._started: float | None = None
        self._now = 0.0

    def update(self, done: int, total: int) -> None:
        now = self.clock()
        if self._started is None:
            self._started, self._first = now, done
        self.done, self.total, self._now = done, total, now

    @property
    def seconds_per_post(self) -> float | None:
        made = self.done - self._first
        if self._started is None or made <= 0:
            return None
        return (self._now - self._started) / made

    def speed(self) -> str:
        """'31 s per post · about 8 min left', or '' before this run's first post."""
        rate = self.seconds_per_post
        if rate is None:
            return ""
        return f"{rate:.0f} s per post · {_duration(rate * max(0, self.total - self.done))}"

    def describe(self) -> str:
        """'7 of 22 posts · 31 s per post · about 8 min left'."""
        return " · ".join(part for part in (f"{self.done} of {self.total} posts", self.speed()) if part)


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "finishing"
    if seconds < 90:
        return f"about {seconds:.0f} s left"
    return f"about {seconds / 60:.0f} min left"
