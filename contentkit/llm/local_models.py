"""Loading transformers models for the local backend: once per process, never from the internet.

A GGUF file (the packaged SmolLM2 or one the user names) is de-quantized by transformers on
first load, which takes ~17 s; the result is saved once as safetensors under the user's
models folder so every later load takes a few seconds.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contentkit.errors import BackendError
from contentkit.llm.dependencies import require
from contentkit.llm.model_files import ModelSource, hub_missing_error

_LOADED: dict[str, LoadedModel] = {}
_LOAD_LOCK = threading.Lock()


@dataclass
class LoadedModel:
    """A model and its tokenizer, ready to generate; ``lock`` serialises generation on it."""

    model: Any
    tokenizer: Any
    source: ModelSource
    loaded_from: str  # "gguf", "safetensors-cache" or "transformers"
    lock: threading.Lock = field(default_factory=threading.Lock)


def load(source: ModelSource, *, threads: int | None = None) -> LoadedModel:
    """The model for ``source``, loaded on the first call and shared by every later one."""
    key = str(source.cache_dir or source.path)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _set_threads(threads)
            _LOADED[key] = _load_uncached(source)
        return _LOADED[key]


def forget(source: ModelSource | None = None) -> None:
    """Drop loaded models from the process cache (all of them when ``source`` is None)."""
    with _LOAD_LOCK:
        if source is None:
            _LOADED.clear()
        else:
            _LOADED.pop(str(source.cache_dir or source.path), None)


def _set_threads(threads: int | None) -> None:
    # torch picks one thread per core it sees; on a 2-core machine shared with a UI or tests,
    # more threads than usable cores only adds contention.
    torch = require("torch", "local")
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    torch.set_num_threads(max(1, threads or usable))


def _load_uncached(source: ModelSource) -> LoadedModel:
    if source.is_converted:
        return _from_pretrained(source, str(source.cache_dir), None, "safetensors-cache")
    if source.gguf_file:
        require("gguf", "local")
        require("accelerate", "local")
        loaded = _from_pretrained(source, source.path, source.gguf_file, "gguf")
        if source.cache_dir is not None:
            _save_converted(loaded, source.cache_dir)
        return loaded
    return _from_pretrained(source, source.path, None, "transformers")


def _from_pretrained(source: ModelSource, path: str, gguf_file: str | None, origin: str) -> LoadedModel:
    transformers = require("transformers", "local")
    torch = require("torch", "local")
    # local_files_only: contentkit never downloads weights, whatever the name looks like.
    kwargs: dict[str, Any] = {"local_files_only": True}
    if gguf_file:
        kwargs["gguf_file"] = gguf_file
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(path, **kwargs)
        model = transformers.AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, **kwargs)
    except OSError as exc:
        if Path(path).exists():
            raise BackendError(f"cannot load model from {path}: {exc}",
                               hint="name a transformers folder, a .gguf file or a cached hub id") from exc
        raise hub_missing_error(source.name) from exc
    model.eval()
    _prepare_tokenizer(tokenizer)
    return LoadedModel(model, tokenizer, source, origin)


def _prepare_tokenizer(tokenizer: Any) -> None:
    # Batched generation of a decoder-only model needs left padding and a pad token;
    # SmolLM2 has none of its own in some exports, and its end-of-turn token is safe to pad with.
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if not getattr(tokenizer, "chat_template", None):
        raise BackendError("the local model's tokenizer has no chat template",
                           hint="use an instruct/chat model (its tokenizer_config.json must carry chat_template)")


def _save_converted(loaded: LoadedModel, target: Path) -> None:
    """Write the de-quantized GGUF as safetensors, atomically so a crash never leaves half a model."""
    model = loaded.model
    # The weights are already plain float tensors after loading; only the GGUF quantizer's
    # "not serializable" flag stands between them and save_pretrained.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        model.save_pretrained(staging)
        loaded.tokenizer.save_pretrained(staging)
        if target.exists():  # another process finished first; keep theirs
            return
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
