"""The test set-up a new contributor meets: without the real data beside the checkout, the
tests that read it say so in one line instead of erroring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEEDS_DATA = "tests/test_history.py::test_real_instagram_export"


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if k != "CONTENTKIT_REQUIRE_SHARED_DATA"}
    environ = {**inherited, "CONTENTKIT_SHARED_DATA": str(tmp_path / "nowhere"), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", NEEDS_DATA],
                          cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)


def test_missing_real_data_is_one_line_not_an_error(tmp_path: Path) -> None:
    run = _pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 skipped" in run.stdout and "error" not in run.stdout.lower()
    said = [line for line in run.stdout.splitlines() if "real data not found" in line]
    assert len(said) == 1 and str(tmp_path / "nowhere") in said[0] and "CONTENTKIT_SHARED_DATA" in said[0]


def test_a_machine_that_requires_the_data_fails_without_it(tmp_path: Path) -> None:
    run = _pytest(tmp_path, CONTENTKIT_REQUIRE_SHARED_DATA="1")
    assert run.returncode != 0 and "real data not found" in run.stdout and "Traceback" not in run.stdout
