"""The competitor comparison as one self-contained HTML page, drawn from its JSON."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ReviewError
from ..files import write_text
from . import charts
from .review_report import _colours

if TYPE_CHECKING:
    from ..brand import BrandProfile
    from ..review.rivals import CompetitorReport


def _comparison(accounts: list[dict[str, Any]]) -> str:
    """Posts a week and median ER side by side, the brand first and marked."""
    top_week = max((sum(a["posts_per_week"].values()) for a in accounts), default=1) or 1
    top_er = max((a["median_er"] or 0 for a in accounts), default=1) or 1
    rows = []
    for a in accounts:
        week = sum(a["posts_per_week"].values())
        er = a["median_er"] or 0
        who = f"<b>{escape(a['account'])}</b> (brand)" if a["side"] == "brand" else escape(a["account"])
        rows.append(f'<div class="lrow"><span class="lab">{who}</span><span class="ltrack">'
                    f'<i style="left:0;width:{week / top_week:.1%};background:var(--brand)"></i></span>'
                    f'<span>{week:.1f} posts/week · n={a["posts"]}</span></div>'
                    f'<div class="lrow"><span class="lab"></span><span class="ltrack">'
                    f'<i style="left:0;width:{er / top_er:.1%};background:#10B981"></i></span>'
                    f'<span>ER {charts.pct(a["median_er"])}</span></div>')
    return charts.section("Who posts how often, and how people react", "".join(rows),
                          "Upper bar: posts a week over the export's span; lower bar: median ER by followers. "
                          "Follower counts differ by orders of magnitude: compare ER with that in mind.")


def _accounts(accounts: list[dict[str, Any]]) -> str:
    rows = []
    for a in accounts:
        platforms = ", ".join(f"{p} {n:.1f}/wk" for p, n in a["posts_per_week"].items())
        hours = ", ".join(f'{h["group"]} {h["lift"]:.2f}x (n={h["posts"]})' for h in a["hours"][:3]) or ("too few posts per hour" if a.get("has_times", True) else "no times in the export")
        themes = ", ".join(f"{escape(t)} ({n})" for t, n in list(a["themes"].items())[:3])
        tags = ", ".join(f'{escape(t["tag"])} {t["lift"]:.2f}x (n={t["posts"]})' for t in a["tags_they_use"][:6]
                         if t["lift"] is not None) or "–"
        rows.append([("<b>%s</b>" % escape(a["account"])) + (" (brand)" if a["side"] == "brand" else ""),
                     str(a["posts"]), escape(platforms), escape(hours), themes,
                     tags if a["side"] == "competitor" else "", charts.pct(a["median_er"])])
    return charts.section("Accounts", charts.table(
        ["account", "posts", "frequency", "best hours (lift, n)", "themes (posts)", "their hashtags the brand does not use",
         "median ER"], rows, {1, 6}))


def _themes(themes: list[dict[str, Any]]) -> str:
    rows = [[escape(t["theme"]), str(t["brand_posts"]), str(t["competitor_posts"]),
             "–" if t["competitor_lift"] is None else f'{t["competitor_lift"]:.2f}x',
             escape(", ".join(t["accounts"][:4])), f'<div class="ptext">{escape(t["example"])}</div>'] for t in themes]
    return charts.section("Themes", charts.table(["theme (top words)", "brand posts", "competitor posts",
                                                  "competitors' lift", "who", "their best post on it"], rows, {1, 2, 3}),
                          "Found across everyone's texts at once (TF-IDF and k-means), named by their top words.")


def _ideas(ideas: list[dict[str, Any]]) -> str:
    if not ideas:
        return charts.section("What we would do differently", '<p class="hint">Nothing clear: no theme or hour '
                              'works for the competitors over enough posts where the brand is absent.</p>')
    items = "".join(f'<li><b>{escape(i["kind"])}: {escape(i["what"])}</b> — {escape(i["why"])}'
                    + (f'<div class="ptext hint">{escape(i["example"])}</div>' if i["example"] else "") + "</li>"
                    for i in ideas)
    return charts.section("What we would do differently", f"<ul>{items}</ul>",
                          "Candidate topics and hours for the next plan (contentkit plan --topic ...).")


def _best(accounts: list[dict[str, Any]]) -> str:
    rows = [[escape(a["account"]), escape(p["published_at"][:10]), charts.pct(p["er"]),
             "–" if p["lift"] is None else f'{p["lift"]:.2f}x', f'<div class="ptext">{escape(p["text"])}</div>']
            for a in accounts for p in a["best"][:2]]
    return charts.section("Best posts", charts.table(["account", "date", "ER", "lift", "text"], rows, {2, 3}))


def render_competitors_html(report: CompetitorReport | dict[str, Any], *, brand: BrandProfile | None = None) -> str:
    data = report if isinstance(report, dict) else report.to_json()
    name = brand.name if brand else str(data["brand"])
    body = (_ideas(data["ideas"]) + _comparison(data["accounts"]) + _accounts(data["accounts"]) + _themes(data["themes"])
            + _best(data["accounts"]))
    sub = f'{len(data["accounts"]) - 1} competitor(s) · {sum(a["posts"] for a in data["accounts"])} posts'
    return charts.page(f"{name} · competitors", _colours(brand), charts.hero("Competitors", name, sub), body,
                       brand.language if brand else "en")


def write_competitors_html(report: CompetitorReport | dict[str, Any], path: str | Path, *,
                           brand: BrandProfile | None = None) -> Path:
    return write_text(path, render_competitors_html(report, brand=brand), ReviewError)
