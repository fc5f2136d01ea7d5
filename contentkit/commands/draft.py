"""CLI command: ``contentkit draft`` writes on-brand post drafts."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

HELP = """Example: contentkit draft --brand aurora-caffe --platform instagram "winter latte launch"

Draft a post for a brand and platform. The text fits the platform, carries the brand's own hashtags and none invented by the model, and is in the brand's language (or --language). What the checks could not fix is printed as a warning.

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
    backend: Annotated[str | None, typer.Option(help="openai or local.")] = None,
    model: Annotated[str | None, typer.Option(help="Model name, path or hub id.")] = None,
    seed: Annotated[int, typer.Option(help="Sampling seed, for repeatable drafts.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the drafts as JSON.")] = False,
) -> None:
    from ..drafting import draft_post

    result = draft_post(brand, topic, platform=platform, pillar=pillar, language=language, n=variants,
                        backend=backend, model=model, seed=seed)
    drafts = result if isinstance(result, list) else [result]
    if as_json:
        typer.echo(json.dumps([asdict(d) for d in drafts], ensure_ascii=False, indent=2))
        return
    for number, item in enumerate(drafts, start=1):
        if len(drafts) > 1:
            typer.secho(f"--- variant {number} of {len(drafts)} ---", bold=True)
        typer.echo(item.text)
        for warning in item.warnings:
            typer.secho(f"warning: {warning}", err=True, fg="yellow")
        if number < len(drafts):
            typer.echo("")
    typer.secho(f"({drafts[0].backend}:{drafts[0].model}, {drafts[0].language}, {drafts[0].platform})",
                err=True, dim=True)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("draft", help=HELP, no_args_is_help=True)(draft)
