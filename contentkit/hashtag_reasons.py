"""Why a tag was suggested, in the words a social-media manager uses."""

from __future__ import annotations

import math
import statistics

import numpy as np

from .hashtag_scoring import posts_with


def explain(model, tag: int, account: str | None, similarity: float = 0.0) -> str:
    """One short reason for suggesting tag number ``tag`` to ``account``."""
    rows = model._account_rows(account)
    if rows is not None:
        reason = _own_history(model, tag, rows, account)
        if reason:
            return reason
    used = int(model.global_posts_[tag])
    posts = f"{used} post{'s' if used != 1 else ''}"
    if similarity >= 2.0:
        return f"a word of your text that writers often tag ({posts} in the history)"
    if similarity >= 0.05:
        return f"posts with similar text use it ({posts} in the history)"
    return f"a frequent tag in the history ({posts})"


def _own_history(model, tag: int, rows: slice, account: str) -> str | None:
    column = posts_with(model.post_tags_, rows, [tag])
    if not column.any():
        return None
    a = model._account_index(account)
    total = int(model.account_posts_[a])
    rel = model.post_rel_[rows]
    er = model.post_er_[rows]
    best_cut = float(model.account_best_rel_[a])
    performance = _performance(er[column], rel[column], float(model.account_median_er_[a]))
    if math.isfinite(best_cut):
        in_best = int(np.sum(column & (rel >= best_cut)))
        if in_best:
            return f"in {in_best} of your {min(5, total)} best posts, {performance}"
    used = int(column.sum())
    recent = ", including your latest tagged post" if column[-1] else ""
    return f"used in {used} of your {total} posts{recent}, {performance}"


def _performance(er: np.ndarray, rel: np.ndarray, median_er: float) -> str:
    # statistics.median: a handful of numbers, where numpy's overhead would dominate.
    er = er[np.isfinite(er)]
    if len(er) and math.isfinite(median_er) and median_er > 0:
        return f"ER {statistics.median(er.tolist()):.1%} vs {median_er:.1%} median"
    rel = rel[np.isfinite(rel)]
    if len(rel):
        return f"{statistics.median(rel.tolist()):.1f}x your median engagement"
    return "engagement unknown"

