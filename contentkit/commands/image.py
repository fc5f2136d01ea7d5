"""CLI commands: ``contentkit image`` makes a branded picture (or carousel slides)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def image(
    headline: str = typer.Argument(..., help="Text on the image (carousel: the cover title)."),
    brand: str = typer.Option(..., "--brand", "-b", help="Brand slug or folder with brand.yaml."),
    output: Path = typer.Option(Path("image.png"), "--output", "-o", help="File to write: .png, .jpg or .webp."),
    platform: str = typer.Option("instagram", "--platform", "-p", help="Platform whose size to use."),
    layout: str = typer.Option("announcement", "--layout", "-l",
                               help="announcement, quote, photo, story or carousel."),
    body: Optional[str] = typer.Option(None, "--body", help="Subline; for quote, the attribution."),
    photo: Optional[Path] = typer.Option(None, "--photo", help="Photo for the photo (or story) layout."),
    cta: Optional[str] = typer.Option(None, "--cta", help="Button text, e.g. 'Order now'."),
    kind: Optional[str] = typer.Option(None, "--format", "-f", help="Image kind: feed, portrait, landscape, story."),
    point: list[str] = typer.Option([], "--point", help="A carousel slide (repeat for each)."),
) -> None:
    """Example: contentkit image --brand aurora-caffe --platform instagram --layout quote "Coffee is a hug" -o out.png

    Makes a branded image. Carousel: contentkit image -b aurora-caffe -l carousel "5 brewing tips" --point "Grind fresh" --point "Weigh it" -o tips.png
    writes tips-1.png, tips-2.png, ...
    """
    from ..images.compose import compose_carousel, compose_image, save_image

    if layout == "carousel":
        slides = compose_carousel(brand, headline, point, platform, cta=cta, format=kind)
        paths = [output.with_name(f"{output.stem}-{i}{output.suffix}") for i in range(1, len(slides) + 1)]
    else:
        slides = [compose_image(brand, headline, platform, layout, body=body, photo=photo, cta=cta, format=kind)]
        paths = [output]
    for slide, path in zip(slides, paths):
        save_image(slide, path)
        for warning in slide.info["warnings"]:
            typer.secho(f"Warning: {warning}", err=True, fg="yellow")
        typer.echo(f"{path} ({slide.width}x{slide.height})")
    typer.echo(f"Alt text: {slides[0].info['alt']}")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("image")(image)
