"""One step of a fit run in a second process while the first goes on.

A 200,000-post fit has two halves that share nothing until the end (the text vectors, and
the words that become tags), and a laptop has a second core. The second process is a fresh
Python that imports only contentkit: a forked copy of a process with threads (a plan's
request threads, Streamlit's) can deadlock on a lock one of them held, and
multiprocessing's spawn would run a user's unguarded script a second time.

Whatever goes wrong in the second process (killed for memory, a failed start), the step is
done in this one instead: the fit is slower, never lost.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Callable

# The folder this contentkit was imported from comes first, unless the interpreter already
# looks there (an installed package): a checkout run in place is found, and an installed
# one does not put site-packages ahead of the standard library.
_SERVE = ("import os, sys; folder = sys.argv[1]; "
          "any(os.path.realpath(p or '.') == folder for p in sys.path) or sys.path.insert(0, folder); "
          "from contentkit.hashtags.beside import serve; serve()")


def spare_room(needed_mb: float) -> bool:
    """Whether this machine has a core beyond the one this process runs on, and
    ``needed_mb`` of memory nobody uses: on a busy laptop the fit stays in one process."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cores = os.cpu_count() or 1
    return cores > 1 and _available_mb() >= needed_mb


def _available_mb() -> float:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return float("inf")  # not Linux: no cheap way to ask, and a fit this big is rare there


class Beside:
    """A second process, started before its job is ready so that Python's start overlaps
    this one's work; ``send(function, *args)`` gives it the job, ``result()`` waits for the answer.

    ``function`` must be importable by name (a module-level function of contentkit)."""

    def __init__(self) -> None:
        self.answered = False
        """Whether the second process gave the answer (else this one worked it out)."""
        self._job: tuple[Callable[..., Any], tuple[Any, ...]] | None = None
        self._feeder: threading.Thread | None = None
        package_parent = str(Path(__file__).resolve().parents[2])
        try:
            # Its own session: the terminal's Ctrl-C reaches this process, which stops the other.
            self._process: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-c", _SERVE, package_parent], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            self._process = None

    def send(self, function: Callable[..., Any], *args: Any) -> None:
        self._job = (function, args)
        if self._process is None:
            return
        # Sent from a thread: a pipe takes 64 KB at a time, and the other process reads only
        # once its imports are done, while this one has its own half to do.
        self._feeder = threading.Thread(target=self._feed, daemon=True, name="contentkit-fit-feeder")
        self._feeder.start()

    def _feed(self) -> None:
        process = self._process
        try:
            pickle.dump(self._job, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.close()
        except (OSError, ValueError, AttributeError):  # it died or was stopped: result() does the work here
            pass

    def result(self) -> Any:
        """What the job returns; an error it raised is raised here."""
        function, args = self._job
        if self._process is None:
            return function(*args)
        try:
            ok, value = pickle.load(self._process.stdout)
            self.answered = True
        except (EOFError, OSError, pickle.UnpicklingError):  # it died before it answered
            pass
        finally:
            self.close()
        if not self.answered:
            return function(*args)
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stops the second process if it still runs (an error or Ctrl-C in this one)."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        if self._feeder is not None:
            self._feeder.join(timeout=5.0)
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def __enter__(self) -> Beside:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Here:
    """``Beside``'s interface, the job done in this process when ``result()`` is asked: for a
    small history, or a machine with no core or memory to spare."""

    def send(self, function: Callable[..., Any], *args: Any) -> None:
        self._job = (function, args)

    def result(self) -> Any:
        function, args = self._job
        return function(*args)

    def __enter__(self) -> Here:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def serve() -> None:
    """The second process: one (function, args) from stdin, (ok, answer) to stdout."""
    function, args = pickle.load(sys.stdin.buffer)
    try:
        answer = (True, function(*args))
    except Exception as error:  # raised again in the first process, where the user sees it
        answer = (False, error)
    pickle.dump(answer, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
