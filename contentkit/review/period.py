"""The review of a period: what was planned, what went out, and how each part performed."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from ..brand import BrandProfile, load_brand
from ..errors import ReviewError
from ..history import PostHistory, load_history
from ..plans.checkpoint import Checkpoint
from ..plans.model import PlannedPost
from . import breakdown
from .matching import match_posts

DIMENSIONS = ("pillar", "format", "platform", "weekday", "hour", "tags")
BEST = 3


@dataclass
class PeriodReview:
    """One period's review; ``to_json()`` is what ``plan --learn-from`` reads back."""

    brand: str
    start: str
    end: str
    source: str
    posts: pd.DataFrame                       # the period's published posts, with pillar and format
    tables: dict[str, pd.DataFrame]           # DIMENSIONS -> breakdown.by_group table
    heat: pd.DataFrame
    planned: dict[str, Any] = field(default_factory=dict)
    followers: list[dict[str, Any]] = field(default_factory=list)
    recommendations: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    brand_shares: dict[str, float] = field(default_factory=dict)

    def best(self, n: int = BEST, worst: bool = False) -> list[dict[str, Any]]:
        ranked = self.posts.dropna(subset=["rel_er"]).sort_values("rel_er", ascending=worst).head(n)
        return [_post_record(row) for _, row in ranked.iterrows()]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "contentkit.review", "version": 1, "brand": self.brand, "start": self.start, "end": self.end,
            "source": self.source, "posts": len(self.posts), "notes": self.notes, "planned": self.planned,
            "brand_shares": self.brand_shares, "followers": self.followers,
            "breakdowns": {name: breakdown.records(table) for name, table in self.tables.items()},
            "heat": breakdown.records(self.heat), "best": self.best(), "worst": self.best(worst=True),
            "recommendations": self.recommendations,
        }

    def save(self, path: str | Path) -> Path:
        from ..files import write_text

        path = Path(path)
        write_text(path, json.dumps(self.to_json(), ensure_ascii=False, indent=2, default=str), ReviewError)
        return path


def _post_record(row: pd.Series) -> dict[str, Any]:
    def num(value: Any) -> float | None:
        return None if value is None or value != value else round(float(value), 5)

    return {"published_at": row["published_at"].isoformat(), "platform": str(row.get("platform") or ""),
            "pillar": str(row.get("pillar") or ""), "format": str(row.get("format") or ""),
            "text": str(row["text"]), "er": num(row.get("er")), "lift": num(row.get("rel_er")),
            "url": str(row.get("url") or "") if row.get("url") == row.get("url") else ""}


def read_plan(plan: str | Path) -> list[PlannedPost]:
    """The planned posts of a plan folder (its plan.jsonl) or of a plan.jsonl itself."""
    path = Path(plan)
    journal = path / "plan.jsonl" if path.is_dir() else path
    if not journal.exists():
        raise ReviewError("no plan here", file=journal, hint="give the --out folder of 'contentkit plan'")
    posts = [PlannedPost.from_json(p) for p in Checkpoint(journal).read().posts.values()]
    if not posts:
        raise ReviewError("the plan has no finished or failed posts yet", file=journal)
    return sorted(posts, key=lambda p: p.slot.when)


def review_period(brand: BrandProfile | str | Path, history: PostHistory | pd.DataFrame | str | Path, *,
                  plan: str | Path | list[PlannedPost] | None = None, start: date | str | None = None,
                  days: int = 30) -> PeriodReview:
    """Review ``days`` days of ``history`` (ending at its last post, or from ``start``); with
    ``plan`` (a plan folder), the period is the plan's and published posts are matched to it.

    Raises ReviewError when the period holds no post, HistoryError for a bad history file.
    """
    from .advice import recommend  # the advice reads the finished review

    brand = load_brand(brand)
    past = _load(history)
    planned = read_plan(plan) if isinstance(plan, (str, Path)) else list(plan or [])
    first, last = _period(past, planned, start, days)
    when = past.posts["published_at"]
    posts = past.posts[(when >= first) & (when < last)].copy()
    if posts.empty:
        raise ReviewError(f"no post between {first:%Y-%m-%d} and {last - timedelta(days=1):%Y-%m-%d}",
                          file=past.source, field="published_at",
                          hint=f"the history runs from {when.min():%Y-%m-%d} to {when.max():%Y-%m-%d}")
    notes = list(past.notes)
    plan_part = _against_plan(planned, posts, brand, notes)
    _fill_pillars(posts, brand, notes)
    posts["weekday"] = posts["published_at"].dt.day_of_week.map(lambda d: breakdown.WEEKDAYS[int(d)])
    posts["hour"] = posts["published_at"].dt.hour.map(lambda h: f"{int(h):02d}:00")
    tables = {name: breakdown.by_group(posts, name, explode=name == "tags") for name in DIMENSIONS}
    if "platform" not in posts.columns:
        tables["platform"] = pd.DataFrame(columns=breakdown.COLUMNS)
    review = PeriodReview(brand.slug, f"{first:%Y-%m-%d}", f"{last - timedelta(days=1):%Y-%m-%d}", past.source,
                          posts, tables, breakdown.heat(posts), plan_part, _followers(posts), notes=notes,
                          brand_shares={p.name: p.share for p in brand.pillars})
    review.recommendations = recommend(review, brand)
    return review


