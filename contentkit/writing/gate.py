"""The quality gate: how likely a post is to be publishable (A or B by a manager's reading),
from signals a plan has anyway, with a transparent logistic model fitted on graded posts.

The coefficients live in ``contentkit/data/quality_gate.json``, written by ``bench/gate.py``
from ``bench/data/graded_posts.jsonl`` (two thirds to fit, the last third held out to report
how well "ready" predicts A or B). A post is "ready" only when the estimate reaches the
threshold chosen there for a precision of at least 0.9 on the fitting part.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any

FEATURES = ("confidence", "cut", "off_topic", "other_warnings", "long", "italian", "russian", "own")
"""In order: mean token log-probability; the checks cut something; the post does not name
its topic; any other warning; more than 60 words; the post is in Italian; in Russian; the
share of its words the model wrote itself (see :func:`own_share`). The language is a feature
because the embedded model writes the three unequally well (English best, Italian worst),
and a manager reads them unequally forgiving of nothing."""

_NOISE = re.compile(r"(?:https?://|www\.)\S+|(?<![\w])[#@][\w.]+")
# Sentences as writing.facts splits them: at a stop, or at an emoji before a capital.
_PIECES = re.compile(r"(?<=[.!?…])\s+|(?<=[\u2600-\u27bf\U0001f300-\U0001faff])\s+(?=[A-ZА-ЯЁ])|\n+")
_EDGES = " \t•-–—.,;:!?…\"'«»“”()"


def _plain(text: str) -> str:
    return " ".join(_NOISE.sub(" ", text).lower().split()).strip(_EDGES)


def own_share(text: str, given: Iterable[str]) -> float:
    """The share of a post's words that the model wrote itself: words of a sentence that is
    not, word for word, in what it was given (the brand's facts and past posts, the topic,
    the call to action). On the embedded model the sentences it copies are the brand's and
    read well; the ones it writes are where a manager finds nonsense."""
    known = "\n".join(_plain(g) for g in given)
    own = total = 0
    for piece in _PIECES.split(text):
        plain = _plain(piece)
        words = len(plain.split())
        if not words:
            continue
        total += words
        if plain not in known:
            own += words
    return own / total if total else 1.0


def features(text: str, confidence: float | None, warnings: Sequence[str], language: str,
             own: float = 1.0) -> list[float]:
    cut = any(w.startswith("the checks changed") for w in warnings)
    off = any("does not speak of its topic" in w for w in warnings)
    other = any(not (w.startswith(("the checks changed", "the model was unsure", "the quality gate"))
                     or "does not speak of its topic" in w) for w in warnings)
    words = len(text.split())
    return [confidence if confidence is not None else -2.0, float(cut), float(off), float(other),
            float(words > 60), float(language == "it"), float(language == "ru"), own]


@functools.lru_cache(maxsize=1)
def _model() -> dict[str, Any] | None:
    try:
        data = resources.files("contentkit").joinpath("data/quality_gate.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    model = json.loads(data)
    return model if model.get("features") == list(FEATURES) else None


def publishable(text: str, confidence: float | None, warnings: Sequence[str], language: str,
                model_name: str, own: float = 1.0) -> float | None:
    """The estimated chance that a manager publishes the post as it is or with a light edit;
    None when no gate was fitted on posts of ``model_name`` (a gate read from one model's
    posts says nothing of another's)."""
    model = _model()
    if model is None or model.get("model") != model_name:
        return None
    z = model["intercept"] + sum(c * x for c, x in zip(model["coef"], features(text, confidence, warnings, language, own),
                                                       strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def knows(model_name: str) -> bool:
    """Whether the gate was fitted on posts of ``model_name``: a model whose own sentences were
    read and mostly found wanting (see bench/data/graded_posts.jsonl)."""
    model = _model()
    return model is not None and model.get("model") == model_name


def threshold() -> float | None:
    model = _model()
    return model["threshold"] if model else None
