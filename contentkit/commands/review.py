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


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("review", help=_REVIEW_HELP)(review_cmd)
