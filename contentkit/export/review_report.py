"""The review of a period as one self-contained HTML page, in the plan report's look.

It is drawn from the review's JSON (PeriodReview.to_json()), so a review.json written last
month renders the same page today.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReviewError
from ..files import write_text
from . import charts
from .html_style import PILLAR_COLOURS

if TYPE_CHECKING:
    from ..brand import BrandProfile
    from ..review.period import PeriodReview


def _colours(brand: BrandProfile | None) -> dict[str, str]:
    palette = brand.visual.palette if brand else {}
    return {"brand": palette.get("primary", "#374151"), "brand2": palette.get("secondary", "#1f2937"),
            "on-brand": "#ffffff"}


def _summary(data: dict[str, Any]) -> str:
    planned = data.get("planned") or {}
    growth = sum(f["growth"] for f in data.get("followers", []))
    cells = [(str(data["posts"]), "posts published"),
             (f'{planned.get("published", "–")} / {planned.get("planned", "–")}', "planned posts published"),
             (str(sum(1 for r in data["recommendations"] if r["accepted"])), "changes proposed (accepted)"),
             (f"{growth:+,.0f}" if data.get("followers") else "–", "followers gained")]
    return '<div class="stats">' + "".join(f'<div class="stat"><b>{escape(v)}</b><span>{escape(k)}</span></div>'
                                          for v, k in cells) + "</div>"


def _recommendations(data: dict[str, Any]) -> str:
    recs = data["recommendations"]
    if not recs:
        return charts.section("Changes for the next plan", '<p class="hint">None: no part of the period stands out '
                              'clearly enough from the account\'s median, or too few posts stand behind it.</p>')
    rows = [[escape(r["kind"].replace("_", " ")), f"<b>{escape(r['target'])}</b>: {escape(r['change'])}",
             escape(r["evidence"]), str(r["posts"]), charts.conf_badge(r["confidence"]),
             "yes" if r["accepted"] else "no"] for r in recs]
    return charts.section("Changes for the next plan", charts.table(
        ["what", "change", "evidence", "posts", "confidence", "accepted"], rows, {3}),
        "Accepted changes are applied by: contentkit plan ... --learn-from review.json (edit 'accepted' to choose).")


def _mix(data: dict[str, Any]) -> str:
    planned = data.get("planned") or {}
    published = {r["group"]: r["posts"] for r in data["breakdowns"].get("pillar", [])}
    brand_shares = data.get("brand_shares") or planned.get("pillar_shares_brand") or {}
    names = list(brand_shares) or list(published)
    names += [n for n in published if n not in names]
    colours = {n: PILLAR_COLOURS[i % len(PILLAR_COLOURS)] for i, n in enumerate(names)}
    total = sum(published.values()) or 1
    counts = planned.get("pillar_mix_planned") or {}
    plan_total = sum(counts.values())
    if plan_total:
        plan_shares, left = {n: counts.get(n, 0) / plan_total for n in names}, "Planned (the plan's posts)"
    else:
        plan_shares, left = dict(brand_shares), "Planned (the brand's shares)"
    inner = (charts.share_bars(left, plan_shares, colours, counts if plan_total else None)
             + charts.share_bars("Published", {n: published.get(n, 0) / total for n in names}, colours, published))
    hint = "" if planned else "No plan was given: the brand's shares stand in for the plan, and pillars are guessed from the text."
    return charts.section("Pillar mix: planned vs published", f'<div class="pair">{inner}</div>', hint)


def _breakdown(data: dict[str, Any], name: str, title: str) -> str:
    rows = data["breakdowns"].get(name, [])
    if not rows:
        return charts.section(title, '<p class="hint">Not in this export (give --plan for formats).</p>')
    body = [[escape(str(r["group"])), str(r["posts"]), charts.pct(r["median_er"]), f'{r["lift"]:.2f}x',
             f'{r["low"]:.2f}–{r["high"]:.2f}x', f'{r["shrunk"]:.2f}x' + (" · too few posts" if r["thin"] else "")]
            for r in rows[:25]]
    return charts.section(title, charts.table(["", "posts", "median ER", "lift", "middle half", "lift, shrunk"], body,
                                              {1, 2, 3, 4}),
                          "Lift = median ER / the account's median; shrunk pulls it towards 1.0x by 5 average posts.")


def _tags(data: dict[str, Any]) -> str:
    rows = sorted(data["breakdowns"].get("tags", []), key=lambda r: (-r["posts"], -r["lift"]))[:20]
    return charts.section("Hashtags: lift with the posts behind it", charts.lift_bars(rows),
                          "The line is the account's median ER; pale rows rest on fewer than 3 posts.")


def _posts(data: dict[str, Any]) -> str:
    def rows(items: list[dict[str, Any]]) -> list[list[str]]:
        return [[escape(p["published_at"][:16].replace("T", " ")), escape(p["platform"]), escape(p["pillar"]),
                 charts.pct(p["er"]), "–" if p["lift"] is None else f'{p["lift"]:.2f}x',
                 f'<div class="ptext">{escape(p["text"][:400])}</div>'] for p in items]

    head = ["published", "platform", "pillar", "ER", "lift", "text"]
    return (charts.section("Best posts", charts.table(head, rows(data["best"]), {3, 4}))
            + charts.section("Weakest posts", charts.table(head, rows(data["worst"]), {3, 4})))


def _followers(data: dict[str, Any]) -> str:
    items = data.get("followers") or []
    if not items:
        return charts.section("Followers", '<p class="hint">The export has no follower counts.</p>')
    rows = [[escape(f["platform"]), f'{f["first"]:,.0f}', f'{f["last"]:,.0f}', f'{f["growth"]:+,.0f}',
             charts.pct(f["growth_share"], 1), str(f["posts"])] for f in items]
    return charts.section("Followers", charts.table(["platform", "first", "last", "growth", "", "posts"], rows,
                                                    {1, 2, 3, 4, 5}), "Follower counts as the export gives them per post.")


def render_review_html(review: PeriodReview | dict[str, Any], *, brand: BrandProfile | None = None) -> str:
    """The review as one HTML string."""
    data = review if isinstance(review, dict) else review.to_json()
    name = brand.name if brand else str(data["brand"])
    notes = "".join(f"<li>{escape(n)}</li>" for n in data.get("notes", []))
    body = (f'<div class="summary">{_summary(data)}</div>' + _recommendations(data)
            + charts.section("ER by hour and weekday", charts.heat_map(data.get("heat", [])))
            + _mix(data) + _tags(data)
            + "".join(_breakdown(data, n, t) for n, t in (("pillar", "By pillar"), ("format", "By format"),
                                                        ("platform", "By platform"), ("weekday", "By weekday"),
                                                        ("hour", "By hour")))
            + _posts(data) + _followers(data)
            + (charts.section("Notes", f"<ul>{notes}</ul>") if notes else ""))
    sub = f'{data["start"]} – {data["end"]} · {data["posts"]} posts · {Path(str(data["source"])).name}'
    return charts.page(f"{name} · review · {data['start']} – {data['end']}", _colours(brand),
                       charts.hero("Review", name, sub), body, brand.language if brand else "en")


def write_review_html(review: PeriodReview | dict[str, Any], path: str | Path, *,
                      brand: BrandProfile | None = None) -> Path:
    """Write the self-contained review page."""
    return write_text(path, render_review_html(review, brand=brand), ReviewError)
