"""Past posts and how they performed: ER, per-account summaries, hashtag lift, best times.

ER by followers = (likes + comments + shares + saves) / followers; ER by reach uses reach.
A post without a follower count keeps a blank ER by followers (never a made-up one); what
the analytics rank by is the post's *relative engagement*: its best available ER (reach,
else followers, else raw interactions) divided by its account's median, so accounts with
and without follower counts are compared fairly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import history_io
from .errors import HistoryError
from .tags import parse_tag_list, tag_key, tags_in_text

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass
class PostHistory:
    """A brand's past posts with ER columns added; build it with ``load_history``.

    ``posts`` holds the canonical columns plus ``engagement``, ``er_followers``,
    ``er_reach``, ``er`` (the best of those available), ``rel_er`` (ER / account median)
    and ``tags`` (a list of hashtags as written). ``notes`` says what was assumed.
    """

    posts: pd.DataFrame
    source: str = "<DataFrame>"
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.posts)

    @property
    def accounts(self) -> list[str]:
        return sorted(self.posts["account"].unique().tolist())

    @property
    def er_basis(self) -> str:
        """What ``er`` is measured against: 'reach', 'followers' or 'interactions'."""
        return str(self.posts.attrs.get("er_basis", "interactions"))

    def for_account(self, account: str) -> PostHistory:
        posts = self.posts[self.posts["account"] == account]
        if posts.empty:
            raise HistoryError(f"no posts by account '{account}'", file=self.source, field="account",
                               hint=f"accounts in the file: {', '.join(self.accounts[:10])}")
        return PostHistory(posts.copy(), self.source, list(self.notes))

    def account_summary(self) -> pd.DataFrame:
        """One row per account: posts, dates, followers, median and mean ER, tagged share."""
        posts = self.posts
        grouped = posts.groupby("account", sort=True)
        summary = pd.DataFrame({
            "posts": grouped.size(),
            "first": grouped["published_at"].min(),
            "last": grouped["published_at"].max(),
            "followers": grouped["followers"].last() if "followers" in posts else np.nan,
            "median_engagement": grouped["engagement"].median(),
            "median_er": grouped["er"].median(),
            "mean_er": grouped["er"].mean(),
            "tagged_share": grouped["tags"].apply(lambda s: float(np.mean([bool(t) for t in s]))),
        })
        return summary.sort_values("posts", ascending=False)

    def hashtag_performance(self, min_posts: int = 3) -> pd.DataFrame:
        """Tags used in at least ``min_posts`` posts of an account, with their ER lift.

        lift = median ER of the account's posts with the tag / the account's median ER;
        share = the tag's posts / all of the account's posts (how often the brand uses it).
        """
        cols = ["account", "tag", "posts", "median_er", "account_median_er", "lift", "share"]
        rows = self.posts[["account", "tags", "er", "rel_er"]].explode("tags").dropna(subset=["tags"])
        if rows.empty:
            return pd.DataFrame(columns=cols)
        rows = rows.assign(key=rows["tags"].map(tag_key))
        account_median = self.posts.groupby("account")["er"].median()
        grouped = rows.groupby(["account", "key"], sort=False)
        table = pd.DataFrame({
            "tag": grouped["tags"].first(),
            "posts": grouped.size(),
            "median_er": grouped["er"].median(),
            "lift": grouped["rel_er"].median(),
        }).reset_index()
        table["account_median_er"] = table["account"].map(account_median)
        table["share"] = table["posts"] / table["account"].map(self.posts.groupby("account").size())
        table = table[table["posts"] >= min_posts].drop(columns="key")
        return table[cols].sort_values(["lift", "posts"], ascending=False).reset_index(drop=True)

    def best_times(self, min_posts: int = 5) -> pd.DataFrame:
        """Weekday x hour cells with at least ``min_posts`` posts, best relative ER first.

        Times are as written in the file (UTC when the file gave time zones).
        """
        when = self.posts["published_at"]
        cells = pd.DataFrame({"weekday": when.dt.day_of_week, "hour": when.dt.hour, "rel": self.posts["rel_er"]})
        grouped = cells.dropna(subset=["rel"]).groupby(["weekday", "hour"])
        table = pd.DataFrame({"posts": grouped.size(), "lift": grouped["rel"].median()}).reset_index()
        table = table[table["posts"] >= min_posts]
        table["weekday"] = table["weekday"].map(lambda d: _WEEKDAYS[int(d)])
        return table.sort_values(["lift", "posts"], ascending=False).reset_index(drop=True)


def load_history(source: str | Path | pd.DataFrame, *, max_bytes: int = history_io.MAX_BYTES,
                 date_format: str | None = None) -> PostHistory:
    """Load a canonical post-history CSV (plain or .gz) or a DataFrame of the same columns.

    Numeric dates are read in the order the whole column settles; ``date_format``
    ("DD/MM/YYYY", "MM/DD/YYYY" or a strftime pattern) decides when it cannot. Exact
    duplicate rows are dropped. Raises HistoryError naming the file, row and column of
    the first problem; ``notes`` says what was assumed or dropped.
    """
    if isinstance(source, PostHistory):
        return source
    if isinstance(source, pd.DataFrame):
        name, frame = "<DataFrame>", source.astype(object).copy()
    else:
        name = str(source)
        frame = history_io.read_csv(source, max_bytes=max_bytes)
    frame = history_io.normalise_columns(frame, name)
    frame, dropped = history_io.drop_duplicates(frame)
    history_io.parse_counts(frame, name)
    order = history_io.parse_dates(frame, name, date_format)
    notes: list[str] = [note for note in (dropped, order) if note]
    _clean_text(frame, name, notes)
    _add_engagement(frame, notes)
    frame = frame.sort_values(["account", "published_at"], kind="stable").reset_index(drop=True)
    return PostHistory(frame, name, notes)


def _clean_text(frame: pd.DataFrame, source: str, notes: list[str]) -> None:
    account = frame["account"].map(lambda a: "" if pd.isna(a) else str(a).strip())
    if (account == "").any():
        row = int((account == "").to_numpy().argmax()) + 1
        raise HistoryError(f"row {row}: account is empty", file=source, field="account")
    frame["account"] = account.str.lstrip("@")
    frame["text"] = frame["text"].map(lambda t: "" if pd.isna(t) else str(t))
    if "hashtags" in frame.columns:
        frame["tags"] = [parse_tag_list(h) or tags_in_text(t) for h, t in
                         zip(frame["hashtags"].map(lambda h: "" if pd.isna(h) else str(h)), frame["text"])]
    else:
        frame["tags"] = frame["text"].map(tags_in_text)
        notes.append("hashtags taken from the post text (no 'hashtags' column)")


def _add_engagement(frame: pd.DataFrame, notes: list[str]) -> None:
    parts = [c for c in ("likes", "comments", "shares", "saves") if c in frame.columns]
    frame["engagement"] = frame[parts].fillna(0.0).sum(axis=1)
    frame["likes"] = frame["likes"].fillna(0.0)
    frame["er_followers"] = _ratio(frame, "followers", notes)
    frame["er_reach"] = _ratio(frame, "reach", notes)
    basis = "interactions"
    frame["er"] = np.nan
    for column, name in (("er_followers", "followers"), ("er_reach", "reach")):
        if frame[column].notna().any():
            frame["er"] = frame[column].where(frame[column].notna(), frame["er"])
            basis = name if basis == "interactions" else "reach, else followers"
    if basis == "interactions":
        notes.append("no followers or reach: ER is blank; posts are ranked by interactions within each account")
    score = frame["er"].where(frame["er"].notna(), np.nan)
    # Relative engagement compares posts to their own account, so it exists even without ER.
    by_rate = score / score.groupby(frame["account"]).transform("median")
    by_count = frame["engagement"] / frame["engagement"].groupby(frame["account"]).transform("median")
    frame["rel_er"] = by_rate.where(score.notna(), by_count).replace([np.inf, -np.inf], np.nan)
    frame.attrs["er_basis"] = basis


def _ratio(frame: pd.DataFrame, column: str, notes: list[str]) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    base = frame[column]
    unusable = base.isna() | (base <= 0)
    if unusable.any() and not unusable.all():
        notes.append(f"{int(unusable.sum())} post(s) have no or zero {column}: their ER by {column} is blank")
    elif unusable.all():
        notes.append(f"no post has a usable '{column}' count: ER by {column} is blank")
    return (frame["engagement"] / base).where(~unusable)
