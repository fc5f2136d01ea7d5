"""LLM backends: a small protocol, a registry, and the built-in ``openai`` and ``local``."""

from .base import Backend, Completion, Messages
from .registry import available_backends, get_backend

__all__ = ["Backend", "Completion", "Messages", "available_backends", "get_backend"]
