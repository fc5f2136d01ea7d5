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
    path = shared_data_dir()
    if not path.is_dir():
        pytest.fail(f"shared data not found at {path}; set CONTENTKIT_SHARED_DATA")
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
