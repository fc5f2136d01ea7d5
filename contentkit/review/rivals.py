"""Competitors beside the brand: how often and when they post, what about, with which
hashtags, and how people react; then what the brand could do differently.

Each competitor's export is read like the brand's own history (contentkit.history), so a
bad file is named with its row and column. ER is compared within an account (relative ER,
its post / its median) as well as across accounts, since follower counts differ by orders of
magnitude. Themes are found across everyone's texts at once (TF-IDF + k-means, scikit-learn)
and named by their top words, so they are in the language the posts are written in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..brand import BrandProfile, load_brand
from ..errors import ReviewError
from ..history import PostHistory, load_history
from ..tags import strip_for_query, tag_key
from .breakdown import MIN_POSTS, by_group, records, shrink

THEME_WORDS = 3
JOIN_SIMILARITY = 0.2   # cosine of a brand post to a competitors' theme centre to count as that theme
OPPORTUNITY_LIFT = 1.1   # a theme or hour counts as working for a competitor above this (shrunk)


@dataclass
class CompetitorReport:
    """Per account (the brand first): activity, hours, ER, themes, hashtags, best posts."""

    brand: str
    accounts: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    ideas: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"kind": "contentkit.competitors", "version": 1, "brand": self.brand, "accounts": self.accounts,
                "themes": self.themes, "ideas": self.ideas, "notes": self.notes}

    def save(self, path: str | Path) -> Path:
        import json

        from ..files import write_text

        return write_text(path, json.dumps(self.to_json(), ensure_ascii=False, indent=2, default=str), ReviewError)


def compare_competitors(brand: BrandProfile | str | Path, competitors: Sequence[str | Path | pd.DataFrame | PostHistory],
                        *, history: str | Path | pd.DataFrame | PostHistory | None = None,
                        themes: int | None = None) -> CompetitorReport:
    """Compare the brand's history (default: its folder's) with competitors' exports.

    A file may hold one account or several; each account is one competitor.
    """
    brand = load_brand(brand)
    if not competitors:
        raise ReviewError("no competitor export given", field="competitors", hint="give one CSV per competitor")
    own = load_history(history if history is not None else _own_history(brand))
    theirs = [load_history(c) for c in competitors]
    mine = set(own.accounts)
    frames, notes = [own.posts.assign(side="brand")], []
    for past in theirs:
        clash = mine & set(past.accounts)
        if clash:
            raise ReviewError(f"account(s) {', '.join(sorted(clash))} are the brand's own", file=past.source,
                              field="account", hint="a competitor's export should hold the competitor's posts")
        frames.append(past.posts.assign(side="competitor"))
    posts = pd.concat(frames, ignore_index=True)
    posts["hour"] = posts["published_at"].dt.hour.map(lambda h: f"{int(h):02d}:00")
    dated = [a for a, group in posts.groupby("account") if not has_times(group["published_at"])]
    if dated:  # a scrape that kept the day only puts every post at one hour: no hour to learn from
        posts.loc[posts["account"].isin(dated), "hour"] = ""
        notes.append(f"{', '.join(dated)}: the export has dates without real times, so no posting hours")
    posts["theme"] = _themes(posts, themes)
    table = _theme_table(posts)
    brand_tags = {tag_key(t) for tags in own.posts["tags"] for t in tags}
    accounts = [_account(posts[posts["account"] == a], brand_tags) for a in
                [*own.accounts, *sorted(set(posts["account"]) - mine)]]
    report = CompetitorReport(brand.slug, accounts, table, notes=notes)
    report.ideas = _ideas(posts, table)
    return report


def has_times(when: pd.Series) -> bool:
    """Whether times of day are real: a date-only export puts nearly every post at one or two."""
    clock = when.dt.strftime("%H:%M")
    return clock.nunique() >= 3 and clock.value_counts(normalize=True).iloc[0] < 0.8


def _own_history(brand: BrandProfile) -> Path:
    from ..plans.history import default_history

    found = default_history(brand)
    if found is None:
        raise ReviewError(f"brand '{brand.slug}' has no history to compare", file=brand.root,
                          hint="give history= (its export) or put a history.csv in its folder")
    return found


def _themes(posts: pd.DataFrame, k: int | None) -> pd.Series:
    """Each post's theme. Competitors' posts are clustered on their own, so a brand with many
    more posts does not take every cluster; a brand post joins the competitors' theme it is
    close to, else one of the brand's own themes (clustered the same way)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # only when a comparison runs

    texts = posts["text"].map(lambda t: strip_for_query(t).casefold())
    # Words common to a quarter of all posts, or to a third of the posts of two accounts, are
    # the language's glue (this, sono, чтобы) or everyone's sign-off, not themes.
    pattern = r"(?u)\b[^\W\d_]{4,}\b"
    vectorizer = TfidfVectorizer(token_pattern=pattern, max_df=0.25, min_df=2, sublinear_tf=True,
                                 stop_words=sorted(_glue(texts, posts["account"], pattern)))
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # too few words in common to find any theme
        return pd.Series("", index=posts.index)
    words = np.array(vectorizer.get_feature_names_out())
    theirs = (posts["side"] == "competitor").to_numpy()
    themes = np.full(len(posts), "", dtype=object)
    names, centres = _cluster(matrix[theirs], words, k)
    themes[np.flatnonzero(theirs)] = names
    mine = np.flatnonzero(~theirs)
    if len(mine):
        own_names, _ = _cluster(matrix[mine], words, k)
        themes[mine] = own_names
        if centres is not None:
            close = (matrix[mine] @ centres.T)  # rows are unit length: cosine to each theme's centre
            close = np.asarray(close.todense() if hasattr(close, "todense") else close)
            best = close.argmax(axis=1)
            for row, (c, score) in enumerate(zip(best, close[np.arange(len(mine)), best])):
                if score >= JOIN_SIMILARITY:
                    themes[mine[row]] = _label_of(centres, c, words)
    return pd.Series(themes, index=posts.index)


