"""The arithmetic behind a suggestion, on the raw arrays of the fitted model.

Working on CSR arrays directly (instead of slicing scipy matrices) keeps one suggestion
well under a millisecond of scoring, even for an account with thousands of posts.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def row_ids(matrix: sp.csr_matrix, rows: slice) -> np.ndarray:
    """For each stored value in ``rows``, its row number counted from ``rows.start``."""
    lengths = np.diff(matrix.indptr[rows.start:rows.stop + 1])
    return np.repeat(np.arange(rows.stop - rows.start), lengths)


def _span(matrix: sp.csr_matrix, rows: slice) -> slice:
    return slice(int(matrix.indptr[rows.start]), int(matrix.indptr[rows.stop]))


def rows_dot(matrix: sp.csr_matrix, rows: slice, dense: np.ndarray) -> np.ndarray:
    """``matrix[rows] @ dense`` without copying the rows out."""
    span = _span(matrix, rows)
    products = matrix.data[span] * dense[matrix.indices[span]]
    return np.bincount(row_ids(matrix, rows), weights=products, minlength=rows.stop - rows.start)


def tag_sums(tags: sp.csr_matrix, rows: slice, weights: np.ndarray) -> np.ndarray:
    """``tags[rows].T @ weights``: each tag's total weight over the posts in ``rows``."""
    span = _span(tags, rows)
    per_value = weights[row_ids(tags, rows)]
    return np.bincount(tags.indices[span], weights=per_value, minlength=tags.shape[1])


def posts_with(tags: sp.csr_matrix, rows: slice, tag_ids: list[int]) -> np.ndarray:
    """Which posts in ``rows`` carry any of ``tag_ids``."""
    span = _span(tags, rows)
    hit = np.zeros(rows.stop - rows.start, dtype=bool)
    stored = tags.indices[span]
    found = stored == tag_ids[0] if len(tag_ids) == 1 else np.isin(stored, tag_ids)
    hit[row_ids(tags, rows)[found]] = True
    return hit


def account_scores(model, query: np.ndarray, rows: slice, seeds: list[int]) -> np.ndarray:
    """Habit + content-neighbour (+ co-used-with-your-tags) scores from one account's posts."""
    weights = model.post_weight_[rows].astype(np.float64)
    sims = rows_dot(model.post_vectors_, rows, query)
    close = weights * np.power(np.clip(sims, 0.0, None), model.similarity_power)
    scores = tag_sums(model.post_tags_, rows, weights / weights.sum())
    if close.sum() > 0:
        # A draft unlike all of the account's posts still has "nearest" posts, but they are
        # noise: the content term earns its full weight only from a real look-alike.
        trust = min(1.0, float(sims.max()) / model.trusted_similarity) if model.trusted_similarity > 0 else 1.0
        scores += trust * model.content_weight * tag_sums(model.post_tags_, rows, close / close.sum())
    if seeds:
        with_seed = posts_with(model.post_tags_, rows, seeds)
        if with_seed.any():
            scores += tag_sums(model.post_tags_, rows, with_seed * weights / weights[with_seed].sum())
    return scores


def gather_dot(by_feature: sp.csr_matrix, features: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``by_feature[features].T @ values``: touches only the query's own features."""
    starts = by_feature.indptr[features]
    lengths = by_feature.indptr[features + 1] - starts
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    positions = offsets + np.arange(int(lengths.sum()))
    weights = by_feature.data[positions] * np.repeat(values, lengths)
    return np.bincount(by_feature.indices[positions], weights=weights, minlength=by_feature.shape[1])


def global_scores(model, features: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Content-only scores: how close the text is to each shared tag's text profile."""
    scores = model._popularity().copy()
    if model.global_centroids_.shape[0] and len(features):
        sims = gather_dot(model._centroids_by_feature(), features, values)
        top = float(sims.max())
        if top > 0:
            scores[model.global_tags_] += np.power(np.clip(sims, 0, None) / top, model.similarity_power)
    return scores


def popularity(posts_per_tag: np.ndarray) -> np.ndarray:
    """A whisper of popularity that breaks ties between equally similar tags."""
    top = posts_per_tag.max() if len(posts_per_tag) else 1.0
    return 1e-3 * np.log1p(posts_per_tag.astype(np.float64)) / np.log1p(top)


def top_indices(scores: np.ndarray, wanted: int) -> np.ndarray:
    """Indices of the ``wanted`` highest positive scores, best first (ties: lower index)."""
    wanted = min(wanted, len(scores))
    if wanted <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, wanted - 1)[:wanted] if wanted < len(scores) else np.arange(len(scores))
    part = part[np.lexsort((part, -scores[part]))]
    return part[scores[part] > 0]
