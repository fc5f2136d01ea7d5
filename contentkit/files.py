"""Files written whole or not at all.

Every export, model file and image is written to a scratch name beside its target and
renamed over it once complete: a full disk or a crash leaves the earlier file whole, never
a 0-byte calendar or a truncated PNG. A failed write is one ``ContentkitError`` that names
the file and says what to do, not a traceback.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import ContentkitError

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def write_error(exc: OSError, path: str | Path, error: type[ContentkitError] = ContentkitError) -> ContentkitError:
    """One line for a failed write of ``path``: what happened and what to do."""
    if exc.errno in _FULL:
        return error("cannot write the file: the disk is full", file=path,
                     hint="free some space or choose a folder on another disk, then run the command again; "
                          "the files written before are intact")
    reason = (exc.strerror or type(exc).__name__).lower()
    return error(f"cannot write the file ({reason})", file=path, hint="choose a folder you can write to")


def _open_scratch(path: Path, mode: str, **options: Any) -> IO[Any]:
    """Open the scratch file (a seam: tests put a small disk behind it)."""
    return open(path, mode, **options)  # noqa: SIM115 - closed by ``replacing``


@contextmanager
def replacing(path: str | Path, error: type[ContentkitError] = ContentkitError, *, text: bool = True,
              encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[Any]]:
    """``with replacing(path) as handle: ...`` writes ``path`` whole or leaves it as it was."""
    path = Path(path)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        options: dict[str, Any] = {"encoding": encoding, "newline": newline} if text else {}
        with _open_scratch(scratch, "w" if text else "wb", **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(scratch, path)
    except OSError as exc:
        _remove(scratch)
        raise write_error(exc, path, error) from None
    except BaseException:
        _remove(scratch)
        raise


def write_bytes(path: str | Path, data: bytes, error: type[ContentkitError] = ContentkitError) -> Path:
    """Write ``data`` to ``path`` whole, or raise ``error`` and leave ``path`` as it was."""
    with replacing(path, error, text=False) as handle:
        handle.write(data)
    return Path(path)


def write_text(path: str | Path, text: str, error: type[ContentkitError] = ContentkitError, *,
               encoding: str = "utf-8") -> Path:
    """``write_bytes`` for text."""
    return write_bytes(path, text.encode(encoding), error)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
