"""CLI commands: history — what a brand's past posts say about ER, hashtags and timing."""

from __future__ import annotations

from pathlib import Path

import typer

_STATS_HELP = """Example: contentkit history stats brand_profiles/aurora-caffe/history.csv

ER summary per account; per hashtag how often it was used and its ER lift against the
account's median, with a bar (or --brand SLUG for a brand's own history); and the best
posting times (weekday x hour, only cells with enough posts to mean something)."""


def _percent(value: float) -> str:
    return "-" if value != value else f"{value:.2%}"


def _print_summary(history) -> None:
    summary = history.account_summary()
    typer.echo(f"{len(history)} posts from {len(summary)} account(s); ER by {history.er_basis}")
    for note in history.notes:
        typer.echo(f"note: {note}")
    typer.echo(f"\n{'account':<24} {'posts':>5} {'median ER':>9} {'mean ER':>8} {'tagged':>6}")
    for account, row in summary.head(20).iterrows():
        typer.echo(f"{account[:24]:<24} {row['posts']:>5} {_percent(row['median_er']):>9} "
                   f"{_percent(row['mean_er']):>8} {row['tagged_share']:>6.0%}")


def _print_tags(history, top: int, min_posts: int) -> None:
    table = history.hashtag_performance(min_posts=min_posts)
    # Two views of one table: the tags that earn their place, and the habits, which may not.
    for title, rows in ((f"Top hashtags by ER lift (used in at least {min_posts} posts; | marks the median)",
                         table.head(top)),
                        ("Most used hashtags", table.sort_values(["posts", "lift"], ascending=False).head(top))):
        typer.echo(f"\n{title}:")
        if rows.empty:
            typer.echo("  none used often enough")
        for _, row in rows.iterrows():
            typer.echo(f"  {row['tag']:<28} {row['lift']:>5.2f}x {lift_bar(row['lift'])}  in {row['posts']} posts "
                       f"({row['share']:.0%})  ER {_percent(row['median_er'])} vs "
                       f"{_percent(row['account_median_er'])} median  ({row['account']})")


def lift_bar(lift: float, width: int = 20) -> str:
    """A text bar for an ER lift: '|' is the account's median (1.0x), each block 0.1x."""
    if lift != lift:
        return " " * (width + 1)
    blocks = max(0, min(width, round(lift * 10)))
    median = 10
    cells = ["█" if i < blocks else " " for i in range(width)]
    cells.insert(median, "|")
    return "".join(cells)


def _print_times(history, top: int, min_posts: int) -> None:
    table = history.best_times(min_posts=min_posts).head(top)
    typer.echo(f"\nBest posting times (at least {min_posts} posts per slot; times as written in the file):")
    if table.empty:
        typer.echo("  not enough posts per weekday and hour yet")
    for _, row in table.iterrows():
        typer.echo(f"  {row['weekday']} {int(row['hour']):02d}:00  {row['lift']:.2f}x median ER  ({row['posts']} posts)")


def stats(
    path: Path | None = typer.Argument(None, help="Post-history CSV (canonical columns; .gz accepted)."),
    brand: str | None = typer.Option(None, "--brand", "-b", help="Read this brand's own history "
                                     "(the file its folder holds) instead of PATH."),
    account: str | None = typer.Option(None, "--account", "-a", help="Only this account."),
    top: int = typer.Option(10, "--top", help="How many hashtags and time slots to list."),
    min_posts: int = typer.Option(3, "--min-posts", help="Fewest posts a hashtag or time slot needs."),
    date_format: str | None = typer.Option(None, "--date-format",
                                           help="DD/MM/YYYY or MM/DD/YYYY when the dates cannot tell."),
) -> None:
    from ..history import load_history

    history = load_history(_history_path(path, brand), date_format=date_format)
    if account:
        history = history.for_account(account)
    _print_summary(history)
    _print_tags(history, top, min_posts)
    _print_times(history, top, max(min_posts, 3))


def _history_path(path: Path | None, brand: str | None) -> Path:
    if (path is None) == (brand is None):
        raise typer.BadParameter("give a history CSV or --brand SLUG (one of them)", param_hint="PATH")
    if path is not None:
        return path
    from ..brand import load_brand
    from ..errors import HistoryError
    from ..plans.history import default_history

    profile = load_brand(brand)
    found = default_history(profile)
    if found is None:
        raise HistoryError(f"brand '{profile.slug}' has no history", file=profile.root,
                           hint="put a history.csv in its folder, name one in brand.yaml (history:), or give PATH")
    return found


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    group = typer.Typer(help="Example: contentkit history stats posts.csv\n\nPost history and ER analytics.",
                        no_args_is_help=True)
    group.command("stats", help=_STATS_HELP)(stats)
    app.add_typer(group, name="history")
