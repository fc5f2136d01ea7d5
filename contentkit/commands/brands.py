"""CLI commands: brands list | show | validate."""

from __future__ import annotations

from pathlib import Path

import typer

brands_app = typer.Typer(help="Example: contentkit brands list\n\nBrand profiles: list, show, validate.",
                         no_args_is_help=True)


@brands_app.command("list")
def list_cmd() -> None:
    """Example: contentkit brands list

    List the brand profiles contentkit can find.
    """
    from ..brand import list_brands, load_brand

    for slug in list_brands():
        brand = load_brand(slug)
        typer.echo(f"{slug:<20} {brand.name:<24} {brand.language}  {', '.join(brand.platforms)}")


@brands_app.command("show")
def show_cmd(slug: str = typer.Argument(..., help="Brand slug or path to its folder.")) -> None:
    """Example: contentkit brands show aurora-caffe

    Show a brand's voice, audience, platforms, pillars, hashtags and look.
    """
    from ..brand import load_brand

    brand = load_brand(slug)
    lines = [
        f"{brand.name} ({brand.slug}) - {brand.language}"
        + (f", also {', '.join(brand.other_languages)}" if brand.other_languages else ""),
        brand.description,
        f"Voice: {', '.join(brand.voice.tone)}; emoji: {brand.voice.emoji}",
        "Personas: " + "; ".join(p.name for p in brand.personas),
        "Platforms: " + "; ".join(
            f"{name} {plan.posts_per_week}/week at {', '.join(t.strftime('%H:%M') for t in plan.preferred_times)}"
            for name, plan in brand.platforms.items()
        ) + f" ({brand.timezone})",
        "Pillars: " + "; ".join(f"{p.name} {p.share:.0%}" for p in brand.pillars),
        f"Hashtags: always {' '.join(brand.hashtags.always) or '-'}; max {brand.hashtags.max}",
        "Palette: " + " ".join(f"{role} {colour}" for role, colour in brand.visual.palette.items()),
        f"Folder: {brand.root}",
    ]
    typer.echo("\n".join(line for line in lines if line))


@brands_app.command("validate")
def validate_cmd(paths: list[Path] = typer.Argument(..., help="Brand folders or brand.yaml files.")) -> None:
    """Example: contentkit brands validate brand_profiles/*

    Check brand profiles; print OK or the first problem of each, exit 1 if any fails.
    """
    from ..brand import load_brand
    from ..errors import ContentkitError

    failed = 0
    for path in paths:
        try:
            brand = load_brand(path)
        except ContentkitError as exc:
            failed += 1
            typer.secho(f"FAIL {exc}", fg="red", err=True)
        else:
            typer.echo(f"OK   {path} ({brand.name})")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(brands_app, name="brands")
