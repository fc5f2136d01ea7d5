"""Every environment variable and user folder contentkit reads, owned in one place.

| variable              | what it does                                                        |
|-----------------------|---------------------------------------------------------------------|
| CONTENTKIT_HOME       | the user folder (cache, converted models); default ~/.cache/contentkit |
| CONTENTKIT_BRANDS     | extra folders (os.pathsep-separated) searched for brand slugs       |
| CONTENTKIT_TEMPLATES  | a folder whose templates add to or override the built-in prompts    |
| CONTENTKIT_BACKEND    | backend id when none is passed: "openai", "llamacpp" or "local"    |
| CONTENTKIT_MODEL      | model name/path for the chosen backend                              |
| OPENAI_API_KEY        | key for the openai backend; setting it makes openai the default    |
| OPENAI_BASE_URL       | any OpenAI-compatible server; setting it makes openai the default  |
| LLAMA_SERVER          | a llama-server binary for the llamacpp backend (else the built one) |
| CONTENTKIT_THREADS    | threads for the llamacpp backend's server; default: the free cores  |
| CONTENTKIT_TIMEOUT    | seconds a model server may stay silent before a request is retried  |
| HF_ENDPOINT           | the hub ``contentkit models pull`` downloads from                   |
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ContentkitError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
_WRITABLE: set[Path] = set()


def writable_dir(path: str | Path, error: type[ContentkitError] = ContentkitError, *,
                 hint: str = "choose a folder you can write to") -> Path:
    """``path`` as a folder this process can write into, created if needed.

    Checked by writing a scratch file, because permissions alone do not tell (a read-only
    mount, a quota); callers check before slow work so that it is never lost at the end.
    Raises ``error`` naming the folder.
    """
    folder = Path(path).expanduser()
    if folder in _WRITABLE:
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except FileExistsError:
        raise error("is a file, not a folder", file=folder, hint=hint) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise error(f"cannot write to this folder ({reason.lower()})", file=folder, hint=hint) from None
    _WRITABLE.add(folder)
    return folder


def user_dir() -> Path:
    """The folder contentkit may write to (created on first use)."""
    env = os.environ.get("CONTENTKIT_HOME")
    path = Path(env).expanduser() if env else Path.home() / ".cache" / "contentkit"
    return writable_dir(path, hint="set CONTENTKIT_HOME to a folder you can write to")


def brand_dirs() -> list[Path]:
    """Folders searched for a brand given by slug, user folders first."""
    extra = [Path(p).expanduser() for p in os.environ.get("CONTENTKIT_BRANDS", "").split(os.pathsep) if p]
    return [*extra, Path.cwd() / "brand_profiles", PROJECT_ROOT / "brand_profiles"]


def templates_dir() -> Path | None:
    """A user's folder of prompt templates, if they named one."""
    env = os.environ.get("CONTENTKIT_TEMPLATES")
    return Path(env).expanduser() if env else None


def env(name: str) -> str | None:
    """Read one of the variables documented above; empty counts as unset."""
    value = os.environ.get(name, "").strip()
    return value or None


def timeout_seconds(default: float) -> float:
    """``CONTENTKIT_TIMEOUT`` as a number of seconds, else ``default``."""
    value = env("CONTENTKIT_TIMEOUT")
    if value is None:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise ContentkitError(f"CONTENTKIT_TIMEOUT={value!r} is not a number of seconds",
                              hint="set it to a positive number, e.g. CONTENTKIT_TIMEOUT=600, or unset it")
    return seconds