def _cluster(matrix, words: np.ndarray, k: int | None) -> tuple[list[str], np.ndarray | None]:
    """k-means on ``matrix``: each row's theme name ('' for a row without words) and the centres."""
    from sklearn.cluster import KMeans

    rows = matrix.shape[0]
    empty = np.asarray(matrix.sum(axis=1)).ravel() == 0
    if rows - empty.sum() < 4:
        return [""] * rows, None
    worded = matrix[~empty].tocsr()
    # Reposted texts are one point: more clusters than distinct points cannot be made.
    distinct = len({(worded.indices[a:b].tobytes(), worded.data[a:b].round(6).tobytes())
                    for a, b in zip(worded.indptr[:-1], worded.indptr[1:])})
    k = min(k or max(2, min(10, round(math.sqrt(rows / 2)))), distinct)
    if k < 2:
        return [""] * rows, None
    model = KMeans(n_clusters=k, n_init=4, random_state=0).fit(worded)
    labels = np.full(rows, -1)
    labels[~empty] = model.labels_
    centres = model.cluster_centers_ / np.maximum(np.linalg.norm(model.cluster_centers_, axis=1, keepdims=True), 1e-12)
    return [("" if c < 0 else _label_of(centres, c, words)) for c in labels], centres


def _label_of(centres: np.ndarray, c: int, words: np.ndarray) -> str:
    return " · ".join(words[np.argsort(centres[c])[::-1][:THEME_WORDS]])


