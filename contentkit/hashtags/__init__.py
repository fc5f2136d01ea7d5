"""Hashtag suggestions learned from a brand's past posts.

``HashtagSuggester`` is a scikit-learn style estimator: ``fit(history)`` learns from a
post history, ``suggest(text, account=..., k=...)`` returns ``Suggestion`` objects, best
first, each with its reason; ``suggest_for_brand`` applies a brand's hashtag policy and
the platform's norms. ``store`` saves and loads fitted models safely (no pickle).

Inside: ``features`` (what the model learns from: text vectors, tag matrices), ``tag_words``
(words writers turn into tags), ``beside`` (a big fit's second process), ``scoring`` (blending the evidence),
``reasons`` (why a tag is suggested), ``scripts`` (which alphabets a tag may use),
``store`` (the saved-model format).
"""

from .._lazy import lazy_exports

_EXPORTS = {
    "HashtagSuggester": "suggester",
    "Suggestion": "suggester",
    "suggest_for_brand": "suggester",
    "load_model": "store",
    "save_model": "store",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
