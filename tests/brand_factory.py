"""Build brand profiles in a temp folder for tests that need a broken or custom brand."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "brand_profiles" / "aurora-caffe"


def example_data(slug: str = "aurora-caffe") -> dict[str, Any]:
    return yaml.safe_load((ROOT / "brand_profiles" / slug / "brand.yaml").read_text("utf-8"))


def write_brand(folder: Path, data: dict[str, Any] | None = None, *, raw: str | None = None,
                logo: bytes | None = None, source: str = "aurora-caffe") -> Path:
    """A brand folder with brand.yaml (from ``data`` or ``raw`` text) and the example's logo."""
    folder.mkdir(parents=True, exist_ok=True)
    text = raw if raw is not None else yaml.safe_dump(data or example_data(source), allow_unicode=True,
                                                       sort_keys=False)
    (folder / "brand.yaml").write_text(text, encoding="utf-8")
    src = ROOT / "brand_profiles" / source
    if logo is None:
        shutil.copy(src / "logo.png", folder / "logo.png")
    else:
        (folder / "logo.png").write_bytes(logo)
    if (src / "history.csv").exists():
        shutil.copy(src / "history.csv", folder / "history.csv")
    return folder
