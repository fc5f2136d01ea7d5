"""CLI command: ``contentkit draft`` writes on-brand post drafts."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from .backend_option import TIMEOUT_HELP, with_timeout

HELP = """Example: contentkit draft --brand aurora-caffe --platform instagram "winter latte launch"

Draft a post for a brand and platform. The text fits the platform, carries the brand's own hashtags and none invented by the model, and is in the brand's language (or --language). Hashtags for the post are added after it: learned from the brand folder's history.csv (or --history FILE; --no-history for none), else the profile's tags and the post's key words; --json gives each one's reason. What the checks could not fix is printed as a warning.

The backend is --backend, else CONTENTKIT_BACKEND, else openai when OPENAI_API_KEY or OPENAI_BASE_URL is set, else the local model.
"""


def draft(
    topic: Annotated[str, typer.Argument(help="What the post is about.")],
    brand: Annotated[str, typer.Option("--brand", "-b", help="Brand slug or folder with brand.yaml.")],
    platform: Annotated[str, typer.Option("--platform", "-p", help="instagram, facebook, x, linkedin, "
                                          "threads, telegram, vk, odnoklassniki, youtube, tiktok.")] = "instagram",
    pillar: Annotated[str | None, typer.Option(help="One of the brand's content pillars.")] = None,
    language: Annotated[str | None, typer.Option(help="Language code; default the brand's.")] = None,
    variants: Annotated[int, typer.Option("--variants", "-n", min=1, max=10, help="How many variants.")] = 1,
    backend: Annotated[str | None, typer.Option(help="openai, llamacpp or local (default: see README).")] = None,
    model: Annotated[str | None, typer.Option(help="Model name, path or hub id.")] = None,
    seed: Annotated[int, typer.Option(help="Sampling seed, for repeatable drafts.")] = 0,
    timeout: Annotated[float | None, typer.Option("--timeout", help=TIMEOUT_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the drafts as JSON.")] = False,
    history: Annotated[Path | None, typer.Option("--history", help="Post-history CSV to learn hashtags from "
                                                 "(default: the brand folder's).")] = None,
    no_history: Annotated[bool, typer.Option("--no-history", help="Hashtags from the profile and the "
                                             "post's key words only.")] = False,
) -> None:
    from ..brand import load_brand
    from ..drafting import draft_post

    if no_history and history is not None:
        raise typer.BadParameter("give --history FILE or --no-history, not both", param_hint="--no-history")
    profile = load_brand(brand)
    result = draft_post(profile, topic, platform=platform, pillar=pillar, language=language, n=variants,
                        backend=with_timeout(backend, model, timeout), model=model, seed=seed)
    drafts = result if isinstance(result, list) else [result]
    reasons = _add_hashtags(profile, drafts, False if no_history else history)
    if as_json:
        typer.echo(json.dumps([{**asdict(d), "hashtag_reasons": why} for d, why in zip(drafts, reasons)],
                              ensure_ascii=False, indent=2))
        return
    for number, item in enumerate(drafts, start=1):
        if len(drafts) > 1:
            typer.secho(f"--- variant {number} of {len(drafts)} ---", bold=True)
        typer.echo(f"{item.text} {' '.join(item.hashtags)}" if item.hashtags else item.text)
        for warning in item.warnings:
            typer.secho(f"warning: {warning}", err=True, fg="yellow")
        if number < len(drafts):
            typer.echo("")
    typer.secho(f"({drafts[0].backend}:{drafts[0].model}, {drafts[0].language}, {drafts[0].platform})",
                err=True, dim=True)


def _add_hashtags(brand, drafts: list, history) -> list[dict[str, str]]:  # noqa: ANN001 - BrandProfile, Draft
    """Fill each draft's ``hashtags`` (see plans.parts.pick_hashtags); the reasons, per draft."""
    from ..history import load_history
    from ..hashtags.for_posts import vocabulary_of
    from ..plans.history import history_source
    from ..plans.parts import added_and_reasons, pick_hashtags, train_suggester

    source = history_source(history, brand)
    past = None if source is None else load_history(source)
    suggester, account = train_suggester(past)
    vocabulary = vocabulary_of([] if past is None else past.posts["text"].tolist(), brand)
    reasons = []
    for item in drafts:
        picked = pick_hashtags(suggester, brand, item.text, item.platform, account, pillar=item.pillar,
                               topic=item.topic, vocabulary=vocabulary)
        item.hashtags, why = added_and_reasons(picked, item.text)
        reasons.append(why)
    return reasons


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("draft", help=HELP, no_args_is_help=True)(draft)
