"""Running the ``contentkit`` command in-process, the way a shell runs it."""

from __future__ import annotations

import pytest

from contentkit.cli import main


def exit_code(args: list[str]) -> int:
    """Run the CLI; its exit code (click exits even on success)."""
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI; (exit code, stdout, stderr)."""
    code = exit_code(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err
