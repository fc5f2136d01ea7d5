"""The ``contentkit`` command: a thin typer shell over the library.

Each command group lives in ``contentkit/commands/<group>.py`` and exposes
``register(app)``. Library errors become one clear line on stderr and exit code 1.
"""

from __future__ import annotations

import logging
import sys
from importlib import import_module

import typer

from .errors import ContentkitError

_GROUPS = ("brands", "draft", "history", "hashtags", "image", "inbox", "models", "plan", "review")

app = typer.Typer(
    name="contentkit",
    help="Example: contentkit plan --brand aurora-caffe --start 2026-12-01 --out out/aurora\n\n"
    "On-brand drafts, learned hashtags, branded images and two-week plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def build_app() -> typer.Typer:
    for group in _GROUPS:
        import_module(f"contentkit.commands.{group}").register(app)
    return app


class _Warnings(logging.Handler):
    """The library's warnings (a silent server, say) as one yellow line each on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.secho(f"\nWarning: {record.getMessage()}", err=True, fg="yellow")


def _say_warnings() -> None:
    logger = logging.getLogger("contentkit")
    if not any(isinstance(handler, _Warnings) for handler in logger.handlers):
        logger.addHandler(_Warnings(logging.WARNING))
        logger.propagate = False


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning library errors into one line and exit 1.

    Click's standalone mode already prints usage errors in one line and exits; only
    the library's own errors need catching here.
    """
    build_app()
    _say_warnings()
    try:
        app(args=argv)
    except ContentkitError as exc:
        typer.secho(f"Error: {exc}", err=True, fg="red")
        sys.exit(1)
    except KeyboardInterrupt:  # commands that save as they go say what they saved themselves
        if "contentkit.llm.llama_server" in sys.modules:
            sys.modules["contentkit.llm.llama_server"].interrupt_all()
        typer.secho("\nStopped.", err=True, fg="yellow")
        sys.exit(130)
