"""Planned posts matched to published ones by platform, time and text, never by id.

A scheduler gives a published post a new id, and people edit a text before it goes out, so a
pair is made by closeness: the same platform, within ``WINDOW`` of the planned time, and the
more alike the texts the better. Each published post answers at most one planned post.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher

import pandas as pd

from ..plans.model import PlannedPost

WINDOW = timedelta(hours=36)
"""A post moved by a day and a half is still the same post; further away it is another one."""
ON_TIME = timedelta(hours=2)


@dataclass
class Match:
    planned: PlannedPost
    row: int | None          # index into the history's posts, None when it was not published
    score: float = 0.0       # 0..1: how alike time and text were
    text_similarity: float = 0.0
    shift_hours: float = 0.0


def _wall(when: datetime) -> datetime:
    """Wall-clock time without a zone: the history keeps times as written."""
    return when.replace(tzinfo=None)


def _similar(a: str, b: str) -> float:
    a, b = a.casefold().strip()[:400], b.casefold().strip()[:400]
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_posts(planned: list[PlannedPost], published: pd.DataFrame) -> list[Match]:
    """Every planned post with its published post (or None), best pairs first taken."""
    candidates: list[tuple[float, int, int, float, float]] = []
    has_platform = "platform" in published.columns
    for i, post in enumerate(planned):
        when = _wall(post.slot.when)
        for row, item in published.iterrows():
            if has_platform and str(item.get("platform") or post.slot.platform) != post.slot.platform:
                continue
            shift = (item["published_at"].to_pydatetime() - when)
            if abs(shift) > WINDOW:
                continue
            text = _similar(post.full_text, str(item["text"]))
            closeness = 1.0 - abs(shift) / WINDOW
            # Text decides when it is clear; time decides between texts equally unlike (drafts rewritten).
            score = 0.6 * text + 0.4 * closeness + (0.2 if abs(shift) <= ON_TIME else 0.0)
            candidates.append((score, i, int(row), text, shift.total_seconds() / 3600))
    matches = {i: Match(post, None) for i, post in enumerate(planned)}
    used_rows: set[int] = set()
    for score, i, row, text, shift in sorted(candidates, reverse=True):
        if matches[i].row is not None or row in used_rows or score < 0.35:
            continue
        matches[i] = Match(planned[i], row, round(score, 3), round(text, 3), round(shift, 2))
        used_rows.add(row)
    return [matches[i] for i in range(len(planned))]
