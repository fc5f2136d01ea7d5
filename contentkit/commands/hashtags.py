"""CLI commands: hashtags — learn a brand's hashtags from its history, suggest them for a draft."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..errors import ContentkitError

_TRAIN_HELP = """Example: contentkit hashtags train --history brand_profiles/aurora-caffe/history.csv --out models/aurora

Learn which hashtags each account used, weighted by ER and recency, and save the
model to a folder (plain JSON and numeric arrays, safe to share)."""

_SUGGEST_HELP = """Example: contentkit hashtags suggest --model models/aurora --account auroracaffe -k 8 "Nuovo latte al pistacchio"

Rank hashtags for a draft, each with the reason it was suggested. Without --account
(or for an account the model has not seen) suggestions come from the text alone."""


def train(
    history: Path = typer.Option(..., "--history", help="Post-history CSV (canonical columns; .gz accepted)."),
    out: Path = typer.Option(..., "--out", help="Folder to write the model to."),
    date_format: str | None = typer.Option(None, "--date-format",
                                           help="DD/MM/YYYY or MM/DD/YYYY when the dates cannot tell."),
) -> None:
    from ..config import writable_dir
    from ..errors import ModelFileError
    from ..hashtags.suggester import FIT_STEPS, HashtagSuggester
    from ..history import load_history

    writable_dir(out, ModelFileError, hint="choose another --out folder")  # before the fitting
    typer.echo(f"Reading {history} ...", err=True)
    posts = load_history(history, date_format=date_format)
    for note in posts.notes:
        typer.echo(f"note: {note}")
    with typer.progressbar(length=FIT_STEPS + 1, label="Learning", file=sys.stderr, show_eta=False) as bar:
        def progress(step: int, steps: int, what: str) -> None:
            bar.label = f"Learning: {what}"
            bar.update(step - bar.pos)

        model = HashtagSuggester().fit(posts, progress=progress)
        bar.label = "Saving"
        model.save(out)
        bar.update(1)
    typer.echo(f"Learned {len(model.tags_)} hashtags from {len(posts)} posts of "
               f"{len(model.accounts_)} account(s); saved to {out}")


def suggest(
    text: str = typer.Argument(..., help="The draft post text."),
    model: Path = typer.Option(..., "--model", help="Folder written by 'contentkit hashtags train'."),
    account: str | None = typer.Option(None, "--account", "-a", help="Account whose history to favour."),
    k: int = typer.Option(5, "-k", "--k", min=1, max=60, help="How many hashtags."),
    language: str | None = typer.Option(None, "--language", help="ISO code; drops tags in other scripts."),
    exclude: list[str] = typer.Option([], "--exclude", help="A hashtag never to suggest (repeatable)."),
) -> None:
    from ..hashtags.suggester import HashtagSuggester

    suggester = HashtagSuggester.load(model)
    if account is not None and account not in suggester.accounts_:
        raise _unknown_account(account, suggester.accounts_, model)
    found = suggester.suggest(text, account=account, k=k, exclude=exclude, language=language)
    if not found:
        typer.echo("No hashtags to suggest for this text.")
    for s in found:
        typer.echo(f"{s.tag:<28} {s.score:>7.3f}  {s.reason}")


def _unknown_account(account: str, known: list[str], model: Path) -> ContentkitError:
    """The mistyped account named, with the model's accounts: suggesting for another one's
    history would hand over its tags as if they were this account's."""
    import difflib

    close = difflib.get_close_matches(account, known, n=3, cutoff=0.6)
    listed = ", ".join(known[:12]) + (f" and {len(known) - 12:,} more" if len(known) > 12 else "")
    guess = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return ContentkitError(f"--account {account!r} is not in this model's history", file=model,
                           hint=f"{guess}it knows {listed}; leave out --account to suggest from the text alone")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    group = typer.Typer(help="Example: contentkit hashtags suggest --model MODEL_DIR \"text\"\n\n"
                        "Learned hashtag suggestions.", no_args_is_help=True)
    group.command("train", help=_TRAIN_HELP)(train)
    group.command("suggest", help=_SUGGEST_HELP)(suggest)
    app.add_typer(group, name="hashtags")
