"""Why a tag was suggested, in the words a social-media manager uses."""

from __future__ import annotations

import math
import statistics

import numpy as np

from .scoring import row_ids


def explain_all(model, tags: list[int], account: str | None, similarity) -> list[str]:
    """The reason for each of ``tags``; the account's posts are read once for all of them."""
    rows = model._account_rows(account)
    own: list[str | None] = [None] * len(tags)
    if rows is not None and rows.stop > rows.start:
        own = _own_history(model, tags, rows, account)
    return [reason or _from_everyone(model, tag, float(sim)) for reason, tag, sim in zip(own, tags, similarity)]


def _from_everyone(model, tag: int, similarity: float) -> str:
    used = int(model.global_posts_[tag])
    posts = f"{used} post{'s' if used != 1 else ''}"
    if similarity >= 2.0:
        return f"a word of your text that writers often tag ({posts} in the history)"
    if similarity >= 0.05:
        return f"posts with similar text use it ({posts} in the history)"
    return f"a frequent tag in the history ({posts})"


def _own_history(model, tags: list[int], rows: slice, account: str) -> list[str | None]:
    matrix = model.post_tags_
    stored = matrix.indices[matrix.indptr[rows.start]:matrix.indptr[rows.stop]]
    owner = row_ids(matrix, rows)
    a = model._account_index(account)
    total = int(model.account_posts_[a])
    rel, er = model.post_rel_[rows], model.post_er_[rows]
    best_cut, median_er = float(model.account_best_rel_[a]), float(model.account_median_er_[a])
    best = rel >= best_cut if math.isfinite(best_cut) else np.zeros(len(rel), dtype=bool)
    out: list[str | None] = []
    for tag in tags:
        column = np.zeros(len(rel), dtype=bool)
        column[owner[stored == tag]] = True
        if not column.any():
            out.append(None)
            continue
        performance = _performance(er[column], rel[column], median_er)
        in_best = int(np.count_nonzero(column & best))
        if in_best:
            out.append(f"in {in_best} of your {min(5, total)} best posts, {performance}")
            continue
        recent = ", including your latest tagged post" if column[-1] else ""
        out.append(f"used in {int(column.sum())} of your {total} posts{recent}, {performance}")
    return out


def _performance(er: np.ndarray, rel: np.ndarray, median_er: float) -> str:
    # statistics.median: a handful of numbers, where numpy's overhead would dominate.
    er = er[np.isfinite(er)]
    if len(er) and math.isfinite(median_er) and median_er > 0:
        typical = statistics.median(er.tolist())
        # The ratio first: a manager compares tags by it; the percentages back it up.
        return f"ER {typical / median_er:.1f}x your median ({typical:.1%} vs {median_er:.1%} median)"
    rel = rel[np.isfinite(rel)]
    if len(rel):
        return f"{statistics.median(rel.tolist()):.1f}x your median engagement"
    return "engagement unknown"

