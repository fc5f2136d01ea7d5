"""Big inputs: one oversized row does not sink a file, and a long fit says where it is."""

from __future__ import annotations

import csv
from pathlib import Path

from cli_helpers import run

import contentkit as ck
from contentkit.hashtags.suggester import FIT_STEPS, HashtagSuggester
from contentkit.inbox.items import MAX_TEXT

AURORA = Path(__file__).resolve().parent.parent / "brand_profiles" / "aurora-caffe" / "history.csv"


def test_one_comment_over_the_csv_cell_limit_is_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "platform", "author", "text", "created_at"])
        for i in range(2000):
            text = "x" * 200_000 if i == 1234 else f"Buongiorno! Il cornetto numero {i} era ottimo ☕"
            writer.writerow([i, "instagram", f"user{i}", text, "2026-12-01T10:00:00"])
    inbox = ck.load_inbox(path)
    assert len(inbox.items) == 1999
    assert [(p.row, p.column) for p in inbox.problems] == [(1235, "text")]
    assert f"200,000 characters long, more than the {MAX_TEXT:,}" in str(inbox.problems[0])


def test_an_inbox_json_with_one_huge_comment_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "comments.json"
    path.write_text('[{"text": "ottimo caffè"}, {"text": "' + "y" * (MAX_TEXT + 1) + '"}, {"text": "grazie!"}]',
                    encoding="utf-8")
    inbox = ck.load_inbox(path)
    assert [i.text for i in inbox.items] == ["ottimo caffè", "grazie!"]
    assert [p.row for p in inbox.problems] == [2]


def test_a_fit_reports_its_steps() -> None:
    seen: list[tuple[int, str]] = []
    HashtagSuggester().fit(AURORA, progress=lambda step, steps, what: seen.append((step, what)))
    assert [s for s, _ in seen] == list(range(FIT_STEPS + 1))
    assert seen[-1][1] == "done"


def test_hashtags_train_shows_its_progress(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "hashtags", "train", "--history", str(AURORA), "--out", str(tmp_path / "m"))
    assert code == 0 and "Learned" in out
    assert "Reading" in err and "Learning: the text of tagged posts" in err and "Saving" in err


def test_hashing_by_words_equals_the_vectorizer_to_the_last_bit() -> None:
    from contentkit.hashtags import features as feats

    texts = ["Nuovo latte  al pistacchio ☕☕", "Новый\tкурс\n\nдля детей", "", "   ", "solo", "Nuovo latte",
             "parola " * 200, "emoji🙂dentro una parola", "CAPS and caps"]
    vectorizer = feats.vectorizer((2, 4))
    fast = feats.hashed(vectorizer, texts)
    slow = vectorizer.transform([t[:feats.MAX_CHARS] for t in texts]).tocsr()
    slow.sort_indices()
    assert fast.shape == slow.shape and (fast != slow).nnz == 0
    assert (fast.indptr == slow.indptr).all() and (fast.indices == slow.indices).all()


def _arrays(model: HashtagSuggester, folder: Path) -> dict:
    from contentkit.hashtags.store import _read_arrays

    model.save(folder)
    return _read_arrays(folder / "arrays.npz")


def test_a_big_fit_learns_the_same_model_with_its_tag_words_in_a_second_process(tmp_path: Path,
                                                                                 monkeypatch) -> None:
    import numpy as np

    from contentkit.hashtags import beside, suggester

    here = _arrays(HashtagSuggester().fit(AURORA), tmp_path / "here")
    started: list[beside.Beside] = []

    class Recorded(beside.Beside):
        def __init__(self) -> None:
            super().__init__()
            started.append(self)

    monkeypatch.setattr(suggester, "BESIDE_FROM", 0)
    monkeypatch.setattr(suggester, "spare_room", lambda needed_mb: True)
    monkeypatch.setattr(suggester, "Beside", Recorded)
    there = _arrays(HashtagSuggester().fit(AURORA), tmp_path / "there")
    assert len(started) == 1 and started[0].answered, "the tag words were learned in a second process"
    assert here.keys() == there.keys()
    assert all(np.array_equal(here[k], there[k]) for k in here), "the same model to the last bit"


def test_a_second_process_that_dies_leaves_the_work_to_the_first(tmp_path: Path, monkeypatch) -> None:
    import numpy as np

    from contentkit.hashtags import beside, suggester

    here = _arrays(HashtagSuggester().fit(AURORA), tmp_path / "here")
    monkeypatch.setattr(suggester, "BESIDE_FROM", 0)
    monkeypatch.setattr(suggester, "spare_room", lambda needed_mb: True)
    monkeypatch.setattr(beside, "_SERVE", "import os; os._exit(9)")  # as if killed for memory
    started: list[beside.Beside] = []
    monkeypatch.setattr(suggester, "Beside", lambda: started.append(beside.Beside()) or started[-1])
    there = _arrays(HashtagSuggester().fit(AURORA), tmp_path / "there")
    assert len(started) == 1 and not started[0].answered
    assert all(np.array_equal(here[k], there[k]) for k in here)


def test_the_second_process_raises_its_error_here_and_stops_with_this_one() -> None:
    import json

    import pytest

    from contentkit.hashtags.beside import Beside

    side = Beside()
    side.send(json.loads, "{not json")
    with pytest.raises(json.JSONDecodeError):
        side.result()
    assert side.answered
    with Beside() as side:  # an error in this process before the answer: the other is stopped
        process = side._process
        side.send(json.loads, "[1, 2]")
    assert process.poll() is not None
    side = Beside()
    side.send(json.loads, "[1, 2]")
    assert side.result() == [1, 2]


def test_a_busy_machine_keeps_the_fit_in_one_process(monkeypatch) -> None:
    from contentkit.hashtags import beside

    monkeypatch.setattr(beside, "_available_mb", lambda: 300.0)
    assert not beside.spare_room(800)
    monkeypatch.setattr(beside, "_available_mb", lambda: 3000.0)
    monkeypatch.setattr(beside.os, "sched_getaffinity", lambda pid: {0})
    assert not beside.spare_room(800), "one core: nothing to run beside"
