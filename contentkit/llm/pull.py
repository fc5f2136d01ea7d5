"""Downloading a GGUF from the Hugging Face hub, only when the user asks (``contentkit models pull``).

The file goes to ``<user folder>/models/`` through a ``.part`` file that is renamed only once
its size and sha256 match: the catalogue's figures when it has them, else the hub's own
record of the file (the ``X-Linked-ETag`` header that the hub sends for files stored with
Git LFS is their sha256). ``HF_ENDPOINT`` names another hub (a mirror, or a test server).
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path

from contentkit.config import env
from contentkit.errors import BackendError
from contentkit.llm.catalog import KnownModel, Progress, copy_hashed, verify
from contentkit.llm.model_files import models_dir

DEFAULT_ENDPOINT = "https://huggingface.co"


def endpoint() -> str:
    return (env("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def file_url(model: KnownModel) -> str:
    return f"{endpoint()}/{model.hub_repo}/resolve/main/{model.file}"


def _hub_sha256(headers: dict[str, str]) -> str | None:
    tag = (headers.get("x-linked-etag") or headers.get("etag") or "").strip('W/"')
    return tag if len(tag) == 64 and all(c in "0123456789abcdef" for c in tag) else None


def pull(model: KnownModel, progress: Progress | None = None, *, timeout: float = 60.0) -> Path:
    """Download ``model``'s GGUF into the user folder and return its path; a verified copy is kept as is."""
    target = models_dir() / model.file
    if target.is_file() and model.size is not None and target.stat().st_size == model.size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    url = file_url(model)
    request = urllib.request.Request(url, headers={"User-Agent": "contentkit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            total = int(headers["content-length"]) if headers.get("content-length", "").isdigit() else None
            expected = model.sha256 or _hub_sha256(headers)
            if expected is None:
                raise BackendError(f"{url} sent no checksum for {model.file}, and the catalogue has none",
                                   hint="download it yourself, check its sha256, and name the .gguf file as the model")
            digest = hashlib.sha256()
            with partial.open("wb") as out:
                done = copy_hashed(response, out, digest, 0, total, progress, chunk_size=1 << 20)
    except urllib.error.HTTPError as exc:
        partial.unlink(missing_ok=True)
        raise BackendError(f"{url} answered {exc.code} {exc.reason}",
                           hint="check the model name (contentkit models) and HF_ENDPOINT") from exc
    except (urllib.error.URLError, OSError) as exc:
        partial.unlink(missing_ok=True)
        reason = getattr(exc, "reason", exc)
        raise BackendError(f"could not download {url}: {reason}",
                           hint="check the network connection (or HF_ENDPOINT), then run the same command again") from exc
    try:
        if total is not None and done != total:
            raise BackendError(f"{url}: the download stopped after {done:,} of {total:,} bytes",
                               hint="run the same command again")
        verify(partial, model, done, digest.hexdigest(), source=url, expected=expected)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
