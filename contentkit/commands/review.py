"""CLI commands: review (what worked in a period) and competitors (what others do)."""

from __future__ import annotations

from pathlib import Path

import typer

_REVIEW_HELP = """Example: contentkit review --brand aurora-caffe --plan out/aurora --out out/aurora-review

Review a period of the brand's history (the last --days before its last post, or the plan's
days with --plan): posts published against planned (matched by text and time), ER by pillar,
format, platform, weekday, hour and hashtag with the posts behind each figure, best and
weakest posts, follower growth, and the changes the next plan should make, each with its
evidence and confidence. Writes OUT/review.json (for plan --learn-from) and OUT/review.html."""


def _pct(value) -> str:  # noqa: ANN001 - float or None
    return "-" if value is None or value != value else f"{value:.2%}"


def review_cmd(
    brand: str = typer.Option(..., "--brand", "-b", help="Brand slug or folder."),
    history: Path | None = typer.Option(None, "--history", help="Post-history export (default: the brand's own)."),
    plan: Path | None = typer.Option(None, "--plan", help="The plan's --out folder: match published posts to it."),
    days: int = typer.Option(30, "--days", help="Length of the period, in days."),
    start: str | None = typer.Option(None, "--start", help="First day of the period, YYYY-MM-DD."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Folder for review.json and review.html."),
) -> None:
    from ..brand import load_brand
    from ..export.review_report import write_review_html
    from ..review.period import review_period
    from .history import _history_path

    profile = load_brand(brand)
    review = review_period(profile, history or _history_path(None, brand), plan=plan, start=start, days=days)
    data = review.to_json()
    typer.echo(f"Review of {profile.name}: {data['start']} - {data['end']}, {data['posts']} posts published")
    planned = data["planned"]
    if planned:
        typer.echo(f"Plan: {planned['published']} of {planned['planned']} planned posts published; "
                   f"{planned['unplanned']} published posts were not in the plan")
    for note in data["notes"]:
        typer.echo(f"note: {note}")
    for name, title in (("pillar", "pillar"), ("platform", "platform"), ("format", "format"), ("hour", "hour"),
                        ("tags", "hashtag")):
        rows = data["breakdowns"][name][:6]
        if rows:
            typer.echo(f"\nBy {title} (lift vs the account's median ER; n = posts):")
        for r in rows:
            thin = "  too few posts" if r["thin"] else ""
            typer.echo(f"  {str(r['group'])[:28]:<28} {r['lift']:>5.2f}x  n={r['posts']:<3} ER {_pct(r['median_er'])}{thin}")
    for title, key in (("Best posts", "best"), ("Weakest posts", "worst")):
        typer.echo(f"\n{title}:")
        for p in data[key]:
            text = " ".join(p["text"].split())[:90]
            typer.echo(f"  {p['published_at'][:16]} {p['platform']:<10} {p['lift']:.2f}x  {text}")
    if data["followers"]:
        typer.echo("\nFollowers: " + "; ".join(f"{f['platform']} {f['growth']:+,.0f}" for f in data["followers"]))
    typer.echo("\nChanges for the next plan:")
    if not data["recommendations"]:
        typer.echo("  none: nothing stands out clearly enough over enough posts")
    for r in data["recommendations"]:
        mark = "x" if r["accepted"] else " "
        typer.echo(f"  [{mark}] {r['target']}: {r['change']}  ({r['evidence']}; confidence {r['confidence']})")
    if out is not None:
        json_path = review.save(Path(out) / "review.json")
        html_path = write_review_html(data, Path(out) / "review.html", brand=profile)
        typer.echo(f"\nWrote: {json_path}, {html_path}")
        typer.echo(f"Next: contentkit plan --brand {profile.slug} --start YYYY-MM-DD --out OUT "
                   f"--learn-from {json_path}  ([x] = accepted; edit review.json to choose)")




_COMPETITORS_HELP = """Example: contentkit competitors --brand aurora-caffe their1.csv their2.csv --out out/aurora-rivals

Compare the brand's history with competitors' exports (one CSV each, the history columns):
posting frequency per platform, hours, ER, themes (clustered from their texts), the hashtags
they use that the brand does not and how those do for them, their best posts; and what the
brand could do differently. Writes OUT/competitors.json and OUT/competitors.html."""


def competitors_cmd(
    files: list[Path] = typer.Argument(..., help="Competitors' exports (CSV, .gz accepted)."),
    brand: str = typer.Option(..., "--brand", "-b", help="Brand slug or folder."),
    history: Path | None = typer.Option(None, "--history", help="The brand's own export (default: its folder's)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Folder for competitors.json and competitors.html."),
) -> None:
    from ..brand import load_brand
    from ..export.rivals_report import write_competitors_html
    from ..review.rivals import compare_competitors

    profile = load_brand(brand)
    report = compare_competitors(profile, files, history=history)
    data = report.to_json()
    typer.echo(f"{profile.name} and {len(data['accounts']) - 1} competitor(s)\n")
    for note in data["notes"]:
        typer.echo(f"note: {note}")
    typer.echo(f"{'account':<24} {'posts':>5} {'per week':>8} {'median ER':>9}  best hours (lift, n)")
    for a in data["accounts"]:
        hours = ", ".join(f"{h['group']} {h['lift']:.2f}x n={h['posts']}" for h in a["hours"][:2]) or "-"
        mark = "*" if a["side"] == "brand" else " "
        typer.echo(f"{mark}{a['account'][:23]:<23} {a['posts']:>5} {sum(a['posts_per_week'].values()):>8.1f} "
                   f"{_pct(a['median_er']):>9}  {hours}")
    typer.echo("\nThemes (brand posts / competitor posts, competitors' lift):")
    for t in data["themes"]:
        lift = "-" if t["competitor_lift"] is None else f"{t['competitor_lift']:.2f}x"
        typer.echo(f"  {t['theme'][:44]:<44} {t['brand_posts']:>3} / {t['competitor_posts']:<3} {lift}")
    typer.echo("\nTheir hashtags the brand does not use (lift for them, n):")
    for a in data["accounts"]:
        if a["tags_they_use"]:
            typer.echo(f"  {a['account']}: " + ", ".join(f"{t['tag']} {t['lift']:.2f}x n={t['posts']}"
                                                         for t in a["tags_they_use"][:5] if t["lift"] is not None))
    typer.echo("\nWhat we would do differently:")
    if not data["ideas"]:
        typer.echo("  nothing clear: no theme or hour works for them over enough posts where the brand is absent")
    for i in data["ideas"]:
        typer.echo(f"  {i['kind']} {i['what']}: {i['why']}")
    if out is not None:
        json_path = report.save(Path(out) / "competitors.json")
        html_path = write_competitors_html(data, Path(out) / "competitors.html", brand=profile)
        typer.echo(f"\nWrote: {json_path}, {html_path}")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("review", help=_REVIEW_HELP)(review_cmd)
    app.command("competitors", help=_COMPETITORS_HELP)(competitors_cmd)