def _load(history: PostHistory | pd.DataFrame | str | Path) -> PostHistory:
    """The history, or an error saying which results an export without them lacks."""
    from ..errors import HistoryError
    from ..history_io import COUNTS

    try:
        return load_history(history)
    except HistoryError as exc:
        if not exc.message.startswith("missing required column") or "likes" not in exc.message:
            raise
        raise ReviewError(f"the export has no results: it lacks likes (and any of {', '.join(COUNTS[1:])})",
                          file=exc.file, field="likes",
                          hint=f"{exc.hint}; a scheduler's import file holds plans, not results: export the "
                               "published posts with their likes from the network or the scheduler's analytics"
                          ) from None


def _period(past: PostHistory, planned: list[PlannedPost], start: date | str | None,
            days: int) -> tuple[datetime, datetime]:
    if not isinstance(days, int) or days < 1:
        raise ReviewError(f"days must be a whole number of at least 1, got {days!r}", field="days")
    if start is not None:
        try:
            first = datetime.fromisoformat(str(start)[:10])
        except ValueError:
            raise ReviewError(f"start '{start}' is not a date like 2026-11-01", field="start") from None
        return first, first + timedelta(days=days)
    if planned:
        first = datetime.combine(min(p.slot.when for p in planned).date(), datetime.min.time())
        end = datetime.combine(max(p.slot.when for p in planned).date(), datetime.min.time())
        return first, end + timedelta(days=1)
    end = datetime.combine(past.posts["published_at"].max().date(), datetime.min.time()) + timedelta(days=1)
    return end - timedelta(days=days), end


def _against_plan(planned: list[PlannedPost], posts: pd.DataFrame, brand: BrandProfile,
                  notes: list[str]) -> dict[str, Any]:
    posts["pillar"], posts["format"], posts["pillar_from"] = "", "", ""
    if not planned:
        notes.append("no plan given: pillars are guessed from each post's text; formats are unknown")
        return {}
    matches = match_posts(planned, posts)
    for m in matches:
        if m.row is not None:
            posts.loc[m.row, ["pillar", "format", "pillar_from"]] = [m.planned.slot.pillar, m.planned.format, "plan"]
    published = [m for m in matches if m.row is not None]
    mix_planned = pd.Series([p.slot.pillar for p in planned]).value_counts()
    return {
        "planned": len(planned), "published": len(published), "published_total": len(posts),
        "unplanned": len(posts) - len(published),
        "missed": [{"when": m.planned.slot.when.isoformat(), "platform": m.planned.slot.platform,
                    "pillar": m.planned.slot.pillar, "topic": m.planned.topic} for m in matches if m.row is None],
        "matches": [{"when": m.planned.slot.when.isoformat(), "platform": m.planned.slot.platform,
                     "published_at": posts.loc[m.row, "published_at"].isoformat(), "shift_hours": m.shift_hours,
                     "text_similarity": m.text_similarity} for m in published],
        "pillar_mix_planned": {k: int(v) for k, v in mix_planned.items()},
        "pillar_shares_brand": {p.name: p.share for p in brand.pillars},
    }


def _fill_pillars(posts: pd.DataFrame, brand: BrandProfile, notes: list[str]) -> None:
    """Posts the plan does not explain get the pillar whose description their text is closest to."""
    todo = posts.index[posts["pillar"] == ""]
    if len(todo) == 0:
        return
    from sklearn.feature_extraction.text import TfidfVectorizer  # only when a review runs
    from sklearn.metrics.pairwise import cosine_similarity

    pillars = [f"{p.name} {p.name} {p.description}" for p in brand.pillars]
    # Character n-grams: word forms differ (caffè/caffe, дроби/дробь) in every language alike.
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit(
        pillars + posts.loc[todo, "text"].tolist())
    scores = cosine_similarity(vectors.transform(posts.loc[todo, "text"]), vectors.transform(pillars))
    posts.loc[todo, "pillar"] = [brand.pillars[i].name for i in scores.argmax(axis=1)]
    posts.loc[todo, "pillar_from"] = "text"
    notes.append(f"{len(todo)} published post(s) not in the plan: pillar guessed from the text")


def _followers(posts: pd.DataFrame) -> list[dict[str, Any]]:
    if "followers" not in posts.columns or posts["followers"].notna().sum() < 2:
        return []
    out = []
    key = posts["platform"].fillna("") if "platform" in posts.columns else pd.Series("", index=posts.index)
    for platform, group in posts.dropna(subset=["followers"]).groupby(key.loc[posts["followers"].notna()]):
        group = group.sort_values("published_at")
        first, last = float(group["followers"].iloc[0]), float(group["followers"].iloc[-1])
        out.append({"platform": platform, "first": first, "last": last, "growth": last - first,
                    "growth_share": (last - first) / first if first else None,
                    "from": group["published_at"].iloc[0].isoformat(), "to": group["published_at"].iloc[-1].isoformat(),
                    "posts": len(group)})
    return out
