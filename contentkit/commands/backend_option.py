"""The --timeout option the commands that ask a model share."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..llm.base import Backend

TIMEOUT_HELP = ("Seconds a model server may stay silent before a request is asked again (default "
                "CONTENTKIT_TIMEOUT, else 60; 300 for the embedded llamacpp server).")


def with_timeout(backend: str | None, model: str | None, timeout: float | None) -> Backend | str | None:
    """The backend as the commands pass it on: its name, or built here when --timeout is given."""
    if timeout is None:
        return backend
    if not timeout > 0:
        raise typer.BadParameter(f"{timeout:g} is not a positive number of seconds", param_hint="--timeout")
    from ..llm import registry

    return registry.get_backend(backend, model, timeout=timeout)
