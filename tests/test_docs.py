"""The README's examples run as tests, so they never rot.

Python blocks run in order in one namespace, on the default backend (the embedded local
model, as for a user with nothing configured); console lines starting with "$ contentkit"
run as commands. Both run in a scratch folder that sees the example brands.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import contentkit as ck

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "brand_profiles").symlink_to(ROOT / "brand_profiles")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_readme_gives_the_two_commands() -> None:
    first = blocks("console")[0]
    assert "make plan" in first and "make test" in first
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_python_examples_run(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, object] = {"__name__": "readme"}
    for code in blocks("python"):
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    out = capsys.readouterr().out
    assert "Aurora Caffè it" in out and "\nit\n" in out and "280 32" in out
    assert (scratch / "out" / "readme-plan" / "plan.ics").is_file()
    draft = namespace["draft"]
    assert isinstance(draft, ck.Draft) and draft.text.strip() and draft.platform == "instagram"


COMMANDS = [line[2:] for block in blocks("console") for line in block.splitlines()
            if line.startswith("$ contentkit") and " draft " not in line and " plan " not in line]


def test_cli_examples_run(scratch: Path) -> None:
    # In order, in one folder: "hashtags suggest" uses the model "hashtags train" wrote.
    # draft and plan on the local model are covered by the Python examples above.
    assert len(COMMANDS) >= 5
    for command in COMMANDS:
        result = subprocess.run([sys.executable, "-m", "contentkit", *shlex.split(command)[1:]],
                                capture_output=True, text=True, timeout=300, cwd=scratch)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert result.stdout.strip(), command
