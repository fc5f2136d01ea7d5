"""CLI commands: models list | pull."""

from __future__ import annotations

import sys
import time

import typer

models_app = typer.Typer(help="Example: contentkit models list\n\nThe GGUF models contentkit knows, installed or not; "
                              "pull one from the Hugging Face hub.", no_args_is_help=True)


def _size(count: int | None) -> str:
    return f"{count / 1e9:.2f} GB" if count else "?"


@models_app.command("list")
def list_cmd() -> None:
    """Example: contentkit models list

    Every known model: installed or not, size, licence, the languages it writes, and where it comes from.
    """
    from ..llm import catalog

    default = catalog.default_model()
    for model in catalog.KNOWN:
        where = catalog.installed_path(model)
        state = "installed" if where else ("packaged, joined on first use" if catalog.is_installed(model) else "-")
        mark = "*" if model is default else " "
        langs = ",".join(sorted(model.languages)) if model.languages else "not measured"
        typer.echo(f"{mark} {model.name:<30} {state:<30} {_size(model.size):>8}  {model.parameters:<14} "
                   f"{model.licence:<20} {langs}")
        if where:
            typer.echo(f"    {where}")
    typer.echo("\n* the embedded default. Get another with: contentkit models pull NAME "
               "(downloads from the Hugging Face hub); use it with --backend llamacpp --model NAME")


class _Bar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, label: str) -> None:
        self.label, self.last = label, 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done != total:
            return
        self.last = now
        if total:
            filled = int(30 * done / total)
            text = f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {done / total:4.0%} {_size(done)} of {_size(total)}"
        else:
            text = f"\r{self.label} {_size(done)}"
        sys.stderr.write(text)
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


@models_app.command("pull")
def pull_cmd(name: str = typer.Argument(..., help="A model name from 'contentkit models list'.")) -> None:
    """Example: contentkit models pull qwen2.5-3b-instruct

    Download a GGUF from the Hugging Face hub into the user folder, its checksum verified.
    """
    from ..errors import BackendError
    from ..llm import catalog
    from ..llm.pull import pull

    model = catalog.known_model(name)
    if model is None:
        known = ", ".join(m.name for m in catalog.KNOWN)
        raise BackendError(f"unknown model '{name}'", field="NAME", hint=f"choose one of: {known}")
    bar = _Bar(model.name)
    try:
        # Parts installed from PyPI are joined here; only a model not packaged is downloaded.
        path = catalog.gguf_path(model, bar) if catalog.is_installed(model) else pull(model, bar)
    finally:
        bar.close()
    typer.echo(f"{model.name}: {path} (sha256 verified). Use it with: --backend llamacpp --model {model.name}")


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")
