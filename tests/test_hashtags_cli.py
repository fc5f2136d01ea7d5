"""The history and hashtags commands, run the way a manager runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import run

ROOT = Path(__file__).resolve().parent.parent
AURORA = ROOT / "brand_profiles" / "aurora-caffe" / "history.csv"


def test_history_stats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", "stats", str(AURORA), "--top", "3")
    assert code == 0
    assert "auroracaffe" in out and "median ER" in out
    assert "Top hashtags by ER lift" in out
    # How often each tag was used, its lift and a bar against the median ('|' at 1.0x).
    most_used = out.split("Most used hashtags:")[1].splitlines()[1]
    assert most_used.split()[0] == "#auroracaffe" and "in 98 posts (53%)" in most_used and "|" in most_used


def test_history_stats_of_a_brand_s_own_history(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "history", "stats", "--brand", "ledgerly", "--top", "3")
    assert code == 0 and "ledgerlyhq" in out and "Most used hashtags" in out
    code, _, err = run(capsys, "history", "stats")
    assert code != 0 and "--brand" in err
    assert "Best posting times" in out and ":00" in out


def test_train_then_suggest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = tmp_path / "model"
    code, out, _ = run(capsys, "hashtags", "train", "--history", str(AURORA), "--out", str(model))
    assert code == 0 and "saved to" in out and (model / "manifest.json").is_file()
    code, out, _ = run(capsys, "hashtags", "suggest", "--model", str(model), "--account", "auroracaffe",
                       "-k", "8", "Nuovo latte al pistacchio e cornetto caldo")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 8
    assert all(line.startswith("#") for line in lines)
    assert any("best posts" in line or "of your" in line for line in lines)


@pytest.mark.parametrize("command", [("history", "stats"), ("hashtags", "train"), ("hashtags", "suggest")])
def test_help_starts_with_a_working_example(capsys: pytest.CaptureFixture[str], command: tuple[str, str]) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    body = out.split("Usage:", 1)[1].splitlines()[1:]
    first = next(line.strip() for line in body if line.strip())
    assert first.startswith(f"Example: contentkit {' '.join(command)}")


def test_bad_history_is_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("account,published_at,text\na,2024-01-01,hi\n", encoding="utf-8")
    code, _, err = run(capsys, "history", "stats", str(path))
    assert code == 1
    assert err.strip().count("\n") == 0
    assert "missing required column(s): likes" in err and str(path) in err


def test_tampered_model_is_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    model = tmp_path / "model"
    run(capsys, "hashtags", "train", "--history", str(AURORA), "--out", str(model))
    (model / "model.json").write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, "hashtags", "suggest", "--model", str(model), "latte")
    assert code == 1 and "model.json" in err and "changed after" in err
    assert err.strip().count("\n") == 0


def test_missing_model_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "hashtags", "suggest", "--model", str(tmp_path / "none"), "latte")
    assert code == 1 and "model folder not found" in err
