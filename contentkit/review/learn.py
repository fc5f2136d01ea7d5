"""A review's accepted recommendations applied to a brand profile, for the next plan.

The profile is changed in memory only (brand.yaml stays as the manager wrote it): pillar
shares, preferred posting times, the formats each pillar takes, and the hashtags always
added or banned. Each applied change is described in one line for the plan's report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..brand import BrandProfile, load_brand
from ..errors import ReviewError
from ..writing.formats import FORMATS, pillar_formats

KINDS = ("pillar_share", "hours", "format", "hashtag")


def load_review(path: str | Path) -> dict[str, Any]:
    """A review.json written by ``contentkit review`` (or PeriodReview.save), checked."""
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ReviewError("no such file", file=path, hint="write one with 'contentkit review ... --out DIR'") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"not a JSON review file ({exc})", file=path) from None
    if not isinstance(data, dict) or data.get("kind") != "contentkit.review":
        raise ReviewError("not a contentkit review (no \"kind\": \"contentkit.review\")", file=path, field="kind")
    recs = data.get("recommendations")
    if not isinstance(recs, list):
        raise ReviewError("'recommendations' must be a list", file=path, field="recommendations")
    for i, rec in enumerate(recs, start=1):
        if not isinstance(rec, dict) or rec.get("kind") not in KINDS or not isinstance(rec.get("target"), str):
            raise ReviewError(f"recommendation {i} needs a kind ({', '.join(KINDS)}) and a target",
                              file=path, field=f"recommendations[{i}]")
        if not isinstance(rec.get("accepted", False), bool):
            raise ReviewError(f"recommendation {i}: 'accepted' must be true or false", file=path,
                              field=f"recommendations[{i}].accepted")
    return data


def apply_review(brand: BrandProfile | str | Path, review: dict[str, Any] | str | Path, *,
                 accept_all: bool = False) -> tuple[BrandProfile, list[str]]:
    """The brand as the next plan should see it, and one line per change applied.

    Only recommendations marked ``accepted`` are applied (all with ``accept_all``).
    """
    brand = load_brand(brand)
    data = load_review(review) if isinstance(review, (str, Path)) else review
    if data.get("brand") not in (None, brand.slug):
        raise ReviewError(f"the review is of brand '{data.get('brand')}', not '{brand.slug}'", field="brand")
    chosen = [r for r in data.get("recommendations", []) if accept_all or r.get("accepted")]
    changes: list[str] = []
    pillars = _pillars(brand, [r for r in chosen if r["kind"] == "pillar_share"], changes)
    pillars = _formats(pillars, [r for r in chosen if r["kind"] == "format"], changes)
    platforms = _hours(brand, [r for r in chosen if r["kind"] == "hours"], changes)
    hashtags = _hashtags(brand, [r for r in chosen if r["kind"] == "hashtag"], changes)
    learned = brand.model_copy(update={"pillars": pillars, "platforms": platforms, "hashtags": hashtags})
    timed = {r["target"] for r in chosen if r["kind"] == "hours" and r["target"] in platforms and r.get("times_to")}
    return learned.with_chosen_times(timed), changes


def _why(rec: dict[str, Any]) -> str:
    return f"{rec.get('evidence', '')}; confidence {rec.get('confidence', '?')}"


def _pillars(brand: BrandProfile, recs: list[dict[str, Any]], changes: list[str]) -> list:
    wanted = {r["target"]: float(r["share_to"]) for r in recs if isinstance(r.get("share_to"), (int, float))}
    unknown = set(wanted) - {p.name for p in brand.pillars}
    wanted = {k: v for k, v in wanted.items() if k not in unknown}
    changes.extend(f"pillar '{name}' is not in the brand any more: its share is left alone" for name in unknown)
    if not wanted:
        return list(brand.pillars)
    # The shares not recommended keep their proportions and fill what the changed ones leave.
    rest = sum(p.share for p in brand.pillars if p.name not in wanted)
    left = max(0.0, 1.0 - sum(wanted.values()))
    shares = {p.name: wanted.get(p.name, p.share * left / rest if rest else 0.0) for p in brand.pillars}
    total = sum(shares.values())
    out = []
    for p in brand.pillars:
        share = round(shares[p.name] / total, 3)
        if p.name in wanted:
            rec = next(r for r in recs if r["target"] == p.name)
            changes.append(f"pillar '{p.name}': share {p.share:.0%} -> {share:.0%} ({_why(rec)})")
        out.append(p.model_copy(update={"share": max(share, 0.001)}))
    return out


def _formats(pillars: list, recs: list[dict[str, Any]], changes: list[str]) -> list:
    more = [r for r in recs if r.get("direction") == "more" and r["target"] in FORMATS]
    less = [r for r in recs if r.get("direction") == "less" and r["target"] in FORMATS]
    out = []
    for p in pillars:
        formats = list(pillar_formats(p))
        for r in less:
            if r["target"] in formats and len(formats) > 1:
                formats.remove(r["target"])
        for r in more:
            if r["target"] not in formats:
                formats.append(r["target"])
        out.append(p.model_copy(update={"formats": formats}) if formats != list(pillar_formats(p)) else p)
    for r in more:
        changes.append(f"format '{r['target']}': used more, in every pillar's turn ({_why(r)})")
    for r in less:
        changes.append(f"format '{r['target']}': used less, left out where a pillar has others ({_why(r)})")
    return out


def _hours(brand: BrandProfile, recs: list[dict[str, Any]], changes: list[str]) -> dict:
    from datetime import time

    platforms = dict(brand.platforms)
    for r in recs:
        if r["target"] not in platforms or not r.get("times_to"):
            continue
        times = [time.fromisoformat(t) for t in r["times_to"]]
        platforms[r["target"]] = platforms[r["target"]].model_copy(update={"preferred_times": times})
        changes.append(f"{r['target']}: preferred times {', '.join(r.get('times_from', []))} -> "
                       f"{', '.join(r['times_to'])} ({_why(r)})")
    return platforms


def _hashtags(brand: BrandProfile, recs: list[dict[str, Any]], changes: list[str]):
    always, banned = list(brand.hashtags.always), list(brand.hashtags.banned)
    for r in recs:
        tag = r["target"] if r["target"].startswith("#") else "#" + r["target"]
        folded = tag.casefold()
        if r.get("direction") == "drop":
            always = [t for t in always if t.casefold() != folded]
            if folded not in {t.casefold() for t in banned}:
                banned.append(tag)
                changes.append(f"hashtag {tag}: dropped ({_why(r)})")
        elif r.get("direction") == "keep" and folded not in {t.casefold() for t in always}:
            if len(always) >= brand.hashtags.max:
                changes.append(f"hashtag {tag}: not added, the brand already adds {brand.hashtags.max} on every post")
                continue
            always.append(tag)
            banned = [t for t in banned if t.casefold() != folded]
            changes.append(f"hashtag {tag}: added to every post ({_why(r)})")
    return brand.hashtags.model_copy(update={"always": always, "banned": banned})