def _glue(texts: pd.Series, accounts: pd.Series, pattern: str) -> set[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    counts: dict[str, int] = {}
    for _, group in texts.groupby(accounts):
        if len(group) < 5:
            continue
        try:
            seen = CountVectorizer(token_pattern=pattern, binary=True, min_df=0.3).fit(group)
        except ValueError:
            continue
        for word in seen.get_feature_names_out():
            counts[word] = counts.get(word, 0) + 1
    return {w for w, n in counts.items() if n >= 2} | set(ENGLISH_STOP_WORDS)


def _theme_table(posts: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for theme, group in posts[posts["theme"] != ""].groupby("theme"):
        mine, theirs = group[group["side"] == "brand"], group[group["side"] == "competitor"]
        lift = float(theirs["rel_er"].median()) if len(theirs) else float("nan")
        out.append({"theme": theme, "posts": len(group), "brand_posts": len(mine),
                    "brand_share": len(mine) / max(1, (posts["side"] == "brand").sum()),
                    "competitor_posts": len(theirs),
                    "competitor_share": len(theirs) / max(1, (posts["side"] == "competitor").sum()),
                    "competitor_lift": None if lift != lift else round(lift, 3),
                    "competitor_shrunk": None if lift != lift else round(shrink(lift, len(theirs)), 3),
                    "brand_lift": round(float(mine["rel_er"].median()), 3) if len(mine) else None,
                    "accounts": sorted(set(theirs["account"])),
                    "example": _short(theirs.sort_values("rel_er", ascending=False)["text"].iloc[0]) if len(theirs) else ""})
    return sorted(out, key=lambda t: -t["posts"])


def _account(posts: pd.DataFrame, brand_tags: set[str]) -> dict[str, Any]:
    side = posts["side"].iloc[0]
    days = max(1.0, (posts["published_at"].max() - posts["published_at"].min()).total_seconds() / 86400)
    platform = posts["platform"].fillna("") if "platform" in posts else pd.Series("", index=posts.index)
    per_week = {(p or "all platforms"): round(n / days * 7, 2) for p, n in platform.value_counts().items()}
    hours = by_group(posts[posts["hour"] != ""], "hour")
    tags = _their_tags(posts, brand_tags) if side == "competitor" else []
    best = posts.dropna(subset=["rel_er"]).sort_values("rel_er", ascending=False).head(3)
    followers = posts["followers"].dropna() if "followers" in posts else pd.Series(dtype=float)
    return {"account": posts["account"].iloc[0], "side": side, "posts": len(posts),
            "has_times": bool((posts["hour"] != "").all()),
            "from": f"{posts['published_at'].min():%Y-%m-%d}", "to": f"{posts['published_at'].max():%Y-%m-%d}",
            "posts_per_week": per_week, "median_er": _num(posts["er"].median()),
            "followers": _num(followers.iloc[-1]) if len(followers) else None,
            "hours": records(hours[hours["posts"] >= MIN_POSTS].head(5)),
            "hour_counts": {h: int(n) for h, n in posts.loc[posts["hour"] != "", "hour"].value_counts().sort_index().items()},
            "themes": {t: int(n) for t, n in posts.loc[posts["theme"] != "", "theme"].value_counts().items()},
            "tags_they_use": tags,
            "best": [{"published_at": r["published_at"].isoformat(), "text": _short(r["text"], 300),
                      "er": _num(r["er"]), "lift": _num(r["rel_er"]),
                      "url": str(r.get("url")) if r.get("url") == r.get("url") else ""} for _, r in best.iterrows()]}


def _their_tags(posts: pd.DataFrame, brand_tags: set[str]) -> list[dict[str, Any]]:
    rows = posts[["tags", "rel_er"]].explode("tags").dropna(subset=["tags"])
    rows = rows[~rows["tags"].map(tag_key).isin(brand_tags)]
    if rows.empty:
        return []
    grouped = rows.groupby(rows["tags"].map(tag_key))
    table = pd.DataFrame({"tag": grouped["tags"].first(), "posts": grouped.size(), "lift": grouped["rel_er"].median()})
    table = table[table["posts"] >= 2].sort_values(["posts", "lift"], ascending=False).head(10)
    return [{"tag": r.tag, "posts": int(r.posts), "lift": _num(r.lift), "thin": bool(r.posts < MIN_POSTS)}
            for r in table.itertuples()]


def _ideas(posts: pd.DataFrame, themes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Themes and hours that work for competitors and that the brand barely uses."""
    ideas = []
    for t in themes:
        shrunk = t["competitor_shrunk"] or 0.0
        if t["competitor_posts"] >= MIN_POSTS and shrunk >= OPPORTUNITY_LIFT and t["brand_share"] < 0.05:
            ideas.append({"kind": "theme", "what": t["theme"], "why": (
                f"{t['competitor_posts']} competitor posts ({', '.join(t['accounts'][:3])}) at "
                f"{t['competitor_lift']:.2f}x their median ER; the brand: {t['brand_posts']} post(s)"),
                "posts": t["competitor_posts"], "lift": t["competitor_lift"], "example": t["example"]})
    theirs, mine = posts[(posts["side"] == "competitor") & (posts["hour"] != "")], posts[posts["side"] == "brand"]
    used = set(mine["hour"])
    for _, row in by_group(theirs, "hour").iterrows():
        if row["posts"] >= MIN_POSTS and row["shrunk"] >= OPPORTUNITY_LIFT and row["group"] not in used:
            ideas.append({"kind": "hour", "what": row["group"], "why": (
                f"competitors' posts at {row['group']}: {row['lift']:.2f}x their median ER over {int(row['posts'])} "
                "posts; the brand never posts then"), "posts": int(row["posts"]), "lift": round(float(row["lift"]), 3),
                "example": ""})
    return sorted(ideas, key=lambda i: -(i["lift"] or 0) * math.sqrt(i["posts"]))


def _num(value: Any) -> float | None:
    return None if value is None or value != value else round(float(value), 5)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
