"""ER broken down by a group (pillar, format, platform, weekday, hour, hashtag), honestly.

Every figure carries the posts behind it. ``lift`` is the group's median relative ER (a
post's ER / its account's median, see contentkit.history); ``shrunk`` pulls it towards 1.0
by ``PRIOR`` imaginary average posts, so that one lucky post cannot make a group look best.
Groups with fewer than ``MIN_POSTS`` posts are kept but marked ``thin``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_POSTS = 3
PRIOR = 5
COLUMNS = ["group", "posts", "median_er", "lift", "shrunk", "low", "high", "thin"]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def shrink(lift: float, posts: int, prior: int = PRIOR) -> float:
    """``lift`` pulled towards 1.0 (the account's median) as if ``prior`` median posts were added."""
    if lift != lift:
        return float("nan")
    return (lift * posts + 1.0 * prior) / (posts + prior)


def by_group(posts: pd.DataFrame, column: str, *, explode: bool = False) -> pd.DataFrame:
    """One row per value of ``column``: posts, median ER, lift, shrunk lift, quartiles of the
    relative ER (its spread) and whether it is too thin to act on; best shrunk lift first."""
    rows = posts[[column, "er", "rel_er"]]
    if explode:
        rows = rows.explode(column)
    rows = rows.dropna(subset=[column, "rel_er"])
    rows = rows[rows[column].astype(str) != ""]
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    grouped = rows.groupby(rows[column].astype(str), sort=False)
    table = pd.DataFrame({
        "posts": grouped.size(),
        "median_er": grouped["er"].median(),
        "lift": grouped["rel_er"].median(),
        "low": grouped["rel_er"].quantile(0.25),
        "high": grouped["rel_er"].quantile(0.75),
    }).reset_index(names="group")
    table["shrunk"] = [shrink(lift, n) for lift, n in zip(table["lift"], table["posts"])]
    table["thin"] = table["posts"] < MIN_POSTS
    return table[COLUMNS].sort_values(["shrunk", "posts"], ascending=False).reset_index(drop=True)


def heat(posts: pd.DataFrame) -> pd.DataFrame:
    """Weekday x hour cells: posts and median relative ER (NaN where no post)."""
    when = posts["published_at"]
    cells = pd.DataFrame({"weekday": when.dt.day_of_week, "hour": when.dt.hour, "rel": posts["rel_er"]})
    grouped = cells.dropna(subset=["rel"]).groupby(["weekday", "hour"])
    return pd.DataFrame({"posts": grouped.size(), "lift": grouped["rel"].median()}).reset_index()


def confidence(posts: int, shrunk: float) -> str:
    """How far a figure can be trusted: by the posts behind it and how clear its effect is."""
    if posts < MIN_POSTS:
        return "too few posts"
    effect = abs(shrunk - 1.0)
    if posts >= 15 and effect >= 0.15:
        return "high"
    if posts >= 6 and effect >= 0.08:
        return "medium"
    return "low"


def records(table: pd.DataFrame) -> list[dict]:
    """A breakdown as JSON-ready rows (NaN as None)."""
    out = []
    for row in table.to_dict("records"):
        out.append({k: (None if isinstance(v, float) and np.isnan(v) else
                        (int(v) if isinstance(v, (np.integer,)) else (bool(v) if isinstance(v, np.bool_) else
                                                                       (float(v) if isinstance(v, np.floating) else v))))
                    for k, v in row.items()})
    return out
