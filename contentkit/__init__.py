"""contentkit: on-brand drafts, learned hashtags, branded images and two-week plans.

Names are loaded on first use so that ``import contentkit`` stays light: torch,
transformers and streamlit are imported only by the functions that need them.

Imports flow one way (docs/architecture.md, kept true by tests/test_architecture.py):

    brand, platforms, language, tags, history, prompts, checks, llm/
      -> drafting, hashtags/, images/
        -> plans/, inbox/, review/
          -> export/
            -> commands/ (CLI), ui/ (Streamlit)
"""

from __future__ import annotations

from ._lazy import lazy_exports

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
    "plan_content": "plans",
    "ContentPlan": "plans",
    "export_all": "export",
    "load_plan_json": "export",
    "suggest_for_brand": "hashtags",
    "compose_carousel": "images",
    "save_image": "images",
    # module paths, not the package: "inbox.triage" is both a module and its function
    "load_inbox": "inbox.items",
    "triage": "inbox.triage",
    "draft_replies": "inbox.replies",
    "InboxError": "errors",
    "ReviewError": "errors",
    "review_period": "review.period",
    "compare_competitors": "review.rivals",
    "apply_review": "review.learn",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
