"""One writer per plan folder: an OS lock on ``out_dir/.plan.lock`` held for a run's lifetime.

Two runs on one folder would both draft every slot (each post twice in the journal, double
the model time), so the second one stops at once. ``flock`` rather than a PID file: the
kernel drops the lock when its holder exits, however it dies, so a crashed run never leaves
a stale lock behind. The holder's PID is written into the file only so the refusal can name
it; whether the folder is in use is the lock's business, never the file's content. Without
``fcntl`` (Windows) or on a file system that cannot lock, runs go unlocked, as before.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from types import TracebackType

from ..errors import PlanError

try:
    import fcntl

    _FLOCK = True
except ImportError:  # Windows: no flock; runs go unlocked
    _FLOCK = False

NAME = ".plan.lock"
# A file system without locks (some network mounts) says so with these: run unlocked there.
_CANNOT_LOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP}


class FolderLock:
    """``with FolderLock(folder):`` holds ``folder/.plan.lock`` or raises PlanError naming its holder."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock without waiting; PlanError names the folder and the process holding it."""
        if not _FLOCK or self._fd is not None:
            return
        try:
            # Not inherited (os.open's default): a llama-server the run starts must not keep
            # the folder locked after the run itself has died.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            reason = (exc.strerror or type(exc).__name__).lower()
            raise PlanError(f"cannot open the lock file ({reason})", file=self.path,
                            hint="choose another --out folder") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            raise PlanError(f"is in use by {_describe(holder)}", file=self.path.parent,
                            hint="wait for it to finish, or stop it; a crashed run leaves no lock") from None
        except OSError as exc:
            os.close(fd)
            if exc.errno in _CANNOT_LOCK:
                return
            raise
        # Only the holder writes, so a reader never sees another writer's half-written PID.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        """Let the next run in; safe to call twice or without the lock."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        # The file stays: removing it would let a run that has just opened it lock a file
        # no one else sees. An empty file says no PID; the lock itself says who holds it.
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing drops the flock

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None  # empty: the holder has not written it yet


def _describe(pid: int | None) -> str:
    if pid is None:
        return "another plan run"
    if pid == os.getpid():  # a second run started in this process (a UI thread, a notebook)
        return f"another plan run in this process ({pid})"
    return f"process {pid}"
