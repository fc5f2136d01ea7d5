"""`contentkit draft` as a user runs it."""

from __future__ import annotations

import json

import pytest
from drafting_helpers import EN_TEXT, IT_TEXT, BatchFake, make_brand

from contentkit import drafting
from cli_helpers import exit_code as run




@pytest.fixture
def brands(tmp_path, monkeypatch):
    folder = tmp_path / "brands"
    make_brand(folder / "caffe-prova")
    monkeypatch.setenv("CONTENTKIT_BRANDS", str(folder))
    return folder


@pytest.fixture
def fake(monkeypatch):
    backend = BatchFake()
    chosen = []

    def resolve(name=None, model=None):
        chosen.append((name, model))
        return backend

    monkeypatch.setattr(drafting, "resolve_backend", resolve)
    backend.chosen = chosen
    return backend


def test_help_starts_with_a_working_example(capsys):
    assert run(["draft", "--help"]) == 0
    out = capsys.readouterr().out
    first = next(line.strip() for line in out.splitlines() if line.strip() and "Usage" not in line)
    assert first.startswith("Example: contentkit draft --brand aurora-caffe --platform instagram")


def test_draft_prints_the_post(brands, fake, capsys):
    fake.queue(f"Here's your post:\n{IT_TEXT} #torino")
    assert run(["draft", "--brand", "caffe-prova", "--platform", "instagram", "--backend", "local",
                "--model", "m1", "nuovo caffè"]) == 0
    captured = capsys.readouterr()
    # No history: the brand's own tag, then a key word of the post ("caffè") on the same line.
    assert captured.out.strip() == f"{IT_TEXT}\n\n#caffeprova #caffè"
    assert fake.chosen == [("local", "m1")]
    assert "fake:fake-model, it, instagram" in captured.err


def test_variants_and_warnings(brands, fake, capsys):
    fake.queue(IT_TEXT, EN_TEXT, EN_TEXT)
    assert run(["draft", "-b", "caffe-prova", "-p", "x", "--variants", "2", "--pillar", "novità",
                "nuovo caffè"]) == 0
    captured = capsys.readouterr()
    assert "--- variant 1 of 2 ---" in captured.out and "--- variant 2 of 2 ---" in captured.out
    assert "warning: asked for Italian (it)" in captured.err
    assert fake.batches[0]["size"] == 2


def test_json_output(brands, fake, capsys):
    fake.queue(IT_TEXT)
    assert run(["draft", "--brand", "caffe-prova", "--json", "nuovo caffè"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["platform"] == "instagram" and item["language"] == "it" and item["warnings"] == []
    assert item["text"].endswith("#caffeprova")


@pytest.mark.parametrize(("args", "message"), [
    (["--brand", "nope", "topic"], "no brand profile 'nope'"),
    (["--brand", "caffe-prova", "--platform", "myspace", "topic"], "unknown platform 'myspace'"),
    (["--brand", "caffe-prova", "--pillar", "nope", "topic"], "no pillar 'nope'"),
])
def test_mistakes_give_one_clear_line(brands, fake, capsys, args, message):
    assert run(["draft", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("Error: ") and message in err and "\n" not in err
    assert fake.prompts == []


def test_a_model_that_gives_nothing_is_a_clear_failure(brands, fake, capsys):
    fake.queue("", "")
    assert run(["draft", "--brand", "caffe-prova", "nuovo caffè"]) == 1
    assert "no usable text" in capsys.readouterr().err


def test_draft_learns_hashtags_from_the_brand_folder_history(brands, fake, capsys):
    import shutil
    from pathlib import Path

    history = Path(__file__).resolve().parent.parent / "brand_profiles/aurora-caffe/history.csv"
    shutil.copy(history, brands / "caffe-prova" / "history.csv")
    fake.queue("Il cappuccino con la latte art di Giulia: un cuore nella tazza.")
    assert run(["draft", "--brand", "caffe-prova", "--json", "latte art al cappuccino"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["text"].endswith("#caffeprova") and len(item["hashtags"]) == 2  # room left beside it
    assert item["hashtag_reasons"]["#caffeprova"] == "from your profile"
    assert any("of your" in item["hashtag_reasons"][t] for t in item["hashtags"])  # learned ones
    fake.queue("Il cappuccino con la latte art di Giulia: un cuore nella tazza.")
    assert run(["draft", "--brand", "caffe-prova", "--json", "--no-history", "latte art al cappuccino"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert "of your" not in " ".join(item["hashtag_reasons"].values())
