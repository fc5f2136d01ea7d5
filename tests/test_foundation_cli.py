from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from brand_factory import example_data, write_brand


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contentkit", *args], capture_output=True, text=True,
                          timeout=120)


def test_brands_list_and_show() -> None:
    listed = run("brands", "list")
    assert listed.returncode == 0
    assert "aurora-caffe" in listed.stdout and "Школа Умников" in listed.stdout
    shown = run("brands", "show", "ledgerly")
    assert shown.returncode == 0 and "linkedin" in shown.stdout and "Europe/Dublin" in shown.stdout


def test_validate_reports_each_and_fails_on_bad(tmp_path: Path) -> None:
    data = example_data()
    data["pillars"][0]["share"] = 0.9
    bad = write_brand(tmp_path / "bad", data)
    result = run("brands", "validate", "brand_profiles/aurora-caffe", str(bad))
    assert result.returncode == 1
    assert "OK   brand_profiles/aurora-caffe" in result.stdout
    assert "sum to 1" in result.stderr and "Traceback" not in result.stderr


def test_error_is_one_line_without_traceback() -> None:
    result = run("brands", "show", "no-such-brand")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: no brand profile 'no-such-brand'")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [[], ["brands"], ["brands", "list"], ["brands", "show"], ["brands", "validate"],
                                  ["draft"], ["image"], ["plan"], ["history", "stats"], ["hashtags", "train"],
                                  ["hashtags", "suggest"]])
def test_help_starts_with_example(args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.returncode == 0
    description = [line.strip() for line in result.stdout.splitlines() if line.strip()][1]
    assert description.startswith("Example: contentkit"), result.stdout


def test_import_is_light() -> None:
    code = ("import sys, contentkit as ck; ck.load_brand('aurora-caffe'); ck.detect_language('ciao a tutti');"
            "heavy = [m for m in ('torch', 'transformers', 'streamlit') if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
