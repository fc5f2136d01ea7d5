"""The offline comment classifier: shipped labelled examples, fitted on first use.

``contentkit/data/inbox/examples.jsonl`` holds a few hundred comments and messages in
English, Italian and Russian (cafés, children's schools, B2B software, florists, gyms,
bakeries...), labelled spam / negative / question / praise / other. The model is fitted
from them the first time it is needed (well under a second) and kept for the process: a
pickled model would tie the package to one scikit-learn version.

Features are character n-grams (word-bounded, 2-5: robust to typos, slang and inflection
in short multilingual text), word uni- and bigrams with emoji as words, and the cheap
``signals``; a logistic regression turns them into class probabilities.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import regex

from .signals import MENTION, URL, signals

LABELS = ("spam", "negative", "question", "praise", "other")
EXAMPLES = "data/inbox/examples.jsonl"

_TOKEN = regex.compile(r"[\p{L}\p{M}']+|\d+|[^\s\p{L}\p{N}]")
_REPEATS = regex.compile(r"(.)\1{2,}")


def normalise(text: str) -> str:
    """Lower case, links and mentions as placeholders, digits as 0, 'sooooo' as 'soo'."""
    text = URL.sub(" urlx ", text)
    text = MENTION.sub(" @user ", text)
    text = regex.sub(r"\d", "0", text.lower())
    return _REPEATS.sub(r"\1\1", text)


def words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def load_examples() -> list[dict[str, str]]:
    """The shipped training examples: dicts with text, label, lang."""
    raw = resources.files("contentkit").joinpath(EXAMPLES).read_text("utf-8")
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def build_pipeline(c: float = 10.0) -> Any:
    """An unfitted pipeline: text in, probabilities of LABELS out."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    def cheap(texts: Sequence[str]) -> Any:
        return sparse.csr_matrix(np.array([signals(t) for t in texts], dtype=float))

    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise,
                                  sublinear_tf=True, min_df=1)),
        ("words", TfidfVectorizer(analyzer="word", tokenizer=words, preprocessor=normalise, token_pattern=None,
                                  lowercase=False, ngram_range=(1, 2), sublinear_tf=True)),
        ("signals", FunctionTransformer(cheap, accept_sparse=True)),
    ])
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("model", model)])


@lru_cache(maxsize=1)
def fitted() -> Any:
    """The pipeline fitted on the shipped examples, once per process."""
    from threadpoolctl import threadpool_limits

    examples = load_examples()
    pipeline = build_pipeline()  # first, so that the BLAS libraries it loads are there to limit
    # One BLAS thread: on a busy two-core machine the default pool makes this fit 10x slower.
    with threadpool_limits(1):
        return pipeline.fit([e["text"] for e in examples], [e["label"] for e in examples])


def probabilities(texts: Sequence[str]) -> list[dict[str, float]]:
    """For each text, the probability of every label."""
    if not texts:
        return []
    pipeline = fitted()
    classes = list(pipeline.classes_)
    rows = pipeline.predict_proba(list(texts))
    return [{label: float(row[classes.index(label)]) for label in LABELS} for row in rows]
