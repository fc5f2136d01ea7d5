"""Which backends exist (entry points in the ``contentkit.backends`` group) and which one to use.

Choice order, first that applies:
1. the ``name``/``model`` arguments;
2. ``CONTENTKIT_BACKEND`` / ``CONTENTKIT_MODEL``;
3. ``openai`` when ``OPENAI_API_KEY`` or ``OPENAI_BASE_URL`` is set;
4. ``llamacpp`` (the best embedded GGUF on a llama-server it starts itself) when llama.cpp's
   ``llama-server`` is installed, else ``local`` (transformers, in process).

``CONTENTKIT_MODEL`` belongs to the backend chosen by the environment: it is not applied when
the caller explicitly names a different backend than ``CONTENTKIT_BACKEND``.
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

from contentkit.config import env
from contentkit.errors import BackendError
from contentkit.llm.base import Backend
from contentkit.llm.dependencies import missing

GROUP = "contentkit.backends"
FALLBACK = "local"
SERVED = "llamacpp"


def _entry_points() -> dict[str, importlib.metadata.EntryPoint]:
    return {ep.name: ep for ep in importlib.metadata.entry_points(group=GROUP)}


def available_backends() -> list[str]:
    """Ids of every registered backend, sorted; nothing is imported to list them."""
    return sorted(_entry_points())


def backend_class(name: str) -> type[Backend]:
    """The class registered as ``name``, imported now; errors say how to fix a bad name or a missing package."""
    entry = _entry_points().get(name)
    if entry is None:
        known = ", ".join(available_backends()) or "none"
        raise BackendError(f"unknown backend '{name}'",
                           hint=f"choose one of: {known} (argument, --backend or CONTENTKIT_BACKEND); "
                                f"plugins register under the '{GROUP}' entry-point group")
    try:
        cls = entry.load()
    except ImportError as exc:
        raise missing(exc.name or entry.module, name) from exc
    if not (isinstance(cls, type) and issubclass(cls, Backend)):
        raise BackendError(f"entry point '{name}' = {entry.value} is not a contentkit Backend class",
                           hint="the plugin must register a subclass of contentkit.llm.Backend")
    return cls


def embedded_backend() -> str:
    """``llamacpp`` where llama-server is installed (several times faster on a CPU), else ``local``."""
    from contentkit.llm.llama_server import server_command

    return SERVED if SERVED in _entry_points() and server_command() else FALLBACK


def choose(name: str | None = None, model: str | None = None) -> tuple[str, str | None]:
    """The backend id and model (None = the backend's default) the rules above select."""
    env_backend = env("CONTENTKIT_BACKEND")
    chosen = name or env_backend
    if chosen is None:
        chosen = "openai" if env("OPENAI_API_KEY") or env("OPENAI_BASE_URL") else embedded_backend()
    if model is None and (name is None or env_backend in (None, name)):
        model = env("CONTENTKIT_MODEL")
    return chosen, model


def get_backend(name: str | None = None, model: str | None = None, **options: Any) -> Backend:
    """A ready-to-use backend; nothing is loaded or contacted until its first request.

    ``options`` go to the backend's constructor (e.g. ``base_url=``, ``timeout=`` for openai,
    ``batch_size=`` for local).
    """
    if model is not None and not isinstance(model, str):
        raise BackendError(f"model must be a name or path, got {type(model).__name__} {model!r}", field="model",
                           hint="e.g. 'qwen2.5-3b-instruct' or a path to a .gguf file (see contentkit models)")
    chosen, model = choose(name, model)
    cls = backend_class(chosen)
    try:
        return cls(model=model, **options)
    except TypeError as exc:
        raise BackendError(f"the '{chosen}' backend does not take these options: {', '.join(sorted(options))}",
                           hint=f"see help(contentkit.llm.{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__})") from exc
