"""contentkit: on-brand drafts, learned hashtags, branded images and two-week plans.

Names are loaded on first use so that ``import contentkit`` stays light: torch,
transformers and streamlit are imported only by the functions that need them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_brand": "brand",
    "list_brands": "brand",
    "BrandProfile": "brand",
    "get_platform": "platforms",
    "text_length": "platforms",
    "PLATFORMS": "platforms",
    "detect_language": "language",
    "ContentkitError": "errors",
    "BrandError": "errors",
    "HistoryError": "errors",
    "BackendError": "errors",
    "ModelFileError": "errors",
    "NotFittedError": "errors",
    "get_backend": "llm",
    "draft_post": "drafting",
    "Draft": "drafting",
    "Brief": "drafting",
    "draft_many": "drafting",
    "load_history": "history",
    "PostHistory": "history",
    "HashtagSuggester": "hashtags",
    "Suggestion": "hashtags",
    "compose_image": "images",
    "plan_content": "planning",
    "ContentPlan": "plan_model",
    "export_all": "export",
    "load_plan_json": "export",
    "suggest_for_brand": "hashtags",
    "compose_carousel": "images",
    "save_image": "images",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'contentkit' has no attribute '{name}'")
    value = getattr(import_module(f"contentkit.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
