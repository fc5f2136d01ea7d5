"""A fixed number of threads sending model requests, urgent ones first.

A plan keeps its backend's concurrency busy with first drafts; a second round of topic
ideas or a firmer retry must not queue behind all of them, or the posts waiting on it
would finish last. ``concurrent.futures.ThreadPoolExecutor`` has one FIFO queue, hence this.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

_URGENT, _NORMAL, _STOP = 0, 1, 2


class RequestPool:
    """``size`` threads running submitted calls: urgent first, otherwise in order."""

    def __init__(self, size: int, name: str = "request", on_interrupt: Callable[[], None] | None = None) -> None:
        self._queue: queue.PriorityQueue[tuple[int, int, Future[Any] | None, Callable[..., Any], tuple]] = (
            queue.PriorityQueue())
        self._order = itertools.count()
        self.size = max(1, size)
        self._on_interrupt = on_interrupt
        self._threads = [threading.Thread(target=self._work, name=f"{name}_{i}", daemon=True)
                         for i in range(self.size)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[..., T], *args: Any, urgent: bool = False) -> Future[T]:
        future: Future[T] = Future()
        self._queue.put((_URGENT if urgent else _NORMAL, next(self._order), future, fn, args))
        return future

    def waiting(self) -> int:
        """Calls submitted and not started yet (approximate, as the queue's size is)."""
        return self._queue.qsize()

    def close(self, *, cancel: bool = False) -> None:
        """Stop the threads once the queue is done (``cancel``: drop what has not started)."""
        if cancel:
            self._cancel_waiting()
        for _ in self._threads:
            self._queue.put((_STOP, next(self._order), None, _stop, ()))
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> RequestPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            # Ctrl-C: nothing new goes out and nobody waits for the calls in flight (a reply
            # can take a minute on a busy laptop); ``on_interrupt`` makes them end.
            self._cancel_waiting()
            if self._on_interrupt is not None:
                self._on_interrupt()
            for _ in self._threads:
                self._queue.put((_STOP, next(self._order), None, _stop, ()))
            return
        # After an error no new request goes out; the ones in flight finish.
        self.close(cancel=kind is not None)

    def _cancel_waiting(self) -> None:
        kept = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item[2] is not None:
                item[2].cancel()
            else:
                kept.append(item)
        for item in kept:
            self._queue.put(item)

    def _work(self) -> None:
        while True:
            _, _, future, fn, args = self._queue.get()
            if future is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - handed to whoever holds the future
                future.set_exception(exc)
            else:
                future.set_result(result)


def _stop() -> None:
    """Placeholder callable carried by the stop markers."""


class Quiet:
    """Lets background CPU work wait while request threads read a reply and send the next.

    Threads share one GIL: a review or a hashtag suggestion running while eight replies land
    delays each of their next requests by up to the interpreter's switch interval (5 ms) per
    hand-over, and those delays add up wave after wave. Requests in flight hold no GIL, so
    the background work fits in the quiet time between replies.
    """

    def __init__(self) -> None:
        self._busy = 0
        self._changed = threading.Condition()

    @contextmanager
    def busy(self) -> Iterator[None]:
        with self._changed:
            self._busy += 1
        try:
            yield
        finally:
            with self._changed:
                self._busy -= 1
                if not self._busy:
                    self._changed.notify_all()

    def wait(self) -> None:
        """Return once no request is being prepared (busy spells are short: no I/O in them)."""
        with self._changed:
            self._changed.wait_for(lambda: not self._busy)
