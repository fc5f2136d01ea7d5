"""The inbox classifier as it was before issue #25 (main at 0cd4664), kept to measure against.

A frozen copy of its pipeline: TF-IDF character and word n-grams plus the cheap signals, one
logistic regression over five labels, fitted on the 780 hand-written examples only. Its
``signals`` are the package's, unchanged by the issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import regex

from contentkit.inbox.classifier import LABELS, load_examples
from contentkit.inbox.signals import MENTION, URL, signals

_TOKEN = regex.compile(r"[\p{L}\p{M}']+|\d+|[^\s\p{L}\p{N}]")
_REPEATS = regex.compile(r"(.)\1{2,}")


def normalise(text: str) -> str:
    text = URL.sub(" urlx ", text)
    text = MENTION.sub(" @user ", text)
    text = regex.sub(r"\d", "0", text.lower())
    return _REPEATS.sub(r"\1\1", text)


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _cheap(texts: Sequence[str]) -> Any:
    import numpy as np
    from scipy import sparse

    return sparse.csr_matrix(np.array([signals(t) for t in texts], dtype=float))


@lru_cache(maxsize=1)
def fitted() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from threadpoolctl import threadpool_limits

    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise,
                                  sublinear_tf=True, min_df=1)),
        ("words", TfidfVectorizer(analyzer="word", tokenizer=words, preprocessor=normalise, token_pattern=None,
                                  lowercase=False, ngram_range=(1, 2), sublinear_tf=True)),
        ("signals", FunctionTransformer(_cheap, accept_sparse=True)),
    ])
    pipeline = Pipeline([("features", features),
                         ("model", LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced"))])
    examples = load_examples()
    with threadpool_limits(1):
        return pipeline.fit([e["text"] for e in examples], [e["label"] for e in examples])


def classify(texts: Sequence[str]) -> list[str]:
    """The old label of each text: the likeliest of the five (spam was always hidden)."""
    pipeline = fitted()
    classes = list(pipeline.classes_)
    return [classes[int(row.argmax())] for row in pipeline.predict_proba(list(texts))]


__all__ = ["LABELS", "classify"]
