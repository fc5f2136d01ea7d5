"""What the next plan should change, from a period's review: each change with its evidence
(the lift and the posts behind it) and a confidence that says when the data is too thin.

A change is ``accepted`` by default only at medium or high confidence; a manager flips the
flag in review.json (or on the page) before ``plan --learn-from`` applies it.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..brand import BrandProfile
from .breakdown import MIN_POSTS, confidence

if TYPE_CHECKING:
    from .period import PeriodReview

SHARE_STEP = 0.05   # a pillar's share moves by at least this much, or it is noise
MIN_SHARE, MAX_SHARE = 0.05, 0.6
KEEP_LIFT, DROP_LIFT = 1.1, 0.85
MAX_KEPT_TAGS = 2   # tags added to "always": more would crowd out what the suggester learns


def recommend(review: PeriodReview, brand: BrandProfile) -> list[dict[str, Any]]:
    """Every change worth proposing, strongest evidence first within each kind."""
    return [*_pillars(review, brand), *_hours(review, brand), *_formats(review), *_tags(review, brand)]


def _rec(kind: str, target: str, change: str, evidence: str, posts: int, lift: float | None,
         conf: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "target": target, "change": change, "evidence": evidence, "posts": int(posts),
            "lift": None if lift is None else round(float(lift), 3), "confidence": conf,
            "accepted": conf in ("medium", "high"), **extra}


def _pillars(review: PeriodReview, brand: BrandProfile) -> list[dict[str, Any]]:
    table = review.tables["pillar"].set_index("group") if len(review.tables["pillar"]) else pd.DataFrame()
    proposed = {}
    for pillar in brand.pillars:
        shrunk = float(table.loc[pillar.name, "shrunk"]) if pillar.name in table.index else 1.0
        proposed[pillar.name] = min(MAX_SHARE, max(MIN_SHARE, pillar.share * shrunk))
    total = sum(proposed.values())
    recs = []
    for pillar in brand.pillars:
        new = round(proposed[pillar.name] / total, 2)
        if pillar.name not in table.index or abs(new - pillar.share) < SHARE_STEP:
            continue
        row = table.loc[pillar.name]
        conf = confidence(int(row["posts"]), float(row["shrunk"]))
        if conf == "too few posts":
            continue
        way = "raise" if new > pillar.share else "lower"
        recs.append(_rec("pillar_share", pillar.name, f"{way} its share from {pillar.share:.0%} to {new:.0%}",
                         f"median ER {row['lift']:.2f}x the account's median over {int(row['posts'])} posts "
                         f"(middle half {row['low']:.2f}–{row['high']:.2f}x)", int(row["posts"]), row["lift"], conf,
                         share_from=pillar.share, share_to=new))
    return sorted(recs, key=lambda r: -r["posts"])


def _hours(review: PeriodReview, brand: BrandProfile) -> list[dict[str, Any]]:
    from .breakdown import by_group

    posts = review.posts
    if "platform" not in posts.columns:
        return []
    recs = []
    for platform, plan in brand.platforms.items():
        mine = posts[posts["platform"] == platform]
        table = by_group(mine, "hour")
        good = table[(table["posts"] >= MIN_POSTS) & (table["shrunk"] >= 1.02)].head(len(plan.preferred_times) or 2)
        if good.empty:
            continue
        current = [t.strftime("%H:%M") for t in plan.preferred_times]
        bad = set(table[(table["posts"] >= MIN_POSTS) & (table["shrunk"] <= 0.95)]["group"].str[:2])
        times = _merge([_time_in(mine, hour) for hour in good["group"]], [t for t in current if t[:2] not in bad],
                       max(len(current), 1))
        if {t[:2] for t in times} == {t[:2] for t in current}:
            continue
        n = int(good["posts"].sum())
        lift = float((good["lift"] * good["posts"]).sum() / n)
        conf = confidence(n, float(good["shrunk"].mean()))
        detail = ", ".join(f"{g} {lf:.2f}x ({int(p)} posts)" for g, lf, p in zip(good["group"], good["lift"], good["posts"]))
        recs.append(_rec("hours", platform, f"post at {', '.join(times)} instead of {', '.join(sorted(current))}",
                         f"best hours on {platform}: {detail}", n, lift, conf, times_from=current, times_to=times))
    return recs


def _merge(best: list[str], kept: list[str], count: int) -> list[str]:
    """The best hours first, then the brand's own times that did not do badly, one per hour."""
    out: list[str] = []
    for t in [*best, *kept]:
        if t[:2] not in {o[:2] for o in out} and len(out) < count:
            out.append(t)
    return sorted(out)


def _time_in(posts: pd.DataFrame, hour: str) -> str:
    """The minute the brand actually posts at within ``hour`` (its most common), as HH:MM."""
    minutes = Counter(posts.loc[posts["hour"] == hour, "published_at"].dt.minute)
    return f"{hour[:2]}:{minutes.most_common(1)[0][0]:02d}" if minutes else f"{hour[:2]}:00"


def _formats(review: PeriodReview) -> list[dict[str, Any]]:
    recs = []
    for _, row in review.tables["format"].iterrows():
        conf = confidence(int(row["posts"]), float(row["shrunk"]))
        if conf == "too few posts" or DROP_LIFT < row["shrunk"] < KEEP_LIFT:
            continue
        more = row["shrunk"] >= KEEP_LIFT
        recs.append(_rec("format", row["group"], "use more often" if more else "use less often",
                         f"median ER {row['lift']:.2f}x over {int(row['posts'])} posts", int(row["posts"]),
                         row["lift"], conf, direction="more" if more else "less"))
    return recs


def _tags(review: PeriodReview, brand: BrandProfile) -> list[dict[str, Any]]:
    recs, kept = [], 0
    always = {t.casefold() for t in brand.hashtags.always}
    for _, row in review.tables["tags"].iterrows():
        tag = str(row["group"])
        conf = confidence(int(row["posts"]), float(row["shrunk"]))
        if conf == "too few posts" or DROP_LIFT < row["shrunk"] < KEEP_LIFT:
            continue
        keep = row["shrunk"] >= KEEP_LIFT
        if tag.casefold() in always and not keep:
            continue  # the brand's own tag stays whatever a month says
        if keep and (tag.casefold() in always or kept >= MAX_KEPT_TAGS):
            continue
        kept += keep
        recs.append(_rec("hashtag", tag, "keep: add to every post" if keep else "drop: stop using it",
                         f"posts with it: median ER {row['lift']:.2f}x the account's median over {int(row['posts'])} "
                         f"posts", int(row["posts"]), row["lift"], conf, direction="keep" if keep else "drop"))
    return recs
