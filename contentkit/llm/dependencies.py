"""Optional packages a backend needs, imported on first use with an error that says how to install them."""

from __future__ import annotations

import importlib
from types import ModuleType

from contentkit.errors import BackendError

# Module name -> what to pip install. torch is pinned because plain `torch` pulls a multi-GB CUDA build.
PIP_NAMES = {
    "torch": "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu",
    "transformers": "transformers",
    "gguf": "gguf",
    "accelerate": "accelerate",
    "safetensors": "safetensors",
    "openai": "openai",
    "httpx": "httpx",
}


def missing(module: str, backend: str) -> BackendError:
    """The error for a package the ``backend`` backend needs but cannot import."""
    top = module.split(".")[0]
    return BackendError(f"the '{backend}' backend needs the Python package '{top}', which is not installed",
                        hint=f"pip install {PIP_NAMES.get(top, top)}")


def require(module: str, backend: str) -> ModuleType:
    """Import ``module`` or raise a BackendError naming the pip command that fixes it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise missing(exc.name or module, backend) from exc
