"""Shared fixtures: the real data beside the repo, and a fresh user folder per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    """../shared/data beside the checkout (CI lays it there too); never copied into the repo."""
    env = os.environ.get("CONTENTKIT_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data; without it the few tests that read it say so in one line and skip,
    unless CONTENTKIT_REQUIRE_SHARED_DATA=1 (a CI machine that lays it out) makes that a failure."""
    path = shared_data_dir()
    if not path.is_dir():
        message = (f"real data not found at {path}: put ../shared/data beside the checkout "
                   "or set CONTENTKIT_SHARED_DATA (README, 'Running the tests')")
        if os.environ.get("CONTENTKIT_REQUIRE_SHARED_DATA") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _user_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user folder and no backend settings from the caller's shell."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CONTENTKIT_HOME", str(home))
    for name in ("CONTENTKIT_BACKEND", "CONTENTKIT_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL",
                 "CONTENTKIT_BRANDS", "CONTENTKIT_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    return home
